#include "drivers/transport/usb_device_selection.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chainslip {
namespace {

constexpr std::uint8_t kBulk = 2;
constexpr std::uint8_t kInterrupt = 3;

UsbEndpointInfo bulk_out(std::uint8_t n) { return {n, kBulk, 64}; }
UsbEndpointInfo bulk_in(std::uint8_t n, std::uint16_t packet = 64) {
  return {static_cast<std::uint8_t>(0x80 | n), kBulk, packet};
}

UsbAltSettingInfo setting(std::uint8_t interface_number, std::uint8_t cls, std::uint8_t protocol,
                          std::vector<UsbEndpointInfo> endpoints, std::uint8_t alt = 0) {
  return {interface_number,    alt, cls, cls == 7 ? std::uint8_t{1} : std::uint8_t{0}, protocol,
          std::move(endpoints)};
}

UsbDeviceInfo device(std::uint16_t vid, std::uint16_t pid, std::vector<UsbAltSettingInfo> settings,
                     std::uint8_t address = 4) {
  return {1, address, vid, pid, std::nullopt, std::move(settings)};
}

// The usual kiosk printer: one bidirectional printer-class interface.
UsbDeviceInfo pos58() {
  return device(0x0416, 0x5011, {setting(0, 7, 2, {bulk_out(0x01), bulk_in(0x02, 512)})});
}
UsbDeviceInfo keyboard() { return device(0x046d, 0xc31c, {setting(0, 3, 1, {{0x81, kInterrupt, 8}})}, 2); }
UsbDeviceInfo flash_drive() {
  return device(0x0781, 0x5567, {setting(0, 8, 0x50, {bulk_out(0x02), bulk_in(0x01)})}, 3);
}

UsbPrinterAddress any() { return {}; }
UsbPrinterAddress by_id(std::uint16_t vid, std::uint16_t pid, std::string serial = {}) {
  return {UsbPrinterAddress::Id{vid, pid}, std::move(serial)};
}

TEST(UsbDeviceSelectionTest, DescribeDevice) {
  EXPECT_EQ(describe_usb_device(pos58()), "usb 0416:5011 bus 1 dev 4");
  EXPECT_EQ(describe_usb_device(device(0x04b8, 0x0e15, {}, 117)), "usb 04b8:0e15 bus 1 dev 117");
}

TEST(UsbDeviceSelectionTest, DescribeWanted) {
  EXPECT_EQ(describe_wanted(any()), "any printer-class interface");
  EXPECT_EQ(describe_wanted(by_id(0x0416, 0x5011)), "0416:5011");
  EXPECT_EQ(describe_wanted(by_id(0x04b8, 0x0e15, "X1")), "04b8:0e15 serial X1");
}

TEST(UsbDeviceSelectionTest, AnyPicksThePrinterClassDeviceAndItsEndpoints) {
  const std::vector<UsbDeviceInfo> devices{keyboard(), flash_drive(), pos58()};
  auto chosen = select_usb_printer(devices, any());
  ASSERT_TRUE(chosen.ok()) << chosen.error().message;
  EXPECT_EQ(chosen->device_index, 2u);
  EXPECT_EQ(chosen->interface_number, 0);
  EXPECT_EQ(chosen->alt_setting, 0);
  EXPECT_EQ(chosen->out_endpoint, 0x01);
  ASSERT_TRUE(chosen->in_endpoint.has_value());
  EXPECT_EQ(*chosen->in_endpoint, 0x82);
  EXPECT_EQ(chosen->in_max_packet_size, 512);
}

TEST(UsbDeviceSelectionTest, AnyTakesTheFirstOfTwoPrinters) {
  UsbDeviceInfo second = pos58();
  second.device_address = 9;
  auto chosen = select_usb_printer({pos58(), second}, any());
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->device_index, 0u);
}

TEST(UsbDeviceSelectionTest, AnyIgnoresVendorSpecificInterfaces) {
  // Without an id, a vendor-class device might be anything: not a printer.
  const std::vector<UsbDeviceInfo> devices{device(0x0416, 0x5011, {setting(0, 0xff, 0, {bulk_out(1)})})};
  auto chosen = select_usb_printer(devices, any());
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.code(), ErrorCode::kUnavailable);
}

TEST(UsbDeviceSelectionTest, NoDevicesAtAll) {
  auto chosen = select_usb_printer({}, any());
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(chosen.error().message,
            "no USB printer found (looked for any printer-class interface); 0 USB devices present: check the "
            "printer's cable and power, and its id with lsusb");
}

