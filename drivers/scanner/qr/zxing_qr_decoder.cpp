#include "drivers/scanner/qr/zxing_qr_decoder.h"

// Before the zxing headers: Result::text() as UTF-8 std::string (1.4 warns otherwise).
#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

namespace chainslip {
namespace {

std::vector<std::string> read_qr(const std::uint8_t* pixels, int width, int height) {
  // TryHarder: the scanner decodes a handful of frames a second, accuracy
  // matters more than speed. TryRotate only helps 1-D codes; QR finders are
  // rotation invariant.
  const auto hints =
      ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode).setTryHarder(true).setTryRotate(false);
  std::vector<std::string> out;
  for (const ZXing::Result& r :
       ZXing::ReadBarcodes(ZXing::ImageView(pixels, width, height, ZXing::ImageFormat::Lum), hints)) {
    // bytes(): the symbol's content as encoded, like zbar's data (no charset guessing).
    if (r.isValid()) out.emplace_back(r.bytes().begin(), r.bytes().end());
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> ZxingQrDecoder::decode(const Y800Frame& frame) {
  CS_RETURN_IF_ERROR(check_frame_shape(frame));
  if (frame.pixels.empty()) return std::vector<std::string>{};
  std::vector<std::string> found = read_qr(frame.pixels.data(), frame.width, frame.height);
  if (!found.empty() || !options_.inverted_retry) return found;
  inverted_.resize(frame.pixels.size());
  for (std::size_t i = 0; i < frame.pixels.size(); ++i)
    inverted_[i] = static_cast<std::uint8_t>(255 - frame.pixels[i]);
  return read_qr(inverted_.data(), frame.width, frame.height);
}

}  // namespace chainslip
