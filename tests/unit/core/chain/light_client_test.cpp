#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/chain/block_header.h"
#include "core/chain/light_client.h"
#include "core/chain/trust_anchor.h"
#include "core/chain/validator_set.h"
#include "core/chain/validator_set_change.h"
#include "core/crypto/hasher.h"
#include "sim/chain/chain_builder.h"
#include "sim/chain/receipt_factory.h"

namespace chainslip {
namespace {

// The largest integer of PROTOCOL 4.1, 2^63 - 1.
constexpr std::uint64_t kMaxInt64 = std::numeric_limits<std::int64_t>::max();
constexpr std::uint64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z, ChainBuilder's genesis
constexpr std::uint64_t kHourMs = 3600 * 1000;
constexpr std::uint64_t kSkewMs = 5 * 60 * 1000;  // HeaderCheckOptions' default

std::string suite_param_name(const ::testing::TestParamInfo<Suite>& info) {
  return info.param == Suite::kSm2Sm3 ? "Sm2Sm3" : "P256Sha256";
}

ValidatorSignature sign_as(Suite suite, const PrivateKey& key, ByteView message) {
  auto sig = key.sign(message);
  EXPECT_TRUE(sig.ok());
  return ValidatorSignature{hash(suite, key.public_key().bytes()),
                            sig.ok() ? *sig : Signature::from_raw({})};
}

std::vector<ValidatorSignature> sign_all(Suite suite, const std::vector<sim::SimValidator>& signers,
                                         ByteView message) {
  std::vector<ValidatorSignature> out;
  for (const auto& v : signers) out.push_back(sign_as(suite, v.key, message));
  return out;
}

void resign_header(Suite suite, BlockHeader& h, const std::vector<sim::SimValidator>& signers) {
  h.signatures = sign_all(suite, signers, header_hash(suite, h));
}

void resign_change(Suite suite, ValidatorSetChange& c, const std::vector<sim::SimValidator>& signers) {
  c.signatures = sign_all(suite, signers, validator_set_change_hash(suite, c));
}

Result<ValidatorSet> set_of(Suite suite, const std::vector<sim::SimValidator>& validators) {
  std::vector<std::pair<PublicKey, std::uint64_t>> members;
  for (const auto& v : validators) members.emplace_back(v.key.public_key(), v.weight);
  return ValidatorSet::create(suite, std::move(members));
}

std::vector<sim::SimValidator> fresh_validators(Suite suite, const std::vector<std::uint64_t>& weights) {
  std::vector<sim::SimValidator> out;
  for (std::uint64_t w : weights) {
    auto key = PrivateKey::generate(suite);
    EXPECT_TRUE(key.ok());
    out.push_back(sim::SimValidator{std::move(key).value(), w});
  }
  return out;
}

void keep_first(std::vector<ValidatorSignature>& signatures, std::size_t n) {
  signatures.erase(signatures.begin() + static_cast<std::ptrdiff_t>(n), signatures.end());
}

template <typename T>
Status status_of(const Result<T>& r) {
  if (r.ok()) return {};
  return r.error();
}

HeaderCheckOptions at(std::uint64_t now_ms) {
  HeaderCheckOptions o;
  o.now_ms = now_ms;
  return o;
}

#define EXPECT_CODE(result, expected_code)                                                          \
  do {                                                                                              \
    const auto& r_ = (result);                                                                      \
    ASSERT_FALSE(r_.ok()) << "unexpectedly verified";                                               \
    EXPECT_EQ(error_code_name(r_.code()), error_code_name(expected_code)) << r_.error().message;    \
  } while (0)

// A real chain: block 1 under the anchor's 4 validators, a rotation to 5
// fresh validators, block 2 under them.
class LightClientTest : public ::testing::TestWithParam<Suite> {
 protected:
  void SetUp() override {
    sim::ChainBuilder::Options options;
    options.suite = suite();
    options.validator_count = 4;
    auto chain = sim::ChainBuilder::create(options);
    ASSERT_TRUE(chain.ok()) << chain.error().message;
    chain_.emplace(std::move(chain).value());
    auto issuer = chain_->add_issuer("12330000470000000X", "浙江省人民医院", 1'700'000'000, 1'900'000'000);
    ASSERT_TRUE(issuer.ok());
    old_validators_ = chain_->validators();
    header1_ = seal(kT0 + kHourMs);
    ASSERT_TRUE(chain_->rotate_validators(5).ok());
    new_validators_ = chain_->validators();
    ASSERT_EQ(chain_->validator_set_changes().size(), 1u);
    change_ = chain_->validator_set_changes()[0];
    header2_ = seal(kT0 + 2 * kHourMs);
    ASSERT_EQ(header1_.height, 1u);
    ASSERT_EQ(header2_.height, 2u);
    ASSERT_EQ(change_->activation_height, 2u);
  }

  Suite suite() const { return GetParam(); }
  const TrustAnchor& anchor() const { return chain_->anchor(); }
  LightClient client() const { return LightClient(anchor()); }
  LightClient rotated_client() const {
    LightClient c(anchor());
    EXPECT_TRUE(c.apply(*change_).ok());
    return c;
  }
  // Now: an hour after block 2.
  HeaderCheckOptions now() const { return at(kT0 + 3 * kHourMs); }

