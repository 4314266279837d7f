#include "sim/printer/escpos_interpreter.h"

#include <qrencode.h>

#include <algorithm>
#include <cstdio>

#include "core/util/c_handle.h"
#include "drivers/printer/escpos/escpos_bytes.h"

namespace chainslip::sim {
namespace {

using escpos::kCr;
using escpos::kDle;
using escpos::kEsc;
using escpos::kFs;
using escpos::kGs;
using escpos::kLf;

// Documented commands we skip by their fixed length: fonts, spacing,
// margins, barcode settings. Knowing their length keeps their parameters
// from printing as text.
std::size_t unsupported_length(std::uint8_t introducer, std::uint8_t c) {
  switch (introducer) {
    case kEsc:
      if (std::string_view(" MGR{VUr=").find(static_cast<char>(c)) != std::string_view::npos) return 3;
      if (c == '$' || c == '\\') return 4;
      if (c == 'S') return 2;
      return 0;
    case kGs:
      if (std::string_view("BHfhwb").find(static_cast<char>(c)) != std::string_view::npos) return 3;
      if (c == 'L' || c == 'W' || c == 'P') return 4;
      return 0;
    case kFs:
      if (c == '!' || c == '-' || c == 'C' || c == 'W') return 3;
      if (c == 'S') return 4;
      return 0;
    default:
      return 0;
  }
}

std::string hex_bytes(ByteView bytes) {
  std::string out;
  for (std::uint8_t b : bytes) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02x", b);
    if (!out.empty()) out += ' ';
    out += buf;
  }
  return out;
}

// ESC a and ESC - take n or its ASCII digit.
int digit_param(std::uint8_t n) { return n >= 48 ? n - 48 : n; }

}  // namespace

EscPosInterpreter::EscPosInterpreter(PaperWidth width, const BitmapFont& font, Hooks hooks)
    : paper_(static_cast<int>(width)), font_(font), hooks_(std::move(hooks)) {}

void EscPosInterpreter::feed(ByteView data) {
  for (std::uint8_t b : data) feed_byte(b);
}

void EscPosInterpreter::feed_byte(std::uint8_t byte) {
  pending_.push_back(byte);
  ++offset_;
  if (pending_.size() < need_) return;
  while (!pending_.empty()) {
    const std::size_t used = step();
    if (used == 0) return;  // need_ says how many bytes to wait for
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(used));
    need_ = 1;
  }
}

void EscPosInterpreter::clear_buffers() {
  pending_.clear();
  need_ = 1;
  line_.clear();
  line_text_.clear();
  line_x_ = 0;
}

bool EscPosInterpreter::have(std::size_t n) {
  if (pending_.size() >= n) return true;
  need_ = n;
  return false;
}

void EscPosInterpreter::note(LogEntry::Kind kind, std::size_t bytes, std::string what) {
  const std::uint64_t at = offset_ - pending_.size();
  const ByteView shown(pending_.data(), std::min(bytes, pending_.size()));
  if (!shown.empty()) what += " [" + hex_bytes(shown) + "]";
  log_.push_back({kind, at, std::move(what)});
}

std::size_t EscPosInterpreter::step() {
  const std::uint8_t b = pending_[0];
  switch (b) {
    case kLf:
      print_and_feed(state_.line_spacing);
      return 1;
    case kCr:
      return 1;  // ignored: automatic line feed on CR is off, as by default on Epson
    case kEsc:
      return escape();
    case kGs:
      return group();
    case kFs:
      return file_separator();
    case kDle:
      return data_link_escape();
    default:
      break;
  }
  if (b < 0x20) {
    note(LogEntry::Kind::kUnknown, 1, "unknown control byte");
    return 1;
  }
  return text();
}

// For every unknown command we skip exactly its introducer (ESC x, GS x,
// FS x, or a lone control byte): its length is unknown, so whatever
// parameters follow are read as text or commands. That is what a real
// printer does too, and the stray glyphs on the paper make it visible.
// A documented command we do not render is skipped by its documented length
// (0: wait for more bytes); anything else only by its two-byte introducer.
std::size_t EscPosInterpreter::skip_unrendered(std::uint8_t introducer, std::uint8_t c) {
  if (const std::size_t len = unsupported_length(introducer, c)) {
    if (!have(len)) return 0;
    note(LogEntry::Kind::kUnsupported, len, "unsupported command");
    return len;
  }
  note(LogEntry::Kind::kUnknown, 2, "unknown command");
  return 2;
}

