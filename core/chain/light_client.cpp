#include "core/chain/light_client.h"

namespace chainslip {

Status check_header_time(std::uint64_t timestamp_ms, const HeaderCheckOptions& options, const std::string& subject) {
  if (timestamp_ms > options.now_ms + options.max_clock_skew_ms) {
    return make_error(ErrorCode::kHeaderFromFuture, subject + " timestamp " + std::to_string(timestamp_ms) +
                                                        " ms is ahead of the clock (" + std::to_string(options.now_ms) +
                                                        " ms)");
  }
  if (options.max_age_ms && timestamp_ms + *options.max_age_ms < options.now_ms) {
    return make_error(ErrorCode::kHeaderStale, subject + " timestamp " + std::to_string(timestamp_ms) +
                                                   " ms is older than " + std::to_string(*options.max_age_ms) + " ms");
  }
  return {};
}

LightClient::LightClient(TrustAnchor anchor) : anchor_(std::move(anchor)) {
  epochs_.push_back(Epoch{anchor_.height, anchor_.validators});
}

Status LightClient::apply(const ValidatorSetChange& change) {
  const Epoch& latest = epochs_.back();
  if (change.chain_id != anchor_.chain_id) {
    return make_error(ErrorCode::kWrongChainId, "validator-set change is for chain \"" + change.chain_id +
                                                    "\", the anchor is for \"" + anchor_.chain_id + "\"");
  }
  if (change.previous_set_hash != latest.set.hash()) {
    return make_error(ErrorCode::kValidatorSetChangeInvalid,
                      "validator-set change at height " + std::to_string(change.activation_height) +
                          " does not follow the set in force (" + to_hex(latest.set.hash()) + ")");
  }
  if (change.activation_height <= latest.activation_height) {
    return make_error(ErrorCode::kValidatorSetChangeInvalid,
                      "validator-set change activates at height " + std::to_string(change.activation_height) +
                          ", not after " + std::to_string(latest.activation_height));
  }
  if (change.next.suite() != anchor_.suite) {
    return make_error(ErrorCode::kValidatorSetChangeInvalid, "validator-set change uses another suite");
  }
  Digest digest = validator_set_change_hash(anchor_.suite, change);
  auto quorum = latest.set.verify_quorum(digest, change.signatures);
  if (!quorum.ok()) {
    return make_error(ErrorCode::kValidatorSetChangeInvalid,
                      "validator-set change at height " + std::to_string(change.activation_height) +
                          " is not approved by the set in force: " +
                          std::string(error_code_name(quorum.code())) + ": " + quorum.error().message);
  }
  epochs_.push_back(Epoch{change.activation_height, change.next});
  changes_.push_back(change);
  return {};
}

bool LightClient::holds(const ValidatorSetChange& change) const {
  if (change.chain_id != anchor_.chain_id) return false;
  const Digest digest = validator_set_change_hash(anchor_.suite, change);
  for (const ValidatorSetChange& held : changes_) {
    if (held.activation_height == change.activation_height &&
        validator_set_change_hash(anchor_.suite, held) == digest) {
      return true;
    }
  }
  return false;
}

Status LightClient::accept(const ValidatorSetChange& change) {
  if (holds(change)) return {};
  return apply(change);
}

Result<const ValidatorSet*> LightClient::set_at(std::uint64_t height) const {
  if (height < epochs_.front().activation_height) {
    return make_error(ErrorCode::kValidatorSetMismatch,
                      "height " + std::to_string(height) + " is before the trust anchor (height " +
                          std::to_string(epochs_.front().activation_height) + ")");
  }
  for (auto it = epochs_.rbegin(); it != epochs_.rend(); ++it) {
    if (it->activation_height <= height) return &it->set;
  }
  return &epochs_.front().set;  // unreachable: the anchor epoch covers the rest
}

Result<Digest> LightClient::verify_header(const BlockHeader& header,
                                          const HeaderCheckOptions& options) const {
  if (header.chain_id != anchor_.chain_id) {
    return make_error(ErrorCode::kWrongChainId, "header is for chain \"" + header.chain_id +
                                                    "\", the anchor is for \"" + anchor_.chain_id + "\"");
  }
  const Digest digest = header_hash(anchor_.suite, header);
  if (header.claimed_hash && *header.claimed_hash != digest) {
    return make_error(ErrorCode::kHeaderHashMismatch, "header at height " + std::to_string(header.height) +
                                                          " claims hash " + to_hex(*header.claimed_hash) +
                                                          " but its fields hash to " + to_hex(digest));
  }
  CS_ASSIGN_OR_RETURN(const ValidatorSet* set, set_at(header.height));
  if (header.validator_set_hash != set->hash()) {
    return make_error(ErrorCode::kValidatorSetMismatch,
                      "header at height " + std::to_string(header.height) + " names validator set " +
                          to_hex(header.validator_set_hash) + ", but the set in force is " +
                          to_hex(set->hash()));
  }
  CS_RETURN_IF_ERROR(check_header_time(header.timestamp_ms, options, "header"));
  CS_RETURN_IF_ERROR(set->verify_quorum(digest, header.signatures));
  return digest;
}

}  // namespace chainslip
