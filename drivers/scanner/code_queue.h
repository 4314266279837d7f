#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <string>

#include "core/hal/clock.h"
#include "core/util/result.h"
#include "drivers/scanner/code_text.h"
#include "drivers/scanner/repeat_filter.h"

namespace chainslip {

struct CodeQueueOptions {
  std::size_t max_code_bytes = kDefaultMaxCodeBytes;
  // A code is reported again only once it has not been seen for this long:
  // a patient lowering the phone for a moment, or a presentation-mode HID
  // scanner reading the same code over and over, is not a second scan. For a
  // camera keep it well above the frame period.
  std::chrono::milliseconds hold_off{2000};
  // Where a dropped code's reason goes (once per presentation, like codes);
  // empty: stderr.
  std::function<void(const std::string&)> log{};
};

// What every CodeScanner does with the text a reader saw, in one place:
// suppresses repeats by the Clock (RepeatFilter), bounds the text
// (check_code_text; a dropped one is logged with its reason), and queues
// the rest, in order, for take_code().
class CodeQueue {
 public:
  CodeQueue(std::string source, const Clock& clock, CodeQueueOptions options);

  // One sighting of `text` now. Several sightings at the same time (codes
  // in one frame) report each distinct text once.
  void offer(const std::string& text);
  // Logs why something read was dropped before it became text.
  void log_drop(const std::string& reason) const;
  // What a decoder made of the input read: a whole code is offered, a
  // refusal logged as a drop, nothing yet is nothing.
  void offer_decoded(const Result<std::optional<std::string>>& decoded);
  std::optional<std::string> pop();
  bool empty() const { return queued_.empty(); }
  void clear();

 private:
  // Bound of the queue, whatever the reader sees, if nobody takes codes.
  static constexpr std::size_t kMaxQueued = 16;

  std::string source_;
  const Clock& clock_;
  CodeQueueOptions options_;
  RepeatFilter repeats_;  // over dropped texts too, so their reason is logged once per presentation
  std::deque<std::string> queued_;
};

}  // namespace chainslip
