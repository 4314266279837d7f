#include "drivers/printer/job/escpos_job_engine.h"

#include <algorithm>
#include <utility>

namespace chainslip::escpos {
namespace {

constexpr std::size_t kSyncMarkerBytes = 3;  // GS r 1
// Kept free in the printer's buffer: real-time queries and DLE ENQ are
// buffered too (then answered on reception), up to two probe rounds.
constexpr std::size_t kRealtimeReserve = 32;
// Sync periods an online printer may stay silent before the job fails.
constexpr int kLateSyncLimit = 3;
// When the transport took nothing and offers no fd or deadline to wait on.
constexpr std::chrono::milliseconds kWriteRetry{10};

// Why a transport could not be opened, from its error's code.
PrinterLinkFault open_fault(ErrorCode code) {
  switch (code) {
    case ErrorCode::kPermissionDenied: return PrinterLinkFault::kPermissionDenied;
    case ErrorCode::kBusy: return PrinterLinkFault::kBusy;
    default: return PrinterLinkFault::kUnreachable;
  }
}

std::string hex(std::uint8_t b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string("0x") + kDigits[b >> 4] + kDigits[b & 0x0f];
}

std::string units_printed(std::size_t confirmed, std::size_t total) {
  return std::to_string(confirmed) + " of " + std::to_string(total) + " units printed";
}

std::string seconds(std::chrono::milliseconds ms) {
  if (ms.count() % 1000 != 0) return std::to_string(ms.count()) + " ms";
  return std::to_string(ms.count() / 1000) + " s";
}

}  // namespace

EscPosJobEngine::EscPosJobEngine(PrinterTransport& transport, const Clock& clock,
                                 EscPosJobEngineOptions options)
    : transport_(transport), clock_(clock), options_(options), poll_at_(clock.now()) {}

std::size_t EscPosJobEngine::usable_buffer() const {
  return options_.buffer_bytes > kRealtimeReserve ? options_.buffer_bytes - kRealtimeReserve : 0;
}

Status EscPosJobEngine::start(PrintJob job, DoneCallback on_done) {
  if (job_) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "printer " + transport_.describe() + " is busy with '" + job_->job.label + "'");
  }
  if (job.units.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "print job '" + job.label + "' has no units");
  }
  for (std::size_t i = 0; i < job.units.size(); ++i) {
    if (job.units[i].empty() || job.units[i].size() + kSyncMarkerBytes > usable_buffer()) {
      return make_error(ErrorCode::kInvalidArgument,
                        "print job '" + job.label + "': unit " + std::to_string(i) + " is " +
                            std::to_string(job.units[i].size()) + " bytes; units must be 1.." +
                            std::to_string(usable_buffer() - kSyncMarkerBytes) +
                            " bytes to fit the printer's buffer (split raster strips smaller)");
    }
  }
  if (!transport_.is_open()) {
    const Status connected = connect();
    if (!connected.ok()) note_unreachable(open_fault(connected.code()), connected.error());
    CS_RETURN_IF_ERROR(connected);
  }
  if (condition_.connected && (!condition_.online || has_error(condition_))) {
    return make_error(
        ErrorCode::kFailedPrecondition,
        "printer " + transport_.describe() + " cannot print now: " + describe_condition(condition_));
  }
  job_.emplace();
  job_->job = std::move(job);
  job_->on_done = std::move(on_done);
  kick_ = true;
  return {};
}

Status EscPosJobEngine::recover() {
  if (job_) {
    return make_error(ErrorCode::kFailedPrecondition, "printer " + transport_.describe() + " is printing '" +
                                                          job_->job.label +
                                                          "'; recover only after a failed job");
  }
  if (!transport_.is_open()) {
    return make_error(ErrorCode::kUnavailable, "printer " + transport_.describe() + " is not connected");
  }
  // DLE ENQ 2, not 1: any job the error stopped has been reported failed, so
  // what it left in the buffer must not print.
  queue(realtime_recover(RealtimeRecovery::kResumeClearBuffer), Piece::Kind::kControl);
  // The clear took any earlier drain marker with it: ask again behind it.
  stream_.forget_paper_status_replies();
  queue(transmit_paper_status(), Piece::Kind::kSyncMarker);
  draining_ = true;
  probe();
  settled_ = false;
  quiet_until_ = clock_.now() + options_.sync_timeout;
  kick_ = true;
  return {};
}

