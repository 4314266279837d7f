#pragma once

// Valid receipts for tests that need one but do not test the receipt model
// itself (tests/unit/core/receipt/receipt_test.cpp has its own golden receipt).
#include <cstdint>
#include <string>
#include <vector>

#include "core/receipt/money.h"
#include "core/receipt/receipt.h"

namespace chainslip::test {

struct ItemSpec {
  std::string name;
  std::uint64_t quantity_hundredths;
  std::uint64_t unit_price_ten_thousandths;
};

// A receipt of `kind` with these items (no unit, no 医保 class), their
// amounts and total computed, and for medical kinds an extension whose
// payments add up (60 % fund, the rest cash).
inline Receipt make_test_receipt(ReceiptKind kind, std::string payer_name,
                                 const std::vector<ItemSpec>& items) {
  Receipt r;
  r.kind = kind;
  r.title = is_medical(kind) ? "浙江省医疗收费票据（电子）" : "浙江省非税收入统一票据（电子）";
  r.code = "33010126";
  r.number = "0000000042";
  r.check_code = "a1b2c3";
  r.issued_at = 1773450123;  // 2026-03-14 01:02:03 UTC
  r.business_serial = "MZ20260314000042";
  r.issuer_id = "12330100470000123X";
  r.issuer_name = "杭州市第一人民医院";
  r.payer = Payer{PayerKind::kPerson, std::move(payer_name), "33010619800101123X"};
  r.drawer = "王敏";
  r.reviewer = "李静";
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ItemSpec& s = items[i];
    const std::uint64_t amount =
        *line_amount_fen(s.quantity_hundredths, s.unit_price_ten_thousandths, kMaxAmountFen);
    r.items.push_back(ReceiptItem{std::to_string(110200001 + i), s.name, "", s.quantity_hundredths,
                                  s.unit_price_ten_thousandths, amount, InsuranceClass::kNone});
    r.amount_fen += amount;
  }
  if (is_medical(kind)) {
    MedicalDetails m;
    m.patient_number = kind == ReceiptKind::kInpatient ? "ZY00000042" : "MZ00000042";
    if (kind == ReceiptKind::kInpatient) {
      m.admission_date = CalendarDate{20260310};
      m.discharge_date = CalendarDate{20260314};
    } else {
      m.visit_date = CalendarDate{20260314};
    }
    m.institution_type = "综合医院";
    m.insurance_type = "职工基本医疗保险";
    m.payments.fund_fen = r.amount_fen * 6 / 10;
    m.payments.cash_fen = r.amount_fen - m.payments.fund_fen;
    r.medical = std::move(m);
  }
  return r;
}

}  // namespace chainslip::test
