#include "core/event/event_loop.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <utility>

namespace chainslip {
namespace {

using std::chrono::milliseconds;

// epoll's event bits are poll's on Linux, so revents pass through unchanged.
static_assert(EPOLLIN == POLLIN && EPOLLPRI == POLLPRI && EPOLLOUT == POLLOUT && EPOLLERR == POLLERR &&
              EPOLLHUP == POLLHUP && EPOLLRDHUP == POLLRDHUP);
constexpr unsigned kWatchableEvents = POLLIN | POLLPRI | POLLOUT | POLLRDHUP;

// Bounds a deadline so that now + delay cannot overflow: 100 years.
constexpr milliseconds kMaxDelay = std::chrono::hours(24 * 365 * 100);

// epoll_event.data: the fd in the low half, the watch id in the high half.
// The loop's own fds use id 0; watches start at 1.
std::uint64_t tag(int fd, std::uint32_t id) {
  return (std::uint64_t{id} << 32) | static_cast<std::uint32_t>(fd);
}
int tag_fd(std::uint64_t t) { return static_cast<int>(static_cast<std::uint32_t>(t)); }
std::uint32_t tag_id(std::uint64_t t) { return static_cast<std::uint32_t>(t >> 32); }

Error sys_error(ErrorCode code, const std::string& what) {
  return make_error(code, what + ": " + std::strerror(errno));
}

Status check_events(int fd, short poll_events) {
  if ((static_cast<unsigned>(poll_events) & ~kWatchableEvents) == 0) return {};
  return make_error(ErrorCode::kInvalidArgument,
                    "event loop: fd " + std::to_string(fd) +
                        ": only POLLIN, POLLPRI, POLLOUT and POLLRDHUP can be watched");
}

Status epoll_add(int epoll_fd, int fd, unsigned events, std::uint64_t data) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = data;
  if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) == 0) return {};
  const std::string where = "event loop: cannot watch fd " + std::to_string(fd);
  switch (errno) {
    case EBADF: return sys_error(ErrorCode::kInvalidArgument, where + " (not open)");
    case EPERM:
      return sys_error(ErrorCode::kInvalidArgument,
                       where + " (a regular file or directory is always ready; read it directly)");
    case EEXIST: return sys_error(ErrorCode::kAlreadyExists, where);
    default:
      return sys_error(ErrorCode::kUnavailable,
                       where + " (raise fs.epoll.max_user_watches or the memory limit)");
  }
}

}  // namespace

Result<std::unique_ptr<EventLoop>> EventLoop::create(const Clock& clock) {
  const std::string what = "event loop: cannot create ";
  const std::string fix = " (check the open-file limit, ulimit -n)";
  UniqueFd epoll_fd(::epoll_create1(EPOLL_CLOEXEC));
  if (!epoll_fd.valid()) return sys_error(ErrorCode::kUnavailable, what + "the epoll set" + fix);
  UniqueFd timer_fd(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
  if (!timer_fd.valid()) return sys_error(ErrorCode::kUnavailable, what + "its timerfd" + fix);
  sigset_t none;
  sigemptyset(&none);
  UniqueFd signal_fd(::signalfd(-1, &none, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!signal_fd.valid()) return sys_error(ErrorCode::kUnavailable, what + "its signalfd" + fix);
  UniqueFd wake_fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!wake_fd.valid()) return sys_error(ErrorCode::kUnavailable, what + "its eventfd" + fix);
  for (const int fd : {timer_fd.get(), signal_fd.get(), wake_fd.get()}) {
    CS_RETURN_IF_ERROR(epoll_add(epoll_fd.get(), fd, EPOLLIN, tag(fd, 0)));
  }
  return std::unique_ptr<EventLoop>(new EventLoop(clock, std::move(epoll_fd), std::move(timer_fd),
                                                  std::move(signal_fd), std::move(wake_fd)));
}

EventLoop::EventLoop(const Clock& clock, UniqueFd epoll_fd, UniqueFd timer_fd, UniqueFd signal_fd,
                     UniqueFd wake_fd)
    : clock_(clock),
      simulated_(dynamic_cast<const ManualClock*>(&clock) != nullptr),
      epoll_fd_(std::move(epoll_fd)),
      timer_fd_(std::move(timer_fd)),
      signal_fd_(std::move(signal_fd)),
      wake_fd_(std::move(wake_fd)) {
  sigemptyset(&signal_mask_);
}

EventLoop::~EventLoop() {
  // A handle that outlives its loop would reach into freed memory.
  assert(fd_watches_.empty() && "destroy every FdWatch before its EventLoop");
  assert(live_timers_ == 0 && "destroy every Timer before its EventLoop");
}

// ---- fds --------------------------------------------------------------------

Result<FdWatch> EventLoop::add_fd(int fd, short poll_events, std::function<void(short)> on_ready) {
  if (fd < 0) {
    return make_error(ErrorCode::kInvalidArgument, "event loop: cannot watch fd " + std::to_string(fd));
  }
  CS_RETURN_IF_ERROR(check_events(fd, poll_events));
  if (fd_watches_.contains(fd)) {
    return make_error(ErrorCode::kAlreadyExists, "event loop: fd " + std::to_string(fd) +
                                                     " is already watched; destroy its FdWatch first");
  }
  if (++last_fd_id_ == 0) last_fd_id_ = 1;  // 0 tags the loop's own fds
  auto state = std::make_shared<FdState>(FdState{fd, last_fd_id_, poll_events, std::move(on_ready)});
  CS_RETURN_IF_ERROR(epoll_add(epoll_fd_.get(), fd, static_cast<unsigned>(poll_events), tag(fd, state->id)));
  fd_watches_.emplace(fd, state);
  return FdWatch(*this, std::move(state));
}

Status EventLoop::modify_fd(FdState& state, short poll_events) {
  CS_RETURN_IF_ERROR(check_events(state.fd, poll_events));
  epoll_event ev{};
  ev.events = static_cast<unsigned>(poll_events);
  ev.data.u64 = tag(state.fd, state.id);
  if (::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_MOD, state.fd, &ev) != 0) {
    // ENOENT: the file the watch was on is closed and the number now names
    // another one (epoll forgets closed files): watch that.
    if (errno != ENOENT) {
      return sys_error(ErrorCode::kInvalidArgument, "event loop: cannot change the events of fd " +
                                                        std::to_string(state.fd));
    }
    CS_RETURN_IF_ERROR(epoll_add(epoll_fd_.get(), state.fd, ev.events, ev.data.u64));
  }
  state.events = poll_events;
  return {};
}

