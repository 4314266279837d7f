#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace chainslip {

// The kiosk screen's server threads (an httplib::TaskQueue): a thread is
// started only when a connection finds none idle, up to `max_threads`; beyond
// that connections wait their turn. Threads stay until shutdown(), so the
// pool is as large as the busiest moment and no larger (an idle kiosk has a
// few, not the dozens a flood needs while it is being shed).
class ElasticThreadPool final : public httplib::TaskQueue {
 public:
  explicit ElasticThreadPool(std::size_t max_threads);
  ~ElasticThreadPool() override;
  ElasticThreadPool(const ElasticThreadPool&) = delete;
  ElasticThreadPool& operator=(const ElasticThreadPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  // Runs the jobs still queued, then joins the threads.
  void shutdown() override;

 private:
  void work();

  const std::size_t max_threads_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool shutdown_ = false;
};

}  // namespace chainslip
