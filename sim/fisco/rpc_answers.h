#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/engine/fisco_bcos/node_json.h"
#include "core/util/strict_json.h"
#include "sim/fisco/chain_key.h"
#include "sim/fisco/fisco_chain.h"

namespace chainslip::sim::fisco {

// What a lying simulated FISCO node falsifies in its JSON-RPC answers, each
// made with lies.h from the chain's honest objects; the comment names the
// ErrorCode core refuses it with.
enum class RpcLie {
  kNone,
  // Headers: signatureList[0] corrupted (with_corrupted_signature):
  // verify_sealed_header() -> kValidatorSignatureInvalid.
  kBadSignature,
  // Headers restated and signed by outsiders' keys, and getSealerList
  // naming them (with_forged_sealer_list): self-consistent, so
  // verify_sealed_header() accepts it; fisco::LightClient refuses the list
  // that is not the trusted one.
  kForgedSealerList,
  // Transactions and receipts with a proof to another root
  // (proof_to_another_root): verify_*_in_header() -> kInclusionProofInvalid.
  kProofForAnotherRoot,
};

std::string_view rpc_lie_name(RpcLie lie);
Result<RpcLie> parse_rpc_lie(std::string_view name);

// The node a request is answered from.
struct RpcNodeView {
  const FiscoChain& chain;
  std::string node_name;  // the node's name; "" in a request means this node
  chainslip::fisco::NonceForm nonce_form = chainslip::fisco::NonceForm::kHex;
  RpcLie lie = RpcLie::kNone;
  const std::vector<ChainKey>& forgers;  // kForgedSealerList's keys, as many as the chain's sealers
};

// The JSON-RPC 2.0 reply a FISCO BCOS 3.x node gives to `request` (its
// body), for getBlockNumber, getBlockByNumber, getTransaction,
// getTransactionReceipt and getSealerList with their positional params
// [group, node, ...] (docs/PROTOCOL.md 11.11). Results are printed by
// core's writers (node_json_writer.h), proofs only when asked for. Errors
// as bcos-rpc gives them: -32700 unparsable JSON, -32600 not a request,
// -32601 an unknown method, -32005 another group, -32602 params of the
// wrong count or type (a real node's message differs there). An unknown
// block number, transaction or receipt is a null result.
Json answer_rpc(const RpcNodeView& node, std::string_view request);

}  // namespace chainslip::sim::fisco
