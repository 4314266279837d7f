#include "core/bundle/bundle_verifier.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/bundle/receipt_bundle.h"
#include "core/chain/transaction.h"
#include "core/crypto/hasher.h"
#include "core/merkle/merkle.h"
#include "core/receipt/money.h"
#include "sim/chain/chain_builder.h"
#include "sim/chain/forgery.h"
#include "sim/chain/receipt_factory.h"

namespace chainslip {
namespace {

constexpr std::uint64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr std::uint64_t kHourMs = 3600 * 1000;
constexpr std::uint64_t kSkewMs = 5 * 60 * 1000;
constexpr std::uint64_t kCertFrom = kT0 / 1000 - 365 * 86400;
constexpr std::uint64_t kCertTo = kT0 / 1000 + 2 * 365 * 86400;

std::string suite_param_name(const ::testing::TestParamInfo<Suite>& info) {
  return info.param == Suite::kSm2Sm3 ? "Sm2Sm3" : "P256Sha256";
}

Suite other_suite(Suite s) { return s == Suite::kSm2Sm3 ? Suite::kP256Sha256 : Suite::kSm2Sm3; }

HeaderCheckOptions at(std::uint64_t now_ms) {
  HeaderCheckOptions o;
  o.now_ms = now_ms;
  return o;
}

// A chain per suite, built once: block 1 (3 receipts) under the anchor's 3
// validators; a rotation to 4 fresh validators; block 2 (2 receipts); a
// rotation to 5; block 3 (4 receipts).
struct World {
  std::optional<sim::ChainBuilder> chain;
  std::vector<std::vector<ReceiptBundle>> blocks;
  HeaderCheckOptions options;