  BlockHeader seal(std::uint64_t timestamp_ms) {
    const auto& issuer = chain_->issuers()[0];
    Receipt r = factory_.make(issuer.id, issuer.name, "33010126", ++sequence_, timestamp_ms / 1000 - 600);
    auto bundles = chain_->seal_block({{0, r}, {0, factory_.make(issuer.id, issuer.name, "33010126", ++sequence_,
                                                                 timestamp_ms / 1000 - 600)}},
                                      timestamp_ms);
    EXPECT_TRUE(bundles.ok()) << bundles.error().message;
    return bundles.ok() ? bundles->at(0).header : BlockHeader{};
  }

  std::optional<sim::ChainBuilder> chain_;
  sim::ReceiptFactory factory_{42};
  std::uint64_t sequence_ = 0;
  std::vector<sim::SimValidator> old_validators_;
  std::vector<sim::SimValidator> new_validators_;
  BlockHeader header1_;
  BlockHeader header2_;
  std::optional<ValidatorSetChange> change_;
};

// ---------------------------------------------------------------------------
// Header verification

TEST_P(LightClientTest, VerifiesAHeaderAndReturnsItsHash) {
  auto digest = client().verify_header(header1_, now());
  ASSERT_TRUE(digest.ok()) << digest.error().message;
  EXPECT_EQ(*digest, header_hash(suite(), header1_));
  // A correct claimed hash is fine too.
  BlockHeader h = header1_;
  h.claimed_hash = header_hash(suite(), h);
  EXPECT_TRUE(client().verify_header(h, now()).ok());
}

TEST_P(LightClientTest, WrongChainId) {
  BlockHeader h = header1_;
  h.chain_id = "chainslip-demo-fork";
  resign_header(suite(), h, old_validators_);  // even properly signed
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kWrongChainId);
  TrustAnchor other = anchor();
  other.chain_id = "another-chain";
  EXPECT_CODE(LightClient(other).verify_header(header1_, now()), ErrorCode::kWrongChainId);
}

TEST_P(LightClientTest, ClaimedHashMismatch) {
  BlockHeader h = header1_;
  Digest claimed = header_hash(suite(), h);
  claimed[31] ^= 0x01;
  h.claimed_hash = claimed;
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kHeaderHashMismatch);
  // The hash of the other suite is not "the" hash either.
  h.claimed_hash = header_hash(suite() == Suite::kSm2Sm3 ? Suite::kP256Sha256 : Suite::kSm2Sm3, header1_);
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kHeaderHashMismatch);
}

TEST_P(LightClientTest, DuplicateSigner) {
  // All four signed, then one of them again: an error, not a bonus vote.
  BlockHeader h = header1_;
  h.signatures.push_back(h.signatures[1]);
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kDuplicateSigner);
  // Two of four, one counted twice, would otherwise reach 3 of 4.
  h = header1_;
  h.signatures = {h.signatures[0], h.signatures[1], h.signatures[0]};
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kDuplicateSigner);
}

TEST_P(LightClientTest, UnknownValidator) {
  auto outsiders = fresh_validators(suite(), {1});
  BlockHeader h = header1_;
  h.signatures.back() = sign_as(suite(), outsiders[0].key, header_hash(suite(), h));
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kUnknownValidator);
  // Also when the known signers alone are already a quorum.
  h = header1_;
  h.signatures.push_back(sign_as(suite(), outsiders[0].key, header_hash(suite(), h)));
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kUnknownValidator);
}

TEST_P(LightClientTest, InvalidSignature) {
  BlockHeader h = header1_;
  auto raw = h.signatures[2].signature.raw();
  raw[5] ^= 0x80;
  h.signatures[2].signature = Signature::from_raw(raw);
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kValidatorSignatureInvalid);
  // A genuine signature of that validator, over another message.
  h = header1_;
  Digest other = header_hash(suite(), header1_);
  other[0] ^= 0x01;
  h.signatures[2] = sign_as(suite(), old_validators_[2].key, other);
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kValidatorSignatureInvalid);
  // Any invalid signature rejects, even with a quorum of valid ones beside it.
  h = header1_;
  h.signatures[3].signature = h.signatures[0].signature;
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kValidatorSignatureInvalid);
}

TEST_P(LightClientTest, TooFewEqualWeightSigners) {
  // 4 equal validators: 3 signers hold 3/4 > 2/3, 2 hold 1/2, none hold 0.
  BlockHeader h = header1_;
  keep_first(h.signatures, 3);
  EXPECT_TRUE(client().verify_header(h, now()).ok());
  keep_first(h.signatures, 2);
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kInsufficientQuorum);
  h.signatures.clear();
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kInsufficientQuorum);
}

