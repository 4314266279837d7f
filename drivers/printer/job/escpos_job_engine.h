#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/hal/clock.h"
#include "core/hal/paper_printer.h"
#include "core/hal/printer_transport.h"
#include "core/util/result.h"
#include "drivers/printer/escpos/printer_condition.h"
#include "drivers/printer/escpos/status_stream.h"
#include "drivers/printer/job/print_job.h"

namespace chainslip::escpos {

struct EscPosJobEngineOptions {
  // The printer's receive buffer (from its profile). Nothing overflows as long
  // as the driver never has more than this unconfirmed in the printer.
  std::size_t buffer_bytes = 4096;
  // Batches in flight, each closed by a GS r 1 sync marker and sized
  // buffer / window: 1 waits for each full buffer to drain before sending
  // the next; 2 refills one half while the printer prints the other.
  int pacing_window = 2;
  // The longest an online printer takes to print a full buffer (and to
  // answer a DLE EOT): a sync later than this makes the driver ask why.
  std::chrono::milliseconds sync_timeout{3000};
  // How long a job waits for someone to load paper or close the cover.
  std::chrono::milliseconds operator_timeout{std::chrono::minutes(3)};
  // Status polling (and reconnecting) while no job runs.
  std::chrono::milliseconds idle_poll_interval{2000};
};

struct JobOutcome {
  std::string label;
  Status status;  // kAborted (stopped by the printer), kUnavailable (link lost), kDeadlineExceeded
  std::size_t units_total = 0;
  std::size_t units_confirmed = 0;  // proven to have left the printer's buffer
  std::size_t bytes_sent = 0;       // handed to the transport for this job
  bool paper_may_be_partly_printed = false;
  PrinterCondition condition;  // when the job ended
};

struct JobProgress {
  std::string label;
  std::size_t units_total = 0;
  std::size_t units_confirmed = 0;
  std::size_t bytes_sent = 0;
  bool waiting_for_operator = false;  // the printer stopped mid-job (paper, cover)
};

// The ESC/POS printer driver: runs one PrintJob at a time over a
// PrinterTransport, paced so the printer's buffer never overflows, and
// follows the printer's condition (DLE EOT polls, ASB frames, GS r replies).
// It owns no thread and never blocks: the event loop calls process_events()
// when the transport's fds are ready or next_timeout() has passed.
//
// Pacing: whole units go out in batches; after each batch a GS r 1 whose
// reply proves the printer has taken everything before it out of its buffer.
// At most buffer_bytes (less a reserve for real-time queries) are ever
// unconfirmed. Everything the driver writes goes through one FIFO of
// complete commands, so a status query never lands inside a unit's data.
//
// Faults: paper out / cover open mid-job hold the job (the printer resumes
// by itself when fixed, nothing printed twice) for operator_timeout, then
// fail it (kAborted) and ask the printer to drop the rest (DLE ENQ 2); a
// cutter or other error fails the job at once, and recover() clears it
// (the idle poll calls it while such an error is latched, so the printer
// comes back by itself once the operator has cleared the jam); a
// lost link fails it with kUnavailable. After a failed job or a reconnect the
// driver lets the printer finish whatever it still holds (online and quiet
// for sync_timeout) before sending a new job.
class EscPosJobEngine final : public Pollable {
 public:
  using DoneCallback = std::function<void(const JobOutcome&)>;
  using ConditionListener = std::function<void(const PrinterCondition&, const std::string& log_line)>;

  EscPosJobEngine(PrinterTransport& transport, const Clock& clock, EscPosJobEngineOptions options = {});

  // Queues `job`; on_done is called from process_events() once it is printed
  // or has failed. kFailedPrecondition when a job is running or the printer is
  // known to be offline, kInvalidArgument for an empty job or a unit that
  // does not fit the buffer, the transport's error when it cannot be opened.
  Status start(PrintJob job, DoneCallback on_done);
  // After an error (cutter jam cleared by the operator): DLE ENQ 2, resuming
  // and dropping whatever a failed job left buffered, then a status poll.
  Status recover();

