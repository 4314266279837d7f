#include "sim/chain/chain_builder.h"

#include "core/chain/transaction.h"
#include "core/crypto/hasher.h"
#include "core/merkle/merkle.h"

namespace chainslip::sim {

Result<ChainBuilder> ChainBuilder::create(const Options& options) {
  CS_ASSIGN_OR_RETURN(PrivateKey authority, PrivateKey::generate(options.suite));
  CS_ASSIGN_OR_RETURN(ValidatorCommittee committee,
                      ValidatorCommittee::create(options.suite, options.chain_id, options.validator_count));
  TrustAnchor anchor{options.chain_id, options.suite, 0, committee.genesis_set(), authority.public_key()};
  return ChainBuilder(std::move(anchor), std::move(authority), std::move(committee));
}

Result<std::size_t> ChainBuilder::add_issuer(const std::string& id, const std::string& name,
                                             std::uint64_t not_before, std::uint64_t not_after) {
  CS_ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::generate(suite()));
  IssuerCertificate cert;
  cert.serial = "CERT-" + id + "-" + std::to_string(issuers_.size() + 1);
  cert.issuer_id = id;
  cert.issuer_name = name;
  cert.suite = suite();
  cert.public_key = key.public_key().bytes();
  cert.not_before = not_before;
  cert.not_after = not_after;
  CS_ASSIGN_OR_RETURN(cert.authority_signature, authority_.sign(canonical_certificate_bytes(cert)));
  issuers_.push_back(SimIssuer{id, name, std::move(key), std::move(cert)});
  return issuers_.size() - 1;
}

Result<std::vector<ReceiptBundle>> ChainBuilder::seal_block(const std::vector<Issue>& issues,
                                                            std::uint64_t timestamp_ms) {
  if (issues.empty()) return make_error(ErrorCode::kInvalidArgument, "a block needs transactions");
  std::vector<ReceiptBundle> bundles;
  std::vector<Digest> leaves;
  for (const auto& issue : issues) {
    CS_RETURN_IF_ERROR(validate_receipt(issue.receipt));
    const SimIssuer& issuer = issuers_.at(issue.issuer);
    ReceiptBundle b;
    b.suite = suite();
    b.receipt = issue.receipt;
    CS_ASSIGN_OR_RETURN(b.issuer_signature, issuer.key.sign(canonical_receipt_bytes(b.receipt)));
    b.certificate = issuer.certificate;
    leaves.push_back(merkle_leaf_hash(suite(), issuance_tx_bytes(b.receipt, b.issuer_signature, b.certificate)));
    bundles.push_back(std::move(b));
  }
  MerkleTree tree(suite(), leaves);
  CS_ASSIGN_OR_RETURN(BlockHeader header, committee_.seal(tree.root(), leaves.size(), timestamp_ms));

  for (std::size_t i = 0; i < bundles.size(); ++i) {
    CS_ASSIGN_OR_RETURN(bundles[i].proof.path, tree.inclusion_proof(i, leaves.size()));
    bundles[i].proof.leaf_index = i;
    bundles[i].proof.tree_size = leaves.size();
    bundles[i].header = header;
    bundles[i].validator_set_changes = committee_.changes();
  }
  return bundles;
}

}  // namespace chainslip::sim