  const TrustAnchor& anchor() const { return chain->anchor(); }
  std::vector<const ReceiptBundle*> all() const {
    std::vector<const ReceiptBundle*> out;
    for (const auto& block : blocks) {
      for (const auto& b : block) out.push_back(&b);
    }
    return out;
  }
};

World build_world(Suite suite) {
  World w;
  sim::ChainBuilder::Options options;
  options.suite = suite;
  options.validator_count = 3;
  auto chain = sim::ChainBuilder::create(options);
  EXPECT_TRUE(chain.ok());
  w.chain.emplace(std::move(chain).value());
  auto hospital = w.chain->add_issuer("12330000470000000X", "浙江省人民医院", kCertFrom, kCertTo);
  auto clinic = w.chain->add_issuer("12110000400000000Y", "北京市第一中医医院", kCertFrom, kCertTo);
  EXPECT_TRUE(hospital.ok() && clinic.ok());
  sim::ReceiptFactory factory(20260101);
  std::uint64_t seq = 0;
  auto issue = [&](std::size_t issuer, std::uint64_t block_ms) {
    const auto& i = w.chain->issuers()[issuer];
    return sim::ChainBuilder::Issue{issuer, factory.make(i.id, i.name, issuer == 0 ? "33010126" : "11010126",
                                                         ++seq, block_ms / 1000 - 600)};
  };
  auto seal = [&](std::vector<std::size_t> issuers, std::uint64_t block_ms) {
    std::vector<sim::ChainBuilder::Issue> issues;
    for (std::size_t i : issuers) issues.push_back(issue(i, block_ms));
    auto bundles = w.chain->seal_block(issues, block_ms);
    EXPECT_TRUE(bundles.ok()) << bundles.error().message;
    w.blocks.push_back(bundles.ok() ? *bundles : std::vector<ReceiptBundle>{});
  };
  seal({0, 1, 0}, kT0 + kHourMs);
  EXPECT_TRUE(w.chain->rotate_validators(4).ok());
  seal({0, 1}, kT0 + 2 * kHourMs);
  EXPECT_TRUE(w.chain->rotate_validators(5).ok());
  seal({1, 0, 0, 1}, kT0 + 3 * kHourMs);
  w.options = at(kT0 + 4 * kHourMs);
  return w;
}

const World& world(Suite suite) {
  static std::map<Suite, World> worlds;
  auto it = worlds.find(suite);
  if (it == worlds.end()) it = worlds.emplace(suite, build_world(suite)).first;
  return it->second;
}

std::string code_name(ErrorCode code) { return std::string(error_code_name(code)); }

// The verdict as a name: "ok" or the error code's name.
std::string verdict(const ReceiptBundle& b, const TrustAnchor& anchor, const HeaderCheckOptions& options) {
  auto v = verify_bundle(b, anchor, options);
  return v.ok() ? "ok" : code_name(v.code());
}

std::string verdict_via_json(const ReceiptBundle& b, const TrustAnchor& anchor,
                             const HeaderCheckOptions& options) {
  auto parsed = parse_bundle(bundle_to_json(b).dump());
  if (!parsed.ok()) return code_name(parsed.code());
  return verdict(*parsed, anchor, options);
}

class BundleVerifierTest : public ::testing::TestWithParam<Suite> {
 protected:
  void SetUp() override {
    ASSERT_EQ(w().blocks.size(), 3u);
    ASSERT_EQ(w().blocks[0].size(), 3u);
    ASSERT_EQ(w().blocks[1].size(), 2u);
    ASSERT_EQ(w().blocks[2].size(), 4u);
  }
  Suite suite() const { return GetParam(); }
  const World& w() const { return world(GetParam()); }
  const TrustAnchor& anchor() const { return w().anchor(); }
  const HeaderCheckOptions& options() const { return w().options; }
  std::string verdict(const ReceiptBundle& b) const { return chainslip::verdict(b, anchor(), options()); }
  std::string verdict_via_json(const ReceiptBundle& b) const {
    return chainslip::verdict_via_json(b, anchor(), options());
  }
};

// ---------------------------------------------------------------------------

TEST_P(BundleVerifierTest, EveryBundleVerifies) {
  ASSERT_EQ(w().all().size(), 9u);
  for (const ReceiptBundle* b : w().all()) {
    auto v = verify_bundle(*b, anchor(), options());
    ASSERT_TRUE(v.ok()) << b->receipt.number << ": " << v.error().message;
    EXPECT_EQ(v->height, b->header.height);
    EXPECT_EQ(v->header_hash, header_hash(suite(), b->header));
    EXPECT_EQ(v->receipt_hash, hash(suite(), canonical_receipt_bytes(b->receipt)));
    EXPECT_EQ(v->tx_hash, hash(suite(), issuance_tx_bytes(b->receipt, b->issuer_signature, b->certificate)));
  }
  // Bundles carry the changes since the anchor: 0, 1 and 2 of them.
  EXPECT_EQ(w().blocks[0][0].validator_set_changes.size(), 0u);
  EXPECT_EQ(w().blocks[1][0].validator_set_changes.size(), 1u);
  EXPECT_EQ(w().blocks[2][0].validator_set_changes.size(), 2u);
}

TEST_P(BundleVerifierTest, EveryForgeryFailsWithItsExpectedReason) {
  for (const ReceiptBundle* valid : {&w().blocks[1][0], &w().blocks[2][3], &w().blocks[0][2]}) {
    auto forgeries = sim::forge_variants(*w().chain, *valid);
    ASSERT_TRUE(forgeries.ok()) << forgeries.error().message;
    ASSERT_GE(forgeries->size(), 10u);
    std::set<std::string> names;
    for (const auto& f : *forgeries) {
      EXPECT_TRUE(names.insert(f.name).second) << "duplicate forgery name " << f.name;
      EXPECT_EQ(verdict(f.bundle), code_name(f.expected)) << f.name;
      // The CLI sees them as JSON: the reason must survive the round trip.
      EXPECT_EQ(verdict_via_json(f.bundle), code_name(f.expected)) << f.name << " (JSON)";
    }
  }
}

TEST_P(BundleVerifierTest, JsonRoundTripPreservesVerification) {
  for (const ReceiptBundle* b : w().all()) {
    const Json j = bundle_to_json(*b);
    for (int indent : {-1, 2}) {
      auto parsed = parse_bundle(j.dump(indent));
      ASSERT_TRUE(parsed.ok()) << parsed.error().message;
      EXPECT_EQ(bundle_to_json(*parsed), j);
      EXPECT_EQ(parsed->receipt, b->receipt);
      EXPECT_EQ(parsed->issuer_signature, b->issuer_signature);
      EXPECT_EQ(parsed->proof.path, b->proof.path);
      EXPECT_EQ(canonical_header_bytes(parsed->header), canonical_header_bytes(b->header));
      auto v = verify_bundle(*parsed, anchor(), options());
      ASSERT_TRUE(v.ok()) << v.error().message;
      EXPECT_EQ(v->tx_hash,
                hash(suite(), issuance_tx_bytes(b->receipt, b->issuer_signature, b->certificate)));
    }
  }
}

// ---------------------------------------------------------------------------
// Exhaustive single-bit flips. Signatures are held as raw r||s after parsing,
// so a flipped bit reaches the verifier (a DER form would fail at parse).

// Each flip costs a full verify_bundle (certificate, issuer signature, every
// header signature, then the proof), so they run on block 1: no
// validator-set change to apply, 3 header signatures.

TEST_P(BundleVerifierTest, EveryBitFlipOfEveryProofNodeFails) {
  const ReceiptBundle& valid = w().blocks[0][0];
  ASSERT_EQ(valid.proof.path.size(), 2u);
  ASSERT_EQ(verdict(valid), "ok");
  for (std::size_t node = 0; node < valid.proof.path.size(); ++node) {
    for (std::size_t bit = 0; bit < 256; ++bit) {
      ReceiptBundle b = valid;
      b.proof.path[node][bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      ASSERT_EQ(verdict(b), code_name(ErrorCode::kInclusionProofInvalid))
          << "node " << node << " bit " << bit;
    }
  }
}

TEST_P(BundleVerifierTest, EveryBitFlipOfTheIssuerSignatureFails) {
  const ReceiptBundle& valid = w().blocks[1][1];  // after a rotation
  for (std::size_t bit = 0; bit < 512; ++bit) {
    ReceiptBundle b = valid;
    auto raw = b.issuer_signature.raw();
    raw[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    b.issuer_signature = Signature::from_raw(raw);
    ASSERT_EQ(verdict(b), code_name(ErrorCode::kIssuerSignatureInvalid)) << "bit " << bit;
  }
}

TEST_P(BundleVerifierTest, EveryBitFlipOfEveryHeaderSignatureFails) {
  // Each signature flipped where it stands: a verifier that checked only
  // some of the signatures would let the others through.
  const ReceiptBundle& valid = w().blocks[0][1];
  ASSERT_EQ(valid.header.signatures.size(), 3u);
  for (std::size_t sig = 0; sig < valid.header.signatures.size(); ++sig) {
    for (std::size_t bit = 0; bit < 512; ++bit) {
      ReceiptBundle b = valid;
      auto raw = b.header.signatures[sig].signature.raw();
      raw[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      b.header.signatures[sig].signature = Signature::from_raw(raw);
      ASSERT_EQ(verdict(b), code_name(ErrorCode::kValidatorSignatureInvalid))
          << "signature " << sig << " bit " << bit;
    }
  }
}

TEST_P(BundleVerifierTest, SignatureFlipsInTheJsonNeverVerify) {
  // On the wire a changed hex digit may also break the encoding; either way
  // the bundle must not verify, and the reason must be one of these.
  const ReceiptBundle& valid = w().blocks[0][1];
  const std::string text = bundle_to_json(valid).dump();
  struct Target {
    std::string hex;
    std::set<std::string> allowed;
  };
  const std::vector<Target> targets = {
      {to_hex(valid.issuer_signature.raw()),
       {code_name(ErrorCode::kInvalidArgument), code_name(ErrorCode::kIssuerSignatureInvalid)}},
      {to_hex(valid.header.signatures[0].signature.raw()),
       {code_name(ErrorCode::kInvalidArgument), code_name(ErrorCode::kValidatorSignatureInvalid)}},
  };
  for (const auto& target : targets) {
    const auto pos = text.find(target.hex);
    ASSERT_NE(pos, std::string::npos);
    for (std::size_t i = 0; i < target.hex.size(); ++i) {
      const int nibble = std::isdigit(static_cast<unsigned char>(target.hex[i])) ? target.hex[i] - '0'
                                                                                 : target.hex[i] - 'a' + 10;
      // One flipped bit of the nibble, and a character that is not hex.
      for (char replacement : {"0123456789abcdef"[nibble ^ (1 << (i % 4))], 'g'}) {
        std::string changed = text;
        changed[pos + i] = replacement;
        auto parsed = parse_bundle(changed);
        const std::string v = parsed.ok() ? verdict(*parsed) : code_name(parsed.code());
        EXPECT_TRUE(target.allowed.count(v)) << "digit " << i << " -> " << replacement << ": " << v;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Each receipt field is covered by the issuer's signature.

struct Mutation {
  std::string name;
  std::function<void(ReceiptBundle&)> mutate;
  ErrorCode expected;
};

std::vector<Mutation> receipt_mutations() {
  return {
      {"payer", [](ReceiptBundle& b) { b.receipt.payer.name = "李四"; }, ErrorCode::kIssuerSignatureInvalid},
      {"payer id", [](ReceiptBundle& b) { b.receipt.payer.id_number = "110101199003070000"; },
       ErrorCode::kIssuerSignatureInvalid},
      {"business serial", [](ReceiptBundle& b) { b.receipt.business_serial += "9"; },
       ErrorCode::kIssuerSignatureInvalid},
      {"amount with items adjusted",
       [](ReceiptBundle& b) {
         auto& item = b.receipt.items.back();
         item.unit_price_ten_thousandths += 10000;  // one yuan: the amount follows exactly
         item.amount_fen += item.quantity_hundredths;
         b.receipt.amount_fen += item.quantity_hundredths;
         if (b.receipt.medical) b.receipt.medical->payments.cash_fen += item.quantity_hundredths;
       },
       ErrorCode::kIssuerSignatureInvalid},
      {"quantity with amounts adjusted",
       [](ReceiptBundle& b) {
         auto& item = b.receipt.items.front();
         item.quantity_hundredths += 100;  // one more, its price added
         const std::uint64_t before = item.amount_fen;
         item.amount_fen =
             *line_amount_fen(item.quantity_hundredths, item.unit_price_ten_thousandths, kMaxAmountFen);
         b.receipt.amount_fen += item.amount_fen - before;
         if (b.receipt.medical) b.receipt.medical->payments.cash_fen += item.amount_fen - before;
       },
       ErrorCode::kIssuerSignatureInvalid},
      {"extra item",
       [](ReceiptBundle& b) {
         b.receipt.items.push_back(
             ReceiptItem{"250101015", "检查费", "项", 100, 200000, 2000, InsuranceClass::kClassA});
         b.receipt.amount_fen += 2000;
         if (b.receipt.medical) b.receipt.medical->payments.cash_fen += 2000;
       },
       ErrorCode::kIssuerSignatureInvalid},
      // One second earlier: still inside the certificate and before the block.
      {"issued_at -1 s", [](ReceiptBundle& b) { b.receipt.issued_at -= 1; },
       ErrorCode::kIssuerSignatureInvalid},
      {"issued_at +1 s", [](ReceiptBundle& b) { b.receipt.issued_at += 1; },
       ErrorCode::kIssuerSignatureInvalid},
      {"code", [](ReceiptBundle& b) { b.receipt.code = "33010127"; }, ErrorCode::kIssuerSignatureInvalid},
      {"number", [](ReceiptBundle& b) { b.receipt.number[9] = b.receipt.number[9] == '9' ? '8' : '9'; },
       ErrorCode::kIssuerSignatureInvalid},
      {"check_code", [](ReceiptBundle& b) { b.receipt.check_code = "zzzzzz"; },
       ErrorCode::kIssuerSignatureInvalid},
      {"kind",
       [](ReceiptBundle& b) {
         Receipt& r = b.receipt;
         if (!r.medical) {
           r.kind = r.kind == ReceiptKind::kDonation ? ReceiptKind::kFine : ReceiptKind::kDonation;
         } else if (r.kind == ReceiptKind::kOutpatient) {  // the visit becomes a one-day stay
           r.kind = ReceiptKind::kInpatient;
           r.medical->admission_date = r.medical->discharge_date = r.medical->visit_date;
           r.medical->visit_date = CalendarDate{};
         } else {
           r.kind = ReceiptKind::kOutpatient;
           r.medical->visit_date = r.medical->discharge_date;
           r.medical->admission_date = r.medical->discharge_date = CalendarDate{};
         }
       },
       ErrorCode::kIssuerSignatureInvalid},
      {"insurance class",
       [](ReceiptBundle& b) {
         InsuranceClass& c = b.receipt.items[0].insurance_class;
         c = c == InsuranceClass::kClassA ? InsuranceClass::kClassB : InsuranceClass::kClassA;
       },
       ErrorCode::kIssuerSignatureInvalid},
      {"item name", [](ReceiptBundle& b) { b.receipt.items[0].name += "甲"; },
       ErrorCode::kIssuerSignatureInvalid},
      // The issuer fields name the certificate's subject.
      {"issuer_id", [](ReceiptBundle& b) { b.receipt.issuer_id = "12110000400000000Y"; },
       ErrorCode::kCertificateIssuerMismatch},
      {"issuer_name", [](ReceiptBundle& b) { b.receipt.issuer_name = "北京市第一中医医院"; },
       ErrorCode::kCertificateIssuerMismatch},
      // Issue time moved outside the certificate's validity.
      {"issued_at before the certificate", [](ReceiptBundle& b) { b.receipt.issued_at = kCertFrom - 1; },
       ErrorCode::kCertificateNotValidAtIssueTime},
      {"issued_at after the certificate", [](ReceiptBundle& b) { b.receipt.issued_at = kCertTo + 1; },
       ErrorCode::kCertificateNotValidAtIssueTime},
  };
}

TEST_P(BundleVerifierTest, MutatingAnyReceiptFieldFails) {
  const ReceiptBundle& valid = w().blocks[1][0];
  for (const auto& m : receipt_mutations()) {
    ReceiptBundle b = valid;
    m.mutate(b);
    ASSERT_NE(b.receipt, valid.receipt) << m.name;
    // The forgery is a well-formed receipt: only the signature can catch it.
    EXPECT_TRUE(validate_receipt(b.receipt).ok()) << m.name;
    EXPECT_EQ(verdict(b), code_name(m.expected)) << m.name;
    EXPECT_EQ(verdict_via_json(b), code_name(m.expected)) << m.name << " (JSON)";
  }
}

TEST_P(BundleVerifierTest, ReceiptFromAnotherBundleDoesNotMatchItsSignature) {
  // Same issuer, genuine receipt, genuine signature, but not each other's.
  ReceiptBundle b = w().blocks[0][0];
  b.receipt = w().blocks[0][2].receipt;
  ASSERT_EQ(b.receipt.issuer_id, w().blocks[0][0].receipt.issuer_id);
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kIssuerSignatureInvalid));
  // With its own signature too, the proof (for the other transaction) fails.
  b.issuer_signature = w().blocks[0][2].issuer_signature;
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kInclusionProofInvalid));
}

// ---------------------------------------------------------------------------

TEST_P(BundleVerifierTest, ProofTreeSizeMustEqualTheHeaderTxCount) {
  // Block 3 has 4 transactions. A size-3 proof for leaf 0 consists of
  // [leaf 1, MTH(leaves 2..2)], the size-4 proof of [leaf 1, MTH(leaves 2..3)];
  // with the size-4 path under tree_size 3, the RFC 9162 check alone still
  // reaches the size-4 root, so only the tree_size == tx_count rule rejects it.
  const ReceiptBundle& valid = w().blocks[2][0];
  ASSERT_EQ(valid.header.tx_count, 4u);
  ASSERT_EQ(valid.proof.leaf_index, 0u);
  ReceiptBundle b = valid;
  b.proof.tree_size = 3;
  const Digest leaf =
      merkle_leaf_hash(suite(), issuance_tx_bytes(b.receipt, b.issuer_signature, b.certificate));
  ASSERT_TRUE(verify_inclusion(suite(), 0, 3, leaf, b.proof.path, b.header.tx_root).ok())
      << "premise: the path alone also proves leaf 0 in a tree of 3";
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kInclusionProofInvalid));
  EXPECT_EQ(verdict_via_json(b), code_name(ErrorCode::kInclusionProofInvalid));
  // Larger sizes fail too.
  for (std::uint64_t size : {1u, 2u, 5u, 8u}) {
    b.proof.tree_size = size;
    EXPECT_EQ(verdict(b), code_name(ErrorCode::kInclusionProofInvalid)) << size;
  }
}

TEST_P(BundleVerifierTest, ProofForAnotherLeafOrWithNodesAddedOrRemovedFails) {
  const ReceiptBundle& valid = w().blocks[2][1];
  ReceiptBundle b = valid;
  b.proof = w().blocks[2][2].proof;  // another leaf's proof
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kInclusionProofInvalid));
  b = valid;
  b.proof.path.pop_back();
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kInclusionProofInvalid));
  b = valid;
  b.proof.path.push_back(b.proof.path.front());
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kInclusionProofInvalid));
  b = valid;
  b.proof.leaf_index = 4;  // out of range
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kInclusionProofInvalid));
}

