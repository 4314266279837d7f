#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/fisco_bcos/block_header.h"
#include "core/engine/fisco_bcos/receipt.h"
#include "core/engine/fisco_bcos/transaction.h"
#include "sim/fisco/account.h"
#include "sim/fisco/chain_key.h"

namespace chainslip::sim::fisco {

// A sealer of the simulated chain: its node key and its consensus weight.
struct FiscoSealer {
  ChainKey key;
  std::uint64_t weight = 1;
};

// A sealed block as the node would serve it: the header with its
// signatures, and each transaction and receipt with its proof and its
// stated hash, in the block's order.
struct FiscoBlock {
  chainslip::fisco::BlockHeader header;
  std::vector<chainslip::fisco::Transaction> transactions;
  std::vector<chainslip::fisco::TransactionReceipt> receipts;
};

// What the next block holds and who signs it.
struct BlockPlan {
  std::vector<chainslip::fisco::Transaction> transactions;  // signed (FiscoAccount::sign)
  // Transactions that did not take effect, by index: their receipts carry
  // this non-zero status (the EVM's revert is 16), as a node records them.
  std::map<std::size_t, std::int32_t> failed;
  // The signing sealers by index in the block's sealer list, in
  // signatureList order; unset: FiscoChain's default (seal_block()).
  std::optional<std::vector<std::uint64_t>> signers;
};

// A FISCO BCOS 3.x chain made here, block by block, exactly as a node makes
// one (docs/PROTOCOL.md 11): hashes, width-2 Merkle roots and proofs,
// parentInfo, sealer signatures and quorum, so that everything it seals
// passes core's fisco verifier. It holds every sealer's key, so tests can
// also sign what the chain never sealed (lies.h). Not thread-safe.
class FiscoChain {
 public:
  // A chain whose genesis block (number 0: no sealers, trusted through the
  // trust anchor) is sealed at once; `sealers` seal from block 1.
  // kInvalidArgument for no sealers, a key of another crypto, a node ID
  // twice or weights that make no quorum.
  static Result<FiscoChain> create(ChainCrypto crypto, std::vector<FiscoSealer> sealers);

  ChainCrypto crypto() const { return crypto_; }
  const std::string& chain_id() const { return chain_id_; }
  const std::string& group_id() const { return group_id_; }
  // References into the chain's blocks hold until the next seal_block().
  const chainslip::fisco::BlockHeader& genesis() const { return blocks_.front().header; }
  const FiscoBlock& last_block() const { return blocks_.back(); }
  const std::vector<FiscoBlock>& blocks() const { return blocks_; }  // genesis first; blocks()[n] is number n

  // The sealers of the next block, and their node IDs and weights as its
  // header lists them.
  const std::vector<FiscoSealer>& sealers() const { return sealers_; }
  std::vector<Bytes> sealer_node_ids() const;

  // A transaction from `from` to `to` ("0x…") calling with `input`, filled
  // as FISCO's SDKs fill one (version 0, this chain's and group's IDs, a
  // block limit 500 blocks ahead, a fresh nonce) and signed.
  Result<chainslip::fisco::Transaction> transaction(const FiscoAccount& from, const std::string& to,
                                                    Bytes input);

  // Seals the next block: number one past the last, parentInfo naming the
  // last header's hash, a receipt per transaction (status 0 unless the
  // plan says it failed; blockNumber, transactionHash, from, to and input
  // as 3.x prints them; a succeeded call's receipt logs one event naming
  // its input and caller), txsRoot and receiptsRoot with every proof, the
  // current sealer list and weights, the stated hash, and the signatures.
  // By default the sealers sign in list order until their weight reaches
  // the quorum; in the first block under a changed list (change_sealers())
  // only sealers of both the old and the new list do, and when they cannot
  // reach the new list's quorum the block is not sealed
  // (kFailedPrecondition). kInvalidArgument for no transactions (a node
  // seals no empty block), a transaction that fails check_transaction(), a
  // transaction twice, or a plan naming no such transaction or sealer.
  Result<FiscoBlock> seal_block(BlockPlan plan);
  Result<FiscoBlock> seal_block(std::vector<chainslip::fisco::Transaction> transactions);

  // The next block onwards is sealed by `sealers` (a sealer added, removed or
  // reweighted), checked as create() checks them.
  Status change_sealers(std::vector<FiscoSealer> sealers);

  // The signatureList entries of `signers` (indices into `header`'s sealer
  // list) over the header's stated hash, by the keys of any sealer this
  // chain has had. kInvalidArgument for an index outside the list or a node
  // ID the chain holds no key of.
  Result<std::vector<chainslip::fisco::SealerSignature>> sign_header(
      const chainslip::fisco::BlockHeader& header, const std::vector<std::uint64_t>& signers) const;

 private:
  FiscoChain(ChainCrypto crypto, std::vector<FiscoSealer> sealers);
  Result<std::vector<std::uint64_t>> default_signers() const;

  ChainCrypto crypto_;
  std::string chain_id_ = "chain0";
  std::string group_id_ = "group0";
  std::vector<FiscoSealer> sealers_;
  std::vector<ChainKey> key_ring_;  // every sealer's key, past and present
  std::vector<FiscoBlock> blocks_;
  std::uint64_t next_nonce_ = 0;
};

}  // namespace chainslip::sim::fisco
