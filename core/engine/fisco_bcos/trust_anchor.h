#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/fisco_bcos/block_header.h"
#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/engine/fisco_bcos/transaction.h"
#include "core/util/strict_json.h"

namespace chainslip::fisco {

inline constexpr std::string_view kEngineName = "fisco-bcos-3";
inline constexpr std::size_t kMaxAnchorSealers = 256;
inline constexpr std::size_t kMaxAnchorIssuers = 1024;

// The consensus nodes in force: node IDs and their consensus weights, in the
// order the node prints them in a header's sealerList (a signature's
// sealerIndex points into it, so the order is part of the list).
struct SealerList {
  std::vector<Bytes> node_ids;        // 64 bytes each (X||Y)
  std::vector<std::uint64_t> weights;  // one per node ID
  friend bool operator==(const SealerList&, const SealerList&) = default;
};

// An account the anchor trusts to issue the receipts of one issuer (开票单位,
// by its 统一社会信用代码, the receipt's issuer_id).
struct IssuerAccount {
  Address account{};
  std::string issuer_id;
  friend bool operator==(const IssuerAccount&, const IssuerAccount&) = default;
};

// What a kiosk on a FISCO BCOS 3.x chain trusts, and nothing more
// (docs/PROTOCOL.md 11.8): the chain's crypto, chain and group, the sealer
// list in force from block `number` on, the e-receipt registry contract
// (11.7) and the accounts that issue through it.
struct TrustAnchor {
  ChainCrypto crypto = ChainCrypto::kSm3Sm2;
  std::string chain_id;
  std::string group_id;
  std::int64_t number = 0;
  SealerList sealers;
  Address registry{};
  std::vector<IssuerAccount> issuers;
  friend bool operator==(const TrustAnchor&, const TrustAnchor&) = default;
};

// The sealer list a header carries.
SealerList sealer_list_of(const BlockHeader& header);

// "0x" and 40 lowercase hex digits.
std::string address_text(const Address& address);
// An address as a sender writes a transaction's `to`: "0x" and 40 hex
// digits in either case (the checksum form is mixed case).
Result<Address> parse_address(std::string_view text);

// Strict JSON (PROTOCOL 11.8): every field required, no other allowed, the
// sealers distinct, weights >= 1, issuer accounts distinct.
Result<TrustAnchor> trust_anchor_from_json(const Json& value);
Json trust_anchor_to_json(const TrustAnchor& anchor);

}  // namespace chainslip::fisco
