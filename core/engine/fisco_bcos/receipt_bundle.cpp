#include "core/engine/fisco_bcos/receipt_bundle.h"

#include <string>

namespace chainslip::fisco {
namespace {

constexpr const char* kNonceForms[] = {"raw", "hex"};

// A node object's error names it by its kind ("header.number"); in a bundle
// it is also named by where it sits.
Error at(const std::string& where, const Error& error) {
  return make_error(error.code, where + ": " + error.message);
}

Result<BlockHeader> header_at(const Json& value, const std::string& where) {
  auto header = read_block_header(value);
  if (!header.ok()) return at(where, header.error());
  return header;
}

}  // namespace

Result<ReceiptBundle> bundle_from_json(const Json& value) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, "bundle"));
  CS_ASSIGN_OR_RETURN(std::string engine, f.text("engine", 1, 32));
  if (engine != kEngineName) {
    return make_error(ErrorCode::kInvalidArgument, "bundle.engine: \"" + engine + "\" is not \"fisco-bcos-3\"");
  }
  ReceiptBundle b;
  CS_ASSIGN_OR_RETURN(const Json* receipt, f.object("receipt"));
  CS_ASSIGN_OR_RETURN(b.receipt, receipt_from_json(*receipt, f.path("receipt")));
  CS_ASSIGN_OR_RETURN(std::string nonce, f.text("nonce", 3, 3));
  if (nonce != kNonceForms[0] && nonce != kNonceForms[1]) {
    return make_error(ErrorCode::kInvalidArgument, "bundle.nonce: \"" + nonce + "\" is not \"raw\" or \"hex\"");
  }
  const NonceForm nonce_form = nonce == "raw" ? NonceForm::kRaw : NonceForm::kHex;

  CS_ASSIGN_OR_RETURN(const Json* header, f.object("header"));
  CS_ASSIGN_OR_RETURN(b.proof.header, header_at(*header, f.path("header")));
  CS_ASSIGN_OR_RETURN(const Json* tx, f.object("transaction"));
  auto transaction = read_transaction(*tx, nonce_form);
  if (!transaction.ok()) return at(f.path("transaction"), transaction.error());
  b.proof.transaction = std::move(transaction).value();
  CS_ASSIGN_OR_RETURN(const Json* rc, f.object("transaction_receipt"));
  auto tx_receipt = read_receipt(*rc);
  if (!tx_receipt.ok()) return at(f.path("transaction_receipt"), tx_receipt.error());
  b.proof.receipt = std::move(tx_receipt).value();

  CS_ASSIGN_OR_RETURN(const Json* changes, f.array("sealer_list_changes", kMaxSealerListChanges));
  CS_ASSIGN_OR_RETURN(b.proof.sealer_list_changes,
                      sealer_list_changes_from_json(*changes, f.path("sealer_list_changes")));
  CS_RETURN_IF_ERROR(f.finish());
  return b;
}

Result<ReceiptBundle> parse_bundle(std::string_view json_text) {
  CS_ASSIGN_OR_RETURN(Json doc, parse_strict_json(json_text));
  return bundle_from_json(doc);
}

Json bundle_to_json(const ReceiptBundle& b) {
  return Json{{"engine", kEngineName},
              {"receipt", receipt_to_json(b.receipt)},
              {"nonce", kNonceForms[1]},
              {"header", write_block_header(b.proof.header)},
              // importTime is not hashed and not kept: the block's time stands in.
              {"transaction", write_transaction(b.proof.transaction, NonceForm::kHex, b.proof.header.timestamp)},
              {"transaction_receipt", write_receipt(b.proof.receipt)},
              {"sealer_list_changes", sealer_list_changes_to_json(b.proof.sealer_list_changes)}};
}

Result<std::vector<SealerListChange>> sealer_list_changes_from_json(const Json& value, const std::string& where) {
  if (!value.is_array() || value.size() > kMaxSealerListChanges) {
    return make_error(ErrorCode::kInvalidArgument, where + ": expected an array of at most " +
                                                       std::to_string(kMaxSealerListChanges) + " sealer-list changes");
  }
  std::vector<SealerListChange> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string change_where = where + "[" + std::to_string(i) + "]";
    const Json& headers = value[i];
    if (!headers.is_array() || headers.empty() || headers.size() > kMaxSealerChangeHeaders) {
      return make_error(ErrorCode::kInvalidArgument,
                        change_where + ": expected 1.." + std::to_string(kMaxSealerChangeHeaders) + " headers");
    }
    SealerListChange change;
    for (std::size_t j = 0; j < headers.size(); ++j) {
      CS_ASSIGN_OR_RETURN(BlockHeader h, header_at(headers[j], change_where + "[" + std::to_string(j) + "]"));
      change.headers.push_back(std::move(h));
    }
    out.push_back(std::move(change));
  }
  return out;
}

Json sealer_list_changes_to_json(const std::vector<SealerListChange>& changes) {
  Json out = Json::array();
  for (const SealerListChange& change : changes) {
    Json headers = Json::array();
    for (const BlockHeader& h : change.headers) headers.push_back(write_block_header(h));
    out.push_back(std::move(headers));
  }
  return out;
}

}  // namespace chainslip::fisco
