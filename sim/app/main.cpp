// chainslip-sim: the simulated consortium chain node (docs/PROTOCOL.md,
// "Node API" and "Simulated node"), and the virtual printer and camera
// (sim/app/printer_command.cpp, sim/app/camera_command.cpp), and scripted
// kiosk sessions on them (sim/app/run_command.cpp), and a simulated day of
// them (sim/app/soak_command.cpp).
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <ctime>
#include <iostream>
#include <mutex>

#include "core/exchange/device_identity.h"
#include "core/receipt/receipt_code.h"
#include "core/util/file_io.h"
#include "sim/app/camera_command.h"
#include "sim/app/printer_command.h"
#include "sim/app/scanner_command.h"
#include "sim/app/run_command.h"
#include "sim/app/make_demo_command.h"
#include "sim/app/security_corpus_command.h"
#include "sim/app/soak_command.h"
#include "sim/node/chain_node.h"
#include "sim/node/node_server.h"

namespace {

using namespace chainslip;

struct NodeArgs {
  int port = 8645;
  int admin_port = 8646;
  std::string suite = "sm2-sm3";
  std::string chain_id{sim::kSimChainId};
  std::size_t validators = 4;
  std::size_t issuers = 3;
  std::uint64_t receipts = 1000;
  double rate = 1.0;
  std::uint64_t block_interval_ms = 2000;
  std::uint64_t seed = 1;
  unsigned threads = 2;
  std::size_t max_block_txs = 10'000;
  std::string out;
  bool https = false;
  // The platform the minted receipts' QR codes point to ("FORM URL", as in
  // chainslipd's [receipt_codes] platforms).
  std::string code_platform = "short https://www.chinaebill.cn/eips-wxapp-service/d";
};

std::uint64_t now_ms() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

std::mutex g_log_mu;
void log_line(const std::string& line) {
  std::lock_guard lock(g_log_mu);
  const std::time_t t = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%H:%M:%S", std::localtime(&t));
  std::cerr << stamp << " chainslip-sim: " << line << std::endl;
}

long rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

Status write_out(const NodeArgs& a, const sim::ChainNode& node) {
  CS_RETURN_IF_ERROR(make_directories(a.out, 0755));
  CS_RETURN_IF_ERROR(
      write_file_atomic(a.out + "/anchor.json", trust_anchor_to_json(node.anchor()).dump(2) + "\n"));
  const std::uint64_t now = now_ms() / 1000;
  CS_ASSIGN_OR_RETURN(DeviceIdentity kit, node.make_device("KIOSK-DEMO-01", "模拟医院门诊大厅 1号自助机",
                                                           now - 86400, now + 365 * 86400));
  CS_RETURN_IF_ERROR(
      write_file_atomic(a.out + "/device.json", device_identity_to_json(kit).dump(2) + "\n", 0600));
  std::string payloads;
  for (const auto& c : node.sample_codes(100)) payloads += node.code_url(c) + "\n";
  CS_RETURN_IF_ERROR(write_file_atomic(a.out + "/qr-payloads.txt", payloads));
  log_line("wrote " + a.out + "/anchor.json, device.json (demo kiosk certificate + key), qr-payloads.txt");
  return {};
}

int run_node(const NodeArgs& a) {
  auto suite = parse_suite(a.suite);
  if (!suite.ok()) {
    std::cerr << "chainslip-sim: " << suite.error().message << "\n";
    return 2;
  }
  sim::ChainNode::Options o;
  o.suite = *suite;
  o.chain_id = a.chain_id;
  o.validator_count = a.validators;
  o.issuer_count = a.issuers;
  o.seed = a.seed;
  o.genesis_time_ms = now_ms();
  o.max_block_txs = a.max_block_txs;
  o.signing_threads = a.threads;
  auto platform = parse_receipt_code_platform(a.code_platform);
  if (!platform.ok()) {
    std::cerr << "chainslip-sim: --code-platform: " << platform.error().message << "\n";
    return 2;
  }
  o.code_platform = *platform;
  auto created = sim::ChainNode::create(o);
  if (!created.ok()) {
    std::cerr << "chainslip-sim: " << created.error().message << "\n";
    return 2;
  }
  sim::ChainNode& node = **created;

  // Block SIGINT/SIGTERM in every thread; the main loop waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t left = a.receipts; left > 0;) {
    const std::uint64_t n = std::min<std::uint64_t>(left, a.max_block_txs);
    auto issued = node.issue_receipts(n, now_ms());
    auto sealed = issued.ok() ? node.seal_block(now_ms()) : Result<sim::SealReport>(issued.error());
    if (!sealed.ok()) {
      std::cerr << "chainslip-sim: building the chain failed: " << sealed.error().message << "\n";
      return 1;
    }
    left -= n;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log_line("chain \"" + a.chain_id + "\" (" + a.suite + "): " + std::to_string(node.receipt_count()) +
           " receipts in " + std::to_string(node.height()) + " blocks built in " + std::to_string(secs) +
           " s with " + std::to_string(a.threads) + " signing threads; max RSS " + std::to_string(rss_mib()) +
           " MiB");
  if (!a.out.empty()) {
    auto st = write_out(a, node);
    if (!st.ok()) {
      std::cerr << "chainslip-sim: " << st.error().message << "\n";
      return 2;
    }
  }

  sim::NodeServer::Options so;
  so.port = a.port;
  so.admin_port = a.admin_port;
  so.log = log_line;
  if (a.https) {
    const std::string dir =
        (a.out.empty() ? "/tmp/chainslip-sim-" + std::to_string(getpid()) : a.out) + "/tls";
    auto tls = sim::write_test_tls_files(dir);
    if (!tls.ok()) {
      std::cerr << "chainslip-sim: " << tls.error().message << "\n";
      return 2;
    }
    log_line("HTTPS with a test CA generated at start-up: trust " + tls->ca_cert);
    so.tls = *tls;
  }
  auto server = sim::NodeServer::start(node, so);
  if (!server.ok()) {
    std::cerr << "chainslip-sim: " << server.error().message << "\n";
    return 2;
  }
  log_line(std::string("serving the node API on ") + (a.https ? "https" : "http") +
           "://127.0.0.1:" + std::to_string((*server)->port()) +
           "/v1/ and the control API on http://127.0.0.1:" + std::to_string((*server)->admin_port()) +
           "/sim/");

  double owed = 0;  // receipts due at `rate` not yet issued
  for (;;) {
    timespec wait{static_cast<time_t>(a.block_interval_ms / 1000),
                  static_cast<long>((a.block_interval_ms % 1000) * 1'000'000)};
    if (sigtimedwait(&signals, nullptr, &wait) > 0) break;
    owed += a.rate * static_cast<double>(a.block_interval_ms) / 1000.0;
    const auto n = static_cast<std::size_t>(owed);
    owed -= static_cast<double>(n);
    if (n > 0) {
      auto st = node.issue_receipts(n, now_ms());
      if (!st.ok()) log_line("issuing failed: " + st.error().message);
    }
    auto sealed = (*server)->seal(now_ms());
    if (!sealed.ok()) log_line("sealing failed: " + sealed.error().message);
  }
  log_line("stopping");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"chainslip-sim: simulated consortium chain node, printer, scanner and camera for chainslip kiosks"};
  app.require_subcommand(1);
  NodeArgs a;
  auto* node = app.add_subcommand("node", "Run a simulated chain node (HTTP on 127.0.0.1)");
  node->add_option("--port", a.port, "Node API port (0: any free port)")->check(CLI::Range(0, 65535));
  node->add_option("--admin-port", a.admin_port, "Simulator control API port (0: any free port)")
      ->check(CLI::Range(0, 65535));
  node->add_option("--suite", a.suite, "Crypto suite")->check(CLI::IsMember({"sm2-sm3", "p256-sha256"}));
  node->add_option("--chain-id", a.chain_id, "Chain id");
  node->add_option("--validators", a.validators, "Validators (equal weight)")->check(CLI::Range(1, 256));
  node->add_option("--issuers", a.issuers, "Issuers (hospitals)")->check(CLI::Range(1, 99));
  node->add_option("--receipts", a.receipts, "Receipts issued before serving");
  node->add_option("--rate", a.rate, "Receipts issued per second while serving")
      ->check(CLI::Range(0.0, 100000.0));
  node->add_option("--block-interval-ms", a.block_interval_ms, "Block interval")
      ->check(CLI::Range(std::uint64_t{10}, std::uint64_t{3'600'000}));
  node->add_option("--seed", a.seed, "Seed of the receipt generator");
  node->add_option("--threads", a.threads, "Signing threads for the initial receipts")
      ->check(CLI::Range(1u, 64u));
  node->add_option("--max-block-txs", a.max_block_txs, "Transactions per block at most")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  node->add_flag("--https", a.https,
                 "Serve the node API over HTTPS with a test CA generated at start-up (DIR/tls/ca.pem)");
  node->add_option("--code-platform", a.code_platform,
                   "Where the receipts' QR codes point, \"FORM URL\": \"short https://HOST/PATH\" or "
                   "\"display-page https://HOST/PATH\"")
      ->capture_default_str();
  node->add_option("--out", a.out, "Write anchor.json, a demo kiosk's device.json and qr-payloads.txt here");
  simapp::PrinterArgs pa;
  auto* printer = simapp::add_printer_command(app, pa);
  simapp::ScannerArgs sa_scanner;
  auto* scanner = simapp::add_scanner_command(app, sa_scanner);
  simapp::CameraArgs ca;
  auto* camera = simapp::add_camera_command(app, ca);
  simapp::RunArgs ra;
  auto* run = simapp::add_run_command(app, ra);
  simapp::SoakArgs sa;
  auto* soak = simapp::add_soak_command(app, sa);
  simapp::MakeDemoArgs da;
  auto* make_demo = simapp::add_make_demo_command(app, da);
  simapp::SecurityCorpusArgs sca;
  auto* security_corpus = simapp::add_security_corpus_command(app, sca);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (printer->parsed()) return simapp::run_printer(pa);
  if (scanner->parsed()) return simapp::run_scanner(sa_scanner);
  if (camera->parsed()) return simapp::run_camera(ca);
  if (run->parsed()) return simapp::run_scenarios(ra);
  if (soak->parsed()) return simapp::run_soak_command(sa);
  if (security_corpus->parsed()) return simapp::run_security_corpus_command(sca);
  if (make_demo->parsed()) return simapp::run_make_demo(da);
  return run_node(a);
}
