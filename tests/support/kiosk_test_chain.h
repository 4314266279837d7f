#pragma once

// A simulated chain, its in-process node client and a real receipt cache in
// a temporary directory: what receipt_lookup_test and kiosk_machine_test
// verify scanned codes against.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/receipt/receipt_code.h"
#include "core/store/receipt_store.h"
#include "core/engine/chainslip_engine.h"
#include "firmware/kiosk/receipt_lookup.h"
#include "sim/node/chain_node.h"
#include "sim/node/in_process_node_client.h"

namespace chainslip::test {

inline constexpr std::uint64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

class TestChain {
 public:
  TestChain() {
    sim::ChainNode::Options o;
    o.suite = Suite::kP256Sha256;  // fast to sign and verify
    auto node = sim::ChainNode::create(o);
    EXPECT_TRUE(node.ok());
    node_ = std::move(node).value();
    EXPECT_TRUE(node_->issue_receipts(6, kT0).ok());
    EXPECT_TRUE(node_->seal_block(kT0).ok());
    client_ = std::make_unique<sim::InProcessNodeClient>(*node_);

    std::string tmpl = (std::filesystem::path(::testing::TempDir()) / "kiosk_XXXXXX").string();
    EXPECT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto store = ReceiptStore::open(dir_ + "/cache.db");
    EXPECT_TRUE(store.ok());
    store_.emplace(std::move(store).value());
    engine_ = std::make_unique<ChainslipEngine>(node_->anchor());
    lookup_ = std::make_unique<ReceiptLookup>(
        *client_, *store_, *engine_, default_receipt_code_platforms(), wall_clock_,
        [this](const std::string& line) { log_.push_back(line); });
  }
  ~TestChain() {
    lookup_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  TestChain(const TestChain&) = delete;
  TestChain& operator=(const TestChain&) = delete;

  sim::ChainNode& node() { return *node_; }
  sim::InProcessNodeClient& client() { return *client_; }
  ReceiptStore& store() { return *store_; }
  ReceiptLookup& lookup() { return *lookup_; }
  const std::vector<std::string>& log() const { return log_; }

  // Receipt i's code as the platform printed it, and its text (a URL).
  ReceiptCode payload(std::size_t i = 0) const { return node_->sample_codes(6).at(i); }
  std::string scanned(std::size_t i = 0) const { return node_->code_url(payload(i)); }
  std::string url(const ReceiptCode& c) const { return node_->code_url(c); }
  Receipt receipt(std::size_t i = 0) const {
    const ReceiptCode p = payload(i);
    auto r = node_->receipt(p.code, p.number);
    EXPECT_TRUE(r.ok());
    return std::move(r).value();
  }

 private:
  std::unique_ptr<sim::ChainNode> node_;
  std::unique_ptr<sim::InProcessNodeClient> client_;
  std::string dir_;
  std::optional<ReceiptStore> store_;
  std::unique_ptr<ChainslipEngine> engine_;
  const ManualClock wall_clock_{wall_time_from_unix_ms(kT0 + 600'000)};  // the lookup's wall time
  std::unique_ptr<ReceiptLookup> lookup_;
  std::vector<std::string> log_;
};

}  // namespace chainslip::test