  bool busy() const { return job_.has_value(); }
  std::optional<JobProgress> progress() const;
  PrinterCondition condition() const { return condition_; }
  // Told each change of the condition, and, once per change of reason, why
  // the printer cannot be heard (the transport's message, which names it).
  void set_condition_listener(ConditionListener listener) { listener_ = std::move(listener); }
  // Why the printer is not heard, and the sentence the listener was told;
  // kNone (and "") once it answers. A peer whose first bytes no ESC/POS
  // printer sends (StatusStream::identify_peer) is kNotEscPos: the link is
  // closed and nothing it said is read as status.
  PrinterLinkFault link_fault() const { return link_fault_; }
  const std::string& link_detail() const { return link_detail_; }
  // Bytes from the printer that fitted no reply (see StatusStream).
  std::uint64_t skipped_status_bytes() const { return stream_.skipped_bytes(); }

  std::vector<PollInterest> poll_interests() const override { return transport_.poll_interests(); }
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override;

 private:
  using Millis = std::chrono::milliseconds;

  // One complete command (or unit) queued for the wire. A real-time query's
  // reply becomes due once its last byte is written.
  struct Piece {
    enum class Kind {
      kJobData,     // a unit or GS a: dropped with its job if not yet started
      kSyncMarker,  // GS r 1 closing a batch: its reply is due
      kQuery,       // DLE EOT n: its reply is due
      kControl,     // DLE ENQ n: no reply
    };
    Bytes bytes;
    Kind kind;
    RealtimeStatus query = RealtimeStatus::kPrinter;
  };
  // A batch of units closed by a sync marker, not yet confirmed.
  struct Batch {
    std::size_t units_end;  // units [0, units_end) printed once its sync returns
    std::size_t bytes;      // its share of the printer's buffer
  };
  struct Job {
    PrintJob job;
    DoneCallback on_done;
    std::size_t next_unit = 0;
    std::size_t units_confirmed = 0;
    std::size_t bytes_sent = 0;
    std::size_t open_batch_bytes = 0;  // queued since the last sync marker
    std::deque<Batch> in_flight;
    std::size_t in_flight_bytes = 0;
    int late_syncs = 0;
    std::optional<Millis> held_since;  // printer stopped mid-job
  };

  Status connect();
  PrinterLinkFault broken_link_fault() const;
  void link_lost(PrinterLinkFault fault, const Error& error);
  void note_unreachable(PrinterLinkFault fault, const Error& why);
  void read_replies();
  void handle(const StatusStream::Event& event);
  void set_condition(const PrinterCondition& next);
  void on_condition_change(const PrinterCondition& before);
  void run_timers();
  void probe();
  void pump_job();
  void close_batch();
  void on_sync();
  void flush();
  void finish_if_done();
  void fail_job(Error error, bool drop_buffer);
  void queue(Bytes bytes, Piece::Kind kind, RealtimeStatus query = RealtimeStatus::kPrinter);
  std::size_t usable_buffer() const;
  bool may_send() const;
  std::string log_line() const;

  PrinterTransport& transport_;
  const Clock& clock_;
  const EscPosJobEngineOptions options_;

  StatusStream stream_;
  PrinterCondition condition_;
  ConditionListener listener_;
  std::array<std::optional<std::uint8_t>, 4> probe_replies_;  // DLE EOT 1..4 of the round under way

  std::deque<Piece> out_;
  std::size_t out_offset_ = 0;  // bytes of out_.front() written
  std::size_t torn_bytes_ = 0;  // a command cut by a lost link still waits for this many

  std::optional<Job> job_;
  std::vector<std::pair<DoneCallback, JobOutcome>> finished_;
  bool kick_ = false;  // start() queued work for the next process_events()
  bool linked_ = false;  // opened by connect(), not yet closed by link_lost()
  PrinterLinkFault link_fault_ = PrinterLinkFault::kNone;  // why it is not heard, as last told
  std::string link_detail_;

  // A printer that may still hold bytes (after a reconnect or a failed job)
  // is "settled" once online, error-free and silent for sync_timeout.
  bool settled_ = false;
  bool draining_ = false;  // a GS r 1 behind a failed job's leftovers is unanswered
  std::uint64_t skipped_seen_ = 0;

  // Timers: absolute times on clock_, disarmed when nullopt.
  std::optional<Millis> poll_at_;          // idle status poll / reconnect attempt
  std::optional<Millis> probe_deadline_;   // DLE EOT replies due by then
  std::optional<Millis> sync_deadline_;    // the oldest sync is late after this
  std::optional<Millis> operator_deadline_;
  std::optional<Millis> quiet_until_;      // settling
};

}  // namespace chainslip::escpos