// PROTOCOL 2.3: when a list breaks several quorum rules, the reason is the
// first of unknown_validator, duplicate_signer, validator_signature_invalid,
// insufficient_quorum, wherever the offending entries stand in the list.
TEST_P(LightClientTest, QuorumErrorsFollowAFixedPrecedenceNotTheListOrder) {
  auto outsiders = fresh_validators(suite(), {1});
  const Digest digest = header_hash(suite(), header1_);
  const ValidatorSignature outsider = sign_as(suite(), outsiders[0].key, digest);
  ValidatorSignature forged = header1_.signatures[0];
  auto raw = forged.signature.raw();
  raw[5] ^= 0x80;
  forged.signature = Signature::from_raw(raw);
  const ValidatorSignature& one = header1_.signatures[1];

  BlockHeader h = header1_;
  // A duplicate before an outsider: the outsider decides.
  h.signatures = {one, one, outsider};
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kUnknownValidator);
  // A bad signature before an outsider: the outsider decides.
  h.signatures = {forged, one, outsider};
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kUnknownValidator);
  // A bad signature before a duplicate: the duplicate decides.
  h.signatures = {forged, one, one};
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kDuplicateSigner);
  // A bad signature in a list without quorum: the signature decides.
  h.signatures = {forged};
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kValidatorSignatureInvalid);
  // The same in a validator-set change: its reason names the rule.
  ValidatorSetChange change = *change_;
  change.signatures = {change.signatures[1], change.signatures[1], sign_as(suite(), outsiders[0].key,
                                                                         validator_set_change_hash(suite(), change))};
  LightClient c = client();
  auto applied = c.apply(change);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.code(), ErrorCode::kValidatorSetChangeInvalid);
  EXPECT_NE(applied.error().message.find("unknown_validator"), std::string::npos) << applied.error().message;
}

// PROTOCOL 2.3: a signature list has at most 256 entries (invalid_argument
// when read), and one longer than the set cannot have quorum: it has an
// unknown or a repeated signer, found before any signature is verified.
TEST_P(LightClientTest, SignatureListLengthIsBounded) {
  Json j = header_to_json(suite(), header1_);
  j.erase("hash");
  ASSERT_EQ(j["signatures"].size(), 4u);
  while (j["signatures"].size() < kMaxValidators) j["signatures"].push_back(j["signatures"][0]);
  auto at_limit = header_from_json(j, "header");
  ASSERT_TRUE(at_limit.ok()) << at_limit.error().message;
  EXPECT_CODE(client().verify_header(*at_limit, now()), ErrorCode::kDuplicateSigner);
  j["signatures"].push_back(j["signatures"][0]);
  EXPECT_CODE(header_from_json(j, "header"), ErrorCode::kInvalidArgument);
  // Five signatures for a set of four: all four genuine and one more.
  BlockHeader h = header1_;
  h.signatures.push_back(sign_as(suite(), fresh_validators(suite(), {1})[0].key, header_hash(suite(), h)));
  EXPECT_CODE(client().verify_header(h, now()), ErrorCode::kUnknownValidator);
}

TEST_P(LightClientTest, FutureTimestampBeyondSkew) {
  const std::uint64_t ts = header1_.timestamp_ms;
  EXPECT_CODE(client().verify_header(header1_, at(ts - kSkewMs - 1)), ErrorCode::kHeaderFromFuture);
  EXPECT_CODE(client().verify_header(header1_, at(0)), ErrorCode::kHeaderFromFuture);
  // Within the skew (and exactly at it) is accepted.
  EXPECT_TRUE(client().verify_header(header1_, at(ts - kSkewMs)).ok());
  EXPECT_TRUE(client().verify_header(header1_, at(ts - 1)).ok());
  EXPECT_TRUE(client().verify_header(header1_, at(ts)).ok());
  // The skew is an option.
  HeaderCheckOptions strict = at(ts - 1);
  strict.max_clock_skew_ms = 0;
  EXPECT_CODE(client().verify_header(header1_, strict), ErrorCode::kHeaderFromFuture);
  strict.now_ms = ts;
  EXPECT_TRUE(client().verify_header(header1_, strict).ok());
}

TEST_P(LightClientTest, StaleWithMaxAge) {
  const std::uint64_t ts = header1_.timestamp_ms;
  HeaderCheckOptions o = at(ts + 1001);
  o.max_age_ms = 1000;
  EXPECT_CODE(client().verify_header(header1_, o), ErrorCode::kHeaderStale);
  o.now_ms = ts + 1000;
  EXPECT_TRUE(client().verify_header(header1_, o).ok());
  // Without max_age_ms a header never goes stale.
  EXPECT_TRUE(client().verify_header(header1_, at(ts + 10 * 365 * 24 * kHourMs)).ok());
  // 0 is a bound, not "no limit": one millisecond later the header is stale.
  o.max_age_ms = 0;
  o.now_ms = ts;
  EXPECT_TRUE(client().verify_header(header1_, o).ok());
  o.now_ms = ts + 1;
  EXPECT_CODE(client().verify_header(header1_, o), ErrorCode::kHeaderStale);
}

TEST_P(LightClientTest, HeaderBeforeTheAnchorHeight) {
  // An anchor taken at height 5 (same validators): height 4 is before it.
  TrustAnchor later = anchor();
  later.height = 5;
  LightClient c(later);
  EXPECT_CODE(c.verify_header(header1_, now()), ErrorCode::kValidatorSetMismatch);
  BlockHeader h = header1_;
  h.height = 4;
  resign_header(suite(), h, old_validators_);
  EXPECT_CODE(c.verify_header(h, now()), ErrorCode::kValidatorSetMismatch);
  h.height = 5;
  resign_header(suite(), h, old_validators_);
  EXPECT_TRUE(c.verify_header(h, now()).ok());
}

