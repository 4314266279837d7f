#include "firmware/kiosk/scanner_pump.h"

#include <utility>

namespace chainslip {
namespace {
// Codes taken per service: a scanner that never runs dry (a broken HID
// device repeating) cannot starve the loop.
constexpr int kMaxCodesPerService = 16;
}  // namespace

ScannerPump::ScannerPump(CodeScanner& scanner, OnCode on_code, OnError on_error)
    : scanner_(scanner), on_code_(std::move(on_code)), on_error_(std::move(on_error)) {}

void ScannerPump::process_events() {
  scanner_.process_events();
  for (int i = 0; i < kMaxCodesPerService; ++i) {
    Result<std::optional<std::string>> code = scanner_.take_code();
    if (!code.ok()) {
      on_error_(code.error());
      return;
    }
    if (!code->has_value()) return;
    on_code_(std::move(**code));
  }
}

}  // namespace chainslip
