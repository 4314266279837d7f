#pragma once

#include <string>
#include <string_view>
#include <sys/types.h>

#include "core/util/result.h"

namespace chainslip {

// Reads a whole regular file of at most max_bytes (a FIFO, socket or device
// is refused at once, never waited on). Errors name the path and the reason
// (kNotFound, kFailedPrecondition for permissions, kInvalidArgument for too
// large or not a regular file, kUnavailable otherwise).
Result<std::string> read_file(const std::string& path, std::size_t max_bytes);

// Writes a file all-or-nothing: a temporary beside it, fsync, rename, fsync
// of the directory. A reader sees the old content or the new, never a part.
Status write_file_atomic(const std::string& path, std::string_view content, mode_t mode = 0644);

// fsync of the directory holding `path`, so that a name just made or renamed
// there survives a power cut. Best effort: nothing to report if it fails.
void sync_parent_directory(const std::string& path);

// mkdir -p with the given mode for new directories.
Status make_directories(const std::string& path, mode_t mode = 0755);

}  // namespace chainslip