TEST_P(LightClientTest, HeaderNamingAnotherValidatorSet) {
  // Block 2 names the rotated set; without the change the anchor's set is
  // in force at height 2.
  EXPECT_CODE(client().verify_header(header2_, now()), ErrorCode::kValidatorSetMismatch);
  // Block 1 re-labelled with the new set (and signed by it) after the
  // rotation: at height 1 the old set is in force.
  BlockHeader h = header1_;
  h.validator_set_hash = change_->next.hash();
  resign_header(suite(), h, new_validators_);
  EXPECT_CODE(rotated_client().verify_header(h, now()), ErrorCode::kValidatorSetMismatch);
}

// ---------------------------------------------------------------------------
// Quorum arithmetic with weights: a set built directly, headers signed here.

class QuorumTest : public ::testing::TestWithParam<Suite> {
 protected:
  Suite suite() const { return GetParam(); }

  // Verifies a header signed by `signer_indexes` of a set with `weights`.
  Status verify_signed_by(const std::vector<std::uint64_t>& weights, const std::vector<std::size_t>& signer_indexes) {
    auto validators = fresh_validators(suite(), weights);
    auto set = set_of(suite(), validators);
    EXPECT_TRUE(set.ok());
    if (!set.ok()) return set.error();
    TrustAnchor anchor{"weighted-chain", suite(), 0, *set, validators[0].key.public_key()};
    BlockHeader h;
    h.chain_id = "weighted-chain";
    h.height = 1;
    h.timestamp_ms = kT0;
    h.tx_root[0] = 0xaa;
    h.tx_count = 1;
    h.validator_set_hash = set->hash();
    const Digest digest = header_hash(suite(), h);
    for (std::size_t i : signer_indexes) h.signatures.push_back(sign_as(suite(), validators[i].key, digest));
    auto result = LightClient(anchor).verify_header(h, at(kT0));
    if (!result.ok()) return result.error();
    EXPECT_EQ(*result, digest);
    return {};
  }
};

TEST_P(QuorumTest, ExactlyTwoThirdsOfTheWeightIsNotEnough) {
  // Total 300: 200 is exactly 2/3, 201 is just over.
  const std::vector<std::uint64_t> weights{100, 100, 99, 1};
  EXPECT_CODE(verify_signed_by(weights, {0, 1}), ErrorCode::kInsufficientQuorum);
  EXPECT_CODE(verify_signed_by(weights, {0, 2, 3}), ErrorCode::kInsufficientQuorum);
  EXPECT_TRUE(verify_signed_by(weights, {0, 1, 3}).ok());
  EXPECT_TRUE(verify_signed_by(weights, {3, 1, 0}).ok());  // order does not matter
  EXPECT_TRUE(verify_signed_by(weights, {0, 1, 2}).ok());
  // Three equal validators: 2 of 3 is exactly 2/3.
  EXPECT_CODE(verify_signed_by({1, 1, 1}, {0, 1}), ErrorCode::kInsufficientQuorum);
  EXPECT_TRUE(verify_signed_by({1, 1, 1}, {0, 1, 2}).ok());
  // Weight, not head count: one heavy validator is a quorum alone, and the
  // light ones together are not.
  EXPECT_TRUE(verify_signed_by({7, 1, 1, 1}, {0}).ok());
  EXPECT_CODE(verify_signed_by({7, 1, 1, 1}, {1, 2, 3}), ErrorCode::kInsufficientQuorum);
  // A single validator signs alone; with no signature there is no quorum.
  EXPECT_TRUE(verify_signed_by({1}, {0}).ok());
  EXPECT_CODE(verify_signed_by({1}, {}), ErrorCode::kInsufficientQuorum);
  // Maximal weights do not overflow the arithmetic.
  EXPECT_CODE(verify_signed_by({kMaxValidatorWeight, kMaxValidatorWeight, kMaxValidatorWeight}, {0, 1}),
              ErrorCode::kInsufficientQuorum);
}

TEST_P(QuorumTest, ValidatorSetCreateRejectsBadMembers) {
  auto v = fresh_validators(suite(), {1, 1});
  EXPECT_CODE(ValidatorSet::create(suite(), {}), ErrorCode::kInvalidArgument);
  EXPECT_CODE(ValidatorSet::create(suite(), {{v[0].key.public_key(), 0}}), ErrorCode::kInvalidArgument);
  EXPECT_CODE(ValidatorSet::create(suite(), {{v[0].key.public_key(), kMaxValidatorWeight + 1}}),
              ErrorCode::kInvalidArgument);
  EXPECT_CODE(ValidatorSet::create(suite(), {{v[0].key.public_key(), 1}, {v[0].key.public_key(), 2}}),
              ErrorCode::kInvalidArgument);
  const Suite other = suite() == Suite::kSm2Sm3 ? Suite::kP256Sha256 : Suite::kSm2Sm3;
  EXPECT_CODE(ValidatorSet::create(other, {{v[0].key.public_key(), 1}}), ErrorCode::kSuiteMismatch);
  // Weights and order are part of the set's hash.
  auto a = ValidatorSet::create(suite(), {{v[0].key.public_key(), 1}, {v[1].key.public_key(), 1}});
  auto b = ValidatorSet::create(suite(), {{v[0].key.public_key(), 1}, {v[1].key.public_key(), 2}});
  auto c = ValidatorSet::create(suite(), {{v[1].key.public_key(), 1}, {v[0].key.public_key(), 1}});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->total_weight(), 2u);
  EXPECT_EQ(b->total_weight(), 3u);
  EXPECT_NE(a->hash(), b->hash());
  EXPECT_NE(a->hash(), c->hash());
}

