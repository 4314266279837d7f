#include "sim/node/chain_node.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <thread>

#include "core/chain/chain_id.h"
#include "core/crypto/hasher.h"
#include "sim/chain/receipt_factory.h"
#include "sim/chain/validator_committee.h"
#include "sim/node/minted_code.h"

namespace chainslip::sim {
namespace {

struct IssuerSeed {
  const char* id;
  const char* name;
  const char* code;
};

// Real-looking hospitals (统一社会信用代码 of public institutions start with 12).
constexpr std::array<IssuerSeed, 6> kIssuerSeeds{{
    {"12330000470000000X", "浙江省人民医院", "33010126"},
    {"12110000400000000Y", "北京市第一中医医院", "11010126"},
    {"12310000425000000A", "上海市第六人民医院", "31010126"},
    {"12440000455000000B", "广东省中医院", "44010126"},
    {"12320000466000000C", "江苏省人民医院", "32010126"},
    {"12510000450000000D", "四川大学华西医院", "51010126"},
}};

constexpr std::uint64_t kYear = 365 * 86400;

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

struct DigestHash {
  std::size_t operator()(const Digest& d) const {
    std::size_t v;
    std::memcpy(&v, d.data(), sizeof v);
    return v;
  }
};

Refusal refuse(TxRefusal reason, std::string message) { return Refusal{reason, std::move(message)}; }

}  // namespace

struct ChainNode::Impl {
  struct IssuedReceipt {
    Signature::Raw sig{};
    std::uint64_t issued_at = 0;
    std::uint32_t height = 0;  // 0 while its Issue tx is pending
    std::uint32_t leaf = 0;
  };
  struct Issuer {
    std::string code;
    PrivateKey key;
    IssuerCertificate cert;
    std::vector<IssuedReceipt> receipts;  // index = sequence - 1
  };
  struct Block {
    BlockHeader header;
    MerkleTree tree;
  };
  struct PendingIssue {
    std::uint32_t issuer;
    std::uint64_t seq;
    Digest leaf;
  };
  struct PendingTx {
    Transaction tx;
    Digest hash;
  };
  struct TxEntry {
    TxLookupState state = TxLookupState::kPending;
    std::uint64_t height = 0;
    std::uint64_t leaf = 0;
    Digest leaf_hash{};
    std::optional<Refusal> refusal;
  };
  struct ReceiptState {
    ReceiptStatus status = ReceiptStatus::kIssued;
    std::optional<ActivePaper> paper;
    std::vector<HistoryEntry> history;  // status transactions only
  };
  struct Located {
    std::uint32_t issuer;
    std::uint64_t seq;
    const IssuedReceipt* rec;
  };

  Impl(Options o, ValidatorCommittee c) : options(std::move(o)), committee(std::move(c)) {}

  Options options;
  ValidatorCommittee committee;  // the validators: genesis set, rotations, sealing
  std::vector<Issuer> issuers;
  std::map<std::string, std::uint32_t> issuer_by_code;
  std::vector<Block> blocks;  // blocks[h - 1] is height h
  std::deque<PendingIssue> pending_issues;
  std::deque<PendingTx> pending_txs;
  std::unordered_map<Digest, TxEntry, DigestHash> txs;
  std::set<std::pair<std::string, std::uint64_t>> used_nonces;     // by included txs
  std::set<std::pair<std::string, std::uint64_t>> pending_nonces;  // by pending txs
  struct LastConvert {
    std::uint64_t nonce;
    PaperCopy paper;
  };
  std::map<std::string, LastConvert> last_converts;  // by device id: the included Convert of highest nonce
  std::unordered_map<std::uint64_t, ReceiptState> states;          // only receipts with status transactions
  std::uint64_t sealed_receipts = 0;
  std::uint32_t next_issuer = 0;

  std::uint64_t height() const { return blocks.size(); }

