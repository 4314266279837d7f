#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/hal/paper_printer.h"
#include "drivers/printer/job/escpos_job_engine.h"
#include "drivers/printer/layout/receipt_layout.h"
#include "drivers/printer/profiles/printer_profile.h"

namespace chainslip::escpos {

// The kiosk's PaperPrinter on an ESC/POS printer: lays the paper copy out for
// the profile given at construction and runs it as one paced job on the
// engine, then tells the outcome in the kiosk's words (paper_may_exist from
// what the engine proved, the condition code of the printer when the job
// ended). After a job that may have printed part of a copy, the next job
// first cuts that torn copy off. The engine must outlive this; its events
// are serviced through this object's Pollable side.
class EscPosPaperPrinter final : public PaperPrinter {
 public:
  EscPosPaperPrinter(EscPosJobEngine& engine, PrinterProfile profile, LayoutOptions layout);

  Status print(const PaperCopyContent& document, DoneCallback done) override;
  Status print_void_slip(const VoidSlipContent& slip, DoneCallback done) override;
  PrinterState state() const override;

  std::vector<PollInterest> poll_interests() const override { return engine_.poll_interests(); }
  std::optional<std::chrono::milliseconds> next_timeout() const override { return engine_.next_timeout(); }
  void process_events() override { engine_.process_events(); }

 private:
  Status run(PrintJob job, DoneCallback done);

  EscPosJobEngine& engine_;
  const PrinterProfile profile_;
  const LayoutOptions layout_;
  // A failed job may have left a torn copy on the roll, uncut.
  bool torn_copy_on_roll_ = false;
};

// The engine's verdict on a job as a PrintOutcome.
PrintOutcome print_outcome_of(const JobOutcome& outcome);

}  // namespace chainslip::escpos
