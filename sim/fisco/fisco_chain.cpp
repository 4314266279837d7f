#include "sim/fisco/fisco_chain.h"

#include <algorithm>
#include <set>

#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/quorum.h"
#include "core/engine/fisco_bcos/transaction_check.h"
#include "sim/fisco/merkle_tree.h"

namespace chainslip::sim::fisco {
namespace {

using chainslip::fisco::BlockHeader;
using chainslip::fisco::ParentInfo;
using chainslip::fisco::SealerSignature;
using chainslip::fisco::Transaction;
using chainslip::fisco::TransactionReceipt;

// The block version a 3.3.0 node writes (0x03030000), as in the real
// headers of tests/data/fisco-bcos.
constexpr std::int32_t kBlockVersion = 0x03030000;
// SDKs set blockLimit to the current number plus 500: the node refuses the
// transaction after that block.
constexpr std::int64_t kBlockLimitRange = 500;
constexpr std::int64_t kGenesisTimeMs = 1767225600000;  // 2026-01-01T00:00:00Z
constexpr std::int64_t kBlockIntervalMs = 1000;
// The simulator runs no EVM: a call's gas is a stand-in, the intrinsic gas
// and 16 per input byte, so that gasUsed varies as a real one does.
constexpr std::uint64_t kIntrinsicGas = 21000;
constexpr std::uint64_t kGasPerInputByte = 16;

Error invalid(const std::string& what) { return make_error(ErrorCode::kInvalidArgument, what); }

Status check_sealers(ChainCrypto crypto, const std::vector<FiscoSealer>& sealers) {
  if (sealers.empty()) return invalid("a chain needs at least one sealer");
  std::set<Bytes> node_ids;
  std::vector<std::uint64_t> weights;
  for (const FiscoSealer& sealer : sealers) {
    if (sealer.key.crypto() != crypto) return invalid("a sealer's key is of another chain crypto");
    if (!node_ids.insert(sealer.key.public_key()).second) {
      return invalid("node ID 0x" + to_hex(sealer.key.public_key()) + " is listed twice");
    }
    weights.push_back(sealer.weight);
  }
  auto quorum = chainslip::fisco::required_weight(weights);
  if (!quorum.ok()) return invalid("the sealers' weights make no quorum: " + quorum.error().message);
  return {};
}

// The event the simulated contract emits for every call, as a registry
// emits one per change: from the called contract (held, like a contract
// address, without "0x"), its topic H(input), its data the caller's
// address as an ABI word. A receipt's hash covers neither its transaction
// nor its sender, so without it two calls of the same shape in one block
// would have identical receipts, which core's proof check refuses as
// siblings (docs/PROTOCOL.md 11.4: the running hash at exactly one place).
chainslip::fisco::LogEntry call_event(ChainCrypto crypto, const Transaction& tx) {
  chainslip::fisco::LogEntry log;
  log.address = tx.to.starts_with("0x") ? tx.to.substr(2) : tx.to;
  log.topics.push_back(chainslip::fisco::chain_hash(crypto, tx.input));
  log.data.assign(12, 0);
  log.data.insert(log.data.end(), tx.from.begin(), tx.from.end());
  return log;
}

std::uint64_t call_gas(const Transaction& tx) { return kIntrinsicGas + kGasPerInputByte * tx.input.size(); }

// The receipt a node writes for `tx` once executed in block `number`.
TransactionReceipt receipt_of(ChainCrypto crypto, const Transaction& tx, std::int64_t number,
                              std::int32_t status) {
  TransactionReceipt rc;
  rc.gas_used = std::to_string(call_gas(tx));
  rc.checksum_contract_address = "";  // a call creates no contract: both addresses print empty
  rc.status = status;
  if (status == 0) rc.logs.push_back(call_event(crypto, tx));  // a reverted call's events are dropped
  rc.block_number = number;
  rc.transaction_hash = tx.stated_hash;
  rc.from = tx.from;
  rc.to = tx.to;
  rc.input = tx.input;
  rc.stated_hash = chainslip::fisco::receipt_hash(crypto, rc);
  return rc;
}

// The simulator keeps no contract state; the state root is a stand-in,
// hashed like any other field.
Digest state_root(ChainCrypto crypto, std::int64_t number) {
  return chainslip::fisco::chain_hash(crypto,
                                      as_bytes("chainslip-sim fisco state " + std::to_string(number)));
}

}  // namespace

FiscoChain::FiscoChain(ChainCrypto crypto, std::vector<FiscoSealer> sealers)
    : crypto_(crypto), sealers_(std::move(sealers)) {
  for (const FiscoSealer& sealer : sealers_) key_ring_.push_back(sealer.key);
  FiscoBlock genesis;
  genesis.header.version = kBlockVersion;
  genesis.header.gas_used = "0";
  genesis.header.timestamp = kGenesisTimeMs;
  const std::string genesis_data = "chainslip-sim fisco genesis " + chain_id_ + "/" + group_id_;
  genesis.header.extra_data.assign(genesis_data.begin(), genesis_data.end());
  genesis.header.stated_hash = chainslip::fisco::header_hash(crypto_, genesis.header);
  blocks_.push_back(std::move(genesis));
}

Result<FiscoChain> FiscoChain::create(ChainCrypto crypto, std::vector<FiscoSealer> sealers) {
  CS_RETURN_IF_ERROR(check_sealers(crypto, sealers));
  return FiscoChain(crypto, std::move(sealers));
}

std::vector<Bytes> FiscoChain::sealer_node_ids() const {
  std::vector<Bytes> ids;
  for (const FiscoSealer& sealer : sealers_) ids.push_back(sealer.key.public_key());
  return ids;
}

Status FiscoChain::change_sealers(std::vector<FiscoSealer> sealers) {
  CS_RETURN_IF_ERROR(check_sealers(crypto_, sealers));
  sealers_ = std::move(sealers);
  for (const FiscoSealer& sealer : sealers_) {
    const bool known = std::any_of(key_ring_.begin(), key_ring_.end(), [&](const ChainKey& k) {
      return k.public_key() == sealer.key.public_key();
    });
    if (!known) key_ring_.push_back(sealer.key);
  }
  return {};
}

Result<Transaction> FiscoChain::transaction(const FiscoAccount& from, const std::string& to, Bytes input) {
  Transaction tx;
  tx.chain_id = chain_id_;
  tx.group_id = group_id_;
  tx.block_limit = last_block().header.number + kBlockLimitRange;
  // SDKs draw a large random decimal nonce; a counter is as unique and
  // keeps runs reproducible.
  tx.nonce = std::to_string(1000000000000000000ULL + next_nonce_++);
  tx.to = to;
  tx.input = std::move(input);
  CS_RETURN_IF_ERROR(from.sign(tx));
  return tx;
}

Result<std::vector<std::uint64_t>> FiscoChain::default_signers() const {
  const std::vector<Bytes>& last_list = last_block().header.sealer_list;
  const bool changed = blocks_.size() > 1 && last_list != sealer_node_ids();
  std::vector<std::uint64_t> weights;
  for (const FiscoSealer& sealer : sealers_) weights.push_back(sealer.weight);
  CS_ASSIGN_OR_RETURN(const std::uint64_t quorum, chainslip::fisco::required_weight(weights));
  std::vector<std::uint64_t> signers;
  std::uint64_t signed_weight = 0;
  for (std::uint64_t i = 0; i < sealers_.size() && signed_weight < quorum; ++i) {
    // Under a changed list only the sealers that were already sealing have
    // taken part in consensus on this block.
    if (changed &&
        std::find(last_list.begin(), last_list.end(), sealers_[i].key.public_key()) == last_list.end()) {
      continue;
    }
    signers.push_back(i);
    signed_weight += sealers_[i].weight;
  }
  if (signed_weight < quorum) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "the sealers of both the old and the new list weigh " + std::to_string(signed_weight) +
                          ", below the new list's quorum of " + std::to_string(quorum));
  }
  return signers;
}