  Receipt regenerate(std::uint32_t issuer, std::uint64_t seq, std::uint64_t issued_at) const {
    const Issuer& i = issuers[issuer];
    ReceiptFactory factory(mix(options.seed ^ mix((std::uint64_t{issuer} << 40) ^ seq)));
    return factory.make(i.cert.issuer_id, i.cert.issuer_name, i.code, seq, issued_at);
  }

  static std::uint64_t receipt_key(const std::string& code, const std::string& number) {
    return std::stoull(code) * 10'000'000'000ULL + std::stoull(number);
  }

  std::optional<Located> locate(const std::string& code, const std::string& number) const {
    auto it = issuer_by_code.find(code);
    if (it == issuer_by_code.end() || number.size() != 10 ||
        !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    const std::uint64_t seq = std::stoull(number);
    const auto& list = issuers[it->second].receipts;
    if (seq == 0 || seq > list.size() || list[seq - 1].height == 0) return std::nullopt;
    return Located{it->second, seq, &list[seq - 1]};
  }

  Bytes issue_tx_bytes(const Located& at) const {
    const Receipt r = regenerate(at.issuer, at.seq, at.rec->issued_at);
    return issuance_tx_bytes(r, Signature::from_raw(at.rec->sig), issuers[at.issuer].cert);
  }

  ReceiptState state_of(const std::string& code, const std::string& number) const {
    auto it = states.find(receipt_key(code, number));
    return it == states.end() ? ReceiptState{} : it->second;
  }

  // The signature and certificate checks: done once, at submission.
  std::optional<Refusal> check_signer(const Transaction& tx, const PublicKey& authority) const {
    const Bytes signed_bytes = transaction_signed_bytes(tx);
    switch (tx.type) {
      case TxType::kConvert:
      case TxType::kVoid: {
        auto key = verify_device_certificate(*tx.device_certificate, authority, tx.time);
        if (!key.ok()) return refuse(TxRefusal::kCertificateInvalid, key.error().message);
        if (!key->verify(signed_bytes, tx.signature)) {
          return refuse(TxRefusal::kSignatureInvalid, "the device signature does not verify");
        }
        return std::nullopt;
      }
      case TxType::kPost:
        if (!authority.verify(signed_bytes, tx.signature)) {
          return refuse(TxRefusal::kSignatureInvalid, "a post must be signed by the finance authority");
        }
        return std::nullopt;
      case TxType::kReverse: {
        const Issuer* issuer = nullptr;
        for (const auto& i : issuers) {
          if (i.cert.serial == tx.certificate_serial) issuer = &i;
        }
        if (issuer == nullptr) {
          return refuse(TxRefusal::kCertificateInvalid, "no issuer certificate " + tx.certificate_serial);
        }
        auto key = verify_certificate(issuer->cert, authority, tx.time);
        if (!key.ok()) return refuse(TxRefusal::kCertificateInvalid, key.error().message);
        if (issuer->code != tx.code) {
          return refuse(TxRefusal::kCertificateInvalid, "issuer certificate " + tx.certificate_serial +
                                                            " is not the issuer of code " + tx.code);
        }
        if (!key->verify(signed_bytes, tx.signature)) {
          return refuse(TxRefusal::kSignatureInvalid, "the issuer signature does not verify");
        }
        return std::nullopt;
      }
      case TxType::kIssue: break;
    }
    return refuse(TxRefusal::kMalformed, "not a status transaction");
  }

  // The rules that depend on the chain's state: checked at submission and
  // again when the transaction is sealed.
  std::optional<Refusal> check_state(const Transaction& tx) const {
    const std::string id = tx.code + "-" + tx.number;
    if (tx.type == TxType::kConvert || tx.type == TxType::kVoid) {
      if (used_nonces.count({tx.device_certificate->device_id, tx.nonce}) != 0) {
        return refuse(TxRefusal::kReplayed, "device " + tx.device_certificate->device_id +
                                                " already used nonce " + std::to_string(tx.nonce));
      }
    }
    auto at = locate(tx.code, tx.number);
    if (!at) return refuse(TxRefusal::kUnknownReceipt, "receipt " + id + " is not on chain");
    if (tx.type == TxType::kConvert) {
      const Receipt r = regenerate(at->issuer, at->seq, at->rec->issued_at);
      if (hash(options.suite, canonical_receipt_bytes(r)) != tx.receipt_hash) {
        return refuse(TxRefusal::kReceiptHashMismatch, "receipt_hash is not the hash of receipt " + id);
      }
    }
    const ReceiptState s = state_of(tx.code, tx.number);
    if (tx.type == TxType::kVoid) {
      if (s.status != ReceiptStatus::kConverted || s.paper->paper_code != tx.paper_code ||
          s.paper->paper_number != tx.paper_number) {
        return refuse(TxRefusal::kNotActivePaper, "paper " + tx.paper_code + "-" + tx.paper_number +
                                                      " is not the active paper copy of " + id);
      }
      return std::nullopt;
    }
    if (s.status == ReceiptStatus::kReversed)
      return refuse(TxRefusal::kReceiptReversed, id + " is reversed (已冲红)");
    if (s.status == ReceiptStatus::kPosted)
      return refuse(TxRefusal::kReceiptPosted, id + " is posted (已入账)");
    if (s.status == ReceiptStatus::kConverted) {
      if (tx.type == TxType::kConvert) {
        return refuse(TxRefusal::kAlreadyConverted, id + " already has an active paper copy " +
                                                        s.paper->paper_code + "-" + s.paper->paper_number);
      }
      return refuse(TxRefusal::kPaperActive, id + " has an active paper copy: void it first");
    }
    return std::nullopt;
  }

  void apply(const Transaction& tx, const Digest& tx_hash, std::uint64_t h) {
    ReceiptState& s = states[receipt_key(tx.code, tx.number)];
    switch (tx.type) {
      case TxType::kConvert:
        s.status = ReceiptStatus::kConverted;
        s.paper = ActivePaper{tx.paper_code, tx.paper_number, tx.device_certificate->device_id, tx.time};
        break;
      case TxType::kVoid:
        s.status = ReceiptStatus::kIssued;
        s.paper.reset();
        break;
      case TxType::kPost: s.status = ReceiptStatus::kPosted; break;
      case TxType::kReverse: s.status = ReceiptStatus::kReversed; break;
      case TxType::kIssue: break;
    }
    s.history.push_back(HistoryEntry{tx.type, tx_hash, h});
    if (tx.type == TxType::kConvert || tx.type == TxType::kVoid) {
      used_nonces.insert({tx.device_certificate->device_id, tx.nonce});
    }
    if (tx.type == TxType::kConvert) {
      const LastConvert convert{tx.nonce, {tx.paper_code, tx.paper_number}};
      auto [last, fresh] = last_converts.try_emplace(tx.device_certificate->device_id, convert);
      if (!fresh && convert.nonce > last->second.nonce) last->second = convert;
    }
  }

  // The highest nonce `device_id` used in `nonces`, ordered by (device, nonce).
  static std::optional<std::uint64_t> highest_nonce(
      const std::set<std::pair<std::string, std::uint64_t>>& nonces, const std::string& device_id) {
    auto after = nonces.upper_bound({device_id, std::numeric_limits<std::uint64_t>::max()});
    if (after == nonces.begin()) return std::nullopt;
    --after;
    if (after->first != device_id) return std::nullopt;
    return after->second;
  }

  static std::optional<std::pair<std::string, std::uint64_t>> nonce_of(const Transaction& tx) {
    if (tx.type != TxType::kConvert && tx.type != TxType::kVoid) return std::nullopt;
    return std::make_pair(tx.device_certificate->device_id, tx.nonce);
  }
};

ChainNode::ChainNode(TrustAnchor anchor, PrivateKey authority, std::unique_ptr<Impl> impl)
    : anchor_(std::move(anchor)), authority_(std::move(authority)), impl_(std::move(impl)) {}
ChainNode::~ChainNode() = default;

Result<std::unique_ptr<ChainNode>> ChainNode::create(const Options& options) {
  if (options.validator_count == 0 || options.validator_count > kMaxValidators || options.issuer_count == 0 ||
      options.issuer_count > 99 || options.max_block_txs == 0) {
    return make_error(ErrorCode::kInvalidArgument, "node options out of range");
  }
  if (!is_chain_id(options.chain_id)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "chain id \"" + options.chain_id + "\" is not 1-64 ASCII letters, digits, '-', '_' or '.'");
  }
  CS_ASSIGN_OR_RETURN(PrivateKey authority, PrivateKey::generate(options.suite));
  CS_ASSIGN_OR_RETURN(ValidatorCommittee committee,
                      ValidatorCommittee::create(options.suite, options.chain_id, options.validator_count));
  auto impl = std::make_unique<Impl>(options, std::move(committee));
  const std::uint64_t t0 = options.genesis_time_ms / 1000;
  for (std::size_t i = 0; i < options.issuer_count; ++i) {
    std::string id, name, code;
    if (i < kIssuerSeeds.size()) {
      id = kIssuerSeeds[i].id;
      name = kIssuerSeeds[i].name;
      code = kIssuerSeeds[i].code;
    } else {
      char buf[32];
      std::snprintf(buf, sizeof buf, "129900004%08zuZ", i);
      id = buf;
      name = "模拟医院" + std::to_string(i + 1) + "号";
      std::snprintf(buf, sizeof buf, "99%02zu0126", i);
      code = buf;
    }
    CS_ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::generate(options.suite));
    IssuerCertificate cert;
    cert.serial = "CERT-" + id + "-1";
    cert.issuer_id = id;
    cert.issuer_name = name;
    cert.suite = options.suite;
    cert.public_key = key.public_key().bytes();
    cert.not_before = t0 - kYear;
    cert.not_after = t0 + 10 * kYear;
    CS_ASSIGN_OR_RETURN(cert.authority_signature, authority.sign(canonical_certificate_bytes(cert)));
    impl->issuer_by_code[code] = static_cast<std::uint32_t>(impl->issuers.size());
    impl->issuers.push_back(Impl::Issuer{code, std::move(key), std::move(cert), {}});
  }
  TrustAnchor anchor{options.chain_id, options.suite, 0, impl->committee.genesis_set(), authority.public_key()};
  CS_RETURN_IF_ERROR(check_receipt_code_platform(options.code_platform));
  auto node =
      std::unique_ptr<ChainNode>(new ChainNode(std::move(anchor), std::move(authority), std::move(impl)));
  node->code_platform_ = options.code_platform;
  return node;
}

