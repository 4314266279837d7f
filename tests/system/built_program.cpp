#include "built_program.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <sstream>
#include <system_error>

namespace chainslip::test {

namespace fs = std::filesystem;

fs::path built_program(const std::string& relative) {
  std::error_code ec;
  // qemu-user answers /proc/self/exe with the emulated binary, not itself.
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return self.parent_path().parent_path() / relative;
}

std::vector<std::string> program_argv(const fs::path& program, const std::vector<std::string>& args) {
  // Space-separated words (tests/CMakeLists.txt); empty in a native build.
  std::istringstream emulator(CHAINSLIP_TEST_EMULATOR);
  std::vector<std::string> argv;
  for (std::string word; emulator >> word;) argv.push_back(word);
  argv.push_back(program.string());
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::string program_command(const fs::path& program, const std::vector<std::string>& args) {
  std::string cmd;
  for (const auto& word : program_argv(program, args)) cmd += (cmd.empty() ? "" : " ") + shell_quote(word);
  return cmd;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

ShellRun run_shell(const std::string& command) {
  ShellRun r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "popen failed: " << command;
    return r;
  }
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace chainslip::test
