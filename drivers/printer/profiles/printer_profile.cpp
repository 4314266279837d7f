#include "drivers/printer/profiles/printer_profile.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <set>
#include <string_view>

#include "core/util/data_dir.h"
#include "core/util/file_io.h"
#include "core/util/name_table.h"
#include "core/util/strict_json.h"

namespace chainslip::escpos {
namespace {

constexpr std::size_t kMaxProfileBytes = 64 * 1024;

constexpr NameTable<ChineseSupport, 3> kChineseNames{{
    {ChineseSupport::kFsAmpersand, "fs-ampersand"},
    {ChineseSupport::kGb18030Default, "gb18030-default"},
    {ChineseSupport::kNone, "none"},
}};
constexpr NameTable<CutSupport, 2> kCutNames{{
    {CutSupport::kFull, "full"},
    {CutSupport::kPartial, "partial"},
}};

Error invalid(const std::string& message) { return make_error(ErrorCode::kInvalidArgument, message); }

int as_int(std::uint64_t v) { return static_cast<int>(v); }

Result<PrinterFont> read_font(const Json& value, const std::string& where, int print_width_dots) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  CS_ASSIGN_OR_RETURN(std::uint64_t width, f.u64("char_width", 1, 64));
  CS_ASSIGN_OR_RETURN(std::uint64_t height, f.u64("char_height", 1, 128));
  CS_ASSIGN_OR_RETURN(std::uint64_t columns, f.u64("columns", 1, 256));
  CS_RETURN_IF_ERROR(f.finish());
  const PrinterFont font{as_int(width), as_int(height), as_int(columns)};
  if (font.columns * font.char_width > print_width_dots) {
    return invalid(where + ": " + std::to_string(font.columns) + " columns of " + std::to_string(font.char_width) +
                   " dots do not fit print_width_dots " + std::to_string(print_width_dots));
  }
  return font;
}

Result<std::map<int, std::string>> read_code_pages(const Json& value, const std::string& where) {
  std::map<int, std::string> pages;
  for (const auto& [key, name] : value.items()) {
    int n = -1;
    auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), n);
    if (ec != std::errc{} || end != key.data() + key.size() || n < 0 || n > 255 ||
        std::to_string(n) != key) {
      return invalid(where + ": key \"" + key + "\" is not an ESC t number 0..255");
    }
    if (!name.is_string() || name.get_ref<const std::string&>().empty() ||
        !is_printable_utf8(name.get_ref<const std::string&>())) {
      return invalid(where + "." + key + ": expected the code page's name");
    }
    pages[n] = name.get<std::string>();
  }
  return pages;
}

Result<UsbId> parse_usb_id(const Json& value, const std::string& where) {
  auto hex4 = [](std::string_view s, std::uint16_t& out) {
    unsigned v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
    out = static_cast<std::uint16_t>(v);
    return s.size() == 4 && ec == std::errc{} && end == s.data() + s.size();
  };
  UsbId id;
  if (value.is_string()) {
    const std::string_view s = value.get_ref<const std::string&>();
    if (s.size() == 9 && s[4] == ':' && hex4(s.substr(0, 4), id.vendor) && hex4(s.substr(5), id.product)) {
      return id;
    }
  }
  return invalid(where + ": expected \"vvvv:pppp\" (USB vendor:product in hex), got " + value.dump());
}

Status check_sizes(const PrinterProfile& p, const std::string& where) {
  if (p.print_width_dots % 8 != 0) {
    return invalid(where + ".print_width_dots: must be a multiple of 8 (raster rows are whole bytes)");
  }
  if (p.print_width_dots > p.paper_width_mm * p.dots_per_mm) {
    return invalid(where + ".print_width_dots: " + std::to_string(p.print_width_dots) + " dots are wider than " +
                   std::to_string(p.paper_width_mm) + " mm paper at " + std::to_string(p.dots_per_mm) +
                   " dots/mm");
  }
  const std::size_t row_bytes = static_cast<std::size_t>(p.print_width_dots / 8);
  if (p.max_raster_strip_bytes < row_bytes) {
    return invalid(where + ".max_raster_strip_bytes: must hold at least one full row (" +
                   std::to_string(row_bytes) + " bytes)");
  }
  // A strip is one GS v 0 command: 8 header bytes and its data must fit the
  // buffer, or the printer could never hold the whole command.
  if (p.max_raster_strip_bytes + 8 > p.input_buffer_bytes) {
    return invalid(where + ".max_raster_strip_bytes: a strip plus its 8-byte header must fit input_buffer_bytes (" +
                   std::to_string(p.input_buffer_bytes) + ")");
  }
  return {};
}

