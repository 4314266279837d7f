#include "sim/node/lies.h"

#include "core/chain/transaction.h"
#include "core/util/name_table.h"
#include "sim/chain/validator_signing.h"

namespace chainslip::sim {
namespace {

constexpr NameTable<Lie, 6> kLieNames{{
    {Lie::kTamperedReceipt, "tampered_receipt"},
    {Lie::kBadProof, "bad_proof"},
    {Lie::kTooFewSignatures, "too_few_signatures"},
    {Lie::kUnknownValidators, "unknown_validators"},
    {Lie::kWrongChainId, "wrong_chain_id"},
    {Lie::kForkedHeader, "forked_header"},
}};

// What a fork can gather: the byzantine minority, at most floor((n-1)/3) of
// n equal-weight validators (BFT safety assumes no more).
std::size_t fork_signers(std::size_t n) { return n == 0 ? 0 : (n - 1) / 3; }

}  // namespace

std::string_view lie_name(Lie lie) { return name_in(kLieNames, lie).value_or("unknown"); }

Result<Lie> parse_lie(std::string_view name) {
  if (auto lie = value_in(kLieNames, name)) return *lie;
  return make_error(ErrorCode::kInvalidArgument, "unknown lie \"" + std::string(name) + "\"");
}

Result<BlockHeader> lie_about_header(const ChainNode& node, Lie lie, BlockHeader h) {
  h.claimed_hash.reset();
  const Suite suite = node.suite();
  switch (lie) {
    case Lie::kTamperedReceipt:
    case Lie::kBadProof:
      return h;
    case Lie::kTooFewSignatures: {
      const std::size_t keep = h.signatures.size() * 2 / 3;  // never more than 2/3 of equal weights
      h.signatures.erase(h.signatures.begin() + static_cast<std::ptrdiff_t>(keep), h.signatures.end());
      return h;
    }
    case Lie::kUnknownValidators: {
      const Digest digest = header_hash(suite, h);
      for (auto& sig : h.signatures) {
        CS_ASSIGN_OR_RETURN(PrivateKey outsider, PrivateKey::generate(suite));
        CS_ASSIGN_OR_RETURN(sig, sign_as_validator(outsider, digest));
      }
      return h;
    }
    case Lie::kWrongChainId: {
      h.chain_id += "-other";
      CS_ASSIGN_OR_RETURN(h.signatures, node.sign_header(h, node.validator_count_at(h.height)));
      return h;
    }
    case Lie::kForkedHeader: {
      h.tx_root[0] ^= 0x5a;
      CS_ASSIGN_OR_RETURN(h.signatures, node.sign_header(h, fork_signers(node.validator_count_at(h.height))));
      return h;
    }
  }
  return h;
}

Status lie_about_inclusion(const ChainNode& node, Lie lie, const Digest& leaf, BlockHeader& header,
                           InclusionProof& proof) {
  switch (lie) {
    case Lie::kTamperedReceipt:
      return {};
    case Lie::kBadProof:
      if (proof.path.empty()) {
        proof.tree_size += 1;  // a one-transaction block has no path to corrupt
      } else {
        proof.path[0][7] ^= 0x10;
      }
      return {};
    case Lie::kForkedHeader: {
      // A coherent fork: a block holding this transaction and another one,
      // whose proof verifies against its root; only its signatures give it
      // away.
      const Suite suite = node.suite();
      const Digest other = merkle_leaf_hash(suite, as_bytes("forked transaction"));
      header.tx_root = merkle_node_hash(suite, leaf, other);
      header.tx_count = 2;
      header.claimed_hash.reset();
      proof = InclusionProof{0, 2, {other}};
      CS_ASSIGN_OR_RETURN(header.signatures,
                          node.sign_header(header, fork_signers(node.validator_count_at(header.height))));
      return {};
    }
    default: {
      CS_ASSIGN_OR_RETURN(header, lie_about_header(node, lie, std::move(header)));
      return {};
    }
  }
}

Result<ReceiptBundle> lie_about_bundle(const ChainNode& node, Lie lie, ReceiptBundle b) {
  if (lie == Lie::kTamperedReceipt) {
    b.receipt.payer.name += "某";
    return b;
  }
  const Digest leaf = merkle_leaf_hash(b.suite, issuance_tx_bytes(b.receipt, b.issuer_signature, b.certificate));
  CS_RETURN_IF_ERROR(lie_about_inclusion(node, lie, leaf, b.header, b.proof));
  return b;
}

}  // namespace chainslip::sim