std::optional<JobProgress> EscPosJobEngine::progress() const {
  if (!job_) return std::nullopt;
  return JobProgress{job_->job.label, job_->job.units.size(), job_->units_confirmed, job_->bytes_sent,
                     job_->held_since.has_value()};
}

std::optional<std::chrono::milliseconds> EscPosJobEngine::next_timeout() const {
  if (kick_) return Millis{0};
  std::optional<Millis> soonest = transport_.next_timeout();
  const auto consider = [&](std::optional<Millis> in) {
    if (in && (!soonest || *in < *soonest)) soonest = std::max(Millis{0}, *in);
  };
  const Millis now = clock_.now();
  for (const auto& at : {poll_at_, probe_deadline_, sync_deadline_, operator_deadline_, quiet_until_}) {
    if (at) consider(*at - now);
  }
  if (!out_.empty()) consider(kWriteRetry);
  return soonest;
}

void EscPosJobEngine::process_events() {
  kick_ = false;
  transport_.process_events();
  read_replies();
  run_timers();
  pump_job();
  flush();
  finish_if_done();
  // Last, with the state consistent: a callback may start the next job.
  for (auto& [on_done, outcome] : std::exchange(finished_, {})) {
    if (on_done) on_done(outcome);
  }
}

Status EscPosJobEngine::connect() {
  CS_RETURN_IF_ERROR(transport_.open());
  linked_ = true;
  stream_.reset();
  stream_.identify_peer();
  out_.clear();
  out_offset_ = 0;
  probe_deadline_.reset();
  skipped_seen_ = stream_.skipped_bytes();
  draining_ = false;  // a new link: the quiet period is all there is to go by
  settled_ = false;
  quiet_until_ = clock_.now() + options_.sync_timeout;
  // A command the lost link cut in half still waits for its bytes and would
  // swallow the next job's as its data: fill it with NULs (blank raster,
  // ignored as text).
  if (torn_bytes_ > 0) queue(Bytes(std::exchange(torn_bytes_, 0), 0x00), Piece::Kind::kControl);
  probe();
  return {};
}

// Why the printer cannot be heard goes to the listener once per change (the
// same refusal every poll is no news), in the transport's words, which name
// the printer. Hearing the printer again clears it.
void EscPosJobEngine::note_unreachable(PrinterLinkFault fault, const Error& why) {
  if (link_fault_ == fault && link_detail_ == why.message) return;
  link_fault_ = fault;
  link_detail_ = why.message;
  if (listener_) listener_(condition_, why.message);
}

// A link that breaks before the printer was ever heard on it (a TCP refusal
// found after the non-blocking connect) never reached the printer.
PrinterLinkFault EscPosJobEngine::broken_link_fault() const {
  return condition_.connected ? PrinterLinkFault::kLinkLost : PrinterLinkFault::kUnreachable;
}

void EscPosJobEngine::link_lost(PrinterLinkFault fault, const Error& error) {
  // A peer already found to be no printer that drops a later link before it
  // is heard (a web server resetting it) is the same news: not logged again.
  const bool same_foreign_peer =
      fault == PrinterLinkFault::kUnreachable && link_fault_ == PrinterLinkFault::kNotEscPos;
  if (!same_foreign_peer) note_unreachable(fault, error);
  if (!out_.empty() && out_offset_ > 0) torn_bytes_ = out_.front().bytes.size() - out_offset_;
  transport_.close();
  linked_ = false;
  out_.clear();
  out_offset_ = 0;
  stream_.reset();
  probe_deadline_.reset();
  settled_ = false;
  poll_at_ = clock_.now() + options_.idle_poll_interval;
  set_condition(PrinterCondition{});
  if (job_) {
    fail_job(make_error(ErrorCode::kUnavailable,
                        "lost the link to printer " + transport_.describe() + " (" + error.message +
                            ") with " + units_printed(job_->units_confirmed, job_->job.units.size()) +
                            "; check the cable and power"),
             false);
  }
}