Result<PrinterProfile> parse_profile(const Json& doc, const std::string& file) {
  const std::string where = file + ": profile";
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(doc, where));
  PrinterProfile p;
  CS_ASSIGN_OR_RETURN(p.id, f.text("id", 1, 64));
  CS_ASSIGN_OR_RETURN(p.vendor, f.text("vendor", 1, 64));
  CS_ASSIGN_OR_RETURN(p.model, f.text("model", 1, 128));
  CS_ASSIGN_OR_RETURN(std::uint64_t paper_mm, f.u64("paper_width_mm", 20, 120));
  CS_ASSIGN_OR_RETURN(std::uint64_t width, f.u64("print_width_dots", 64, 2048));
  CS_ASSIGN_OR_RETURN(std::uint64_t dpmm, f.u64("dots_per_mm", 4, 24));
  p.paper_width_mm = as_int(paper_mm);
  p.print_width_dots = as_int(width);
  p.dots_per_mm = as_int(dpmm);

  CS_ASSIGN_OR_RETURN(const Json* fonts, f.object("fonts"));
  CS_ASSIGN_OR_RETURN(FieldReader ff, FieldReader::open(*fonts, f.path("fonts")));
  CS_ASSIGN_OR_RETURN(const Json* font_a, ff.object("a"));
  CS_ASSIGN_OR_RETURN(const Json* font_b, ff.object("b"));
  CS_RETURN_IF_ERROR(ff.finish());
  CS_ASSIGN_OR_RETURN(p.font_a, read_font(*font_a, ff.path("a"), p.print_width_dots));
  CS_ASSIGN_OR_RETURN(p.font_b, read_font(*font_b, ff.path("b"), p.print_width_dots));

  CS_ASSIGN_OR_RETURN(const Json* pages, f.object("code_pages"));
  CS_ASSIGN_OR_RETURN(p.code_pages, read_code_pages(*pages, f.path("code_pages")));
  CS_ASSIGN_OR_RETURN(p.native_qr, f.boolean("native_qr"));
  CS_ASSIGN_OR_RETURN(p.raster_image, f.boolean("raster_image"));

  CS_ASSIGN_OR_RETURN(std::string chinese, f.text("chinese", 1, 32));
  const auto support = value_in(kChineseNames, chinese);
  if (!support) {
    return invalid(f.path("chinese") + ": \"" + chinese + "\" is not fs-ampersand, gb18030-default or none");
  }
  p.chinese = *support;

  CS_ASSIGN_OR_RETURN(const Json* cuts, f.array("cuts", 2));
  for (const Json& cut : *cuts) {
    const auto kind = cut.is_string() ? value_in(kCutNames, cut.get_ref<const std::string&>()) : std::nullopt;
    if (!kind) return invalid(f.path("cuts") + ": " + cut.dump() + " is not \"full\" or \"partial\"");
    if (std::find(p.cuts.begin(), p.cuts.end(), *kind) != p.cuts.end()) {
      return invalid(f.path("cuts") + ": " + cut.dump() + " listed twice");
    }
    p.cuts.push_back(*kind);
  }
  CS_ASSIGN_OR_RETURN(std::uint64_t feed, f.u64("feed_before_cut_dots", 0, 255));
  p.feed_before_cut_dots = as_int(feed);
  CS_ASSIGN_OR_RETURN(std::uint64_t buffer, f.u64("input_buffer_bytes", 256, 1 << 20));
  CS_ASSIGN_OR_RETURN(std::uint64_t strip, f.u64("max_raster_strip_bytes", 1, 1 << 20));
  p.input_buffer_bytes = static_cast<std::size_t>(buffer);
  p.max_raster_strip_bytes = static_cast<std::size_t>(strip);

  CS_ASSIGN_OR_RETURN(const Json* usb, f.array("usb_ids", 32));
  for (std::size_t i = 0; i < usb->size(); ++i) {
    CS_ASSIGN_OR_RETURN(UsbId id, parse_usb_id((*usb)[i], f.path("usb_ids") + "[" + std::to_string(i) + "]"));
    p.usb_ids.push_back(id);
  }
  CS_RETURN_IF_ERROR(f.finish());
  CS_RETURN_IF_ERROR(check_sizes(p, where));

  const std::string stem = std::filesystem::path(file).stem().string();
  if (p.id != stem) {
    return invalid(f.path("id") + ": \"" + p.id + "\" must match the file name \"" + stem + ".json\"");
  }
  return p;
}

std::vector<std::string> search_dirs(const std::string& extra_dir) {
  std::vector<std::string> dirs;
  if (!extra_dir.empty()) dirs.push_back(extra_dir);
  dirs.push_back(data_dir("profiles", CHAINSLIP_PROFILE_DIR));
  return dirs;
}

bool is_profile_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

Result<PrinterProfile> load_printer_profile(const std::string& path) {
  CS_ASSIGN_OR_RETURN(std::string text, read_file(path, kMaxProfileBytes));
  auto doc = parse_strict_json(text);
  if (!doc.ok()) return invalid(path + ": " + doc.error().message);
  return parse_profile(*doc, path);
}

Result<PrinterProfile> load_profile_by_id(const std::string& id, const std::string& extra_dir) {
  if (!is_profile_id(id)) {
    return invalid("printer profile id \"" + id + "\" is not a profile name (lowercase letters, digits, '-')");
  }
  std::string searched;
  for (const std::string& dir : search_dirs(extra_dir)) {
    const std::string path = dir + "/" + id + ".json";
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return load_printer_profile(path);
    searched += (searched.empty() ? "" : ", ") + dir;
  }
  std::string known;
  for (const std::string& name : list_profiles(extra_dir)) known += (known.empty() ? "" : ", ") + name;
  return make_error(ErrorCode::kNotFound, "no printer profile \"" + id + "\" in " + searched +
                                              " (known: " + (known.empty() ? "none" : known) + ")");
}

std::vector<std::string> list_profiles(const std::string& extra_dir) {
  std::set<std::string> ids;
  for (const std::string& dir : search_dirs(extra_dir)) {
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const auto& path = it->path();
      if (path.extension() == ".json" && is_profile_id(path.stem().string())) ids.insert(path.stem().string());
    }
  }
  return {ids.begin(), ids.end()};
}

}  // namespace chainslip::escpos
