#include "core/engine/fisco_bcos/trust_anchor.h"

#include <algorithm>
#include <set>

#include "core/chain/chain_id.h"

namespace chainslip::fisco {
namespace {

Error invalid(const std::string& where, const std::string& what) {
  return make_error(ErrorCode::kInvalidArgument, where + ": " + what);
}

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

Result<ChainCrypto> parse_chain_crypto(const std::string& name, const std::string& where) {
  for (ChainCrypto c : {ChainCrypto::kSm3Sm2, ChainCrypto::kKeccak256Secp256k1}) {
    if (name == chain_crypto_name(c)) return c;
  }
  return invalid(where, "\"" + name + "\" is not a chain crypto (sm3-sm2, keccak256-secp256k1)");
}

Result<Address> read_address(FieldReader& f, const char* key) {
  CS_ASSIGN_OR_RETURN(std::string text, f.text(key, 42, 42));
  auto a = parse_address(text);
  if (!a.ok()) return invalid(f.path(key), a.error().message);
  return a;
}

Result<SealerList> read_sealers(const Json& list, const std::string& where) {
  if (list.empty()) return invalid(where, "at least one sealer is needed");
  SealerList out;
  std::set<Bytes> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string item = where + "[" + std::to_string(i) + "]";
    CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(list[i], item));
    CS_ASSIGN_OR_RETURN(Bytes node_id, f.hex("node_id", kNodeIdBytes, kNodeIdBytes));
    CS_ASSIGN_OR_RETURN(std::uint64_t weight, f.u64("weight", 1, std::uint64_t{1} << 32));
    CS_RETURN_IF_ERROR(f.finish());
    if (!seen.insert(node_id).second) return invalid(item, "this node ID is already in the list");
    out.node_ids.push_back(std::move(node_id));
    out.weights.push_back(weight);
  }
  return out;
}

Result<std::vector<IssuerAccount>> read_issuers(const Json& list, const std::string& where) {
  std::vector<IssuerAccount> out;
  std::set<Address> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string item = where + "[" + std::to_string(i) + "]";
    CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(list[i], item));
    CS_ASSIGN_OR_RETURN(Address account, read_address(f, "account"));
    CS_ASSIGN_OR_RETURN(std::string issuer_id, f.text("issuer_id", 18, 18));
    CS_RETURN_IF_ERROR(f.finish());
    const bool credit_code = std::all_of(issuer_id.begin(), issuer_id.end(),
                                         [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
    if (!credit_code) return invalid(item + ".issuer_id", "must be an 18-character unified social credit code (0-9, A-Z)");
    if (!seen.insert(account).second) return invalid(item, "this account is already listed");
    out.push_back(IssuerAccount{account, std::move(issuer_id)});
  }
  return out;
}

}  // namespace

SealerList sealer_list_of(const BlockHeader& header) { return SealerList{header.sealer_list, header.consensus_weights}; }

std::string address_text(const Address& address) { return "0x" + to_hex(address); }

Result<Address> parse_address(std::string_view text) {
  if (text.size() != 42 || !text.starts_with("0x") ||
      !std::all_of(text.begin() + 2, text.end(), is_hex_digit)) {
    return make_error(ErrorCode::kInvalidArgument, "\"" + std::string(text) + "\" is not \"0x\" and 40 hex digits");
  }
  std::string lower(text.substr(2));
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return c >= 'A' && c <= 'F' ? c + 32 : c; });
  CS_ASSIGN_OR_RETURN(Bytes raw, from_hex(lower));
  Address a;
  std::copy(raw.begin(), raw.end(), a.begin());
  return a;
}

Result<TrustAnchor> trust_anchor_from_json(const Json& value) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, "anchor"));
  CS_ASSIGN_OR_RETURN(std::string engine, f.text("engine", 1, 32));
  if (engine != kEngineName) return invalid("anchor.engine", "\"" + engine + "\" is not \"fisco-bcos-3\"");
  TrustAnchor a;
  CS_ASSIGN_OR_RETURN(std::string crypto, f.text("crypto", 1, 32));
  CS_ASSIGN_OR_RETURN(a.crypto, parse_chain_crypto(crypto, "anchor.crypto"));
  CS_ASSIGN_OR_RETURN(a.chain_id, read_chain_id(f, "chain_id"));
  CS_ASSIGN_OR_RETURN(a.group_id, read_chain_id(f, "group_id"));
  CS_ASSIGN_OR_RETURN(std::uint64_t number, f.u64("number", 0, std::uint64_t{1} << 62));
  a.number = static_cast<std::int64_t>(number);
  CS_ASSIGN_OR_RETURN(const Json* sealers, f.array("sealers", kMaxAnchorSealers));
  CS_ASSIGN_OR_RETURN(a.sealers, read_sealers(*sealers, f.path("sealers")));
  CS_ASSIGN_OR_RETURN(a.registry, read_address(f, "registry"));
  CS_ASSIGN_OR_RETURN(const Json* issuers, f.array("issuers", kMaxAnchorIssuers));
  CS_ASSIGN_OR_RETURN(a.issuers, read_issuers(*issuers, f.path("issuers")));
  CS_RETURN_IF_ERROR(f.finish());
  return a;
}

Json trust_anchor_to_json(const TrustAnchor& a) {
  Json sealers = Json::array();
  for (std::size_t i = 0; i < a.sealers.node_ids.size(); ++i) {
    sealers.push_back(Json{{"node_id", to_hex(a.sealers.node_ids[i])}, {"weight", a.sealers.weights[i]}});
  }
  Json issuers = Json::array();
  for (const IssuerAccount& issuer : a.issuers) {
    issuers.push_back(Json{{"account", address_text(issuer.account)}, {"issuer_id", issuer.issuer_id}});
  }
  return Json{{"engine", kEngineName},
              {"crypto", chain_crypto_name(a.crypto)},
              {"chain_id", a.chain_id},
              {"group_id", a.group_id},
              {"number", static_cast<std::uint64_t>(a.number)},
              {"sealers", std::move(sealers)},
              {"registry", address_text(a.registry)},
              {"issuers", std::move(issuers)}};
}

}  // namespace chainslip::fisco
