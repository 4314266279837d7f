#include "firmware/service/kill_after_step.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace chainslip {
namespace {

TEST(KillAfterStepTest, CountsOnlyTheArmedStepAndFiresOnItsNthCommit) {
  Result<KillAfterStep> armed = KillAfterStep::parse("printing:2");
  ASSERT_TRUE(armed.ok()) << armed.error().message;
  EXPECT_EQ(armed->step(), "printing");
  EXPECT_EQ(armed->nth(), 2u);
  EXPECT_FALSE(armed->count("requested"));
  EXPECT_FALSE(armed->count("printing"));
  EXPECT_FALSE(armed->count("voided"));
  EXPECT_TRUE(armed->count("printing"));
  EXPECT_FALSE(armed->count("printing"));  // once only

  Result<KillAfterStep> first = KillAfterStep::parse("given_up");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->nth(), 1u);
  EXPECT_TRUE(first->count("given_up"));
}

TEST(KillAfterStepTest, RefusesWhatIsNotAStepOrACount) {
  for (const char* spec : {"", "open", "printing:", "printing:0", "printing:x", "printing:2x", "printing:-1",
                           ":1", "printing:99999999999"}) {
    Result<KillAfterStep> armed = KillAfterStep::parse(spec);
    ASSERT_FALSE(armed.ok()) << spec;
    EXPECT_EQ(armed.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(armed.error().message.find("CHAINSLIP_KILL_AFTER"), std::string::npos) << armed.error().message;
  }
}

TEST(KillAfterStepTest, EnvironmentArmsItOnlyWhenSet) {
  ::unsetenv(KillAfterStep::kEnvironmentVariable);
  Result<std::optional<KillAfterStep>> unset = KillAfterStep::from_environment();
  ASSERT_TRUE(unset.ok());
  EXPECT_FALSE(unset->has_value());

  ::setenv(KillAfterStep::kEnvironmentVariable, "voiding:3", 1);
  Result<std::optional<KillAfterStep>> set = KillAfterStep::from_environment();
  ::setenv(KillAfterStep::kEnvironmentVariable, "nonsense", 1);
  Result<std::optional<KillAfterStep>> bad = KillAfterStep::from_environment();
  ::unsetenv(KillAfterStep::kEnvironmentVariable);
  ASSERT_TRUE(set.ok());
  ASSERT_TRUE(set->has_value());
  EXPECT_EQ((*set)->step(), "voiding");
  EXPECT_EQ((*set)->nth(), 3u);
  EXPECT_FALSE(bad.ok());
}

}  // namespace
}  // namespace chainslip