// ---------------------------------------------------------------------------
// Validator-set changes

TEST_P(LightClientTest, ValidRotationIsUsedFromItsActivationHeight) {
  LightClient c = client();
  ASSERT_TRUE(c.apply(*change_).ok());
  auto d2 = c.verify_header(header2_, now());
  ASSERT_TRUE(d2.ok()) << d2.error().message;
  EXPECT_EQ(*d2, header_hash(suite(), header2_));
  // Block 1 is still judged by the set in force at its height.
  EXPECT_TRUE(c.verify_header(header1_, now()).ok());
}

TEST_P(LightClientTest, OldSetCannotSignAfterTheRotation) {
  LightClient c = rotated_client();
  // The old validators sign block 2 as it is (naming the new set).
  BlockHeader h = header2_;
  resign_header(suite(), h, old_validators_);
  EXPECT_CODE(c.verify_header(h, now()), ErrorCode::kUnknownValidator);
  // Or a block 2 of their own, naming their own set.
  h = header2_;
  h.validator_set_hash = anchor().validators.hash();
  resign_header(suite(), h, old_validators_);
  EXPECT_CODE(c.verify_header(h, now()), ErrorCode::kValidatorSetMismatch);
  // Nor at any later height.
  h.height = 1000;
  resign_header(suite(), h, old_validators_);
  EXPECT_CODE(c.verify_header(h, now()), ErrorCode::kValidatorSetMismatch);
}

void expect_change_rejected(LightClient& c, const ValidatorSetChange& change, ErrorCode code,
                            const std::string& reason = {}) {
  auto status = c.apply(change);
  ASSERT_FALSE(status.ok()) << "change accepted";
  EXPECT_EQ(error_code_name(status.code()), error_code_name(code)) << status.error().message;
  if (!reason.empty()) {
    EXPECT_NE(status.error().message.find(reason), std::string::npos) << status.error().message;
  }
}

TEST_P(LightClientTest, ChangeSignedByTooFewOfTheOldSet) {
  ValidatorSetChange change = *change_;
  keep_first(change.signatures, 2);  // 2 of 4
  LightClient c = client();
  expect_change_rejected(c, change, ErrorCode::kValidatorSetChangeInvalid, "insufficient_quorum");
  change.signatures.clear();
  expect_change_rejected(c, change, ErrorCode::kValidatorSetChangeInvalid, "insufficient_quorum");
  // A rejected change leaves the client as it was: block 2 still does not
  // verify, and the genuine change still applies.
  EXPECT_CODE(c.verify_header(header2_, now()), ErrorCode::kValidatorSetMismatch);
  ASSERT_TRUE(c.apply(*change_).ok());
  EXPECT_TRUE(c.verify_header(header2_, now()).ok());
}

TEST_P(LightClientTest, ChangeSignedByTheNewSetItself) {
  ValidatorSetChange change = *change_;
  resign_change(suite(), change, new_validators_);
  LightClient c = client();
  expect_change_rejected(c, change, ErrorCode::kValidatorSetChangeInvalid, "unknown_validator");
  EXPECT_CODE(c.verify_header(header2_, now()), ErrorCode::kValidatorSetMismatch);
}

TEST_P(LightClientTest, ChangeWithBadSignatures) {
  LightClient c = client();
  ValidatorSetChange change = *change_;
  auto raw = change.signatures[0].signature.raw();
  raw[63] ^= 0x01;
  change.signatures[0].signature = Signature::from_raw(raw);
  expect_change_rejected(c, change, ErrorCode::kValidatorSetChangeInvalid, "validator_signature_invalid");
  // The old set's signatures do not carry over to another next set.
  change = *change_;
  auto other = set_of(suite(), fresh_validators(suite(), {1, 1, 1}));
  ASSERT_TRUE(other.ok());
  change.next = *other;
  expect_change_rejected(c, change, ErrorCode::kValidatorSetChangeInvalid, "validator_signature_invalid");
  // Duplicated signer.
  change = *change_;
  change.signatures[3] = change.signatures[0];
  expect_change_rejected(c, change, ErrorCode::kValidatorSetChangeInvalid, "duplicate_signer");
}

TEST_P(LightClientTest, ChangeWithWrongPreviousSetHash) {
  ValidatorSetChange change = *change_;
  change.previous_set_hash = change.next.hash();
  resign_change(suite(), change, old_validators_);  // properly signed by the set in force
  LightClient c = client();
  expect_change_rejected(c, change, ErrorCode::kValidatorSetChangeInvalid);
  change.previous_set_hash = Digest{};
  resign_change(suite(), change, old_validators_);
  expect_change_rejected(c, change, ErrorCode::kValidatorSetChangeInvalid);
}

