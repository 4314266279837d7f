#pragma once

// The kiosk screen: a web page on loopback that the kiosk's Chromium shows
// full-screen (docs/SCREEN.md). The service publishes a view model; the page
// renders it and posts the patient's taps back as actions.
//
// The view model, one JSON object (the page renders nothing else):
//   {"state": "idle" | "looking_up" | "verified" | "rejected" | "exchanging" |
//             "printing" | "done" | "error",
//    "title_zh", "title_en", "message_zh", "message_en": what the patient reads
//        ("" lets the page show its default text for the state),
//    "receipt": null | {"code", "number", "kind_zh", "issuer",
//        "payer" (already masked), "amount_yuan" ("123.45"),
//        "amount_words" (大写), "issued_at" ("2026-11-23 14:05"),
//        "items": [{"name", "quantity", "amount_yuan"}], "from_cache": bool,
//        "status_zh", "status_en"},
//    "actions": subset of ["confirm_refund", "confirm_other", "cancel",
//        "start_over"]: the buttons to show now,
//    "progress": null | {"step_zh", "step_en", "percent" (0..100)},
//    "devices": {"printer": {"ok", "text_zh", "text_en", ["fault", "fault_detail"]:
//                            why it is not heard, for staff (PrinterLinkFault)},
//                "node": {"ok", "text_zh", "text_en"}, "scanner": {"ok"}},
//    "kiosk": {"hospital_name", "help_phone"}}
// Receipt texts come from outside the kiosk: the page treats every string as
// text (never as markup).
//
// Actions (POST /actions, strict JSON, see screen_action.h; refused with 403
// when the Origin header names another site) reach the service
// through the action handler, called on one of the server's threads: the
// service must bounce them onto its event loop and return at once.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/util/bytes.h"
#include "core/util/result.h"
#include "core/util/strict_json.h"
#include "firmware/kiosk/kiosk_events.h"

namespace chainslip {

class KioskScreenServer {
 public:
  struct Options {
    std::string listen = "127.0.0.1:8080";  // port 0: an ephemeral port (tests)
    std::string assets_dir;                 // holds index.html, app.js, style.css
    bool allow_remote = false;              // listen on a non-loopback address (never on a kiosk in service)
    std::chrono::milliseconds heartbeat{15'000};  // SSE comment that keeps idle streams alive
    // Limits that keep a flood from starving the kiosk's own page (docs/SCREEN.md, "Limits").
    std::size_t max_streams = 4;                  // concurrent SSE streams (each holds one server thread)
    std::size_t max_connections = 32;             // in all (each holds a server thread)
    std::size_t max_connections_per_client = 16;  // per client address; more than max_streams
    std::chrono::milliseconds request_timeout{5'000};  // for all of a request: line, headers, body
    // The voice prompts (docs/SCREEN.md, "Voice prompts"): `dir`/<name>.wav
    // served as /voice/<name>.wav for each name in `prompts`, and the page's
    // voice settings as /voice.json. No prompts: the page stays silent.
    struct Voice {
      std::string dir;
      std::vector<std::string> prompts;
      std::uint32_t volume_percent = 80;
    } voice{};
  };
  using ActionHandler = std::function<void(const ScreenAction& action)>;

  // Binds, then serves on the server's own threads. Fails when the address is
  // not loopback (unless allow_remote), the port is taken (kUnavailable: no
  // two servers share the port), an asset or voice prompt is missing, or the limits leave no
  // room (max_streams not below max_connections_per_client). Ignores SIGPIPE
  // for the process (a browser that goes away must not kill the service).
  static Result<std::unique_ptr<KioskScreenServer>> start(Options options);
  ~KioskScreenServer();
  KioskScreenServer(const KioskScreenServer&) = delete;
  KioskScreenServer& operator=(const KioskScreenServer&) = delete;

  // Thread-safe. Keeps the view for GET /view and new streams, and sends it
  // to every open stream as an `event: state`.
  void publish(const Json& view);
  void set_action_handler(ActionHandler handler);

  int port() const;
  // Closes the open streams and stops serving; returns once the server's
  // threads are done. Idempotent; the destructor calls it.
  void stop();

 private:
  struct Impl;
  explicit KioskScreenServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chainslip
