#include "drivers/printer/layout/qr_raster.h"

#include <qrencode.h>

#include <string>

#include "core/util/c_handle.h"

namespace chainslip::escpos {

Result<QrSymbol> encode_qr(std::string_view payload) {
  if (payload.empty()) return make_error(ErrorCode::kInvalidArgument, "QR payload is empty");
  const std::string data(payload);
  const CHandle<QRcode, QRcode_free> qr(QRcode_encodeData(static_cast<int>(data.size()),
                                                          reinterpret_cast<const unsigned char*>(data.data()),
                                                          0, QR_ECLEVEL_M));
  if (qr == nullptr) {
    return make_error(ErrorCode::kInvalidArgument,
                      "QR payload of " + std::to_string(data.size()) + " bytes does not fit a QR symbol at level M");
  }
  QrSymbol symbol;
  symbol.modules = qr->width;
  const auto count = static_cast<std::size_t>(qr->width) * static_cast<std::size_t>(qr->width);
  symbol.dark.resize(count);
  for (std::size_t i = 0; i < count; ++i) symbol.dark[i] = qr->data[i] & 1;  // bit 0: dark module
  return symbol;
}

Result<FittedQr> fit_qr(std::string_view payload, int width_dots, int max_module) {
  CS_ASSIGN_OR_RETURN(QrSymbol symbol, encode_qr(payload));
  const int span = symbol.modules + 2 * kQrQuietModules;
  for (int m = max_module; m >= 1; --m) {
    if (span * m <= width_dots) return FittedQr{std::move(symbol), m};
  }
  return make_error(ErrorCode::kFailedPrecondition, "a QR code of " + std::to_string(span) +
                                                        " modules with its quiet zone does not fit " +
                                                        std::to_string(width_dots) + " dots");
}

MonoBitmap render_qr(const QrSymbol& symbol, int module) {
  const int side = (symbol.modules + 2 * kQrQuietModules) * module;
  MonoBitmap out(side, side);
  const int origin = kQrQuietModules * module;
  for (int my = 0; my < symbol.modules; ++my) {
    for (int mx = 0; mx < symbol.modules; ++mx) {
      if (symbol.dark[static_cast<std::size_t>(my * symbol.modules + mx)] == 0) continue;
      for (int dy = 0; dy < module; ++dy) {
        for (int dx = 0; dx < module; ++dx) out.set(origin + mx * module + dx, origin + my * module + dy);
      }
    }
  }
  return out;
}

}  // namespace chainslip::escpos