TEST_P(BundleVerifierTest, SuiteMismatch) {
  ReceiptBundle b = w().blocks[0][0];
  b.suite = other_suite(suite());
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kSuiteMismatch));
  // A genuine bundle of the other suite's chain, against this anchor.
  const World& other = world(other_suite(suite()));
  EXPECT_EQ(verdict(other.blocks[0][0]), code_name(ErrorCode::kSuiteMismatch));
  EXPECT_EQ(verdict_via_json(other.blocks[1][0]), code_name(ErrorCode::kSuiteMismatch));
  EXPECT_EQ(chainslip::verdict(other.blocks[1][0], other.anchor(), other.options), "ok");
}

TEST_P(BundleVerifierTest, BundleFromAnotherChainOfTheSameSuite) {
  // Same suite, same chain id, other validators and authority.
  World stranger = build_world(suite());
  EXPECT_EQ(verdict(stranger.blocks[0][0]), code_name(ErrorCode::kCertificateSignatureInvalid));
}

TEST_P(BundleVerifierTest, ValidatorSetChangesMustAllBePresentAndInOrder) {
  ReceiptBundle b = w().blocks[2][0];
  ASSERT_EQ(b.validator_set_changes.size(), 2u);
  b.validator_set_changes.clear();
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kValidatorSetMismatch));
  b = w().blocks[2][0];
  b.validator_set_changes.pop_back();
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kValidatorSetMismatch));
  b = w().blocks[2][0];
  std::swap(b.validator_set_changes[0], b.validator_set_changes[1]);
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kValidatorSetChangeInvalid));
  b = w().blocks[2][0];
  b.validator_set_changes.push_back(b.validator_set_changes[1]);  // replayed
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kValidatorSetChangeInvalid));
}

