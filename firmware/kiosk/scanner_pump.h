#pragma once

#include <functional>
#include <string>

#include "core/hal/code_scanner.h"

namespace chainslip {

// Hands every code a CodeScanner reads to `on_code`: a Pollable that stands
// in for the scanner in a PollableWatch, services it, then drains
// take_code(). The scanner must outlive the pump.
class ScannerPump final : public Pollable {
 public:
  using OnCode = std::function<void(std::string code)>;
  using OnError = std::function<void(const Error& error)>;

  ScannerPump(CodeScanner& scanner, OnCode on_code, OnError on_error);

  std::vector<PollInterest> poll_interests() const override { return scanner_.poll_interests(); }
  std::optional<std::chrono::milliseconds> next_timeout() const override { return scanner_.next_timeout(); }
  void process_events() override;

 private:
  CodeScanner& scanner_;
  OnCode on_code_;
  OnError on_error_;
};

}  // namespace chainslip
