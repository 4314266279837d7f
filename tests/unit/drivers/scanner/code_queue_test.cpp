#include "drivers/scanner/code_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chainslip {
namespace {

// What a decoder made of some input reaches the queue as the decoders hand
// it over: a code is queued, a refusal is logged as a drop, nothing is nothing.
TEST(CodeQueueTest, ADecodedCodeIsQueuedARefusalLoggedAndNothingIsNothing) {
  ManualClock clock;
  std::vector<std::string> log;
  CodeQueue codes("test scanner", clock, {.log = [&log](const std::string& line) { log.push_back(line); }});

  codes.offer_decoded(std::optional<std::string>());
  EXPECT_TRUE(codes.empty());
  EXPECT_TRUE(log.empty());

  codes.offer_decoded(make_error(ErrorCode::kInvalidArgument, "a key with no character"));
  EXPECT_TRUE(codes.empty());
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0], "test scanner: dropped a code: a key with no character");

  codes.offer_decoded(std::optional<std::string>("https://www.chinaebill.cn/eips-wxapp-service/d?d=1"));
  EXPECT_EQ(codes.pop(), "https://www.chinaebill.cn/eips-wxapp-service/d?d=1");
  EXPECT_EQ(log.size(), 1u);
}

}  // namespace
}  // namespace chainslip
