#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>

// A SQLite VFS for tests, in the manner of SQLite's own src/test_vfs.c: it
// hands every call to the default VFS and fails the nth call of one file
// operation, once or from then on. A database opened with its name
// (ExchangeJournal::open's vfs_name) does its I/O through it. Test builds
// only: it is in chainslip_test_support, which no program links.
namespace chainslip::test {

// The operations counted and failed. kLock is xLock (a request for a
// stronger lock on the database file), kShmLock an xShmLock lock request
// (WAL mode takes its read and write locks there); releases are not counted.
enum class FileOp { kWrite, kSync, kTruncate, kLock, kShmLock };
inline constexpr std::size_t kFileOpCount = 5;
std::string_view file_op_name(FileOp op);

struct FileOpCounts {
  std::array<std::uint64_t, kFileOpCount> calls{};
  std::uint64_t& operator[](FileOp op) { return calls[static_cast<std::size_t>(op)]; }
  std::uint64_t operator[](FileOp op) const { return calls[static_cast<std::size_t>(op)]; }
};

struct Fault {
  FileOp op = FileOp::kWrite;
  std::uint64_t nth = 1;    // counted from when it is armed: 1 is the next call
  bool persistent = false;  // every later call of `op` fails as well
  // SQLITE_FULL instead of the operation's SQLITE_IOERR_* code (xWrite only).
  bool disk_full = false;
};

// A failed write is cut short, as write(2) is on a full or failing disk: the
// first half of the buffer reaches the file, then the error is returned.
class FaultyVfs {
 public:
  // Registers the VFS (not as the default) on first use.
  static FaultyVfs& instance();
  // What to open a database with.
  const char* vfs_name() const;

  // Counts from zero again and fails as `fault` says.
  void arm(const Fault& fault);
  // Counts from zero again and fails nothing.
  void disarm();
  FileOpCounts counts() const;
  // How many calls failed since the last arm().
  std::uint64_t failures() const;

  // Called by the VFS's file methods: counts the call; the error code to
  // return instead of doing it, or nullopt to do it.
  std::optional<int> next(FileOp op);

 private:
  FaultyVfs() = default;

  mutable std::mutex mutex_;
  FileOpCounts counts_;
  std::optional<Fault> fault_;
  std::uint64_t failures_ = 0;
};

}  // namespace chainslip::test
