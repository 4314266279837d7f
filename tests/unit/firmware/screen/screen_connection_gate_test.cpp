#include <gtest/gtest.h>

#include <vector>

#include "firmware/screen/connection_gate.h"

namespace chainslip {
namespace {

class ConnectionGateTest : public ::testing::Test {
 protected:
  ConnectionGate gate_{ConnectionGate::Limits{4, 3}, [this](int fd) { shed_.push_back(fd); }};
  std::vector<int> shed_;
};

TEST_F(ConnectionGateTest, AdmitsUpToTheCapsWithoutShedding) {
  EXPECT_TRUE(gate_.admit(10, "127.0.0.1"));
  EXPECT_TRUE(gate_.admit(11, "127.0.0.1"));
  EXPECT_TRUE(gate_.admit(12, "127.0.0.1"));
  EXPECT_TRUE(gate_.admit(13, "192.0.2.1"));
  EXPECT_EQ(gate_.size(), 4u);
  EXPECT_TRUE(shed_.empty());
}

TEST_F(ConnectionGateTest, AClientOverItsCapShedsItsOwnLongestWaitingConnection) {
  const auto a = gate_.admit(10, "127.0.0.1");
  const auto b = gate_.admit(11, "127.0.0.1");
  const auto c = gate_.admit(12, "127.0.0.1");
  ASSERT_TRUE(a && b && c);
  gate_.waiting(*a);  // a finished a request and waits again: now the newest waiter
  const auto d = gate_.admit(13, "127.0.0.1");
  ASSERT_TRUE(d);
  EXPECT_EQ(shed_, std::vector<int>{11});
  EXPECT_EQ(gate_.size(), 3u);
  gate_.release(*b);  // the shed connection's thread ends it later: nothing more happens
  EXPECT_EQ(gate_.size(), 3u);
}

TEST_F(ConnectionGateTest, BusyConnectionsAreNeverShed) {
  const auto a = gate_.admit(10, "127.0.0.1");
  const auto b = gate_.admit(11, "127.0.0.1");
  const auto c = gate_.admit(12, "127.0.0.1");
  ASSERT_TRUE(a && b && c);
  gate_.busy(*a);
  gate_.busy(*b);
  EXPECT_TRUE(gate_.admit(13, "127.0.0.1"));
  EXPECT_EQ(shed_, std::vector<int>{12});
}

TEST_F(ConnectionGateTest, RefusedOnlyWhenEveryConnectionInScopeIsBusy_AndThenShedsNothing) {
  for (int fd : {10, 11, 12}) {
    const auto id = gate_.admit(fd, "127.0.0.1");
    ASSERT_TRUE(id);
    gate_.busy(*id);
  }
  EXPECT_FALSE(gate_.admit(13, "127.0.0.1"));
  EXPECT_TRUE(shed_.empty());
  // Another client still gets in: its share is its own.
  EXPECT_TRUE(gate_.admit(20, "192.0.2.1"));
  EXPECT_EQ(gate_.size(), 4u);
}

TEST_F(ConnectionGateTest, AtTheOverallCapTheLongestWaitingConnectionOfAnyClientIsShed) {
  ASSERT_TRUE(gate_.admit(10, "192.0.2.1"));
  const auto b = gate_.admit(11, "192.0.2.2");
  ASSERT_TRUE(b);
  gate_.busy(*b);
  ASSERT_TRUE(gate_.admit(12, "192.0.2.3"));
  ASSERT_TRUE(gate_.admit(13, "192.0.2.4"));
  EXPECT_TRUE(gate_.admit(14, "127.0.0.1"));
  EXPECT_EQ(shed_, std::vector<int>{10});
  EXPECT_EQ(gate_.size(), 4u);
}

TEST_F(ConnectionGateTest, ReleasedConnectionsFreeTheirPlace) {
  const auto a = gate_.admit(10, "127.0.0.1");
  ASSERT_TRUE(a);
  ASSERT_TRUE(gate_.admit(11, "127.0.0.1"));
  ASSERT_TRUE(gate_.admit(12, "127.0.0.1"));
  gate_.release(*a);
  EXPECT_TRUE(gate_.admit(13, "127.0.0.1"));
  EXPECT_TRUE(shed_.empty());
}

TEST_F(ConnectionGateTest, CloseShedsEveryConnectionAndRefusesNewOnes) {
  const auto a = gate_.admit(10, "127.0.0.1");
  ASSERT_TRUE(a);
  gate_.busy(*a);
  ASSERT_TRUE(gate_.admit(11, "192.0.2.1"));
  gate_.close();
  EXPECT_EQ(shed_, (std::vector<int>{10, 11}));
  EXPECT_EQ(gate_.size(), 0u);
  EXPECT_FALSE(gate_.admit(12, "127.0.0.1"));
  gate_.release(*a);  // its thread ends it after the close: harmless
}

}  // namespace
}  // namespace chainslip
