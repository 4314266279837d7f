#pragma once

// The programs of this build (chainslipd, chainslip, chainslip-sim) as the
// tests start them: found beside the test binary's own build folder, and in a
// cross build started through the emulator ctest runs the tests under
// (CMAKE_CROSSCOMPILING_EMULATOR, docs/CROSS.md).

#include <filesystem>
#include <string>
#include <vector>

namespace chainslip::test {

// <build>/<relative>, e.g. built_program("firmware/chainslipd"); empty when
// the test binary's own path cannot be read.
std::filesystem::path built_program(const std::string& relative);

// The argv that runs `program` with `args`: the emulator's words first in a
// cross build, so argv[0] is then the emulator.
std::vector<std::string> program_argv(const std::filesystem::path& program,
                                      const std::vector<std::string>& args);

// The same argv as one /bin/sh command line, every word single-quoted.
std::string program_command(const std::filesystem::path& program, const std::vector<std::string>& args);

std::string shell_quote(const std::string& s);

// What a /bin/sh command line printed on stdout and its exit status (-1 when
// it did not exit normally, or could not be started: a test failure).
struct ShellRun {
  int exit_code = -1;
  std::string out;
};
ShellRun run_shell(const std::string& command);

}  // namespace chainslip::test
