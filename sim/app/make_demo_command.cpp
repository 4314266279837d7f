#include "sim/app/make_demo_command.h"

#include <iostream>

#include "core/util/file_io.h"
#include "sim/app/make_fisco_demo.h"
#include "sim/chain/chain_builder.h"
#include "sim/chain/forgery.h"
#include "sim/chain/receipt_factory.h"

namespace chainslip::simapp {
namespace {

constexpr std::uint64_t kHourMs = 3600 * 1000;

Json key_file(const PrivateKey& key, const std::string& role) {
  return Json{{"role", role},
              {"suite", suite_name(key.suite())},
              {"private_key", to_hex(key.scalar())},
              {"public_key", to_hex(key.public_key().bytes())}};
}

Status write_json(const std::string& path, const Json& doc, mode_t mode = 0644) {
  return write_file_atomic(path, doc.dump(2) + "\n", mode);
}

Status make_demo(const MakeDemoArgs& args) {
  CS_ASSIGN_OR_RETURN(Suite suite, parse_suite(args.suite));
  sim::ChainBuilder::Options options;
  options.suite = suite;
  CS_ASSIGN_OR_RETURN(sim::ChainBuilder chain, sim::ChainBuilder::create(options));
  const std::uint64_t t0 = options.genesis_time_ms;
  const std::uint64_t cert_from = t0 / 1000 - 365 * 86400;
  const std::uint64_t cert_to = t0 / 1000 + 2 * 365 * 86400;
  CS_ASSIGN_OR_RETURN(std::size_t hospital, chain.add_issuer("12330000470000000X", "浙江省人民医院", cert_from, cert_to));
  CS_ASSIGN_OR_RETURN(std::size_t clinic, chain.add_issuer("12110000400000000Y", "北京市第一中医医院", cert_from, cert_to));

  sim::ReceiptFactory factory(20260101);
  auto receipt = [&](std::size_t issuer, std::uint64_t seq, std::uint64_t at_ms) {
    const auto& i = chain.issuers()[issuer];
    return sim::ChainBuilder::Issue{issuer, factory.make(i.id, i.name, issuer == hospital ? "33010126" : "11010126",
                                                         seq, at_ms / 1000 - 600)};
  };
  CS_ASSIGN_OR_RETURN(auto block1, chain.seal_block({receipt(hospital, 1, t0 + kHourMs), receipt(clinic, 1, t0 + kHourMs),
                                                     receipt(hospital, 2, t0 + kHourMs)},
                                                    t0 + kHourMs));
  // A validator-set rotation: bundles after it carry the signed change.
  CS_RETURN_IF_ERROR(chain.rotate_validators(7));
  CS_ASSIGN_OR_RETURN(auto block2, chain.seal_block({receipt(hospital, 3, t0 + 2 * kHourMs),
                                                     receipt(clinic, 2, t0 + 2 * kHourMs)},
                                                    t0 + 2 * kHourMs));

  const std::string& dir = args.dir;
  for (const char* sub : {"/keys", "/bundles/valid", "/bundles/invalid"}) {
    CS_RETURN_IF_ERROR(make_directories(dir + sub, 0755));
  }
  CS_RETURN_IF_ERROR(write_json(dir + "/anchor.json", trust_anchor_to_json(chain.anchor())));
  CS_RETURN_IF_ERROR(write_json(dir + "/keys/authority.json", key_file(chain.authority_key(), "finance-authority"), 0600));
  for (std::size_t i = 0; i < chain.validators().size(); ++i) {
    CS_RETURN_IF_ERROR(write_json(dir + "/keys/validator-" + std::to_string(i + 1) + ".json",
                                  key_file(chain.validators()[i].key, "validator"), 0600));
  }
  for (const auto& issuer : chain.issuers()) {
    CS_RETURN_IF_ERROR(write_json(dir + "/keys/issuer-" + issuer.id + ".json", key_file(issuer.key, "issuer"), 0600));
  }
  std::size_t valid_count = 0;
  for (const auto* block : {&block1, &block2}) {
    for (const auto& b : *block) {
      CS_RETURN_IF_ERROR(write_json(dir + "/bundles/valid/" + b.receipt.code + "-" + b.receipt.number + ".json",
                                    bundle_to_json(b)));
      ++valid_count;
    }
  }
  CS_ASSIGN_OR_RETURN(auto forgeries, sim::forge_variants(chain, block2.front()));
  for (const auto& f : forgeries) {
    CS_RETURN_IF_ERROR(write_json(dir + "/bundles/invalid/" + f.name + "." + std::string(error_code_name(f.expected)) +
                                      ".json",
                                  bundle_to_json(f.bundle)));
  }
  std::cout << "demo chain \"" << chain.anchor().chain_id << "\" (" << suite_name(suite) << ") written to " << dir
            << "\n  anchor.json           the trust anchor (validators, finance authority key)\n"
            << "  keys/                 demo private keys (never use them outside a demo)\n"
            << "  bundles/valid/        " << valid_count << " receipts that verify\n"
            << "  bundles/invalid/      " << forgeries.size()
            << " forged receipts, named <forgery>.<expected reason>.json\n"
            << "try: chainslip verify " << dir << "/bundles/valid/" << block1.front().receipt.code << "-"
            << block1.front().receipt.number << ".json\n";
  return {};
}

}  // namespace

CLI::App* add_make_demo_command(CLI::App& app, MakeDemoArgs& args) {
  auto* cmd = app.add_subcommand("make-demo", "Write a demo trust anchor, keys, valid bundles and forged ones");
  cmd->add_option("dir", args.dir, "Output folder")->required();
  cmd->add_option("--suite", args.suite, "Crypto suite")->check(CLI::IsMember({"sm2-sm3", "p256-sha256"}));
  cmd->add_option("--engine", args.engine, "Chain engine")->check(CLI::IsMember({"chainslip", "fisco-bcos"}));
  static const std::string sm_help = "FISCO BCOS: a 国密 chain, SM3 and SM2 (the default)";
  auto* sm = cmd->add_flag("--sm", sm_help);
  cmd->add_flag("--keccak", args.keccak, "FISCO BCOS: an ordinary chain, Keccak-256 and secp256k1")->excludes(sm);
  return cmd;
}

int run_make_demo(const MakeDemoArgs& args) {
  auto status = args.engine == "fisco-bcos"
                    ? make_fisco_demo(args.dir, args.keccak ? fisco::ChainCrypto::kKeccak256Secp256k1
                                                            : fisco::ChainCrypto::kSm3Sm2)
                    : make_demo(args);
  if (!status.ok()) {
    std::cerr << "chainslip-sim make-demo: " << status.error().message << "\n";
    return 2;
  }
  return 0;
}

}  // namespace chainslip::simapp
