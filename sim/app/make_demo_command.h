#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace chainslip::simapp {

// `chainslip-sim make-demo DIR [--suite S] [--engine chainslip|fisco-bcos
// [--sm|--keccak]]`: writes a demo trust anchor, the demo chain's keys,
// valid bundles and forged ones (named after the reason `chainslip verify`
// must give); for a FISCO BCOS chain, make_fisco_demo.h. Here, not in the kiosk's `chainslip`: it
// forges, and no forging code belongs on a kiosk.
struct MakeDemoArgs {
  std::string dir;
  std::string suite = "sm2-sm3";
  std::string engine = "chainslip";
  bool keccak = false;  // a FISCO chain's crypto: SM3/SM2 unless --keccak
};

CLI::App* add_make_demo_command(CLI::App& app, MakeDemoArgs& args);
// 0: written; 2: could not be.
int run_make_demo(const MakeDemoArgs& args);

}  // namespace chainslip::simapp
