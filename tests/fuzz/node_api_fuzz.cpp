// The node API's answer readers (core/node/node_api.h) on any answer: the
// first byte picks the endpoint (and the chain's suite), the second the HTTP
// status, the rest is the body. A bad answer is a kInvalidArgument, a
// kNotFound or a kUnavailable; nothing else, and never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/node/node_api.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/node_api_input.h"

namespace {

using namespace chainslip;

template <typename T>
void check(const Result<T>& r) {
  if (r.ok()) return;
  FUZZ_CHECK(r.code() == ErrorCode::kInvalidArgument || r.code() == ErrorCode::kNotFound ||
             r.code() == ErrorCode::kUnavailable || r.code() == ErrorCode::kItemAmountMismatch ||
             r.code() == ErrorCode::kTotalMismatch || r.code() == ErrorCode::kPaymentBreakdownMismatch);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t endpoint = data[0] & 7;
  const Suite suite = (data[0] & fuzz::kP256Bit) ? Suite::kP256Sha256 : Suite::kSm2Sm3;
  const NodeAnswer answer{fuzz::kStatuses[data[1] % fuzz::kStatuses.size()],
                          std::string(reinterpret_cast<const char*>(data) + 2, size - 2)};
  switch (endpoint) {
    case fuzz::kInfo: check(info_from_answer(answer)); break;
    case fuzz::kReceipt: check(bundle_from_answer(answer)); break;
    case fuzz::kValidatorSetChanges: check(validator_set_changes_from_answer(suite, answer)); break;
    case fuzz::kSubmit: {
      auto submit = submit_from_answer(answer);
      check(submit);
      if (submit.ok() && !submit->accepted()) FUZZ_CHECK(answer.status == 400 || answer.status == 409);
      break;
    }
    case fuzz::kTransaction: check(tx_lookup_from_answer(answer)); break;
    case fuzz::kReceiptStatus: check(receipt_status_from_answer(answer)); break;
    default: {  // kErrorBody, and 7
      auto error = parse_error_body(answer.body, "GET /fuzz");
      check(error);
      if (error.ok() && error->refusal) FUZZ_CHECK(tx_refusal_name(*error->refusal) == error->error);
      break;
    }
  }
  return 0;
}
