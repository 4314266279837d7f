#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace chainslip::simapp {

// `chainslip-sim security-corpus DIR [--suite S]`: writes the security
// corpus (docs/SECURITY.md): anchor.json, known_changes.json, one bundle per
// attack in DIR/<category>/<name>.json and manifest.json naming the reason
// each must be refused with.
struct SecurityCorpusArgs {
  std::string dir;
  std::string suite = "sm2-sm3";
};

CLI::App* add_security_corpus_command(CLI::App& app, SecurityCorpusArgs& args);
// 0: written; 2: could not be.
int run_security_corpus_command(const SecurityCorpusArgs& args);

}  // namespace chainslip::simapp
