#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto/hasher.h"
#include "core/event/pollable_watch.h"
#include "core/event/simulated_time.h"
#include "core/exchange/exchange_runner.h"
#include "drivers/printer/escpos_paper_printer.h"
#include "sim/node/chain_node.h"
#include "sim/node/in_process_node_client.h"
#include "sim/printer/sim_printer_transport.h"
#include "sim/printer/virtual_printer.h"

// The exchange runner's world for tests (exchange_runner_test.cpp,
// journal_fault_test.cpp): the runner in-process with the simulated node
// and printer on simulated time, and a kiosk process that can crash and
// boot again while the journal file, the chain and the paper outlive it.
namespace chainslip::test {

using namespace std::chrono_literals;

constexpr std::uint64_t kWorldStartMs = 1'767'225'600'000 + 3'600'000;  // an hour after the sim chain's genesis
constexpr std::chrono::milliseconds kTick{10};
constexpr char kPaperCode[] = "12345678";

inline std::string serial_of(const std::string& number) { return std::string(kPaperCode) + "-" + number; }

// The kiosk's process: everything a crash destroys. The journal file, the
// chain and the printer (with its paper) outlive it.
struct Process {
  std::optional<ExchangeJournal> journal;
  std::unique_ptr<sim::InProcessNodeClient> node;
  std::unique_ptr<sim::SimPrinterTransport> transport;
  std::unique_ptr<escpos::EscPosJobEngine> engine;
  std::unique_ptr<escpos::EscPosPaperPrinter> printer;
  std::unique_ptr<PollableWatch> node_watch;
  std::unique_ptr<PollableWatch> printer_watch;
  std::unique_ptr<LightClient> light_client;
  std::unique_ptr<ExchangeRunner> runner;
  Timer tick;
};

class World {
 public:
  // `journal_vfs`: as the member below, from the first boot on.
  explicit World(const std::string& name, std::string vfs = {}) {
    journal_vfs = std::move(vfs);
    journal_path_ =
        (std::filesystem::path(::testing::TempDir()) / ("exchange_runner_" + name + ".db")).string();
    std::filesystem::remove(journal_path_);
    std::filesystem::remove(journal_path_ + "-wal");
    std::filesystem::remove(journal_path_ + "-shm");
    loop_ = std::move(EventLoop::create(clock_)).value();
    time_ = std::make_unique<SimulatedTime>(clock_, *loop_);
    sim::ChainNode::Options o;
    o.suite = Suite::kP256Sha256;
    o.issuer_count = 1;
    chain_ = std::move(sim::ChainNode::create(o)).value();
    EXPECT_TRUE(chain_->issue_receipts(2, kWorldStartMs - 60'000).ok());
    EXPECT_TRUE(chain_->seal_block(kWorldStartMs - 60'000).ok());
    for (const auto& p : chain_->sample_codes(2)) ids_.push_back(p);
    kit_.emplace(
        std::move(chain_->make_device("K1", "门诊大厅 1号机", kWorldStartMs / 1000 - 86400, kWorldStartMs / 1000 + 86400))
            .value());
    vp_ = std::move(sim::VirtualPrinter::create()).value();
    seal_ = loop_->create_timer([this] { (void)chain_->seal_block(to_unix_ms(clock_.wall_time())); });
    seal_.arm_periodic(500ms);
    boot();
  }

  ~World() {
    crash();
    seal_ = Timer();
  }

  // A kiosk process starts: journal reopened, devices and runner created.
  void boot() { ASSERT_TRUE(try_boot().ok()); }
  // As boot(); a journal that does not open leaves no process.
  Status try_boot() {
    Result<ExchangeJournal> journal = ExchangeJournal::open(journal_path_, kPaperCode, journal_vfs);
    if (!journal.ok()) return journal.error();
    p_ = std::make_unique<Process>();
    p_->journal.emplace(std::move(journal).value());
    if (on_step) p_->journal->set_step_observer(on_step);
    p_->node = std::make_unique<sim::InProcessNodeClient>(*chain_);
    p_->transport = std::make_unique<sim::SimPrinterTransport>(*vp_);
    escpos::EscPosJobEngineOptions po;
    po.sync_timeout = 1s;
    po.operator_timeout = 2s;
    po.idle_poll_interval = 200ms;
    p_->engine = std::make_unique<escpos::EscPosJobEngine>(*p_->transport, clock_, po);
    p_->printer = std::make_unique<escpos::EscPosPaperPrinter>(
        *p_->engine, std::move(escpos::load_profile_by_id("generic-80mm")).value(), escpos::LayoutOptions{});
    p_->node_watch = std::move(PollableWatch::create(*loop_, *p_->node, nullptr)).value();
    p_->printer_watch = std::move(PollableWatch::create(*loop_, *p_->printer, nullptr)).value();
    // The printer's time moves with the loop's; the watches see requests
    // the runner started outside their devices' process_events().
    p_->tick = loop_->create_timer([this] {
      vp_->advance(kTick);
      (void)p_->node_watch->refresh();
      (void)p_->printer_watch->refresh();
    });
    p_->tick.arm_periodic(kTick);
    p_->light_client = std::make_unique<LightClient>(chain_->anchor());
    ExchangeRunnerOptions ro;
    ro.chain_id = chain_->chain_id();
    ro.kiosk_id = "kiosk-hz-07";
    ro.inclusion_poll_interval = 200ms;
    ro.inclusion_timeout = 20s;
    ro.printer_ready_timeout = 30s;
    ro.max_reprints = max_reprints;
    ro.find_receipt = [this](const std::string& code, const std::string& number) {
      return chain_->receipt(code, number);
    };
    ro.log = [this](const std::string& line) { log.push_back(line); };
    p_->runner = std::move(ExchangeRunner::create(*loop_, *p_->journal, *p_->node, *p_->printer,
                                                          *p_->light_client, *kit_, ro))
                     .value();
    return {};
  }
  bool running() const { return p_ != nullptr; }

  // The process dies: nothing of it runs again; the printer keeps what it got.
  void crash() {
    if (!p_) return;
    p_->runner.reset();
    p_->tick = Timer();
    p_->node_watch.reset();
    p_->printer_watch.reset();
    p_.reset();
  }

  // The process is killed: the journal's files stay as the kill leaves
  // them (what was written, synced or not; no -shm, so the next open reads
  // the WAL again), copied aside before the dead connection closes; the
  // next boot opens the copy.
  void kill() {
    const std::string left = journal_path_ + "-killed" + std::to_string(++kills_);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(left + suffix);
    for (const char* suffix : {"", "-wal"}) {
      if (std::filesystem::exists(journal_path_ + suffix)) {
        std::filesystem::copy_file(journal_path_ + suffix, left + suffix);
      }
    }
    crash();
    journal_path_ = left;
  }

  void run_for(std::chrono::milliseconds span) {
    for (auto t = 0ms; t < span; t += kTick) ASSERT_TRUE(time_->advance(kTick).ok());
  }
  bool run_until(const std::function<bool()>& pred, std::chrono::milliseconds limit = 120s) {
    for (auto t = 0ms; t < limit && !pred(); t += kTick) {
      if (!time_->advance(kTick).ok()) return false;
    }
    return pred();
  }

  ExchangeSubject subject(std::size_t i = 0) const {
    ExchangeSubject s;
    s.receipt = std::move(chain_->receipt(ids_[i].code, ids_[i].number)).value();
    s.receipt_hash = hash(chain_->suite(), canonical_receipt_bytes(s.receipt));
    return s;
  }

  // Starts an exchange of receipt `i`; its result lands in `result`.
  void start(std::size_t i = 0) { ASSERT_TRUE(try_start(i).ok()); }
  Status try_start(std::size_t i = 0) {
    result.reset();
    progress.clear();
    return p_->runner->start(
        subject(i), ExchangeReason::kRefund,
        [this](ExchangeResult r) { result.emplace(std::move(r)); },
        [this](const ExchangeProgress& pr) {
          progress.push_back(pr);
          if (on_progress) on_progress(pr);
        });
  }
  bool run_exchange() {
    return run_until([this] { return result.has_value(); });
  }

  // Recovers in a fresh process; true when recovery reported.
  Result<std::size_t> reboot_and_recover() {
    crash();
    boot();
    std::optional<Result<std::size_t>> recovered;
    p_->runner->recover([&](Result<std::size_t> r) { recovered.emplace(std::move(r)); });
    if (!run_until([&] { return recovered.has_value(); }, 300s)) {
      return make_error(ErrorCode::kDeadlineExceeded, "recovery did not finish");
    }
    run_for(3s);  // whatever the printer still holds comes out
    return *recovered;
  }

  std::optional<PaperRecord> last_paper() const {
    auto all = p_->journal->papers_of(1);
    if (!all.ok() || all->empty()) return std::nullopt;
    return all->back();
  }
  std::vector<PaperRecord> papers() const { return papers_after_crash(*p_->journal); }
  static std::vector<PaperRecord> papers_after_crash(const ExchangeJournal& journal) {
    auto papers = journal.papers_of(1);
    EXPECT_TRUE(papers.ok());
    return papers.ok() ? *papers : std::vector<PaperRecord>{};
  }

  ReceiptStatusView status(std::size_t i = 0) const {
    return std::move(chain_->receipt_status(ids_[i].code, ids_[i].number)).value();
  }
  std::optional<std::string> active_serial(std::size_t i = 0) const {
    const ReceiptStatusView s = status(i);
    if (!s.paper) return std::nullopt;
    return s.paper->paper_code + "-" + s.paper->paper_number;
  }

  // The serials on tickets the cutter cut off the roll (complete ones).
  std::vector<std::string> cut_serials() const {
    const sim::Paper roll = vp_->paper();
    const std::vector<sim::Paper> tickets = roll.tickets();
    std::vector<std::string> out;
    for (std::size_t t = 0; t < roll.cuts().size() && t < tickets.size(); ++t) {
      for (const sim::TextLine& l : tickets[t].text()) {
        const std::string key = "纸质票据: ";
        if (auto at = l.utf8.find(key); at != std::string::npos)
          out.push_back(l.utf8.substr(at + key.size(), 19));
      }
    }
    return out;
  }

  // Each cut ticket's text, in the order they came out.
  std::vector<std::string> cut_tickets_text() const {
    const sim::Paper roll = vp_->paper();
    const std::vector<sim::Paper> tickets = roll.tickets();
    std::vector<std::string> out;
    for (std::size_t t = 0; t < roll.cuts().size() && t < tickets.size(); ++t) {
      std::string text;
      for (const sim::TextLine& l : tickets[t].text()) text += l.utf8 + "\n";
      out.push_back(std::move(text));
    }
    return out;
  }

  // The invariants of exactly once, whatever happened.
  void expect_exactly_once(std::size_t receipt = 0) const {
    auto open = p_->journal->unfinished();
    ASSERT_TRUE(open.ok());
    EXPECT_TRUE(open->empty()) << "unfinished exchanges: " << open->size();
    std::vector<std::string> printed;
    for (const PaperRecord& p : papers()) {
      EXPECT_TRUE(p.state == PaperState::kPrinted || p.state == PaperState::kVoided ||
                  p.state == PaperState::kRefused || p.state == PaperState::kAbandoned)
          << paper_serial_text(p.paper) << " ends " << paper_state_name(p.state);
      if (p.state == PaperState::kPrinted) printed.push_back(paper_serial_text(p.paper));
    }
    std::optional<std::string> active = active_serial(receipt);
    if (active && !active->starts_with(std::string(kPaperCode) + "-"))
      active.reset();  // another kiosk's copy
    ASSERT_LE(printed.size(), 1u);
    if (active) {
      ASSERT_EQ(printed.size(), 1u) << "chain's active paper " << *active << " was never printed";
      EXPECT_EQ(printed.front(), *active);
    } else {
      EXPECT_TRUE(printed.empty());
    }
    // On paper: at most one complete ticket of the active serial.
    const std::vector<std::string> cut = cut_serials();
    const auto copies = active ? std::count(cut.begin(), cut.end(), *active) : 0;
    EXPECT_EQ(copies, active ? 1 : 0);
  }

  const std::string& journal_path() const { return journal_path_; }
  sim::ChainNode& chain() { return *chain_; }
  sim::VirtualPrinter& printer() { return *vp_; }
  Process& process() { return *p_; }
  const DeviceIdentity& kit() const { return *kit_; }
  const ReceiptCode& id(std::size_t i) const { return ids_[i]; }

  int max_reprints = 2;
  // The SQLite VFS the journal is opened with at boot (empty: the default).
  std::string journal_vfs;
  // Set as the journal's step observer at boot.
  ExchangeJournal::StepObserver on_step;
  std::function<void(const ExchangeProgress&)> on_progress;
  std::optional<ExchangeResult> result;
  std::vector<ExchangeProgress> progress;
  std::vector<std::string> log;

 private:
  ManualClock clock_{wall_time_from_unix_ms(kWorldStartMs)};
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<SimulatedTime> time_;
  std::unique_ptr<sim::ChainNode> chain_;
  std::optional<DeviceIdentity> kit_;
  std::vector<ReceiptCode> ids_;
  std::unique_ptr<sim::VirtualPrinter> vp_;
  std::string journal_path_;
  int kills_ = 0;
  Timer seal_;
  std::unique_ptr<Process> p_;
};

}  // namespace chainslip::test
