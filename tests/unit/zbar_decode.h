#pragma once

// Test helper: decodes QR codes with zbar, the way the kiosk's scanner will,
// so the virtual camera's frames and the virtual printer's paper are checked
// against a real decoder.
#include <zbar.h>

#include <cstdint>
#include <string>
#include <vector>

namespace chainslip::testing {

// kRetry sets ZBAR_CFG_TEST_INVERTED, as the scanner must for dark-mode phones.
enum class Inverted { kNo, kRetry };

// Every QR code zbar finds in an 8-bit grey (Y800) image.
inline std::vector<std::string> zbar_decode_qr(int width, int height, const std::vector<std::uint8_t>& grey,
                                               Inverted inverted = Inverted::kNo) {
  using namespace zbar;  // zbar.h declares its C API in there under C++
  zbar_image_scanner_t* scanner = zbar_image_scanner_create();
  zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  if (inverted == Inverted::kRetry) zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_TEST_INVERTED, 1);
  zbar_image_t* image = zbar_image_create();
  zbar_image_set_format(image, 'Y' | '8' << 8 | '0' << 16 | '0' << 24);
  zbar_image_set_size(image, static_cast<unsigned>(width), static_cast<unsigned>(height));
  zbar_image_set_data(image, grey.data(), grey.size(), nullptr);
  zbar_scan_image(scanner, image);
  std::vector<std::string> out;
  for (const zbar_symbol_t* s = zbar_image_first_symbol(image); s != nullptr; s = zbar_symbol_next(s)) {
    out.emplace_back(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
  }
  zbar_image_destroy(image);
  zbar_image_scanner_destroy(scanner);
  return out;
}

}  // namespace chainslip::testing
