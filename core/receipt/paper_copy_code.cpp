#include "core/receipt/paper_copy_code.h"

#include <ctime>
#include <vector>

#include "core/receipt/calendar_date.h"
#include "core/receipt/receipt_text.h"

namespace chainslip {
namespace {

Error invalid(const std::string& why) {
  return make_error(ErrorCode::kInvalidArgument, "paper-copy code: " + why);
}

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

std::uint32_t date_of(std::uint64_t unix_seconds) {
  return static_cast<std::uint32_t>(std::stoul(china_time(unix_seconds, "%Y%m%d")));
}

}  // namespace

Result<PaperCopyCode> parse_paper_copy_code(std::string_view text) {
  if (text.size() > kMaxPaperCopyCodeBytes) {
    return invalid("longer than " + std::to_string(kMaxPaperCopyCodeBytes) + " bytes, not a receipt code");
  }
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ',') {
      fields.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  if (fields.size() != 6 || fields[0] != "CSP1") return invalid("not a chainslip paper-copy code");
  PaperCopyCode p;
  p.code = fields[1];
  p.number = fields[2];
  p.check_code = fields[3];
  if (p.code.size() != 8 || !all_digits(p.code)) return invalid("票据代码 must be 8 digits");
  if (p.number.size() != 10 || !all_digits(p.number)) return invalid("票据号码 must be 10 digits");
  if (p.check_code.size() != 6) return invalid("校验码 must be 6 characters");
  for (char c : p.check_code) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      return invalid("校验码 must be letters or digits");
    }
  }
  const std::string_view amount = fields[4];
  if (!all_digits(amount) || amount.size() > 13 || (amount.size() > 1 && amount[0] == '0')) {
    return invalid("amount must be an integer number of fen");
  }
  p.amount_fen = std::stoull(std::string(amount));
  if (p.amount_fen > kMaxAmountFen) return invalid("amount is over the limit");
  const std::string_view date = fields[5];
  if (date.size() != 8 || !all_digits(date)) return invalid("issue date must be YYYYMMDD");
  p.issue_date = static_cast<std::uint32_t>(std::stoul(std::string(date)));
  if (!is_calendar_date(p.issue_date)) return invalid("issue date is not a calendar date");
  return p;
}

std::string format_paper_copy_code(const PaperCopyCode& p) {
  return "CSP1," + p.code + "," + p.number + "," + p.check_code + "," + std::to_string(p.amount_fen) + "," +
         std::to_string(p.issue_date);
}

PaperCopyCode paper_copy_code_for(const Receipt& r) {
  return PaperCopyCode{r.code, r.number, r.check_code, r.amount_fen, date_of(r.issued_at)};
}

Status check_paper_copy_code_matches(const PaperCopyCode& payload, const Receipt& receipt) {
  const PaperCopyCode expected = paper_copy_code_for(receipt);
  if (payload.code != expected.code || payload.number != expected.number) {
    return invalid("the receipt found is not the one scanned");
  }
  if (payload.check_code != expected.check_code) return invalid("校验码 does not match the receipt");
  if (payload.amount_fen != expected.amount_fen) return invalid("amount does not match the receipt");
  if (payload.issue_date != expected.issue_date) return invalid("issue date does not match the receipt");
  return {};
}

}  // namespace chainslip