std::size_t EscPosInterpreter::escape() {
  if (!have(2)) return 0;
  const std::uint8_t c = pending_[1];
  switch (c) {
    case '@':
      initialize();
      return 2;
    case '2':
      state_.line_spacing = PrintState::kDefaultLineSpacing;
      return 2;
    case 'p':
      if (!have(5)) return 0;
      note(LogEntry::Kind::kNote, 5, "drawer kick pulse");
      return 5;
    default:
      break;
  }
  if (std::string_view("3aE-!dJt").find(static_cast<char>(c)) == std::string_view::npos) {
    return skip_unrendered(kEsc, c);
  }
  if (!have(3)) return 0;
  const std::uint8_t n = pending_[2];
  switch (c) {
    case '3':
      state_.line_spacing = n;
      break;
    case 'a':
      if (digit_param(n) <= 2) state_.alignment = static_cast<Alignment>(digit_param(n));
      break;
    case 'E':
      state_.emphasis = (n & 1) != 0;
      break;
    case '-':
      if (digit_param(n) <= 2) state_.underline = digit_param(n);
      break;
    case '!':
      if (n & 0x01) note(LogEntry::Kind::kUnsupported, 3, "font B not rendered: printing font A");
      state_.emphasis = (n & 0x08) != 0;
      state_.height_mult = (n & 0x10) ? 2 : 1;
      state_.width_mult = (n & 0x20) ? 2 : 1;
      state_.underline = (n & 0x80) ? 1 : 0;
      break;
    case 'd':
      print_and_feed(n * state_.line_spacing);
      break;
    case 'J':
      print_and_feed(n);
      break;
    case 't':
      state_.code_page = n;
      if (n != 0) note(LogEntry::Kind::kUnsupported, 3, "code page not rendered: bytes >= 0x80 print as '?'");
      break;
    default:
      break;
  }
  return 3;
}

std::size_t EscPosInterpreter::group() {
  if (!have(2)) return 0;
  const std::uint8_t c = pending_[1];
  switch (c) {
    case 'v':
      return raster();
    case 'V':
      return cut();
    case '(': {
      // Every GS ( x function is GS ( x pL pH followed by pL + 256 pH bytes.
      if (!have(5)) return 0;
      const std::size_t len = 5 + pending_[3] + 256u * pending_[4];
      if (!have(len)) return 0;
      if (pending_[2] == 'k') {
        qr_function(ByteView(pending_).subspan(5, len - 5));
      } else {
        note(LogEntry::Kind::kUnsupported, 3, "unsupported function");
      }
      return len;
    }
    case '!':
    case 'a':
    case 'r':
      break;
    default:
      return skip_unrendered(kGs, c);
  }
  if (!have(3)) return 0;
  const std::uint8_t n = pending_[2];
  if (c == '!') {
    state_.width_mult = (n >> 4 & 7) + 1;
    state_.height_mult = (n & 7) + 1;
  } else if (c == 'a') {
    asb_mask_ = n;
  } else {
    const PrinterStatus status = hooks_.status ? hooks_.status() : PrinterStatus{};
    if (auto reply = gs_r_reply(n, status); reply && hooks_.reply) {
      hooks_.reply(ByteView(&*reply, 1));
    } else if (!reply) {
      note(LogEntry::Kind::kUnsupported, 3, "GS r with unsupported n");
    }
  }
  return 3;
}

std::size_t EscPosInterpreter::file_separator() {
  if (!have(2)) return 0;
  const std::uint8_t c = pending_[1];
  if (c == '&' || c == '.') {
    state_.chinese = c == '&';
    return 2;
  }
  return skip_unrendered(kFs, c);
}

std::size_t EscPosInterpreter::data_link_escape() {
  if (!have(2)) return 0;
  switch (pending_[1]) {
    case 0x04:  // DLE EOT n
    case 0x05:  // DLE ENQ n
      return have(3) ? 3 : 0;  // answered on reception
    case 0x14:  // DLE DC4 fn m t: real-time pulse / power-off / buffer clear
      if (!have(5)) return 0;
      note(LogEntry::Kind::kUnsupported, 5, "unsupported real-time command");
      return 5;
    default:
      note(LogEntry::Kind::kUnknown, 1, "unknown command");
      return 1;
  }
}

