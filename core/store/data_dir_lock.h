#pragma once

#include <optional>
#include <string>
#include <sys/types.h>

#include "core/util/result.h"
#include "core/util/unique_fd.h"

namespace chainslip {

// One daemon per kiosk data directory. Two chainslipd on one journal would
// each "recover" the other's exchange in flight and void paper the other is
// printing, so the daemon holds an exclusive lock on DIR/chainslipd.lock for
// its whole life. The lock is an open-file-description lock (fcntl
// F_OFD_SETLK): like flock(2) it goes with the process, even on SIGKILL, and
// unlike flock(2) another process can test it without taking it (holder()).
// The file holds the holder's PID, for the operator's message.
class DataDirLock {
 public:
  // Creates DIR (0700) if missing and takes its lock. kBusy, naming the
  // holder's PID, when another process has it; kPermissionDenied or
  // kUnavailable when the lock file cannot be opened.
  static Result<DataDirLock> acquire(const std::string& dir);

  struct Holder {
    std::optional<pid_t> pid;  // unknown while the holder is still writing it
  };
  // Who holds DIR's lock; nullopt when nobody does (or DIR has no lock file).
  // Takes nothing.
  static std::optional<Holder> holder(const std::string& dir);

  static std::string lock_path(const std::string& dir);

 private:
  explicit DataDirLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace chainslip
