#include "drivers/printer/escpos_paper_printer.h"

#include <utility>

#include "core/store/exchange_journal.h"
#include "drivers/printer/escpos/escpos_commands.h"
#include "drivers/printer/job/print_job_builder.h"

namespace chainslip::escpos {

EscPosPaperPrinter::EscPosPaperPrinter(EscPosJobEngine& engine, PrinterProfile profile, LayoutOptions layout)
    : engine_(engine), profile_(std::move(profile)), layout_(layout) {}

Status EscPosPaperPrinter::print(const PaperCopyContent& document, DoneCallback done) {
  CS_ASSIGN_OR_RETURN(PrintJob job, layout_paper_copy(document, profile_, layout_));
  job.label = "paper copy " + paper_serial_text(document.paper);
  return run(std::move(job), std::move(done));
}

Status EscPosPaperPrinter::print_void_slip(const VoidSlipContent& slip, DoneCallback done) {
  CS_ASSIGN_OR_RETURN(PrintJob job, layout_void_slip(slip, profile_, layout_));
  job.label = "void slip " + paper_serial_text(slip.paper);
  return run(std::move(job), std::move(done));
}

Status EscPosPaperPrinter::run(PrintJob job, DoneCallback done) {
  if (torn_copy_on_roll_) {
    // The last job stopped part-way: cut its torn copy off first, or the
    // patient's copy comes out attached to a half one (whose serial is void).
    PrintJobBuilder cut_off(profile_, "cut off a torn copy");
    CS_RETURN_IF_ERROR(cut_off.add(initialize()));
    CS_RETURN_IF_ERROR(cut_off.add_ticket_end());
    PrintJob prefix = std::move(cut_off).finish();
    job.units.insert(job.units.begin(), prefix.units.begin(), prefix.units.end());
  }
  return engine_.start(std::move(job), [this, done = std::move(done)](const JobOutcome& outcome) {
    torn_copy_on_roll_ = !outcome.status.ok() && (outcome.paper_may_be_partly_printed || torn_copy_on_roll_);
    if (done) done(print_outcome_of(outcome));
  });
}

PrinterState EscPosPaperPrinter::state() const {
  const PrinterCondition c = engine_.condition();
  PrinterState s;
  s.ready = !engine_.busy() && c.connected && c.online && !has_error(c);
  s.condition_code = condition_code(c);
  s.condition_text = describe_condition(c);
  s.paper_low = c.connected && c.paper_near_end;
  s.link_fault = engine_.link_fault();
  s.link_detail = engine_.link_detail();
  return s;
}

PrintOutcome print_outcome_of(const JobOutcome& outcome) {
  PrintOutcome out;
  out.status = outcome.status;
  out.paper_may_exist = !outcome.status.ok() && outcome.paper_may_be_partly_printed;
  out.condition_code = condition_code(outcome.condition);
  out.condition_text = describe_condition(outcome.condition);
  return out;
}

}  // namespace chainslip::escpos