Result<std::vector<SealerSignature>> FiscoChain::sign_header(
    const BlockHeader& header, const std::vector<std::uint64_t>& signers) const {
  std::vector<SealerSignature> signatures;
  for (std::uint64_t index : signers) {
    if (index >= header.sealer_list.size()) {
      return invalid("sealer index " + std::to_string(index) + " is outside the header's sealer list");
    }
    const Bytes& node_id = header.sealer_list[index];
    const auto key = std::find_if(key_ring_.begin(), key_ring_.end(),
                                  [&](const ChainKey& k) { return k.public_key() == node_id; });
    if (key == key_ring_.end()) return invalid("no key of sealer 0x" + to_hex(node_id));
    CS_ASSIGN_OR_RETURN(Bytes signature, key->sign_header_hash(header.stated_hash));
    signatures.push_back({index, std::move(signature)});
  }
  return signatures;
}

Result<FiscoBlock> FiscoChain::seal_block(std::vector<Transaction> transactions) {
  return seal_block(BlockPlan{std::move(transactions), {}, {}});
}

Result<FiscoBlock> FiscoChain::seal_block(BlockPlan plan) {
  if (plan.transactions.empty()) return invalid("a FISCO BCOS node seals no empty block");
  if (!plan.failed.empty() && plan.failed.rbegin()->first >= plan.transactions.size()) {
    return invalid("the plan fails transaction " + std::to_string(plan.failed.rbegin()->first) + " of " +
                   std::to_string(plan.transactions.size()));
  }
  const BlockHeader& parent = last_block().header;
  FiscoBlock block;
  BlockHeader& h = block.header;
  h.version = kBlockVersion;
  h.number = parent.number + 1;
  h.parents = {ParentInfo{parent.number, parent.stated_hash}};
  h.timestamp = parent.timestamp + kBlockIntervalMs;

  std::uint64_t gas = 0;
  std::set<Digest> seen;
  std::vector<Digest> tx_hashes;
  std::vector<Digest> receipt_hashes;
  for (std::size_t i = 0; i < plan.transactions.size(); ++i) {
    const Transaction& tx = plan.transactions[i];
    auto checked = chainslip::fisco::check_transaction(crypto_, tx);
    if (!checked.ok()) return invalid("transaction " + std::to_string(i) + ": " + checked.error().message);
    if (!seen.insert(*checked).second) {
      return invalid("transaction " + std::to_string(i) + " is in the block twice");
    }
    const auto failed = plan.failed.find(i);
    if (failed != plan.failed.end() && failed->second == 0) {
      return invalid("transaction " + std::to_string(i) +
                     " is planned to fail with status 0, which is success");
    }
    block.receipts.push_back(
        receipt_of(crypto_, tx, h.number, failed == plan.failed.end() ? 0 : failed->second));
    gas += call_gas(tx);
    tx_hashes.push_back(*checked);
    receipt_hashes.push_back(block.receipts.back().stated_hash);
  }
  CS_ASSIGN_OR_RETURN(const FiscoMerkleTree tx_tree, FiscoMerkleTree::build(crypto_, tx_hashes));
  CS_ASSIGN_OR_RETURN(const FiscoMerkleTree receipt_tree, FiscoMerkleTree::build(crypto_, receipt_hashes));
  block.transactions = std::move(plan.transactions);
  for (std::size_t i = 0; i < block.transactions.size(); ++i) {
    block.transactions[i].proof = tx_tree.proof(i);
    block.receipts[i].proof = receipt_tree.proof(i);
  }
  h.txs_root = tx_tree.root();
  h.receipts_root = receipt_tree.root();
  h.state_root = state_root(crypto_, h.number);
  h.gas_used = std::to_string(gas);
  h.sealer = h.number % static_cast<std::int64_t>(sealers_.size());
  for (const FiscoSealer& sealer : sealers_) {
    h.sealer_list.push_back(sealer.key.public_key());
    h.consensus_weights.push_back(sealer.weight);
  }
  h.stated_hash = chainslip::fisco::header_hash(crypto_, h);

  std::vector<std::uint64_t> signers;
  if (plan.signers) {
    signers = *plan.signers;
  } else {
    CS_ASSIGN_OR_RETURN(signers, default_signers());
  }
  CS_ASSIGN_OR_RETURN(h.signatures, sign_header(h, signers));
  blocks_.push_back(block);
  return block;
}

}  // namespace chainslip::sim::fisco
