#pragma once

#include <cstddef>
#include <utility>

#include "core/util/bytes.h"

namespace chainslip {

// What a printer sent that read_some() has not handed out yet. Bounded: a
// driver that stops reading keeps the newest kCapacity bytes (status is
// only worth its latest value), so a chatty or broken printer cannot grow
// the service's memory.
class ReceivedBytes {
 public:
  static constexpr std::size_t kCapacity = 64 * 1024;

  void append(ByteView data) {
    bytes_.insert(bytes_.end(), data.begin(), data.end());
    if (bytes_.size() > kCapacity) {
      bytes_.erase(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(bytes_.size() - kCapacity));
    }
  }
  Bytes take() { return std::exchange(bytes_, {}); }
  bool empty() const { return bytes_.empty(); }
  void clear() { bytes_.clear(); }

 private:
  Bytes bytes_;
};

}  // namespace chainslip
