#include "sim/chain/receipt_factory.h"

#include <array>
#include <cstdio>

#include "core/receipt/calendar_date.h"
#include "core/receipt/money.h"

namespace chainslip::sim {
namespace {

// Item lines as a hospital's charging system writes them: a catalogue code,
// a name, a unit, a price range in 1/10000 yuan, how quantities come
// (whole or in halves) and the 医保 class.
struct ItemTemplate {
  const char* code;
  const char* name;
  const char* unit;
  std::uint64_t min_price;  // 1/10000 yuan
  std::uint64_t max_price;
  bool fractional;  // quantities like 0.50, 1.50
  InsuranceClass insurance;
};

constexpr std::array<ItemTemplate, 14> kItems{{
    {"110200001", "普通门诊诊察费", "次", 100000, 500000, false, InsuranceClass::kClassA},
    {"110100001", "挂号费", "次", 50000, 100000, false, InsuranceClass::kSelfPay},
    {"XA02BAA", "奥美拉唑肠溶胶囊", "盒", 123456, 456789, false, InsuranceClass::kClassA},
    {"XJ01CRA", "阿莫西林克拉维酸钾片", "盒", 187500, 389999, false, InsuranceClass::kClassB},
    {"ZA04AAA", "连花清瘟胶囊", "盒", 142857, 286667, false, InsuranceClass::kClassB},
    {"T250101", "中药饮片(黄芪)", "克", 1234, 9876, true, InsuranceClass::kClassB},
    {"250101015", "血常规检查", "项", 150000, 300000, false, InsuranceClass::kClassA},
    {"250301001", "肝功能检测", "项", 350000, 800000, false, InsuranceClass::kClassA},
    {"210102015", "胸部CT平扫", "次", 1500000, 3200000, false, InsuranceClass::kClassB},
    {"310300001", "静脉输液", "组", 80000, 150000, true, InsuranceClass::kClassA},
    {"330000001", "手术费", "次", 5000000, 80000000, false, InsuranceClass::kClassB},
    {"110900001", "床位费", "日", 300000, 1200000, false, InsuranceClass::kClassA},
    {"120100001", "护理费", "日", 100000, 400000, false, InsuranceClass::kClassA},
    {"C0101001", "一次性输液器", "套", 12345, 45678, false, InsuranceClass::kSelfPay},
}};

constexpr std::array<const char*, 8> kSurnames{"张", "王", "李", "赵", "刘", "陈", "杨", "黄"};
constexpr std::array<const char*, 8> kGivenNames{"伟", "芳", "娜", "敏", "静", "磊", "洋", "婷婷"};
constexpr std::array<const char*, 3> kStaff{"王敏", "李静", "周洁"};
constexpr std::array<const char*, 3> kInsuranceTypes{"职工基本医疗保险", "城乡居民基本医疗保险", "自费"};
constexpr std::array<ReceiptKind, 5> kKinds{ReceiptKind::kOutpatient, ReceiptKind::kOutpatient,
                                            ReceiptKind::kOutpatient, ReceiptKind::kInpatient,
                                            ReceiptKind::kNonTax};

std::string title_of(ReceiptKind kind) {
  switch (kind) {
    case ReceiptKind::kOutpatient: return "浙江省医疗门诊收费票据（电子）";
    case ReceiptKind::kInpatient: return "浙江省医疗住院收费票据（电子）";
    case ReceiptKind::kNonTax: return "浙江省非税收入统一票据（电子）";
    case ReceiptKind::kDonation: return "浙江省公益事业捐赠统一票据（电子）";
    case ReceiptKind::kFine: return "浙江省罚没票据（电子）";
  }
  return "浙江省财政电子票据";
}

std::string zero_padded(std::uint64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llu", width, static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

Receipt ReceiptFactory::make(const std::string& issuer_id, const std::string& issuer_name,
                             const std::string& code, std::uint64_t sequence, std::uint64_t issued_at) {
  auto pick = [this](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); };
  auto between = [this](std::uint64_t lo, std::uint64_t hi) {
    return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng_);
  };
  Receipt r;
  r.kind = kKinds[pick(kKinds.size())];
  r.title = title_of(r.kind);
  r.code = code;
  r.number = zero_padded(sequence % 10'000'000'000ULL, 10);
  static constexpr char kAlnum[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  for (int i = 0; i < 6; ++i) r.check_code.push_back(kAlnum[pick(sizeof kAlnum - 1)]);
  r.issued_at = issued_at;
  const CalendarDate day = china_date_of(issued_at);
  const char* serial_prefix = r.kind == ReceiptKind::kInpatient    ? "ZY"
                              : r.kind == ReceiptKind::kOutpatient ? "MZ"
                                                                   : "FS";
  r.business_serial = serial_prefix + day.compact() + zero_padded(sequence % 1'000'000, 6);
  r.issuer_id = issuer_id;
  r.issuer_name = issuer_name;
  r.payer.kind = PayerKind::kPerson;
  r.payer.name = std::string(kSurnames[pick(kSurnames.size())]) + kGivenNames[pick(kGivenNames.size())];
  r.payer.id_number = "3301" + zero_padded(between(0, 99), 2) + zero_padded(between(1950, 2010), 4) +
                      zero_padded(between(1, 12), 2) + zero_padded(between(1, 28), 2) +
                      zero_padded(between(0, 999), 3);
  r.payer.id_number.push_back("0123456789X"[pick(11)]);
  r.drawer = kStaff[pick(kStaff.size())];
  r.reviewer = kStaff[pick(kStaff.size())];
  r.remark = pick(4) == 0 ? "医保结算，如需退费请持纸质票据至收费窗口" : "";
  const std::size_t item_count = 1 + pick(r.kind == ReceiptKind::kInpatient ? 10 : 4);
  for (std::size_t i = 0; i < item_count; ++i) {
    const auto& t = kItems[pick(kItems.size())];
    ReceiptItem item;
    item.code = t.code;
    item.name = t.name;
    item.unit = t.unit;
    item.quantity_hundredths = t.fractional ? 50 * (1 + pick(6)) : 100 * (1 + pick(3));
    item.unit_price_ten_thousandths = between(t.min_price, t.max_price);
    // The table's prices keep every line far below the limit.
    item.amount_fen =
        *line_amount_fen(item.quantity_hundredths, item.unit_price_ten_thousandths, kMaxAmountFen);
    item.insurance_class = t.insurance;
    r.amount_fen += item.amount_fen;
    r.items.push_back(std::move(item));
  }
  if (is_medical(r.kind)) {
    MedicalDetails m;
    m.patient_number =
        (r.kind == ReceiptKind::kInpatient ? "ZY" : "MZ") + zero_padded(sequence % 100'000'000, 8);
    if (r.kind == ReceiptKind::kInpatient) {
      m.admission_date = china_date_of(issued_at - 86400 * between(1, 14));
      m.discharge_date = day;
    } else {
      m.visit_date = day;
    }
    m.institution_type = "综合医院";
    m.insurance_type = kInsuranceTypes[pick(kInsuranceTypes.size())];
    if (m.insurance_type != std::string("自费")) {
      m.payments.fund_fen = r.amount_fen * between(30, 70) / 100;
      m.payments.account_fen = (r.amount_fen - m.payments.fund_fen) * between(0, 50) / 100;
      m.payments.other_fen =
          pick(5) == 0 ? (r.amount_fen - m.payments.fund_fen - m.payments.account_fen) / 10 : 0;
    }
    m.payments.cash_fen = r.amount_fen - m.payments.fund_fen - m.payments.account_fen - m.payments.other_fen;
    r.medical = std::move(m);
  }
  return r;
}

}  // namespace chainslip::sim
