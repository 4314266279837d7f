#pragma once

#include <sys/types.h>

#include <cerrno>
#include <cstddef>

#include "core/util/bytes.h"

namespace chainslip {

// One write to a non-blocking descriptor, as both the lp and the TCP
// transports make it: retried on EINTR; a full kernel buffer (EAGAIN) is no
// error but a short write of nothing.
struct NonblockingWrite {
  std::size_t written = 0;
  bool short_write = false;  // not all went: wait for POLLOUT before the rest
  int error = 0;             // errno of a failed write; 0 when it went (or some of it)
};

// `write_once(data, size)` is the system call (write, send): it returns what
// it wrote or -1 with errno.
template <typename WriteOnce>
NonblockingWrite write_nonblocking(ByteView data, WriteOnce write_once) {
  for (;;) {
    const ssize_t n = write_once(data.data(), data.size());
    if (n >= 0) return {static_cast<std::size_t>(n), static_cast<std::size_t>(n) < data.size(), 0};
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return {0, true, 0};
    return {0, false, errno};
  }
}

}  // namespace chainslip
