#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/util/bytes.h"
#include "core/util/result.h"

namespace chainslip::escpos {

// Text for a Chinese ESC/POS printer: the one place UTF-8 becomes GB18030
// (the bytes a printer takes after FS &), and the one measure of how many
// printer columns text takes in Font A: 2 for East Asian Wide and Fullwidth
// characters (汉字, full-width forms such as ￥), 1 for everything else. Width
// is by code point, so text with East Asian Ambiguous characters (…, ·, ×)
// measures narrower than a GB18030 font prints them: the layout uses none.

// Printable UTF-8 to GB18030 through glibc's iconv. kInvalidArgument (with
// the byte offset) for invalid UTF-8 and for control characters, which a
// printer would take as commands.
Result<Bytes> encode_gb18030(std::string_view utf8);

int char_columns(char32_t cp);
int text_columns(std::string_view utf8);

// Text cut to at most `columns` at a character boundary, never inside one.
// When it does not fit, it ends in ".." (two ASCII dots: "…" is ambiguous
// width, one column in some fonts and two in GB18030 fonts).
std::string truncate_to_columns(std::string_view utf8, int columns);

// Truncated to `columns` if longer, then padded with spaces to exactly
// `columns` on the right (kLeft: text at the left) or the left (kRight).
enum class TextAlign { kLeft, kRight };
std::string fit_to_columns(std::string_view utf8, int columns, TextAlign align);

// Lines of at most `columns` each, broken between characters (CJK text has
// no spaces to break at); empty text is one empty line.
std::vector<std::string> wrap_to_columns(std::string_view utf8, int columns);

}  // namespace chainslip::escpos