std::uint64_t ChainNode::height() const {
  std::lock_guard lock(mu_);
  return impl_->height();
}

std::uint64_t ChainNode::receipt_count() const {
  std::lock_guard lock(mu_);
  return impl_->sealed_receipts;
}

Result<BlockHeader> ChainNode::header(std::uint64_t h) const {
  std::lock_guard lock(mu_);
  if (h == 0 || h > impl_->height()) {
    return make_error(ErrorCode::kNotFound, "no block at height " + std::to_string(h));
  }
  return impl_->blocks[h - 1].header;
}

Result<BlockHeader> ChainNode::latest_header() const {
  std::lock_guard lock(mu_);
  if (impl_->blocks.empty()) return make_error(ErrorCode::kNotFound, "no block sealed yet");
  return impl_->blocks.back().header;
}

std::vector<ValidatorSetChange> ChainNode::validator_set_changes() const {
  std::lock_guard lock(mu_);
  return impl_->committee.changes();
}

Result<ReceiptBundle> ChainNode::bundle(const std::string& code, const std::string& number,
                                        const std::optional<std::string>& check_code) const {
  std::lock_guard lock(mu_);
  auto at = impl_->locate(code, number);
  if (!at) return make_error(ErrorCode::kNotFound, "no receipt " + code + "-" + number);
  ReceiptBundle b;
  b.suite = suite();
  b.receipt = impl_->regenerate(at->issuer, at->seq, at->rec->issued_at);
  if (check_code && *check_code != b.receipt.check_code) {
    return make_error(ErrorCode::kNotFound, "no receipt " + code + "-" + number);
  }
  b.issuer_signature = Signature::from_raw(at->rec->sig);
  b.certificate = impl_->issuers[at->issuer].cert;
  const auto& block = impl_->blocks[at->rec->height - 1];
  b.proof.leaf_index = at->rec->leaf;
  b.proof.tree_size = block.tree.size();
  CS_ASSIGN_OR_RETURN(b.proof.path, block.tree.inclusion_proof(at->rec->leaf, block.tree.size()));
  b.header = block.header;
  b.validator_set_changes = impl_->committee.changes_through(b.header.height);
  return b;
}

