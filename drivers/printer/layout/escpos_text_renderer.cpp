#include "drivers/printer/layout/escpos_text_renderer.h"

#include "drivers/printer/escpos/gb18030_text.h"
#include "drivers/printer/layout/qr_raster.h"

namespace chainslip::escpos {
namespace {

// The modes ESC @ leaves, tracked so a command goes out only on a change.
struct TextState {
  escpos::Align align = escpos::Align::kLeft;
  int scale = 1;
  bool bold = false;
};

Status set_state(const TextState& want, TextState& have, PrintJobBuilder& job) {
  if (want.align != have.align) CS_RETURN_IF_ERROR(job.add(escpos::align(want.align)));
  if (want.scale != have.scale) CS_RETURN_IF_ERROR(job.add(escpos::character_size(want.scale, want.scale)));
  if (want.bold != have.bold) CS_RETURN_IF_ERROR(job.add(escpos::emphasis(want.bold)));
  have = want;
  return {};
}

Status add_qr(const std::string& payload, bool native_qr, PrintJobBuilder& job) {
  CS_ASSIGN_OR_RETURN(FittedQr qr, fit_qr(payload, job.profile().print_width_dots, kPaperQrMaxModuleDots));
  const int module = qr.module;
  if (!native_qr) return job.add_raster(render_qr(qr.symbol, module));
  // The printer draws only the symbol: feed its quiet zone above and below.
  const auto quiet = static_cast<std::uint8_t>(kQrQuietModules * module);
  CS_RETURN_IF_ERROR(job.add(escpos::feed_dots(quiet)));
  CS_RETURN_IF_ERROR(job.add(escpos::qr_model2()));
  CS_RETURN_IF_ERROR(job.add(escpos::qr_module_size(static_cast<std::uint8_t>(module))));
  CS_RETURN_IF_ERROR(job.add(escpos::qr_error_correction(escpos::QrErrorCorrection::kM)));
  CS_RETURN_IF_ERROR(job.add(escpos::qr_store(as_bytes(payload))));
  CS_RETURN_IF_ERROR(job.add(escpos::qr_print()));
  return job.add(escpos::feed_dots(quiet));
}

}  // namespace

Status render_escpos_text(const LaidOutTicket& doc, bool native_qr, PrintJobBuilder& job) {
  const PrinterProfile& profile = job.profile();
  if (profile.chinese == ChineseSupport::kNone) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "printer profile " + profile.id + " has no Chinese font: lay the paper copy out in full raster");
  }
  if (native_qr && !profile.native_qr) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "printer profile " + profile.id + " has no native QR (GS ( k): print the QR as raster");
  }
  if (profile.chinese == ChineseSupport::kFsAmpersand) CS_RETURN_IF_ERROR(job.add(escpos::chinese_mode(true)));
  TextState state;
  for (const TicketLine& line : doc.lines) {
    CS_RETURN_IF_ERROR(set_state({line.align, line.scale, line.bold}, state, job));
    CS_ASSIGN_OR_RETURN(Bytes encoded, encode_gb18030(line.text));
    CS_RETURN_IF_ERROR(job.add(escpos::text_line(encoded)));
  }
  CS_RETURN_IF_ERROR(set_state({escpos::Align::kCenter, 1, false}, state, job));
  if (!doc.qr_payload.empty()) CS_RETURN_IF_ERROR(add_qr(doc.qr_payload, native_qr, job));
  return set_state({}, state, job);
}

}  // namespace chainslip::escpos
