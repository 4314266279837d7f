#include "core/engine/fisco_bcos/light_client.h"

#include <algorithm>
#include <set>

#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/parent_link.h"
#include "core/engine/fisco_bcos/quorum.h"

namespace chainslip::fisco {
namespace {

Error change_invalid(std::int64_t number, const std::string& why) {
  return make_error(ErrorCode::kValidatorSetChangeInvalid,
                    "sealer-list change at block " + std::to_string(number) + ": " + why);
}

Error change_invalid(std::int64_t number, const Error& cause) {
  return change_invalid(number, std::string(error_code_name(cause.code)) + ": " + cause.message);
}

// The weight, by `trusted`'s weights, of the trusted sealers among `signers`
// (indices into `header`'s sealer list, verified by verify_sealed_header).
std::uint64_t trusted_weight(const SealerList& trusted, const BlockHeader& header,
                             const std::vector<std::uint64_t>& signers) {
  std::uint64_t weight = 0;
  for (std::uint64_t index : signers) {
    const Bytes& node_id = header.sealer_list[index];
    auto it = std::find(trusted.node_ids.begin(), trusted.node_ids.end(), node_id);
    if (it != trusted.node_ids.end()) weight += trusted.weights[it - trusted.node_ids.begin()];
  }
  return weight;
}

}  // namespace

LightClient::LightClient(TrustAnchor anchor) : anchor_(std::move(anchor)) {
  epochs_.push_back(Epoch{anchor_.number, anchor_.sealers});
}

Status LightClient::apply(const SealerListChange& change) {
  const Epoch& latest = epochs_.back();
  if (change.headers.empty() || change.headers.size() > kMaxSealerChangeHeaders) {
    return make_error(ErrorCode::kValidatorSetChangeInvalid,
                      "a sealer-list change holds 1.." + std::to_string(kMaxSealerChangeHeaders) + " headers, not " +
                          std::to_string(change.headers.size()));
  }
  const BlockHeader& first = change.headers.front();
  if (first.number <= latest.first_number) {
    return change_invalid(first.number, "it must begin after block " + std::to_string(latest.first_number));
  }
  const SealerList next = sealer_list_of(first);
  if (next == latest.list) return change_invalid(first.number, "it carries the sealer list already in force");

  SealedHeader last_sealed;
  for (std::size_t i = 0; i < change.headers.size(); ++i) {
    const BlockHeader& h = change.headers[i];
    if (sealer_list_of(h) != next) {
      return change_invalid(first.number, "block " + std::to_string(h.number) + " carries another sealer list");
    }
    if (i > 0) {
      if (Status linked = check_parent_link(anchor_.crypto, change.headers[i - 1], h); !linked.ok()) {
        return change_invalid(first.number, linked.error());
      }
    }
    auto sealed = verify_sealed_header(anchor_.crypto, h);
    if (!sealed.ok()) return change_invalid(first.number, sealed.error());
    last_sealed = std::move(sealed).value();
  }

  const BlockHeader& last = change.headers.back();
  CS_ASSIGN_OR_RETURN(std::uint64_t required, required_weight(latest.list.weights));
  const std::uint64_t weight = trusted_weight(latest.list, last, last_sealed.signers);
  if (weight < required) {
    return change_invalid(first.number, "block " + std::to_string(last.number) + " is signed by sealers of weight " +
                                            std::to_string(weight) + " of the list in force, which needs " +
                                            std::to_string(required));
  }
  epochs_.push_back(Epoch{first.number, next});
  changes_.push_back(change);
  return {};
}

Status LightClient::accept(const SealerListChange& change) {
  if (!change.headers.empty()) {
    const Digest first = header_hash(anchor_.crypto, change.headers.front());
    for (const SealerListChange& held : changes_) {
      if (header_hash(anchor_.crypto, held.headers.front()) == first) return {};
    }
  }
  return apply(change);
}

Result<const SealerList*> LightClient::list_at(std::int64_t number) const {
  if (number < epochs_.front().first_number) {
    return make_error(ErrorCode::kValidatorSetMismatch,
                      "block " + std::to_string(number) + " is before the trust anchor (block " +
                          std::to_string(epochs_.front().first_number) + ")");
  }
  for (auto it = epochs_.rbegin(); it != epochs_.rend(); ++it) {
    if (it->first_number <= number) return &it->list;
  }
  return &epochs_.front().list;  // unreachable: the anchor's epoch covers the rest
}

Result<SealedHeader> LightClient::verify_header(const BlockHeader& header, const HeaderCheckOptions& options) const {
  CS_RETURN_IF_ERROR(check_header_hash(anchor_.crypto, header));
  CS_ASSIGN_OR_RETURN(const SealerList* list, list_at(header.number));
  if (sealer_list_of(header) != *list) {
    return make_error(ErrorCode::kValidatorSetMismatch,
                      "block " + std::to_string(header.number) +
                          " carries a sealer list that is not the one in force at its number");
  }
  const auto timestamp = static_cast<std::uint64_t>(std::max<std::int64_t>(header.timestamp, 0));
  CS_RETURN_IF_ERROR(check_header_time(timestamp, options, "block " + std::to_string(header.number)));
  return verify_sealed_header(anchor_.crypto, header);
}

}  // namespace chainslip::fisco