// PROTOCOL 4 and 5 step 5: the changes end at the set in force at the
// header's height. A genuine change activating after it is refused, also
// when the verifier holds it: a kiosk keeps a bundle's changes, and must not
// learn a later one from a bundle that did not need it.
TEST_P(BundleVerifierTest, ValidatorSetChangeActivatingAfterTheHeaderIsRefused) {
  const auto& changes = w().blocks[2][0].validator_set_changes;
  ASSERT_EQ(changes.size(), 2u);
  ASSERT_EQ(changes[0].activation_height, 2u);
  ASSERT_EQ(changes[1].activation_height, 3u);
  ReceiptBundle b = w().blocks[0][0];  // height 1
  b.validator_set_changes = changes;
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kValidatorSetChangeInvalid));
  EXPECT_EQ(verdict_via_json(b), code_name(ErrorCode::kValidatorSetChangeInvalid));
  b = w().blocks[1][0];  // height 2: the first change is due, the second is not
  ASSERT_EQ(b.header.height, 2u);
  b.validator_set_changes = changes;
  EXPECT_EQ(verdict(b), code_name(ErrorCode::kValidatorSetChangeInvalid));
  LightClient holding(anchor());
  ASSERT_TRUE(holding.apply(changes[0]).ok());
  ASSERT_TRUE(holding.apply(changes[1]).ok());
  auto held = verify_bundle(b, holding, options());
  ASSERT_FALSE(held.ok());
  EXPECT_EQ(code_name(held.code()), code_name(ErrorCode::kValidatorSetChangeInvalid)) << held.error().message;
  // Activating at the header's own height is in force there: accepted.
  b.validator_set_changes = {changes[0]};
  EXPECT_EQ(verdict(b), "ok");
  EXPECT_TRUE(verify_bundle(b, holding, options()).ok());
}

