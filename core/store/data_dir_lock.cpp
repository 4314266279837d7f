#include "core/store/data_dir_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "core/util/file_io.h"

namespace chainslip {
namespace {

flock whole_file(short type) {
  flock lock{};
  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  lock.l_start = 0;
  lock.l_len = 0;  // to the end, however long
  return lock;
}

std::optional<pid_t> read_pid(int fd) {
  std::array<char, 32> buf{};
  const ssize_t n = ::pread(fd, buf.data(), buf.size() - 1, 0);
  if (n <= 0) return std::nullopt;
  pid_t pid = 0;
  const auto [end, ec] = std::from_chars(buf.data(), buf.data() + n, pid);
  if (ec != std::errc{} || pid <= 0) return std::nullopt;
  return pid;
}

}  // namespace

std::string DataDirLock::lock_path(const std::string& dir) { return dir + "/chainslipd.lock"; }

Result<DataDirLock> DataDirLock::acquire(const std::string& dir) {
  CS_RETURN_IF_ERROR(make_directories(dir, 0700));
  const std::string path = lock_path(dir);
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) {
    const int error = errno;
    return make_error(error == EACCES || error == EPERM ? ErrorCode::kPermissionDenied : ErrorCode::kUnavailable,
                      "cannot open the data directory's lock " + path + ": " + std::strerror(error));
  }
  flock lock = whole_file(F_WRLCK);
  if (::fcntl(fd.get(), F_OFD_SETLK, &lock) != 0) {
    const int error = errno;
    if (error != EAGAIN && error != EACCES) {
      return make_error(ErrorCode::kUnavailable, "cannot lock " + path + ": " + std::strerror(error));
    }
    const std::optional<pid_t> pid = read_pid(fd.get());
    return make_error(ErrorCode::kBusy,
                      "the data directory " + dir + " is in use by another chainslipd" +
                          (pid ? " (pid " + std::to_string(*pid) + ")" : std::string()) +
                          "; stop it first: two daemons on one journal would void each other's paper");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd.get(), 0) != 0 ||
      ::pwrite(fd.get(), pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    return make_error(ErrorCode::kUnavailable, "cannot write the PID into " + path + ": " + std::strerror(errno));
  }
  return DataDirLock(std::move(fd));
}

std::optional<DataDirLock::Holder> DataDirLock::holder(const std::string& dir) {
  UniqueFd fd(::open(lock_path(dir).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return std::nullopt;
  flock probe = whole_file(F_WRLCK);
  if (::fcntl(fd.get(), F_OFD_GETLK, &probe) != 0 || probe.l_type == F_UNLCK) return std::nullopt;
  // Held: the PID is the holder's own word (OFD locks report l_pid -1).
  return Holder{read_pid(fd.get())};
}

}  // namespace chainslip
