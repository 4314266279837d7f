#include "core/exchange/device_identity.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/util/bytes.h"
#include "core/util/file_io.h"
#include "sim/node/chain_node.h"

namespace chainslip {
namespace {

class DeviceIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim::ChainNode::Options o;
    o.suite = Suite::kP256Sha256;
    auto node = sim::ChainNode::create(o);
    ASSERT_TRUE(node.ok());
    node_ = std::move(node).value();
    auto kit = node_->make_device("KIOSK-T-01", "测试医院 1号机", 1'700'000'000, 1'900'000'000);
    ASSERT_TRUE(kit.ok()) << kit.error().message;
    json_ = device_identity_to_json(kit.value());
    std::string tmpl = (std::filesystem::path(::testing::TempDir()) / "identity_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<sim::ChainNode> node_;
  Json json_;
  std::string dir_;
};

TEST_F(DeviceIdentityTest, RoundTripsAndSignsWithTheCertifiedKey) {
  auto id = device_identity_from_json(json_, "device.json");
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(id.value().certificate.device_id, "KIOSK-T-01");
  EXPECT_EQ(id.value().key.public_key().bytes(), id.value().certificate.public_key);
  EXPECT_EQ(device_identity_to_json(id.value()), json_);
}

TEST_F(DeviceIdentityTest, RefusesAPublicKeyThatIsNotThePrivateKeys) {
  auto other = PrivateKey::generate(Suite::kP256Sha256);
  ASSERT_TRUE(other.ok());
  json_["public_key"] = to_hex(other.value().public_key().bytes());
  auto id = device_identity_from_json(json_, "device.json");
  ASSERT_FALSE(id.ok());
  EXPECT_NE(id.error().message.find("not the private key's"), std::string::npos) << id.error().message;
}

TEST_F(DeviceIdentityTest, RefusesACertificateForAnotherKey) {
  auto other = PrivateKey::generate(Suite::kP256Sha256);
  ASSERT_TRUE(other.ok());
  json_["private_key"] = to_hex(other.value().scalar());
  json_["public_key"] = to_hex(other.value().public_key().bytes());
  auto id = device_identity_from_json(json_, "device.json");
  ASSERT_FALSE(id.ok());
  EXPECT_NE(id.error().message.find("another key"), std::string::npos) << id.error().message;
}

TEST_F(DeviceIdentityTest, RefusesASuiteOtherThanTheCertificates) {
  json_["suite"] = "sm2-sm3";
  auto id = device_identity_from_json(json_, "device.json");
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(DeviceIdentityTest, RefusesUnknownAndMissingFields) {
  Json extra = json_;
  extra["comment"] = "x";
  EXPECT_FALSE(device_identity_from_json(extra, "device.json").ok());
  Json missing = json_;
  missing.erase("private_key");
  EXPECT_FALSE(device_identity_from_json(missing, "device.json").ok());
}

TEST_F(DeviceIdentityTest, LoadsAPrivateFileAndRefusesOneOthersCanRead) {
  const std::string path = dir_ + "/device.json";
  ASSERT_TRUE(write_file_atomic(path, json_.dump(), 0600).ok());
  auto loaded = load_device_identity(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded.value().certificate.device_id, "KIOSK-T-01");

  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  auto open_file = load_device_identity(path);
  ASSERT_FALSE(open_file.ok());
  EXPECT_EQ(open_file.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(open_file.error().message.find("chmod 600"), std::string::npos);
}

TEST_F(DeviceIdentityTest, AMissingFileSaysHowToMakeOne) {
  auto id = load_device_identity(dir_ + "/absent.json");
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::kNotFound);
  EXPECT_NE(id.error().message.find("keygen"), std::string::npos);
}

TEST_F(DeviceIdentityTest, GarbageIsAnErrorNamingTheFile) {
  const std::string path = dir_ + "/device.json";
  ASSERT_TRUE(write_file_atomic(path, "{not json", 0600).ok());
  auto id = load_device_identity(path);
  ASSERT_FALSE(id.ok());
  EXPECT_NE(id.error().message.find(path), std::string::npos);
}

}  // namespace
}  // namespace chainslip