TEST(UsbDeviceSelectionTest, NoPrinterAmongOtherDevicesSaysHowMany) {
  auto by_class = select_usb_printer({keyboard(), flash_drive()}, any());
  ASSERT_FALSE(by_class.ok());
  EXPECT_NE(by_class.error().message.find("(looked for any printer-class interface); 2 USB devices present"),
            std::string::npos)
      << by_class.error().message;
  auto wanted = select_usb_printer({keyboard(), flash_drive()}, by_id(0x0416, 0x5011));
  ASSERT_FALSE(wanted.ok());
  EXPECT_EQ(wanted.code(), ErrorCode::kUnavailable);
  EXPECT_NE(wanted.error().message.find("no USB printer found (looked for 0416:5011); 2 USB devices present"),
            std::string::npos)
      << wanted.error().message;
}

TEST(UsbDeviceSelectionTest, PrinterClassWithoutBulkOutIsSkippedAndCounted) {
  const UsbDeviceInfo broken = device(0x1234, 0x0001, {setting(0, 7, 2, {bulk_in(1)})});
  auto chosen = select_usb_printer({broken}, any());
  ASSERT_FALSE(chosen.ok());
  EXPECT_NE(chosen.error().message.find("1 with a printer-class interface but no bulk OUT endpoint"),
            std::string::npos)
      << chosen.error().message;
  auto next = select_usb_printer({broken, pos58()}, any());
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->device_index, 1u);
}

TEST(UsbDeviceSelectionTest, ByIdMatchesVendorAndProduct) {
  const std::vector<UsbDeviceInfo> devices{device(0x0416, 0x5012, {setting(0, 7, 2, {bulk_out(1)})}),
                                           pos58()};
  auto chosen = select_usb_printer(devices, by_id(0x0416, 0x5011));
  ASSERT_TRUE(chosen.ok()) << chosen.error().message;
  EXPECT_EQ(chosen->device_index, 1u);
  auto other_vendor = select_usb_printer(devices, by_id(0x0417, 0x5011));
  EXPECT_FALSE(other_vendor.ok());
}

TEST(UsbDeviceSelectionTest, ByIdAcceptsAVendorSpecificInterface) {
  const std::vector<UsbDeviceInfo> devices{
      device(0x0fe6, 0x811e, {setting(0, 0xff, 0, {{0x81, kInterrupt, 8}, bulk_out(0x03)})})};
  auto chosen = select_usb_printer(devices, by_id(0x0fe6, 0x811e));
  ASSERT_TRUE(chosen.ok()) << chosen.error().message;
  EXPECT_EQ(chosen->out_endpoint, 0x03);
  EXPECT_FALSE(chosen->in_endpoint.has_value());  // interrupt IN is not a status pipe
}

TEST(UsbDeviceSelectionTest, ByIdIgnoresOtherClasses) {
  // A printer that also shows a mass-storage interface (driver CD): never
  // print onto that one.
  const std::vector<UsbDeviceInfo> devices{device(
      0x1fc9, 0x2016, {setting(0, 8, 0x50, {bulk_out(1), bulk_in(2)}), setting(1, 7, 1, {bulk_out(3)})})};
  auto chosen = select_usb_printer(devices, by_id(0x1fc9, 0x2016));
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->interface_number, 1);
  EXPECT_EQ(chosen->out_endpoint, 3);
}

TEST(UsbDeviceSelectionTest, MatchingDeviceWithoutBulkOutSaysSo) {
  const std::vector<UsbDeviceInfo> devices{
      keyboard(),
      device(0x0416, 0x5011, {setting(0, 7, 2, {bulk_in(2)}), setting(1, 8, 0x50, {bulk_out(1)})}, 7)};
  auto chosen = select_usb_printer(devices, by_id(0x0416, 0x5011));
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(chosen.error().message.find("USB device 0416:5011 (bus 1 dev 7) has no printer-class or "
                                        "vendor-specific interface with a bulk OUT endpoint"),
            std::string::npos)
      << chosen.error().message;
  EXPECT_NE(chosen.error().message.find("lsusb -v -d 0416:5011"), std::string::npos);
}

TEST(UsbDeviceSelectionTest, ASecondMatchingDeviceWithBulkOutIsUsed) {
  const std::vector<UsbDeviceInfo> devices{device(0x0416, 0x5011, {setting(0, 7, 2, {bulk_in(2)})}), pos58()};
  auto chosen = select_usb_printer(devices, by_id(0x0416, 0x5011));
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->device_index, 1u);
}

