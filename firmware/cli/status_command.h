#pragma once

#include <string>

namespace chainslip::cli {

struct StatusArgs {
  std::string config_path = "/etc/chainslip/chainslip.toml";
  bool json = false;
};

// `chainslip status`: what an operator asks first — is the service up, what
// do the devices and the node say, how big is the cache, is any exchange
// unfinished, which paper serials were used. Reads the cache and journal
// files directly (works with the service stopped) and asks the running
// service's screen endpoint for live device state. Exit 0 when everything is
// readable, 1 when the service is not answering or an exchange is
// unfinished, 2 for a config or file error.
int run_status(const StatusArgs& args);

}  // namespace chainslip::cli