// PROTOCOL 2.6: tree_size is 1..2^40; a proof against an empty tree (size 0)
// proves nothing: refused when read, and refused by the proof check itself.
TEST_P(BundleVerifierTest, ProofAgainstAnEmptyTreeIsRefused) {
  ReceiptBundle b = w().blocks[0][0];
  Json j = bundle_to_json(b);
  j["inclusion_proof"]["tree_size"] = 0u;
  j["inclusion_proof"]["path"] = Json::array();
  auto parsed = parse_bundle(j.dump());
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(code_name(parsed.code()), code_name(ErrorCode::kInvalidArgument));
  b.proof.tree_size = 0;
  b.proof.path.clear();
  b.header.tx_count = 0;  // even a header that claims an empty tree
  b.header.tx_root = merkle_empty_root(suite());
  const Bytes tx = issuance_tx_bytes(b.receipt, b.issuer_signature, b.certificate);
  auto included = verify_inclusion_in_header(suite(), b.proof, b.header, tx);
  ASSERT_FALSE(included.ok());
  EXPECT_EQ(code_name(included.code()), code_name(ErrorCode::kInclusionProofInvalid));
}

TEST_P(BundleVerifierTest, HeaderTimeChecksApplyToBundles) {
  const ReceiptBundle& valid = w().blocks[2][0];
  const std::uint64_t ts = valid.header.timestamp_ms;
  EXPECT_EQ(chainslip::verdict(valid, anchor(), at(ts - kSkewMs - 1)),
            code_name(ErrorCode::kHeaderFromFuture));
  EXPECT_EQ(chainslip::verdict(valid, anchor(), at(ts - kSkewMs)), "ok");
  HeaderCheckOptions o = at(ts + 60'001);
  o.max_age_ms = 60'000;
  EXPECT_EQ(chainslip::verdict(valid, anchor(), o), code_name(ErrorCode::kHeaderStale));
  o.now_ms = ts + 60'000;
  EXPECT_EQ(chainslip::verdict(valid, anchor(), o), "ok");
}

// A fresh chain whose one block is sealed at `header_ms` with a receipt
// issued at `issued_at` (seconds), by an issuer certified until `cert_to`.
ReceiptBundle bundle_sealed_at(sim::ChainBuilder& chain, std::uint64_t issued_at, std::uint64_t header_ms,
                               std::uint64_t cert_to = kCertTo) {
  auto issuer = chain.add_issuer("12330000470000000X", "浙江省人民医院", kCertFrom, cert_to);
  EXPECT_TRUE(issuer.ok());
  sim::ReceiptFactory factory(99);
  Receipt r1 = factory.make("12330000470000000X", "浙江省人民医院", "33010126", 1, issued_at);
  Receipt r2 = factory.make("12330000470000000X", "浙江省人民医院", "33010126", 2, issued_at);
  // Non-medical: a visit date derived from an issue time centuries ahead
  // would be no calendar date, and these tests are about the header's time.
  for (Receipt* r : {&r1, &r2}) {
    r->kind = ReceiptKind::kNonTax;
    r->medical.reset();
  }
  auto bundles = chain.seal_block({{*issuer, r1}, {*issuer, r2}}, header_ms);
  EXPECT_TRUE(bundles.ok()) << bundles.error().message;
  return bundles.ok() ? bundles->at(0) : ReceiptBundle{};
}

sim::ChainBuilder new_chain(Suite suite) {
  sim::ChainBuilder::Options options;
  options.suite = suite;
  options.validator_count = 4;
  auto chain = sim::ChainBuilder::create(options);
  EXPECT_TRUE(chain.ok());
  return std::move(chain).value();
}

TEST_P(BundleVerifierTest, HeaderOlderThanTheReceipt) {
  const std::uint64_t issued_at = kT0 / 1000 + 86400;  // seconds
  const HeaderCheckOptions now = at(issued_at * 1000 + kHourMs);
  {
    // Sealed just beyond the skew before the receipt was issued.
    sim::ChainBuilder chain = new_chain(suite());
    ReceiptBundle b = bundle_sealed_at(chain, issued_at, issued_at * 1000 - kSkewMs - 1);
    EXPECT_EQ(chainslip::verdict(b, chain.anchor(), now), code_name(ErrorCode::kHeaderBeforeIssue));
    EXPECT_EQ(chainslip::verdict_via_json(b, chain.anchor(), now), code_name(ErrorCode::kHeaderBeforeIssue));
  }
  {
    // Exactly the skew before it: accepted.
    sim::ChainBuilder chain = new_chain(suite());
    ReceiptBundle b = bundle_sealed_at(chain, issued_at, issued_at * 1000 - kSkewMs);
    EXPECT_EQ(chainslip::verdict(b, chain.anchor(), now), "ok");
  }
}

TEST_P(BundleVerifierTest, HeaderBeforeIssueDoesNotWrapForFarFutureIssueTimes) {
  // A certificate without a practical end (not_after = INT64_MAX) and a
  // receipt dated so far ahead that issued_at * 1000 exceeds 2^64: the block
  // of 2026 is still older than the receipt.
  constexpr std::uint64_t kMaxTime = std::numeric_limits<std::int64_t>::max();
  const std::uint64_t wrapping = std::numeric_limits<std::uint64_t>::max() / 1000 + 1;  // * 1000 wraps to 384
  for (std::uint64_t issued_at : {wrapping, wrapping + 1'000'000, kMaxTime}) {
    sim::ChainBuilder chain = new_chain(suite());
    const std::uint64_t header_ms = kT0 + kHourMs;
    ReceiptBundle b = bundle_sealed_at(chain, issued_at, header_ms, kMaxTime);
    EXPECT_EQ(chainslip::verdict(b, chain.anchor(), at(header_ms)), code_name(ErrorCode::kHeaderBeforeIssue))
        << "issued_at " << issued_at;
  }
}

// ---------------------------------------------------------------------------
// The bundle text: money and duplicate keys.

class BundleJsonTest : public BundleVerifierTest {
 protected:
  // Compact text of a valid bundle; its receipt total appears as
  // "receipt":{"amount":"N.NN", (keys are sorted).
  std::string valid_text() const { return bundle_to_json(w().blocks[1][1]).dump(); }
  std::string total_value() const { return fixed_decimal(w().blocks[1][1].receipt.amount_fen, 2); }
  std::string total_field() const { return R"("receipt":{"amount":")" + total_value() + "\""; }
  std::string with(const std::string& from, const std::string& to) const {
    std::string text = valid_text();
    auto pos = text.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    if (pos != std::string::npos) text.replace(pos, from.size(), to);
    return text;
  }
  void expect_invalid_argument(const std::string& text, const std::string& mention) const {
    auto parsed = parse_bundle(text);
    ASSERT_FALSE(parsed.ok()) << "parsed";
    EXPECT_EQ(code_name(parsed.code()), code_name(ErrorCode::kInvalidArgument)) << parsed.error().message;
    EXPECT_NE(parsed.error().message.find(mention), std::string::npos) << parsed.error().message;
  }
};

