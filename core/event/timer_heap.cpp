#include "core/event/timer_heap.h"

#include <cassert>

namespace chainslip {

bool TimerHeap::before(const TimerState& a, const TimerState& b) {
  if (a.deadline != b.deadline) return a.deadline < b.deadline;
  return a.seq < b.seq;
}

void TimerHeap::place(std::size_t index, TimerState* timer) {
  items_[index] = timer;
  timer->heap_index = index;
}

void TimerHeap::push(TimerState& timer) {
  assert(timer.heap_index == TimerState::kNotQueued);
  items_.push_back(&timer);
  timer.heap_index = items_.size() - 1;
  sift_up(timer.heap_index);
}

void TimerHeap::remove(TimerState& timer) {
  const std::size_t index = timer.heap_index;
  if (index == TimerState::kNotQueued) return;
  assert(index < items_.size() && items_[index] == &timer);
  timer.heap_index = TimerState::kNotQueued;
  TimerState* last = items_.back();
  items_.pop_back();
  if (index == items_.size()) return;  // it was the last element
  place(index, last);
  sift_up(index);
  sift_down(last->heap_index);
}

void TimerHeap::sift_up(std::size_t index) {
  TimerState* timer = items_[index];
  while (index > 0) {
    const std::size_t parent = (index - 1) / 2;
    if (!before(*timer, *items_[parent])) break;
    place(index, items_[parent]);
    index = parent;
  }
  place(index, timer);
}

void TimerHeap::sift_down(std::size_t index) {
  TimerState* timer = items_[index];
  const std::size_t n = items_.size();
  while (true) {
    std::size_t child = 2 * index + 1;
    if (child >= n) break;
    if (child + 1 < n && before(*items_[child + 1], *items_[child])) ++child;
    if (!before(*items_[child], *timer)) break;
    place(index, items_[child]);
    index = child;
  }
  place(index, timer);
}

}  // namespace chainslip
