#include "firmware/kiosk/receipt_status_text.h"

#include "firmware/kiosk/kiosk_view.h"

namespace chainslip {

Notice chain_status_badge(const ReceiptStatusView& status) {
  switch (status.status) {
    case ReceiptStatus::kConverted: {
      if (!status.paper) return {"已换开纸质票据", "Already exchanged for a paper copy"};
      const ActivePaper& p = *status.paper;
      const std::string serial = p.paper_code + "-" + p.paper_number;
      const std::string when = china_time_minutes(p.time);
      return {"已换开纸质票据：编号 " + serial + "，" + when + "，自助机 " + p.device_id,
              "Already exchanged: paper copy " + serial + ", " + when + ", kiosk " + p.device_id};
    }
    case ReceiptStatus::kPosted: return {"已入账", "Posted (claimed)"};
    case ReceiptStatus::kReversed: return {"已冲红", "Reversed"};
    case ReceiptStatus::kIssued: break;
  }
  return {"已核验", "Verified"};
}

std::optional<Notice> closed_receipt_notice(ReceiptStatus status) {
  switch (status) {
    case ReceiptStatus::kConverted:
      return Notice{"这张票据已经换开过纸质票据。每张票据只能换开一次，不能再次换开。如需帮助请到人工窗口。",
                    "A paper copy of this receipt has already been issued. Each receipt is exchanged only "
                    "once. Please ask at the service desk if you need help."};
    case ReceiptStatus::kPosted:
      return Notice{"这张票据已入账报销，不能换开纸质票据。如需帮助请到人工窗口。",
                    "This receipt has already been claimed (posted), so no paper copy can be issued. Please "
                    "ask at the service desk if you need help."};
    case ReceiptStatus::kReversed:
      return Notice{"这张票据已冲红作废，不能换开纸质票据。如需帮助请到人工窗口。",
                    "This receipt has been reversed (cancelled), so no paper copy can be issued. Please ask "
                    "at the service desk if you need help."};
    case ReceiptStatus::kIssued: break;
  }
  return std::nullopt;
}

}  // namespace chainslip