TEST_P(LightClientTest, ChangeMustActivateAfterTheLatestEpoch) {
  LightClient c = client();
  // At the anchor height itself (0): not after it.
  ValidatorSetChange change = *change_;
  change.activation_height = anchor().height;
  resign_change(suite(), change, old_validators_);
  expect_change_rejected(c, change, ErrorCode::kValidatorSetChangeInvalid);
  // Just after the anchor is fine (positive control of the same construction).
  change.activation_height = anchor().height + 1;
  resign_change(suite(), change, old_validators_);
  {
    LightClient fresh = client();
    EXPECT_TRUE(fresh.apply(change).ok());
  }
  // After the genuine change (activation 2), a second change by the new set
  // must activate after 2.
  ASSERT_TRUE(c.apply(*change_).ok());
  ValidatorSetChange second{anchor().chain_id, 2, change_->next.hash(), *set_of(suite(), old_validators_), {}};
  resign_change(suite(), second, new_validators_);
  expect_change_rejected(c, second, ErrorCode::kValidatorSetChangeInvalid);
  second.activation_height = 1;
  resign_change(suite(), second, new_validators_);
  expect_change_rejected(c, second, ErrorCode::kValidatorSetChangeInvalid);
  second.activation_height = 3;
  resign_change(suite(), second, new_validators_);
  EXPECT_TRUE(c.apply(second).ok());
}

TEST_P(LightClientTest, ChangeForAnotherChain) {
  ValidatorSetChange change = *change_;
  change.chain_id = "chainslip-demo-fork";
  resign_change(suite(), change, old_validators_);
  LightClient c = client();
  expect_change_rejected(c, change, ErrorCode::kWrongChainId);
  // The signatures cover the chain id: relabelling a genuine change breaks them.
  change = *change_;
  TrustAnchor other = anchor();
  other.chain_id = "chainslip-demo-fork";
  change.chain_id = other.chain_id;
  LightClient other_client(other);
  expect_change_rejected(other_client, change, ErrorCode::kValidatorSetChangeInvalid);
}

TEST_P(LightClientTest, ChangeToAnotherSuite) {
  const Suite other = suite() == Suite::kSm2Sm3 ? Suite::kP256Sha256 : Suite::kSm2Sm3;
  auto next = set_of(other, fresh_validators(other, {1, 1}));
  ASSERT_TRUE(next.ok());
  ValidatorSetChange change = *change_;
  change.next = *next;
  resign_change(suite(), change, old_validators_);
  LightClient c = client();
  expect_change_rejected(c, change, ErrorCode::kValidatorSetChangeInvalid);
}

TEST_P(LightClientTest, SetAtPicksTheEpochInForce) {
  // A second rotation from block 3 on.
  ASSERT_TRUE(chain_->rotate_validators(3).ok());
  ASSERT_EQ(chain_->validator_set_changes().size(), 2u);
  const ValidatorSetChange& second = chain_->validator_set_changes()[1];
  ASSERT_EQ(second.activation_height, 3u);

  LightClient c = client();
  ASSERT_TRUE(c.apply(*change_).ok());
  ASSERT_TRUE(c.apply(second).ok());
  const Digest s0 = anchor().validators.hash();
  const Digest s1 = change_->next.hash();
  const Digest s2 = second.next.hash();
  ASSERT_NE(s0, s1);
  ASSERT_NE(s1, s2);
  const std::pair<std::uint64_t, Digest> expected[] = {
      {0, s0}, {1, s0}, {2, s1}, {3, s2}, {4, s2}, {1'000'000, s2}, {UINT64_MAX, s2}};
  for (const auto& [height, hash] : expected) {
    auto set = c.set_at(height);
    ASSERT_TRUE(set.ok()) << height;
    EXPECT_EQ((*set)->hash(), hash) << "height " << height;
  }
  // And headers follow: block 1 and 2 still verify, block 3 under the third set.
  EXPECT_TRUE(c.verify_header(header1_, now()).ok());
  EXPECT_TRUE(c.verify_header(header2_, now()).ok());
  BlockHeader h3 = seal(kT0 + 2 * kHourMs + 1000);
  EXPECT_EQ(h3.height, 3u);
  EXPECT_TRUE(c.verify_header(h3, now()).ok());
  // Block 3 without the second change names a set not in force.
  EXPECT_CODE(rotated_client().verify_header(h3, now()), ErrorCode::kValidatorSetMismatch);
}

TEST_P(LightClientTest, SetAtBeforeTheAnchor) {
  TrustAnchor later = anchor();
  later.height = 10;
  LightClient c(later);
  EXPECT_CODE(c.set_at(9), ErrorCode::kValidatorSetMismatch);
  EXPECT_CODE(c.set_at(0), ErrorCode::kValidatorSetMismatch);
  auto at_anchor = c.set_at(10);
  ASSERT_TRUE(at_anchor.ok());
  EXPECT_EQ((*at_anchor)->hash(), anchor().validators.hash());
}

// ---------------------------------------------------------------------------
// Any mutated header field fails, with the check that catches it.

