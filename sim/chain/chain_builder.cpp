#include "sim/chain/chain_builder.h"

#include "core/chain/transaction.h"
#include "core/crypto/hasher.h"
#include "core/merkle/merkle.h"
#include "sim/chain/validator_signing.h"

namespace chainslip::sim {
namespace {

Result<std::vector<SimValidator>> make_validators(Suite suite, std::size_t count) {
  std::vector<SimValidator> out;
  for (std::size_t i = 0; i < count; ++i) {
    CS_ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::generate(suite));
    out.push_back(SimValidator{std::move(key), 1});
  }
  return out;
}

Result<ValidatorSet> set_of(Suite suite, const std::vector<SimValidator>& validators) {
  std::vector<std::pair<PublicKey, std::uint64_t>> members;
  for (const auto& v : validators) members.emplace_back(v.key.public_key(), v.weight);
  return ValidatorSet::create(suite, std::move(members));
}

}  // namespace

Result<ChainBuilder> ChainBuilder::create(const Options& options) {
  CS_ASSIGN_OR_RETURN(PrivateKey authority, PrivateKey::generate(options.suite));
  CS_ASSIGN_OR_RETURN(auto validators, make_validators(options.suite, options.validator_count));
  CS_ASSIGN_OR_RETURN(ValidatorSet set, set_of(options.suite, validators));
  TrustAnchor anchor{options.chain_id, options.suite, 0, std::move(set), authority.public_key()};
  return ChainBuilder(std::move(anchor), std::move(authority), std::move(validators));
}

Result<ValidatorSet> ChainBuilder::current_set() const { return set_of(suite(), validators_); }

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

Result<ValidatorSignature> ChainBuilder::sign_header(std::size_t index, const BlockHeader& header) const {
  return sign_as_validator(validators_.at(index).key, header_hash(suite(), header));
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
  CS_ASSIGN_OR_RETURN(ValidatorSet set, current_set());

  BlockHeader header;
  header.chain_id = anchor_.chain_id;
  header.height = ++height_;
  header.timestamp_ms = timestamp_ms;
  header.parent_hash = last_header_hash_;
  header.tx_root = tree.root();
  header.tx_count = leaves.size();
  header.validator_set_hash = set.hash();
  for (std::size_t i = 0; i < validators_.size(); ++i) {
    CS_ASSIGN_OR_RETURN(ValidatorSignature sig, sign_header(i, header));
    header.signatures.push_back(sig);
  }
  last_header_hash_ = header_hash(suite(), header);

  for (std::size_t i = 0; i < bundles.size(); ++i) {
    CS_ASSIGN_OR_RETURN(bundles[i].proof.path, tree.inclusion_proof(i, leaves.size()));
    bundles[i].proof.leaf_index = i;
    bundles[i].proof.tree_size = leaves.size();
    bundles[i].header = header;
    bundles[i].validator_set_changes = changes_;
  }
  return bundles;
}

Status ChainBuilder::rotate_validators(std::size_t count) {
  CS_ASSIGN_OR_RETURN(ValidatorSet previous, current_set());
  CS_ASSIGN_OR_RETURN(auto next_validators, make_validators(suite(), count));
  CS_ASSIGN_OR_RETURN(ValidatorSet next, set_of(suite(), next_validators));
  ValidatorSetChange change{anchor_.chain_id, height_ + 1, previous.hash(), std::move(next), {}};
  const Digest digest = validator_set_change_hash(suite(), change);
  for (const auto& v : validators_) {
    CS_ASSIGN_OR_RETURN(ValidatorSignature sig, sign_as_validator(v.key, digest));
    change.signatures.push_back(sig);
  }
  changes_.push_back(std::move(change));
  validators_ = std::move(next_validators);
  return {};
}

}  // namespace chainslip::sim