void EscPosJobEngine::read_replies() {
  // Not only while is_open(): a transport that finds the link gone in its own
  // process_events() (a TCP reset, a USB disconnect) says so here, after the
  // printer's last bytes. Two reads at most: the second is the loss.
  for (int read = 0; read < 2 && linked_; ++read) {
    auto bytes = transport_.read_some();
    if (!bytes.ok()) {
      link_lost(broken_link_fault(), bytes.error());
      return;
    }
    const std::vector<StatusStream::Event> events = stream_.push(*bytes);
    if (const std::optional<std::uint8_t> foreign = stream_.foreign_byte()) {
      link_lost(PrinterLinkFault::kNotEscPos,
                make_error(ErrorCode::kFailedPrecondition,
                           "printer " + transport_.describe() + " is not an ESC/POS printer: it answered the "
                           "status query with byte " + hex(*foreign) +
                           ", which no ESC/POS status reply can be (check printer.address: a printer's raw "
                           "port is usually 9100)"));
      return;
    }
    for (const StatusStream::Event& event : events) handle(event);
    // Replies nobody waits for while settling: the printer is still working
    // through what a failed job left, so the quiet period starts again.
    if (stream_.skipped_bytes() != skipped_seen_) {
      skipped_seen_ = stream_.skipped_bytes();
      if (!settled_) quiet_until_ = clock_.now() + options_.sync_timeout;
    }
    if (transport_.is_open()) return;
  }
}

void EscPosJobEngine::handle(const StatusStream::Event& event) {
  switch (event.kind) {
    case StatusStream::Event::Kind::kRealtimeReply: {
      const auto n = static_cast<std::size_t>(event.query);
      probe_replies_[n - 1] = event.bytes[0];
      if (event.query != RealtimeStatus::kPaper) return;
      // The round is complete: apply it as one change, so listeners never
      // see half of it (online again but still "paper out").
      PrinterCondition next = condition_;
      for (std::size_t i = 0; i < probe_replies_.size(); ++i) {
        if (!probe_replies_[i]) continue;
        auto applied = apply_realtime_reply(next, static_cast<RealtimeStatus>(i + 1), *probe_replies_[i]);
        if (applied.ok()) next = *applied;
      }
      probe_replies_ = {};
      probe_deadline_.reset();
      set_condition(next);
      return;
    }
    case StatusStream::Event::Kind::kPaperStatusReply: {
      if (auto next = apply_paper_status_reply(condition_, event.bytes[0]); next.ok()) set_condition(*next);
      // While draining nothing of a new job is sent (it waits to settle), so
      // this reply can only be the drain marker's.
      if (draining_) {
        draining_ = false;  // the failed job's leftovers are printed: settle now
        quiet_until_ = clock_.now();
        return;
      }
      on_sync();
      return;
    }
    case StatusStream::Event::Kind::kAsbFrame: {
      if (auto next = parse_asb_frame(event.bytes); next.ok()) set_condition(*next);
      return;
    }
  }
}

void EscPosJobEngine::set_condition(const PrinterCondition& next) {
  if (next == condition_) return;
  const PrinterCondition before = std::exchange(condition_, next);
  on_condition_change(before);
}

void EscPosJobEngine::on_condition_change(const PrinterCondition& before) {
  if (condition_.connected) {
    link_fault_ = PrinterLinkFault::kNone;
    link_detail_.clear();
  }
  if (listener_) listener_(condition_, log_line());
  const Millis now = clock_.now();
  const bool came_online = condition_.connected && condition_.online && !(before.connected && before.online);
  if (!settled_ && came_online) quiet_until_ = now + options_.sync_timeout;
  if (!job_ || !condition_.connected) return;
  Job& job = *job_;
  if (has_error(condition_)) {
    fail_job(make_error(ErrorCode::kAborted, "printer " + transport_.describe() + " stopped the job: " +
                                                 describe_condition(condition_) + "; " +
                                                 units_printed(job.units_confirmed, job.job.units.size())),
             false);
  } else if (!condition_.online) {
    if (!job.held_since) {
      job.held_since = now;
      operator_deadline_ = now + options_.operator_timeout;
      sync_deadline_.reset();
    }
  } else if (job.held_since) {
    // The printer resumes by itself where it stopped; the syncs follow.
    job.held_since.reset();
    operator_deadline_.reset();
    job.late_syncs = 0;
    if (!job.in_flight.empty()) sync_deadline_ = now + options_.sync_timeout;
  }
}

