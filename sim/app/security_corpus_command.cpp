#include "sim/app/security_corpus_command.h"

#include <iostream>

#include "core/util/file_io.h"
#include "sim/chain/attack_corpus.h"

namespace chainslip::simapp {
namespace {

std::string verdict_name(const std::optional<ErrorCode>& code) {
  return code ? std::string(error_code_name(*code)) : "valid";
}

Status write_corpus(const SecurityCorpusArgs& a) {
  CS_ASSIGN_OR_RETURN(Suite suite, parse_suite(a.suite));
  CS_ASSIGN_OR_RETURN(sim::AttackCorpus corpus, sim::build_attack_corpus(suite));
  auto write_json = [](const std::string& path, const Json& doc) {
    return write_file_atomic(path, doc.dump(2) + "\n", 0644);
  };
  CS_RETURN_IF_ERROR(make_directories(a.dir, 0755));
  CS_RETURN_IF_ERROR(write_json(a.dir + "/anchor.json", trust_anchor_to_json(corpus.anchor)));
  Json known = Json::array();
  for (const auto& change : corpus.known_changes) known.push_back(validator_set_change_to_json(change));
  CS_RETURN_IF_ERROR(write_json(a.dir + "/known_changes.json", known));

  Json cases = Json::array();
  for (const auto& c : corpus.cases) {
    const std::string file = c.category + "/" + c.name + ".json";
    CS_RETURN_IF_ERROR(make_directories(a.dir + "/" + c.category, 0755));
    CS_RETURN_IF_ERROR(write_json(a.dir + "/" + file, bundle_to_json(c.bundle)));
    cases.push_back({{"file", file},
                     {"category", c.category},
                     {"attack", c.what},
                     {"expect", verdict_name(c.expected)},
                     {"expect_stateless", verdict_name(c.expected_stateless)}});
  }
  const Json manifest{{"suite", suite_name(suite)},
                      {"chain_id", corpus.anchor.chain_id},
                      {"now", corpus.now_ms / 1000},
                      {"anchor", "anchor.json"},
                      {"known_changes", "known_changes.json"},
                      {"cases", std::move(cases)}};
  CS_RETURN_IF_ERROR(write_json(a.dir + "/manifest.json", manifest));
  std::cout << "security corpus (" << suite_name(suite) << "): " << corpus.cases.size() << " bundles in " << a.dir
            << "\n  check one: chainslip verify --anchor " << a.dir << "/anchor.json --known-changes " << a.dir
            << "/known_changes.json --now " << corpus.now_ms / 1000 << " " << a.dir << "/"
            << corpus.cases.back().category << "/" << corpus.cases.back().name << ".json\n";
  return {};
}

}  // namespace

CLI::App* add_security_corpus_command(CLI::App& app, SecurityCorpusArgs& a) {
  auto* cmd = app.add_subcommand("security-corpus",
                                 "Write forged, tampered, forked and replayed bundles with the reason each must be "
                                 "refused with (docs/SECURITY.md)");
  cmd->add_option("dir", a.dir, "Output folder")->required();
  cmd->add_option("--suite", a.suite, "Crypto suite")
      ->check(CLI::IsMember({"sm2-sm3", "p256-sha256"}))
      ->capture_default_str();
  return cmd;
}

int run_security_corpus_command(const SecurityCorpusArgs& a) {
  if (Status s = write_corpus(a); !s.ok()) {
    std::cerr << "chainslip-sim security-corpus: " << s.error().message << "\n";
    return 2;
  }
  return 0;
}

}  // namespace chainslip::simapp
