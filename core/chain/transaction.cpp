#include "core/chain/transaction.h"
#include "core/util/name_table.h"

#include <array>
#include <limits>
#include <utility>

#include "core/chain/chain_id.h"
#include "core/crypto/hasher.h"
#include "core/util/canonical_writer.h"

namespace chainslip {
namespace {

constexpr std::string_view kTxTag = "chainslip.tx.v1";
constexpr std::uint64_t kMaxTime = std::numeric_limits<std::int64_t>::max();

constexpr NameTable<TxType, 5> kTypeNames{{
    {TxType::kIssue, "issue"},
    {TxType::kConvert, "convert"},
    {TxType::kVoid, "void"},
    {TxType::kPost, "post"},
    {TxType::kReverse, "reverse"},
}};

constexpr NameTable<TxRefusal, 12> kRefusalNames{{
    {TxRefusal::kUnknownReceipt, "unknown_receipt"},
    {TxRefusal::kReceiptPosted, "receipt_posted"},
    {TxRefusal::kReceiptReversed, "receipt_reversed"},
    {TxRefusal::kAlreadyConverted, "already_converted"},
    {TxRefusal::kNotActivePaper, "not_active_paper"},
    {TxRefusal::kPaperActive, "paper_active"},
    {TxRefusal::kReplayed, "replayed"},
    {TxRefusal::kWrongChainId, "wrong_chain_id"},
    {TxRefusal::kReceiptHashMismatch, "receipt_hash_mismatch"},
    {TxRefusal::kCertificateInvalid, "certificate_invalid"},
    {TxRefusal::kSignatureInvalid, "signature_invalid"},
    {TxRefusal::kMalformed, "malformed"},
}};

bool is_digits(const std::string& s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

Status check_text(const char* field, const std::string& s, std::size_t min_len, std::size_t max_len) {
  if (s.size() < min_len || s.size() > max_len || !is_printable_utf8(s)) {
    return make_error(ErrorCode::kInvalidArgument, std::string("transaction ") + field + " must be " +
                                                       std::to_string(min_len) + "-" + std::to_string(max_len) +
                                                       " bytes of text");
  }
  return {};
}

Status check_digits(const char* field, const std::string& s, std::size_t n) {
  if (!is_digits(s, n)) {
    return make_error(ErrorCode::kInvalidArgument,
                      std::string("transaction ") + field + " must be exactly " + std::to_string(n) + " digits");
  }
  return {};
}

Status check_unused(const Transaction& tx, bool hash, bool paper, bool reason, bool op, bool nonce, bool serial,
                    bool poster, bool device_cert) {
  const char* bad = nullptr;
  if (!hash && tx.receipt_hash != Digest{}) bad = "receipt_hash";
  if (!paper && (!tx.paper_code.empty() || !tx.paper_number.empty())) bad = "paper_code/paper_number";
  if (!reason && !tx.reason.empty()) bad = "reason";
  if (!op && !tx.operator_name.empty()) bad = "operator";
  if (!nonce && tx.nonce != 0) bad = "nonce";
  if (!serial && !tx.certificate_serial.empty()) bad = "certificate serial";
  if (!poster && !tx.poster.empty()) bad = "poster";
  if (!device_cert && tx.device_certificate.has_value()) bad = "device_certificate";
  if (bad != nullptr) {
    return make_error(ErrorCode::kInvalidArgument, std::string("a ") + std::string(tx_type_name(tx.type)) +
                                                       " transaction has no " + bad);
  }
  return {};
}

}  // namespace

std::string_view tx_type_name(TxType type) { return name_in(kTypeNames, type).value_or("unknown"); }

Result<TxType> parse_tx_type(std::string_view name) {
  if (auto type = value_in(kTypeNames, name)) return *type;
  return make_error(ErrorCode::kInvalidArgument, "unknown transaction type \"" + std::string(name) + "\"");
}

std::string_view tx_refusal_name(TxRefusal refusal) {
  return name_in(kRefusalNames, refusal).value_or("malformed");
}

Result<TxRefusal> parse_tx_refusal(std::string_view name) {
  if (auto refusal = value_in(kRefusalNames, name)) return *refusal;
  return make_error(ErrorCode::kInvalidArgument, "unknown refusal reason \"" + std::string(name) + "\"");
}

Bytes issuance_tx_bytes(const Receipt& receipt, const Signature& issuer_signature,
                        const IssuerCertificate& certificate) {
  CanonicalWriter w;
  w.text(kTxTag)
      .u8(static_cast<std::uint8_t>(TxType::kIssue))
      .bytes(canonical_receipt_bytes(receipt))
      .raw(issuer_signature.raw())
      .text(certificate.serial);
  return std::move(w).data();
}

Status validate_transaction(const Transaction& tx) {
  if (!is_chain_id(tx.chain_id)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "transaction chain_id must be 1-64 ASCII letters, digits, '-', '_' or '.'");
  }
  CS_RETURN_IF_ERROR(check_digits("code", tx.code, 8));
  CS_RETURN_IF_ERROR(check_digits("number", tx.number, 10));
  if (tx.time > kMaxTime) return make_error(ErrorCode::kInvalidArgument, "transaction time out of range");
  switch (tx.type) {
    case TxType::kConvert:
    case TxType::kVoid: {
      const bool convert = tx.type == TxType::kConvert;
      CS_RETURN_IF_ERROR(check_unused(tx, convert, true, true, true, true, true, false, true));
      CS_RETURN_IF_ERROR(check_digits("paper_code", tx.paper_code, 8));
      CS_RETURN_IF_ERROR(check_digits("paper_number", tx.paper_number, 10));
      if (convert) {
        if (tx.reason != kConvertReasonRefund && tx.reason != kConvertReasonOther) {
          return make_error(ErrorCode::kInvalidArgument, "convert reason must be \"refund\" or \"other\"");
        }
      } else {
        CS_RETURN_IF_ERROR(check_text("reason", tx.reason, 1, 64));
      }
      CS_RETURN_IF_ERROR(check_text("operator", tx.operator_name, 1, 32));
      CS_RETURN_IF_ERROR(check_text("certificate serial", tx.certificate_serial, 1, 64));
      if (!tx.device_certificate.has_value()) {
        return make_error(ErrorCode::kInvalidArgument, "a convert or void transaction carries its device_certificate");
      }
      CS_RETURN_IF_ERROR(validate_device_certificate(*tx.device_certificate));
      if (tx.device_certificate->serial != tx.certificate_serial) {
        return make_error(ErrorCode::kInvalidArgument, "the device certificate's serial is not the signed one");
      }
      return {};
    }
    case TxType::kPost:
      CS_RETURN_IF_ERROR(check_unused(tx, false, false, false, false, false, false, true, false));
      return check_text("poster", tx.poster, 1, 64);
    case TxType::kReverse:
      CS_RETURN_IF_ERROR(check_unused(tx, false, false, true, false, false, true, false, false));
      CS_RETURN_IF_ERROR(check_text("reason", tx.reason, 1, 64));
      return check_text("issuer certificate serial", tx.certificate_serial, 1, 64);
    case TxType::kIssue:
      break;
  }
  return make_error(ErrorCode::kInvalidArgument, "not a status transaction type");
}

Bytes transaction_signed_bytes(const Transaction& tx) {
  CanonicalWriter w;
  w.text(kTxTag).u8(static_cast<std::uint8_t>(tx.type)).text(tx.chain_id).text(tx.code).text(tx.number);
  switch (tx.type) {
    case TxType::kConvert:
      w.raw(tx.receipt_hash).text(tx.paper_code).text(tx.paper_number).text(tx.reason).text(tx.operator_name);
      w.u64(tx.time).u64(tx.nonce).text(tx.certificate_serial);
      break;
    case TxType::kVoid:
      w.text(tx.paper_code).text(tx.paper_number).text(tx.reason).text(tx.operator_name);
      w.u64(tx.time).u64(tx.nonce).text(tx.certificate_serial);
      break;
    case TxType::kPost:
      w.u64(tx.time).text(tx.poster);
      break;
    case TxType::kReverse:
      w.u64(tx.time).text(tx.reason).text(tx.certificate_serial);
      break;
    case TxType::kIssue:
      break;
  }
  return std::move(w).data();
}

Bytes transaction_bytes(const Transaction& tx) {
  Bytes out = transaction_signed_bytes(tx);
  out.insert(out.end(), tx.signature.raw().begin(), tx.signature.raw().end());
  return out;
}

Digest transaction_hash(Suite suite, const Transaction& tx) { return hash(suite, transaction_bytes(tx)); }

Result<Transaction> sign_transaction(Transaction tx, const PrivateKey& key) {
  CS_RETURN_IF_ERROR(validate_transaction(tx));
  CS_ASSIGN_OR_RETURN(tx.signature, key.sign(transaction_signed_bytes(tx)));
  return tx;
}

namespace {

// The fields a kiosk's convert and void transactions share.
Transaction paper_tx(TxType type, const std::string& chain_id, const std::string& code, const std::string& number,
                     const PaperCopy& paper, const std::string& reason, const std::string& operator_name,
                     std::uint64_t time, std::uint64_t nonce, const DeviceCertificate& cert) {
  Transaction tx;
  tx.type = type;
  tx.chain_id = chain_id;
  tx.code = code;
  tx.number = number;
  tx.paper_code = paper.paper_code;
  tx.paper_number = paper.paper_number;
  tx.reason = reason;
  tx.operator_name = operator_name;
  tx.time = time;
  tx.nonce = nonce;
  tx.certificate_serial = cert.serial;
  tx.device_certificate = cert;
  return tx;
}

}  // namespace

Result<Transaction> make_convert_tx(const std::string& chain_id, const Receipt& receipt, const PaperCopy& paper,
                                    const std::string& reason, const std::string& operator_name,
                                    std::uint64_t time, std::uint64_t nonce, const DeviceCertificate& cert,
                                    const PrivateKey& device_key) {
  Transaction tx = paper_tx(TxType::kConvert, chain_id, receipt.code, receipt.number, paper, reason,
                            operator_name, time, nonce, cert);
  tx.receipt_hash = hash(device_key.suite(), canonical_receipt_bytes(receipt));
  return sign_transaction(std::move(tx), device_key);
}

Result<Transaction> make_void_tx(const std::string& chain_id, const std::string& code, const std::string& number,
                                 const PaperCopy& paper, const std::string& reason,
                                 const std::string& operator_name, std::uint64_t time, std::uint64_t nonce,
                                 const DeviceCertificate& cert, const PrivateKey& device_key) {
  return sign_transaction(paper_tx(TxType::kVoid, chain_id, code, number, paper, reason, operator_name, time,
                                   nonce, cert),
                          device_key);
}

Result<Transaction> make_post_tx(const std::string& chain_id, const std::string& code, const std::string& number,
                                 std::uint64_t time, const std::string& poster, const PrivateKey& authority_key) {
  Transaction tx;
  tx.type = TxType::kPost;
  tx.chain_id = chain_id;
  tx.code = code;
  tx.number = number;
  tx.time = time;
  tx.poster = poster;
  return sign_transaction(std::move(tx), authority_key);
}

Result<Transaction> make_reverse_tx(const std::string& chain_id, const std::string& code,
                                    const std::string& number, std::uint64_t time, const std::string& reason,
                                    const IssuerCertificate& issuer_cert, const PrivateKey& issuer_key) {
  Transaction tx;
  tx.type = TxType::kReverse;
  tx.chain_id = chain_id;
  tx.code = code;
  tx.number = number;
  tx.time = time;
  tx.reason = reason;
  tx.certificate_serial = issuer_cert.serial;
  return sign_transaction(std::move(tx), issuer_key);
}

Result<Transaction> transaction_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  Transaction tx;
  CS_ASSIGN_OR_RETURN(std::string type, f.text("type", 1, 16));
  CS_ASSIGN_OR_RETURN(tx.type, parse_tx_type(type));
  if (tx.type == TxType::kIssue) {
    return make_error(ErrorCode::kInvalidArgument, f.path("type") + ": issue transactions are not submitted as JSON");
  }
  CS_ASSIGN_OR_RETURN(tx.chain_id, read_chain_id(f, "chain_id"));
  CS_ASSIGN_OR_RETURN(tx.code, f.text("code", 8, 8));
  CS_ASSIGN_OR_RETURN(tx.number, f.text("number", 10, 10));
  CS_ASSIGN_OR_RETURN(tx.time, f.u64("time", 0, kMaxTime));
  const bool device = tx.type == TxType::kConvert || tx.type == TxType::kVoid;
  if (tx.type == TxType::kConvert) {
    CS_ASSIGN_OR_RETURN(tx.receipt_hash, f.digest("receipt_hash"));
  }
  if (device) {
    CS_ASSIGN_OR_RETURN(tx.paper_code, f.text("paper_code", 8, 8));
    CS_ASSIGN_OR_RETURN(tx.paper_number, f.text("paper_number", 10, 10));
    CS_ASSIGN_OR_RETURN(tx.operator_name, f.text("operator", 1, 32));
    CS_ASSIGN_OR_RETURN(tx.nonce, f.u64("nonce"));
    CS_ASSIGN_OR_RETURN(const Json* cert, f.object("device_certificate"));
    CS_ASSIGN_OR_RETURN(tx.device_certificate, device_certificate_from_json(*cert, f.path("device_certificate")));
    tx.certificate_serial = tx.device_certificate->serial;
  }
  if (tx.type != TxType::kPost) {
    CS_ASSIGN_OR_RETURN(tx.reason, f.text("reason", 1, 64));
  }
  if (tx.type == TxType::kPost) {
    CS_ASSIGN_OR_RETURN(tx.poster, f.text("poster", 1, 64));
  }
  if (tx.type == TxType::kReverse) {
    CS_ASSIGN_OR_RETURN(tx.certificate_serial, f.text("issuer_certificate_serial", 1, 64));
  }
  CS_ASSIGN_OR_RETURN(Bytes sig, f.hex("signature", 8, 72));
  CS_RETURN_IF_ERROR(f.finish());
  auto parsed = Signature::parse(sig);
  if (!parsed.ok()) {
    return make_error(ErrorCode::kInvalidArgument, f.path("signature") + ": " + parsed.error().message);
  }
  tx.signature = *parsed;
  auto valid = validate_transaction(tx);
  if (!valid.ok()) return make_error(ErrorCode::kInvalidArgument, where + ": " + valid.error().message);
  return tx;
}