std::size_t EscPosInterpreter::text() {
  const std::uint8_t b = pending_[0];
  if (b < 0x80) {
    add_char(b);
    return 1;
  }
  if (!state_.chinese) {
    const auto cp = state_.code_page == 0 ? charset_.pc437(b) : std::nullopt;
    add_char(cp.value_or(U'?'));
    return 1;
  }
  if (!have(2)) return 0;
  const std::size_t len = gb18030_length(b, pending_[1]);
  if (len == 0) {
    note(LogEntry::Kind::kNote, 2, "invalid GB18030 sequence: printed '?'");
    add_char(U'?');
    return 1;
  }
  if (!have(len)) return 0;
  add_char(charset_.gb18030(ByteView(pending_).first(len)).value_or(U'?'));
  return len;
}

void EscPosInterpreter::add_char(char32_t cp) {
  if (!font_.has(cp)) cp = U'?';
  const UnifontGlyph& g = font_.glyph(cp);
  const int width = BitmapFont::cell_width(g) * state_.width_mult;
  if (line_x_ + width > paper_.width() && !line_.empty()) print_and_feed(state_.line_spacing);
  line_.push_back({&g, line_x_, state_.width_mult, state_.height_mult, state_.emphasis, state_.underline});
  line_x_ += width;
  append_utf8(line_text_, cp);
}

int EscPosInterpreter::print_line() {
  if (line_.empty()) return 0;
  int band = 0;
  for (const PlacedGlyph& p : line_) band = std::max(band, BitmapFont::kCellHeight * p.height_mult);
  const int x0 = block_x(line_x_);
  const int y0 = paper_.height();
  paper_.feed(band);
  for (const PlacedGlyph& p : line_) {
    const int w = BitmapFont::cell_width(*p.glyph) * p.width_mult;
    const int h = BitmapFont::kCellHeight * p.height_mult;
    const int top = y0 + band - h;  // glyphs of a line share their baseline
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        if (!BitmapFont::cell_dot(*p.glyph, x / p.width_mult, y / p.height_mult)) continue;
        paper_.set(x0 + p.x + x, top + y);
        if (p.emphasis) paper_.set(x0 + p.x + x + 1, top + y);  // emphasis = double strike, one dot right
      }
    }
    for (int y = h - p.underline; y < h; ++y) {
      for (int x = 0; x < w; ++x) paper_.set(x0 + p.x + x, top + y);
    }
  }
  paper_.add_text({y0, band, std::move(line_text_)});
  line_.clear();
  line_text_.clear();
  line_x_ = 0;
  return band;
}

void EscPosInterpreter::print_and_feed(int dots) {
  const int printed = print_line();
  paper_.feed(dots - printed);
}

// Images and cuts act on whole lines; text still in the line buffer is
// printed first, and logged, since a driver that relies on this is sloppy.
void EscPosInterpreter::begin_block(const char* what) {
  if (line_.empty()) return;
  note(LogEntry::Kind::kNote, 2, std::string(what) + " in mid-line: pending text printed first");
  print_and_feed(state_.line_spacing);
}

int EscPosInterpreter::block_x(int width) const {
  switch (state_.alignment) {
    case Alignment::kCenter:
      return std::max(0, (paper_.width() - width) / 2);
    case Alignment::kRight:
      return std::max(0, paper_.width() - width);
    case Alignment::kLeft:
      break;
  }
  return 0;
}