void EventLoop::remove_fd(FdState& state) {
  // Fails harmlessly if the fd was closed first: epoll dropped it already.
  ::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_DEL, state.fd, nullptr);
  const auto it = fd_watches_.find(state.fd);
  if (it != fd_watches_.end() && it->second.get() == &state) fd_watches_.erase(it);
}

std::size_t EventLoop::dispatch_fd(const epoll_event& event) {
  const auto it = fd_watches_.find(tag_fd(event.data.u64));
  // Removed, or removed and replaced, by an earlier callback of this pass.
  if (it == fd_watches_.end() || it->second->id != tag_id(event.data.u64)) return 0;
  const std::shared_ptr<FdState> watch = it->second;  // survives the callback destroying its FdWatch
  watch->on_ready(static_cast<short>(event.events));
  return 1;
}

// ---- timers -----------------------------------------------------------------

Timer EventLoop::create_timer(std::function<void()> on_fire) {
  auto state = std::make_shared<TimerState>();
  state->on_fire = std::move(on_fire);
  state->seq = ++last_timer_seq_;
  ++live_timers_;
  return Timer(*this, std::move(state));
}

void EventLoop::arm_timer(TimerState& timer, milliseconds delay, milliseconds interval) {
  timers_.remove(timer);
  ++timer.generation;
  timer.deadline = clock_.now() + std::clamp(delay, milliseconds{0}, kMaxDelay);
  timer.interval = interval;
  timers_.push(timer);
}

void EventLoop::cancel_timer(TimerState& timer) {
  timers_.remove(timer);
  ++timer.generation;
  timer.interval = milliseconds{0};
}

void EventLoop::release_timer(TimerState& timer) {
  cancel_timer(timer);
  --live_timers_;
}

std::optional<milliseconds> EventLoop::next_deadline() const {
  if (const TimerState* top = timers_.top()) return top->deadline;
  return std::nullopt;
}

Status EventLoop::sync_timer_fd() {
  if (simulated_) return {};
  const std::optional<milliseconds> want = next_deadline();
  if (want == timer_fd_deadline_) return {};
  const milliseconds now = clock_.now();
  if (want && *want <= now) return {};  // due now: this pass does not wait
  itimerspec spec{};                    // all zero: disarmed
  if (want) {
    const milliseconds delay = *want - now;
    spec.it_value.tv_sec = static_cast<time_t>(delay.count() / 1000);
    spec.it_value.tv_nsec = static_cast<long>(delay.count() % 1000) * 1'000'000L;
  }
  if (::timerfd_settime(timer_fd_.get(), 0, &spec, nullptr) != 0) {
    return sys_error(ErrorCode::kInternal, "event loop: timerfd_settime");
  }
  timer_fd_deadline_ = want;
  return {};
}

std::size_t EventLoop::fire_due_timers() {
  // Collect first: a timer armed by one of these callbacks waits for the
  // next pass, so a callback re-arming itself with no delay cannot starve
  // the fds.
  const milliseconds now = clock_.now();
  while (TimerState* top = timers_.top()) {
    if (top->deadline > now) break;
    timers_.remove(*top);
    due_.push_back(DueTimer{top->shared_from_this(), top->generation});
  }
  std::size_t fired = 0;
  for (const DueTimer& due : due_) {
    TimerState& timer = *due.timer;
    if (timer.generation != due.generation) continue;  // cancelled or re-armed by an earlier callback
    if (timer.interval > milliseconds{0}) {
      timer.deadline += timer.interval;
      if (timer.deadline <= now) {  // skip the ticks missed while the loop was blocked
        timer.deadline += ((now - timer.deadline) / timer.interval + 1) * timer.interval;
      }
      timers_.push(timer);
    }
    ++fired;
    timer.on_fire();
  }
  due_.clear();
  return fired;
}

