#include "sim/app/soak/process_resources.h"

#include <malloc.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace chainslip::simapp {

Result<ProcessResources> sample_process_resources() {
  ProcessResources r;
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size_pages = 0;
  std::uint64_t resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) {
    return make_error(ErrorCode::kUnavailable, "cannot read /proc/self/statm");
  }
  r.rss_bytes = resident_pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));

  const struct mallinfo2 heap = ::mallinfo2();
  r.heap_bytes = heap.uordblks + heap.hblkhd;

  std::error_code ec;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) {
    ++r.open_fds;
  }
  if (ec) return make_error(ErrorCode::kUnavailable, "cannot list /proc/self/fd: " + ec.message());

  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Threads:", 0) == 0) r.threads = std::stoul(line.substr(8));
  }
  if (r.threads == 0) return make_error(ErrorCode::kUnavailable, "no Threads: line in /proc/self/status");
  return r;
}

}  // namespace chainslip::simapp