Result<ReceiptStatusView> ChainNode::receipt_status(const std::string& code, const std::string& number,
                                                    const std::optional<std::string>& check_code) const {
  std::lock_guard lock(mu_);
  auto at = impl_->locate(code, number);
  if (!at) return make_error(ErrorCode::kNotFound, "no receipt " + code + "-" + number);
  const Receipt r = impl_->regenerate(at->issuer, at->seq, at->rec->issued_at);
  if (check_code && *check_code != r.check_code) {
    return make_error(ErrorCode::kNotFound, "no receipt " + code + "-" + number);
  }
  const auto s = impl_->state_of(code, number);
  ReceiptStatusView view;
  view.status = s.status;
  view.paper = s.paper;
  const Bytes issue =
      issuance_tx_bytes(r, Signature::from_raw(at->rec->sig), impl_->issuers[at->issuer].cert);
  view.history.push_back(HistoryEntry{TxType::kIssue, hash(suite(), issue), at->rec->height});
  view.history.insert(view.history.end(), s.history.begin(), s.history.end());
  return view;
}

Result<Receipt> ChainNode::receipt(const std::string& code, const std::string& number) const {
  std::lock_guard lock(mu_);
  auto at = impl_->locate(code, number);
  if (!at) return make_error(ErrorCode::kNotFound, "no receipt " + code + "-" + number);
  return impl_->regenerate(at->issuer, at->seq, at->rec->issued_at);
}