TEST_P(BundleJsonTest, ValidTextParsesAndVerifies) {
  auto parsed = parse_bundle(valid_text());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(verdict(*parsed), "ok");
  ASSERT_NE(valid_text().find(total_field() + ","), std::string::npos);
}

TEST_P(BundleJsonTest, AmountMustBeAnExactDecimal) {
  const std::string total = total_field();
  const std::string value = total_value();
  expect_invalid_argument(with(total, R"("receipt":{"amount":)" + value), "bundle.receipt.amount");
  expect_invalid_argument(with(total, R"("receipt":{"amount":"12.5")"), "bundle.receipt.amount");
  expect_invalid_argument(with(total, R"("receipt":{"amount":"-)" + value + "\""), "bundle.receipt.amount");
  expect_invalid_argument(with(total, R"("receipt":{"amount":")" + value + "0\""), "bundle.receipt.amount");
  const std::string item =
      R"("items":[{"amount":")" + fixed_decimal(w().blocks[1][1].receipt.items[0].amount_fen, 2);
  expect_invalid_argument(with(item, item + "5"), "bundle.receipt.items[0].amount");
  expect_invalid_argument(with(item + "\"", R"("items":[{"amount":1)"), "bundle.receipt.items[0].amount");
}

TEST_P(BundleJsonTest, MoneyRulesFailWithTheirOwnReasons) {
  // Well-formed decimals that break a sum: parsing names the rule.
  const ReceiptBundle& b = w().blocks[1][1];
  Json j = bundle_to_json(b);
  j["receipt"]["amount"] = fixed_decimal(b.receipt.amount_fen + 1, 2);
  auto parsed = parse_bundle(j.dump());
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(code_name(parsed.code()), "total_mismatch") << parsed.error().message;
  j = bundle_to_json(b);
  j["receipt"]["items"][0]["amount"] = fixed_decimal(b.receipt.items[0].amount_fen + 1, 2);
  parsed = parse_bundle(j.dump());
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(code_name(parsed.code()), "item_amount_mismatch") << parsed.error().message;
}

