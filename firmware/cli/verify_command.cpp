#include "firmware/cli/verify_command.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "core/engine/chain_engine.h"
#include "core/receipt/money.h"
#include "core/util/file_io.h"
#include "core/util/strict_json.h"

namespace chainslip::cli {
namespace {

constexpr int kExitValid = 0;
constexpr int kExitInvalid = 1;
constexpr int kExitUnusable = 2;

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::string default_anchor_path(const std::string& bundle_path) {
  auto slash = bundle_path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : bundle_path.substr(0, slash);
  for (int up = 0; up < 3; ++up) {
    std::string candidate = dir + "/anchor.json";
    if (file_exists(candidate)) return candidate;
    dir += "/..";
  }
  return "anchor.json";
}

std::string format_utc(std::uint64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

// Keeps the first character (a surname) and masks the rest: the CLI's output
// ends up in tickets and logs.
std::string mask_name(const std::string& name) {
  std::size_t first = 1;
  while (first < name.size() && (static_cast<unsigned char>(name[first]) & 0xc0) == 0x80) ++first;
  return name.substr(0, first) + (name.size() > first ? "**" : "");
}

// File names and messages can hold bytes that are not UTF-8; a verdict must
// still print, so such bytes become U+FFFD instead of an exception.
void print_json(const Json& verdict) {
  std::cout << verdict.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

int report_unusable(const VerifyArgs& args, const std::string& message) {
  if (args.json) {
    print_json({{"valid", false}, {"reason", "unusable_input"}, {"message", message}});
  } else {
    std::cerr << "chainslip verify: " << message << "\n";
  }
  return kExitUnusable;
}

int report_invalid(const VerifyArgs& args, const Error& error) {
  if (args.json) {
    print_json({{"valid", false}, {"reason", error_code_name(error.code)}, {"message", error.message}});
  } else {
    std::cout << "INVALID  " << error_code_name(error.code) << "\n  " << error.message << "\n";
  }
  return kExitInvalid;
}

// What the proof rests on, as the engine names it: the chain, the block and
// its signatures, and who issued.
struct ProofSummary {
  std::string chain;         // "chainslip-demo (sm2-sm3)", "chain0/group0 (FISCO BCOS 3.x, sm3-sm2)"
  std::size_t signatures = 0;
  std::string issued_by;     // "certificate 7", "account 0x…"
};

ProofSummary summary_of(const IssuedReceipt& issued) {
  if (const fisco::ReceiptBundle* b = issued.fisco()) {
    const fisco::Transaction& tx = b->proof.transaction;
    return {tx.chain_id + "/" + tx.group_id + " (FISCO BCOS 3.x)", b->proof.header.signatures.size(),
            "account " + fisco::address_text(tx.from)};
  }
  const ReceiptBundle& b = *issued.chainslip();
  return {b.header.chain_id + " (" + std::string(suite_name(b.suite)) + ")", b.header.signatures.size(),
          "certificate " + b.certificate.serial};
}

int report_valid(const VerifyArgs& args, const IssuedReceipt& issued, const ChainEngine& engine,
                 const VerifiedReceipt& v) {
  const Receipt& r = issued.receipt();
  const ProofSummary proof = summary_of(issued);
  const std::string payer = args.show_payer ? r.payer.name : mask_name(r.payer.name);
  if (args.json) {
    const std::string chain_id =
        issued.fisco() ? issued.fisco()->proof.transaction.chain_id : issued.chainslip()->header.chain_id;
    print_json({{"valid", true},
                {"engine", chain_engine_name(engine.kind())},
                {"code", r.code},
                {"number", r.number},
                {"kind", receipt_kind_name(r.kind)},
                {"title", r.title},
                {"amount", fixed_decimal(r.amount_fen, kAmountDecimals)},
                {"payer", payer},
                {"business_serial", r.business_serial},
                {"issuer_id", r.issuer_id},
                {"issuer_name", r.issuer_name},
                {"issued_at", r.issued_at},
                {"chain_id", chain_id},
                {"height", v.height},
                {"header_hash", to_hex(v.header_hash)},
                {"tx_hash", to_hex(v.tx_hash)},
                {"receipt_hash", to_hex(v.receipt_hash)}});
    return kExitValid;
  }
  std::cout << "VALID  receipt " << r.code << "-" << r.number << " (" << receipt_kind_name(r.kind) << ")\n"
            << "  amount      " << fixed_decimal(r.amount_fen, kAmountDecimals) << " yuan, " << r.items.size()
            << " item(s)\n"
            << "  payer       " << payer << "\n"
            << "  issuer      " << r.issuer_name << " (" << r.issuer_id << "), " << proof.issued_by << "\n"
            << "  issued      " << format_utc(r.issued_at) << "\n"
            << "  block       #" << v.height << " of chain " << proof.chain << ", " << proof.signatures
            << (engine.kind() == ChainEngineKind::kChainslip ? " validator" : " sealer") << " signatures\n"
            << "  header hash " << to_hex(v.header_hash) << "\n"
            << "  tx hash     " << to_hex(v.tx_hash) << "\n";
  return kExitValid;
}

// The changes in `path`, in the anchor's engine's JSON, held in order.
Status hold_known_changes(const std::string& path, ChainEngine& engine) {
  CS_ASSIGN_OR_RETURN(std::string text, read_file(path, kMaxJsonBytes));
  CS_ASSIGN_OR_RETURN(Json doc, parse_strict_json(text));
  return engine.hold_changes_json(doc);
}

}  // namespace

int run_verify(const VerifyArgs& args) {
  auto bundle_text = read_file(args.bundle_path, kMaxJsonBytes);
  if (!bundle_text.ok()) {
    // Over 1 MiB breaks the bundle's JSON rules (PROTOCOL 4.1): an invalid
    // bundle, like one that does not parse. A file that cannot be read is
    // no input at all.
    if (bundle_text.code() == ErrorCode::kInvalidArgument) return report_invalid(args, bundle_text.error());
    return report_unusable(args, bundle_text.error().message);
  }

  const std::string anchor_path =
      args.anchor_path.empty() ? default_anchor_path(args.bundle_path) : args.anchor_path;
  auto anchor_text = read_file(anchor_path, kMaxJsonBytes);
  if (!anchor_text.ok()) return report_unusable(args, "trust anchor: " + anchor_text.error().message);
  auto engine = parse_chain_engine_anchor(*anchor_text);
  if (!engine.ok())
    return report_unusable(args, "trust anchor " + anchor_path + ": " + engine.error().message);

  // A bundle that was read but does not parse is a failed verification, not
  // a usage error: a tampered field is as invalid as a tampered signature.
  auto bundle = parse_issued_receipt(*bundle_text);
  if (!bundle.ok()) return report_invalid(args, bundle.error());

  if (!args.known_changes_path.empty()) {
    if (Status s = hold_known_changes(args.known_changes_path, **engine); !s.ok()) {
      return report_unusable(args, "known changes " + args.known_changes_path + ": " + s.error().message);
    }
  }

  HeaderCheckOptions options;
  const auto now = args.now_unix ? std::chrono::seconds(*args.now_unix)
                                 : std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::system_clock::now().time_since_epoch());
  options.now_ms = static_cast<std::uint64_t>(std::chrono::milliseconds(now).count());
  if (args.max_age_seconds) options.max_age_ms = *args.max_age_seconds * 1000;
  auto verified = (*engine)->verify(*bundle, options);
  if (!verified.ok()) return report_invalid(args, verified.error());
  return report_valid(args, *bundle, **engine, *verified);
}

}  // namespace chainslip::cli