// ---- signals ----------------------------------------------------------------

Status EventLoop::on_signal(int signo, std::function<void(int)> on_signal) {
  sigset_t one;
  sigemptyset(&one);
  if (signo == SIGKILL || signo == SIGSTOP || sigaddset(&one, signo) != 0) {
    return make_error(ErrorCode::kInvalidArgument,
                      "event loop: signal " + std::to_string(signo) + " cannot be handled");
  }
  if (signal_handlers_.contains(signo)) {
    return make_error(ErrorCode::kAlreadyExists,
                      "event loop: signal " + std::to_string(signo) + " already has a handler");
  }
  if (::pthread_sigmask(SIG_BLOCK, &one, nullptr) != 0) {
    return make_error(ErrorCode::kInternal, "event loop: cannot block signal " + std::to_string(signo));
  }
  sigset_t mask = signal_mask_;
  sigaddset(&mask, signo);
  if (::signalfd(signal_fd_.get(), &mask, SFD_NONBLOCK | SFD_CLOEXEC) < 0) {
    return sys_error(ErrorCode::kInternal, "event loop: signalfd for signal " + std::to_string(signo));
  }
  signal_mask_ = mask;
  signal_handlers_.emplace(signo, std::move(on_signal));
  return {};
}

std::size_t EventLoop::dispatch_signals() {
  std::size_t handled = 0;
  signalfd_siginfo info;
  while (::read(signal_fd_.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    const int signo = static_cast<int>(info.ssi_signo);
    // std::map: a handler adding another handler leaves this one in place.
    const auto it = signal_handlers_.find(signo);
    if (it == signal_handlers_.end()) continue;
    it->second(signo);
    ++handled;
  }
  return handled;
}

// ---- tasks and exit ---------------------------------------------------------

void EventLoop::post(std::function<void()> task) {
  bool was_empty;
  {
    const std::lock_guard<std::mutex> lock(posted_mutex_);
    was_empty = posted_.empty();
    posted_.push_back(std::move(task));
  }
  // A non-empty queue has its wake-up pending already: the loop reads the
  // eventfd before it takes the queue.
  if (was_empty) wake();
}

std::size_t EventLoop::run_posted_tasks() {
  {
    const std::lock_guard<std::mutex> lock(posted_mutex_);
    running_.swap(posted_);
  }
  for (auto& task : running_) task();  // tasks they post go to posted_, for the next pass
  const std::size_t ran = running_.size();
  running_.clear();
  return ran;
}

void EventLoop::exit() {
  exit_requested_.store(true);
  wake();
}

void EventLoop::wake() {
  const std::uint64_t one = 1;
  // Cannot fail short of the counter reaching 2^64-1, which is a wake-up too.
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_.get(), &one, sizeof one);
}

// ---- passes -----------------------------------------------------------------

Status EventLoop::run() {
  while (!exit_requested_.exchange(false)) {
    CS_RETURN_IF_ERROR(pass(-1));
  }
  return {};
}

Result<std::size_t> EventLoop::run_once(milliseconds max_wait) {
  const auto capped = std::clamp<milliseconds::rep>(max_wait.count(), 0, INT_MAX);
  return pass(static_cast<int>(capped));
}

Result<std::size_t> EventLoop::pass(int timeout_ms) {
  if (in_pass_) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "event loop: run or run_once called from inside one of its callbacks; post() instead");
  }
  in_pass_ = true;
  struct Leave {
    bool& flag;
    ~Leave() { flag = false; }
  } leave{in_pass_};

  if (before_wait_) before_wait_();
  const std::optional<milliseconds> next = next_deadline();
  if (next && *next <= clock_.now()) timeout_ms = 0;
  CS_RETURN_IF_ERROR(sync_timer_fd());

  ++wait_count_;
  int n = ::epoll_wait(epoll_fd_.get(), events_.data(), static_cast<int>(events_.size()), timeout_ms);
  if (n < 0) {
    if (errno != EINTR) return sys_error(ErrorCode::kInternal, "event loop: epoll_wait");
    n = 0;
  }
  std::size_t dispatched = 0;
  for (int i = 0; i < n; ++i) {
    const epoll_event& event = events_[static_cast<std::size_t>(i)];
    if (tag_id(event.data.u64) != 0) {
      dispatched += dispatch_fd(event);
      continue;
    }
    const int fd = tag_fd(event.data.u64);
    if (fd == signal_fd_.get()) {
      dispatched += dispatch_signals();
    } else {
      // The timerfd (expiry count) or the eventfd (wake count): reading
      // resets it. The eventfd is read before the queue is taken, so a
      // post() after this read wakes the next pass.
      std::uint64_t count;
      [[maybe_unused]] const ssize_t r = ::read(fd, &count, sizeof count);
      if (fd == timer_fd_.get()) timer_fd_deadline_.reset();
    }
  }
  dispatched += fire_due_timers();
  dispatched += run_posted_tasks();
  return dispatched;
}

}  // namespace chainslip
