#include "firmware/config/kiosk_config.h"

#include <gtest/gtest.h>

#include <string>

#include "drivers/scanner/qr/qr_decoder_factory.h"

namespace chainslip {
namespace {

// What only a site knows has no default (kiosk.id, kiosk.paper_code,
// chain.nodes): each is added to a test's text unless the text sets it, into
// its table when the text has one, so the tests say only what they test.
std::string with_site_keys(std::string text) {
  const auto add = [&text](const std::string& table, const std::string& key, const std::string& value) {
    if (text.find("\n" + key + " =") != std::string::npos || text.rfind(key + " =", 0) == 0) return;
    const std::string header = "[" + table + "]\n";
    const std::string line = key + " = " + value + "\n";
    const std::size_t at = text.find(header);
    if (at == std::string::npos) {
      text += "\n" + header + line;
    } else {
      text.insert(at + header.size(), line);
    }
  };
  add("kiosk", "id", "\"KIOSK-T\"");
  add("kiosk", "paper_code", "\"33010199\"");
  add("chain", "nodes", "[\"http://127.0.0.1:8645\"]");
  return text;
}

Result<KioskConfig> parse(const std::string& text) { return parse_kiosk_config(with_site_keys(text), "test.toml"); }

KioskConfig parse_ok(const std::string& text) {
  auto c = parse(text);
  if (!c.ok()) ADD_FAILURE() << c.error().message;
  return c.ok() ? *c : KioskConfig{};
}

std::string parse_error(const std::string& text) {
  auto c = parse(text);
  if (c.ok()) return "(parsed)";
  EXPECT_EQ(c.code(), ErrorCode::kInvalidArgument);
  return c.error().message;
}

TEST(KioskConfigTest, TheDefaultsAreARealKiosksDevices) {
  const KioskConfig c = parse_ok("");
  EXPECT_EQ(c.printer.address, "usb");
  EXPECT_EQ(c.scanner.kind, "camera");
  EXPECT_EQ(c.scanner.baud, 9600u);
  EXPECT_EQ(c.kiosk.data_dir, "/var/lib/chainslip");
  EXPECT_EQ(c.chain.anchor, "/etc/chainslip/anchor.json");
  EXPECT_TRUE(c.kiosk.mask_payer);
  EXPECT_EQ(c.screen.assets, CHAINSLIP_SCREEN_ASSETS_DIR);
  EXPECT_TRUE(c.screen.voice);
  EXPECT_EQ(c.screen.voice_volume, 80u);
  EXPECT_EQ(c.screen.voice_dir, CHAINSLIP_SCREEN_VOICE_DIR);
}

TEST(KioskConfigTest, WhatOnlyTheSiteKnowsHasNoDefault) {
  auto none = parse_kiosk_config("", "test.toml");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message, "test.toml: kiosk.id is not set; it has no default (docs/CONFIG.md)");
  auto no_paper = parse_kiosk_config("[kiosk]\nid = \"K1\"\n", "test.toml");
  ASSERT_FALSE(no_paper.ok());
  EXPECT_NE(no_paper.error().message.find("kiosk.paper_code is not set"), std::string::npos);
  auto no_nodes = parse_kiosk_config("[kiosk]\nid = \"K1\"\npaper_code = \"33010199\"\n", "test.toml");
  ASSERT_FALSE(no_nodes.ok());
  EXPECT_NE(no_nodes.error().message.find("chain.nodes is not set"), std::string::npos);
}

TEST(KioskConfigTest, TheSimulatorHasNoKeysHere) {
  EXPECT_NE(parse_error("[sim]\npayloads = \"/tmp/p.txt\"\n").find("sim: unknown table"), std::string::npos);
  EXPECT_NE(parse_error("[scanner]\nkind = \"sim\"\n").find("\"sim\" is not one of camera, evdev, hidraw, serial"),
            std::string::npos);
}

TEST(KioskConfigTest, ASerialScannerTakesItsPortAndLineSpeed) {
  const KioskConfig c = parse_ok("[scanner]\nkind = \"serial\"\ndevice = \"/dev/ttyACM0\"\nbaud = 115200\n");
  EXPECT_EQ(c.scanner.kind, "serial");
  EXPECT_EQ(c.scanner.device, "/dev/ttyACM0");
  EXPECT_EQ(c.scanner.baud, 115200u);
  EXPECT_NE(parse_error("[scanner]\nbaud = 12345\n").find("scanner.baud 12345 is not a serial line speed"),
            std::string::npos);
  EXPECT_NE(parse_error("[scanner]\nbaud = 12345\n").find("(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)"),
            std::string::npos);
}

TEST(KioskConfigTest, EveryKeyIsRead) {
  const KioskConfig c = parse_ok(R"(
[kiosk]
id = "ZJ-PH-07"
paper_code = "12345678"
data_dir = "/srv/cs"
mask_payer = false
retention_days = 7
idle_timeout_s = 90
[chain]
anchor = "/a.json"
nodes = ["https://n1:8545", "https://n2:8545"]
ca_file = "/ca.pem"
client_cert = "/c.pem"
client_key = "/k.pem"
request_timeout_ms = 2500
inclusion_timeout_s = 30
inclusion_poll_ms = 250
[device]
identity = "/device.json"
[printer]
address = "usb:0416:5011"
profile = "generic-58mm"
layout = "raster"
[scanner]
kind = "camera"
device = "/dev/video2"
decoder = "zxing"
[screen]
listen = "127.0.0.1:9000"
assets = "/usr/share/chainslip/screen"
voice = false
voice_volume = 35
voice_dir = "/usr/share/chainslip/voice"
[metrics]
listen = "10.0.0.7:9464"
[log]
level = "debug"
)");
  EXPECT_EQ(c.kiosk.id, "ZJ-PH-07");
  EXPECT_EQ(c.kiosk.paper_code, "12345678");
  EXPECT_EQ(c.kiosk.data_dir, "/srv/cs");
  EXPECT_FALSE(c.kiosk.mask_payer);
  EXPECT_EQ(c.kiosk.retention_days, 7u);
  EXPECT_EQ(c.kiosk.idle_timeout_s, 90u);
  EXPECT_EQ(c.chain.anchor, "/a.json");
  EXPECT_EQ(c.chain.nodes, (std::vector<std::string>{"https://n1:8545", "https://n2:8545"}));
  EXPECT_EQ(c.chain.ca_file, "/ca.pem");
  EXPECT_EQ(c.chain.client_cert, "/c.pem");
  EXPECT_EQ(c.chain.client_key, "/k.pem");
  EXPECT_EQ(c.chain.request_timeout_ms, 2500u);
  EXPECT_EQ(c.chain.inclusion_timeout_s, 30u);
  EXPECT_EQ(c.chain.inclusion_poll_ms, 250u);
  EXPECT_EQ(c.device.identity, "/device.json");
  EXPECT_EQ(c.printer.address, "usb:0416:5011");
  EXPECT_EQ(c.printer.profile, "generic-58mm");
  EXPECT_EQ(c.printer.layout, "raster");
  EXPECT_EQ(c.scanner.kind, "camera");
  EXPECT_EQ(c.scanner.device, "/dev/video2");
  EXPECT_EQ(c.scanner.decoder, "zxing");
  EXPECT_EQ(c.screen.listen, "127.0.0.1:9000");
  EXPECT_EQ(c.screen.assets, "/usr/share/chainslip/screen");
  EXPECT_FALSE(c.screen.voice);
  EXPECT_EQ(c.screen.voice_volume, 35u);
  EXPECT_EQ(c.screen.voice_dir, "/usr/share/chainslip/voice");
  EXPECT_EQ(c.metrics.listen, "10.0.0.7:9464");
  EXPECT_EQ(c.log.level, "debug");
}

// Every decoder name the config accepts is one the factory makes, and no
// other; in a build without its library (CHAINSLIP_WITH_ZBAR/_ZXING=OFF) the
// factory names the option instead.
TEST(KioskConfigTest, ScannerDecoderIsOneTheFactoryMakes) {
  for (const std::string& name : qr_decoder_names()) {
    EXPECT_EQ(parse_ok("[scanner]\ndecoder = \"" + name + "\"\n").scanner.decoder, name);
    auto decoder = make_qr_decoder(name);
    if (!qr_decoder_built(name)) {
      ASSERT_FALSE(decoder.ok()) << name;
      EXPECT_EQ(decoder.code(), ErrorCode::kUnimplemented);
      EXPECT_NE(decoder.error().message.find("=OFF"), std::string::npos) << decoder.error().message;
      continue;
    }
    ASSERT_TRUE(decoder.ok()) << decoder.error().message;
    EXPECT_EQ((*decoder)->name(), name);
  }
  EXPECT_NE(
      parse_error("[scanner]\ndecoder = \"zbar+zxing\"\n").find("is not one of zbar, zxing, zxing+zbar"),
      std::string::npos);
}

// Issue 15, item 9: the paper goes to the patient, so the payer is printed in
// full unless the hospital masks it; English only when asked for.
TEST(KioskConfigTest, ThePaperCopyNamesThePayerInFullAndIsChineseByDefault) {
  const KioskConfig none = parse_ok("");
  EXPECT_EQ(none.printer.payer_name, "full");
  EXPECT_TRUE(none.kiosk.mask_payer);  // the screen still masks it
  EXPECT_FALSE(none.printer.english);
  const KioskConfig c = parse_ok("[printer]\npayer_name = \"masked\"\nenglish = true\n");
  EXPECT_EQ(c.printer.payer_name, "masked");
  EXPECT_TRUE(c.printer.english);
  EXPECT_NE(parse_error("[printer]\npayer_name = \"half\"\n").find("\"half\" is not one of full, masked"),
            std::string::npos);
}

// Issue 15, item 7: the status bar's hospital name and help phone.
TEST(KioskConfigTest, TheScreenNamesTheHospitalAndItsHelpPhone) {
  const KioskConfig none = parse_ok("");
  EXPECT_EQ(none.screen.hospital_name, "");
  EXPECT_EQ(none.screen.help_phone, "");
  const KioskConfig c = parse_ok("[screen]\nhospital_name = \"杭州市第一人民医院\"\nhelp_phone = \"+86 (0571) 8700-0000\"\n");
  EXPECT_EQ(c.screen.hospital_name, "杭州市第一人民医院");
  EXPECT_EQ(c.screen.help_phone, "+86 (0571) 8700-0000");
  EXPECT_NE(parse_error("[screen]\nhelp_phone = \"call us\"\n").find("screen.help_phone must be a phone number"),
            std::string::npos);
  EXPECT_NE(parse_error("[screen]\nhospital_name = \"" + std::string(121, 'x') + "\"\n").find("at most 120"),
            std::string::npos);
}

TEST(KioskConfigTest, MistakesNameTheFileLineAndKey) {
  EXPECT_EQ(parse_error("[printer]\nprofil = \"x\"\n"), "test.toml:2:10: printer.profil: unknown key");
  EXPECT_NE(parse_error("[printers]\n").find("printers: unknown table"), std::string::npos);
  EXPECT_NE(parse_error("[kiosk]\nmask_payer = \"yes\"\n").find("kiosk.mask_payer: must be true or false"),
            std::string::npos);
  EXPECT_NE(parse_error("[kiosk]\nretention_days = 0\n").find("from 1 to 3650"), std::string::npos);
  EXPECT_NE(parse_error("[screen]\nvoice_volume = 101\n").find("screen.voice_volume: must be an integer from 0 to 100"),
            std::string::npos);
  EXPECT_NE(parse_error("[printer]\nlayout = \"fancy\"\n").find("\"fancy\" is not one of text, raster"),
            std::string::npos);
  EXPECT_NE(parse_error("[chain]\nnodes = []\n").find("non-empty list"), std::string::npos);
  EXPECT_NE(parse_error("[kiosk]\npaper_code = \"1234\"\n").find("kiosk.paper_code must be 8 digits"),
            std::string::npos);
  EXPECT_NE(parse_error("[chain]\nclient_cert = \"/c.pem\"\n").find("go together"), std::string::npos);
  EXPECT_NE(parse_error("printer = 3\n").find("must be a table"), std::string::npos);
  EXPECT_NE(parse_error("[kiosk\n").find("test.toml:1:"), std::string::npos);
  EXPECT_NE(parse_error(std::string(70 * 1024, '#')).find("larger than 64 KiB"), std::string::npos);
}

}  // namespace
}  // namespace chainslip

