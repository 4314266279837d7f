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

// Whether this build has the decoder a name from qr_decoder_names() makes:
// zbar and zxing-cpp are optional (CHAINSLIP_WITH_ZBAR, CHAINSLIP_WITH_ZXING;
// docs/DEPENDENCIES.md). "zxing+zbar" needs both.
bool qr_decoder_built(std::string_view name);
// The names of qr_decoder_names() this build has, in the same order.
std::vector<std::string> built_qr_decoder_names();

// kInvalidArgument listing the known names for any other name;
// kUnimplemented naming the missing library and its option for a known name
// this build has not (qr_decoder_built).
Result<std::unique_ptr<QrDecoder>> make_qr_decoder(std::string_view name, QrDecoderOptions options = {});

}  // namespace chainslip
