#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace chainslip::simapp {

// `chainslip-sim camera`: writes virtual camera frames as PGM files
// (docs/PROTOCOL.md §10).
struct CameraArgs {
  std::string payload;
  std::string preset = "clean";
  std::string size = "640x480";
  std::uint64_t seed = 1;
  int frames = 1;
  std::string out;
};

CLI::App* add_camera_command(CLI::App& app, CameraArgs& args);
// 0 on success, 2 on bad arguments or a failed write.
int run_camera(const CameraArgs& args);

}  // namespace chainslip::simapp
