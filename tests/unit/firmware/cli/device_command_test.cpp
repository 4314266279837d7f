// `chainslip device keygen` and `device install`, called directly, and the
// whole enrolment of a kiosk against the simulator's finance authority.
#include "firmware/cli/device_command.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include "core/chain/trust_anchor.h"
#include "core/exchange/device_identity.h"
#include "core/exchange/device_request.h"
#include "core/util/file_io.h"
#include "sim/node/chain_node.h"
#include "sim/node/node_server.h"

namespace chainslip {
namespace {

using cli::DeviceInstallArgs;
using cli::DeviceKeygenArgs;

constexpr std::uint64_t kNow = 1'767'225'600;  // 2026-01-01T00:00:00Z
constexpr std::uint64_t kDay = 86400;

mode_t file_mode(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

Json read_json(const std::string& path) {
  auto text = read_file(path, kMaxJsonBytes);
  EXPECT_TRUE(text.ok()) << path;
  if (!text.ok()) return Json();
  auto doc = parse_strict_json(*text);
  EXPECT_TRUE(doc.ok()) << path;
  return doc.ok() ? *doc : Json();
}

void write_json(const std::string& path, const Json& doc) {
  ASSERT_TRUE(write_file_atomic(path, doc.dump(2)).ok()) << path;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class DeviceCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto node = sim::ChainNode::create({});  // sm2-sm3, the default suite
    ASSERT_TRUE(node.ok()) << node.error().message;
    node_ = std::move(node).value();
    std::string tmpl = (std::filesystem::path(::testing::TempDir()) / "device_cmd_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    keygen_.kiosk_id = "KIOSK-HZ-07";
    keygen_.place = "杭州市第一人民医院门诊大厅 7号机";
    keygen_.out_dir = dir_ + "/enrol";
    install_.key_path = keygen_.out_dir + "/device-key.json";
    install_.certificate_path = dir_ + "/certificate.json";
    install_.out_path = dir_ + "/device.json";
    anchor_path_ = dir_ + "/anchor.json";
    write_json(anchor_path_, trust_anchor_to_json(node_->anchor()));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Status keygen() {
    std::ostringstream out;
    Status st = cli::device_keygen(keygen_, out);
    output_ = out.str();
    return st;
  }
  Status install(std::uint64_t now = kNow) {
    std::ostringstream out;
    Status st = cli::device_install(install_, now, out);
    output_ = out.str();
    return st;
  }
  // The authority's answer to the request keygen wrote, as the simulator gives it.
  DeviceCertificate certify(const sim::ChainNode& authority, std::uint64_t not_before = kNow - kDay,
                            std::uint64_t not_after = kNow + 365 * kDay) {
    auto request = device_request_from_json(read_json(keygen_.out_dir + "/device-request.json"), "request");
    EXPECT_TRUE(request.ok()) << request.error().message;
    auto cert = authority.certify_device_request(*request, not_before, not_after);
    EXPECT_TRUE(cert.ok()) << cert.error().message;
    return *cert;
  }
  void write_certificate(const DeviceCertificate& cert) {
    write_json(install_.certificate_path, device_certificate_to_json(cert));
  }

  std::unique_ptr<sim::ChainNode> node_;
  std::string dir_;
  std::string anchor_path_;
  DeviceKeygenArgs keygen_;
  DeviceInstallArgs install_;
  std::string output_;
};

TEST_F(DeviceCommandTest, KeygenWritesASecretKeyAndAPublicRequestForIt) {
  ASSERT_TRUE(keygen().ok());
  const std::string key_path = keygen_.out_dir + "/device-key.json";
  const std::string request_path = keygen_.out_dir + "/device-request.json";
  EXPECT_EQ(file_mode(key_path), 0600u);
  EXPECT_EQ(file_mode(keygen_.out_dir), 0700u);

  auto key = device_key_from_json(read_json(key_path), key_path);
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(key->suite(), Suite::kSm2Sm3);
  const Json request_json = read_json(request_path);
  EXPECT_FALSE(request_json.contains("private_key"));
  auto request = device_request_from_json(request_json, request_path);
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->device_id, "KIOSK-HZ-07");
  EXPECT_EQ(request->place, keygen_.place);
  EXPECT_EQ(request->public_key.bytes(), key->public_key().bytes());
  // The operator is told where the request goes and what to run next.
  EXPECT_TRUE(contains(output_, "to the finance authority")) << output_;
  EXPECT_TRUE(contains(output_, "chainslip device install")) << output_;
}

TEST_F(DeviceCommandTest, KeygenMakesAKeyOfTheAskedSuite) {
  keygen_.suite = "p256-sha256";
  ASSERT_TRUE(keygen().ok());
  auto key = device_key_from_json(read_json(install_.key_path), "key");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->suite(), Suite::kP256Sha256);
}

TEST_F(DeviceCommandTest, KeygenNeverReplacesAnExistingKey) {
  ASSERT_TRUE(keygen().ok());
  auto before = read_file(install_.key_path, kMaxJsonBytes);
  ASSERT_TRUE(before.ok());
  Status again = keygen();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.code(), ErrorCode::kAlreadyExists);
  EXPECT_TRUE(contains(again.error().message, install_.key_path)) << again.error().message;
  EXPECT_EQ(read_file(install_.key_path, kMaxJsonBytes).value(), *before);
}

TEST_F(DeviceCommandTest, KeygenRefusesAKioskIdTheAuthorityWouldRefuseAndWritesNothing) {
  keygen_.kiosk_id = "KIOSK 07";  // a space: not printable ASCII by the certificate's rule
  Status st = keygen();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(contains(st.error().message, "--kiosk-id")) << st.error().message;
  EXPECT_FALSE(std::filesystem::exists(keygen_.out_dir));
}

TEST_F(DeviceCommandTest, InstallWritesAPrivateDeviceJsonTheServiceLoads) {
  ASSERT_TRUE(keygen().ok());
  write_certificate(certify(*node_));
  install_.anchor_path = anchor_path_;
  Status st = install();
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(file_mode(install_.out_path), 0600u);
  auto identity = load_device_identity(install_.out_path);
  ASSERT_TRUE(identity.ok()) << identity.error().message;
  EXPECT_EQ(identity->certificate.device_id, "KIOSK-HZ-07");
  EXPECT_FALSE(contains(output_, "WARNING")) << output_;
}

TEST_F(DeviceCommandTest, InstallWithoutAnAnchorWarnsThatTheSignatureWasNotChecked) {
  ASSERT_TRUE(keygen().ok());
  write_certificate(certify(*node_));
  ASSERT_TRUE(install().ok());
  EXPECT_TRUE(contains(output_, "--anchor")) << output_;
}

TEST_F(DeviceCommandTest, InstallRefusesACertificateForAnotherKey) {
  ASSERT_TRUE(keygen().ok());
  auto other = node_->make_device("KIOSK-HZ-07", keygen_.place, kNow - kDay, kNow + kDay);
  ASSERT_TRUE(other.ok());
  write_certificate(other->certificate);
  Status st = install();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(contains(st.error().message, "another key")) << st.error().message;
  EXPECT_FALSE(std::filesystem::exists(install_.out_path));
}

TEST_F(DeviceCommandTest, InstallRefusesACertificateOfAnotherSuite) {
  ASSERT_TRUE(keygen().ok());
  DeviceCertificate cert = certify(*node_);
  cert.suite = Suite::kP256Sha256;
  write_certificate(cert);
  Status st = install();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(contains(st.error().message, "p256-sha256")) << st.error().message;
  EXPECT_FALSE(std::filesystem::exists(install_.out_path));
}

TEST_F(DeviceCommandTest, InstallRefusesAnExpiredCertificateAndOneNotValidYet) {
  ASSERT_TRUE(keygen().ok());
  write_certificate(certify(*node_, kNow - 30 * kDay, kNow - kDay));
  Status expired = install();
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.code(), ErrorCode::kCertificateNotValidAtIssueTime);
  EXPECT_TRUE(contains(expired.error().message, "expired")) << expired.error().message;

