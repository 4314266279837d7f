#pragma once

#include <string>

#include "core/util/strict_json.h"
#include "sim/app/soak/soak_run.h"

namespace chainslip::simapp {

// The readable summary of a soak day: what it contained, the hourly table of
// the process's resources, the limits and every invariant's verdict (with
// the first violations and, if any failed, the log's tail).
std::string soak_summary_text(const SoakReport& report);
// The same as JSON (`chainslip-sim soak --json FILE`, docs/SOAK.md).
Json soak_report_json(const SoakReport& report);

}  // namespace chainslip::simapp
