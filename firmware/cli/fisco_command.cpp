#include "firmware/cli/fisco_command.h"

#include <iostream>
#include <variant>
#include <vector>

#include "core/engine/fisco_bcos/header_verifier.h"
#include "core/engine/fisco_bcos/node_json.h"
#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/registry_call.h"
#include "core/util/file_io.h"
#include "core/util/strict_json.h"

namespace chainslip::cli {
namespace {

using fisco::ChainCrypto;

constexpr int kExitOk = 0;
constexpr int kExitRefused = 1;

// Messages quote what was read; a verdict must print whatever it holds.
void print_json(const Json& verdict) {
  std::cout << verdict.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

ChainCrypto crypto_of(const FiscoArgs& args) {
  return args.sm3 ? ChainCrypto::kSm3Sm2 : ChainCrypto::kKeccak256Secp256k1;
}

fisco::NonceForm nonce_form_of(const FiscoArgs& args) {
  return args.nonce == "raw" ? fisco::NonceForm::kRaw : fisco::NonceForm::kHex;
}

std::string prefixed(const Digest& d) { return "0x" + to_hex(d); }

int refuse(const FiscoArgs& args, const Error& error) {
  if (args.json) {
    print_json({{"ok", false}, {"code", error_code_name(error.code)}, {"message", error.message}});
  } else {
    std::cout << "REFUSED  " << error_code_name(error.code) << "\n  " << error.message << "\n";
  }
  return kExitRefused;
}

Result<Json> read_node_object(const std::string& path) {
  CS_ASSIGN_OR_RETURN(std::string text, read_file(path, kMaxJsonBytes));
  CS_ASSIGN_OR_RETURN(Json doc, parse_strict_json(text));
  CS_ASSIGN_OR_RETURN(const Json* object, fisco::node_result(doc));
  return *object;
}

struct Hashes {
  Digest recomputed;
  Digest stated;
};

Result<Hashes> hashes_of(const FiscoArgs& args, const Json& object) {
  const ChainCrypto crypto = crypto_of(args);
  if (args.kind == "header") {
    CS_ASSIGN_OR_RETURN(fisco::BlockHeader h, fisco::read_block_header(object));
    return Hashes{fisco::header_hash(crypto, h), h.stated_hash};
  }
  if (args.kind == "transaction") {
    CS_ASSIGN_OR_RETURN(fisco::Transaction tx, fisco::read_transaction(object, nonce_form_of(args)));
    return Hashes{fisco::transaction_hash(crypto, tx), tx.stated_hash};
  }
  CS_ASSIGN_OR_RETURN(fisco::TransactionReceipt rc, fisco::read_receipt(object));
  return Hashes{fisco::receipt_hash(crypto, rc), rc.stated_hash};
}

// An argument as printed: numbers as numbers, text as text, bytes (a
// receipt hash) as 0x-prefixed hex.
Json printed_argument(const fisco::AbiValue& value) {
  struct Visitor {
    Json operator()(std::uint64_t v) const { return v; }
    Json operator()(bool v) const { return v; }
    Json operator()(const fisco::Address& v) const { return "0x" + to_hex(v); }
    Json operator()(const Bytes& v) const { return "0x" + to_hex(v); }
    Json operator()(const std::string& v) const { return v; }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace

int run_fisco_hash(const FiscoArgs& args) {
  auto object = read_node_object(args.path);
  if (!object.ok()) return refuse(args, object.error());
  auto hashes = hashes_of(args, *object);
  if (!hashes.ok()) return refuse(args, hashes.error());
  const bool matches = hashes->recomputed == hashes->stated;
  if (args.json) {
    print_json({{"ok", true},
                {"kind", args.kind},
                {"crypto", fisco::chain_crypto_name(crypto_of(args))},
                {"hash", prefixed(hashes->recomputed)},
                {"stated_hash", prefixed(hashes->stated)},
                {"matches", matches}});
  } else {
    std::cout << "hash     " << prefixed(hashes->recomputed) << "\n"
              << "stated   " << prefixed(hashes->stated) << "\n"
              << "matches  " << (matches ? "yes" : "no") << "\n";
  }
  return kExitOk;
}

int run_fisco_verify_header(const FiscoArgs& args) {
  auto object = read_node_object(args.path);
  if (!object.ok()) return refuse(args, object.error());
  auto header = fisco::read_block_header(*object);
  if (!header.ok()) return refuse(args, header.error());
  auto sealed = fisco::verify_sealed_header(crypto_of(args), *header);
  if (!sealed.ok()) return refuse(args, sealed.error());
  if (args.json) {
    print_json({{"ok", true},
                {"number", header->number},
                {"hash", prefixed(sealed->hash)},
                {"signers", sealed->signers},
                {"signed_weight", sealed->signed_weight},
                {"required_weight", sealed->required_weight},
                {"sealers", header->sealer_list.size()}});
  } else {
    std::cout << "VALID  header " << header->number << " " << prefixed(sealed->hash) << "\n  signed by sealers";
    for (std::uint64_t i : sealed->signers) std::cout << " " << i;
    std::cout << " of " << header->sealer_list.size() << ": weight " << sealed->signed_weight << ", quorum "
              << sealed->required_weight << "\n";
  }
  return kExitOk;
}

int run_fisco_registry_call(const FiscoArgs& args) {
  auto object = read_node_object(args.path);
  if (!object.ok()) return refuse(args, object.error());
  auto tx = fisco::read_transaction(*object, nonce_form_of(args));
  if (!tx.ok()) return refuse(args, tx.error());
  auto call = fisco::decode_registry_call(crypto_of(args), tx->input);
  if (!call.ok()) return refuse(args, call.error());
  const std::vector<fisco::RegistryArgument> arguments = fisco::registry_arguments(*call);
  const std::string from = "0x" + to_hex(tx->from);
  if (args.json) {
    Json fields = Json::object();
    for (const fisco::RegistryArgument& a : arguments) fields[a.name] = printed_argument(a.value);
    print_json({{"ok", true},
                {"call", fisco::registry_call_name(*call)},
                {"signature", fisco::registry_signature(*call)},
                {"to", tx->to},
                {"from", from},
                {"arguments", fields}});
  } else {
    std::cout << "CALL  " << fisco::registry_signature(*call) << "\n  to    " << tx->to << "\n  from  " << from << "\n";
    for (const fisco::RegistryArgument& a : arguments) {
      const Json value = printed_argument(a.value);
      std::cout << "  " << a.name << std::string(a.name.size() < 13 ? 13 - a.name.size() : 1, ' ')
                << (value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
    }
  }
  return kExitOk;
}

}  // namespace chainslip::cli
