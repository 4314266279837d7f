#pragma once

#include <string>
#include <vector>

#include "core/util/bytes.h"

namespace chainslip::escpos {

// A printer job as the ESC/POS driver sends it: a sequence of units, each
// one or more complete commands (never half of one), and each at most the
// profile's buffer size, so the driver can pace the job unit by unit and
// put status queries between units, never inside a command's data.
struct PrintJob {
  std::string label;  // what the operator log calls it: "paper copy P-000123"
  std::vector<Bytes> units;
};

}  // namespace chainslip::escpos
