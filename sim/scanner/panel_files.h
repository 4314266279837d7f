#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/util/bytes.h"
#include "core/util/result.h"

namespace chainslip::sim {

// What the scanner panel shows, read from the files the simulator writes
// (docs/PROTOCOL.md section 10).

// The first `max` non-empty lines of qr-payloads.txt (one QR payload a line).
Result<std::vector<std::string>> read_qr_payloads(const std::string& path, std::size_t max);

// The newest ticket-NNNN.png in `dir` (the virtual printer's paper), or
// nullopt when there is none yet or it cannot be read.
std::optional<Bytes> newest_ticket_png(const std::string& dir);

}  // namespace chainslip::sim
