#pragma once

#include <string>

namespace chainslip::cli {

// What `chainslip fisco …` reads: one object a FISCO BCOS 3.x node printed,
// bare or as the `result` of a JSON-RPC reply.
struct FiscoArgs {
  std::string kind;       // "header", "transaction" or "receipt" (hash only)
  std::string path;
  bool sm3 = false;       // a 国密 chain; otherwise Keccak-256 and secp256k1
  std::string nonce = "hex";  // how a transaction's nonce was printed: "raw" (up to 3.2) or "hex" (3.3+)
  bool json = false;
};

// `chainslip fisco hash`: recomputes the object's hash as the node computes
// it (docs/PROTOCOL.md 11) and prints it with whether it matches the
// object's own `hash` field. Exit codes: 0 the object parses (matching or
// not), 1 it cannot be read or is malformed; usage errors (2) are main's.
int run_fisco_hash(const FiscoArgs& args);

// `chainslip fisco verify-header`: the header's hash, then every signature
// against its own sealer and the quorum (docs/PROTOCOL.md 11.3). Exit codes:
// 0 verified, 1 refused or unreadable, with the reason's code and message.
int run_fisco_verify_header(const FiscoArgs& args);

// `chainslip fisco registry-call`: the e-receipt registry call a
// transaction's input makes (docs/PROTOCOL.md 11.7), decoded strictly and
// printed field by field with the transaction's sender. It reads the call
// only: whether the transaction is the node's and was signed by its sender
// is `hash`'s question. Exit codes: 0 a registry call, 1 an unreadable
// transaction or input that is no registry call (the reason's code and
// message).
int run_fisco_registry_call(const FiscoArgs& args);

}  // namespace chainslip::cli
