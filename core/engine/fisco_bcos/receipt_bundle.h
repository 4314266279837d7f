#pragma once

#include <string_view>

#include "core/engine/fisco_bcos/issuance.h"
#include "core/engine/fisco_bcos/node_json.h"
#include "core/engine/fisco_bcos/node_json_writer.h"
#include "core/receipt/receipt.h"

namespace chainslip::fisco {

// A receipt with its issuance proof on a FISCO BCOS 3.x chain: everything
// needed to verify it offline against a trust anchor (docs/PROTOCOL.md
// 11.10). The counterpart of chainslip's ReceiptBundle.
struct ReceiptBundle {
  Receipt receipt;
  IssuanceProof proof;
};

// The bundle's JSON (PROTOCOL 11.10): the receipt as section 2.1's JSON,
// the node's objects as the node prints them (11.5), the transaction's nonce
// in the form `nonce` names. Strict; errors are kInvalidArgument naming the field.
Result<ReceiptBundle> bundle_from_json(const Json& value);
Result<ReceiptBundle> parse_bundle(std::string_view json_text);
// Written with the nonce as hex (nodes 3.3 and later).
Json bundle_to_json(const ReceiptBundle& bundle);

// Sealer-list changes as a bundle holds them: an array of at most
// kMaxSealerListChanges changes, each an array of 1..kMaxSealerChangeHeaders
// headers as the node prints them. `where` names the array in errors.
Result<std::vector<SealerListChange>> sealer_list_changes_from_json(const Json& value, const std::string& where);
Json sealer_list_changes_to_json(const std::vector<SealerListChange>& changes);

}  // namespace chainslip::fisco