TEST_P(BundleJsonTest, DuplicateKeysAreRejected) {
  const std::string total = total_field();
  // The same value twice, and a smaller one after it.
  expect_invalid_argument(with(total, total + R"(,"amount":")" + total_value() + "\""), "amount");
  expect_invalid_argument(with(total, total + R"(,"amount":"0.01")"), "amount");
  expect_invalid_argument(with(R"("version":2)", R"("version":2,"version":2)"), "version");
  expect_invalid_argument(with(R"("tx_count":)", R"("tx_count":1,"tx_count":)"), "tx_count");
}

TEST_P(BundleJsonTest, UnknownMissingAndUnsupportedFieldsAreRejected) {
  Json j = bundle_to_json(w().blocks[1][1]);
  Json extra = j;
  extra["note"] = "x";
  expect_invalid_argument(extra.dump(), "bundle.note");
  Json v1 = j;
  v1["version"] = 1u;  // v1 receipts are retired
  expect_invalid_argument(v1.dump(), "bundle.version");
  Json header_v2 = j;
  header_v2["header"]["version"] = 2u;
  expect_invalid_argument(header_v2.dump(), "bundle.header.version");
  expect_invalid_argument(with(R"("tx_count":)", R"("extra":0,"tx_count":)"), "bundle.header.extra");
  expect_invalid_argument(with(R"("leaf_index":)", R"("leaf_index":0.0,"x":)"), "bundle.inclusion_proof");
  for (const char* key : {"receipt", "issuer_signature", "issuer_certificate", "inclusion_proof", "header",
                          "validator_set_changes", "suite", "version"}) {
    Json missing = j;
    missing.erase(key);
    expect_invalid_argument(missing.dump(), std::string("bundle.") + key);
  }
  Json unknown_suite = j;
  unknown_suite["suite"] = "rsa-sha1";
  expect_invalid_argument(unknown_suite.dump(), "rsa-sha1");
}

