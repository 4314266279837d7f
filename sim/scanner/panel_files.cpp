#include "sim/scanner/panel_files.h"

#include <filesystem>
#include <sstream>

#include "core/util/file_io.h"

namespace chainslip::sim {
namespace {

constexpr std::size_t kMaxPayloadFileBytes = 1 << 20;
constexpr std::size_t kMaxTicketPngBytes = 16 << 20;

}  // namespace

Result<std::vector<std::string>> read_qr_payloads(const std::string& path, std::size_t max) {
  CS_ASSIGN_OR_RETURN(std::string text, read_file(path, kMaxPayloadFileBytes));
  std::vector<std::string> payloads;
  std::istringstream lines(text);
  std::string line;
  while (payloads.size() < max && std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) payloads.push_back(line);
  }
  return payloads;
}

std::optional<Bytes> newest_ticket_png(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::optional<fs::path> newest;
  // ticket-NNNN.png: the number orders them (zero-padded to 4, longer past
  // 9999), which survives a copy that resets the files' times.
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("ticket-", 0) != 0 || it->path().extension() != ".png") continue;
    const std::string best = newest ? newest->filename().string() : std::string();
    if (!newest || name.size() > best.size() || (name.size() == best.size() && name > best))
      newest = it->path();
  }
  if (!newest) return std::nullopt;
  Result<std::string> png = read_file(newest->string(), kMaxTicketPngBytes);
  if (!png.ok()) return std::nullopt;
  return Bytes(png.value().begin(), png.value().end());
}

}  // namespace chainslip::sim
