// Runs the built `chainslip fisco hash`, `verify-header` and `registry-call`
// (firmware/cli/fisco_command.h) on the node output in tests/data/fisco-bcos:
// exit codes, the printed hash and verdict, bare objects and JSON-RPC
// replies. The program is found as in cli_test.cpp.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "built_program.h"
#include "core/engine/fisco_bcos/registry_call.h"
#include "core/util/file_io.h"
#include "core/util/strict_json.h"

namespace chainslip {
namespace {

struct FiscoRun {
  int exit_code = -1;
  std::string out;

  Json json() const {
    auto doc = parse_strict_json(out);
    EXPECT_TRUE(doc.ok()) << "stdout is not one JSON object: " << out;
    return doc.ok() ? *doc : Json::object();
  }
};

class FiscoCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(test::built_program("firmware/chainslip")));
    std::string tmpl = (std::filesystem::path(::testing::TempDir()) / "fisco_cmd_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static Json data_file(const std::string& name) {
    auto text = read_file(std::string(CHAINSLIP_TESTDATA_DIR) + "/fisco-bcos/" + name + ".json", 1 << 20);
    EXPECT_TRUE(text.ok()) << name;
    auto doc = parse_strict_json(text.ok() ? *text : "{}");
    return doc.ok() ? *doc : Json::object();
  }

  // The node's object alone, or inside a JSON-RPC reply.
  std::string write_object(const std::string& name, bool as_reply, const Json* replace = nullptr) {
    const Json object = replace != nullptr ? *replace : data_file(name).at("node_output");
    const Json doc = as_reply ? Json{{"id", 1}, {"jsonrpc", "2.0"}, {"result", object}} : object;
    const std::string path = dir_ + "/" + name + (as_reply ? "-reply" : "") + ".json";
    std::ofstream(path) << doc.dump(1);
    return path;
  }

  static FiscoRun run_fisco(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"fisco"};
    argv.insert(argv.end(), args.begin(), args.end());
    const test::ShellRun r = test::run_shell(
        test::program_command(test::built_program("firmware/chainslip"), argv) + " 2>/dev/null");
    return {r.exit_code, r.out};
  }

  std::string dir_;
};

TEST_F(FiscoCommandTest, HashOfEveryValidFileMatchesItsExpectedHash) {
  for (const char* name : {"doc-api-block2-sm", "doc-api-receipt-block2-sm", "doc-archive-receipt-f358ed",
                           "doc-archive-tx-818d17", "doc-rpcapi-receipt-3949c1", "doc-rpcapi-tx-51a375",
                           "javasdk-tx-08bf58-proof"}) {
    const Json file = data_file(name);
    std::vector<std::string> args = {"hash", file.at("kind"), write_object(name, true), "--json"};
    if (file.at("hash_algorithm") == "SM3") args.push_back("--sm3");
    if (file.contains("json_nonce")) args.insert(args.end(), {"--nonce", file.at("json_nonce")});
    const FiscoRun r = run_fisco(args);
    ASSERT_EQ(r.exit_code, 0) << name << ": " << r.out;
    const Json j = r.json();
    EXPECT_EQ(j["hash"], file.at("expected_hash")) << name;
    EXPECT_EQ(j["matches"], true) << name;
  }
}

TEST_F(FiscoCommandTest, HashOfThePreReleaseHeaderParsesButDoesNotMatch) {
  const FiscoRun r = run_fisco({"hash", "header", write_object("javasdk-header-c3c038-rc4", false), "--keccak"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("matches  no"), std::string::npos) << r.out;
}

TEST_F(FiscoCommandTest, HashWithTheWrongNonceFormDoesNotMatch) {
  const FiscoRun r = run_fisco({"hash", "transaction", write_object("doc-archive-tx-818d17", false), "--nonce", "hex", "--json"});
  // A decimal nonce is also hex; read as hex it is another nonce.
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.json()["matches"], false);
}

TEST_F(FiscoCommandTest, MalformedObjectsExit1WithTheReason) {
  Json object = data_file("doc-api-block2-sm").at("node_output");
  object["gasUsed"] = "024363";
  const FiscoRun leading_zero = run_fisco({"hash", "header", write_object("bad", false, &object), "--sm3", "--json"});
  EXPECT_EQ(leading_zero.exit_code, 1);
  EXPECT_EQ(leading_zero.json()["code"], "invalid_argument");

  const FiscoRun wrong_kind = run_fisco({"hash", "receipt", write_object("doc-api-block2-sm", false), "--sm3"});
  EXPECT_EQ(wrong_kind.exit_code, 1) << wrong_kind.out;

  const Json error_reply = {{"id", 1}, {"jsonrpc", "2.0"}, {"error", {{"code", -32602}, {"message", "no block"}}}};
  const std::string path = dir_ + "/error.json";
  std::ofstream(path) << error_reply.dump();
  EXPECT_EQ(run_fisco({"hash", "header", path}).exit_code, 1);
  EXPECT_EQ(run_fisco({"hash", "header", dir_ + "/missing.json"}).exit_code, 1);
}

