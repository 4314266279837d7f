#include "firmware/screen/view_channel.h"

#include <algorithm>

namespace chainslip {

void ViewChannel::publish(std::string view_json) {
  {
    std::lock_guard lock(mu_);
    view_ = std::move(view_json);
    ++version_;
  }
  changed_.notify_all();
}

std::optional<std::string> ViewChannel::latest() const {
  std::lock_guard lock(mu_);
  if (version_ == 0) return std::nullopt;
  return view_;
}

ViewChannel::StreamId ViewChannel::open() {
  bool evicted = false;
  StreamId id;
  {
    std::lock_guard lock(mu_);
    while (!streams_.empty() && streams_.size() >= max_streams_) {
      streams_.pop_front();
      evicted = true;
    }
    id = next_id_++;
    streams_.push_back(Stream{id});
  }
  if (evicted) changed_.notify_all();
  return id;
}

void ViewChannel::release(StreamId id) {
  std::lock_guard lock(mu_);
  std::erase_if(streams_, [id](const Stream& s) { return s.id == id; });
}

ViewChannel::Stream* ViewChannel::find(StreamId id) {
  auto it = std::find_if(streams_.begin(), streams_.end(), [id](const Stream& s) { return s.id == id; });
  return it == streams_.end() ? nullptr : &*it;
}

ViewChannel::Next ViewChannel::next(StreamId id, std::chrono::milliseconds heartbeat) {
  std::unique_lock lock(mu_);
  auto ready = [&] {
    const Stream* s = find(id);
    return closed_ || s == nullptr || s->sent_version < version_;
  };
  if (!changed_.wait_for(lock, heartbeat, ready)) return Next{Wake::kHeartbeat, {}};
  Stream* s = find(id);
  if (closed_ || s == nullptr) return Next{Wake::kClosed, {}};
  s->sent_version = version_;
  return Next{Wake::kView, view_};
}

void ViewChannel::close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  changed_.notify_all();
}

}  // namespace chainslip
