#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/scanner/qr/qr_decoder.h"

namespace chainslip {

// The decoder names the configuration accepts: "zbar", "zxing", and
// "zxing+zbar" (zxing-cpp, then zbar on frames it found nothing in:
// FallbackQrDecoder).
std::vector<std::string> qr_decoder_names();

// kInvalidArgument listing the known names for any other name.
Result<std::unique_ptr<QrDecoder>> make_qr_decoder(std::string_view name, QrDecoderOptions options = {});

}  // namespace chainslip