TEST_F(FiscoCommandTest, UsageErrorsExit2) {
  const std::string file = write_object("doc-api-block2-sm", false);
  EXPECT_EQ(run_fisco({"hash", "block", file}).exit_code, 2);
  EXPECT_EQ(run_fisco({"hash", "header", file, "--sm3", "--keccak"}).exit_code, 2);
  EXPECT_EQ(run_fisco({"hash", "transaction", file, "--nonce", "decimal"}).exit_code, 2);
}

TEST_F(FiscoCommandTest, VerifyHeaderAcceptsBlock2AndNamesItsSigners) {
  const FiscoRun r = run_fisco({"verify-header", write_object("doc-api-block2-sm", true), "--sm3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const Json j = r.json();
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["hash"], "0x2fbafbf71395bb07d1d6e142a06fa3cd9436aee3e91b5b9e6ffc5c47133c3738");
  EXPECT_EQ(j["signers"], Json::array({0, 1, 2}));
  EXPECT_EQ(j["signed_weight"], 3);
  EXPECT_EQ(j["required_weight"], 3);
}

TEST_F(FiscoCommandTest, VerifyHeaderRefusesAndNamesTheReason) {
  const FiscoRun wrong_crypto = run_fisco({"verify-header", write_object("doc-api-block2-sm", false), "--json"});
  EXPECT_EQ(wrong_crypto.exit_code, 1);
  EXPECT_EQ(wrong_crypto.json()["code"], "header_hash_mismatch");

  const FiscoRun pre_release = run_fisco({"verify-header", write_object("javasdk-header-c3c038-rc4", false)});
  EXPECT_EQ(pre_release.exit_code, 1);
  EXPECT_NE(pre_release.out.find("REFUSED  header_hash_mismatch"), std::string::npos) << pre_release.out;

  Json duplicate = data_file("doc-api-block2-sm").at("node_output");
  duplicate["signatureList"][2] = duplicate["signatureList"][0];
  const FiscoRun dup = run_fisco({"verify-header", write_object("dup", false, &duplicate), "--sm3", "--json"});
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_EQ(dup.json()["code"], "duplicate_signer");

  Json two = data_file("doc-api-block2-sm").at("node_output");
  two["signatureList"].erase(2);
  const FiscoRun short_of_quorum = run_fisco({"verify-header", write_object("two", false, &two), "--sm3", "--json"});
  EXPECT_EQ(short_of_quorum.exit_code, 1);
  EXPECT_EQ(short_of_quorum.json()["code"], "insufficient_quorum");
}

TEST_F(FiscoCommandTest, RegistryCallDecodesAConvertAndNamesItsSender) {
  // A real transaction with its input replaced by a registry call: the
  // command reads the call, not the transaction's hash or signature.
  const fisco::RegistryConvert convert{"33010126", "0000001000", Digest{0xab}, "33010200", "0000000042",
                                       "refund", "自助机 3", 1'767'229'200, 7};
  auto input = fisco::encode_registry_call(fisco::ChainCrypto::kKeccak256Secp256k1, convert);
  ASSERT_TRUE(input.ok());
  Json tx = data_file("doc-rpcapi-tx-51a375").at("node_output");
  tx["input"] = "0x" + to_hex(*input);
  const std::string file = write_object("convert", true, &tx);

  const FiscoRun r = run_fisco({"registry-call", file, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const Json j = r.json();
  EXPECT_EQ(j["call"], "convert");
  EXPECT_EQ(j["from"], tx.at("from"));
  EXPECT_EQ(j["arguments"]["paper_number"], "0000000042");
  EXPECT_EQ(j["arguments"]["operator"], "自助机 3");
  EXPECT_EQ(j["arguments"]["nonce"], 7);
  EXPECT_EQ(j["arguments"]["receipt_hash"], "0xab" + std::string(62, '0'));

  const FiscoRun text = run_fisco({"registry-call", file});
  EXPECT_NE(text.out.find("CALL  convert(string,string,bytes32,"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("  paper_number 0000000042"), std::string::npos) << text.out;
  // The same bytes on a 国密 chain select no registry function.
  EXPECT_EQ(run_fisco({"registry-call", file, "--sm3"}).exit_code, 1);
}

TEST_F(FiscoCommandTest, RegistryCallRefusesHelloWorldsSetAndDirtyCallData) {
  const FiscoRun hello = run_fisco({"registry-call", write_object("doc-rpcapi-tx-51a375", false), "--json"});
  EXPECT_EQ(hello.exit_code, 1) << hello.out;
  EXPECT_EQ(hello.json()["code"], "invalid_argument");
  EXPECT_NE(hello.json()["message"].get<std::string>().find("4ed3885e"), std::string::npos) << hello.out;

  const fisco::RegistryPost post{"33010126", "0000001000", 1'767'230'000, "杭州市财政局"};
  auto input = fisco::encode_registry_call(fisco::ChainCrypto::kKeccak256Secp256k1, post);
  ASSERT_TRUE(input.ok());
  Json tx = data_file("doc-rpcapi-tx-51a375").at("node_output");
  tx["input"] = "0x" + to_hex(*input) + "00";  // a trailing byte
  const FiscoRun dirty = run_fisco({"registry-call", write_object("dirty", false, &tx)});
  EXPECT_EQ(dirty.exit_code, 1);
  EXPECT_NE(dirty.out.find("canonical"), std::string::npos) << dirty.out;
}

}  // namespace
}  // namespace chainslip