void EscPosJobEngine::run_timers() {
  const Millis now = clock_.now();
  const auto due = [now](std::optional<Millis>& at) {
    if (!at || *at > now) return false;
    at.reset();
    return true;
  };
  if (due(poll_at_)) {
    poll_at_ = now + options_.idle_poll_interval;
    if (!transport_.is_open()) {
      if (Status connected = connect(); !connected.ok()) {
        note_unreachable(open_fault(connected.code()), connected.error());
      }
    } else if (!job_ && (condition_.cutter_error || condition_.mechanical_error) && !condition_.cover_open) {
      // A latched error outlives its cause: once the operator has cleared
      // the jam the printer waits for DLE ENQ. Asking while the jam is still
      // there changes nothing (the printer keeps the error), so ask each poll.
      (void)recover();
    } else if (!job_ || job_->held_since) {
      probe();
    }
  }
  if (due(probe_deadline_)) {
    link_lost(PrinterLinkFault::kNoAnswer,
              make_error(ErrorCode::kUnavailable, "printer " + transport_.describe() +
                                                      " did not answer the status query (DLE EOT) within " +
                                                      seconds(options_.sync_timeout)));
  }
  if (due(operator_deadline_) && job_) {
    fail_job(make_error(ErrorCode::kAborted,
                        "printer " + transport_.describe() + " stayed " + describe_condition(condition_) +
                            " for " + seconds(options_.operator_timeout) + "; job abandoned with " +
                            units_printed(job_->units_confirmed, job_->job.units.size())),
             true);
  }
  if (due(sync_deadline_) && job_) {
    if (++job_->late_syncs > kLateSyncLimit) {
      fail_job(make_error(ErrorCode::kDeadlineExceeded,
                          "printer " + transport_.describe() + " is " + describe_condition(condition_) +
                              " but has not confirmed a batch for " +
                              seconds(options_.sync_timeout * kLateSyncLimit) + "; " +
                              units_printed(job_->units_confirmed, job_->job.units.size())),
               false);
    } else {
      probe();  // learn why: ASB frames can be lost or disabled
      sync_deadline_ = now + options_.sync_timeout;
    }
  }
  if (due(quiet_until_)) {
    settled_ = condition_.connected && condition_.online && !has_error(condition_) && !draining_;
  }
}

void EscPosJobEngine::probe() {
  if (probe_deadline_ || !transport_.is_open()) return;
  for (RealtimeStatus n :
       {RealtimeStatus::kPrinter, RealtimeStatus::kOffline, RealtimeStatus::kError, RealtimeStatus::kPaper}) {
    queue(realtime_status(n), Piece::Kind::kQuery, n);
  }
  probe_replies_ = {};
  probe_deadline_ = clock_.now() + options_.sync_timeout;
}

bool EscPosJobEngine::may_send() const {
  return job_ && transport_.is_open() && settled_ && condition_.connected && condition_.online &&
         !has_error(condition_) && !job_->held_since;
}

void EscPosJobEngine::pump_job() {
  if (!may_send()) return;
  Job& job = *job_;
  const std::size_t usable = usable_buffer();
  const std::size_t target = usable / static_cast<std::size_t>(std::max(1, options_.pacing_window));
  if (job.next_unit == 0 && job.open_batch_bytes == 0 && job.in_flight.empty()) {
    // ASB on, so paper and cover changes arrive without polling.
    Bytes asb = automatic_status_back(kAsbOnlineErrorPaper);
    job.open_batch_bytes += asb.size();
    queue(std::move(asb), Piece::Kind::kJobData);
  }
  while (job.next_unit < job.job.units.size()) {
    const Bytes& unit = job.job.units[job.next_unit];
    if (job.open_batch_bytes > 0 && job.open_batch_bytes + unit.size() + kSyncMarkerBytes > target)
      close_batch();
    if (job.in_flight_bytes + job.open_batch_bytes + unit.size() + kSyncMarkerBytes > usable) break;
    queue(unit, Piece::Kind::kJobData);
    job.open_batch_bytes += unit.size();
    ++job.next_unit;
  }
  if (job.next_unit == job.job.units.size() && job.open_batch_bytes > 0) close_batch();
}

void EscPosJobEngine::close_batch() {
  Job& job = *job_;
  queue(transmit_paper_status(), Piece::Kind::kSyncMarker);
  const std::size_t bytes = job.open_batch_bytes + kSyncMarkerBytes;
  job.in_flight.push_back({job.next_unit, bytes});
  job.in_flight_bytes += bytes;
  job.open_batch_bytes = 0;
  if (!sync_deadline_) sync_deadline_ = clock_.now() + options_.sync_timeout;
}

