// The repository stands alone: a clone with nothing beside it builds and
// passes. This walks every build, test and script file and fails on a path
// that leaves the tree (the project's shared folder beside the clone, an
// absolute workspace path, the top-level source dir's parent).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace chainslip {
namespace {

namespace fs = std::filesystem;

bool is_checked_file(const fs::path& p) {
  static const std::set<std::string> kExtensions = {".cpp", ".h",   ".cmake", ".sh",   ".py",
                                                    ".js",  ".mjs", ".json",  ".toml", ".service"};
  const std::string name = p.filename().string();
  return kExtensions.count(p.extension().string()) > 0 || name == "CMakeLists.txt" || name == "run";
}

bool is_skipped_dir(const fs::path& p) {
  const std::string name = p.filename().string();
  return name == ".git" || name == "node_modules" || name.rfind("build", 0) == 0;
}

// Spelled in pieces so this file does not match itself.
std::vector<std::string> leaving_patterns() {
  const std::string up = "..";
  return {up + "/shared", "/work" + std::string("/"), "SOURCE_DIR}/" + up,
          "shared" + std::string("/testdata")};
}

TEST(RepositoryPathsTest, NoBuildTestOrScriptFileReachesOutsideTheRepository) {
  const fs::path root = CHAINSLIP_SOURCE_DIR;
  ASSERT_TRUE(fs::exists(root / "CMakeLists.txt"));
  std::vector<std::string> offenders;
  std::size_t checked = 0;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_directory() && is_skipped_dir(it->path())) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || !is_checked_file(it->path())) continue;
    if (it->path().filename() == "repository_paths_test.cpp") continue;  // it names the patterns
    ++checked;
    std::ifstream in(it->path());
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      // CMake's top-level dir is the repository: its parent is outside. A
      // subfolder's CMAKE_CURRENT_SOURCE_DIR/.. stays inside and is fine.
      for (const std::string& pattern : leaving_patterns()) {
        const bool current_dir = pattern.rfind("SOURCE_DIR", 0) == 0 &&
                                 line.find("CURRENT_SOURCE_DIR}/..") != std::string::npos &&
                                 line.find("PROJECT_SOURCE_DIR}/..") == std::string::npos &&
                                 line.find("{CMAKE_SOURCE_DIR}/..") == std::string::npos;
        if (line.find(pattern) != std::string::npos && !current_dir) {
          std::ostringstream o;
          o << fs::relative(it->path(), root).string() << ":" << n << ": " << line;
          offenders.push_back(o.str());
        }
      }
    }
  }
  EXPECT_GT(checked, 100u) << "walked too few files: is CHAINSLIP_SOURCE_DIR the repository?";
  for (const auto& o : offenders) ADD_FAILURE() << "path leaves the repository: " << o;
}

}  // namespace
}  // namespace chainslip
