#include "drivers/scanner/qr/qr_decoder_factory.h"

#include <algorithm>

#include "drivers/scanner/qr/fallback_qr_decoder.h"

// 1 or 0, set on this file alone by drivers/CMakeLists.txt from the build's
// CHAINSLIP_WITH_ZBAR / CHAINSLIP_WITH_ZXING options (docs/DEPENDENCIES.md).
#if !defined(CHAINSLIP_WITH_ZBAR) || !defined(CHAINSLIP_WITH_ZXING)
#error "CHAINSLIP_WITH_ZBAR and CHAINSLIP_WITH_ZXING are set by drivers/CMakeLists.txt"
#endif
#if CHAINSLIP_WITH_ZBAR
#include "drivers/scanner/qr/zbar_qr_decoder.h"
#endif
#if CHAINSLIP_WITH_ZXING
#include "drivers/scanner/qr/zxing_qr_decoder.h"
#endif

namespace chainslip {
namespace {

constexpr bool kWithZbar = CHAINSLIP_WITH_ZBAR != 0;
constexpr bool kWithZxing = CHAINSLIP_WITH_ZXING != 0;

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The decoders a build without `name`'s library lacks, as the operator fixes it.
std::string missing_backends(std::string_view name) {
  std::vector<std::string> missing;
  if (name != "zbar" && !kWithZxing) missing.push_back("zxing-cpp (CHAINSLIP_WITH_ZXING=OFF)");
  if (name != "zxing" && !kWithZbar) missing.push_back("zbar (CHAINSLIP_WITH_ZBAR=OFF)");
  std::string out;
  for (const std::string& m : missing) out += (out.empty() ? "" : " and ") + m;
  return out;
}

#if CHAINSLIP_WITH_ZBAR
std::unique_ptr<QrDecoder> zbar(QrDecoderOptions options) { return std::make_unique<ZbarQrDecoder>(options); }
#endif
#if CHAINSLIP_WITH_ZXING
std::unique_ptr<QrDecoder> zxing(QrDecoderOptions options) { return std::make_unique<ZxingQrDecoder>(options); }
#endif

}  // namespace

std::vector<std::string> qr_decoder_names() { return {"zbar", "zxing", "zxing+zbar"}; }

bool qr_decoder_built(std::string_view name) {
  if (name == "zbar") return kWithZbar;
  if (name == "zxing") return kWithZxing;
  if (name == "zxing+zbar") return kWithZbar && kWithZxing;
  return false;
}

std::vector<std::string> built_qr_decoder_names() {
  std::vector<std::string> names = qr_decoder_names();
  names.erase(std::remove_if(names.begin(), names.end(), [](const std::string& n) { return !qr_decoder_built(n); }),
              names.end());
  return names;
}

Result<std::unique_ptr<QrDecoder>> make_qr_decoder(std::string_view name, QrDecoderOptions options) {
  const std::vector<std::string> known = qr_decoder_names();
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "unknown QR decoder '" + std::string(name) + "': use one of " + joined(known));
  }
  if (!qr_decoder_built(name)) {
    const std::vector<std::string> built = built_qr_decoder_names();
    return make_error(ErrorCode::kUnimplemented,
                      "QR decoder '" + std::string(name) + "' is not in this build: chainslip was built without " +
                          missing_backends(name) + "; " +
                          (built.empty() ? std::string("it has no QR decoder, so use a HID scanner (scanner.kind "
                                                       "\"evdev\" or \"hidraw\")")
                                         : "use one of " + joined(built)));
  }
#if CHAINSLIP_WITH_ZBAR
  if (name == "zbar") return zbar(options);
#endif
#if CHAINSLIP_WITH_ZXING
  if (name == "zxing") return zxing(options);
#endif
#if CHAINSLIP_WITH_ZBAR && CHAINSLIP_WITH_ZXING
  return std::unique_ptr<QrDecoder>(std::make_unique<FallbackQrDecoder>(zxing(options), zbar(options)));
#else
  (void)options;
  return make_error(ErrorCode::kInternal, "QR decoder '" + std::string(name) + "' built but not made");
#endif
}

}  // namespace chainslip
