#pragma once

#include <cstddef>
#include <cstdint>

#include "core/util/result.h"

namespace chainslip::simapp {

// What this process holds now, as the soak test samples it.
struct ProcessResources {
  std::uint64_t rss_bytes = 0;  // resident set: /proc/self/statm, pages x page size
  std::uint64_t heap_bytes =
      0;  // malloc'd and in use: mallinfo2() uordblks + hblkhd (every arena, mmapped chunks)
  std::size_t open_fds = 0;  // entries of /proc/self/fd (the one reading it included)
  std::size_t threads = 0;   // Threads: of /proc/self/status
};

// kUnavailable when /proc cannot be read.
Result<ProcessResources> sample_process_resources();

}  // namespace chainslip::simapp
