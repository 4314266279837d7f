#include "sim/chain/receipt_factory.h"

#include <array>
#include <cstdio>

namespace chainslip::sim {
namespace {

struct ItemTemplate {
  const char* name;
  std::uint64_t min_fen;
  std::uint64_t max_fen;
};

constexpr std::array<ItemTemplate, 12> kItems{{
    {"挂号费", 500, 5000},
    {"诊察费", 1000, 5000},
    {"西药费", 500, 80000},
    {"中成药费", 1000, 60000},
    {"中草药费", 2000, 50000},
    {"检查费", 2000, 60000},
    {"化验费", 1000, 30000},
    {"治疗费", 2000, 100000},
    {"手术费", 50000, 2000000},
    {"床位费", 3000, 20000},
    {"护理费", 1000, 10000},
    {"卫生材料费", 500, 200000},
}};

constexpr std::array<const char*, 8> kSurnames{"张", "王", "李", "赵", "刘", "陈", "杨", "黄"};
constexpr std::array<const char*, 8> kGivenNames{"伟", "芳", "娜", "敏", "静", "磊", "洋", "婷婷"};
constexpr std::array<ReceiptKind, 5> kKinds{ReceiptKind::kOutpatient, ReceiptKind::kOutpatient,
                                            ReceiptKind::kOutpatient, ReceiptKind::kInpatient,
                                            ReceiptKind::kNonTax};

}  // namespace

Receipt ReceiptFactory::make(const std::string& issuer_id, const std::string& issuer_name,
                             const std::string& code, std::uint64_t sequence, std::uint64_t issued_at) {
  auto pick = [this](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); };
  Receipt r;
  r.code = code;
  char number[16];
  std::snprintf(number, sizeof number, "%010llu", static_cast<unsigned long long>(sequence % 10'000'000'000ULL));
  r.number = number;
  static constexpr char kAlnum[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  for (int i = 0; i < 6; ++i) r.check_code.push_back(kAlnum[pick(sizeof kAlnum - 1)]);
  r.kind = kKinds[pick(kKinds.size())];
  r.issued_at = issued_at;
  r.issuer_id = issuer_id;
  r.issuer_name = issuer_name;
  r.payer = std::string(kSurnames[pick(kSurnames.size())]) + kGivenNames[pick(kGivenNames.size())];
  const std::size_t item_count = 1 + pick(r.kind == ReceiptKind::kInpatient ? 10 : 4);
  for (std::size_t i = 0; i < item_count; ++i) {
    const auto& t = kItems[pick(kItems.size())];
    ReceiptItem item;
    item.name = t.name;
    item.quantity = 1 + pick(3);
    item.unit_price_fen = std::uniform_int_distribution<std::uint64_t>(t.min_fen, t.max_fen)(rng_);
    item.amount_fen = item.quantity * item.unit_price_fen;
    r.amount_fen += item.amount_fen;
    r.items.push_back(std::move(item));
  }
  return r;
}

}  // namespace chainslip::sim