Result<TxRecord> ChainNode::transaction(const Digest& tx_hash) const {
  std::lock_guard lock(mu_);
  auto it = impl_->txs.find(tx_hash);
  if (it == impl_->txs.end())
    return make_error(ErrorCode::kNotFound, "unknown transaction " + to_hex(tx_hash));
  TxRecord rec;
  rec.state = it->second.state;
  if (it->second.refusal) {
    rec.refusal = it->second.refusal->reason;
    rec.message = it->second.refusal->message;
  }
  if (rec.state == TxLookupState::kIncluded) {
    const auto& block = impl_->blocks[it->second.height - 1];
    rec.height = it->second.height;
    rec.header = block.header;
    rec.proof.leaf_index = it->second.leaf;
    rec.leaf_hash = it->second.leaf_hash;
    rec.proof.tree_size = block.tree.size();
    CS_ASSIGN_OR_RETURN(rec.proof.path, block.tree.inclusion_proof(it->second.leaf, block.tree.size()));
  }
  return rec;
}

std::string ChainNode::code_url(const ReceiptCode& code) const {
  return receipt_code_url(code, code_platform_);
}

std::vector<ReceiptCode> ChainNode::sample_codes(std::size_t limit) const {
  std::lock_guard lock(mu_);
  std::vector<ReceiptCode> out;
  std::vector<std::uint64_t> next(impl_->issuers.size());
  for (std::size_t i = 0; i < next.size(); ++i) next[i] = impl_->issuers[i].receipts.size();
  bool any = true;
  while (out.size() < limit && any) {
    any = false;
    for (std::uint32_t i = 0; i < next.size() && out.size() < limit; ++i) {
      while (next[i] > 0 && impl_->issuers[i].receipts[next[i] - 1].height == 0) --next[i];  // pending
      if (next[i] == 0) continue;
      any = true;
      const auto& rec = impl_->issuers[i].receipts[next[i] - 1];
      out.push_back(minted_code(impl_->regenerate(i, next[i], rec.issued_at), code_platform_.form));
      --next[i];
    }
  }
  return out;
}