// PROTOCOL 4.1: a bundle's text is read whole, by the rules of sections 2
// and 4, before any step of section 5. One that breaks a text rule and a
// later check as well is invalid_argument, not the later check's reason.
TEST_P(BundleJsonTest, TextRulesComeBeforeEveryVerificationStep) {
  // The verdict on a text: its parse error, or the verifier's.
  auto verdict_of = [&](const std::string& text) {
    auto parsed = parse_bundle(text);
    return parsed.ok() ? verdict(*parsed) : code_name(parsed.code());
  };
  const ReceiptBundle& valid = w().blocks[1][1];
  // Another chain's header (step 6), with an unknown field in it, or behind
  // a byte order mark.
  Json j = bundle_to_json(valid);
  j["header"]["chain_id"] = "chainslip-other";
  ASSERT_EQ(verdict_of(j.dump()), code_name(ErrorCode::kWrongChainId)) << "premise";
  expect_invalid_argument("\xEF\xBB\xBF" + j.dump(), "byte order mark");
  j["header"]["note"] = 1;
  expect_invalid_argument(j.dump(), "bundle.header.note");
  // Another receipt's issuer signature (step 4), with a bidi override in
  // the payer's name.
  j = bundle_to_json(valid);
  j["issuer_signature"] = to_hex(w().blocks[1][0].issuer_signature.raw());
  ASSERT_EQ(verdict_of(j.dump()), code_name(ErrorCode::kIssuerSignatureInvalid)) << "premise";
  j["receipt"]["payer"]["name"] = "\u5f20\u202e\u4e09";
  expect_invalid_argument(j.dump(), "bundle.receipt.payer.name");
  // Changes out of order (step 5), with a header height over 2^63 - 1.
  j = bundle_to_json(w().blocks[2][0]);
  std::swap(j["validator_set_changes"][0], j["validator_set_changes"][1]);
  ASSERT_EQ(verdict_of(j.dump()), code_name(ErrorCode::kValidatorSetChangeInvalid)) << "premise";
  j["header"]["height"] = std::uint64_t{1} << 63;
  expect_invalid_argument(j.dump(), "bundle.header.height");
}

// PROTOCOL 4.1: the bundle's integers at their bounds.
TEST_P(BundleJsonTest, IntegerFieldsAreReadWithinTheirRanges) {
  const Json valid = bundle_to_json(w().blocks[1][1]);
  struct Bound {
    std::vector<const char*> path;
    std::uint64_t max;  // the largest accepted value; max + 1 is refused
  };
  const Bound bounds[] = {
      {{"inclusion_proof", "leaf_index"}, std::numeric_limits<std::int64_t>::max()},
      {{"inclusion_proof", "tree_size"}, std::uint64_t{1} << 40},
      {{"receipt", "issued_at"}, std::numeric_limits<std::int64_t>::max()},
      {{"issuer_certificate", "not_after"}, std::numeric_limits<std::int64_t>::max()},
  };
  for (const Bound& bound : bounds) {
    Json j = valid;
    Json* field = &j;
    for (const char* key : bound.path) field = &(*field)[key];
    *field = bound.max;
    auto at_max = parse_bundle(j.dump());
    EXPECT_TRUE(at_max.ok()) << bound.path.back() << ": " << (at_max.ok() ? "" : at_max.error().message);
    *field = bound.max + 1;
    expect_invalid_argument(j.dump(), bound.path.back());
  }
  Json j = valid;
  j["version"] = 3u;
  expect_invalid_argument(j.dump(), "bundle.version");
}

INSTANTIATE_TEST_SUITE_P(Suites, BundleVerifierTest, ::testing::Values(Suite::kSm2Sm3, Suite::kP256Sha256),
                         suite_param_name);
INSTANTIATE_TEST_SUITE_P(Suites, BundleJsonTest, ::testing::Values(Suite::kSm2Sm3, Suite::kP256Sha256),
                         suite_param_name);

}  // namespace
}  // namespace chainslip
