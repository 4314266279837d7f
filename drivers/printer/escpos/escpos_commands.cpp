#include "drivers/printer/escpos/escpos_commands.h"

#include <algorithm>
#include <cassert>

#include "drivers/printer/escpos/escpos_bytes.h"

namespace chainslip::escpos {
namespace {

std::uint8_t lo(std::size_t v) { return static_cast<std::uint8_t>(v & 0xFF); }
std::uint8_t hi(std::size_t v) { return static_cast<std::uint8_t>((v >> 8) & 0xFF); }

// GS ( k pL pH cn fn [params]: every QR function, model 2 symbol (cn = 49).
Bytes qr_function(std::uint8_t fn, ByteView params) {
  const std::size_t len = 2 + params.size();
  Bytes out = {kGs, '(', 'k', lo(len), hi(len), 49, fn};
  out.insert(out.end(), params.begin(), params.end());
  return out;
}

}  // namespace

Bytes initialize() { return {kEsc, '@'}; }
Bytes chinese_mode(bool on) { return {kFs, static_cast<std::uint8_t>(on ? '&' : '.')}; }
Bytes code_page(std::uint8_t n) { return {kEsc, 't', n}; }
Bytes emphasis(bool on) { return {kEsc, 'E', static_cast<std::uint8_t>(on ? 1 : 0)}; }
Bytes underline(std::uint8_t dots) { return {kEsc, '-', std::min<std::uint8_t>(dots, 2)}; }

Bytes character_size(int width, int height) {
  const int w = std::clamp(width, 1, 8) - 1;
  const int h = std::clamp(height, 1, 8) - 1;
  return {kGs, '!', static_cast<std::uint8_t>(w << 4 | h)};
}

Bytes align(Align alignment) { return {kEsc, 'a', static_cast<std::uint8_t>(alignment)}; }
Bytes line_spacing(std::uint8_t dots) { return {kEsc, '3', dots}; }
Bytes default_line_spacing() { return {kEsc, '2'}; }

Bytes text_line(ByteView encoded) {
  Bytes out(encoded.begin(), encoded.end());
  out.push_back(kLf);
  return out;
}

Bytes feed_lines(std::uint8_t lines) { return {kEsc, 'd', lines}; }
Bytes feed_dots(std::uint8_t dots) { return {kEsc, 'J', dots}; }

Bytes cut(CutKind kind) { return {kGs, 'V', static_cast<std::uint8_t>(kind == CutKind::kFull ? 0 : 1)}; }

Bytes feed_and_cut(CutKind kind, std::uint8_t dots) {
  return {kGs, 'V', static_cast<std::uint8_t>(kind == CutKind::kFull ? 65 : 66), dots};
}

Bytes raster_image(std::uint16_t width_bytes, std::uint16_t rows, ByteView bits) {
  assert(bits.size() == static_cast<std::size_t>(width_bytes) * rows);
  Bytes out = {kGs, 'v', '0', 0, lo(width_bytes), hi(width_bytes), lo(rows), hi(rows)};
  const std::size_t data_start = out.size();
  out.insert(out.end(), bits.begin(), bits.end());
  // 0x14 becomes 0x10 and is checked again with the byte after it.
  for (std::size_t i = data_start; i + 1 < out.size(); ++i) {
    const std::uint8_t next = out[i + 1];
    if (out[i] == kDle && (next == 0x04 || next == 0x05 || next == 0x14)) {
      out[i + 1] = static_cast<std::uint8_t>(next & ~0x04);
    }
  }
  return out;
}

Bytes qr_model2() {
  // fn 65 uses cn 49 then n1 = 50 (model 2), n2 = 0; its own layout.
  return {kGs, '(', 'k', 4, 0, 49, 65, 50, 0};
}

Bytes qr_module_size(std::uint8_t dots) {
  const std::uint8_t n = std::clamp<std::uint8_t>(dots, 1, 16);
  return qr_function(67, ByteView(&n, 1));
}

Bytes qr_error_correction(QrErrorCorrection level) {
  const auto n = static_cast<std::uint8_t>(level);
  return qr_function(69, ByteView(&n, 1));
}

Bytes qr_store(ByteView payload) {
  assert(payload.size() <= 7089);
  Bytes params = {48};  // m = 48
  params.insert(params.end(), payload.begin(), payload.end());
  return qr_function(80, params);
}

Bytes qr_print() {
  const std::uint8_t m = 48;
  return qr_function(81, ByteView(&m, 1));
}

Bytes realtime_status(RealtimeStatus n) { return {kDle, kEot, static_cast<std::uint8_t>(n)}; }
Bytes realtime_recover(RealtimeRecovery n) { return {kDle, kEnq, static_cast<std::uint8_t>(n)}; }
Bytes transmit_paper_status() { return {kGs, 'r', 1}; }
Bytes automatic_status_back(std::uint8_t mask) { return {kGs, 'a', mask}; }

}  // namespace chainslip::escpos
