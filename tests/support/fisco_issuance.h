#pragma once

// An e-receipt issued on a chain sim/fisco seals (PROTOCOL 11.7 to 11.9),
// for both chain cryptos: the receipt, the issuer's account, the registry,
// a block of three transactions whose middle one is the issuance, and the
// anchor that trusts the chain's sealers, registry and issuer.

#include <gtest/gtest.h>

#include "core/engine/fisco_bcos/issuance.h"
#include "core/engine/fisco_bcos/trust_anchor.h"
#include "sim/fisco/registry_transaction.h"
#include "tests/support/fisco_sim_chain.h"
#include "tests/support/receipt_fixtures.h"

namespace chainslip::test {

class FiscoIssuanceFixture : public ::testing::TestWithParam<ChainCrypto> {
 protected:
  void SetUp() override {
    // Issued the day before the simulated chain's genesis (2026-01-01).
    receipt_ = make_test_receipt(ReceiptKind::kOutpatient, "张三", {{"诊查费", 100, 100000}});
    receipt_.issued_at = 1767139200;  // 2025-12-31 00:00:00 UTC
    receipt_.medical->visit_date = CalendarDate{20251231};
    auto issue = issuance_of(receipt_, issuer_);
    ASSERT_TRUE(issue.ok()) << issue.error().message;
    auto others = some_transactions(chain_, issuer_, 2);
    auto sealed = chain_.seal_block({others[0], *issue, others[1]});
    ASSERT_TRUE(sealed.ok()) << sealed.error().message;
    block_ = *sealed;
  }

  ChainCrypto crypto() const { return GetParam(); }

  Result<fisco::Transaction> issuance_of(const Receipt& receipt, const sim::fisco::FiscoAccount& from) {
    return sim::fisco::issue_transaction(chain_, from, registry_,
                                         fisco::chain_hash(crypto(), canonical_receipt_bytes(receipt)), receipt.code,
                                         receipt.number);
  }

  // Trusts the chain's sealers from block 1, its registry and its issuer.
  fisco::TrustAnchor anchor() const {
    fisco::TrustAnchor a;
    a.crypto = crypto();
    a.chain_id = chain_.chain_id();
    a.group_id = chain_.group_id();
    a.number = 1;
    a.sealers = fisco::sealer_list_of(chain_.blocks()[1].header);
    a.registry = registry_;
    a.issuers = {fisco::IssuerAccount{issuer_.address(), receipt_.issuer_id}};
    return a;
  }

  fisco::IssuanceProof proof() const {
    return fisco::IssuanceProof{block_.header, block_.transactions[1], block_.receipts[1], {}};
  }

  // A second after the block was sealed.
  static HeaderCheckOptions options_at(const fisco::BlockHeader& header) {
    return HeaderCheckOptions{.now_ms = static_cast<std::uint64_t>(header.timestamp) + 1000};
  }
  HeaderCheckOptions options() const { return options_at(block_.header); }

  sim::fisco::FiscoChain chain_ = seeded_chain(GetParam());
  const sim::fisco::FiscoAccount issuer_ = seeded_account(GetParam(), "issuer 12330100470000123X");
  const fisco::Address registry_ = *fisco::parse_address("0x5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e");
  Receipt receipt_;
  sim::fisco::FiscoBlock block_;
};

}  // namespace chainslip::test
