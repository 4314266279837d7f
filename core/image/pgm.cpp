#include "core/image/pgm.h"

#include "core/util/file_io.h"

namespace chainslip {
namespace {

Error invalid(const std::string& why) { return make_error(ErrorCode::kInvalidArgument, "PGM: " + why); }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Reads the header's next decimal field at `pos`, skipping whitespace and
// comments before it; leaves `pos` just after its last digit.
Result<long> next_number(std::string_view data, std::size_t& pos, const char* what) {
  for (;;) {
    if (pos >= data.size()) return invalid(std::string("header ends before the ") + what);
    if (is_space(data[pos])) {
      ++pos;
    } else if (data[pos] == '#') {
      while (pos < data.size() && data[pos] != '\n' && data[pos] != '\r') ++pos;
    } else {
      break;
    }
  }
  long value = 0;
  std::size_t digits = 0;
  while (pos < data.size() && data[pos] >= '0' && data[pos] <= '9') {
    if (++digits > 9) return invalid(std::string(what) + " has too many digits");
    value = value * 10 + (data[pos] - '0');
    ++pos;
  }
  if (digits == 0) return invalid(std::string(what) + " is not a decimal number");
  if (pos < data.size() && !is_space(data[pos]) && data[pos] != '#') {
    return invalid(std::string(what) + " is followed by '" + std::string(1, data[pos]) + "'");
  }
  return value;
}

}  // namespace

std::string encode_pgm(const Y800Frame& frame) {
  std::string out = "P5\n" + std::to_string(frame.width) + " " + std::to_string(frame.height) + "\n255\n";
  out.append(reinterpret_cast<const char*>(frame.pixels.data()), frame.pixels.size());
  return out;
}

Result<Y800Frame> decode_pgm(std::string_view data) {
  if (data.size() < 2 || data[0] != 'P' || data[1] != '5') return invalid("not a binary PGM (no P5 magic)");
  std::size_t pos = 2;
  if (pos >= data.size() || !is_space(data[pos])) return invalid("no whitespace after the P5 magic");
  CS_ASSIGN_OR_RETURN(const long width, next_number(data, pos, "width"));
  CS_ASSIGN_OR_RETURN(const long height, next_number(data, pos, "height"));
  CS_ASSIGN_OR_RETURN(const long maxval, next_number(data, pos, "maxval"));
  if (width < 1 || height < 1 || width > kMaxPgmSide || height > kMaxPgmSide) {
    return invalid("size " + std::to_string(width) + "x" + std::to_string(height) + " outside 1.." +
                   std::to_string(kMaxPgmSide));
  }
  const std::size_t pixels = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  if (pixels > kMaxPgmPixels) {
    return invalid(std::to_string(width) + "x" + std::to_string(height) + " is more than " +
                   std::to_string(kMaxPgmPixels) + " pixels");
  }
  if (maxval != 255) return invalid("maxval " + std::to_string(maxval) + " unsupported: only 8-bit (255)");
  if (pos >= data.size() || !is_space(data[pos])) return invalid("no whitespace between header and pixels");
  ++pos;
  const std::size_t available = data.size() - pos;
  if (available < pixels) {
    return invalid("truncated: " + std::to_string(available) + " of " + std::to_string(pixels) + " pixel bytes");
  }
  if (available > pixels) {
    return invalid(std::to_string(available - pixels) + " bytes after the pixels");
  }
  Y800Frame frame;
  frame.width = static_cast<int>(width);
  frame.height = static_cast<int>(height);
  frame.pixels.assign(data.begin() + static_cast<std::ptrdiff_t>(pos), data.end());
  return frame;
}

Status write_pgm_file(const std::string& path, const Y800Frame& frame) {
  if (frame.width < 1 || frame.height < 1 ||
      frame.pixels.size() != static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height)) {
    return make_error(ErrorCode::kInvalidArgument, "PGM: frame for " + path + " has inconsistent size");
  }
  return write_file_atomic(path, encode_pgm(frame));
}

Result<Y800Frame> read_pgm_file(const std::string& path) {
  // Header (magic, three numbers, comments) is small; allow generous room.
  constexpr std::size_t kMaxHeader = 4096;
  CS_ASSIGN_OR_RETURN(const std::string data, read_file(path, kMaxPgmPixels + kMaxHeader));
  auto frame = decode_pgm(data);
  if (!frame.ok()) return make_error(frame.code(), path + ": " + frame.error().message);
  return frame;
}

}  // namespace chainslip
