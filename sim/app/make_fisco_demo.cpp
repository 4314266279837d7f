#include "sim/app/make_fisco_demo.h"

#include <iostream>

#include "core/util/file_io.h"
#include "sim/fisco/demo_chain.h"

namespace chainslip::simapp {
namespace {

Status write_json(const std::string& path, const Json& doc) { return write_file_atomic(path, doc.dump(2) + "\n", 0644); }

std::string file_name(const Receipt& r) { return r.code + "-" + r.number + ".json"; }

}  // namespace

Status make_fisco_demo(const std::string& dir, fisco::ChainCrypto crypto) {
  CS_ASSIGN_OR_RETURN(sim::fisco::DemoChain demo, sim::fisco::make_demo_chain(crypto));
  for (const char* sub : {"/bundles/valid", "/bundles/invalid"}) CS_RETURN_IF_ERROR(make_directories(dir + sub, 0755));
  CS_RETURN_IF_ERROR(write_json(dir + "/anchor.json", fisco::trust_anchor_to_json(demo.anchor)));
  for (const fisco::ReceiptBundle& b : demo.valid) {
    CS_RETURN_IF_ERROR(write_json(dir + "/bundles/valid/" + file_name(b.receipt), fisco::bundle_to_json(b)));
  }
  for (const sim::fisco::DemoLie& lie : demo.lies) {
    CS_RETURN_IF_ERROR(write_json(dir + "/bundles/invalid/" + lie.name + "." +
                                      std::string(error_code_name(lie.expected)) + ".json",
                                  fisco::bundle_to_json(lie.bundle)));
  }
  std::cout << "demo FISCO BCOS 3.x chain \"" << demo.chain_name << "\" (" << fisco::chain_crypto_name(crypto)
            << ") written to " << dir
            << "\n  anchor.json           the trust anchor (sealers, registry, issuer accounts)\n"
            << "  bundles/valid/        " << demo.valid.size() << " receipts that verify\n"
            << "  bundles/invalid/      " << demo.lies.size() << " lies, named <lie>.<expected reason>.json\n"
            << "try: chainslip verify " << dir << "/bundles/valid/" << file_name(demo.valid.front().receipt) << "\n";
  return {};
}

}  // namespace chainslip::simapp
