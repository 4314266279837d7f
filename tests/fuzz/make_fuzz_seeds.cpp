// Writes the fuzz targets' seed corpus (corpus/<target>/) and
// verify_bundle's data (data/verify_bundle.json) from the real code paths:
// bundles sealed by the simulated chain (sim/chain) and their forgeries,
// the simulated node's answers (sim/node), the virtual printer's status
// bytes, paper-copy jobs laid out by the printer driver, and calls on the
// FISCO e-receipt registry, and the demo FISCO chain's bundles
// (sim/fisco/demo_chain.h). The chains'
// keys are fresh on every run, so the corpus and the data are rewritten
// together. Usage: make_fuzz_seeds <tests/fuzz folder>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "core/bundle/bundle_verifier.h"
#include "core/engine/fisco_bcos/issuance.h"
#include "core/engine/fisco_bcos/receipt_bundle.h"
#include "core/engine/fisco_bcos/registry_call.h"
#include "core/receipt/paper_copy_code.h"
#include "core/receipt/receipt_code.h"
#include "core/util/file_io.h"
#include "drivers/printer/escpos/escpos_commands.h"
#include "drivers/printer/layout/receipt_layout.h"
#include "sim/chain/chain_builder.h"
#include "sim/chain/forgery.h"
#include "sim/chain/receipt_factory.h"
#include "sim/fisco/demo_chain.h"
#include "sim/node/chain_node.h"
#include "sim/node/node_answers.h"
#include "sim/printer/escpos_status.h"
#include "tests/fuzz/node_api_input.h"
#include "tests/fuzz/status_stream_input.h"

namespace chainslip {
namespace {

constexpr std::uint64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr std::uint64_t kHourMs = 3600 * 1000;
constexpr std::uint64_t kCertFrom = kT0 / 1000 - 365 * 86400;
constexpr std::uint64_t kCertTo = kT0 / 1000 + 2 * 365 * 86400;

class Seeds {
 public:
  explicit Seeds(std::string root) : root_(std::move(root)) {}

  Status write(const std::string& target, const std::string& name, std::string_view content) {
    const std::string dir = root_ + "/corpus/" + target;
    CS_RETURN_IF_ERROR(make_directories(dir));
    return write_file_atomic(dir + "/" + name, content);
  }
  Status write(const std::string& target, const std::string& name, ByteView content) {
    return write(target, name,
                 std::string_view(reinterpret_cast<const char*>(content.data()), content.size()));
  }
  Status write_data(const std::string& name, std::string_view content) {
    CS_RETURN_IF_ERROR(make_directories(root_ + "/data"));
    return write_file_atomic(root_ + "/data/" + name, content);
  }

