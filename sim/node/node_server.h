#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/hal/clock.h"
#include "sim/node/chain_node.h"
#include "sim/node/lies.h"
#include "sim/node/test_ca.h"

namespace chainslip::sim {

enum class FaultMode { kNone, kDown, kSlow, kDrop, kLie };
std::string_view fault_mode_name(FaultMode mode);
Result<FaultMode> parse_fault_mode(std::string_view name);

struct FaultConfig {
  FaultMode mode = FaultMode::kNone;
  std::uint64_t latency_ms = 0;  // kSlow
  Lie lie = Lie::kTamperedReceipt;  // kLie
};

// Serves a ChainNode over HTTP/1.1 on loopback (docs/PROTOCOL.md, "Node API"
// and "Simulated node"): the node API (/v1/...) on `port` (HTTPS with
// Options::tls), and the simulator
// control API (/sim/...) on `admin_port` (also on `port` while it is up).
// Faults apply to the node API only, so the control port stays usable:
//   down  - the node port is closed (connections are refused) until the mode changes
//   slow  - every /v1 request waits latency_ms before it is handled
//   drop  - the connection is shut down after the request is read; no response
//   lie   - bundles, headers and transaction proofs are falsified (see Lie)
// Ignores SIGPIPE for the process (a dropped peer must not kill the node).
class NodeServer {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    int port = 0;        // 0: an ephemeral port
    int admin_port = 0;  // 0: an ephemeral port
    const Clock* clock = nullptr;                 // its wall time dates blocks; default: the system clock
    std::function<void(const std::string&)> log;  // default: no logging
    // When set, the node API is HTTPS with these files (write_test_tls_files);
    // the control API stays plain HTTP.
    std::optional<TlsFiles> tls;
  };

  static Result<std::unique_ptr<NodeServer>> start(ChainNode& node, Options options);
  ~NodeServer();
  NodeServer(const NodeServer&) = delete;
  NodeServer& operator=(const NodeServer&) = delete;

  int port() const;
  int admin_port() const;

  Status set_faults(const FaultConfig& faults);
  FaultConfig faults() const;

  // Seals a block now and logs it (the background ticker and POST /sim/blocks).
  Result<SealReport> seal(std::uint64_t now_ms);

 private:
  struct Impl;
  explicit NodeServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chainslip::sim
