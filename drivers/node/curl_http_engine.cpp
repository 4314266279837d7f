#include "drivers/node/curl_http_engine.h"

#include <curl/curl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <utility>

#include "core/util/c_handle.h"

namespace chainslip {
namespace {

using std::chrono::milliseconds;

// Why an attempt failed, and whether anything of the request left the kiosk.
struct AttemptFailure {
  std::string why;
  bool timed_out = false;
  bool request_sent = false;
};

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

Status check_config(CurlHttpConfig& c, const std::string& who) {
  if (c.node_urls.empty()) {
    return make_error(ErrorCode::kInvalidArgument, who + ": no node URL configured (node_urls is empty)");
  }
  for (auto& url : c.node_urls) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
      return make_error(ErrorCode::kInvalidArgument,
                        who + ": \"" + url + "\" is not an http:// or https:// base URL");
    }
    while (url.back() == '/') url.pop_back();
  }
  if (c.max_rounds == 0) return make_error(ErrorCode::kInvalidArgument, who + ": max_rounds must be >= 1");
  if (c.client_cert_file.empty() != c.client_key_file.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      who + ": mutual TLS needs both client_cert_file and client_key_file");
  }
  for (const std::string* file : {&c.ca_file, &c.client_cert_file, &c.client_key_file}) {
    if (!file->empty() && access(file->c_str(), R_OK) != 0) {
      return make_error(ErrorCode::kInvalidArgument, who + ": cannot read TLS file " + *file);
    }
  }
  return {};
}

// One exchange with the nodes: its attempts, one node at a time.
struct Request {
  HttpExchange exchange;
  CurlHttpEngine::Done finish;

  std::size_t url_index = 0;       // the node of the current attempt
  std::size_t tried_in_round = 0;  // nodes tried in this round
  unsigned round = 1;
  std::vector<std::string> failures;  // "<url>: <why>", one per failed attempt
  bool only_timeouts = true;
  std::optional<milliseconds> retry_at;  // waiting for the next round

  // The attempt in flight. `easy` comes last so it is destroyed first: it
  // points at the headers, the error buffer and this request.
  CHandle<curl_slist, curl_slist_free_all> headers;
  std::string response;
  std::size_t max_body_bytes = 0;  // on_write's limit (it has no other context)
  bool oversize = false;
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  CHandle<CURL, curl_easy_cleanup> easy;
};

}  // namespace

struct CurlHttpEngine::Impl {
  CurlHttpConfig config;
  const Clock& clock;
  CHandle<CURLM, curl_multi_cleanup> multi;
  std::map<int, short> sockets;       // what libcurl wants watched
  std::optional<milliseconds> timer;  // when libcurl wants its timeout action
  std::map<Request*, std::unique_ptr<Request>> requests;
  std::deque<std::function<void()>> ready;  // callbacks of finished requests
  std::uint64_t generation = 0;             // bumped by cancel_all
  std::size_t preferred = 0;
  std::mt19937_64 rng;

  Impl(CurlHttpConfig c, const Clock& k) : config(std::move(c)), clock(k), rng(config.jitter_seed) {}

  // libcurl calls on_socket while it closes cached connections: clean the
  // multi handle up while the members it touches still exist.
  ~Impl() {
    drop_all();
    multi.reset();
  }

  void log(const std::string& line) const {
    if (config.log) config.log(line);
  }

  // -- libcurl's callbacks ----------------------------------------------------
  static int on_socket(CURL*, curl_socket_t s, int what, void* userp, void*) {
    auto* self = static_cast<Impl*>(userp);
    if (what == CURL_POLL_REMOVE) {
      self->sockets.erase(s);
    } else {
      self->sockets[s] = static_cast<short>(((what & CURL_POLL_IN) != 0 ? POLLIN : 0) |
                                            ((what & CURL_POLL_OUT) != 0 ? POLLOUT : 0));
    }
    return 0;
  }

