#include "core/util/data_dir.h"

#include <filesystem>
#include <system_error>

namespace chainslip {

std::string data_dir_for(const std::string& program_path, std::string_view name, const std::string& built_in) {
  const std::filesystem::path installed =
      std::filesystem::path(program_path).parent_path() / ".." / "share" / "chainslip" / name;
  std::error_code ec;
  if (!program_path.empty() && std::filesystem::is_directory(installed, ec)) {
    return installed.lexically_normal().string();
  }
  return built_in;
}

std::string data_dir(std::string_view name, const std::string& built_in) {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return data_dir_for(ec ? std::string() : self.string(), name, built_in);
}

}  // namespace chainslip
