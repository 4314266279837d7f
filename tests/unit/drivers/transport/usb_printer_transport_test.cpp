#include "drivers/transport/usb_printer_transport.h"

#include <gtest/gtest.h>

#include <string>

#include "drivers/transport/printer_transport_factory.h"

namespace chainslip {
namespace {

// This machine (and CI) has no USB printer, and maybe no USB at all
// (/dev/bus/usb is absent in containers): open() must say so cleanly.
void expect_no_printer(UsbPrinterTransport& t, const std::string& looked_for) {
  const Status status = t.open();
  ASSERT_FALSE(status.ok()) << "a USB printer is attached: these tests expect none";
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  const std::string& message = status.error().message;
  EXPECT_EQ(message.rfind("no USB printer found (looked for " + looked_for + ")", 0), 0u) << message;
  // Either libusb enumerated ("N USB devices present") or it could not start.
  const bool counted = message.find(" USB devices present") != std::string::npos;
  const bool no_usb = message.find("libusb_init failed") != std::string::npos &&
                      message.find("/dev/bus/usb") != std::string::npos;
  EXPECT_TRUE(counted || no_usb) << message;
  EXPECT_FALSE(t.is_open());
}

UsbPrinterAddress pos58() { return {UsbPrinterAddress::Id{0x0416, 0x5011}, {}}; }

TEST(UsbPrinterTransportTest, DescribeNamesWhatIsWanted) {
  EXPECT_EQ(UsbPrinterTransport(pos58()).describe(), "usb 0416:5011");
  EXPECT_EQ(UsbPrinterTransport(UsbPrinterAddress{}).describe(), "usb any printer-class interface");
  EXPECT_EQ(UsbPrinterTransport({UsbPrinterAddress::Id{0x04b8, 0x0e15}, "J8X123"}).describe(),
            "usb 04b8:0e15 serial J8X123");
}

TEST(UsbPrinterTransportTest, NoDeviceIsACleanUnavailable) {
  UsbPrinterTransport by_id(pos58());
  ASSERT_NO_FATAL_FAILURE(expect_no_printer(by_id, "0416:5011"));
  UsbPrinterTransport any(UsbPrinterAddress{});
  ASSERT_NO_FATAL_FAILURE(expect_no_printer(any, "any printer-class interface"));
  UsbPrinterTransport by_serial({UsbPrinterAddress::Id{0x0416, 0x5011}, "SN1"});
  ASSERT_NO_FATAL_FAILURE(expect_no_printer(by_serial, "0416:5011 serial SN1"));
}

TEST(UsbPrinterTransportTest, OpenAgainAfterFailureRetriesCleanly) {
  UsbPrinterTransport t(pos58());
  for (int i = 0; i < 3; ++i) ASSERT_NO_FATAL_FAILURE(expect_no_printer(t, "0416:5011"));
  t.close();  // closing what never opened is harmless
  t.close();
  EXPECT_FALSE(t.is_open());
}

TEST(UsbPrinterTransportTest, UnopenedTransportRefusesIoWithoutCrashing) {
  UsbPrinterTransport t(pos58());
  auto written = t.write_some(as_bytes("\x1b@"));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(written.error().message, "usb 0416:5011 is not open (open() it first)");
  EXPECT_FALSE(t.read_some().ok());
  EXPECT_EQ(t.pending_unsent(), 0u);
  EXPECT_FALSE(t.device_arrived());
  t.process_events();  // before libusb is even started: nothing to do
  EXPECT_TRUE(t.poll_interests().empty());
  EXPECT_FALSE(t.next_timeout().has_value());
}

TEST(UsbPrinterTransportTest, AfterAFailedOpenTheEventLoopHooksStayUsable) {
  UsbPrinterTransport t(pos58());
  ASSERT_FALSE(t.open().ok());
  // When libusb started, its fds (event, timer, hotplug) are to be watched;
  // either way the hooks answer without blocking.
  for (const PollInterest& p : t.poll_interests()) EXPECT_GE(p.fd, 0);
  t.process_events();
  EXPECT_FALSE(t.device_arrived());
  EXPECT_FALSE(t.write_some(as_bytes("x")).ok());
}

TEST(UsbPrinterTransportTest, ManyTransportsCanComeAndGo) {
  for (int i = 0; i < 20; ++i) {
    UsbPrinterTransport t(UsbPrinterAddress{});
    ASSERT_FALSE(t.open().ok());
  }
}

// --- the factory

TEST(PrinterTransportFactoryTest, MakesEachKind) {
  const std::pair<std::string, std::string> cases[] = {
      {"usb", "usb any printer-class interface"}, {"usb:0416:5011", "usb 0416:5011"},
      {"tcp:10.0.0.5", "tcp 10.0.0.5:9100"},      {"tcp:printer.lan:9101", "tcp printer.lan:9101"},
      {"lp:/dev/usb/lp0", "lp /dev/usb/lp0"},
  };
  for (const auto& [text, described] : cases) {
    auto address = parse_printer_address(text);
    ASSERT_TRUE(address.ok()) << text;
    auto transport = make_printer_transport(*address);
    ASSERT_TRUE(transport.ok()) << text << ": " << transport.error().message;
    EXPECT_EQ((*transport)->describe(), described);
    EXPECT_FALSE((*transport)->is_open());
  }
}

}  // namespace
}  // namespace chainslip
