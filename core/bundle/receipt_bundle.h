#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/chain/block_header.h"
#include "core/chain/issuer_certificate.h"
#include "core/chain/validator_set_change.h"
#include "core/receipt/receipt.h"

namespace chainslip {

inline constexpr std::uint64_t kBundleVersion = 2;  // 2: receipts are chainslip.receipt.v2
inline constexpr std::size_t kMaxProofLength = 64;
inline constexpr std::size_t kMaxValidatorSetChanges = 1024;

struct InclusionProof {
  std::uint64_t leaf_index = 0;
  std::uint64_t tree_size = 0;
  std::vector<Digest> path;
};

// Everything needed to verify one receipt offline against a trust anchor.
struct ReceiptBundle {
  Suite suite = kDefaultSuite;
  Receipt receipt;
  Signature issuer_signature = Signature::from_raw({});
  IssuerCertificate certificate;
  InclusionProof proof;
  BlockHeader header;
  std::vector<ValidatorSetChange> validator_set_changes;
};

// {"leaf_index", "tree_size", "path": [hex, ...]} (at most kMaxProofLength nodes); strict.
Result<InclusionProof> inclusion_proof_from_json(const Json& value, const std::string& where);
Json inclusion_proof_to_json(const InclusionProof& proof);

// The one parser of the bundle format (docs/PROTOCOL.md, "Receipt bundle").
Result<ReceiptBundle> parse_bundle(std::string_view json_text);
Result<ReceiptBundle> bundle_from_json(const Json& value);
Json bundle_to_json(const ReceiptBundle& bundle);

}  // namespace chainslip
