#include "core/event/event_loop.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/event/pollable_watch.h"
#include "core/event/simulated_time.h"
#include "core/util/unique_fd.h"
#include "core/hal/clock.h"
#include "core/hal/poll_interest.h"

namespace chainslip {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

template <typename T>
T must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.error().message);
  return std::move(r).value();
}
void must(const Status& s) {
  if (!s.ok()) throw std::runtime_error(s.error().message);
}

struct Pipe {
  UniqueFd read_end;
  UniqueFd write_end;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("pipe2 failed");
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

void write_byte(const UniqueFd& fd) {
  const char c = 'x';
  if (::write(fd.get(), &c, 1) != 1) throw std::runtime_error("write to pipe failed");
}

void drain(const UniqueFd& fd) {
  char buf[64];
  while (::read(fd.get(), buf, sizeof buf) > 0) {
  }
}

std::size_t open_fd_count() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// ---- timers on simulated time -------------------------------------------------

class SimulatedTimerTest : public ::testing::Test {
 protected:
  ManualClock clock_;
  std::unique_ptr<EventLoop> loop_ = must(EventLoop::create(clock_));
  SimulatedTime time_{clock_, *loop_};
};

TEST_F(SimulatedTimerTest, EqualDeadlinesFireInCreationOrderNotArmingOrder) {
  std::vector<std::string> fired;
  Timer a = loop_->create_timer([&] { fired.push_back("a"); });
  Timer b = loop_->create_timer([&] { fired.push_back("b"); });
  Timer c = loop_->create_timer([&] { fired.push_back("c"); });
  Timer early = loop_->create_timer([&] { fired.push_back("early"); });
  c.arm(10ms);
  b.arm(10ms);
  a.arm(10ms);
  early.arm(9ms);
  must(time_.advance(10ms));
  EXPECT_EQ(fired, (std::vector<std::string>{"early", "a", "b", "c"}));
}

TEST_F(SimulatedTimerTest, EachTimerFiresWithTheClockAtItsOwnDeadline) {
  std::vector<std::pair<std::string, milliseconds>> fired;
  auto record = [&](std::string name) { fired.emplace_back(std::move(name), clock_.now()); };
  Timer late = loop_->create_timer([&] { record("late"); });
  Timer added = loop_->create_timer([&] { record("added"); });
  Timer first = loop_->create_timer([&] {
    record("first");
    added.arm(5ms);  // armed during the advance: fires within it, at 10 + 5
  });
  Timer second = loop_->create_timer([&] { record("second"); });
  late.arm(30ms);
  first.arm(10ms);
  second.arm(20ms);
  must(time_.advance(100ms));
  using P = std::pair<std::string, milliseconds>;
  EXPECT_EQ(fired, (std::vector<P>{P{"first", 10ms}, P{"added", 15ms}, P{"second", 20ms}, P{"late", 30ms}}));
  EXPECT_EQ(clock_.now(), 100ms);
}

// Regression: a request started by the last timer of an advance, whose
// device's timeout the before-wait hook re-reads (as KioskService does for the
// node client), waited for the next advance instead of being served at once.
TEST_F(SimulatedTimerTest, WorkTheBeforeWaitHookArmsForNowIsDoneWithinTheAdvance) {
  bool requested = false;
  int served = 0;
  Timer serve = loop_->create_timer([&] { ++served; });
  Timer request = loop_->create_timer([&] { requested = true; });
  loop_->set_before_wait([&] {
    if (requested && served == 0 && !serve.armed()) serve.arm(0ms);
  });
  request.arm(10ms);
  must(time_.advance(10ms));
  EXPECT_EQ(served, 1);
  EXPECT_EQ(clock_.now(), 10ms);
  loop_->set_before_wait({});
}

TEST_F(SimulatedTimerTest, AdvanceStopsShortOfLaterDeadlines) {
  int fired = 0;
  Timer t = loop_->create_timer([&] { ++fired; });
  t.arm(50ms);
  must(time_.advance(49ms));
  EXPECT_EQ(fired, 0);
  EXPECT_TRUE(t.armed());
  must(time_.advance(1ms));
  EXPECT_EQ(fired, 1);
  EXPECT_FALSE(t.armed());
}

TEST_F(SimulatedTimerTest, PeriodicTimerFiresKTimesOverKIntervalsWithoutDrift) {
  std::vector<milliseconds> at;
  Timer tick = loop_->create_timer([&] { at.push_back(clock_.now()); });
  tick.arm_periodic(100ms);
  // Uneven steps that never land on a deadline: the ticks stay on the grid.
  for (int i = 0; i < 27; ++i) must(time_.advance(37ms));  // 999 ms
  must(time_.advance(1ms));
  ASSERT_EQ(at.size(), 10u);
  for (std::size_t k = 0; k < at.size(); ++k) EXPECT_EQ(at[k], milliseconds(100 * (k + 1))) << "tick " << k;
  tick.cancel();
  must(time_.advance(1000ms));
  EXPECT_EQ(at.size(), 10u);
}

TEST_F(SimulatedTimerTest, PeriodicTimerSkipsTicksMissedWhileTheLoopWasBlockedAndKeepsItsGrid) {
  int fired = 0;
  Timer tick = loop_->create_timer([&] { ++fired; });
  tick.arm_periodic(100ms);
  clock_.advance(350ms);  // as if a callback had blocked the loop for 350 ms
  EXPECT_EQ(must(loop_->run_once(0ms)), 1u);
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(loop_->next_deadline(), 400ms);
}

TEST_F(SimulatedTimerTest, CancelInsideAnotherTimersCallback) {
  std::vector<std::string> fired;
  std::optional<Timer> same;
  std::optional<Timer> later;
  Timer canceller = loop_->create_timer([&] {
    fired.push_back("canceller");
    same->cancel();   // due in this very pass, after the canceller (created later)
    later->cancel();  // due in a later pass
  });
  same = loop_->create_timer([&] { fired.push_back("same"); });
  later = loop_->create_timer([&] { fired.push_back("later"); });
  canceller.arm(10ms);
  same->arm(10ms);
  later->arm(20ms);
  must(time_.advance(100ms));
  EXPECT_EQ(fired, (std::vector<std::string>{"canceller"}));
  EXPECT_FALSE(same->armed());
  EXPECT_FALSE(later->armed());
}

TEST_F(SimulatedTimerTest, DestroyingATimerDueInTheSamePassStopsIt) {
  std::vector<std::string> fired;
  std::optional<Timer> victim;
  Timer killer = loop_->create_timer([&] {
    fired.push_back("killer");
    victim.reset();
  });
  victim = loop_->create_timer([&] { fired.push_back("victim"); });
  killer.arm(10ms);
  victim->arm(10ms);
  must(time_.advance(10ms));
  EXPECT_EQ(fired, (std::vector<std::string>{"killer"}));
}

TEST_F(SimulatedTimerTest, CallbackReArmsItself) {
  std::vector<milliseconds> at;
  Timer t;
  t = loop_->create_timer([&] {
    at.push_back(clock_.now());
    if (at.size() < 3) t.arm(10ms);
  });
  t.arm(10ms);
  must(time_.advance(1000ms));
  EXPECT_EQ(at, (std::vector<milliseconds>{10ms, 20ms, 30ms}));
  EXPECT_FALSE(t.armed());
}

TEST_F(SimulatedTimerTest, CallbackMayDestroyItsOwnTimer) {
  int fired = 0;
  std::optional<Timer> t;
  t = loop_->create_timer([&] {
    ++fired;
    t.reset();  // the callback object stays alive until it returns (ASan checks)
  });
  t->arm_periodic(10ms);
  must(time_.advance(100ms));
  EXPECT_EQ(fired, 1);
}

TEST_F(SimulatedTimerTest, ZeroDelayReArmFiresOncePerPassSoFdsAreNotStarved) {
  int fired = 0;
  Timer t;
  t = loop_->create_timer([&] {
    ++fired;
    t.arm(0ms);
  });
  t.arm(0ms);
  EXPECT_EQ(must(loop_->run_once(0ms)), 1u);
  EXPECT_EQ(must(loop_->run_once(0ms)), 1u);
  EXPECT_EQ(fired, 2);
}

TEST_F(SimulatedTimerTest, ManualClockLoopNeverFiresTimersOnRealTime) {
  int fired = 0;
  Timer t = loop_->create_timer([&] { ++fired; });
  t.arm(1ms);
  // Waits 20 ms of real time: the manual clock has not moved, so no timer.
  EXPECT_EQ(must(loop_->run_once(20ms)), 0u);
  EXPECT_EQ(fired, 0);
  EXPECT_EQ(loop_->next_deadline(), 1ms);
}

TEST_F(SimulatedTimerTest, RunOnceFromInsideACallbackIsRefused) {
  std::optional<ErrorCode> nested;
  Timer t = loop_->create_timer([&] {
    Result<std::size_t> r = loop_->run_once(0ms);
    if (!r.ok()) nested = r.code();
  });
  t.arm(0ms);
  must(loop_->run_once(0ms));
  EXPECT_EQ(nested, ErrorCode::kFailedPrecondition);
}

TEST_F(SimulatedTimerTest, SimulatedAdvancePollsFds) {
  Pipe p = make_pipe();
  std::vector<milliseconds> readable_at;
  FdWatch w = must(loop_->add_fd(p.read_end.get(), POLLIN, [&](short) {
    readable_at.push_back(clock_.now());
    drain(p.read_end);
  }));
  Timer writer = loop_->create_timer([&] { write_byte(p.write_end); });
  writer.arm(40ms);
  must(time_.advance(100ms));
  // Seen at the instant of the write, as the real loop would see it at once
  // (the pass after one that ran something stays at the same instant).
  EXPECT_EQ(readable_at, (std::vector<milliseconds>{40ms}));
}

// ---- fds, tasks, exit and signals on the real clock -----------------------------

class EventLoopTest : public ::testing::Test {
 protected:
  SteadyClock clock_;
  std::unique_ptr<EventLoop> loop_ = must(EventLoop::create(clock_));
};

TEST_F(EventLoopTest, PipeReadinessCallsBackAndRemovalStopsIt) {
  Pipe p = make_pipe();
  std::vector<short> revents;
  std::optional<FdWatch> w = must(loop_->add_fd(p.read_end.get(), POLLIN, [&](short r) {
    revents.push_back(r);
    drain(p.read_end);
  }));
  EXPECT_EQ(must(loop_->run_once(0ms)), 0u);
  write_byte(p.write_end);
  EXPECT_EQ(must(loop_->run_once(5000ms)), 1u);
  EXPECT_EQ(revents, (std::vector<short>{POLLIN}));

  w.reset();
  write_byte(p.write_end);
  EXPECT_EQ(must(loop_->run_once(0ms)), 0u);
  EXPECT_EQ(revents.size(), 1u);
}

TEST_F(EventLoopTest, CountsTheTimersAndWatchesItHoldsUntilTheyAreDestroyed) {
  EXPECT_EQ(loop_->timer_count(), 0u);
  EXPECT_EQ(loop_->fd_watch_count(), 0u);
  Pipe p = make_pipe();
  std::optional<FdWatch> w = must(loop_->add_fd(p.read_end.get(), POLLIN, [](short) {}));
  std::optional<Timer> armed = loop_->create_timer([] {});
  armed->arm(10ms);
  std::optional<Timer> disarmed = loop_->create_timer([] {});
  EXPECT_EQ(loop_->timer_count(), 2u);  // a disarmed timer still counts: it is held
  EXPECT_EQ(loop_->fd_watch_count(), 1u);
  armed.reset();
  disarmed.reset();
  w.reset();
  EXPECT_EQ(loop_->timer_count(), 0u);
  EXPECT_EQ(loop_->fd_watch_count(), 0u);
}

TEST_F(EventLoopTest, HangUpIsReportedWithoutAskingForIt) {
  Pipe p = make_pipe();
  short seen = 0;
  FdWatch w = must(loop_->add_fd(p.read_end.get(), 0, [&](short r) { seen = r; }));
  p.write_end.reset();
  EXPECT_EQ(must(loop_->run_once(5000ms)), 1u);
  EXPECT_EQ(seen, POLLHUP);
}

TEST_F(EventLoopTest, SetEventsChangesWhatIsWatched) {
  Pipe p = make_pipe();
  short seen = 0;
  FdWatch w = must(loop_->add_fd(p.write_end.get(), 0, [&](short r) { seen = r; }));
  EXPECT_EQ(must(loop_->run_once(0ms)), 0u);
  must(w.set_events(POLLOUT));
  EXPECT_EQ(w.events(), POLLOUT);
  EXPECT_EQ(must(loop_->run_once(5000ms)), 1u);
  EXPECT_EQ(seen, POLLOUT);
}

TEST_F(EventLoopTest, CallbackRemovingAnotherReadyWatchStopsItsCallbackInTheSamePass) {
  Pipe p1 = make_pipe();
  Pipe p2 = make_pipe();
  int calls = 0;
  std::optional<FdWatch> w1;
  std::optional<FdWatch> w2;
  w1 = must(loop_->add_fd(p1.read_end.get(), POLLIN, [&](short) {
    ++calls;
    w2.reset();
    w1.reset();  // and its own
  }));
  w2 = must(loop_->add_fd(p2.read_end.get(), POLLIN, [&](short) {
    ++calls;
    w1.reset();
    w2.reset();
  }));
  write_byte(p1.write_end);
  write_byte(p2.write_end);
  EXPECT_EQ(must(loop_->run_once(5000ms)), 1u);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(must(loop_->run_once(0ms)), 0u);  // both pipes still readable, no watches left
}

TEST_F(EventLoopTest, WatchReplacedInTheSamePassDoesNotGetTheOldWatchsEvent) {
  Pipe p1 = make_pipe();
  Pipe p2 = make_pipe();
  int replacement_calls = 0;
  std::optional<FdWatch> w1;
  std::optional<FdWatch> w2;
  // Whichever runs first replaces the other watch with one that wants no
  // POLLIN: the other fd's already-collected POLLIN must not reach it.
  auto replace = [&](std::optional<FdWatch>& other, const Pipe& p) {
    other.reset();
    other = must(loop_->add_fd(p.read_end.get(), 0, [&](short) { ++replacement_calls; }));
  };
  w1 = must(loop_->add_fd(p1.read_end.get(), POLLIN, [&](short) { replace(w2, p2); }));
  w2 = must(loop_->add_fd(p2.read_end.get(), POLLIN, [&](short) { replace(w1, p1); }));
  write_byte(p1.write_end);
  write_byte(p2.write_end);
  EXPECT_EQ(must(loop_->run_once(5000ms)), 1u);
  EXPECT_EQ(replacement_calls, 0);
}

TEST_F(EventLoopTest, CallbackMayAddAWatchOnTheFdItJustReleased) {
  Pipe p = make_pipe();
  int old_calls = 0;
  int new_calls = 0;
  std::optional<FdWatch> w;
  w = must(loop_->add_fd(p.read_end.get(), POLLIN, [&](short) {
    ++old_calls;
    w.reset();
    w = must(loop_->add_fd(p.read_end.get(), POLLIN, [&](short) {
      ++new_calls;
      drain(p.read_end);
    }));
  }));
  write_byte(p.write_end);
  must(loop_->run_once(5000ms));
  must(loop_->run_once(5000ms));
  EXPECT_EQ(old_calls, 1);
  EXPECT_EQ(new_calls, 1);
}

TEST_F(EventLoopTest, AddFdRejectsWhatItCannotWatch) {
  Pipe p = make_pipe();
  FdWatch w = must(loop_->add_fd(p.read_end.get(), POLLIN, [](short) {}));
  EXPECT_EQ(loop_->add_fd(p.read_end.get(), POLLIN, [](short) {}).code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(loop_->add_fd(p.write_end.get(), POLLRDNORM, [](short) {}).code(), ErrorCode::kInvalidArgument);
  const int closed = ::dup(p.write_end.get());
  ::close(closed);
  EXPECT_EQ(loop_->add_fd(closed, POLLIN, [](short) {}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(loop_->add_fd(-1, POLLIN, [](short) {}).code(), ErrorCode::kInvalidArgument);
  const std::string path = ::testing::TempDir() + "event_loop_regular_file";
  UniqueFd file(::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600));
  ASSERT_TRUE(file.valid());
  std::remove(path.c_str());
  Result<FdWatch> regular = loop_->add_fd(file.get(), POLLIN, [](short) {});
  ASSERT_FALSE(regular.ok());
  EXPECT_EQ(regular.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(regular.error().message.find("regular file"), std::string::npos) << regular.error().message;
}

TEST_F(EventLoopTest, PostFromFourThreadsRunsEveryTaskOnceInPerThreadOrder) {
  constexpr int kThreads = 4;
  constexpr int kTasks = 1000;
  std::vector<std::pair<int, int>> ran;  // loop thread only
  const std::thread::id loop_thread = std::this_thread::get_id();
  bool all_on_loop_thread = true;
  std::vector<std::thread> posters;
  for (int t = 0; t < kThreads; ++t) {
    posters.emplace_back([&, t] {
      for (int i = 0; i < kTasks; ++i) {
        loop_->post([&, t, i] {
          all_on_loop_thread = all_on_loop_thread && std::this_thread::get_id() == loop_thread;
          ran.emplace_back(t, i);
          if (ran.size() == kThreads * kTasks) loop_->exit();
        });
      }
    });
  }
  must(loop_->run());
  for (auto& p : posters) p.join();
  ASSERT_EQ(ran.size(), static_cast<std::size_t>(kThreads * kTasks));
  EXPECT_TRUE(all_on_loop_thread);
  std::array<int, kThreads> next{};
  for (const auto& [t, i] : ran) {
    ASSERT_EQ(i, next[static_cast<std::size_t>(t)]) << "thread " << t;
    ++next[static_cast<std::size_t>(t)];
  }
}

TEST_F(EventLoopTest, TasksPostedByATaskRunInTheNextPass) {
  std::vector<int> ran;
  loop_->post([&] {
    ran.push_back(1);
    loop_->post([&] { ran.push_back(3); });
  });
  loop_->post([&] { ran.push_back(2); });
  EXPECT_EQ(must(loop_->run_once(5000ms)), 2u);
  EXPECT_EQ(ran, (std::vector<int>{1, 2}));
  EXPECT_EQ(must(loop_->run_once(5000ms)), 1u);
  EXPECT_EQ(ran, (std::vector<int>{1, 2, 3}));
}

TEST_F(EventLoopTest, ExitFromAnotherThreadWakesABlockedRun) {
  std::promise<void> running;
  loop_->post([&] { running.set_value(); });
  std::thread stopper([&] {
    running.get_future().wait();  // the loop is in run(), about to block with nothing to do
    loop_->exit();
  });
  bool gave_up = false;
  Timer guard = loop_->create_timer([&] {  // only if exit() failed to wake the loop
    gave_up = true;
    loop_->exit();
  });
  guard.arm(60s);
  must(loop_->run());
  stopper.join();
  EXPECT_FALSE(gave_up);
}

TEST_F(EventLoopTest, RealTimerFiresAfterOneBlockingWait) {
  int fired = 0;
  Timer t = loop_->create_timer([&] {
    ++fired;
    loop_->exit();
  });
  t.arm(50ms);
  const std::uint64_t waits_before = loop_->wait_count();
  must(loop_->run());
  EXPECT_EQ(fired, 1);
  // Blocked in epoll_wait until the timerfd expired instead of polling.
  EXPECT_LE(loop_->wait_count() - waits_before, 2u);
}

TEST_F(EventLoopTest, RunOnceWithNothingToDoWaitsOnceAndReturns) {
  Timer far = loop_->create_timer([] {});
  far.arm(1h);
  const std::uint64_t waits_before = loop_->wait_count();
  EXPECT_EQ(must(loop_->run_once(30ms)), 0u);
  EXPECT_EQ(loop_->wait_count() - waits_before, 1u);
  EXPECT_TRUE(far.armed());
}

TEST_F(EventLoopTest, ExitBeforeRunMakesRunReturnAtOnce) {
  loop_->exit();
  const std::uint64_t waits_before = loop_->wait_count();
  must(loop_->run());
  EXPECT_EQ(loop_->wait_count(), waits_before);
}

// Each test restores the thread's signal mask: on_signal blocks the signal.
class EventLoopSignalTest : public EventLoopTest {
 protected:
  void SetUp() override { ASSERT_EQ(::pthread_sigmask(SIG_SETMASK, nullptr, &saved_mask_), 0); }
  void TearDown() override { ::pthread_sigmask(SIG_SETMASK, &saved_mask_, nullptr); }
  sigset_t saved_mask_;
};

TEST_F(EventLoopSignalTest, RaisedSignalIsDeliveredThroughTheLoop) {
  std::vector<int> got;
  must(loop_->on_signal(SIGUSR1, [&](int signo) { got.push_back(signo); }));
  ASSERT_EQ(::raise(SIGUSR1), 0);  // blocked now: pending until the loop reads it
  EXPECT_TRUE(got.empty());
  for (int i = 0; i < 10 && got.empty(); ++i) must(loop_->run_once(1000ms));
  EXPECT_EQ(got, (std::vector<int>{SIGUSR1}));
  sigset_t pending;
  sigpending(&pending);
  EXPECT_FALSE(sigismember(&pending, SIGUSR1));  // consumed: restoring the mask is safe
}

TEST_F(EventLoopSignalTest, SigtermHandlerStopsRun) {
  bool handled = false;
  must(loop_->on_signal(SIGTERM, [&](int) {
    handled = true;
    loop_->exit();
  }));
  loop_->post([] { ::raise(SIGTERM); });
  must(loop_->run());
  EXPECT_TRUE(handled);
}

TEST_F(EventLoopSignalTest, RefusesUncatchableAndDuplicateHandlers) {
  EXPECT_EQ(loop_->on_signal(SIGKILL, [](int) {}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(loop_->on_signal(SIGSTOP, [](int) {}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(loop_->on_signal(0, [](int) {}).code(), ErrorCode::kInvalidArgument);
  must(loop_->on_signal(SIGUSR2, [](int) {}));
  EXPECT_EQ(loop_->on_signal(SIGUSR2, [](int) {}).code(), ErrorCode::kAlreadyExists);
}

TEST(EventLoopResourceTest, CreatingAndDestroyingLoopsLeaksNoFds) {
  const std::size_t before = open_fd_count();
  for (int round = 0; round < 5; ++round) {
    SteadyClock clock;
    std::unique_ptr<EventLoop> loop = must(EventLoop::create(clock));
    Pipe p = make_pipe();
    {
      FdWatch w = must(loop->add_fd(p.read_end.get(), POLLIN, [](short) {}));
      Timer t = loop->create_timer([] {});
      t.arm(1ms);
      loop->post([] {});
      write_byte(p.write_end);
      must(loop->run_once(100ms));
    }
  }
  EXPECT_EQ(open_fd_count(), before);
}

// ---- PollableWatch --------------------------------------------------------------

// A device with one pipe fd and an optional deadline, as libusb presents itself.
class FakeDevice : public Pollable {
 public:
  FakeDevice() : pipe_(make_pipe()) {}

  std::vector<PollInterest> poll_interests() const override {
    ++interest_reads;
    if (!watch_fd) return {};
    return {PollInterest{pipe_.read_end.get(), POLLIN}};
  }
  std::optional<milliseconds> next_timeout() const override { return timeout; }
  void process_events() override {
    ++processed;
    drain(pipe_.read_end);
    if (on_process) on_process();
  }

  Pipe& pipe() { return pipe_; }

  bool watch_fd = true;
  std::optional<milliseconds> timeout;
  int processed = 0;
  mutable int interest_reads = 0;
  std::function<void()> on_process;

 private:
  Pipe pipe_;
};

class PollableWatchTest : public SimulatedTimerTest {
 protected:
  std::vector<std::string> errors_;
  PollableWatch::ErrorHandler on_error_ = [this](const Error& e) { errors_.push_back(e.message); };
};

TEST_F(PollableWatchTest, ProcessEventsOnReadyFdAndOnTimeoutThenReReadsWants) {
  FakeDevice device;
  device.timeout = 50ms;
  auto watch = must(PollableWatch::create(*loop_, device, on_error_));
  EXPECT_EQ(device.interest_reads, 1);

  must(time_.advance(49ms));
  EXPECT_EQ(device.processed, 0);
  device.timeout.reset();  // after this call the device wants no deadline
  must(time_.advance(1ms));
  EXPECT_EQ(device.processed, 1);  // the timeout
  EXPECT_EQ(device.interest_reads, 2);

  must(time_.advance(1000ms));
  EXPECT_EQ(device.processed, 1);  // no deadline any more, nothing ready

  write_byte(device.pipe().write_end);
  must(time_.advance(0ms));
  EXPECT_EQ(device.processed, 2);  // the fd
  EXPECT_EQ(device.interest_reads, 3);
  EXPECT_TRUE(errors_.empty());
}

TEST_F(PollableWatchTest, ABeforeWaitHookPicksUpWantsChangedOutsideProcessEvents) {
  FakeDevice device;
  device.watch_fd = false;  // idle: nothing to watch
  auto watch = must(PollableWatch::create(*loop_, device, on_error_));
  loop_->set_before_wait([&] { must(watch->refresh()); });
  device.watch_fd = true;  // a request started by some other callback
  write_byte(device.pipe().write_end);
  EXPECT_EQ(must(loop_->run_once(5000ms)), 1u);
  EXPECT_EQ(device.processed, 1);

  loop_->set_before_wait({});
  device.watch_fd = false;
  write_byte(device.pipe().write_end);
  EXPECT_EQ(must(loop_->run_once(0ms)), 1u);  // still watched: nobody refreshed
  EXPECT_EQ(device.processed, 2);
}

TEST_F(PollableWatchTest, FdsTheDeviceDropsAreNoLongerWatched) {
  FakeDevice device;
  device.on_process = [&] { device.watch_fd = false; };
  auto watch = must(PollableWatch::create(*loop_, device, on_error_));
  write_byte(device.pipe().write_end);
  must(time_.advance(0ms));
  EXPECT_EQ(device.processed, 1);
  write_byte(device.pipe().write_end);
  must(time_.advance(10ms));
  EXPECT_EQ(device.processed, 1);
}

TEST_F(PollableWatchTest, FollowsAnFdNumberTheDeviceClosedAndReused) {
  FakeDevice device;
  auto watch = must(PollableWatch::create(*loop_, device, on_error_));
  const int old_fd = device.pipe().read_end.get();
  device.pipe() = Pipe{};  // closes both ends: epoll forgets the file
  device.pipe() = make_pipe();
  if (device.pipe().read_end.get() != old_fd) GTEST_SKIP() << "the kernel did not reuse the fd number";
  must(watch->refresh());
  write_byte(device.pipe().write_end);
  must(time_.advance(0ms));
  EXPECT_EQ(device.processed, 1);
}

TEST_F(PollableWatchTest, ReportsAnFdItCannotWatch) {
  FakeDevice device;
  // Someone else watches the device's fd already.
  FdWatch taken = must(loop_->add_fd(device.pipe().read_end.get(), POLLIN, [](short) {}));
  EXPECT_EQ(PollableWatch::create(*loop_, device, on_error_).code(), ErrorCode::kAlreadyExists);
}

}  // namespace
}  // namespace chainslip