Result<Transaction> parse_transaction(std::string_view json_text) {
  CS_ASSIGN_OR_RETURN(Json doc, parse_strict_json(json_text));
  return transaction_from_json(doc, "transaction");
}

Json transaction_to_json(const Transaction& tx) {
  Json out{{"type", tx_type_name(tx.type)},
           {"chain_id", tx.chain_id},
           {"code", tx.code},
           {"number", tx.number},
           {"time", tx.time},
           {"signature", to_hex(tx.signature.raw())}};
  if (tx.type == TxType::kConvert) out["receipt_hash"] = to_hex(tx.receipt_hash);
  if (tx.type == TxType::kConvert || tx.type == TxType::kVoid) {
    out["paper_code"] = tx.paper_code;
    out["paper_number"] = tx.paper_number;
    out["operator"] = tx.operator_name;
    out["nonce"] = tx.nonce;
    if (tx.device_certificate) out["device_certificate"] = device_certificate_to_json(*tx.device_certificate);
  }
  if (tx.type != TxType::kPost) out["reason"] = tx.reason;
  if (tx.type == TxType::kPost) out["poster"] = tx.poster;
  if (tx.type == TxType::kReverse) out["issuer_certificate_serial"] = tx.certificate_serial;
  return out;
}

}  // namespace chainslip