 private:
  std::string root_;
};

// A chain per suite as the verifier's tests build it: block 1 under the
// anchor's 3 validators, a rotation to 4, block 2, a rotation to 5, block 3.
struct SealedChain {
  sim::ChainBuilder chain;
  std::vector<ReceiptBundle> bundles;
};

Result<SealedChain> seal_chain(Suite suite) {
  sim::ChainBuilder::Options options;
  options.suite = suite;
  options.chain_id = suite == Suite::kSm2Sm3 ? "fuzz-sm2" : "fuzz-p256";
  options.validator_count = 3;
  CS_ASSIGN_OR_RETURN(sim::ChainBuilder chain, sim::ChainBuilder::create(options));
  CS_RETURN_IF_ERROR(chain.add_issuer("12330000470000000X", "浙江省人民医院", kCertFrom, kCertTo));
  CS_RETURN_IF_ERROR(chain.add_issuer("12110000400000000Y", "北京市第一中医医院", kCertFrom, kCertTo));
  sim::ReceiptFactory factory(20260101);
  std::uint64_t seq = 0;
  SealedChain out{std::move(chain), {}};
  auto seal = [&](std::vector<std::size_t> issuers, std::uint64_t block_ms) -> Status {
    std::vector<sim::ChainBuilder::Issue> issues;
    for (std::size_t i : issuers) {
      const auto& issuer = out.chain.issuers()[i];
      issues.push_back({i, factory.make(issuer.id, issuer.name, i == 0 ? "33010126" : "11010126", ++seq,
                                        block_ms / 1000 - 600)});
    }
    CS_ASSIGN_OR_RETURN(std::vector<ReceiptBundle> bundles, out.chain.seal_block(issues, block_ms));
    for (auto& b : bundles) out.bundles.push_back(std::move(b));
    return {};
  };
  CS_RETURN_IF_ERROR(seal({0, 1, 0}, kT0 + kHourMs));
  CS_RETURN_IF_ERROR(out.chain.rotate_validators(4));
  CS_RETURN_IF_ERROR(seal({0, 1}, kT0 + 2 * kHourMs));
  CS_RETURN_IF_ERROR(out.chain.rotate_validators(5));
  CS_RETURN_IF_ERROR(seal({1, 0, 0, 1}, kT0 + 3 * kHourMs));
  return out;
}

// Bundles (parsing, verification), the trust anchors and every genuine
// receipt (verify_bundle's oracle), paper-copy codes of those receipts.
Status chain_seeds(Seeds& seeds) {
  const HeaderCheckOptions options{kT0 + 4 * kHourMs};
  Json data{{"now_ms", options.now_ms}, {"anchors", Json::array()}, {"genuine", Json::array()}};
  for (Suite suite : {Suite::kSm2Sm3, Suite::kP256Sha256}) {
    const std::string tag(suite_name(suite));
    CS_ASSIGN_OR_RETURN(SealedChain sealed, seal_chain(suite));
    data["anchors"].push_back(trust_anchor_to_json(sealed.chain.anchor()));
    for (const ReceiptBundle& b : sealed.bundles) {
      CS_ASSIGN_OR_RETURN(VerifiedReceipt v, verify_bundle(b, sealed.chain.anchor(), options));
      data["genuine"].push_back({{"receipt", receipt_to_json(b.receipt)},
                                 {"header_hash", to_hex(v.header_hash)},
                                 {"leaf_index", b.proof.leaf_index}});
    }
    // The first of block 1 (no validator-set change) and of block 3 (two).
    for (std::size_t i : {std::size_t{0}, std::size_t{5}}) {
      const std::string text = bundle_to_json(sealed.bundles[i]).dump();
      const std::string name = tag + "-block" + (i == 0 ? "1" : "3");
      CS_RETURN_IF_ERROR(seeds.write("bundle_json", name, text));
      CS_RETURN_IF_ERROR(seeds.write("verify_bundle", name, text));
      CS_RETURN_IF_ERROR(seeds.write("paper_copy_code", tag + "-" + std::to_string(i),
                                     format_paper_copy_code(paper_copy_code_for(sealed.bundles[i].receipt))));
    }
    CS_RETURN_IF_ERROR(
        seeds.write("strict_json", "anchor-" + tag, trust_anchor_to_json(sealed.chain.anchor()).dump()));
    if (suite != Suite::kSm2Sm3) continue;
    CS_ASSIGN_OR_RETURN(std::vector<sim::Forgery> forgeries,
                        sim::forge_variants(sealed.chain, sealed.bundles[0]));
    for (const sim::Forgery& f : forgeries) {
      CS_RETURN_IF_ERROR(seeds.write("verify_bundle", "forged-" + f.name, bundle_to_json(f.bundle).dump()));
    }
  }
  return seeds.write_data("verify_bundle.json", data.dump(2) + "\n");
}

Status node_seed(Seeds& seeds, const std::string& name, fuzz::NodeEndpoint endpoint,
                 const NodeAnswer& answer) {
  std::string input;
  input.push_back(static_cast<char>(endpoint));
  std::size_t status = 0;
  while (status < fuzz::kStatuses.size() && fuzz::kStatuses[status] != answer.status) ++status;
  if (status == fuzz::kStatuses.size()) {
    return make_error(ErrorCode::kInternal,
                      name + ": HTTP " + std::to_string(answer.status) + " has no index");
  }
  input.push_back(static_cast<char>(status));
  input += answer.body;
  CS_RETURN_IF_ERROR(seeds.write("node_api", name, input));
  // The small bodies are JSON seeds too.
  if (answer.body.size() <= 2048) CS_RETURN_IF_ERROR(seeds.write("strict_json", "node-" + name, answer.body));
  return {};
}

// The simulated node's answer to every endpoint, and a paper copy of one of
// its receipts laid out for the printers.
Status node_and_printer_seeds(Seeds& seeds) {
  sim::ChainNode::Options options;
  options.validator_count = 4;
  CS_ASSIGN_OR_RETURN(auto node, sim::ChainNode::create(options));
  std::uint64_t now = kT0 + kHourMs;
  CS_RETURN_IF_ERROR(node->issue_receipts(4, now));
  CS_RETURN_IF_ERROR(node->seal_block(now));
  CS_RETURN_IF_ERROR(node->rotate_validators(5));
  CS_RETURN_IF_ERROR(node->issue_receipts(3, now += kHourMs));
  CS_RETURN_IF_ERROR(node->seal_block(now));
  const std::vector<ReceiptCode> codes = node->sample_codes(3);
  if (codes.size() < 3) return make_error(ErrorCode::kInternal, "the node issued too few receipts");
  for (std::size_t i = 0; i < codes.size(); ++i) {
    CS_RETURN_IF_ERROR(seeds.write("receipt_code", "node-" + std::to_string(i), node->code_url(codes[i])));
  }
  // Shapes the node does not mint: the display page, provinces' hosts and
  // ports, percent-encoding, and the host and path tricks the parser refuses.
  const std::pair<const char*, const char*> kHandSeeds[] = {
      {"display-http", R"(http://www.chinaebill.cn/eips-wxapp-service/H5FinanceDisplay/showInvoice?invoice_code=11010126&invoice_number=0000012345&check_code=a1b2c3&app_id=Xy12AbCdEf&security=0A1B2C3D4E5F)"},
      {"display-province", R"(https://pj.example.cn:8443/h5/show_invoice?security=%3D%3D&app_id=a!b&check_code=zz0099&invoice_number=9999999999&invoice_code=00000000)"},
      {"short-http-encoded", R"(http://www.chinaebill.cn:80/eips-wxapp-service/d?s=0A1B2C3D4E&d=11010126%5F0000012345_a1b2c3_0.00_20240229&a=X%26y&t=5%2B0)"},
      {"short-https", R"(https://www.chinaebill.cn/eips-wxapp-service/d?t=504&a=Xy12AbCdEf&d=11010126_0000012345_a1b2c3_128.50_20261203&s=0A1B2C3D4E)"},
      {"short-province", R"(http://fp.example-prov.gov.cn:8080/check/d?t=1&a=2&d=33010126_0000000001_k3xk2a_10000000000.00_20261231&s=3)"},
      {"tricks", R"(https://user@www.chinaebill.cn.evil.com/eips-wxapp-service/x/../d?d=11010126_0000012345_a1b2c3_128.50_20260230&d=1#f)"}};
  for (const auto& [name, text] : kHandSeeds) CS_RETURN_IF_ERROR(seeds.write("receipt_code", name, text));
  const ReceiptCode& p = codes[0];

  CS_RETURN_IF_ERROR(node_seed(seeds, "info", fuzz::kInfo, sim::answer_info(*node)));
  CS_RETURN_IF_ERROR(node_seed(seeds, "receipt", fuzz::kReceipt,
                               sim::answer_receipt(*node, p.code, p.number, p.check_code, std::nullopt)));
  CS_RETURN_IF_ERROR(node_seed(seeds, "receipt-not-found", fuzz::kReceipt,
                               sim::answer_receipt(*node, p.code, "9999999999", p.check_code, std::nullopt)));
  CS_RETURN_IF_ERROR(node_seed(seeds, "receipt-status", fuzz::kReceiptStatus,
                               sim::answer_receipt_status(*node, p.code, p.number, p.check_code)));
  CS_RETURN_IF_ERROR(node_seed(seeds, "validator-set-changes", fuzz::kValidatorSetChanges,
                               sim::answer_validator_set_changes(*node)));
  const SubmitAnswer posted = node->post(p.code, p.number, now);
  CS_RETURN_IF_ERROR(node_seed(seeds, "submit-accepted", fuzz::kSubmit, sim::answer_submit_result(posted)));
  CS_RETURN_IF_ERROR(node_seed(seeds, "submit-refused", fuzz::kSubmit,
                               sim::answer_submit_result(node->post(p.code, p.number, now))));
  CS_RETURN_IF_ERROR(node_seed(seeds, "transaction-pending", fuzz::kTransaction,
                               sim::answer_transaction(*node, to_hex(posted.tx_hash), std::nullopt)));
  CS_RETURN_IF_ERROR(node->seal_block(now += 1000));
  CS_RETURN_IF_ERROR(node_seed(seeds, "transaction-included", fuzz::kTransaction,
                               sim::answer_transaction(*node, to_hex(posted.tx_hash), std::nullopt)));
  CS_RETURN_IF_ERROR(node_seed(seeds, "transaction-unknown", fuzz::kTransaction,
                               sim::answer_transaction(*node, std::string(64, '0'), std::nullopt)));
  CS_RETURN_IF_ERROR(node_seed(seeds, "error-body", fuzz::kErrorBody, sim::answer_submit(*node, "{}", {})));

  // The paper copy of receipt p, as the kiosk prints it after converting.
  CS_ASSIGN_OR_RETURN(Receipt receipt, node->receipt(p.code, p.number));
  CS_ASSIGN_OR_RETURN(BlockHeader header, node->latest_header());
  PaperCopyContent copy;
  copy.receipt = std::move(receipt);
  copy.chain_id = node->chain_id();
  copy.block_height = header.height;
  copy.block_hash_hex = to_hex(header_hash(node->suite(), header));
  copy.paper = {"12345678", "0000000042"};
  copy.qr_payload = format_paper_copy_code(paper_copy_code_for(copy.receipt));
  copy.printed_at = now / 1000;
  copy.kiosk_id = "kiosk-fuzz-01";
  struct Layout {
    const char* profile;
    escpos::LayoutOptions options;
  };
  const Layout layouts[] = {
      {"generic-58mm", {escpos::LayoutMode::kText, PayerDisplay::kMasked, escpos::QrMode::kPreferNative}},
      {"generic-80mm",
       {escpos::LayoutMode::kFullRaster, PayerDisplay::kMasked, escpos::QrMode::kPreferNative}},
      {"xprinter-xp-58iih", {escpos::LayoutMode::kText, PayerDisplay::kFull, escpos::QrMode::kForceRaster}},
  };
  for (const Layout& l : layouts) {
    CS_ASSIGN_OR_RETURN(escpos::PrinterProfile profile, escpos::load_profile_by_id(l.profile));
    CS_ASSIGN_OR_RETURN(escpos::PrintJob job, escpos::layout_paper_copy(copy, profile, l.options));
    // escpos_interpreter_fuzz's first byte: bit 0 picks the 80 mm roll,
    // bit 6 writes the paper as PNG.
    const std::uint8_t config = (profile.print_width_dots == 384 ? 0x40 : 0x41);
    for (std::size_t u = 0; u < job.units.size() && u < 4; ++u) {
      Bytes input{config};
      input.insert(input.end(), job.units[u].begin(), job.units[u].end());
      CS_RETURN_IF_ERROR(
          seeds.write("escpos_interpreter", std::string(l.profile) + "-unit" + std::to_string(u), input));
    }
  }
  // The driver's status queries and recoveries, which the printer also sees.
  Bytes queries{0x60};  // bit 5: DLE ENQ 2 clears the buffers
  for (const Bytes& c :
       {escpos::initialize(), escpos::automatic_status_back(escpos::kAsbOnlineErrorPaper),
        escpos::realtime_status(escpos::RealtimeStatus::kPaper), escpos::transmit_paper_status(),
        escpos::realtime_recover(escpos::RealtimeRecovery::kResumeClearBuffer),
        escpos::feed_and_cut(escpos::CutKind::kPartial, 48)}) {
    queries.insert(queries.end(), c.begin(), c.end());
  }
  return seeds.write("escpos_interpreter", "driver-queries", queries);
}

// What a printer answers the driver's status queries with, in each state
// the virtual printer can be in, as status_stream_fuzz's operations.
Status status_seeds(Seeds& seeds) {
  const sim::PrinterStatus states[] = {
      {},
      {.paper_near_end = true},
      {.paper_out = true},
      {.cover_open = true, .paper_out = true},
      {.offline = true, .cutter_error = true},
  };
  int index = 0;
  for (const sim::PrinterStatus& s : states) {
    Bytes ops;
    for (std::uint8_t n = 1; n <= 4; ++n) {
      ops.push_back(static_cast<std::uint8_t>(fuzz::kOpExpectRealtime + n - 1));
      ops.push_back(0);  // push one byte
      ops.push_back(*sim::dle_eot_reply(n, s));
    }
    ops.push_back(fuzz::kOpExpectPaperStatus);
    ops.push_back(0);
    ops.push_back(*sim::gs_r_reply(1, s));
    const auto frame = sim::asb_frame(s);
    ops.push_back(static_cast<std::uint8_t>(frame.size() - 1));
    ops.insert(ops.end(), frame.begin(), frame.end());
    // A reply to a query the driver gave up on, then the link reopened mid-frame.
    ops.push_back(fuzz::kOpExpectRealtime);
    ops.push_back(fuzz::kOpForgetRealtime);
    ops.push_back(2);
    ops.push_back(*sim::dle_eot_reply(1, s));
    ops.push_back(frame[0]);
    ops.push_back(frame[1]);
    ops.push_back(fuzz::kOpReset);
    CS_RETURN_IF_ERROR(seeds.write("status_stream", "state-" + std::to_string(index++), ops));
  }
  return {};
}

// Each registry call on each chain crypto (byte 0: 0 Keccak-256, 1 SM3).
Status registry_call_seeds(Seeds& seeds) {
  Digest h{};
  h.fill(0x5a);
  const std::vector<fisco::RegistryCall> calls = {
      fisco::RegistryIssue{h, "33010126", "0000001000"},
      fisco::RegistryConvert{"33010126", "0000001000", h, "33010200", "0000000042", "refund", "自助机", 1'767'229'200, 7},
      fisco::RegistryVoid{"33010126", "0000001000", "33010200", "0000000042", "printer-jam", "自助机", 1'767'229'260, 8},
      fisco::RegistryPost{"33010126", "0000001000", 1'767'230'000, "杭州市财政局"},
      fisco::RegistryReverse{"33010126", "0000001000", 1'767'240'000, "退费"},
  };
  for (const std::uint8_t crypto : {std::uint8_t{0}, std::uint8_t{1}}) {
    const auto chain = crypto == 0 ? fisco::ChainCrypto::kKeccak256Secp256k1 : fisco::ChainCrypto::kSm3Sm2;
    for (const fisco::RegistryCall& call : calls) {
      CS_ASSIGN_OR_RETURN(Bytes input, fisco::encode_registry_call(chain, call));
      input.insert(input.begin(), crypto);
      CS_RETURN_IF_ERROR(
          seeds.write("registry_call", fisco::registry_call_name(call) + "-" + std::to_string(crypto), input));
    }
  }
  return {};
}

// FISCO bundles (parsing, verification) of the demo chain on each chain
// crypto, their lies, the anchors and every genuine issuance
// (verify_fisco_bundle's oracle).
Status fisco_bundle_seeds(Seeds& seeds) {
  const HeaderCheckOptions options{kT0 + kHourMs};
  Json data{{"now_ms", options.now_ms}, {"anchors", Json::array()}, {"genuine", Json::array()}};
  for (fisco::ChainCrypto crypto : {fisco::ChainCrypto::kSm3Sm2, fisco::ChainCrypto::kKeccak256Secp256k1}) {
    const std::string tag(fisco::chain_crypto_name(crypto));
    CS_ASSIGN_OR_RETURN(sim::fisco::DemoChain demo, sim::fisco::make_demo_chain(crypto));
    data["anchors"].push_back(fisco::trust_anchor_to_json(demo.anchor));
    const fisco::LightClient client(demo.anchor);
    for (const fisco::ReceiptBundle& b : demo.valid) {
      CS_ASSIGN_OR_RETURN(fisco::VerifiedIssuance v, fisco::verify_issuance(b.receipt, b.proof, client, options));
      data["genuine"].push_back({{"receipt", receipt_to_json(b.receipt)}, {"tx_hash", to_hex(v.transaction_hash)}});
    }
    // The first bundle of block 1, and the last of block 2 (with its sealer-list change).
    CS_RETURN_IF_ERROR(seeds.write("verify_fisco_bundle", tag + "-block1", fisco::bundle_to_json(demo.valid.front()).dump()));
    CS_RETURN_IF_ERROR(seeds.write("verify_fisco_bundle", tag + "-block2", fisco::bundle_to_json(demo.valid.back()).dump()));
    for (const sim::fisco::DemoLie& lie : demo.lies) {
      CS_RETURN_IF_ERROR(seeds.write("verify_fisco_bundle", tag + "-" + lie.name, fisco::bundle_to_json(lie.bundle).dump()));
    }
  }
  return seeds.write_data("verify_fisco_bundle.json", data.dump(2) + "\n");
}

}  // namespace
}  // namespace chainslip

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <tests/fuzz folder>\n", argv[0]);
    return 2;
  }
  chainslip::Seeds seeds(argv[1]);
  for (auto step : {chainslip::chain_seeds, chainslip::node_and_printer_seeds, chainslip::status_seeds,
                    chainslip::registry_call_seeds, chainslip::fisco_bundle_seeds}) {
    if (auto s = step(seeds); !s.ok()) {
      std::fprintf(stderr, "make_fuzz_seeds: %s\n", s.error().message.c_str());
      return 1;
    }
  }
  return 0;
}