TEST(UsbDeviceSelectionTest, BySerial) {
  UsbDeviceInfo a = pos58();
  a.serial = "A100";
  UsbDeviceInfo b = pos58();
  b.serial = "B200";
  b.device_address = 5;
  UsbDeviceInfo unread = pos58();
  unread.device_address = 6;
  auto chosen = select_usb_printer({unread, a, b}, by_id(0x0416, 0x5011, "B200"));
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->device_index, 2u);
  auto missing = select_usb_printer({unread, a, b}, by_id(0x0416, 0x5011, "C300"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.code(), ErrorCode::kUnavailable);
  EXPECT_NE(missing.error().message.find("looked for 0416:5011 serial C300); 3 USB devices present (3 with "
                                         "that id, serials (unreadable), A100, B200)"),
            std::string::npos)
      << missing.error().message;
}

TEST(UsbDeviceSelectionTest, SerialListIsBounded) {
  std::vector<UsbDeviceInfo> many;
  for (int i = 0; i < 6; ++i) {
    many.push_back(pos58());
    many.back().serial = "S" + std::to_string(i);
  }
  auto missing = select_usb_printer(many, by_id(0x0416, 0x5011, "X"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("(6 with that id, serials S0, S1, S2, S3, ...)"), std::string::npos)
      << missing.error().message;
}

TEST(UsbDeviceSelectionTest, PrefersASettingWithStatusPipe) {
  const std::vector<UsbDeviceInfo> devices{device(
      0x04b8, 0x0202, {setting(0, 7, 1, {bulk_out(1)}, 0), setting(0, 7, 2, {bulk_out(1), bulk_in(2)}, 1)})};
  auto chosen = select_usb_printer(devices, any());
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->alt_setting, 1);
  EXPECT_TRUE(chosen->in_endpoint.has_value());
}

TEST(UsbDeviceSelectionTest, AvoidsIeee1284_4WhenThereIsAChoice) {
  const std::vector<UsbDeviceInfo> devices{device(
      0x03f0, 0x1234,
      {setting(0, 7, 3, {bulk_out(1), bulk_in(2)}, 0), setting(0, 7, 2, {bulk_out(3), bulk_in(4)}, 1)})};
  auto chosen = select_usb_printer(devices, any());
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->alt_setting, 1);
  EXPECT_EQ(chosen->out_endpoint, 3);
  // Alone, a 1284.4 setting is still used.
  auto only = select_usb_printer({device(0x03f0, 0x1234, {setting(0, 7, 3, {bulk_out(1)})})}, any());
  EXPECT_TRUE(only.ok());
}

TEST(UsbDeviceSelectionTest, PrefersPrinterClassOverVendorSpecific) {
  const std::vector<UsbDeviceInfo> devices{device(
      0x0416, 0x5011, {setting(0, 0xff, 0, {bulk_out(1), bulk_in(2)}), setting(1, 7, 1, {bulk_out(3)})})};
  auto chosen = select_usb_printer(devices, by_id(0x0416, 0x5011));
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->interface_number, 1);
}

TEST(UsbDeviceSelectionTest, FirstEndpointOfEachDirectionOnTies) {
  const std::vector<UsbDeviceInfo> devices{
      device(0x0416, 0x5011,
             {setting(0, 7, 2, {bulk_in(5), bulk_out(1), bulk_out(2), bulk_in(6)}),
              setting(1, 7, 2, {bulk_out(3), bulk_in(4)})})};
  auto chosen = select_usb_printer(devices, any());
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->interface_number, 0);
  EXPECT_EQ(chosen->out_endpoint, 1);
  EXPECT_EQ(*chosen->in_endpoint, 0x85);
}

TEST(UsbDeviceSelectionTest, MayMatchForHotplug) {
  EXPECT_TRUE(usb_device_may_match(pos58(), any()));
  EXPECT_FALSE(usb_device_may_match(keyboard(), any()));
  EXPECT_FALSE(usb_device_may_match(flash_drive(), any()));
  EXPECT_TRUE(usb_device_may_match(pos58(), by_id(0x0416, 0x5011)));
  EXPECT_TRUE(usb_device_may_match(pos58(), by_id(0x0416, 0x5011, "any serial: not readable here")));
  EXPECT_FALSE(usb_device_may_match(pos58(), by_id(0x0416, 0x5012)));
}

}  // namespace
}  // namespace chainslip
