#include "core/engine/fisco_bcos/transaction_check.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "core/crypto/keys.h"
#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/secp256k1_recovery.h"

namespace chainslip::fisco {
namespace {

constexpr std::size_t kSm2SignatureWithKeyBytes = 128;

Error sender(const std::string& why) { return make_error(ErrorCode::kSenderMismatch, why); }

Result<Bytes> sm2_signer_key(const Digest& tx_hash, ByteView signature) {
  if (signature.size() != kSm2SignatureWithKeyBytes) {
    return sender("SM2 transaction signature of " + std::to_string(signature.size()) +
                  " bytes, expected 128 (r||s||public key)");
  }
  Bytes point{0x04};
  point.insert(point.end(), signature.begin() + 64, signature.end());
  auto key = PublicKey::from_bytes(Suite::kSm2Sm3, point);
  if (!key.ok()) return sender("the signature carries no SM2 public key: " + key.error().message);
  Signature::Raw rs;
  std::copy(signature.begin(), signature.begin() + 64, rs.begin());
  if (!key->verify(tx_hash, Signature::from_raw(rs))) return sender("SM2 signature does not verify");
  return Bytes(point.begin() + 1, point.end());
}

Error hash_mismatch(const char* what, const Digest& recomputed, const Digest& stated) {
  return make_error(ErrorCode::kObjectHashMismatch, std::string(what) + ": its fields hash to " + to_hex(recomputed) +
                                                        ", it states " + to_hex(stated));
}

}  // namespace

Address account_of(ChainCrypto crypto, ByteView public_key) {
  const Digest h = chain_hash(crypto, public_key);
  Address a;
  std::copy(h.end() - static_cast<std::ptrdiff_t>(a.size()), h.end(), a.begin());
  return a;
}

Result<Address> transaction_signer(ChainCrypto crypto, const Digest& tx_hash, ByteView signature) {
  if (crypto == ChainCrypto::kSm3Sm2) {
    CS_ASSIGN_OR_RETURN(Bytes key, sm2_signer_key(tx_hash, signature));
    return account_of(crypto, key);
  }
  auto key = recover_secp256k1_public_key(tx_hash, signature);
  if (!key.ok()) return sender(key.error().message);
  return account_of(crypto, *key);
}

Result<Digest> check_transaction(ChainCrypto crypto, const Transaction& tx) {
  const Digest recomputed = transaction_hash(crypto, tx);
  if (recomputed != tx.stated_hash) return hash_mismatch("transaction", recomputed, tx.stated_hash);
  CS_ASSIGN_OR_RETURN(const Address signer, transaction_signer(crypto, recomputed, tx.signature));
  if (signer != tx.from) {
    return sender("the transaction was signed by 0x" + to_hex(signer) + ", not by its from 0x" + to_hex(tx.from));
  }
  return recomputed;
}

std::string checksum_address(ChainCrypto crypto, const std::string& held_address) {
  const std::string hash_hex = to_hex(chain_hash(crypto, as_bytes(held_address)));
  std::string out = "0x" + held_address;
  for (std::size_t i = 0; i < held_address.size() && i < hash_hex.size(); ++i) {
    const char c = held_address[i];
    if (std::isalpha(static_cast<unsigned char>(c)) != 0 && hash_hex[i] >= '8') {
      out[2 + i] = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

Result<Digest> check_receipt(ChainCrypto crypto, const TransactionReceipt& receipt) {
  const Digest recomputed = receipt_hash(crypto, receipt);
  if (recomputed != receipt.stated_hash) return hash_mismatch("receipt", recomputed, receipt.stated_hash);
  if (receipt.checksum_contract_address) {
    // The node renders an EVM address (40 hex digits) and prints a WASM
    // contract's path, or no address, as it is.
    const std::string& held = receipt.contract_address;
    const bool evm = held.size() == 40 && held.find_first_not_of("0123456789abcdef") == std::string::npos;
    const std::string expected = evm ? checksum_address(crypto, held) : held;
    if (*receipt.checksum_contract_address != expected) {
      return make_error(ErrorCode::kInvalidArgument, "receipt.checksumContractAddress: expected \"" + expected +
                                                         "\" for contractAddress " + receipt.contract_address);
    }
  }
  return recomputed;
}

Status check_receipt_of_transaction(ChainCrypto crypto, const TransactionReceipt& receipt, const Transaction& tx) {
  auto mismatch = [](const std::string& why) {
    return make_error(ErrorCode::kReceiptTransactionMismatch, "the receipt's " + why + " is not the transaction's");
  };
  if (receipt.transaction_hash != transaction_hash(crypto, tx)) return mismatch("transactionHash");
  if (receipt.from && *receipt.from != tx.from) return mismatch("from");
  if (receipt.to && *receipt.to != tx.to) return mismatch("to");
  if (receipt.input && *receipt.input != tx.input) return mismatch("input");
  return {};
}

}  // namespace chainslip::fisco
