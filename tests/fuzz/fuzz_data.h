#pragma once

// The data a fuzz target checks its inputs against (tests/fuzz/data/<file>,
// written with the seeds by make_fuzz_seeds): read once, at the target's
// first input. A target that cannot read it has nothing to check against:
// it exits 2 naming the file and why.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/util/file_io.h"
#include "core/util/strict_json.h"

namespace chainslip::fuzz {

[[noreturn]] inline void setup_failed(const std::string& target, const std::string& why) {
  std::fprintf(stderr, "%s: %s\n", target.c_str(), why.c_str());
  std::exit(2);
}

// tests/fuzz/data/`file` (CHAINSLIP_FUZZ_DATA_DIR), parsed strictly.
inline Json load_data(const std::string& target, const std::string& file) {
  const std::string path = std::string(CHAINSLIP_FUZZ_DATA_DIR) + "/" + file;
  auto text = read_file(path, kMaxJsonBytes);
  if (!text.ok()) setup_failed(target, path + ": " + text.error().message);
  auto doc = parse_strict_json(*text);
  if (!doc.ok()) setup_failed(target, path + ": " + doc.error().message);
  return std::move(doc).value();
}

}  // namespace chainslip::fuzz