  static int on_timer(CURLM*, long timeout_ms, void* userp) {
    auto* self = static_cast<Impl*>(userp);
    if (timeout_ms < 0) {
      self->timer.reset();
    } else {
      self->timer = self->clock.now() + milliseconds(timeout_ms);
    }
    return 0;
  }

  static std::size_t on_write(char* data, std::size_t size, std::size_t count, void* userp) {
    auto* r = static_cast<Request*>(userp);
    const std::size_t bytes = size * count;
    if (r->response.size() + bytes > r->max_body_bytes) {
      r->oversize = true;
      return 0;  // libcurl aborts the transfer with CURLE_WRITE_ERROR
    }
    r->response.append(data, bytes);
    return bytes;
  }

  // -- requests ----------------------------------------------------------------
  void begin(std::unique_ptr<Request> owned) {
    Request* r = owned.get();
    requests.emplace(r, std::move(owned));
    r->url_index = preferred;
    launch(*r);
  }

  void launch(Request& r) {
    r.retry_at.reset();
    r.response.clear();
    r.max_body_bytes = config.max_body_bytes;
    r.oversize = false;
    r.error_buffer[0] = '\0';
    const std::string url = config.node_urls[r.url_index] + r.exchange.path;
    r.easy.reset(curl_easy_init());
    if (!r.easy) return finish(r, make_error(ErrorCode::kInternal, "curl_easy_init failed"));
    CURL* e = r.easy.get();
    CURLcode rc = CURLE_OK;
    auto set = [&](CURLoption option, auto value) {
      if (rc == CURLE_OK) rc = curl_easy_setopt(e, option, value);
    };
    set(CURLOPT_URL, url.c_str());
    set(CURLOPT_PRIVATE, static_cast<void*>(&r));
    set(CURLOPT_WRITEFUNCTION, &Impl::on_write);
    set(CURLOPT_WRITEDATA, static_cast<void*>(&r));
    set(CURLOPT_ERRORBUFFER, r.error_buffer.data());
    set(CURLOPT_NOSIGNAL, 1L);
    set(CURLOPT_PROTOCOLS_STR, "http,https");
    set(CURLOPT_TIMEOUT_MS, static_cast<long>(config.request_timeout.count()));
    set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config.connect_timeout.count()));
    set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(config.max_body_bytes));
    set(CURLOPT_SSL_VERIFYPEER, 1L);
    set(CURLOPT_SSL_VERIFYHOST, 2L);
    if (!config.ca_file.empty()) {
      set(CURLOPT_CAINFO, config.ca_file.c_str());
      set(CURLOPT_CAPATH, static_cast<const char*>(nullptr));  // only ca_file: no system CA folder
    }
    if (!config.client_cert_file.empty()) {
      set(CURLOPT_SSLCERT, config.client_cert_file.c_str());
      set(CURLOPT_SSLKEY, config.client_key_file.c_str());
    }
    curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
    if (r.exchange.post_body) {
      headers = curl_slist_append(headers, "Content-Type: application/json");
      headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
      set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.exchange.post_body->size()));
      set(CURLOPT_POSTFIELDS, r.exchange.post_body->c_str());
    }
    r.headers.reset(headers);
    set(CURLOPT_HTTPHEADER, headers);
    if (rc != CURLE_OK || headers == nullptr) {
      r.easy.reset();
      return finish(r, make_error(ErrorCode::kInternal,
                                  std::string("cannot set up a libcurl request: ") + curl_easy_strerror(rc)));
    }
    if (CURLMcode mc = curl_multi_add_handle(multi.get(), e); mc != CURLM_OK) {
      r.easy.reset();
      return finish(r, make_error(ErrorCode::kInternal,
                                  std::string("curl_multi_add_handle: ") + curl_multi_strerror(mc)));
    }
  }

  // Takes the finished attempt off libcurl and decides what comes next.
  void attempt_done(Request& r, CURLcode result) {
    long status = 0;
    long request_size = 0;
    curl_easy_getinfo(r.easy.get(), CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(r.easy.get(), CURLINFO_REQUEST_SIZE, &request_size);
    curl_multi_remove_handle(multi.get(), r.easy.get());
    r.easy.reset();
    r.headers.reset();
    const std::string& url = config.node_urls[r.url_index];

    if (r.oversize || result == CURLE_FILESIZE_EXCEEDED) {
      return finish(r, make_error(ErrorCode::kInvalidArgument,
                                  "answer to " + r.exchange.endpoint + " from " + url + " is larger than " +
                                      std::to_string(config.max_body_bytes) + " bytes: refused"));
    }
    if (result == CURLE_OK && status < 500) {
      preferred = r.url_index;
      return finish(r, NodeAnswer{status, std::move(r.response)});
    }
    AttemptFailure failure;
    failure.request_sent = request_size > 0;
    if (result == CURLE_OK) {
      failure.why = "HTTP " + std::to_string(status);
    } else {
      failure.timed_out = result == CURLE_OPERATION_TIMEDOUT;
      failure.why = curl_easy_strerror(result);
      if (r.error_buffer[0] != '\0') failure.why += std::string(" (") + r.error_buffer.data() + ")";
    }
    failed(r, url, failure);
  }

  void failed(Request& r, const std::string& url, const AttemptFailure& f) {
    r.failures.push_back(url + ": " + f.why);
    r.only_timeouts = r.only_timeouts && f.timed_out;
    if (!r.exchange.idempotent && f.request_sent) {
      log(r.exchange.endpoint + " failed on " + url + " (" + f.why + ") after it was sent: not sent again");
      return finish(r, final_error(r));
    }
    if (++r.tried_in_round < config.node_urls.size()) {
      r.url_index = (r.url_index + 1) % config.node_urls.size();
      log(r.exchange.endpoint + " failed on " + url + " (" + f.why + "); trying " +
          config.node_urls[r.url_index]);
      return launch(r);
    }
    if (r.round < config.max_rounds) {
      const milliseconds wait = backoff(r.round);
      ++r.round;
      r.tried_in_round = 0;
      r.url_index = preferred;
      r.retry_at = clock.now() + wait;
      log(r.exchange.endpoint + " failed on " + url + " (" + f.why + "); round " + std::to_string(r.round) +
          " in " + std::to_string(wait.count()) + " ms");
      return;
    }
    log(r.exchange.endpoint + " failed on " + url + " (" + f.why + "); giving up");
    finish(r, final_error(r));
  }

  Error final_error(const Request& r) const {
    const ErrorCode code = r.only_timeouts ? ErrorCode::kDeadlineExceeded : ErrorCode::kUnavailable;
    return make_error(code, r.exchange.endpoint + " failed on every node tried: " + join(r.failures, "; "));
  }

  // The wait before round `after_round` + 1: exponential, with jitter.
  milliseconds backoff(unsigned after_round) {
    milliseconds wait = config.backoff_initial;
    for (unsigned i = 1; i < after_round && wait < config.backoff_max; ++i) wait *= 2;
    wait = std::min(wait, config.backoff_max);
    std::uniform_int_distribution<std::int64_t> jitter(wait.count() / 2, wait.count());
    return milliseconds(jitter(rng));
  }

  // Ends a request: its callback runs at the end of process_events().
  void finish(Request& r, Result<NodeAnswer> outcome) {
    auto it = requests.find(&r);
    std::unique_ptr<Request> owned = std::move(it->second);
    requests.erase(it);
    ready.push_back([finish = std::move(owned->finish), outcome = std::move(outcome)]() mutable {
      finish(std::move(outcome));
    });
  }

  void drop_all() {
    for (auto& [r, owned] : requests) {
      if (owned->easy) curl_multi_remove_handle(multi.get(), owned->easy.get());
    }
    requests.clear();
    ready.clear();
    ++generation;
  }

  // -- the event loop's side -------------------------------------------------
  void act_on_ready_sockets() {
    if (sockets.empty()) return;
    std::vector<pollfd> fds;
    for (const auto& [fd, events] : sockets) fds.push_back(pollfd{fd, events, 0});
    if (poll(fds.data(), fds.size(), 0) <= 0) return;
    int running = 0;
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      int action = 0;
      if ((p.revents & (POLLIN | POLLHUP | POLLERR)) != 0) action |= CURL_CSELECT_IN;
      if ((p.revents & POLLOUT) != 0) action |= CURL_CSELECT_OUT;
      if ((p.revents & POLLERR) != 0) action |= CURL_CSELECT_ERR;
      curl_multi_socket_action(multi.get(), p.fd, action, &running);
    }
  }

  void act_on_timer() {
    if (!timer || clock.now() < *timer) return;
    timer.reset();
    int running = 0;
    curl_multi_socket_action(multi.get(), CURL_SOCKET_TIMEOUT, 0, &running);
  }

  void collect_finished() {
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi.get(), &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      void* priv = nullptr;
      curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
      const CURLcode result = m->data.result;  // m is invalid once the handle is removed
      attempt_done(*static_cast<Request*>(priv), result);
    }
  }

  void start_due_retries() {
    const milliseconds now = clock.now();
    std::vector<Request*> due;
    for (auto& [r, owned] : requests) {
      if (r->retry_at && *r->retry_at <= now) due.push_back(r);
    }
    for (Request* r : due) launch(*r);
  }

  void run_callbacks() {
    std::deque<std::function<void()>> batch;
    batch.swap(ready);
    const std::uint64_t g = generation;
    for (auto& callback : batch) {
      if (generation != g) return;  // a callback called cancel_all()
      callback();
    }
  }
};