namespace chainslip {
namespace {

// The shipped example is what a site starts from, the simulator's config
// what a maintainer runs: both must parse, and only the second names the
// simulator's devices.
TEST(KioskConfigTest, TheShippedExampleAndTheSimulatorsConfigParse) {
  auto c = load_kiosk_config(std::string(CHAINSLIP_SOURCE_DIR) + "/firmware/config/chainslip.toml");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->printer.address, "usb");
  EXPECT_EQ(c->scanner.kind, "camera");
  EXPECT_EQ(c->scanner.decoder, "zxing");
  auto sim = load_kiosk_config(std::string(CHAINSLIP_SOURCE_DIR) + "/sim/config/chainslip-sim.toml");
  ASSERT_TRUE(sim.ok()) << sim.error().message;
  EXPECT_EQ(sim->printer.address, "tcp:127.0.0.1:9100");
  EXPECT_EQ(sim->scanner.kind, "serial");
  EXPECT_EQ(sim->chain.nodes, std::vector<std::string>{"http://127.0.0.1:8645"});
}

}  // namespace
}  // namespace chainslip

namespace chainslip {
namespace {

TEST(KioskConfigTest, ReceiptCodePlatformsDefaultToTheNationalPlatform) {
  const KioskConfig c = parse_ok("");
  EXPECT_EQ(c.receipt_code_platforms(), default_receipt_code_platforms());
}

TEST(KioskConfigTest, ReceiptCodePlatformsAreReadAsFormAndUrl) {
  auto c = parse(R"([receipt_codes]
platforms = ["display-page https://pjcy.example.gov.cn:8443/h5/showInvoice", "short http://www.chinaebill.cn/eips-wxapp-service/d"]
)");
  ASSERT_TRUE(c.ok()) << c.error().message;
  const std::vector<ReceiptCodePlatform> expected = {
      {"https", "pjcy.example.gov.cn", 8443, "/h5/showInvoice", ReceiptCodeForm::kDisplayPage},
      {"http", "www.chinaebill.cn", 0, "/eips-wxapp-service/d", ReceiptCodeForm::kShort},
  };
  EXPECT_EQ(c->receipt_code_platforms(), expected);
}

TEST(KioskConfigTest, AnEntryThatIsNoPlatformMakesTheConfigInvalid) {
  for (const char* entry :
       {"https://www.chinaebill.cn/eips-wxapp-service/d", "long https://www.chinaebill.cn/d",
        "short https://10.0.0.1/d", "short https://www.chinaebill.cn/d?t=1",
        "short https://user@www.chinaebill.cn/d", "short ftp://www.chinaebill.cn/d",
        "short https://www.chinaebill.cn/a/../d", "short www.chinaebill.cn/d"}) {
    auto c = parse(std::string("[receipt_codes]\nplatforms = [\"") + entry + "\"]\n");
    ASSERT_FALSE(c.ok()) << entry;
    EXPECT_NE(c.error().message.find("receipt_codes.platforms"), std::string::npos) << c.error().message;
  }
  EXPECT_FALSE(parse("[receipt_codes]\nplatforms = []\n").ok());
}

}  // namespace
}  // namespace chainslip
