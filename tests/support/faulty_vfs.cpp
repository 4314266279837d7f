#include "tests/support/faulty_vfs.h"

#include <sqlite3.h>

#include <cstdlib>

namespace chainslip::test {
namespace {

constexpr const char* kFaultyVfsName = "chainslip-faulty";

// A file of the faulty VFS: its methods, then the default VFS's file they
// hand the calls to, which lives right behind it (szOsFile covers both).
struct FaultyFile {
  sqlite3_file base;
  sqlite3_file* real;
};

sqlite3_file* real_of(sqlite3_file* file) { return reinterpret_cast<FaultyFile*>(file)->real; }
const sqlite3_io_methods& methods_of(sqlite3_file* file) { return *real_of(file)->pMethods; }

int io_error_of(FileOp op) {
  switch (op) {
    case FileOp::kWrite: return SQLITE_IOERR_WRITE;
    case FileOp::kSync: return SQLITE_IOERR_FSYNC;
    case FileOp::kTruncate: return SQLITE_IOERR_TRUNCATE;
    case FileOp::kLock: return SQLITE_IOERR_LOCK;
    case FileOp::kShmLock: return SQLITE_IOERR_SHMLOCK;
  }
  return SQLITE_IOERR;
}

int file_close(sqlite3_file* file) { return methods_of(file).xClose(real_of(file)); }

int file_read(sqlite3_file* file, void* buf, int amount, sqlite3_int64 offset) {
  return methods_of(file).xRead(real_of(file), buf, amount, offset);
}

int file_write(sqlite3_file* file, const void* buf, int amount, sqlite3_int64 offset) {
  if (const std::optional<int> error = FaultyVfs::instance().next(FileOp::kWrite)) {
    // Cut short: the first half reaches the file, whatever the error says.
    if (amount / 2 > 0) (void)methods_of(file).xWrite(real_of(file), buf, amount / 2, offset);
    return *error;
  }
  return methods_of(file).xWrite(real_of(file), buf, amount, offset);
}

int file_truncate(sqlite3_file* file, sqlite3_int64 size) {
  if (const std::optional<int> error = FaultyVfs::instance().next(FileOp::kTruncate)) return *error;
  return methods_of(file).xTruncate(real_of(file), size);
}

int file_sync(sqlite3_file* file, int flags) {
  if (const std::optional<int> error = FaultyVfs::instance().next(FileOp::kSync)) return *error;
  return methods_of(file).xSync(real_of(file), flags);
}

int file_size(sqlite3_file* file, sqlite3_int64* size) {
  return methods_of(file).xFileSize(real_of(file), size);
}

int file_lock(sqlite3_file* file, int level) {
  if (const std::optional<int> error = FaultyVfs::instance().next(FileOp::kLock)) return *error;
  return methods_of(file).xLock(real_of(file), level);
}

int file_unlock(sqlite3_file* file, int level) { return methods_of(file).xUnlock(real_of(file), level); }

int file_check_reserved_lock(sqlite3_file* file, int* out) {
  return methods_of(file).xCheckReservedLock(real_of(file), out);
}

int file_control(sqlite3_file* file, int op, void* arg) {
  return methods_of(file).xFileControl(real_of(file), op, arg);
}

int file_sector_size(sqlite3_file* file) { return methods_of(file).xSectorSize(real_of(file)); }

int file_device_characteristics(sqlite3_file* file) {
  return methods_of(file).xDeviceCharacteristics(real_of(file));
}

int file_shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return methods_of(file).xShmMap(real_of(file), region, size, extend, out);
}

int file_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  if ((flags & SQLITE_SHM_LOCK) != 0) {
    if (const std::optional<int> error = FaultyVfs::instance().next(FileOp::kShmLock)) return *error;
  }
  return methods_of(file).xShmLock(real_of(file), offset, n, flags);
}

void file_shm_barrier(sqlite3_file* file) { methods_of(file).xShmBarrier(real_of(file)); }

int file_shm_unmap(sqlite3_file* file, int delete_flag) {
  return methods_of(file).xShmUnmap(real_of(file), delete_flag);
}

int file_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  return methods_of(file).xFetch(real_of(file), offset, amount, out);
}

int file_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  return methods_of(file).xUnfetch(real_of(file), offset, page);
}

// Version 3, as the unix VFS's files are (WAL needs the xShm methods).
const sqlite3_io_methods kFileMethods{3,
                                      file_close,
                                      file_read,
                                      file_write,
                                      file_truncate,
                                      file_sync,
                                      file_size,
                                      file_lock,
                                      file_unlock,
                                      file_check_reserved_lock,
                                      file_control,
                                      file_sector_size,
                                      file_device_characteristics,
                                      file_shm_map,
                                      file_shm_lock,
                                      file_shm_barrier,
                                      file_shm_unmap,
                                      file_fetch,
                                      file_unfetch};

sqlite3_vfs* default_vfs() { return static_cast<sqlite3_vfs*>(sqlite3_vfs_find(nullptr)); }

int vfs_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  auto* real_vfs = static_cast<sqlite3_vfs*>(vfs->pAppData);
  auto* f = reinterpret_cast<FaultyFile*>(file);
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  const int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
  // SQLite closes a file whose methods are set, even after a failed open.
  f->base.pMethods = f->real->pMethods != nullptr ? &kFileMethods : nullptr;
  return rc;
}

// The default VFS with its xOpen wrapped. Its other methods take the VFS
// only for mxPathname, which is copied.
sqlite3_vfs make_vfs() {
  sqlite3_vfs* real = default_vfs();
  sqlite3_vfs vfs = *real;
  vfs.pNext = nullptr;
  vfs.zName = kFaultyVfsName;
  vfs.szOsFile = static_cast<int>(sizeof(FaultyFile)) + real->szOsFile;
  vfs.pAppData = real;
  vfs.xOpen = vfs_open;
  return vfs;
}

}  // namespace

std::string_view file_op_name(FileOp op) {
  switch (op) {
    case FileOp::kWrite: return "write";
    case FileOp::kSync: return "sync";
    case FileOp::kTruncate: return "truncate";
    case FileOp::kLock: return "lock";
    case FileOp::kShmLock: return "shm_lock";
  }
  return "?";
}

FaultyVfs& FaultyVfs::instance() {
  static FaultyVfs faulty;
  static sqlite3_vfs vfs = make_vfs();
  static const int registered = sqlite3_vfs_register(&vfs, 0);
  if (registered != SQLITE_OK) std::abort();
  return faulty;
}

const char* FaultyVfs::vfs_name() const { return kFaultyVfsName; }

void FaultyVfs::arm(const Fault& fault) {
  std::lock_guard lock(mutex_);
  counts_ = {};
  fault_ = fault;
  failures_ = 0;
}

void FaultyVfs::disarm() {
  std::lock_guard lock(mutex_);
  counts_ = {};
  fault_.reset();
  failures_ = 0;
}

FileOpCounts FaultyVfs::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

std::uint64_t FaultyVfs::failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}

std::optional<int> FaultyVfs::next(FileOp op) {
  std::lock_guard lock(mutex_);
  const std::uint64_t n = ++counts_[op];
  if (!fault_ || fault_->op != op) return std::nullopt;
  if (n < fault_->nth || (n > fault_->nth && !fault_->persistent)) return std::nullopt;
  ++failures_;
  return fault_->disk_full && op == FileOp::kWrite ? SQLITE_FULL : io_error_of(op);
}

}  // namespace chainslip::test
