#pragma once

#include <string>

namespace chainslip::cli {

struct MakeDemoArgs {
  std::string dir;
  std::string suite = "sm2-sm3";
};

// Writes a demo trust anchor, the demo chain's keys, valid bundles and
// forged ones (named after the reason verify must give). Exit 0 or 2.
int run_make_demo(const MakeDemoArgs& args);

}  // namespace chainslip::cli
