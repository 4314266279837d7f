#include "sim/chain/attack_corpus.h"

#include <utility>

#include "core/chain/transaction.h"
#include "core/merkle/merkle.h"
#include "sim/chain/chain_builder.h"
#include "sim/chain/forgery.h"
#include "sim/chain/receipt_factory.h"
#include "sim/chain/validator_signing.h"

namespace chainslip::sim {
namespace {

constexpr std::uint64_t kHourMs = 3600 * 1000;
constexpr const char* kOtherChain = "chainslip-staging";

// Each key's validator signature over `digest`.
Result<std::vector<ValidatorSignature>> signatures_by(const std::vector<PrivateKey>& keys, const Digest& digest) {
  std::vector<ValidatorSignature> out;
  for (const PrivateKey& key : keys) {
    CS_ASSIGN_OR_RETURN(ValidatorSignature sig, sign_as_validator(key, digest));
    out.push_back(sig);
  }
  return out;
}

// `header` with its signatures replaced by those of `keys`.
Result<BlockHeader> signed_by(BlockHeader header, const std::vector<PrivateKey>& keys) {
  header.claimed_hash.reset();
  CS_ASSIGN_OR_RETURN(header.signatures, signatures_by(keys, header_hash(keys.front().suite(), header)));
  return header;
}

// `change` with its signatures replaced by those of `keys`.
Result<ValidatorSetChange> change_signed_by(ValidatorSetChange change, const std::vector<PrivateKey>& keys) {
  CS_ASSIGN_OR_RETURN(change.signatures,
                      signatures_by(keys, validator_set_change_hash(keys.front().suite(), change)));
  return change;
}

std::vector<PrivateKey> first(const std::vector<PrivateKey>& keys, std::size_t n) {
  return {keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(n)};
}

std::vector<PrivateKey> keys_of(const std::vector<SimValidator>& validators) {
  std::vector<PrivateKey> out;
  for (const auto& v : validators) out.push_back(v.key);
  return out;
}

// A block the chain never sealed: `receipts` (already signed, with their
// certificates) under a header at `height` after `parent`, naming `set`.
// Returns the bundle of receipts[0], unsigned.
Result<ReceiptBundle> fork_block(const std::vector<ReceiptBundle>& receipts, const BlockHeader& parent, std::uint64_t height,
                         const Digest& set_hash, std::uint64_t timestamp_ms) {
  const Suite suite = receipts.front().suite;
  std::vector<Digest> leaves;
  for (const auto& r : receipts) {
    leaves.push_back(merkle_leaf_hash(suite, issuance_tx_bytes(r.receipt, r.issuer_signature, r.certificate)));
  }
  MerkleTree tree(suite, leaves);
  ReceiptBundle b = receipts.front();
  b.header = parent;
  b.header.height = height;
  b.header.timestamp_ms = timestamp_ms;
  b.header.parent_hash = header_hash(suite, parent);
  b.header.tx_root = tree.root();
  b.header.tx_count = leaves.size();
  b.header.validator_set_hash = set_hash;
  b.proof.leaf_index = 0;
  b.proof.tree_size = leaves.size();
  CS_ASSIGN_OR_RETURN(b.proof.path, tree.inclusion_proof(0, leaves.size()));
  b.validator_set_changes.clear();
  return b;
}

}  // namespace

Result<AttackCorpus> build_attack_corpus(Suite suite) {
  ChainBuilder::Options options;
  options.suite = suite;
  CS_ASSIGN_OR_RETURN(ChainBuilder chain, ChainBuilder::create(options));
  const std::uint64_t t0 = options.genesis_time_ms;
  const std::uint64_t cert_from = t0 / 1000 - 365 * 86400;
  const std::uint64_t cert_to = t0 / 1000 + 2 * 365 * 86400;
  CS_ASSIGN_OR_RETURN(std::size_t hospital, chain.add_issuer("12330000470000000X", "浙江省人民医院", cert_from, cert_to));
  CS_ASSIGN_OR_RETURN(std::size_t clinic, chain.add_issuer("12110000400000000Y", "北京市第一中医医院", cert_from, cert_to));
  ReceiptFactory factory(20261202);
  auto receipt = [&](std::size_t issuer, std::uint64_t seq, std::uint64_t at_ms) {
    const auto& i = chain.issuers()[issuer];
    return factory.make(i.id, i.name, issuer == hospital ? "33010126" : "11010126", seq, at_ms / 1000 - 600);
  };
  auto issue = [&](std::size_t issuer, std::uint64_t seq, std::uint64_t at_ms) {
    return ChainBuilder::Issue{issuer, receipt(issuer, seq, at_ms)};
  };

  CS_ASSIGN_OR_RETURN(auto block1, chain.seal_block({issue(hospital, 1, t0 + kHourMs), issue(clinic, 1, t0 + kHourMs),
                                                     issue(hospital, 2, t0 + kHourMs)},
                                                    t0 + kHourMs));
  const std::vector<PrivateKey> retired = keys_of(chain.validators());
  const Digest retired_set = chain.anchor().validators.hash();
  CS_RETURN_IF_ERROR(chain.rotate_validators(4));
  CS_ASSIGN_OR_RETURN(auto block2, chain.seal_block({issue(hospital, 3, t0 + 2 * kHourMs),
                                                     issue(clinic, 2, t0 + 2 * kHourMs),
                                                     issue(hospital, 4, t0 + 2 * kHourMs)},
                                                    t0 + 2 * kHourMs));
  const std::vector<PrivateKey> current = keys_of(chain.validators());
  const ValidatorSetChange rotation = chain.validator_set_changes().front();
  CS_ASSIGN_OR_RETURN(std::vector<PrivateKey> outsiders, generate_keys(suite, 4));
  CS_ASSIGN_OR_RETURN(ValidatorSet outsider_set, equal_weight_set(suite, outsiders));

  AttackCorpus corpus{chain.anchor(), chain.validator_set_changes(), t0 + 3 * kHourMs, {}};
  const ReceiptBundle& base = block2.front();
  auto add = [&](std::string name, std::string category, std::optional<ErrorCode> expected,
                 std::optional<ErrorCode> stateless, std::string what, ReceiptBundle bundle) {
    corpus.cases.push_back(AttackCase{std::move(name), std::move(category), std::move(what), std::move(bundle),
                                      expected, stateless});
  };
  auto add_same = [&](std::string name, std::string category, std::optional<ErrorCode> expected, std::string what,
                      ReceiptBundle bundle) {
    add(std::move(name), std::move(category), expected, expected, std::move(what), std::move(bundle));
  };

  // Controls.
  add_same("valid-before-rotation", "valid", std::nullopt, "a genuine receipt of block 1, by the anchor's validators",
           block1.front());
  add_same("valid-after-rotation", "valid", std::nullopt,
           "a genuine receipt of block 2, by the new validators, carrying the rotation", base);

  // One-field tampering of a genuine bundle.
  CS_ASSIGN_OR_RETURN(auto forgeries, forge_variants(chain, base));
  for (auto& f : forgeries) {
    add_same(f.name, f.category, f.expected, "the genuine bundle with one field changed (" + f.name + ")",
             std::move(f.bundle));
  }

  // Forged receipts.
  {
    CS_ASSIGN_OR_RETURN(PrivateKey fake_authority, PrivateKey::generate(suite));
    CS_ASSIGN_OR_RETURN(PrivateKey fake_issuer, PrivateKey::generate(suite));
    ReceiptBundle b = base;
    b.certificate.public_key = fake_issuer.public_key().bytes();
    CS_ASSIGN_OR_RETURN(b.certificate.authority_signature,
                        fake_authority.sign(canonical_certificate_bytes(b.certificate)));
    CS_ASSIGN_OR_RETURN(b.issuer_signature, fake_issuer.sign(canonical_receipt_bytes(b.receipt)));
    add_same("self-certified-issuer", "forged-receipt", ErrorCode::kCertificateSignatureInvalid,
             "the hospital's certificate re-issued for the forger's key by a forged authority", std::move(b));
  }
  if (suite == Suite::kP256Sha256) {
    ReceiptBundle b = base;
    b.issuer_signature = p256_twin(b.issuer_signature);
    add_same("high-s-issuer-signature", "forged-receipt", ErrorCode::kIssuerSignatureInvalid,
             "the genuine issuer signature as its twin (r, n - s): valid ECDSA, refused by the low-s rule",
             std::move(b));
  }
  // Signed with the hospital's real (stolen) key, but never issued on chain.
  ReceiptBundle off_chain = base;
  off_chain.receipt = receipt(hospital, 99, t0 + 2 * kHourMs);
  CS_ASSIGN_OR_RETURN(off_chain.issuer_signature,
                      chain.issuers()[hospital].key.sign(canonical_receipt_bytes(off_chain.receipt)));
  add_same("issuer-signed-off-chain", "forged-receipt", ErrorCode::kInclusionProofInvalid,
           "a receipt signed with the hospital's stolen key, never issued on chain, with a genuine proof and header",
           off_chain);

  // Tampered proofs.
  auto proof_case = [&](std::string name, std::string what, auto&& mutate) {
    ReceiptBundle b = base;
    mutate(b);
    add_same(std::move(name), "tampered-proof", ErrorCode::kInclusionProofInvalid, std::move(what), std::move(b));
  };
  proof_case("truncated-proof", "the proof's last node removed", [](ReceiptBundle& b) { b.proof.path.pop_back(); });
  proof_case("extended-proof", "a node appended to the proof",
             [](ReceiptBundle& b) { b.proof.path.push_back(b.proof.path.front()); });
  proof_case("emptied-proof", "the proof without a node", [](ReceiptBundle& b) { b.proof.path.clear(); });
  proof_case("tree-size-changed", "the proof claims a tree one larger than the header's",
             [](ReceiptBundle& b) { b.proof.tree_size += 1; });
  proof_case("proof-of-another-receipt", "the proof of the block's last receipt, for this one",
             [&](ReceiptBundle& b) { b.proof = block2.back().proof; });

  // Forged headers.
  {
    CS_ASSIGN_OR_RETURN(BlockHeader h, signed_by(base.header, outsiders));
    ReceiptBundle b = base;
    b.header = std::move(h);
    add_same("outsider-signed-header", "forged-header", ErrorCode::kUnknownValidator,
             "the genuine header signed by four keys outside the validator set", std::move(b));
  }
  {
    ReceiptBundle b = base;
    b.header.timestamp_ms += kHourMs;
    b.header.claimed_hash.reset();
    add_same("redated-header", "forged-header", ErrorCode::kValidatorSignatureInvalid,
             "the header's time moved by an hour, signatures kept", std::move(b));
  }
  {
    BlockHeader future = base.header;
    future.timestamp_ms = corpus.now_ms + 24 * kHourMs;
    CS_ASSIGN_OR_RETURN(BlockHeader h, signed_by(future, current));
    ReceiptBundle b = base;
    b.header = std::move(h);
    add_same("header-from-future", "forged-header", ErrorCode::kHeaderFromFuture,
             "a header dated a day after the verifier's clock, signed by the validators", std::move(b));
  }
  {
    BlockHeader early = base.header;
    early.timestamp_ms = base.receipt.issued_at * 1000 - 24 * kHourMs;
    CS_ASSIGN_OR_RETURN(BlockHeader h, signed_by(early, current));
    ReceiptBundle b = base;
    b.header = std::move(h);
    add_same("header-before-issue", "forged-header", ErrorCode::kHeaderBeforeIssue,
             "a header dated a day before the receipt it contains, signed by the validators", std::move(b));
  }
  {
    // Two quorum rules broken: the reason follows PROTOCOL 2.3's order, not
    // the order of the list.
    CS_ASSIGN_OR_RETURN(BlockHeader by_outsider, signed_by(base.header, first(outsiders, 1)));
    ReceiptBundle b = base;
    b.header.signatures = {base.header.signatures[0], base.header.signatures[0], by_outsider.signatures[0]};
    add_same("repeated-signer-then-outsider", "forged-header", ErrorCode::kUnknownValidator,
             "a validator's signature twice, then an outsider's: the outsider is the reason", std::move(b));
  }

  // Forked headers: a second block 2 holding the off-chain receipt, or a
  // block 3 by the retired set.
  {
    CS_ASSIGN_OR_RETURN(ReceiptBundle fork, fork_block({off_chain, block2[1]}, block1.front().header, 2,
                                                       rotation.next.hash(), t0 + 2 * kHourMs));
    fork.validator_set_changes = {rotation};
    auto fork_case = [&](std::string name, ErrorCode expected, std::string what,
                         const std::vector<PrivateKey>& signers) -> Status {
      CS_ASSIGN_OR_RETURN(BlockHeader h, signed_by(fork.header, signers));
      ReceiptBundle b = fork;
      b.header = std::move(h);
      add_same(std::move(name), "forked-header", expected, std::move(what), std::move(b));
      return {};
    };
    CS_RETURN_IF_ERROR(fork_case("fork-by-one-validator", ErrorCode::kInsufficientQuorum,
                                 "a second block 2 with a forged receipt, signed by one validator of four",
                                 first(current, 1)));
    CS_RETURN_IF_ERROR(fork_case("fork-by-half", ErrorCode::kInsufficientQuorum,
                                 "a second block 2 with a forged receipt, signed by two validators of four",
                                 first(current, 2)));
    std::vector<PrivateKey> mixed = first(current, 2);
    mixed.push_back(outsiders[0]);
    mixed.push_back(outsiders[1]);
    CS_RETURN_IF_ERROR(fork_case("fork-with-outsiders", ErrorCode::kUnknownValidator,
                                 "a second block 2 signed by two validators and two outsiders", mixed));
  }
  {
    // Retired validators (keys leaked after the rotation) sign a block 3 as
    // if their set were still in force.
    CS_ASSIGN_OR_RETURN(ReceiptBundle fork,
                        fork_block({off_chain, block2[1]}, base.header, 3, retired_set, t0 + 2 * kHourMs + 60'000));
    CS_ASSIGN_OR_RETURN(fork.header, signed_by(fork.header, retired));
    add("retired-set-fork-hiding-rotation", "forked-header", ErrorCode::kValidatorSetMismatch, std::nullopt,
        "a block 3 signed by the retired validators, the rotation left out: only a verifier that kept the "
        "rotation can refuse it",
        fork);
    fork.validator_set_changes = {rotation};
    add_same("retired-set-fork", "forked-header", ErrorCode::kValidatorSetMismatch,
             "a block 3 signed by the retired validators, naming their set, the rotation shown", fork);
    fork.header.validator_set_hash = rotation.next.hash();
    CS_ASSIGN_OR_RETURN(fork.header, signed_by(fork.header, retired));
    add_same("retired-set-fork-naming-new-set", "forked-header", ErrorCode::kUnknownValidator,
             "a block 3 signed by the retired validators, naming the new set", fork);
  }

  // Validator-set change attacks on block 2's bundle (which carries the
  // rotation; the header is signed by the new set).
  auto change_case = [&](std::string name, std::optional<ErrorCode> expected, std::optional<ErrorCode> stateless,
                         std::string what, std::vector<ValidatorSetChange> changes) {
    ReceiptBundle b = base;
    b.validator_set_changes = std::move(changes);
    add(std::move(name), "validator-set-change", expected, stateless, std::move(what), std::move(b));
  };
  {
    CS_ASSIGN_OR_RETURN(ValidatorSetChange c, change_signed_by(rotation, current));
    // A verifier that holds the rotation already has it with valid
    // signatures: an identical change is the same change, whoever signed it.
    change_case("change-signed-by-new-set", std::nullopt, ErrorCode::kValidatorSetChangeInvalid,
                "the rotation approved by the set it brings in", {c});
  }
  {
    CS_ASSIGN_OR_RETURN(ValidatorSetChange c, change_signed_by(rotation, first(retired, 2)));
    change_case("change-under-quorum", std::nullopt, ErrorCode::kValidatorSetChangeInvalid,
                "the rotation approved by two of the four retiring validators", {c});
  }
  {
    ValidatorSetChange c = rotation;
    c.next = outsider_set;
    change_case("change-tampered-next-set", ErrorCode::kValidatorSetChangeInvalid,
                ErrorCode::kValidatorSetChangeInvalid, "the rotation's new set swapped for the forger's, signatures kept",
                {c});
  }
  {
    ValidatorSetChange c = rotation;
    c.previous_set_hash[0] ^= 0x01;
    change_case("change-wrong-previous-set", ErrorCode::kValidatorSetChangeInvalid,
                ErrorCode::kValidatorSetChangeInvalid, "the rotation claims to follow another set", {c});
  }
  {
    ValidatorSetChange c = rotation;
    c.chain_id = kOtherChain;
    change_case("change-of-another-chain", ErrorCode::kWrongChainId, ErrorCode::kWrongChainId,
                "the rotation relabelled as another chain's", {c});
  }
  {
    // Block 1 needs no change; the genuine rotation after it is refused,
    // also by a verifier that holds it (PROTOCOL 5, step 5).
    ReceiptBundle b = block1.front();
    b.validator_set_changes = {rotation};
    add_same("change-after-the-header", "validator-set-change", ErrorCode::kValidatorSetChangeInvalid,
             "block 1's receipt carrying the genuine rotation, which activates after it", std::move(b));
  }
  change_case("change-left-out", std::nullopt, ErrorCode::kValidatorSetMismatch,
              "the new set's header without the rotation: a verifier that kept the rotation needs none", {});
  change_case("change-repeated", std::nullopt, ErrorCode::kValidatorSetChangeInvalid,
              "the rotation shown twice: out of order, unless the verifier holds it already", {rotation, rotation});
  {
    // The retired set (leaked keys) approves a rotation of its own to the
    // forger's validators, who sign a block 3.
    ValidatorSetChange c{chain.anchor().chain_id, 3, retired_set, outsider_set, {}};
    CS_ASSIGN_OR_RETURN(c, change_signed_by(c, retired));
    CS_ASSIGN_OR_RETURN(ReceiptBundle b, fork_block({off_chain, block2[1]}, base.header, 3, outsider_set.hash(),
                                                    t0 + 2 * kHourMs + 60'000));
    CS_ASSIGN_OR_RETURN(b.header, signed_by(b.header, outsiders));
    b.validator_set_changes = {c};
    add("retired-set-rotation", "validator-set-change", ErrorCode::kValidatorSetChangeInvalid, std::nullopt,
        "the retired validators hand the chain to the forger's set from block 3, the real rotation left out: "
        "only a verifier that kept the rotation can refuse it",
        b);
    b.validator_set_changes = {rotation, c};
    add_same("retired-set-rotation-after-real-one", "validator-set-change", ErrorCode::kValidatorSetChangeInvalid,
             "the retired validators' rotation to the forger's set shown after the real rotation", std::move(b));
  }
  {
    // A rotation by outsiders with no claim to the chain.
    ValidatorSetChange c{chain.anchor().chain_id, 3, rotation.next.hash(), outsider_set, {}};
    CS_ASSIGN_OR_RETURN(c, change_signed_by(c, outsiders));
    CS_ASSIGN_OR_RETURN(ReceiptBundle b, fork_block({off_chain, block2[1]}, base.header, 3, outsider_set.hash(),
                                                    t0 + 2 * kHourMs + 60'000));
    CS_ASSIGN_OR_RETURN(b.header, signed_by(b.header, outsiders));
    b.validator_set_changes = {rotation, c};
    add_same("outsider-rotation", "validator-set-change", ErrorCode::kValidatorSetChangeInvalid,
             "outsiders approve their own set as the successor of the current one, and sign a block 3",
             std::move(b));
  }

  // Cross-chain replays: the same receipt (same finance authority and
  // hospital certificate) sealed on another chain of the consortium.
  {
    BlockHeader other = base.header;
    other.chain_id = kOtherChain;
    CS_ASSIGN_OR_RETURN(BlockHeader h, signed_by(other, current));
    ReceiptBundle b = base;
    b.header = std::move(h);
    add_same("other-chain-same-validators", "cross-chain", ErrorCode::kWrongChainId,
             "the receipt as sealed on a staging chain run by the same validators", b);
    other.validator_set_hash = outsider_set.hash();
    CS_ASSIGN_OR_RETURN(b.header, signed_by(other, outsiders));
    add_same("other-chain-bundle", "cross-chain", ErrorCode::kWrongChainId,
             "the receipt as sealed on a staging chain with validators of its own", b);
    b.header.chain_id = chain.anchor().chain_id;
    add_same("other-chain-relabelled", "cross-chain", ErrorCode::kValidatorSetMismatch,
             "the staging chain's header relabelled with this chain's id, signatures kept", std::move(b));
  }
  return corpus;
}

}  // namespace chainslip::sim