  write_certificate(certify(*node_, kNow + kDay, kNow + 30 * kDay));
  Status early = install();
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.code(), ErrorCode::kCertificateNotValidAtIssueTime);
  EXPECT_TRUE(contains(early.error().message, "not valid yet")) << early.error().message;
  EXPECT_FALSE(std::filesystem::exists(install_.out_path));
}

TEST_F(DeviceCommandTest, InstallRefusesACertificateNotSignedByTheAnchorsAuthority) {
  ASSERT_TRUE(keygen().ok());
  sim::ChainNode::Options o;
  o.seed = 2;
  auto other_chain = sim::ChainNode::create(o);
  ASSERT_TRUE(other_chain.ok());
  write_certificate(certify(**other_chain));
  install_.anchor_path = anchor_path_;
  Status st = install();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), ErrorCode::kCertificateSignatureInvalid);
  EXPECT_TRUE(contains(st.error().message, "trust anchor")) << st.error().message;
  EXPECT_FALSE(std::filesystem::exists(install_.out_path));
}

TEST_F(DeviceCommandTest, InstallNamesAMissingOrBrokenFile) {
  ASSERT_TRUE(keygen().ok());
  Status missing = install();
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(contains(missing.error().message, install_.certificate_path)) << missing.error().message;

  ASSERT_TRUE(write_file_atomic(install_.certificate_path, "{\"serial\": 1}").ok());
  Status broken = install();
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(contains(broken.error().message, install_.certificate_path)) << broken.error().message;
}

