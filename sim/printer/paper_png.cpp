#include "sim/printer/paper_png.h"

#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstring>

#include "core/util/file_io.h"

namespace chainslip::sim {
namespace {

constexpr int kMaxWidth = 4096;
constexpr int kMaxHeight = 1 << 20;
constexpr std::size_t kMaxPngBytes = 64u << 20;

void append_cb(png_structp png, png_bytep data, png_size_t len) {
  auto* out = static_cast<Bytes*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + len);
}
void flush_cb(png_structp) {}

struct Reader {
  ByteView data;
  std::size_t pos = 0;
};
void read_cb(png_structp png, png_bytep out, png_size_t len) {
  auto* r = static_cast<Reader*>(png_get_io_ptr(png));
  if (r->data.size() - r->pos < len) png_error(png, "truncated PNG");
  std::memcpy(out, r->data.data() + r->pos, len);
  r->pos += len;
}

// libpng reports errors by longjmp to here. Everything with a destructor is
// owned by the callers, so the jump skips none.
bool encode(png_structp png, png_infop info, const Paper& paper, std::string& text, std::vector<png_byte>& row,
            Bytes& out) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_write_fn(png, &out, append_cb, flush_cb);
  png_set_IHDR(png, info, static_cast<png_uint_32>(paper.width()), static_cast<png_uint_32>(paper.height()), 1,
               PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_text chunk{};
  chunk.compression = PNG_ITXT_COMPRESSION_NONE;
  chunk.key = const_cast<char*>(kPaperTextKey);
  chunk.text = text.data();
  chunk.itxt_length = text.size();
  png_set_text(png, info, &chunk, 1);
  png_write_info(png, info);
  for (int y = 0; y < paper.height(); ++y) {
    std::fill(row.begin(), row.end(), png_byte{0xFF});
    for (int x = 0; x < paper.width(); ++x) {
      if (paper.dot(x, y)) row[static_cast<std::size_t>(x / 8)] &= static_cast<png_byte>(~(0x80u >> (x % 8)));
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  return true;
}

bool decode(png_structp png, png_infop info, Reader& reader, PaperImage& image, std::string& text) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_read_fn(png, &reader, read_cb);
  png_read_info(png, info);
  if (png_get_color_type(png, info) != PNG_COLOR_TYPE_GRAY) png_error(png, "not a greyscale PNG");
  image.width = static_cast<int>(png_get_image_width(png, info));
  image.height = static_cast<int>(png_get_image_height(png, info));
  if (image.width > kMaxWidth || image.height > kMaxHeight) png_error(png, "image too large");
  png_set_expand_gray_1_2_4_to_8(png);
  png_set_strip_16(png);
  png_read_update_info(png, info);
  image.grey.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height));
  for (int y = 0; y < image.height; ++y) {
    png_read_row(png, image.grey.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width),
                 nullptr);
  }
  png_read_end(png, info);
  png_textp chunks = nullptr;
  int count = 0;
  png_get_text(png, info, &chunks, &count);
  for (int i = 0; i < count; ++i) {
    if (std::strcmp(chunks[i].key, kPaperTextKey) == 0) {
      const std::size_t len = chunks[i].compression >= PNG_ITXT_COMPRESSION_NONE ? chunks[i].itxt_length
                                                                                   : chunks[i].text_length;
      text.assign(chunks[i].text, len);
    }
  }
  return true;
}

}  // namespace

Result<Bytes> encode_paper_png(const Paper& paper) {
  if (paper.height() == 0) return make_error(ErrorCode::kFailedPrecondition, "nothing printed: no PNG to write");
  std::string text;
  for (const TextLine& line : paper.text()) text += line.utf8 + "\n";
  std::vector<png_byte> row(static_cast<std::size_t>(paper.width() + 7) / 8);
  Bytes out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png == nullptr ? nullptr : png_create_info_struct(png);
  const bool ok = info != nullptr && encode(png, info, paper, text, row, out);
  png_destroy_write_struct(&png, &info);
  if (!ok) return make_error(ErrorCode::kInternal, "libpng failed to encode the paper");
  return out;
}

Status write_paper_png(const Paper& paper, const std::string& path) {
  CS_ASSIGN_OR_RETURN(Bytes png, encode_paper_png(paper));
  return write_file_atomic(path, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
}

Result<PaperImage> decode_paper_png(ByteView data) {
  Reader reader{data};
  PaperImage image;
  std::string text;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png == nullptr ? nullptr : png_create_info_struct(png);
  const bool ok = info != nullptr && decode(png, info, reader, image, text);
  png_destroy_read_struct(&png, &info, nullptr);
  if (!ok) return make_error(ErrorCode::kInvalidArgument, "not a greyscale PNG libpng can read");
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t nl = text.find('\n', start);
    const std::size_t end = nl == std::string::npos ? text.size() : nl;
    image.text.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return image;
}

Result<PaperImage> read_paper_png(const std::string& path) {
  CS_ASSIGN_OR_RETURN(std::string data, read_file(path, kMaxPngBytes));
  return decode_paper_png(as_bytes(data));
}

}  // namespace chainslip::sim