TEST_P(LightClientTest, MutatingAnyHeaderFieldFails) {
  {
    // Fails to compile when BlockHeader gains a field: extend the cases below.
    [[maybe_unused]] auto& [version, chain_id, height, timestamp_ms, parent_hash, tx_root, tx_count,
                            validator_set_hash, signatures, claimed_hash] = header1_;
  }
  const LightClient c = client();  // no rotation: every height is in the anchor's epoch
  const HeaderCheckOptions options = now();
  ASSERT_TRUE(c.verify_header(header1_, options).ok());
  const Digest original_hash = header_hash(suite(), header1_);

  struct Case {
    std::string name;
    std::function<void(BlockHeader&)> mutate;
    ErrorCode expected;
  };
  std::vector<Case> cases = {
      {"version", [](BlockHeader& h) { h.version = 2; }, ErrorCode::kValidatorSignatureInvalid},
      {"chain_id", [](BlockHeader& h) { h.chain_id += "x"; }, ErrorCode::kWrongChainId},
      {"chain_id case", [](BlockHeader& h) { h.chain_id[0] = 'C'; }, ErrorCode::kWrongChainId},
      {"timestamp far future", [](BlockHeader& h) { h.timestamp_ms += 365 * 24 * kHourMs; },
       ErrorCode::kHeaderFromFuture},
      {"tx_count +1", [](BlockHeader& h) { ++h.tx_count; }, ErrorCode::kValidatorSignatureInvalid},
      {"signatures: 2 of 4", [](BlockHeader& h) { keep_first(h.signatures, 2); }, ErrorCode::kInsufficientQuorum},
      {"signatures: none", [](BlockHeader& h) { h.signatures.clear(); }, ErrorCode::kInsufficientQuorum},
      {"signatures: swapped ids", [](BlockHeader& h) { std::swap(h.signatures[0].validator_id, h.signatures[1].validator_id); },
       ErrorCode::kValidatorSignatureInvalid},
      {"claimed_hash", [&](BlockHeader& h) {
         Digest d = original_hash;
         d[0] ^= 0x80;
         h.claimed_hash = d;
       }, ErrorCode::kHeaderHashMismatch},
  };
  // Every bit of the integer fields: the signature check catches the change
  // unless the timestamp moved too far ahead.
  for (int bit = 0; bit < 64; ++bit) {
    const std::uint64_t mask = std::uint64_t{1} << bit;
    cases.push_back({"height bit " + std::to_string(bit), [mask](BlockHeader& h) { h.height ^= mask; },
                     ErrorCode::kValidatorSignatureInvalid});
    cases.push_back({"tx_count bit " + std::to_string(bit), [mask](BlockHeader& h) { h.tx_count ^= mask; },
                     ErrorCode::kValidatorSignatureInvalid});
    const std::uint64_t ts = header1_.timestamp_ms ^ mask;
    cases.push_back({"timestamp_ms bit " + std::to_string(bit), [mask](BlockHeader& h) { h.timestamp_ms ^= mask; },
                     ts > options.now_ms + options.max_clock_skew_ms ? ErrorCode::kHeaderFromFuture
                                                                      : ErrorCode::kValidatorSignatureInvalid});
  }
  for (int bit = 0; bit < 32; ++bit) {
    cases.push_back({"version bit " + std::to_string(bit),
                     [bit](BlockHeader& h) { h.version ^= std::uint32_t{1} << bit; },
                     ErrorCode::kValidatorSignatureInvalid});
  }
  // Every byte of the digest fields.
  for (std::size_t i = 0; i < 32; ++i) {
    cases.push_back({"parent_hash byte " + std::to_string(i), [i](BlockHeader& h) { h.parent_hash[i] ^= 0x01; },
                     ErrorCode::kValidatorSignatureInvalid});
    cases.push_back({"tx_root byte " + std::to_string(i), [i](BlockHeader& h) { h.tx_root[i] ^= 0x80; },
                     ErrorCode::kValidatorSignatureInvalid});
    cases.push_back({"validator_set_hash byte " + std::to_string(i),
                     [i](BlockHeader& h) { h.validator_set_hash[i] ^= 0x01; }, ErrorCode::kValidatorSetMismatch});
  }

  for (const auto& test_case : cases) {
    BlockHeader h = header1_;
    test_case.mutate(h);
    auto result = c.verify_header(h, options);
    ASSERT_FALSE(result.ok()) << test_case.name << " still verifies";
    EXPECT_EQ(error_code_name(result.code()), error_code_name(test_case.expected))
        << test_case.name << ": " << result.error().message;
  }

  // A sender who changes a field but keeps the original "hash" is caught by
  // the hash comparison (the chain id is checked before it).
  for (const auto& test_case : cases) {
    BlockHeader h = header1_;
    test_case.mutate(h);
    if (h.claimed_hash || canonical_header_bytes(h) == canonical_header_bytes(header1_)) continue;
    h.claimed_hash = original_hash;
    auto result = c.verify_header(h, options);
    ASSERT_FALSE(result.ok()) << test_case.name;
    const ErrorCode expected =
        h.chain_id != header1_.chain_id ? ErrorCode::kWrongChainId : ErrorCode::kHeaderHashMismatch;
    EXPECT_EQ(error_code_name(result.code()), error_code_name(expected)) << test_case.name;
  }
}

