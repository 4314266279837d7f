#include "firmware/kiosk/receipt_lookup.h"

#include <optional>
#include <utility>

#include "core/receipt/receipt_code_match.h"

namespace chainslip {
namespace {

std::string subject_of(const ReceiptCode& c) { return c.code + "-" + c.number; }

VerifiedLookup verified_lookup(const ReceiptCode& scanned, const IssuedReceipt& issued,
                               const VerifiedReceipt& v, bool from_cache) {
  VerifiedLookup out;
  out.scanned = scanned;
  out.receipt = issued.receipt();
  out.receipt_hash = v.receipt_hash;
  out.header_height = v.height;
  out.header_hash = v.header_hash;
  out.from_cache = from_cache;
  return out;
}

// The patient class of a failed node request.
RejectionKind kind_of_node_error(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound: return RejectionKind::kReceiptNotFound;
    case ErrorCode::kUnavailable:
    case ErrorCode::kDeadlineExceeded: return RejectionKind::kNodeUnavailable;
    default:  // an answer that does not parse or breaks its shape: as untrustworthy as a bad proof
      return RejectionKind::kVerificationFailed;
  }
}

RejectionKind kind_of_refusal(ReceiptCodeRefusal refusal) {
  switch (refusal) {
    case ReceiptCodeRefusal::kUnknownPlatform: return RejectionKind::kUnknownPlatform;
    case ReceiptCodeRefusal::kMalformed: return RejectionKind::kMalformedCode;
    case ReceiptCodeRefusal::kNotAReceiptCode: break;
  }
  return RejectionKind::kNotAReceiptCode;
}

}  // namespace

ReceiptLookup::ReceiptLookup(NodeClient& node, ReceiptStore& store, ChainEngine& engine,
                             std::vector<ReceiptCodePlatform> platforms, const Clock& clock, Log log)
    : node_(node),
      store_(store),
      engine_(engine),
      platforms_(std::move(platforms)),
      clock_(clock),
      log_(std::move(log)) {}

ReceiptLookup::~ReceiptLookup() = default;

void ReceiptLookup::cancel() { ++*generation_; }

HeaderCheckOptions ReceiptLookup::header_checks() const {
  HeaderCheckOptions checks;
  checks.now_ms = to_unix_ms(clock_.wall_time());
  return checks;
}

void ReceiptLookup::lookup(std::string_view scanned, Done done) {
  ReceiptCodeResult parsed = parse_receipt_code(scanned, platforms_);
  if (const auto* refused = std::get_if<ReceiptCodeError>(&parsed)) {
    done(make_rejection(kind_of_refusal(refused->refusal),
                        make_error(ErrorCode::kInvalidArgument, refused->message),
                        "(" + std::to_string(scanned.size()) + " bytes scanned)"));
    return;
  }
  const ReceiptCode& payload = std::get<ReceiptCode>(parsed);
  if (std::optional<VerifiedLookup> cached = from_cache(payload)) {
    ask_status(std::move(*cached), std::move(done));
    return;
  }
  ask_node(payload, std::move(done));
}

std::optional<VerifiedLookup> ReceiptLookup::from_cache(const ReceiptCode& payload) {
  Result<std::optional<ReceiptBundle>> cached = store_.get(payload.code, payload.number);
  if (!cached.ok()) {
    log_("kiosk: cache read failed for " + subject_of(payload) + " (" +
         std::string(error_code_name(cached.code())) + ": " + cached.error().message + "); asking the node");
    return std::nullopt;
  }
  if (!cached->has_value()) return std::nullopt;
  const IssuedReceipt issued(std::move(**cached));
  Result<VerifiedReceipt> verified = engine_.verify(issued, header_checks());
  if (!verified.ok()) {
    log_("kiosk: cached receipt " + subject_of(payload) + " no longer verifies (" +
         std::string(error_code_name(verified.code())) + ": " + verified.error().message +
         "); asking the node");
    return std::nullopt;
  }
  // A scan that disagrees with the cached receipt (a wrong check code, say)
  // is for the node to judge: the cache must not answer what it would not.
  if (!check_receipt_code_matches(payload, issued.receipt()).ok()) return std::nullopt;
  return verified_lookup(payload, issued, *verified, true);
}

void ReceiptLookup::ask_node(const ReceiptCode& payload, Done done) {
  std::weak_ptr<std::uint64_t> token = generation_;
  const std::uint64_t generation = *generation_;
  node_.get_receipt_bundle(
      payload.code, payload.number, payload.check_code,
      [this, token, generation, payload, done = std::move(done)](Result<ReceiptBundle> fetched) {
        const auto alive = token.lock();
        if (!alive || *alive != generation) return;
        answer_from_node(payload, std::move(fetched), done);
      });
}

void ReceiptLookup::answer_from_node(const ReceiptCode& payload, Result<ReceiptBundle> fetched,
                                     const Done& done) {
  const std::string subject = subject_of(payload);
  if (!fetched.ok()) {
    done(make_rejection(kind_of_node_error(fetched.code()), fetched.error(), subject));
    return;
  }
  const IssuedReceipt issued(std::move(fetched).value());
  Result<VerifiedReceipt> verified = engine_.verify(issued, header_checks());
  if (!verified.ok()) {
    done(make_rejection(RejectionKind::kVerificationFailed, verified.error(), subject));
    return;
  }
  if (Status matches = check_receipt_code_matches(payload, issued.receipt()); !matches.ok()) {
    done(make_rejection(RejectionKind::kQrMismatch, matches.error(), subject));
    return;
  }
  // verify() accepted these changes on top of the held ones.
  (void)engine_.hold_changes(issued);
  // The cache is a convenience: a receipt that verified is shown even if it
  // cannot be cached.
  if (Status put = store_.put(issued, *verified, to_unix_seconds(clock_.wall_time())); !put.ok()) {
    log_("kiosk: could not cache receipt " + subject + " (" + std::string(error_code_name(put.code())) +
         ": " + put.error().message + ")");
  }
  ask_status(verified_lookup(payload, issued, *verified, false), done);
}

void ReceiptLookup::ask_status(VerifiedLookup verified, Done done) {
  std::weak_ptr<std::uint64_t> token = generation_;
  const std::uint64_t generation = *generation_;
  const std::string code = verified.receipt.code;
  const std::string number = verified.receipt.number;
  const std::string check_code = verified.scanned.check_code;
  node_.get_receipt_status(
      code, number, check_code,
      [this, token, generation, verified = std::move(verified), done = std::move(done)](
          Result<ReceiptStatusView> status) mutable {
        const auto alive = token.lock();
        if (!alive || *alive != generation) return;
        if (status.ok()) {
          verified.chain_status = std::move(status).value();
        } else {
          verified.node_reachable =
              status.code() != ErrorCode::kUnavailable && status.code() != ErrorCode::kDeadlineExceeded;
          log_("kiosk: no status for " + verified.receipt.code + "-" + verified.receipt.number + " (" +
               std::string(error_code_name(status.code())) + ": " + status.error().message + ")");
        }
        done(std::move(verified));
      });
}

void ReceiptLookup::probe_node(std::function<void(bool reachable)> done) {
  std::weak_ptr<std::uint64_t> token = generation_;
  const std::uint64_t generation = *generation_;
  node_.get_info([token, generation, done = std::move(done)](Result<NodeInfo> info) {
    const auto alive = token.lock();
    if (!alive || *alive != generation) return;
    done(info.ok());
  });
}

}  // namespace chainslip