DeviceActivity ChainNode::device_activity(const std::string& device_id) const {
  std::lock_guard lock(mu_);
  DeviceActivity activity{device_id, Impl::highest_nonce(impl_->used_nonces, device_id), std::nullopt};
  if (auto pending = Impl::highest_nonce(impl_->pending_nonces, device_id)) {
    activity.last_nonce = std::max(activity.last_nonce.value_or(0), *pending);
  }
  if (auto last = impl_->last_converts.find(device_id); last != impl_->last_converts.end()) {
    activity.last_paper = last->second.paper;
  }
  return activity;
}

SubmitAnswer ChainNode::submit(const Transaction& tx) {
  std::lock_guard lock(mu_);
  SubmitAnswer result;
  result.tx_hash = transaction_hash(suite(), tx);
  auto refused = [&result](Refusal r) {
    result.refusal = r.reason;
    result.message = std::move(r.message);
    return result;
  };
  auto valid = validate_transaction(tx);
  if (!valid.ok()) {
    return refused(refuse(TxRefusal::kMalformed, valid.error().message));
  }
  if (tx.chain_id != chain_id()) {
    return refused(refuse(TxRefusal::kWrongChainId, "transaction is for chain \"" + tx.chain_id +
                                                          "\", this is \"" + chain_id() + "\""));
  }
  auto seen = impl_->txs.find(result.tx_hash);
  if (seen != impl_->txs.end() && seen->second.state != TxLookupState::kRefused) {
    return refused(refuse(TxRefusal::kReplayed,
                            "transaction " + to_hex(result.tx_hash) + " was already " +
                                (seen->second.state == TxLookupState::kPending ? "submitted" : "included")));
  }
  if (auto r = impl_->check_signer(tx, authority_.public_key())) {
    return refused(std::move(*r));
  }
  const auto nonce = Impl::nonce_of(tx);
  if (nonce && impl_->pending_nonces.count(*nonce) != 0) {
    return refused(refuse(TxRefusal::kReplayed, "device " + nonce->first + " already used nonce " +
                                                      std::to_string(nonce->second) + " (pending)"));
  }
  if (auto r = impl_->check_state(tx)) {
    return refused(std::move(*r));
  }
  if (nonce) impl_->pending_nonces.insert(*nonce);
  impl_->txs[result.tx_hash] = Impl::TxEntry{};
  impl_->pending_txs.push_back(Impl::PendingTx{tx, result.tx_hash});
  return result;
}

