#include "sim/app/make_fisco_demo.h"

#include <iostream>
#include <vector>

#include "core/engine/fisco_bcos/receipt_bundle.h"
#include "core/util/file_io.h"
#include "sim/chain/receipt_factory.h"
#include "sim/fisco/fisco_chain.h"
#include "sim/fisco/lies.h"
#include "sim/fisco/registry_transaction.h"

namespace chainslip::simapp {
namespace {

using fisco::ChainCrypto;

struct Issuer {
  std::string id;
  std::string name;
  std::string code;
};
const Issuer kIssuers[] = {{"12330000470000000X", "浙江省人民医院", "33010126"},
                           {"12110000400000000Y", "北京市第一中医医院", "11010126"}};

Status write_json(const std::string& path, const Json& doc) { return write_file_atomic(path, doc.dump(2) + "\n", 0644); }

std::string file_name(const Receipt& r) { return r.code + "-" + r.number + ".json"; }

Result<std::vector<sim::fisco::FiscoSealer>> sealers(ChainCrypto crypto, std::size_t count) {
  std::vector<sim::fisco::FiscoSealer> out;
  for (std::size_t i = 0; i < count; ++i) {
    CS_ASSIGN_OR_RETURN(sim::fisco::ChainKey key, sim::fisco::ChainKey::from_seed(crypto, "demo sealer " + std::to_string(i)));
    out.push_back({std::move(key), 1});
  }
  return out;
}

// Seals one block of `receipts`' issuances (each by its issuer's account)
// and returns their bundles, in order.
Result<std::vector<fisco::ReceiptBundle>> issue(sim::fisco::FiscoChain& chain,
                                                const std::vector<sim::fisco::FiscoAccount>& accounts,
                                                const fisco::Address& registry, const std::vector<Receipt>& receipts,
                                                const std::vector<fisco::SealerListChange>& changes) {
  std::vector<fisco::Transaction> txs;
  for (const Receipt& r : receipts) {
    const std::size_t issuer = r.issuer_id == kIssuers[0].id ? 0 : 1;
    CS_ASSIGN_OR_RETURN(fisco::Transaction tx,
                        sim::fisco::issue_transaction(chain, accounts[issuer], registry,
                                                      fisco::chain_hash(chain.crypto(), canonical_receipt_bytes(r)),
                                                      r.code, r.number));
    txs.push_back(std::move(tx));
  }
  CS_ASSIGN_OR_RETURN(sim::fisco::FiscoBlock block, chain.seal_block(txs));
  std::vector<fisco::ReceiptBundle> out;
  for (std::size_t i = 0; i < receipts.size(); ++i) {
    out.push_back({receipts[i], {block.header, block.transactions[i], block.receipts[i], changes}});
  }
  return out;
}

}  // namespace

Status make_fisco_demo(const std::string& dir, ChainCrypto crypto) {
  CS_ASSIGN_OR_RETURN(auto four, sealers(crypto, 5));
  auto fifth = four.back();
  four.pop_back();
  CS_ASSIGN_OR_RETURN(sim::fisco::FiscoChain chain, sim::fisco::FiscoChain::create(crypto, four));
  std::vector<sim::fisco::FiscoAccount> accounts;
  for (const Issuer& i : kIssuers) {
    CS_ASSIGN_OR_RETURN(sim::fisco::FiscoAccount a, sim::fisco::FiscoAccount::from_seed(crypto, "demo issuer " + i.id));
    accounts.push_back(std::move(a));
  }
  CS_ASSIGN_OR_RETURN(const fisco::Address registry, fisco::parse_address("0x6849f21d1e455e9f0712b1e99fa4fcd23758e8f1"));

  // Issued ten minutes before the chain's first block.
  const std::uint64_t issued_at = static_cast<std::uint64_t>(chain.genesis().timestamp) / 1000 - 600;
  sim::ReceiptFactory factory(20260101);
  auto receipt = [&](const Issuer& i, std::uint64_t seq) { return factory.make(i.id, i.name, i.code, seq, issued_at); };

  fisco::TrustAnchor anchor;
  anchor.crypto = crypto;
  anchor.chain_id = chain.chain_id();
  anchor.group_id = chain.group_id();
  anchor.number = 0;
  anchor.sealers = fisco::SealerList{chain.sealer_node_ids(), std::vector<std::uint64_t>(four.size(), 1)};
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
  const fisco::SealerListChange change{{probe.front().proof.header}};
  std::vector<fisco::ReceiptBundle> second = probe;
  for (auto& b : second) b.proof.sealer_list_changes = {change};

  for (const char* sub : {"/bundles/valid", "/bundles/invalid"}) CS_RETURN_IF_ERROR(make_directories(dir + sub, 0755));
  CS_RETURN_IF_ERROR(write_json(dir + "/anchor.json", fisco::trust_anchor_to_json(anchor)));
  std::size_t valid = 0;
  for (const auto* bundles : {&first, &second}) {
    for (const auto& b : *bundles) {
      CS_RETURN_IF_ERROR(write_json(dir + "/bundles/valid/" + file_name(b.receipt), fisco::bundle_to_json(b)));
      ++valid;
    }
  }

  // The lies, each named after the reason `chainslip verify` must give.
  struct Lie {
    std::string name;
    ErrorCode expected;
    fisco::ReceiptBundle bundle;
  };
  std::vector<Lie> lies;
  const fisco::ReceiptBundle& honest = first.front();
  lies.push_back({"corrupted-signature", ErrorCode::kValidatorSignatureInvalid, honest});
  lies.back().bundle.proof.header = sim::fisco::with_corrupted_signature(honest.proof.header, 0);
  lies.push_back({"proof-to-another-root", ErrorCode::kInclusionProofInvalid, honest});
  lies.back().bundle.proof.transaction.proof =
      sim::fisco::proof_to_another_root(crypto, honest.proof.transaction.stated_hash);
  lies.push_back({"another-receipt", ErrorCode::kIssuanceMismatch, honest});
  lies.back().bundle.receipt = first[2].receipt;
  lies.push_back({"hidden-sealer-change", ErrorCode::kValidatorSetMismatch, second.front()});
  lies.back().bundle.proof.sealer_list_changes.clear();
  std::vector<sim::fisco::ChainKey> forgers;
  for (int i = 0; i < 4; ++i) {
    CS_ASSIGN_OR_RETURN(sim::fisco::ChainKey k, sim::fisco::ChainKey::from_seed(crypto, "forger " + std::to_string(i)));
    forgers.push_back(std::move(k));
  }
  CS_ASSIGN_OR_RETURN(fisco::BlockHeader forged, sim::fisco::with_forged_sealer_list(crypto, honest.proof.header, forgers));
  lies.push_back({"forged-sealer-list", ErrorCode::kValidatorSetMismatch, honest});
  lies.back().bundle.proof.header = forged;
  {
    CS_ASSIGN_OR_RETURN(fisco::Transaction tx,
                        sim::fisco::issue_transaction(chain, accounts[0], registry,
                                                      fisco::chain_hash(crypto, canonical_receipt_bytes(honest.receipt)),
                                                      honest.receipt.code, honest.receipt.number));
    CS_ASSIGN_OR_RETURN(sim::fisco::FiscoBlock reverted, sim::fisco::seal_reverted(chain, tx));
    lies.push_back({"reverted-issuance", ErrorCode::kTransactionFailed,
                    {honest.receipt, {reverted.header, reverted.transactions[0], reverted.receipts[0], {change}}}});
  }
  {
    CS_ASSIGN_OR_RETURN(sim::fisco::FiscoAccount impostor, sim::fisco::FiscoAccount::from_seed(crypto, "impostor"));
    CS_ASSIGN_OR_RETURN(auto by_impostor, issue(chain, {impostor, impostor}, registry, {honest.receipt}, {change}));
    lies.push_back({"impostor-issuer", ErrorCode::kIssuerAccountMismatch, by_impostor.front()});
  }
  for (const Lie& lie : lies) {
    CS_RETURN_IF_ERROR(write_json(dir + "/bundles/invalid/" + lie.name + "." +
                                      std::string(error_code_name(lie.expected)) + ".json",
                                  fisco::bundle_to_json(lie.bundle)));
  }
  std::cout << "demo FISCO BCOS 3.x chain \"" << chain.chain_id() << "/" << chain.group_id() << "\" ("
            << fisco::chain_crypto_name(crypto) << ") written to " << dir
            << "\n  anchor.json           the trust anchor (sealers, registry, issuer accounts)\n"
            << "  bundles/valid/        " << valid << " receipts that verify\n"
            << "  bundles/invalid/      " << lies.size() << " lies, named <lie>.<expected reason>.json\n"
            << "try: chainslip verify " << dir << "/bundles/valid/" << file_name(first.front().receipt) << "\n";
  return {};
}

}  // namespace chainslip::simapp
