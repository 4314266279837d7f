#include "firmware/kiosk/receipt_lookup.h"

#include <optional>
#include <utility>

namespace chainslip {
namespace {

std::string subject_of(const QrPayload& p) { return p.code + "-" + p.number; }

VerifiedLookup verified_lookup(const QrPayload& payload, const ReceiptBundle& bundle,
                               const VerifiedReceipt& v, bool from_cache) {
  VerifiedLookup out;
  out.payload = payload;
  out.receipt = bundle.receipt;
  out.receipt_hash = v.receipt_hash;
  out.header_height = v.height;
  out.header_hash = v.header_hash;
  out.from_cache = from_cache;
  return out;
}

// The patient class of a failed node request.
RejectionKind kind_of_node_error(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound:
      return RejectionKind::kReceiptNotFound;
    case ErrorCode::kUnavailable:
    case ErrorCode::kDeadlineExceeded:
      return RejectionKind::kNodeUnavailable;
    default:  // an answer that does not parse or breaks its shape: as untrustworthy as a bad proof
      return RejectionKind::kVerificationFailed;
  }
}

}  // namespace

ReceiptLookup::ReceiptLookup(NodeClient& node, ReceiptStore& store, LightClient& light_client,
                             std::function<std::uint64_t()> unix_ms, Log log)
    : node_(node),
      store_(store),
      light_client_(light_client),
      unix_ms_(std::move(unix_ms)),
      log_(std::move(log)) {}

ReceiptLookup::~ReceiptLookup() = default;

void ReceiptLookup::cancel() { ++*generation_; }

HeaderCheckOptions ReceiptLookup::header_checks() const {
  HeaderCheckOptions checks;
  checks.now_ms = unix_ms_();
  return checks;
}

void ReceiptLookup::lookup(std::string_view scanned, Done done) {
  Result<QrPayload> parsed = parse_qr_payload(scanned);
  if (!parsed.ok()) {
    done(make_rejection(RejectionKind::kNotAReceiptCode, parsed.error(),
                        "(" + std::to_string(scanned.size()) + " bytes scanned)"));
    return;
  }
  const QrPayload& payload = *parsed;
  if (std::optional<VerifiedLookup> cached = from_cache(payload)) {
    probe_node([cached = std::move(*cached), done = std::move(done)](bool reachable) mutable {
      cached.node_reachable = reachable;
      done(std::move(cached));
    });
    return;
  }
  ask_node(payload, std::move(done));
}

std::optional<VerifiedLookup> ReceiptLookup::from_cache(const QrPayload& payload) {
  Result<std::optional<ReceiptBundle>> cached = store_.get(payload.code, payload.number);
  if (!cached.ok()) {
    log_("kiosk: cache read failed for " + subject_of(payload) + " (" +
         std::string(error_code_name(cached.code())) + ": " + cached.error().message + "); asking the node");
    return std::nullopt;
  }
  if (!cached->has_value()) return std::nullopt;
  const ReceiptBundle& bundle = **cached;
  Result<VerifiedReceipt> verified = verify_bundle(bundle, light_client_, header_checks());
  if (!verified.ok()) {
    log_("kiosk: cached receipt " + subject_of(payload) + " no longer verifies (" +
         std::string(error_code_name(verified.code())) + ": " + verified.error().message +
         "); asking the node");
    return std::nullopt;
  }
  // A scan that disagrees with the cached receipt (a wrong check code, say)
  // is for the node to judge: the cache must not answer what it would not.
  if (!check_qr_matches(payload, bundle.receipt).ok()) return std::nullopt;
  return verified_lookup(payload, bundle, *verified, true);
}

void ReceiptLookup::ask_node(const QrPayload& payload, Done done) {
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

void ReceiptLookup::answer_from_node(const QrPayload& payload, Result<ReceiptBundle> fetched,
                                     const Done& done) {
  const std::string subject = subject_of(payload);
  if (!fetched.ok()) {
    done(make_rejection(kind_of_node_error(fetched.code()), fetched.error(), subject));
    return;
  }
  const ReceiptBundle& bundle = *fetched;
  Result<VerifiedReceipt> verified = verify_bundle(bundle, light_client_, header_checks());
  if (!verified.ok()) {
    done(make_rejection(RejectionKind::kVerificationFailed, verified.error(), subject));
    return;
  }
  if (Status matches = check_qr_matches(payload, bundle.receipt); !matches.ok()) {
    done(make_rejection(RejectionKind::kQrMismatch, matches.error(), subject));
    return;
  }
  // verify_bundle accepted these changes on top of the light client's.
  for (const ValidatorSetChange& change : bundle.validator_set_changes) (void)light_client_.accept(change);
  // The cache is a convenience: a receipt that verified is shown even if it
  // cannot be cached.
  if (Status put = store_.put(bundle, *verified, unix_ms_() / 1000); !put.ok()) {
    log_("kiosk: could not cache receipt " + subject + " (" + std::string(error_code_name(put.code())) +
         ": " + put.error().message + ")");
  }
  done(verified_lookup(payload, bundle, *verified, false));
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
