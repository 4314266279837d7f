#pragma once

#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/engine/fisco_bcos/receipt.h"
#include "core/engine/fisco_bcos/transaction.h"
#include "core/util/result.h"

namespace chainslip::fisco {

// The account a public key (X||Y, 64 bytes) has on the chain: the last 20
// bytes of the chain's hash of the key (calculateAddress).
Address account_of(ChainCrypto crypto, ByteView public_key);

// The account that signed `tx_hash`: secp256k1 r||s||v recovered
// (secp256k1_recovery.h); SM2 r||s||public key (128 bytes) verified with the
// key it carries. A bad signature is kSenderMismatch.
Result<Address> transaction_signer(ChainCrypto crypto, const Digest& tx_hash, ByteView signature);

// A transaction on its own, in order: its hash recomputed equals the stated
// one (kObjectHashMismatch), and its signature was made by `from`
// (kSenderMismatch). Returns the hash.
Result<Digest> check_transaction(ChainCrypto crypto, const Transaction& tx);

// "0x" and contract_address in the chain's mixed case (toChecksumAddress:
// a letter is upper case where the hash of the held address has a hex digit
// of 8 or more at its place), as the node prints checksumContractAddress.
std::string checksum_address(ChainCrypto crypto, const std::string& held_address);

// A receipt on its own, in order: its hash recomputed equals the stated one
// (kObjectHashMismatch), and checksumContractAddress, when printed, is the
// node's rendering of contractAddress: checksum_address() of an EVM address
// (40 hex digits), a WASM contract's path or an empty one as it is
// (kInvalidArgument). Returns the hash.
Result<Digest> check_receipt(ChainCrypto crypto, const TransactionReceipt& receipt);

// The receipt is this transaction's: its transactionHash is the
// transaction's recomputed hash, and the from, to and input it repeats (when
// printed) are the transaction's. Otherwise kReceiptTransactionMismatch.
Status check_receipt_of_transaction(ChainCrypto crypto, const TransactionReceipt& receipt, const Transaction& tx);

}  // namespace chainslip::fisco
