#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/util/result.h"
#include "drivers/printer/layout/mono_bitmap.h"

namespace chainslip::escpos {

// A QR symbol as libqrencode makes it: model 2, error correction level M,
// 8-bit mode, the smallest version that holds the payload. The printer's
// native encoder (GS ( k) picks the same version for the same data and level,
// so the layout sizes both from this.
struct QrSymbol {
  int modules = 0;                 // per side
  std::vector<std::uint8_t> dark;  // modules * modules, row-major, 1 = dark
};

// The quiet zone the QR standard asks for around a symbol, in modules.
inline constexpr int kQrQuietModules = 4;

// kInvalidArgument when the payload is empty or does not fit a symbol.
Result<QrSymbol> encode_qr(std::string_view payload);

// The payload's symbol and the largest module size of at most `max_module`
// dots at which it fits `width_dots` with its quiet zone;
// kFailedPrecondition when not even 1 dot per module fits.
struct FittedQr {
  QrSymbol symbol;
  int module = 0;  // dots
};
Result<FittedQr> fit_qr(std::string_view payload, int width_dots, int max_module);

// The symbol drawn at `module` dots per module with its quiet zone.
MonoBitmap render_qr(const QrSymbol& symbol, int module);

}  // namespace chainslip::escpos
