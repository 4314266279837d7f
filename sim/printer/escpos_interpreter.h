#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/text/bitmap_font.h"
#include "core/util/bytes.h"
#include "sim/printer/charset.h"
#include "sim/printer/escpos_status.h"
#include "sim/printer/paper.h"

namespace chainslip::sim {

enum class Alignment : std::uint8_t { kLeft, kCenter, kRight };

// Everything ESC @ resets.
struct PrintState {
  static constexpr int kDefaultLineSpacing = 30;  // dots: ~1/6 inch at 203 dpi, Epson's ESC 2

  Alignment alignment = Alignment::kLeft;
  bool emphasis = false;
  int underline = 0;  // dots: 0, 1 or 2
  int width_mult = 1;
  int height_mult = 1;
  int line_spacing = kDefaultLineSpacing;
  std::uint8_t code_page = 0;  // ESC t n; 0 = PC437, the only one rendered
  bool chinese = false;        // FS & .. FS .: text bytes are GB18030
  int qr_module = 3;           // GS ( k fn 67
  std::uint8_t qr_ec = 48;     // GS ( k fn 69: 48..51 = L, M, Q, H
  Bytes qr_data;               // GS ( k fn 80
};

// Something the interpreter did not print as asked. kUnknown: bytes it does
// not know; kUnsupported: a documented command it skips by its documented
// length without acting on it; kNote: a known command with a remark (drawer
// pulse, clipped image, cut in mid-line, ...).
struct LogEntry {
  enum class Kind { kUnknown, kUnsupported, kNote };
  Kind kind;
  std::uint64_t offset;  // of the command's first byte in the whole stream
  std::string message;
};

// The ESC/POS interpreter: bytes in, paper and replies out, no I/O and no
// clock. Commands may be split across feed() calls at any byte. Real-time
// commands (DLE EOT, DLE ENQ) are skipped here: a printer answers them on
// reception, ahead of its buffer (see RealtimeScanner and VirtualPrinter).
class EscPosInterpreter {
 public:
  struct Hooks {
    std::function<void(ByteView)> reply;    // GS r answers
    std::function<PrinterStatus()> status;  // the sensors GS r reads
  };

  EscPosInterpreter(PaperWidth width, const BitmapFont& font, Hooks hooks = {});

  void feed(ByteView data);
  void feed_byte(std::uint8_t byte);
  // DLE ENQ 2: drops a half-received command and the unprinted line.
  void clear_buffers();

  const Paper& paper() const { return paper_; }
  std::vector<Paper> take_cut_tickets() { return paper_.take_cut_tickets(); }
  const PrintState& state() const { return state_; }
  const std::vector<LogEntry>& log() const { return log_; }
  std::uint8_t asb_mask() const { return asb_mask_; }
  // Nothing waits in the line buffer or in a half-received command.
  bool idle() const { return pending_.empty() && line_.empty(); }
  // Bytes of the command still being received.
  std::size_t pending_bytes() const { return pending_.size(); }

 private:
  struct PlacedGlyph {
    const UnifontGlyph* glyph;
    int x;
    int width_mult;
    int height_mult;
    bool emphasis;
    int underline;
  };

  bool have(std::size_t n);
  std::size_t step();
  std::size_t skip_unrendered(std::uint8_t introducer, std::uint8_t c);
  std::size_t escape();
  std::size_t group();
  std::size_t file_separator();
  std::size_t data_link_escape();
  std::size_t text();
  void qr_function(ByteView body);
  std::size_t raster();
  std::size_t cut();

  void add_char(char32_t cp);
  int print_line();
  void print_and_feed(int dots);
  void begin_block(const char* what);
  int block_x(int width) const;
  void print_qr();
  void initialize();
  void note(LogEntry::Kind kind, std::size_t bytes, std::string what);

  Paper paper_;
  const BitmapFont& font_;
  Hooks hooks_;
  CharsetDecoder charset_;
  PrintState state_;
  std::uint8_t asb_mask_ = 0;
  std::vector<LogEntry> log_;

  Bytes pending_;         // bytes of the command being received
  std::size_t need_ = 1;  // pending_ is not worth parsing before it holds this many
  std::uint64_t offset_ = 0;  // bytes fed so far

  std::vector<PlacedGlyph> line_;  // the line buffer: printed at LF, wrap or feed
  std::string line_text_;
  int line_x_ = 0;
};

}  // namespace chainslip::sim
