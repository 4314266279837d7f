#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/bundle/receipt_bundle.h"
#include "core/chain/device_activity.h"
#include "core/chain/device_certificate.h"
#include "core/chain/receipt_status.h"
#include "core/chain/transaction.h"
#include "core/chain/trust_anchor.h"
#include "core/exchange/device_identity.h"
#include "core/exchange/device_request.h"
#include "core/merkle/merkle.h"
#include "core/node/node_api.h"
#include "core/receipt/receipt_code.h"
#include "sim/chain/sim_chain.h"

namespace chainslip::sim {

// A refusal of a status transaction by the chain rules.
struct Refusal {
  TxRefusal reason;
  std::string message;
};

// The node's knowledge of one status transaction it was sent: what the node
// API answers for it (core/node/node_api.h), and the leaf it is in the tree.
struct TxRecord : TxLookup {
  Digest leaf_hash{};  // kIncluded: H(0x00 || tx bytes)
};

struct SealReport {
  std::uint64_t height = 0;  // 0: nothing pending, no block sealed
  std::size_t tx_count = 0;
  std::size_t issued = 0;                           // issue transactions among them
  std::vector<std::pair<Digest, Refusal>> refused;  // refused at sealing
};

// A kiosk identity certified by the node's finance authority (for tests,
// demos and `chainslip-sim node --out`).
// The in-process simulated consortium chain: validators sealing blocks of
// transactions (issue, convert, void, post, reverse), issuers certified by a
// finance authority, and the status rules of docs/PROTOCOL.md enforced on
// every submitted transaction and again, in order, when a block is sealed.
// Time is always passed in; nothing here reads a clock. Thread-safe: every
// public member takes the node's mutex.
//
// Memory: a receipt is not kept as an object. Receipts are regenerated from
// (seed, issuer, sequence, issued_at) by ReceiptFactory; per receipt the node
// stores its 64-byte issuer signature and where it sits (block, leaf), and
// per block the Merkle tree levels (for proofs).
class ChainNode {
 public:
  struct Options : SimChainOptions {
    std::size_t issuer_count = 3;
    std::uint64_t seed = 1;
    std::size_t max_block_txs = 10'000;
    unsigned signing_threads = 1;  // issue_receipts signs in parallel above 1
    // Where and in which form the simulated platform's receipt codes point:
    // the national platform's short form over https by default.
    ReceiptCodePlatform code_platform = default_receipt_code_platforms().front();
  };

  static Result<std::unique_ptr<ChainNode>> create(const Options& options);
  ~ChainNode();
  ChainNode(const ChainNode&) = delete;
  ChainNode& operator=(const ChainNode&) = delete;

  // -- reading the chain ---------------------------------------------------
  const TrustAnchor& anchor() const { return anchor_; }  // the genesis anchor (never changes)
  Suite suite() const { return anchor_.suite; }
  const std::string& chain_id() const { return anchor_.chain_id; }
  std::uint64_t height() const;
  std::uint64_t receipt_count() const;                     // issued and sealed
  Result<BlockHeader> header(std::uint64_t height) const;  // kNotFound
  Result<BlockHeader> latest_header() const;               // kNotFound before block 1
  std::vector<ValidatorSetChange> validator_set_changes() const;

  // The receipt's bundle (its Issue tx's block, proof and every validator-set
  // change up to that height). kNotFound if unknown, or if check_code is
  // given and differs (no oracle for guessing numbers).
  Result<ReceiptBundle> bundle(const std::string& code, const std::string& number,
                               const std::optional<std::string>& check_code = std::nullopt) const;
  Result<ReceiptStatusView> receipt_status(const std::string& code, const std::string& number,
                                           const std::optional<std::string>& check_code = std::nullopt) const;
  Result<TxRecord> transaction(const Digest& tx_hash) const;  // kNotFound
  // What the chain has seen from a kiosk: its highest nonce (included or
  // pending) and the paper of its highest-nonce included Convert. A device
  // never seen has neither.
  DeviceActivity device_activity(const std::string& device_id) const;

  // Up to `limit` issued receipts (the most recent ones) as the codes the
  // platform printed on them, and a code's text (the URL a QR code holds).
  std::vector<ReceiptCode> sample_codes(std::size_t limit) const;
  std::string code_url(const ReceiptCode& code) const;
  const ReceiptCodePlatform& code_platform() const { return code_platform_; }
  // The receipt regenerated (for tests and tools; kNotFound when unknown).
  Result<Receipt> receipt(const std::string& code, const std::string& number) const;

  // -- changing it ----------------------------------------------------------
  // Checks `tx` against the chain (and the pending pool for replays) and
  // queues it; a refusal is final for this submission.
  SubmitAnswer submit(const Transaction& tx);
  // Issues `n` receipts (issued_at = now_ms / 1000) round-robin over the
  // issuers and queues their Issue transactions.
  Status issue_receipts(std::size_t n, std::uint64_t now_ms);
  // Seals up to max_block_txs pending transactions into the next block
  // (issue transactions first, then status transactions in submission order,
  // each re-checked against the chain as it is being extended). Nothing
  // pending: no block.
  Result<SealReport> seal_block(std::uint64_t now_ms);
  // Submits a Post (signed by the authority) or a Reverse (signed by the
  // receipt's issuer) transaction, as the finance bureau / hospital would.
  SubmitAnswer post(const std::string& code, const std::string& number, std::uint64_t now_ms);
  SubmitAnswer reverse(const std::string& code, const std::string& number, const std::string& reason,
                       std::uint64_t now_ms);
  // From the next block on, `count` fresh validators replace the current set
  // (the change is signed by the current set).
  Status rotate_validators(std::size_t count);
  // Certifies a kiosk's key (a `chainslip device keygen` request) with the
  // finance authority. kInvalidArgument when the key is not of the chain's suite.
  Result<DeviceCertificate> certify_device_request(const DeviceRequest& request, std::uint64_t not_before,
                                                   std::uint64_t not_after) const;
  // Generates a kiosk key and certifies it (tests and `chainslip-sim node --out`).
  Result<DeviceIdentity> make_device(const std::string& device_id, const std::string& place,
                                     std::uint64_t not_before, std::uint64_t not_after) const;

  // -- keys, for the lying modes and tests ---------------------------------
  const PrivateKey& authority_key() const { return authority_; }
  // Signatures over `header` by the first `count` validators of the set in
  // force at header.height.
  Result<std::vector<ValidatorSignature>> sign_header(const BlockHeader& header, std::size_t count) const;
  // The number of validators in force at `height`.
  std::size_t validator_count_at(std::uint64_t height) const;
  struct IssuerInfo {
    std::string code;  // 票据代码
    IssuerCertificate certificate;
  };
  std::vector<IssuerInfo> issuers() const;
  const PrivateKey& issuer_key(std::size_t index) const;

 private:
  struct Impl;
  explicit ChainNode(TrustAnchor anchor, PrivateKey authority, std::unique_ptr<Impl> impl);

  TrustAnchor anchor_;
  ReceiptCodePlatform code_platform_;
  PrivateKey authority_;
  std::unique_ptr<Impl> impl_;
  mutable std::mutex mu_;
};

}  // namespace chainslip::sim
