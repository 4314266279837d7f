#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/chain/device_certificate.h"
#include "core/chain/issuer_certificate.h"
#include "core/receipt/receipt.h"

namespace chainslip {

// Transaction types on the chain (docs/PROTOCOL.md, "Transactions").
enum class TxType : std::uint8_t {
  kIssue = 1,    // an issuer publishes a signed receipt
  kConvert = 2,  // a kiosk exchanges the e-receipt for a paper copy (换开)
  kVoid = 3,     // a kiosk voids the active paper copy (jam, wrong stock, interrupted)
  kPost = 4,     // the finance authority records reimbursement (已入账)
  kReverse = 5,  // the issuer red-reverses the receipt (冲红)
};

std::string_view tx_type_name(TxType type);  // "issue", "convert", "void", "post", "reverse"
Result<TxType> parse_tx_type(std::string_view name);

// Why the chain refuses a status transaction. The names (tx_refusal_name) are
// the "error" values of the node API: keep them stable.
enum class TxRefusal {
  kUnknownReceipt,
  kReceiptPosted,
  kReceiptReversed,
  kAlreadyConverted,    // convert while a paper copy is active
  kNotActivePaper,      // void of a paper copy that is not the active one
  kPaperActive,         // post/reverse while a paper copy is active
  kReplayed,            // same tx hash included or pending, or (device, nonce) reused
  kWrongChainId,
  kReceiptHashMismatch,
  kCertificateInvalid,  // device/issuer certificate not by the authority, wrong suite, not valid at tx time
  kSignatureInvalid,
  kMalformed,
};

std::string_view tx_refusal_name(TxRefusal refusal);
Result<TxRefusal> parse_tx_refusal(std::string_view name);

// The bytes of a receipt's issuance transaction: the Merkle leaf data whose
// inclusion in a header's tx_root proves the receipt is on chain.
Bytes issuance_tx_bytes(const Receipt& receipt, const Signature& issuer_signature,
                        const IssuerCertificate& certificate);

inline constexpr std::string_view kConvertReasonRefund = "refund";
inline constexpr std::string_view kConvertReasonOther = "other";

// A status transaction (types 2..5). Each type uses some of the fields:
//   convert: chain_id code number receipt_hash paper_code paper_number reason
//            operator_name time nonce certificate_serial, signed by the device
//   void:    chain_id code number paper_code paper_number reason operator_name
//            time nonce certificate_serial, signed by a device
//   post:    chain_id code number time poster, signed by the finance authority
//   reverse: chain_id code number time reason certificate_serial (the
//            issuer's), signed by the issuer
// Unused fields stay empty/zero (validate_transaction checks this).
struct Transaction {
  TxType type = TxType::kConvert;
  std::string chain_id;
  std::string code;
  std::string number;
  Digest receipt_hash{};
  std::string paper_code;    // 8 digits
  std::string paper_number;  // 10 digits
  std::string reason;
  std::string operator_name;  // JSON "operator"
  std::uint64_t time = 0;     // Unix seconds
  std::uint64_t nonce = 0;
  std::string certificate_serial;
  std::string poster;
  Signature signature = Signature::from_raw({});
  // Convert and void carry the signing kiosk's certificate in JSON (it is not
  // part of the signed bytes; its serial is). Empty for post and reverse.
  std::optional<DeviceCertificate> device_certificate;
};

// Every field rule of docs/PROTOCOL.md for the transaction's type
// (kInvalidArgument naming the field).
Status validate_transaction(const Transaction& tx);

// The bytes that are signed: text("chainslip.tx.v1") u8(type) then the
// type's fields.
Bytes transaction_signed_bytes(const Transaction& tx);
// The transaction bytes on chain (the Merkle leaf data): signed bytes ||
// raw(signature r||s).
Bytes transaction_bytes(const Transaction& tx);
Digest transaction_hash(Suite suite, const Transaction& tx);

// Validates, then signs with `key` (the device, authority or issuer key).
Result<Transaction> sign_transaction(Transaction tx, const PrivateKey& key);

// What a kiosk fills in to convert or void a paper copy.
struct PaperCopy {
  std::string paper_code;
  std::string paper_number;
};
Result<Transaction> make_convert_tx(const std::string& chain_id, const Receipt& receipt, const PaperCopy& paper,
                                    const std::string& reason, const std::string& operator_name,
                                    std::uint64_t time, std::uint64_t nonce, const DeviceCertificate& cert,
                                    const PrivateKey& device_key);
Result<Transaction> make_void_tx(const std::string& chain_id, const std::string& code, const std::string& number,
                                 const PaperCopy& paper, const std::string& reason,
                                 const std::string& operator_name, std::uint64_t time, std::uint64_t nonce,
                                 const DeviceCertificate& cert, const PrivateKey& device_key);
Result<Transaction> make_post_tx(const std::string& chain_id, const std::string& code, const std::string& number,
                                 std::uint64_t time, const std::string& poster, const PrivateKey& authority_key);
Result<Transaction> make_reverse_tx(const std::string& chain_id, const std::string& code,
                                    const std::string& number, std::uint64_t time, const std::string& reason,
                                    const IssuerCertificate& issuer_cert, const PrivateKey& issuer_key);

// JSON (POST /v1/transactions): {"type", <the type's fields by name>,
// "signature", and "device_certificate" for convert/void}. Strict: exactly
// those fields; validated.
Result<Transaction> transaction_from_json(const Json& value, const std::string& where);
Result<Transaction> parse_transaction(std::string_view json_text);
Json transaction_to_json(const Transaction& tx);

}  // namespace chainslip
