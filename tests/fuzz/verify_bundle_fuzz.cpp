// verify_bundle (issuer certificate and signature, validator-set changes,
// header quorum, inclusion proof) on any bundle text, against the trust
// anchors of the chains the seed corpus was sealed on (data/verify_bundle.json,
// written with the seeds by make_fuzz_seeds). The fuzzer holds no key, so a
// bundle that verifies must be one of the genuine receipts of those chains,
// in its own block and at its own leaf: anything else is a forgery accepted.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/bundle/bundle_verifier.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_data.h"

namespace {

using namespace chainslip;

struct World {
  std::vector<TrustAnchor> anchors;
  HeaderCheckOptions options;
  // (receipt JSON, header hash hex, leaf index) of every genuine bundle.
  std::set<std::tuple<std::string, std::string, std::uint64_t>> genuine;
};

World load_world() {
  const Json doc = fuzz::load_data("verify_bundle_fuzz", "verify_bundle.json");
  World w;
  w.options.now_ms = doc.at("now_ms").get<std::uint64_t>();
  for (const Json& a : doc.at("anchors")) {
    auto anchor = trust_anchor_from_json(a);
    if (!anchor.ok()) fuzz::setup_failed("verify_bundle_fuzz", "verify_bundle.json: " + anchor.error().message);
    w.anchors.push_back(std::move(*anchor));
  }
  for (const Json& g : doc.at("genuine")) {
    w.genuine.emplace(g["receipt"].dump(), g["header_hash"].get<std::string>(),
                      g["leaf_index"].get<std::uint64_t>());
  }
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const World world = load_world();
  auto bundle = parse_bundle(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!bundle.ok()) return 0;
  // Any change to a header's fields is caught first by its claimed hash, so
  // each bundle is verified a second time without one: then a changed header
  // reaches the set, clock and quorum checks.
  for (bool drop_claimed_hash : {false, true}) {
    if (drop_claimed_hash) {
      if (!bundle->header.claimed_hash) break;
      bundle->header.claimed_hash.reset();
    }
    for (const TrustAnchor& anchor : world.anchors) {
      auto verified = verify_bundle(*bundle, anchor, world.options);
      if (!verified.ok()) {
        // A bad bundle is refused for a reason, never by a library failing.
        FUZZ_CHECK(verified.code() != ErrorCode::kInternal);
        continue;
      }
      FUZZ_CHECK(world.genuine.contains({receipt_to_json(bundle->receipt).dump(),
                                         to_hex(verified->header_hash), bundle->proof.leaf_index}));
    }
  }
  return 0;
}