// GS v 0 m xL xH yL yH d1..dk: k = x * y bytes, rows top to bottom, MSB left.
std::size_t EscPosInterpreter::raster() {
  if (!have(3)) return 0;
  if (pending_[2] != '0') {
    note(LogEntry::Kind::kUnknown, 2, "unknown command");
    return 2;
  }
  if (!have(8)) return 0;
  const std::uint8_t m = pending_[3];
  const int x_bytes = pending_[4] + 256 * pending_[5];
  const int rows = pending_[6] + 256 * pending_[7];
  const std::size_t len = 8 + static_cast<std::size_t>(x_bytes) * static_cast<std::size_t>(rows);
  if (!have(len)) return 0;
  const int sx = (m & 1) ? 2 : 1;
  const int sy = (m & 2) ? 2 : 1;
  const int width = x_bytes * 8 * sx;
  begin_block("raster image");
  if (width > paper_.width()) {
    note(LogEntry::Kind::kNote, 8, "raster image wider than the media: clipped to " +
                                       std::to_string(paper_.width()) + " dots");
  }
  const int x0 = block_x(std::min(width, paper_.width()));
  const int y0 = paper_.height();
  paper_.feed(rows * sy);
  for (int r = 0; r < rows; ++r) {
    for (int col = 0; col < x_bytes * 8; ++col) {
      const std::uint8_t byte = pending_[8 + static_cast<std::size_t>(r * x_bytes + col / 8)];
      if ((byte >> (7 - col % 8) & 1) == 0) continue;
      for (int dy = 0; dy < sy; ++dy) {
        for (int dx = 0; dx < sx; ++dx) {
          if (col * sx + dx < paper_.width()) paper_.set(x0 + col * sx + dx, y0 + r * sy + dy);
        }
      }
    }
  }
  return len;
}

// GS V m (m = 0/48 full, 1/49 partial) or GS V m n (m = 65/66: feed n dots,
// then cut).
std::size_t EscPosInterpreter::cut() {
  if (!have(3)) return 0;
  const std::uint8_t m = pending_[2];
  std::size_t len = 3;
  int feed = 0;
  if (m == 65 || m == 66) {
    if (!have(4)) return 0;
    len = 4;
    feed = pending_[3];
  } else if (m != 0 && m != 1 && m != 48 && m != 49) {
    note(LogEntry::Kind::kUnsupported, 3, "cut mode not supported: not cut");
    return 3;
  }
  begin_block("cut");
  paper_.feed(feed);
  paper_.cut();
  return len;
}

// body = cn fn [parameters] of GS ( k.
void EscPosInterpreter::qr_function(ByteView body) {
  if (body.size() < 2 || body[0] != 49) {
    note(LogEntry::Kind::kUnsupported, 3, "2D symbol other than QR not supported");
    return;
  }
  const std::uint8_t fn = body[1];
  const std::uint8_t n = body.size() > 2 ? body[2] : 0;
  switch (fn) {
    case 65:  // model: 49 = 1, 50 = 2, 51 = micro
      if (n != 50) note(LogEntry::Kind::kUnsupported, 3, "QR model other than 2: printing model 2");
      break;
    case 67:
      if (n >= 1 && n <= 16) state_.qr_module = n;
      break;
    case 69:
      if (n >= 48 && n <= 51) state_.qr_ec = n;
      break;
    case 80:  // 48 d1..dk
      state_.qr_data.assign(body.begin() + std::min<std::size_t>(3, body.size()), body.end());
      break;
    case 81:
      print_qr();
      break;
    default:
      note(LogEntry::Kind::kUnsupported, 3, "QR function not supported");
      break;
  }
}

void EscPosInterpreter::print_qr() {
  if (state_.qr_data.empty()) {
    note(LogEntry::Kind::kNote, 3, "QR print with no stored data: nothing printed");
    return;
  }
  static constexpr QRecLevel kLevels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
  const CHandle<QRcode, QRcode_free> qr(QRcode_encodeData(static_cast<int>(state_.qr_data.size()),
                                                          state_.qr_data.data(), 0, kLevels[state_.qr_ec - 48]));
  if (qr == nullptr) {
    note(LogEntry::Kind::kNote, 3, "QR data does not fit a symbol: nothing printed");
    return;
  }
  const int size = qr->width * state_.qr_module;
  if (size > paper_.width()) {
    note(LogEntry::Kind::kNote, 3, "QR symbol wider than the media: nothing printed");
  } else {
    begin_block("QR");
    const int x0 = block_x(size);
    const int y0 = paper_.height();
    paper_.feed(size);
    for (int y = 0; y < size; ++y) {
      for (int x = 0; x < size; ++x) {
        const int module = (y / state_.qr_module) * qr->width + x / state_.qr_module;
        if (qr->data[module] & 1) paper_.set(x0 + x, y0 + y);
      }
    }
  }
}

// ESC @: modes back to power-on defaults and the line buffer dropped. The
// ASB setting (GS a) survives, as on Epson printers.
void EscPosInterpreter::initialize() {
  state_ = PrintState{};
  line_.clear();
  line_text_.clear();
  line_x_ = 0;
}

}  // namespace chainslip::sim
