#include "sim/app/camera_command.h"

#include <cstdio>
#include <iostream>
#include <vector>

#include "core/util/file_io.h"
#include "sim/camera/frame_generator.h"
#include "sim/camera/frame_options.h"
#include "core/image/pgm.h"

namespace chainslip::simapp {

namespace {

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const auto& c : sim::frame_conditions()) names.push_back(c.name);
  return names;
}

int fail(const std::string& message) {
  std::cerr << "chainslip-sim camera: " << message << "\n";
  return 2;
}

}  // namespace

CLI::App* add_camera_command(CLI::App& app, CameraArgs& a) {
  auto* cmd = app.add_subcommand("camera", "Write virtual camera frames (a phone showing a QR code) as PGM files");
  cmd->add_option("--payload", a.payload, "Text the QR code encodes (e.g. a line of qr-payloads.txt)")->required();
  cmd->add_option("--preset", a.preset, "Imaging condition")->check(CLI::IsMember(preset_names()));
  cmd->add_option("--size", a.size, "Frame size")->check(CLI::IsMember({"640x480", "1280x720"}));
  cmd->add_option("--seed", a.seed, "Seed of the scene");
  cmd->add_option("--frames", a.frames, "Frames to write (frame_index 0..N-1)")->check(CLI::Range(1, 100000));
  cmd->add_option("--out", a.out, "Directory for frame-NNNN.pgm")->required();
  return cmd;
}

int run_camera(const CameraArgs& a) {
  sim::FrameOptions options;
  bool found = false;
  for (const auto& c : sim::frame_conditions()) {
    if (c.name == a.preset) {
      options = c.options;
      found = true;
    }
  }
  if (!found) return fail("unknown preset \"" + a.preset + "\"");
  if (a.size == "640x480") {
    options.width = 640;
    options.height = 480;
  } else if (a.size == "1280x720") {
    options.width = 1280;
    options.height = 720;
  } else {
    return fail("unsupported size \"" + a.size + "\" (640x480 or 1280x720)");
  }
  if (a.frames < 1) return fail("--frames must be at least 1");
  if (auto st = make_directories(a.out, 0755); !st.ok()) return fail(st.error().message);

  const sim::FrameGenerator generator(a.seed);
  for (int i = 0; i < a.frames; ++i) {
    options.frame_index = static_cast<std::uint64_t>(i);
    auto frame = generator.render(a.payload, options);
    if (!frame.ok()) return fail(frame.error().message);
    char name[32];
    std::snprintf(name, sizeof name, "/frame-%04d.pgm", i + 1);
    const std::string path = a.out + name;
    if (auto st = write_pgm_file(path, *frame); !st.ok()) return fail(st.error().message);
    std::cout << path << "\n";
  }
  return 0;
}

}  // namespace chainslip::simapp
