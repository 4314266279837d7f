#include "core/receipt/receipt_text.h"

#include <array>
#include <ctime>

namespace chainslip {
namespace {

constexpr std::int64_t kChinaStandardTimeOffset = 8 * 3600;

struct KindEntry {
  ReceiptKind kind;
  ReceiptKindText text;
};
constexpr std::array<KindEntry, 5> kKindTexts{{
    {ReceiptKind::kOutpatient, {"医疗收费电子票据", "门诊"}},
    {ReceiptKind::kInpatient, {"医疗收费电子票据", "住院"}},
    {ReceiptKind::kNonTax, {"非税收入统一电子票据", "非税收入"}},
    {ReceiptKind::kDonation, {"公益事业捐赠电子票据", "公益事业捐赠"}},
    {ReceiptKind::kFine, {"罚没电子票据", "罚没"}},
}};

}  // namespace

const ReceiptKindText& receipt_kind_text(ReceiptKind kind) {
  for (const KindEntry& k : kKindTexts) {
    if (k.kind == kind) return k.text;
  }
  return kKindTexts.front().text;
}

std::string china_time(std::uint64_t unix_seconds, const char* strftime_format) {
  const auto t = static_cast<std::time_t>(static_cast<std::int64_t>(unix_seconds) + kChinaStandardTimeOffset);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  return std::string(buf, std::strftime(buf, sizeof buf, strftime_format, &tm));
}

}  // namespace chainslip