// keygen, the request POSTed to the simulator's authority as an operator
// would, install with the anchor, and the daemon's loader.
TEST_F(DeviceCommandTest, EnrolsAKioskEndToEndWithTheSimulator) {
  const ManualClock clock{wall_time_from_unix_ms(kNow * 1000)};
  sim::NodeServer::Options so;
  so.clock = &clock;
  auto server = sim::NodeServer::start(*node_, so);
  ASSERT_TRUE(server.ok()) << server.error().message;

  ASSERT_TRUE(keygen().ok());
  auto request = read_file(keygen_.out_dir + "/device-request.json", kMaxJsonBytes);
  ASSERT_TRUE(request.ok());
  httplib::Client admin("127.0.0.1", (*server)->admin_port());
  admin.set_read_timeout(5);
  auto res = admin.Post("/sim/devices", *request, "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  ASSERT_EQ(res->status, 200) << res->body;
  ASSERT_TRUE(write_file_atomic(install_.certificate_path, res->body).ok());

  install_.anchor_path = anchor_path_;
  Status st = install();
  ASSERT_TRUE(st.ok()) << st.error().message;
  auto identity = load_device_identity(install_.out_path);
  ASSERT_TRUE(identity.ok()) << identity.error().message;
  auto verified = verify_device_certificate(identity->certificate, node_->anchor().authority_key, kNow);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->bytes(), identity->key.public_key().bytes());
  EXPECT_EQ(identity->certificate.place, keygen_.place);
}

TEST(DeviceRequestTest, RoundTripsAndIsStrict) {
  auto key = PrivateKey::generate(Suite::kP256Sha256);
  ASSERT_TRUE(key.ok());
  auto request = make_device_request("K1", "门诊大厅", key->public_key());
  ASSERT_TRUE(request.ok());
  const Json json = device_request_to_json(*request);
  auto back = device_request_from_json(json, "request");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->public_key.bytes(), key->public_key().bytes());
  EXPECT_EQ(back->public_key.suite(), Suite::kP256Sha256);

  Json extra = json;
  extra["private_key"] = "00";
  EXPECT_FALSE(device_request_from_json(extra, "request").ok());
  Json missing = json;
  missing.erase("place");
  EXPECT_FALSE(device_request_from_json(missing, "request").ok());
  Json off_curve = json;
  off_curve["public_key"] = "04" + std::string(128, '1');
  auto bad_key = device_request_from_json(off_curve, "request");
  ASSERT_FALSE(bad_key.ok());
  EXPECT_TRUE(contains(bad_key.error().message, "request.public_key")) << bad_key.error().message;
  Json bad_suite = json;
  bad_suite["suite"] = "rsa";
  EXPECT_FALSE(device_request_from_json(bad_suite, "request").ok());
  Json bad_id = json;
  bad_id["device_id"] = "K\t1";
  EXPECT_FALSE(device_request_from_json(bad_id, "request").ok());
}

}  // namespace
}  // namespace chainslip