// PROTOCOL 4.1: heights and timestamps are JSON integers 0..2^63-1.
TEST_P(LightClientTest, HeaderIntegersAreBoundedAt2To63Minus1) {
  const Json valid = header_to_json(suite(), header1_);
  for (const char* key : {"height", "timestamp_ms"}) {
    Json j = valid;
    j.erase("hash");
    j[key] = kMaxInt64;
    auto at_max = header_from_json(j, "header");
    ASSERT_TRUE(at_max.ok()) << key << ": " << at_max.error().message;
    j[key] = kMaxInt64 + 1;
    EXPECT_CODE(header_from_json(j, "header"), ErrorCode::kInvalidArgument);
    for (const char* text : {"-1", "1.0", "1e3", "\"1\""}) {
      std::string dumped = valid.dump();
      const std::string field = std::string("\"") + key + "\":";
      const auto at = dumped.find(field);
      ASSERT_NE(at, std::string::npos);
      const auto end = dumped.find(',', at);
      dumped.replace(at + field.size(), end - at - field.size(), text);
      auto doc = parse_strict_json(dumped);
      ASSERT_TRUE(doc.ok()) << dumped;
      EXPECT_CODE(header_from_json(*doc, "header"), ErrorCode::kInvalidArgument);
    }
  }
  Json j = valid;
  j["tx_count"] = 0u;
  EXPECT_CODE(header_from_json(j, "header"), ErrorCode::kInvalidArgument);
  j["tx_count"] = (std::uint64_t{1} << 40) + 1;
  EXPECT_CODE(header_from_json(j, "header"), ErrorCode::kInvalidArgument);
  j = valid;
  j.erase("hash");
  j["tx_count"] = std::uint64_t{1} << 40;
  EXPECT_TRUE(header_from_json(j, "header").ok());
  // The anchor's height and a change's activation height too.
  Json anchor_json = trust_anchor_to_json(anchor());
  anchor_json["height"] = kMaxInt64;
  EXPECT_TRUE(trust_anchor_from_json(anchor_json).ok());
  anchor_json["height"] = kMaxInt64 + 1;
  EXPECT_CODE(trust_anchor_from_json(anchor_json), ErrorCode::kInvalidArgument);
  Json change_json = validator_set_change_to_json(*change_);
  change_json["activation_height"] = kMaxInt64;
  EXPECT_TRUE(validator_set_change_from_json(suite(), change_json, "change").ok());
  change_json["activation_height"] = kMaxInt64 + 1;
  EXPECT_CODE(validator_set_change_from_json(suite(), change_json, "change"), ErrorCode::kInvalidArgument);
}

// PROTOCOL 2.4: a chain id is 1-64 of A-Z a-z 0-9 - _ . in the anchor, the
// header and a validator-set change alike.
TEST_P(LightClientTest, ChainIdIsOneTo64AsciiIdentifierCharacters) {
  const std::string longest(64, 'c');
  const std::vector<std::string> good = {"c", "chainslip-demo", "Zj_fiscal.2026-A", longest};
  const std::vector<std::string> bad = {"", longest + "c", "chain slip", "chainslip/demo", "链",
                                        "chainslip\u00e9", "chain:1", "chainslip-demo\n"};
  auto read_all = [&](const std::string& id) {
    Json a = trust_anchor_to_json(anchor());
    a["chain_id"] = id;
    Json h = header_to_json(suite(), header1_);
    h["chain_id"] = id;
    Json c = validator_set_change_to_json(*change_);
    c["chain_id"] = id;
    return std::vector<Status>{status_of(trust_anchor_from_json(a)), status_of(header_from_json(h, "header")),
                               status_of(validator_set_change_from_json(suite(), c, "change"))};
  };
  for (const std::string& id : good) {
    for (const Status& s : read_all(id)) EXPECT_TRUE(s.ok()) << id << ": " << s.error().message;
  }
  for (const std::string& id : bad) {
    for (const Status& s : read_all(id)) EXPECT_CODE(s, ErrorCode::kInvalidArgument);
  }
}

TEST_P(LightClientTest, HeaderJsonRoundTripVerifies) {
  const Json j = header_to_json(suite(), header1_);
  EXPECT_EQ(j["hash"], to_hex(header_hash(suite(), header1_)));
  auto doc = parse_strict_json(j.dump());
  ASSERT_TRUE(doc.ok());
  auto back = header_from_json(*doc, "header");
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_TRUE(back->claimed_hash.has_value());
  EXPECT_EQ(canonical_header_bytes(*back), canonical_header_bytes(header1_));
  EXPECT_TRUE(client().verify_header(*back, now()).ok());
  // The parser pins the version.
  Json v2 = *doc;
  v2["version"] = 2u;
  EXPECT_CODE(header_from_json(v2, "header"), ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Suites, LightClientTest, ::testing::Values(Suite::kSm2Sm3, Suite::kP256Sha256),
                         suite_param_name);
INSTANTIATE_TEST_SUITE_P(Suites, QuorumTest, ::testing::Values(Suite::kSm2Sm3, Suite::kP256Sha256),
                         suite_param_name);

}  // namespace
}  // namespace chainslip