Status ChainNode::issue_receipts(std::size_t n, std::uint64_t now_ms) {
  std::lock_guard lock(mu_);
  Impl& s = *impl_;
  struct Task {
    std::uint32_t issuer;
    std::uint64_t seq;
  };
  std::vector<Task> tasks;
  tasks.reserve(n);
  const std::uint64_t issued_at = now_ms / 1000;
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = s.next_issuer++ % static_cast<std::uint32_t>(s.issuers.size());
    s.issuers[i].receipts.push_back(Impl::IssuedReceipt{{}, issued_at, 0, 0});
    tasks.push_back(Task{i, s.issuers[i].receipts.size()});
  }
  std::vector<Digest> leaves(n);
  const unsigned threads =
      std::max(1u, std::min<unsigned>(s.options.signing_threads, static_cast<unsigned>(n / 64 + 1)));
  std::vector<Status> statuses(threads);
  auto work = [&](unsigned t) {
    std::vector<PrivateKey> keys;  // a private copy per thread: no shared EVP_PKEY across threads
    for (const auto& issuer : s.issuers) {
      auto k = PrivateKey::from_bytes(suite(), issuer.key.scalar());
      if (!k.ok()) {
        statuses[t] = k.error();
        return;
      }
      keys.push_back(std::move(k).value());
    }
    for (std::size_t k = t; k < n; k += threads) {
      const Task& task = tasks[k];
      Impl::IssuedReceipt& rec = s.issuers[task.issuer].receipts[task.seq - 1];
      const Receipt r = s.regenerate(task.issuer, task.seq, issued_at);
      auto sig = keys[task.issuer].sign(canonical_receipt_bytes(r));
      if (!sig.ok()) {
        statuses[t] = sig.error();
        return;
      }
      rec.sig = sig->raw();
      leaves[k] = merkle_leaf_hash(suite(), issuance_tx_bytes(r, *sig, s.issuers[task.issuer].cert));
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
  }
  for (const auto& st : statuses) CS_RETURN_IF_ERROR(st);
  for (std::size_t k = 0; k < n; ++k)
    s.pending_issues.push_back(Impl::PendingIssue{tasks[k].issuer, tasks[k].seq, leaves[k]});
  return {};
}

Result<SealReport> ChainNode::seal_block(std::uint64_t now_ms) {
  std::lock_guard lock(mu_);
  Impl& s = *impl_;
  SealReport report;
  if (s.pending_issues.empty() && s.pending_txs.empty()) return report;
  const std::uint64_t h = s.height() + 1;
  std::vector<Digest> leaves;
  std::size_t budget = s.options.max_block_txs;
  while (!s.pending_issues.empty() && budget > 0) {
    const auto p = s.pending_issues.front();
    s.pending_issues.pop_front();
    auto& rec = s.issuers[p.issuer].receipts[p.seq - 1];
    rec.height = static_cast<std::uint32_t>(h);
    rec.leaf = static_cast<std::uint32_t>(leaves.size());
    leaves.push_back(p.leaf);
    ++report.issued;
    --budget;
  }
  while (!s.pending_txs.empty() && budget > 0) {
    Impl::PendingTx p = std::move(s.pending_txs.front());
    s.pending_txs.pop_front();
    --budget;
    if (auto nonce = Impl::nonce_of(p.tx)) s.pending_nonces.erase(*nonce);
    Impl::TxEntry& entry = s.txs[p.hash];
    if (auto refusal = s.check_state(p.tx)) {
      entry.state = TxLookupState::kRefused;
      entry.refusal = refusal;
      report.refused.emplace_back(p.hash, *refusal);
      continue;
    }
    entry.state = TxLookupState::kIncluded;
    entry.height = h;
    entry.leaf = leaves.size();
    entry.leaf_hash = merkle_leaf_hash(suite(), transaction_bytes(p.tx));
    leaves.push_back(entry.leaf_hash);
    s.apply(p.tx, p.hash, h);
  }
  if (leaves.empty()) {
    // Only refused transactions: they are recorded, and no block is sealed.
    return report;
  }
  MerkleTree tree(suite(), leaves);
  // Block time never goes back, whatever the caller's clock says.
  const std::uint64_t timestamp_ms =
      s.blocks.empty() ? now_ms : std::max(now_ms, s.blocks.back().header.timestamp_ms);
  CS_ASSIGN_OR_RETURN(BlockHeader header, s.committee.seal(tree.root(), leaves.size(), timestamp_ms));
  s.sealed_receipts += report.issued;
  s.blocks.push_back(Impl::Block{std::move(header), std::move(tree)});
  report.height = h;
  report.tx_count = leaves.size();
  return report;
}

