#include "drivers/transport/printer_address.h"

#include <gtest/gtest.h>

#include <string>

namespace chainslip {
namespace {

template <typename T>
T parse_as(const std::string& text) {
  auto parsed = parse_printer_address(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.error().message;
  if (!parsed.ok() || !std::holds_alternative<T>(*parsed)) {
    ADD_FAILURE() << text << " parsed as another kind";
    return T{};
  }
  return std::get<T>(*parsed);
}

// The error message for a bad form; the test fails if it parsed.
std::string rejection(const std::string& text) {
  auto parsed = parse_printer_address(text);
  if (parsed.ok()) {
    ADD_FAILURE() << "accepted " << text;
    return {};
  }
  EXPECT_EQ(parsed.code(), ErrorCode::kInvalidArgument) << text;
  // Every message lists the accepted forms.
  EXPECT_NE(parsed.error().message.find("tcp:HOST[:PORT]"), std::string::npos) << parsed.error().message;
  return parsed.error().message;
}

void expect_rejected(const std::string& text, const std::string& reason) {
  const std::string message = rejection(text);
  EXPECT_NE(message.find(reason), std::string::npos) << text << " -> " << message;
}

TEST(PrinterAddressTest, UsbAnyPrinter) {
  const auto usb = parse_as<UsbPrinterAddress>("usb");
  EXPECT_FALSE(usb.id.has_value());
  EXPECT_TRUE(usb.serial.empty());
}

TEST(PrinterAddressTest, UsbVendorProduct) {
  const auto usb = parse_as<UsbPrinterAddress>("usb:0416:5011");
  ASSERT_TRUE(usb.id.has_value());
  EXPECT_EQ(usb.id->vendor, 0x0416);
  EXPECT_EQ(usb.id->product, 0x5011);
  EXPECT_TRUE(usb.serial.empty());
  const auto upper = parse_as<UsbPrinterAddress>("usb:04B8:0E15");
  ASSERT_TRUE(upper.id.has_value());
  EXPECT_EQ(upper.id->vendor, 0x04b8);
  EXPECT_EQ(upper.id->product, 0x0e15);
}

TEST(PrinterAddressTest, UsbWithSerial) {
  const auto usb = parse_as<UsbPrinterAddress>("usb:0416:5011:SN-0042:A");
  ASSERT_TRUE(usb.id.has_value());
  EXPECT_EQ(usb.id->product, 0x5011);
  EXPECT_EQ(usb.serial, "SN-0042:A");  // everything after the third ':' is the serial
  EXPECT_EQ(parse_as<UsbPrinterAddress>("usb:0416:5011:" + std::string(126, 'x')).serial.size(), 126u);
}

TEST(PrinterAddressTest, BadUsbForms) {
  expect_rejected("usb:", "nothing after ':'");
  expect_rejected("usb:0416", "needs a product id");
  expect_rejected("usb:0416:", "product id \"\" is not 4 hex digits");
  expect_rejected("usb:416:5011", "vendor id \"416\" is not 4 hex digits");
  expect_rejected("usb:0x16:5011", "vendor id \"0x16\"");
  expect_rejected("usb:04160:5011", "vendor id \"04160\"");
  expect_rejected("usb:0416:50g1", "product id \"50g1\"");
  expect_rejected("usb:0416:-011", "product id \"-011\"");
  expect_rejected("usb:0416:5011:", "serial number after the last ':' is empty");
  expect_rejected("usb:0416:5011:" + std::string(127, 'x'), "longer than USB allows");
}

TEST(PrinterAddressTest, TcpWithAndWithoutPort) {
  const auto ip = parse_as<TcpPrinterAddress>("tcp:10.0.0.5");
  EXPECT_EQ(ip.host, "10.0.0.5");
  EXPECT_EQ(ip.port, 9100);
  const auto named = parse_as<TcpPrinterAddress>("tcp:kiosk-printer.ward3.example:9101");
  EXPECT_EQ(named.host, "kiosk-printer.ward3.example");
  EXPECT_EQ(named.port, 9101);
  EXPECT_EQ(parse_as<TcpPrinterAddress>("tcp:localhost:1").port, 1);
  EXPECT_EQ(parse_as<TcpPrinterAddress>("tcp:255.255.255.255:65535").port, 65535);
  EXPECT_EQ(parse_as<TcpPrinterAddress>("tcp:0.0.0.0").host, "0.0.0.0");
}

TEST(PrinterAddressTest, BadTcpForms) {
  expect_rejected("tcp:", "nothing after ':'");
  expect_rejected("tcp::9100", "host is missing");
  expect_rejected("tcp:10.0.0.5:", "port \"\" is not a number");
  expect_rejected("tcp:10.0.0.5:0", "port \"0\"");
  expect_rejected("tcp:10.0.0.5:65536", "port \"65536\"");
  expect_rejected("tcp:10.0.0.5:123456", "port \"123456\"");
  expect_rejected("tcp:10.0.0.5:+80", "port \"+80\"");
  expect_rejected("tcp:10.0.0.5:91a", "port \"91a\"");
  expect_rejected("tcp:10.0.0.256", "not an IPv4 address");
  expect_rejected("tcp:10.0.0", "not an IPv4 address");
  expect_rejected("tcp:10.0.0.5.6", "not an IPv4 address");
  expect_rejected("tcp:10.0.0.05", "not an IPv4 address");
  expect_rejected("tcp:10..0.5", "not an IPv4 address");
  expect_rejected("tcp:[::1]:9100", "IPv6 addresses are not supported");
  expect_rejected("tcp:fe80::1", "IPv6 addresses are not supported");
  expect_rejected("tcp:-printer", "not a valid host name");
  expect_rejected("tcp:printer-.lan", "not a valid host name");
  expect_rejected("tcp:print_er", "not a valid host name");
  expect_rejected("tcp:printer..lan", "not a valid host name");
  expect_rejected("tcp:" + std::string(64, 'a'), "not a valid host name");
  expect_rejected("tcp:" + std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') +
                      "." + std::string(63, 'd'),
                  "not a valid host name");
}

TEST(PrinterAddressTest, Lp) {
  EXPECT_EQ(parse_as<LpPrinterAddress>("lp:/dev/usb/lp0").path, "/dev/usb/lp0");
  EXPECT_EQ(parse_as<LpPrinterAddress>("lp:/dev/lp1").path, "/dev/lp1");
}

TEST(PrinterAddressTest, BadLpForms) {
  expect_rejected("lp:", "nothing after ':'");
  expect_rejected("lp:dev/usb/lp0", "must be absolute");
  expect_rejected("lp:/dev/usb/", "names a directory");
}

TEST(PrinterAddressTest, TheSimulatorsPrinterIsNoKindOfItsOwn) {
  // The virtual printer listens on TCP 9100 like a real one: tcp:127.0.0.1:9100.
  expect_rejected("sim", "unknown kind \"sim\"");
}

TEST(PrinterAddressTest, BadForms) {
  expect_rejected("", "empty");
  expect_rejected("USB", "unknown kind \"USB\"");
  expect_rejected("serial:/dev/ttyS0", "unknown kind \"serial\"");
  expect_rejected(":9100", "unknown kind \"\"");
  expect_rejected(" usb", "space, control or non-ASCII character at offset 0");
  expect_rejected("usb ", "at offset 3");
  expect_rejected("lp:/dev/usb/lp0\n", "at offset 15");
  expect_rejected(std::string("usb\0", 4), "at offset 3");
  expect_rejected("lp:/dev/\xe6\x89\x93", "non-ASCII");
  expect_rejected("lp:/" + std::string(5000, 'a'), "longer than 4099 characters");
}

TEST(PrinterAddressTest, MessagesQuoteTheInputBoundedAndPrintable) {
  const std::string message = rejection("tcp:" + std::string(200, 'x') + "\x01");
  EXPECT_NE(message.find("\"tcp:xxxx"), std::string::npos) << message;
  EXPECT_NE(message.find("...\""), std::string::npos) << message;
  EXPECT_LT(message.size(), 400u);
  EXPECT_NE(rejection("a\x01z").find("\"a?z\""), std::string::npos);
}

}  // namespace
}  // namespace chainslip
