// A FISCO BCOS bundle (PROTOCOL 11.10) read and verified (11.9) from any
// text, against the trust anchors of the demo chains the seed corpus was
// sealed on (data/verify_fisco_bundle.json, written with the seeds by
// make_fuzz_seeds). The fuzzer holds no key, so a bundle that verifies must
// be one of those chains' genuine issuances: the same receipt in the same
// transaction. Anything else is a forgery accepted.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/engine/fisco_bcos/issuance.h"
#include "core/engine/fisco_bcos/receipt_bundle.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_data.h"

namespace {

using namespace chainslip;

struct World {
  std::vector<fisco::LightClient> clients;  // one per anchor
  HeaderCheckOptions options;
  // (receipt JSON, transaction hash hex) of every genuine issuance.
  std::set<std::pair<std::string, std::string>> genuine;
};

World load_world() {
  const Json doc = fuzz::load_data("verify_fisco_bundle_fuzz", "verify_fisco_bundle.json");
  World w;
  w.options.now_ms = doc.at("now_ms").get<std::uint64_t>();
  for (const Json& a : doc.at("anchors")) {
    auto anchor = fisco::trust_anchor_from_json(a);
    if (!anchor.ok()) fuzz::setup_failed("verify_fisco_bundle_fuzz", "verify_fisco_bundle.json: " + anchor.error().message);
    w.clients.emplace_back(std::move(*anchor));
  }
  for (const Json& g : doc.at("genuine")) {
    w.genuine.emplace(g["receipt"].dump(), g["tx_hash"].get<std::string>());
  }
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const World world = load_world();
  auto bundle = fisco::parse_bundle(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!bundle.ok()) {
    // The receipt's money rules keep their own codes (PROTOCOL 2.1).
    FUZZ_CHECK(bundle.code() == ErrorCode::kInvalidArgument || bundle.code() == ErrorCode::kItemAmountMismatch ||
               bundle.code() == ErrorCode::kTotalMismatch || bundle.code() == ErrorCode::kPaymentBreakdownMismatch);
    return 0;
  }
  for (const fisco::LightClient& client : world.clients) {
    auto verified = fisco::verify_issuance(bundle->receipt, bundle->proof, client, world.options);
    if (!verified.ok()) {
      // A bad bundle is refused for a reason, never by a library failing.
      FUZZ_CHECK(verified.code() != ErrorCode::kInternal);
      continue;
    }
    FUZZ_CHECK(world.genuine.contains({receipt_to_json(bundle->receipt).dump(), to_hex(verified->transaction_hash)}));
  }
  return 0;
}