SubmitAnswer ChainNode::post(const std::string& code, const std::string& number, std::uint64_t now_ms) {
  auto tx = make_post_tx(chain_id(), code, number, now_ms / 1000, "财政局入账", authority_);
  if (!tx.ok()) return SubmitAnswer{{}, TxRefusal::kMalformed, tx.error().message};
  return submit(*tx);
}

SubmitAnswer ChainNode::reverse(const std::string& code, const std::string& number, const std::string& reason,
                                std::uint64_t now_ms) {
  std::optional<std::size_t> index;
  {
    std::lock_guard lock(mu_);
    auto it = impl_->issuer_by_code.find(code);
    if (it != impl_->issuer_by_code.end()) index = it->second;
  }
  if (!index) return SubmitAnswer{{}, TxRefusal::kUnknownReceipt, "no issuer uses code " + code};
  const auto& issuer = impl_->issuers[*index];
  auto tx = make_reverse_tx(chain_id(), code, number, now_ms / 1000, reason, issuer.cert, issuer.key);
  if (!tx.ok()) return SubmitAnswer{{}, TxRefusal::kMalformed, tx.error().message};
  return submit(*tx);
}

Status ChainNode::rotate_validators(std::size_t count) {
  std::lock_guard lock(mu_);
  return impl_->committee.rotate(count);
}

Result<DeviceCertificate> ChainNode::certify_device_request(const DeviceRequest& request,
                                                            std::uint64_t not_before,
                                                            std::uint64_t not_after) const {
  if (request.public_key.suite() != suite()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "the key is for suite " + std::string(suite_name(request.public_key.suite())) +
                          ", this chain uses " + std::string(suite_name(suite())) +
                          ": generate the key with `chainslip device keygen --suite " +
                          std::string(suite_name(suite())) + "`");
  }
  DeviceCertificate cert;
  // One serial per certified key (a kiosk that is re-keyed gets a new one),
  // within the 64 bytes a serial may have.
  cert.serial = "DEV-" + request.device_id.substr(0, 40) + "-" +
                to_hex(ByteView(request.public_key.bytes()).subspan(1, 4));
  cert.device_id = request.device_id;
  cert.place = request.place;
  cert.not_before = not_before;
  cert.not_after = not_after;
  return certify_device(std::move(cert), request.public_key, authority_);
}

Result<DeviceIdentity> ChainNode::make_device(const std::string& device_id, const std::string& place,
                                              std::uint64_t not_before, std::uint64_t not_after) const {
  CS_ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::generate(suite()));
  CS_ASSIGN_OR_RETURN(DeviceRequest request, make_device_request(device_id, place, key.public_key()));
  CS_ASSIGN_OR_RETURN(DeviceCertificate cert, certify_device_request(request, not_before, not_after));
  return DeviceIdentity{std::move(cert), std::move(key)};
}

Result<std::vector<ValidatorSignature>> ChainNode::sign_header(const BlockHeader& h,
                                                               std::size_t count) const {
  std::lock_guard lock(mu_);
  return impl_->committee.sign_header_by_first(h, count);
}

std::size_t ChainNode::validator_count_at(std::uint64_t h) const {
  std::lock_guard lock(mu_);
  return impl_->committee.validator_count_at(h);
}

std::vector<ChainNode::IssuerInfo> ChainNode::issuers() const {
  std::lock_guard lock(mu_);
  std::vector<IssuerInfo> out;
  for (const auto& i : impl_->issuers) out.push_back(IssuerInfo{i.code, i.cert});
  return out;
}

const PrivateKey& ChainNode::issuer_key(std::size_t index) const { return impl_->issuers.at(index).key; }

}  // namespace chainslip::sim
