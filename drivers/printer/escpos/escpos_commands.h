#pragma once

#include <cstdint>
#include <string_view>

#include "core/util/bytes.h"

// The ESC/POS commands chainslip sends, as byte strings: a pure encoder with
// no I/O (Epson ESC/POS reference; the Chinese printers kiosks use copy it).
// Each function returns one complete command, so a job can be cut into
// units that never split a command (the pacing and real-time status rules
// depend on that).
namespace chainslip::escpos {

enum class Align : std::uint8_t { kLeft = 0, kCenter = 1, kRight = 2 };
enum class CutKind : std::uint8_t { kFull, kPartial };
enum class QrErrorCorrection : std::uint8_t { kL = 48, kM = 49, kQ = 50, kH = 51 };

// ESC @: modes back to power-on defaults, line buffer dropped.
Bytes initialize();
// FS & / FS .: GB18030 double-byte text on or off.
Bytes chinese_mode(bool on);
// ESC t n.
Bytes code_page(std::uint8_t n);
// ESC E n.
Bytes emphasis(bool on);
// ESC - n, n = 0..2 dots.
Bytes underline(std::uint8_t dots);
// GS ! n: width and height multipliers 1..8 (clamped).
Bytes character_size(int width, int height);
// ESC a n.
Bytes align(Align alignment);
// ESC 3 n: line spacing in dots; ESC 2: back to the default.
Bytes line_spacing(std::uint8_t dots);
Bytes default_line_spacing();
// Text bytes already in the printer's character set, then LF.
Bytes text_line(ByteView encoded);
// ESC d n: print and feed n lines.
Bytes feed_lines(std::uint8_t lines);
// ESC J n: print and feed n dots.
Bytes feed_dots(std::uint8_t dots);
// GS V m (cut where the paper is) or GS V 65/66 n (feed n dots, then cut).
Bytes cut(CutKind kind);
Bytes feed_and_cut(CutKind kind, std::uint8_t dots);
// GS v 0 0 xL xH yL yH d..: one raster band, MSB is the leftmost dot; rows
// top to bottom, width_bytes per row. `bits.size()` must be
// width_bytes * rows.
//
// Printers look for real-time commands (DLE EOT, DLE ENQ, DLE DC4) in every
// byte they receive, image data included: a pattern of dots that spells
// DLE ENQ 2 would empty the buffer mid-job. So wherever the data holds 0x10
// followed by 0x04, 0x05 or 0x14, the following byte loses bit 2 — one dot
// of a raster line, invisible on paper and far below a QR module's size.
Bytes raster_image(std::uint16_t width_bytes, std::uint16_t rows, ByteView bits);
// GS ( k: native QR, model 2, module size 1..16 dots, store then print.
// The payload must be at most 7089 bytes (the function's length field).
Bytes qr_model2();
Bytes qr_module_size(std::uint8_t dots);
Bytes qr_error_correction(QrErrorCorrection level);
Bytes qr_store(ByteView payload);
Bytes qr_print();

// Status. DLE EOT n and DLE ENQ n are real-time: the printer answers them
// on reception, even offline or with a full buffer, and scans every byte
// for them, so they must never be sent inside another command's data.
enum class RealtimeStatus : std::uint8_t { kPrinter = 1, kOffline = 2, kError = 3, kPaper = 4 };
Bytes realtime_status(RealtimeStatus n);               // DLE EOT n
enum class RealtimeRecovery : std::uint8_t { kResume = 1, kResumeClearBuffer = 2 };
Bytes realtime_recover(RealtimeRecovery n);           // DLE ENQ n
// GS r 1: the paper sensor status, answered when the printer reaches it in
// its buffer: its reply proves everything before it was processed.
Bytes transmit_paper_status();
// GS a n: Automatic Status Back for the changes in `mask` (bit 1 online,
// bit 2 error, bit 3 paper roll sensor; 0 turns ASB off).
inline constexpr std::uint8_t kAsbOnlineErrorPaper = 0x0E;
Bytes automatic_status_back(std::uint8_t mask);

}  // namespace chainslip::escpos
