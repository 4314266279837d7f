#include "sim/fisco/demo_chain.h"

#include <vector>

#include "sim/chain/receipt_factory.h"
#include "sim/fisco/fisco_chain.h"
#include "sim/fisco/lies.h"
#include "sim/fisco/registry_transaction.h"

namespace chainslip::sim::fisco {
namespace {

namespace core_fisco = chainslip::fisco;

struct Issuer {
  std::string id;
  std::string name;
  std::string code;
};
const Issuer kIssuers[] = {{"12330000470000000X", "浙江省人民医院", "33010126"},
                           {"12110000400000000Y", "北京市第一中医医院", "11010126"}};

Result<std::vector<FiscoSealer>> sealers(ChainCrypto crypto, std::size_t count) {
  std::vector<FiscoSealer> out;
  for (std::size_t i = 0; i < count; ++i) {
    CS_ASSIGN_OR_RETURN(ChainKey key, ChainKey::from_seed(crypto, "demo sealer " + std::to_string(i)));
    out.push_back({std::move(key), 1});
  }
  return out;
}

// Seals one block of `receipts`' issuances (each by its issuer's account)
// and returns their bundles, in order.
Result<std::vector<core_fisco::ReceiptBundle>> issue(FiscoChain& chain,
                                                const std::vector<FiscoAccount>& accounts,
                                                const core_fisco::Address& registry, const std::vector<Receipt>& receipts,
                                                const std::vector<core_fisco::SealerListChange>& changes) {
  std::vector<core_fisco::Transaction> txs;
  for (const Receipt& r : receipts) {
    const std::size_t issuer = r.issuer_id == kIssuers[0].id ? 0 : 1;
    CS_ASSIGN_OR_RETURN(core_fisco::Transaction tx,
                        issue_transaction(chain, accounts[issuer], registry,
                                                      core_fisco::chain_hash(chain.crypto(), canonical_receipt_bytes(r)),
                                                      r.code, r.number));
    txs.push_back(std::move(tx));
  }
  CS_ASSIGN_OR_RETURN(FiscoBlock block, chain.seal_block(txs));
  std::vector<core_fisco::ReceiptBundle> out;
  for (std::size_t i = 0; i < receipts.size(); ++i) {
    out.push_back({receipts[i], {block.header, block.transactions[i], block.receipts[i], changes}});
  }
  return out;
}

}  // namespace

Result<DemoChain> make_demo_chain(ChainCrypto crypto) {
  CS_ASSIGN_OR_RETURN(auto four, sealers(crypto, 5));
  auto fifth = four.back();
  four.pop_back();
  CS_ASSIGN_OR_RETURN(FiscoChain chain, FiscoChain::create(crypto, four));
  std::vector<FiscoAccount> accounts;
  for (const Issuer& i : kIssuers) {
    CS_ASSIGN_OR_RETURN(FiscoAccount a, FiscoAccount::from_seed(crypto, "demo issuer " + i.id));
    accounts.push_back(std::move(a));
  }
  CS_ASSIGN_OR_RETURN(const core_fisco::Address registry, core_fisco::parse_address("0x6849f21d1e455e9f0712b1e99fa4fcd23758e8f1"));

  // Issued ten minutes before the chain's first block.
  const std::uint64_t issued_at = static_cast<std::uint64_t>(chain.genesis().timestamp) / 1000 - 600;
  sim::ReceiptFactory factory(20260101);
  auto receipt = [&](const Issuer& i, std::uint64_t seq) { return factory.make(i.id, i.name, i.code, seq, issued_at); };

  core_fisco::TrustAnchor anchor;
  anchor.crypto = crypto;
  anchor.chain_id = chain.chain_id();
  anchor.group_id = chain.group_id();
  anchor.number = 0;
  anchor.sealers = core_fisco::SealerList{chain.sealer_node_ids(), std::vector<std::uint64_t>(four.size(), 1)};
  anchor.registry = registry;
  for (std::size_t i = 0; i < accounts.size(); ++i) anchor.issuers.push_back({accounts[i].address(), kIssuers[i].id});

  CS_ASSIGN_OR_RETURN(auto first, issue(chain, accounts, registry,
                                        {receipt(kIssuers[0], 1), receipt(kIssuers[1], 1), receipt(kIssuers[0], 2)}, {}));
  // A fifth sealer joins: later bundles carry the change from the anchor.
  auto five = four;
  five.push_back(fifth);
  CS_RETURN_IF_ERROR(chain.change_sealers(five));
  const std::vector<Receipt> later = {receipt(kIssuers[0], 3), receipt(kIssuers[1], 2)};
  CS_ASSIGN_OR_RETURN(auto probe, issue(chain, accounts, registry, later, {}));
  const core_fisco::SealerListChange change{{probe.front().proof.header}};
  std::vector<core_fisco::ReceiptBundle> second = probe;
  for (auto& b : second) b.proof.sealer_list_changes = {change};

  DemoChain demo;
  demo.anchor = anchor;
  demo.chain_name = chain.chain_id() + "/" + chain.group_id();
  for (const auto* bundles : {&first, &second}) demo.valid.insert(demo.valid.end(), bundles->begin(), bundles->end());

  // The lies, each named after the reason a verifier must give.
  std::vector<DemoLie>& lies = demo.lies;
  const core_fisco::ReceiptBundle& honest = first.front();
  lies.push_back({"corrupted-signature", ErrorCode::kValidatorSignatureInvalid, honest});
  lies.back().bundle.proof.header = with_corrupted_signature(honest.proof.header, 0);
  lies.push_back({"proof-to-another-root", ErrorCode::kInclusionProofInvalid, honest});
  lies.back().bundle.proof.transaction.proof =
      proof_to_another_root(crypto, honest.proof.transaction.stated_hash);
  lies.push_back({"another-receipt", ErrorCode::kIssuanceMismatch, honest});
  lies.back().bundle.receipt = first[2].receipt;
  lies.push_back({"hidden-sealer-change", ErrorCode::kValidatorSetMismatch, second.front()});
  lies.back().bundle.proof.sealer_list_changes.clear();
  std::vector<ChainKey> forgers;
  for (int i = 0; i < 4; ++i) {
    CS_ASSIGN_OR_RETURN(ChainKey k, ChainKey::from_seed(crypto, "forger " + std::to_string(i)));
    forgers.push_back(std::move(k));
  }
  CS_ASSIGN_OR_RETURN(core_fisco::BlockHeader forged, with_forged_sealer_list(crypto, honest.proof.header, forgers));
  lies.push_back({"forged-sealer-list", ErrorCode::kValidatorSetMismatch, honest});
  lies.back().bundle.proof.header = forged;
  {
    CS_ASSIGN_OR_RETURN(core_fisco::Transaction tx,
                        issue_transaction(chain, accounts[0], registry,
                                                      core_fisco::chain_hash(crypto, canonical_receipt_bytes(honest.receipt)),
                                                      honest.receipt.code, honest.receipt.number));
    CS_ASSIGN_OR_RETURN(FiscoBlock reverted, seal_reverted(chain, tx));
    lies.push_back({"reverted-issuance", ErrorCode::kTransactionFailed,
                    {honest.receipt, {reverted.header, reverted.transactions[0], reverted.receipts[0], {change}}}});
  }
  {
    CS_ASSIGN_OR_RETURN(FiscoAccount impostor, FiscoAccount::from_seed(crypto, "impostor"));
    CS_ASSIGN_OR_RETURN(auto by_impostor, issue(chain, {impostor, impostor}, registry, {honest.receipt}, {change}));
    lies.push_back({"impostor-issuer", ErrorCode::kIssuerAccountMismatch, by_impostor.front()});
  }
  return demo;
}

}  // namespace chainslip::sim::fisco
