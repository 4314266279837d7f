#pragma once

#include <memory>

namespace chainslip {

// For callbacks that may run after their owner is gone (a node's answer, a
// timer, a post to the event loop): the owner holds an AliveToken, each
// callback a Watch taken from it, and does nothing unless watch.alive().
// Not thread-safe: end() and alive() run on the owner's event loop.
class AliveToken {
 public:
  class Watch {
   public:
    bool alive() const {
      const std::shared_ptr<const bool> flag = flag_.lock();
      return flag && *flag;
    }

   private:
    friend class AliveToken;
    explicit Watch(std::weak_ptr<const bool> flag) : flag_(std::move(flag)) {}
    std::weak_ptr<const bool> flag_;
  };

  AliveToken() = default;
  AliveToken(const AliveToken&) = delete;
  AliveToken& operator=(const AliveToken&) = delete;

  Watch watch() const { return Watch(flag_); }
  // Every watch says "gone" from now on: for an owner whose destructor tears
  // down members a late callback would touch, before the token itself goes.
  void end() { *flag_ = false; }

 private:
  std::shared_ptr<bool> flag_ = std::make_shared<bool>(true);
};

}  // namespace chainslip