CurlHttpEngine::CurlHttpEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CurlHttpEngine::~CurlHttpEngine() = default;

Result<std::unique_ptr<CurlHttpEngine>> CurlHttpEngine::create(CurlHttpConfig config, const Clock& clock,
                                                               std::string_view who) {
  static std::once_flag curl_initialised;
  std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CS_RETURN_IF_ERROR(check_config(config, std::string(who)));
  auto impl = std::make_unique<Impl>(std::move(config), clock);
  impl->multi.reset(curl_multi_init());
  if (!impl->multi) return make_error(ErrorCode::kInternal, "curl_multi_init failed");
  CURLM* m = impl->multi.get();
  curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, &Impl::on_socket);
  curl_multi_setopt(m, CURLMOPT_SOCKETDATA, static_cast<void*>(impl.get()));
  curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, &Impl::on_timer);
  curl_multi_setopt(m, CURLMOPT_TIMERDATA, static_cast<void*>(impl.get()));
  return std::unique_ptr<CurlHttpEngine>(new CurlHttpEngine(std::move(impl)));
}

void CurlHttpEngine::send(HttpExchange exchange, Done done) {
  auto r = std::make_unique<Request>();
  r->exchange = std::move(exchange);
  r->finish = std::move(done);
  impl_->begin(std::move(r));
}

void CurlHttpEngine::defer(std::function<void()> callback) { impl_->ready.push_back(std::move(callback)); }

void CurlHttpEngine::cancel_all() { impl_->drop_all(); }

std::vector<PollInterest> CurlHttpEngine::poll_interests() const {
  std::vector<PollInterest> out;
  for (const auto& [fd, events] : impl_->sockets) out.push_back(PollInterest{fd, events});
  return out;
}

std::optional<std::chrono::milliseconds> CurlHttpEngine::next_timeout() const {
  if (!impl_->ready.empty()) return milliseconds(0);
  std::optional<milliseconds> at = impl_->timer;
  for (const auto& [r, owned] : impl_->requests) {
    if (r->retry_at && (!at || *r->retry_at < *at)) at = r->retry_at;
  }
  if (!at) return std::nullopt;
  return std::max(milliseconds(0), *at - impl_->clock.now());
}

void CurlHttpEngine::process_events() {
  impl_->act_on_ready_sockets();
  impl_->act_on_timer();
  impl_->collect_finished();
  impl_->start_due_retries();
  impl_->run_callbacks();
}

const std::string& CurlHttpEngine::preferred_url() const { return impl_->config.node_urls[impl_->preferred]; }

}  // namespace chainslip
