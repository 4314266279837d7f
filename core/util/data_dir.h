#pragma once

#include <string>
#include <string_view>

namespace chainslip {

// Where a program finds its read-only data (printer profiles, the screen's
// page, the scenarios): <program's folder>/../share/chainslip/<name> when that
// folder exists, so an installed program uses what its package installed
// beside it, wherever the package was built; else `built_in`, the build's
// source folder, which is what a program in a build tree uses.
std::string data_dir(std::string_view name, const std::string& built_in);

// The same for a program at `program_path` (the pure part, for tests).
std::string data_dir_for(const std::string& program_path, std::string_view name, const std::string& built_in);

}  // namespace chainslip