void EscPosJobEngine::on_sync() {
  if (!job_ || job_->in_flight.empty()) return;
  Job& job = *job_;
  const Batch batch = job.in_flight.front();
  job.in_flight.pop_front();
  job.units_confirmed = batch.units_end;
  job.in_flight_bytes -= batch.bytes;
  job.late_syncs = 0;
  sync_deadline_.reset();
  if (!job.in_flight.empty() && !job.held_since) sync_deadline_ = clock_.now() + options_.sync_timeout;
  // Printing again while we thought it stopped (no ASB): ask, do not guess.
  if (job.held_since) probe();
}

void EscPosJobEngine::queue(Bytes bytes, Piece::Kind kind, RealtimeStatus query) {
  out_.push_back({std::move(bytes), kind, query});
}

void EscPosJobEngine::flush() {
  while (!out_.empty() && transport_.is_open()) {
    Piece& piece = out_.front();
    auto written = transport_.write_some(ByteView(piece.bytes).subspan(out_offset_));
    if (!written.ok()) {
      link_lost(broken_link_fault(), written.error());
      return;
    }
    out_offset_ += *written;
    if (job_ && (piece.kind == Piece::Kind::kJobData || piece.kind == Piece::Kind::kSyncMarker)) {
      job_->bytes_sent += *written;
    }
    if (out_offset_ < piece.bytes.size()) return;  // the rest when the transport takes it
    // A reply is due only once the whole query is out.
    if (piece.kind == Piece::Kind::kQuery) stream_.expect_realtime_reply(piece.query);
    if (piece.kind == Piece::Kind::kSyncMarker) stream_.expect_paper_status_reply();
    out_.pop_front();
    out_offset_ = 0;
  }
}

void EscPosJobEngine::finish_if_done() {
  if (!job_) return;
  const Job& job = *job_;
  if (job.next_unit < job.job.units.size() || job.open_batch_bytes > 0 || !job.in_flight.empty()) return;
  finished_.push_back({job.on_done, JobOutcome{job.job.label, Status{}, job.job.units.size(),
                                               job.units_confirmed, job.bytes_sent, false, condition_}});
  job_.reset();
  sync_deadline_.reset();
}

void EscPosJobEngine::fail_job(Error error, bool drop_buffer) {
  const Job& job = *job_;
  finished_.push_back(
      {job.on_done, JobOutcome{job.job.label, std::move(error), job.job.units.size(), job.units_confirmed,
                               job.bytes_sent, job.next_unit > 0, condition_}});
  // Unstarted job bytes stay home; a piece already half on the wire must be
  // finished (the printer waits for the rest of its command), but the reply
  // to a half-sent sync marker now belongs to no job.
  std::deque<Piece> kept;
  for (std::size_t i = 0; i < out_.size(); ++i) {
    Piece& piece = out_[i];
    const bool job_piece = piece.kind == Piece::Kind::kJobData || piece.kind == Piece::Kind::kSyncMarker;
    if (i == 0 && out_offset_ > 0) {
      if (piece.kind == Piece::Kind::kSyncMarker) piece.kind = Piece::Kind::kControl;
      kept.push_back(std::move(piece));
    } else if (!job_piece) {
      kept.push_back(std::move(piece));
    }
  }
  out_ = std::move(kept);
  if (drop_buffer) queue(realtime_recover(RealtimeRecovery::kResumeClearBuffer), Piece::Kind::kControl);
  stream_.forget_paper_status_replies();
  // What the failed job left in the buffer prints on once the printer is
  // back (paper out does not clear it), and can take longer than any quiet
  // period: a GS r 1 behind it is answered only when all of it is done.
  queue(transmit_paper_status(), Piece::Kind::kSyncMarker);
  draining_ = true;
  settled_ = false;
  quiet_until_ = clock_.now() + options_.sync_timeout;
  sync_deadline_.reset();
  operator_deadline_.reset();
  job_.reset();
}

std::string EscPosJobEngine::log_line() const {
  std::string line = "printer " + transport_.describe() + ": " + describe_condition(condition_);
  if (job_) {
    line += " during '" + job_->job.label + "' (" +
            units_printed(job_->units_confirmed, job_->job.units.size()) + ")";
  }
  return line;
}

}  // namespace chainslip::escpos
