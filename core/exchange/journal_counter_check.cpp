#include "core/exchange/journal_counter_check.h"

#include <charconv>

namespace chainslip {
namespace {

std::optional<std::uint64_t> paper_number_value(std::string_view digits) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::string ten_digits(std::uint64_t n) {
  std::string text = std::to_string(n);
  if (text.size() < 10) text.insert(0, 10 - text.size(), '0');
  return text;
}

}  // namespace

std::optional<JournalBehindChain> journal_behind_chain(const JournalCounters& journal,
                                                       std::string_view paper_code,
                                                       const DeviceActivity& chain) {
  JournalBehindChain behind{journal, std::nullopt, std::nullopt};
  if (chain.last_nonce && *chain.last_nonce >= journal.next_nonce) behind.chain_last_nonce = chain.last_nonce;
  if (chain.last_paper && chain.last_paper->paper_code == paper_code) {
    const std::optional<std::uint64_t> number = paper_number_value(chain.last_paper->paper_number);
    if (number && *number >= journal.next_paper_number) behind.chain_last_paper = chain.last_paper;
  }
  if (!behind.chain_last_nonce && !behind.chain_last_paper) return std::nullopt;
  return behind;
}

std::string journal_behind_chain_message(const JournalBehindChain& behind, const std::string& device_id,
                                         const std::string& journal_path) {
  std::string line =
      "the exchange journal " + journal_path + " is behind the chain for device " + device_id + ":";
  if (behind.chain_last_nonce) {
    line += " the chain has seen nonce " + std::to_string(*behind.chain_last_nonce) +
            " from this device, the journal would sign with nonce " +
            std::to_string(behind.journal.next_nonce) + " next;";
  }
  if (behind.chain_last_paper) {
    line += " the chain holds paper " + paper_serial_text(*behind.chain_last_paper) +
            " from this device, the journal would print paper " + behind.chain_last_paper->paper_code + "-" +
            ten_digits(behind.journal.next_paper_number) + " next;";
  }
  line +=
      " exchanges are stopped (receipts are still verified). Restore this kiosk's latest journal.db, or "
      "contact "
      "support; do not renumber the journal by hand.";
  return line;
}

}  // namespace chainslip
