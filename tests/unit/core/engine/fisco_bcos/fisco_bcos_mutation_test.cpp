// Every field of every object in tests/data/fisco-bcos, every signature
// byte, every proof word and every proof group count, changed one at a
// time: each change is refused by the checks the object supports. The
// fields the node itself never hashes, and that nothing else here can vouch
// for, are named (kUnboundFields) and must not be used by the engine.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "core/engine/fisco_bcos/header_verifier.h"
#include "core/engine/fisco_bcos/inclusion.h"
#include "core/engine/fisco_bcos/merkle_proof.h"
#include "core/engine/fisco_bcos/transaction_check.h"
#include "tests/support/fisco_bcos_node_data.h"

namespace chainslip::fisco {
namespace {

using test::crypto_of;
using test::digest_of;
using test::load_node_data;
using test::nonce_form_of;

// Not hashed by the node: importTime (the node's clock), extraData (a free
// note), message (the node's words for status). A receipt repeats its
// transaction's hash, from, to and input, unhashed: they are checked
// against the transaction (check_receipt_of_transaction) only where it is at
// hand, which for these two receipts it is not.
const std::map<std::string, std::set<std::string>> kUnboundFields = {
    {"doc-api-receipt-block2-sm", {"/message", "/extraData", "/from", "/to", "/input", "/transactionHash"}},
    {"doc-archive-receipt-f358ed", {"/message", "/transactionHash"}},
    {"doc-rpcapi-receipt-3949c1", {"/message", "/extraData"}},
    {"doc-rpcapi-tx-51a375", {"/importTime", "/extraData"}},
    {"doc-archive-tx-818d17", {"/importTime"}},
    {"javasdk-tx-08bf58-proof", {"/importTime"}},
};

template <typename T>
Status as_status(const Result<T>& r) {
  return r.ok() ? Status() : Status(r.error());
}

// Everything the file's object supports, as one verdict.
Status verify_file_object(const std::string& name, const Json& file, const Json& object) {
  const ChainCrypto crypto = crypto_of(file);
  const std::string kind = file.at("kind");
  if (kind == "header") {
    CS_ASSIGN_OR_RETURN(BlockHeader header, read_block_header(object));
    return as_status(verify_sealed_header(crypto, header));
  }
  const Digest one_leaf_root = digest_of(file.value("expected_hash", std::string(64, '0')));
  if (kind == "transaction") {
    CS_ASSIGN_OR_RETURN(Transaction tx, read_transaction(object, nonce_form_of(file)));
    CS_ASSIGN_OR_RETURN(Digest hash, check_transaction(crypto, tx));
    if (!tx.proof) return {};
    const Digest root = name == "javasdk-tx-08bf58-proof" ? digest_of(test::kJavaSdkProofRoot) : one_leaf_root;
    return as_status(verify_merkle_proof(crypto, *tx.proof, hash, root));
  }
  CS_ASSIGN_OR_RETURN(TransactionReceipt receipt, read_receipt(object));
  if (name == "doc-api-receipt-block2-sm") {
    const BlockHeader block2 = test::header_of(load_node_data("doc-api-block2-sm"));
    return as_status(verify_receipt_in_header(crypto, receipt, block2));
  }
  CS_ASSIGN_OR_RETURN(Digest hash, check_receipt(crypto, receipt));
  if (name == "doc-rpcapi-receipt-3949c1") {
    CS_RETURN_IF_ERROR(verify_merkle_proof(crypto, *receipt.proof, hash, one_leaf_root));
    const Transaction tx = test::transaction_of(load_node_data("doc-rpcapi-tx-51a375"));
    return check_receipt_of_transaction(crypto, receipt, tx);
  }
  return {};
}

char flipped_hex(char c) { return c == '0' ? '1' : '0'; }

bool is_lower_hex(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

struct Mutation {
  std::string field;  // the top-level field it changes, as a JSON pointer ("/sealerList")
  std::string what;
  Json object;
};

// "/sealerList" for "/sealerList/2".
std::string top_field(const Json::json_pointer& at) {
  const std::string s = at.to_string();
  const std::size_t next = s.find('/', 1);
  return next == std::string::npos ? s : s.substr(0, next);
}

// One change per leaf value (and per list: one item fewer, one more).
void collect(const Json& root, const Json::json_pointer& at, std::vector<Mutation>& out) {
  const Json& v = root.at(at);
  const std::string top = top_field(at);
  auto add = [&](const std::string& what, Json changed) {
    Json copy = root;
    copy[at] = std::move(changed);
    out.push_back({top, at.to_string() + ": " + what, std::move(copy)});
  };
  if (v.is_object()) {
    for (const auto& [key, value] : v.items()) collect(root, at / key, out);
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) collect(root, at / i, out);
    if (!v.empty()) {
      Json fewer = v;
      fewer.erase(fewer.size() - 1);
      add("last item dropped", fewer);
      Json more = v;
      more.push_back(v[0]);
      add("first item repeated", more);
    }
  } else if (v.is_number_unsigned()) {
    add("+1", v.get<std::uint64_t>() + 1);
  } else if (v.is_string()) {
    std::string s = v.get<std::string>();
    const bool prefixed = s.starts_with("0x");
    if (prefixed && s.size() == 2) {
      add("one byte added", "0x00");
    } else if (prefixed || is_lower_hex(s)) {
      std::string first = s;
      const std::size_t digit = prefixed ? 2 : 0;
      first[digit] = flipped_hex(first[digit]);
      add("first digit changed", first);
      s.back() = flipped_hex(s.back());
      add("last digit changed", s);
    } else if (s.empty()) {
      add("text added", "x");
    } else {
      s.back() = s.back() == 'a' ? 'b' : 'a';
      add("last character changed", s);
    }
  }
}

class MutationTest : public ::testing::TestWithParam<const char*> {};

TEST_P(MutationTest, EveryChangedFieldIsRefusedExceptThoseTheNodeDoesNotBind) {
  const std::string name = GetParam();
  const Json file = load_node_data(name);
  const Json& object = file.at("node_output");
  const bool valid = file.at("valid_under_3x_rules") == true;
  const Status original = verify_file_object(name, file, object);
  ASSERT_EQ(original.ok(), valid) << (original.ok() ? "" : original.error().message);

  std::vector<Mutation> mutations;
  collect(object, Json::json_pointer(), mutations);
  Json with_extra = object;
  with_extra["unexpected"] = 1;
  mutations.push_back({"/unexpected", "an unknown field", with_extra});
  ASSERT_GT(mutations.size(), 10u);

  const auto unbound_it = kUnboundFields.find(name);
  const std::set<std::string> unbound = unbound_it == kUnboundFields.end() ? std::set<std::string>{} : unbound_it->second;
  std::set<std::string> accepted_fields;
  for (const Mutation& m : mutations) {
    const Status verdict = verify_file_object(name, file, m.object);
    if (verdict.ok()) {
      accepted_fields.insert(m.field);
      EXPECT_TRUE(unbound.contains(m.field)) << name << " accepted " << m.what;
    }
  }
  // The exemptions are exactly the fields whose change went through.
  for (const std::string& field : unbound) {
    if (object.contains(field.substr(1))) {
      EXPECT_TRUE(accepted_fields.contains(field)) << name << " " << field;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(FiscoBcos, MutationTest, ::testing::ValuesIn(test::kNodeDataFiles), test::file_test_name);

// Every byte of every signature, one bit at a time.
void expect_each_signature_byte_refused(const std::string& name, const Json::json_pointer& signature) {
  const Json file = load_node_data(name);
  const std::string hex = file.at("node_output").at(signature);
  for (std::size_t i = 2; i < hex.size(); i += 2) {
    Json object = file.at("node_output");
    std::string changed = hex;
    const int low = std::stoi(changed.substr(i + 1, 1), nullptr, 16) ^ 1;
    changed[i + 1] = "0123456789abcdef"[low];
    object[signature] = changed;
    EXPECT_FALSE(verify_file_object(name, file, object).ok()) << name << signature << " byte " << (i - 2) / 2;
  }
}

TEST(FiscoBcosMutationTest, EveryByteOfBlock2sSignaturesIsRefused) {
  for (int s = 0; s < 3; ++s) {
    expect_each_signature_byte_refused("doc-api-block2-sm",
                                       Json::json_pointer("/signatureList/" + std::to_string(s) + "/signature"));
  }
}

TEST(FiscoBcosMutationTest, EveryByteOfTheTransactionsSignaturesIsRefused) {
  for (const char* name : {"doc-rpcapi-tx-51a375", "doc-archive-tx-818d17", "javasdk-tx-08bf58-proof"}) {
    expect_each_signature_byte_refused(name, Json::json_pointer("/signature"));
  }
}

TEST(FiscoBcosMutationTest, EveryProofWordAndGroupCountIsRefused) {
  const std::string name = "javasdk-tx-08bf58-proof";
  const Json file = load_node_data(name);
  const Json& proof = file.at("node_output").at("txProof");
  ASSERT_EQ(proof.size(), 26u);
  std::size_t counts = 0;
  for (std::size_t w = 0; w < proof.size(); ++w) {
    const std::string word = proof[w];
    for (std::size_t digit = 0; digit < word.size(); digit += 9) {
      Json object = file.at("node_output");
      std::string changed = word;
      changed[digit] = flipped_hex(changed[digit]);
      object["txProof"][w] = changed;
      EXPECT_FALSE(verify_file_object(name, file, object).ok()) << "word " << w << " digit " << digit;
    }
    if (word.starts_with("0000000")) {
      ++counts;
      for (char count : {'0', '1', '2', '3'}) {
        if (count == word[7]) continue;
        Json object = file.at("node_output");
        std::string changed = word;
        changed[7] = count;
        object["txProof"][w] = changed;
        EXPECT_FALSE(verify_file_object(name, file, object).ok()) << "word " << w << " count " << count;
      }
    }
  }
  EXPECT_EQ(counts, 9u);
}

}  // namespace
}  // namespace chainslip::fisco
