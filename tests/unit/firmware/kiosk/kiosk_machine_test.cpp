#include "firmware/kiosk/kiosk_machine.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/crypto/hasher.h"
#include "core/event/simulated_time.h"
#include "core/receipt/amount_in_words.h"
#include "firmware/kiosk/kiosk_view.h"
#include "firmware/kiosk/receipt_status_text.h"
#include "firmware/screen/screen_action.h"
#include "tests/support/kiosk_test_chain.h"
#include "sim/node/lies.h"

namespace chainslip {
namespace {

using test::TestChain;
using std::chrono::milliseconds;
using std::chrono::seconds;

// A scanner at the other end of a pipe, as a HID scanner's fd would be.
class PipeScanner final : public CodeScanner {
 public:
  PipeScanner() { EXPECT_EQ(::pipe(fds_), 0); }
  ~PipeScanner() override {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  void present(const std::string& code) {
    codes_.push_back(code);
    EXPECT_EQ(::write(fds_[1], "x", 1), 1);
  }
  std::string describe() const override { return "pipe scanner"; }
  Status open() override { return open_status_; }
  void close() override { closed_ = true; }
  Result<std::optional<std::string>> take_code() override {
    if (arrived_.empty()) return std::optional<std::string>{};
    std::string code = arrived_.front();
    arrived_.pop_front();
    return std::optional<std::string>{code};
  }
  std::vector<PollInterest> poll_interests() const override { return {{fds_[0], POLLIN}}; }
  void process_events() override {
    char byte;
    while (!codes_.empty() && ::read(fds_[0], &byte, 1) == 1) {
      arrived_.push_back(codes_.front());
      codes_.pop_front();
    }
  }

  Status open_status_;
  bool closed_ = false;

 private:
  int fds_[2] = {-1, -1};
  std::deque<std::string> codes_;    // written, not yet read from the pipe
  std::deque<std::string> arrived_;  // read, for take_code
};

class FakePrinter final : public PaperPrinter {
 public:
  Status print(const PaperCopyContent&, DoneCallback) override {
    return make_error(ErrorCode::kInternal, "the kiosk machine never prints itself");
  }
  Status print_void_slip(const VoidSlipContent&, DoneCallback) override {
    return make_error(ErrorCode::kInternal, "the kiosk machine never prints itself");
  }
  PrinterState state() const override { return state_; }
  std::vector<PollInterest> poll_interests() const override { return {}; }
  void process_events() override {}

  PrinterState state_{true, PrinterConditionCode::kOk, "ready"};
};

// Records every start; completes and reports progress when the test says.
class FakeExchangeRunner final : public ExchangeRunner {
 public:
  struct Start {
    ExchangeSubject subject;
    ExchangeReason reason;
  };
  Status start(const ExchangeSubject& subject, ExchangeReason reason, Done done, Progress progress) override {
    if (!start_status_.ok()) return start_status_;
    starts_.push_back({subject, reason});
    done_ = std::move(done);
    progress_ = std::move(progress);
    return {};
  }
  void recover(std::function<void(Result<std::size_t>)> done) override { done(std::size_t{0}); }
  bool busy() const override { return static_cast<bool>(done_); }

  void report(ExchangeStep step) { progress_(ExchangeProgress{1, step, "33010199-0000000001", ""}); }
  void finish(ExchangeResult outcome) {
    Done done = std::move(done_);
    done_ = nullptr;
    done(std::move(outcome));
  }

  Status start_status_;
  std::vector<Start> starts_;

 private:
  Done done_;
  Progress progress_;
};

class KioskMachineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loop = EventLoop::create(clock_);
    ASSERT_TRUE(loop.ok());
    loop_ = std::move(loop).value();
    time_ = std::make_unique<SimulatedTime>(clock_, *loop_);
  }
  void TearDown() override { machine_.reset(); }

  void start(KioskMachineOptions options = {}) {
    options.idle_timeout = kIdle;
    options.result_display = kResult;
    auto m = KioskMachine::create(
        *loop_, scanner_, chain_.lookup(), runner_, printer_, std::move(options),
        [this](const Json& view) { views_.push_back(view); },
        [this](const std::string& line) { log_.push_back(line); });
    ASSERT_TRUE(m.ok()) << m.error().message;
    machine_ = std::move(m).value();
    settle();
  }

  // Lets the node client answer and the loop dispatch what is ready, without moving time.
  void settle() {
    for (int i = 0; i < 8; ++i) {
      chain_.client().process_events();
      ASSERT_TRUE(time_->advance(milliseconds{0}).ok());
    }
  }
  void wait(milliseconds by) {
    ASSERT_TRUE(time_->advance(by).ok());
    settle();
  }
  void scan(const std::string& code) {
    scanner_.present(code);
    settle();
  }
  Status act(const ScreenAction& action) {
    machine_->handle_action(action);
    settle();
    return {};
  }
  // An action as the screen posts it: parsed as the screen server parses it.
  Status act(const Json& action) {
    CS_ASSIGN_OR_RETURN(ScreenAction parsed, parse_screen_action(action.dump()));
    machine_->handle_action(parsed);
    settle();
    return {};
  }
  void confirm(const char* reason = "refund") {
    ASSERT_TRUE(act({{"action", "choose"}, {"reason", reason}}).ok());
    ASSERT_TRUE(act({{"action", "confirm"}, {"reason", reason}}).ok());
  }
  const Json& view() const { return machine_->view(); }
  std::string shown() const { return view()["state"].get<std::string>(); }
  bool logged(const std::string& needle) const {
    return std::any_of(log_.begin(), log_.end(),
                       [&](const std::string& l) { return l.find(needle) != std::string::npos; });
  }
  std::vector<std::string> actions() const { return view()["actions"].get<std::vector<std::string>>(); }
  ExchangeOutcome outcome() const { return {1, "33010199-0000000001", 2, std::string(64, 'a')}; }
  void to_exchanging() {
    scan(chain_.scanned());
    ASSERT_EQ(machine_->state(), KioskStateId::kVerified);
    confirm();
    ASSERT_EQ(machine_->state(), KioskStateId::kExchanging);
  }

  static constexpr milliseconds kIdle = seconds(60);
  static constexpr milliseconds kResult = seconds(15);

  ManualClock clock_;
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<SimulatedTime> time_;
  TestChain chain_;
  PipeScanner scanner_;
  FakePrinter printer_;
  FakeExchangeRunner runner_;
  std::vector<Json> views_;
  std::vector<std::string> log_;
  std::unique_ptr<KioskMachine> machine_;
};

void expect_keys(const Json& object, std::vector<std::string> keys, const std::string& where) {
  ASSERT_TRUE(object.is_object()) << where << ": " << object.dump();
  std::vector<std::string> have;
  for (const auto& [key, value] : object.items()) have.push_back(key);
  std::sort(have.begin(), have.end());
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(have, keys) << where;
}

void expect_device(const Json& device, bool with_text, const std::string& where) {
  expect_keys(
      device,
      with_text ? std::vector<std::string>{"ok", "text_zh", "text_en"} : std::vector<std::string>{"ok"},
      where);
  EXPECT_TRUE(device["ok"].is_boolean()) << where;
  if (with_text) {
    EXPECT_FALSE(device["text_zh"].get<std::string>().empty()) << where;
    EXPECT_FALSE(device["text_en"].get<std::string>().empty()) << where;
  }
}

// The screen's contract, key by key.
void expect_view_shape(const Json& v) {
  expect_keys(v,
              {"state", "title_zh", "title_en", "message_zh", "message_en", "receipt", "actions", "confirm",
               "countdown", "progress", "devices", "kiosk"},
              "view");
  const std::vector<std::string> states = {
      "idle",     "idle_paused", "looking_up",   "verified",   "already_exchanged", "already_posted",
      "already_reversed", "confirming", "rejected", "network_down", "exchanging", "printing",
      "paper_out", "done",       "error"};
  EXPECT_NE(std::find(states.begin(), states.end(), v["state"].get<std::string>()), states.end())
      << v["state"];
  for (const char* key : {"title_zh", "title_en", "message_zh", "message_en"})
    EXPECT_TRUE(v[key].is_string()) << key;
  EXPECT_FALSE(v["title_zh"].get<std::string>().empty());
  EXPECT_FALSE(v["title_en"].get<std::string>().empty());
  ASSERT_TRUE(v["actions"].is_array());
  for (const Json& a : v["actions"]) {
    const std::vector<std::string> known = {"confirm_refund", "confirm_other", "confirm_exchange", "back",
                                            "call_staff",     "cancel",        "start_over"};
    EXPECT_NE(std::find(known.begin(), known.end(), a.get<std::string>()), known.end()) << a;
  }
  if (!v["receipt"].is_null()) {
    const Json& r = v["receipt"];
    expect_keys(
        r, {"title",  "code",     "number",      "check_code",   "kind_zh",   "business_serial", "issuer",
            "payer",  "payer_id", "amount_yuan", "amount_words", "issued_at", "items",           "medical",
            "drawer", "reviewer", "remark",      "from_cache",   "status_zh", "status_en"},
        "receipt");
    EXPECT_TRUE(r["from_cache"].is_boolean());
    EXPECT_TRUE(
        std::regex_match(r["issued_at"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d)")))
        << r["issued_at"];
    ASSERT_TRUE(r["items"].is_array());
    for (const Json& item : r["items"]) {
      expect_keys(item,
                  {"code", "name", "unit", "quantity", "unit_price", "amount_yuan", "insurance_class_zh"},
                  "item");
      EXPECT_TRUE(std::regex_match(item["quantity"].get<std::string>(), std::regex(R"(\d+(\.\d{1,2})?)")));
      EXPECT_TRUE(std::regex_match(item["unit_price"].get<std::string>(), std::regex(R"(\d+\.\d{2,4})")));
      EXPECT_TRUE(std::regex_match(item["amount_yuan"].get<std::string>(), std::regex(R"(\d+\.\d\d)")));
    }
  }
  if (!v["progress"].is_null()) {
    expect_keys(v["progress"], {"step_zh", "step_en", "percent"}, "progress");
    EXPECT_TRUE(v["progress"]["percent"].is_number_integer());
  }
  expect_keys(v["devices"], {"printer", "node", "scanner"}, "devices");
  expect_device(v["devices"]["printer"], true, "printer");
  expect_device(v["devices"]["node"], true, "node");
  expect_device(v["devices"]["scanner"], false, "scanner");
}

TEST_F(KioskMachineTest, StartsIdleWithEveryKeyOfTheView) {
  start();
  EXPECT_EQ(machine_->state(), KioskStateId::kIdle);
  expect_view_shape(view());
  EXPECT_EQ(shown(), "idle");
  EXPECT_TRUE(view()["receipt"].is_null());
  EXPECT_TRUE(view()["progress"].is_null());
  EXPECT_EQ(actions(), std::vector<std::string>{});
  EXPECT_EQ(view()["devices"]["node"]["ok"], true);  // the start-up probe answered
  EXPECT_EQ(view()["devices"]["printer"]["ok"], true);
  EXPECT_EQ(view()["devices"]["scanner"]["ok"], true);
  ASSERT_FALSE(views_.empty());
  EXPECT_EQ(views_.back(), view());
}

TEST_F(KioskMachineTest, ScanLooksUpThenShowsTheVerifiedReceiptWithTheMaskedPayer) {
  start();
  scan(chain_.scanned());
  ASSERT_EQ(machine_->state(), KioskStateId::kVerified);
  // looking_up was published on the way.
  EXPECT_TRUE(
      std::any_of(views_.begin(), views_.end(), [](const Json& v) { return v["state"] == "looking_up"; }));
  expect_view_shape(view());
  EXPECT_EQ(shown(), "verified");
  const Receipt r = chain_.receipt();
  const Json& shown_receipt = view()["receipt"];
  EXPECT_EQ(shown_receipt["code"], r.code);
  EXPECT_EQ(shown_receipt["number"], r.number);
  EXPECT_EQ(shown_receipt["issuer"], r.issuer_name);
  EXPECT_EQ(shown_receipt["payer"], display_payer(r.payer.name, PayerDisplay::kMasked));
  EXPECT_NE(shown_receipt["payer"], r.payer.name);
  // The ID number is never shown whole.
  EXPECT_EQ(shown_receipt["payer_id"], display_id_number(r.payer.id_number));
  EXPECT_EQ(shown_receipt.dump().find(r.payer.id_number), std::string::npos);
  EXPECT_NE(shown_receipt["payer"].get<std::string>().find('*'), std::string::npos);
  EXPECT_EQ(shown_receipt["amount_yuan"], yuan_decimal(r.amount_fen));
  EXPECT_EQ(shown_receipt["amount_words"], *amount_in_words(r.amount_fen));
  EXPECT_EQ(shown_receipt["issued_at"], china_time_minutes(r.issued_at));
  EXPECT_EQ(china_time_minutes(1'767'225'600), "2026-01-01 08:00");
  ASSERT_EQ(shown_receipt["items"].size(), r.items.size());
  EXPECT_EQ(shown_receipt["items"][0]["name"], r.items[0].name);
  EXPECT_EQ(shown_receipt["from_cache"], false);
  EXPECT_EQ(actions(), (std::vector<std::string>{"confirm_refund", "confirm_other", "cancel"}));
  EXPECT_TRUE(logged("kiosk: state=verified code=" + r.code + " number=" + r.number + " from_cache=false"));
}

// Issue 15, item 7: the status bar names the hospital and its help phone.
TEST_F(KioskMachineTest, TheStatusBarShowsTheHospitalAndHelpPhoneOfTheConfig) {
  start();
  EXPECT_EQ(view()["kiosk"], (Json{{"hospital_name", ""}, {"help_phone", ""}}));
  EXPECT_EQ(view()["devices"]["node"]["text_zh"], "正常");  // no developer words
  machine_.reset();
  KioskConfig config;
  config.screen.hospital_name = "杭州市第一人民医院";
  config.screen.help_phone = "0571-87000000";
  start(KioskMachineOptions::from_config(config));
  EXPECT_EQ(view()["kiosk"], (Json{{"hospital_name", "杭州市第一人民医院"}, {"help_phone", "0571-87000000"}}));
}

TEST_F(KioskMachineTest, FullPayerWhenTheConfigSaysSo) {
  KioskConfig config;
  config.kiosk.mask_payer = false;
  start(KioskMachineOptions::from_config(config));
  scan(chain_.scanned());
  EXPECT_EQ(view()["receipt"]["payer"], chain_.receipt().payer.name);
}

struct RejectionCase {
  RejectionKind kind;
  std::string scanned;
};

TEST_F(KioskMachineTest, EveryRejectionReasonIsShownInBothLanguagesThenIdle) {
  start();
  ReceiptCode wrong_check = chain_.payload();
  wrong_check.check_code[0] = wrong_check.check_code[0] == 'a' ? 'b' : 'a';
  ReceiptCode wrong_amount = chain_.payload();
  *wrong_amount.amount_fen += 1;
  std::string foreign = chain_.scanned(3);
  foreign.replace(foreign.find("https://www."), 12, "https://evil.");
  const std::vector<RejectionCase> cases = {
      {RejectionKind::kNotAReceiptCode, "WIFI:S:hospital;;"},
      {RejectionKind::kUnknownPlatform, foreign},
      {RejectionKind::kMalformedCode, chain_.scanned(4) + "&d=x"},
      {RejectionKind::kReceiptNotFound, chain_.url(wrong_check)},
      {RejectionKind::kVerificationFailed, chain_.scanned(1)},  // with a lying node, below
      {RejectionKind::kNodeUnavailable, chain_.scanned(2)},     // with the node down, below
      {RejectionKind::kQrMismatch, chain_.url(wrong_amount)},
  };
  for (const RejectionCase& c : cases) {
    SCOPED_TRACE(std::string(rejection_kind_name(c.kind)));
    chain_.client().set_lie(c.kind == RejectionKind::kVerificationFailed ? std::optional(sim::Lie::kBadProof)
                                                                         : std::nullopt);
    if (c.kind == RejectionKind::kNodeUnavailable) chain_.client().fail_next(1);
    scan(c.scanned);
    ASSERT_EQ(machine_->state(), KioskStateId::kRejected);
    expect_view_shape(view());
    const Rejection expected = make_rejection(c.kind, Error{ErrorCode::kInternal, ""}, "");
    // The network is not the receipt's fault: its own screen.
    EXPECT_EQ(shown(), c.kind == RejectionKind::kNodeUnavailable ? "network_down" : "rejected");
    EXPECT_EQ(view()["message_zh"], expected.text_zh);
    EXPECT_EQ(view()["message_en"], expected.text_en);
    EXPECT_TRUE(view()["receipt"].is_null());
    EXPECT_EQ(actions(), std::vector<std::string>{"start_over"});
    EXPECT_TRUE(logged("kiosk: rejected reason=" + expected.code));
    // Shown for a while, then idle.
    wait(kResult - milliseconds{1});
    EXPECT_EQ(machine_->state(), KioskStateId::kRejected);
    wait(milliseconds{1});
    EXPECT_EQ(machine_->state(), KioskStateId::kIdle);
  }
  EXPECT_TRUE(logged("cause=inclusion_proof_invalid"));  // the operator gets the specific reason
}

TEST_F(KioskMachineTest, ConfirmRunsTheExchangeWithProgressThenDoneThenIdle) {
  start();
  to_exchanging();
  ASSERT_EQ(runner_.starts_.size(), 1u);
  EXPECT_EQ(runner_.starts_[0].reason, ExchangeReason::kRefund);
  EXPECT_EQ(runner_.starts_[0].subject.receipt, chain_.receipt());
  EXPECT_EQ(runner_.starts_[0].subject.receipt_hash,
            hash(Suite::kP256Sha256, canonical_receipt_bytes(chain_.receipt())));
  EXPECT_EQ(shown(), "exchanging");
  EXPECT_EQ(actions(), std::vector<std::string>{});

  runner_.report(ExchangeStep::kWaitingForInclusion);
  settle();
  expect_view_shape(view());
  EXPECT_EQ(shown(), "exchanging");
  EXPECT_EQ(view()["progress"]["percent"], 45);
  runner_.report(ExchangeStep::kPrinting);
  settle();
  EXPECT_EQ(shown(), "printing");
  EXPECT_FALSE(view()["progress"]["step_zh"].get<std::string>().empty());

  runner_.finish(outcome());
  settle();
  ASSERT_EQ(machine_->state(), KioskStateId::kDone);
  expect_view_shape(view());
  EXPECT_EQ(shown(), "done");
  EXPECT_NE(view()["message_en"].get<std::string>().find("33010199-0000000001"), std::string::npos);
  EXPECT_EQ(view()["receipt"]["status_en"], "Exchanged for a paper copy");
  EXPECT_TRUE(view()["progress"].is_null());
  EXPECT_EQ(actions(), std::vector<std::string>{"start_over"});
  EXPECT_TRUE(logged("kiosk: state=done"));
  wait(kResult);
  EXPECT_EQ(machine_->state(), KioskStateId::kIdle);
}

TEST_F(KioskMachineTest, ConfirmOtherPassesTheReason) {
  start();
  scan(chain_.scanned());
  confirm("other");
  ASSERT_EQ(runner_.starts_.size(), 1u);
  EXPECT_EQ(runner_.starts_[0].reason, ExchangeReason::kOther);
}

TEST_F(KioskMachineTest, RefusedExchangeIsAnErrorInPlainWordsThenIdle) {
  start();
  to_exchanging();
  ExchangeFailure refused;
  refused.kind = ExchangeFailureKind::kRefused;
  refused.cause = ExchangeFailureCause::kChain;
  refused.refusal = TxRefusal::kAlreadyConverted;
  refused.exchange_id = 1;
  refused.error = make_error(ErrorCode::kFailedPrecondition, "already_converted");
  runner_.finish(refused);
  settle();
  ASSERT_EQ(machine_->state(), KioskStateId::kFailed);
  expect_view_shape(view());
  EXPECT_EQ(shown(), "error");
  EXPECT_EQ(view()["message_zh"], exchange_failure_notice(refused).zh);
  EXPECT_NE(view()["message_en"].get<std::string>().find("already been issued"), std::string::npos);
  EXPECT_EQ(actions(), std::vector<std::string>{"start_over"});
  EXPECT_TRUE(logged("kiosk: exchange failed"));
  scan(chain_.scanned());  // the failure stays on screen
  EXPECT_EQ(machine_->state(), KioskStateId::kFailed);
  wait(kResult);
  EXPECT_EQ(machine_->state(), KioskStateId::kIdle);
}

TEST_F(KioskMachineTest, AnUnknownOutcomeIsToldAsUnknownWithItsReferenceNeverAsUnchanged) {
  start();
  to_exchanging();
  ExchangeFailure lost;
  lost.kind = ExchangeFailureKind::kUnknown;
  lost.cause = ExchangeFailureCause::kNode;
  lost.exchange_id = 42;
  lost.error = make_error(ErrorCode::kDeadlineExceeded, "exchange 42: not included in time");
  runner_.finish(lost);
  settle();
  ASSERT_EQ(machine_->state(), KioskStateId::kFailed);
  const std::string zh = view()["message_zh"].get<std::string>();
  const std::string en = view()["message_en"].get<std::string>();
  EXPECT_NE(zh.find("无法确认"), std::string::npos) << zh;
  EXPECT_EQ(view()["title_zh"], "换开结果待确认");
  EXPECT_NE(zh.find("参考号 42"), std::string::npos) << zh;
  EXPECT_NE(en.find("reference 42"), std::string::npos) << en;
  EXPECT_EQ(zh.find("未改变"), std::string::npos) << zh;
  EXPECT_EQ(en.find("unchanged"), std::string::npos) << en;
  EXPECT_TRUE(logged("outcome=unknown cause=node exchange=42"));
}

TEST(ExchangeFailureNoticeTest, EachCauseHasItsOwnWordsAndOnlyTheNodeIsTheNetwork) {
  std::set<std::string> seen;
  for (ExchangeFailureCause cause : {ExchangeFailureCause::kNode, ExchangeFailureCause::kNodeProof,
                                     ExchangeFailureCause::kPrinter, ExchangeFailureCause::kDiskFull,
                                     ExchangeFailureCause::kLocalDatabase, ExchangeFailureCause::kKiosk}) {
    for (ExchangeFailureKind kind :
         {ExchangeFailureKind::kNotSent, ExchangeFailureKind::kVoided, ExchangeFailureKind::kUnknown}) {
      ExchangeFailure f;
      f.kind = kind;
      f.cause = cause;
      f.exchange_id = 7;
      const Notice n = exchange_failure_notice(f);
      EXPECT_TRUE(seen.insert(n.zh).second) << "the same words twice: " << n.zh;
      const bool says_network = n.zh.find("网络") != std::string::npos || n.en.find("network") != std::string::npos;
      EXPECT_EQ(says_network, cause == ExchangeFailureCause::kNode) << n.en;
      const bool says_unchanged = n.en.find("unchanged") != std::string::npos;
      EXPECT_EQ(says_unchanged, kind == ExchangeFailureKind::kNotSent) << n.en;
      const bool quotes_reference = n.en.find("reference 7") != std::string::npos;
      EXPECT_EQ(quotes_reference, kind != ExchangeFailureKind::kNotSent) << n.en;
    }
  }
}

// The journal's disk failed or is full mid-exchange (core/store/schema.h maps
// them to kDataLoss and kResourceExhausted): the receipt may already be
// converted, so the patient is sent to the desk, never told that the
// network is down and the receipt unchanged; the node stays connected.
TEST_F(KioskMachineTest, AJournalStorageFailureSendsThePatientToTheDeskNotToTheNetwork) {
  start();
  for (ErrorCode code : {ErrorCode::kDataLoss, ErrorCode::kResourceExhausted}) {
    SCOPED_TRACE(std::string(error_code_name(code)));
    to_exchanging();
    ExchangeFailure failed;
    failed.kind = ExchangeFailureKind::kUnknown;
    failed.error = make_error(code, "exchange 1 paper 33010199-0000000001: journal: exchange journal j.db: "
                                    "COMMIT: disk I/O error");
    failed.cause = journal_failure_cause(failed.error);
    failed.exchange_id = 1;
    runner_.finish(failed);
    settle();
    ASSERT_EQ(machine_->state(), KioskStateId::kFailed);
    EXPECT_EQ(view()["message_en"].get<std::string>().find("network"), std::string::npos) << view()["message_en"];
    EXPECT_NE(view()["message_en"].get<std::string>().find("ask staff"), std::string::npos) << view()["message_en"];
    EXPECT_EQ(view()["devices"]["node"]["ok"], true);
    EXPECT_TRUE(logged("kiosk: exchange failed outcome=unknown cause=" +
                       std::string(code == ErrorCode::kDataLoss ? "local_database" : "disk_full")));
    ASSERT_TRUE(act({{"action", "start_over"}}).ok());
  }
}

TEST_F(KioskMachineTest, ExchangeThatCannotStartIsFailed) {
  start();
  scan(chain_.scanned());
  runner_.start_status_ = make_error(ErrorCode::kFailedPrecondition, "recovery under way");
  confirm();
  EXPECT_EQ(machine_->state(), KioskStateId::kFailed);
  EXPECT_TRUE(logged("exchange did not start"));
  ASSERT_TRUE(act({{"action", "start_over"}}).ok());
  EXPECT_EQ(machine_->state(), KioskStateId::kIdle);
}

TEST_F(KioskMachineTest, CancelWhileLookingUpReturnsToIdleAndTheAnswerIsDropped) {
  start();
  scanner_.present(chain_.scanned());
  ASSERT_TRUE(time_->advance(milliseconds{0}).ok());  // scanned; the node has not answered
  ASSERT_EQ(machine_->state(), KioskStateId::kLookingUp);
  expect_view_shape(view());
  EXPECT_EQ(actions(), std::vector<std::string>{"cancel"});
  ASSERT_TRUE(act(CancelEvent{}).ok());
  EXPECT_EQ(machine_->state(), KioskStateId::kIdle);
  settle();
  EXPECT_EQ(machine_->state(), KioskStateId::kIdle);
}

TEST_F(KioskMachineTest, LookupThatNeverAnswersTimesOutToIdle) {
  start();
  scanner_.present(chain_.scanned());
  ASSERT_TRUE(time_->advance(milliseconds{0}).ok());
  ASSERT_EQ(machine_->state(), KioskStateId::kLookingUp);
  ASSERT_TRUE(time_->advance(kIdle).ok());  // the node client is never serviced
  EXPECT_EQ(machine_->state(), KioskStateId::kIdle);
}

TEST_F(KioskMachineTest, VerifiedLeftAloneTimesOutToIdleAndCancelGoesAtOnce) {
  start();
  scan(chain_.scanned());
  wait(kIdle - milliseconds{1});
  EXPECT_EQ(machine_->state(), KioskStateId::kVerified);
  wait(milliseconds{1});
  EXPECT_EQ(machine_->state(), KioskStateId::kIdle);
  EXPECT_TRUE(view()["receipt"].is_null());
  scan(chain_.scanned());
  ASSERT_TRUE(act(CancelEvent{}).ok());
  EXPECT_EQ(machine_->state(), KioskStateId::kIdle);
}

TEST_F(KioskMachineTest, ScanWhileLookingUpIsIgnored) {
  start();
  scanner_.present(chain_.scanned(0));
  ASSERT_TRUE(time_->advance(milliseconds{0}).ok());
  scanner_.present(chain_.scanned(1));
  ASSERT_TRUE(time_->advance(milliseconds{0}).ok());
  EXPECT_TRUE(logged("kiosk: scan ignored while looking_up"));
  settle();
  ASSERT_EQ(machine_->state(), KioskStateId::kVerified);
  EXPECT_EQ(view()["receipt"]["number"], chain_.payload(0).number);
}

TEST_F(KioskMachineTest, ScanAndCancelWhileExchangingAreIgnoredAndThereIsNoTimeout) {
  start();
  to_exchanging();
  scan(chain_.scanned(1));
  ASSERT_TRUE(act(CancelEvent{}).ok());
  wait(kIdle * 3);
  EXPECT_EQ(machine_->state(), KioskStateId::kExchanging);
  EXPECT_EQ(runner_.starts_.size(), 1u);
  EXPECT_TRUE(logged("kiosk: scan ignored while exchanging"));
  EXPECT_TRUE(logged("kiosk: cancel ignored while exchanging"));
}

TEST_F(KioskMachineTest, ScanWhileAResultIsShownStartsTheNextSession) {
  start();
  scan(chain_.scanned(0));
  scan(chain_.scanned(1));  // verified -> looking_up -> verified
  EXPECT_EQ(view()["receipt"]["number"], chain_.payload(1).number);
  scan("not a receipt");
  ASSERT_EQ(machine_->state(), KioskStateId::kRejected);
  scan(chain_.scanned(2));  // rejected -> looking_up
  ASSERT_EQ(machine_->state(), KioskStateId::kVerified);
  confirm();
  runner_.finish(outcome());
  settle();
  ASSERT_EQ(machine_->state(), KioskStateId::kDone);
  scan(chain_.scanned(3));  // done -> looking_up
  EXPECT_EQ(machine_->state(), KioskStateId::kVerified);
  EXPECT_EQ(view()["receipt"]["number"], chain_.payload(3).number);
}

TEST_F(KioskMachineTest, OfflineCacheHitIsShownButConfirmingIsRefused) {
  start();
  scan(chain_.scanned());  // cached now
  ASSERT_TRUE(act(CancelEvent{}).ok());
  chain_.client().fail_next(1000);
  scan(chain_.scanned());
  ASSERT_EQ(machine_->state(), KioskStateId::kVerified);
  expect_view_shape(view());
  EXPECT_EQ(view()["receipt"]["from_cache"], true);
  EXPECT_NE(view()["receipt"]["status_zh"].get<std::string>().find("本机存档"), std::string::npos);
  EXPECT_EQ(view()["devices"]["node"]["ok"], false);
  EXPECT_EQ(actions(), std::vector<std::string>{"cancel"});
  EXPECT_NE(view()["message_en"].get<std::string>().find("cannot be issued offline"), std::string::npos);
  confirm();
  EXPECT_EQ(machine_->state(), KioskStateId::kVerified);
  EXPECT_TRUE(runner_.starts_.empty());
  EXPECT_TRUE(logged("kiosk: confirm refused"));
  EXPECT_TRUE(logged("from_cache=true"));
}

TEST_F(KioskMachineTest, PrinterNotReadyRefusesConfirmAndShowsWhy) {
  start();
  printer_.state_ = {false, PrinterConditionCode::kPaperOut, "paper end sensor"};
  wait(seconds(1));  // the device refresh sees it
  EXPECT_EQ(view()["devices"]["printer"]["ok"], false);
  EXPECT_EQ(view()["devices"]["printer"]["text_zh"], "缺纸");  // after the chip's label 打印机
  EXPECT_EQ(view()["devices"]["printer"]["text_en"], "out of paper");
  scan(chain_.scanned());
  EXPECT_EQ(actions(), std::vector<std::string>{"cancel"});
  confirm();
  EXPECT_TRUE(runner_.starts_.empty());
  EXPECT_NE(view()["message_en"].get<std::string>().find("printer"), std::string::npos);
}

// Staff (and `chainslip status`) see why the printer is not heard; the
// patient's words stay the condition's.
TEST_F(KioskMachineTest, APrinterThatIsNotHeardShowsItsFaultForStaff) {
  start();
  EXPECT_FALSE(view()["devices"]["printer"].contains("fault"));
  printer_.state_ = {.ready = false,
                     .condition_code = PrinterConditionCode::kDisconnected,
                     .condition_text = "",
                     .link_fault = PrinterLinkFault::kNotEscPos,
                     .link_detail = "printer tcp 127.0.0.1:8080 is not an ESC/POS printer"};
  wait(seconds(1));  // the device refresh sees it
  EXPECT_EQ(view()["devices"]["printer"]["text_en"], "not available");
  EXPECT_EQ(view()["devices"]["printer"]["fault"], "not_escpos");
  EXPECT_EQ(view()["devices"]["printer"]["fault_detail"], "printer tcp 127.0.0.1:8080 is not an ESC/POS printer");
  printer_.state_ = {true, PrinterConditionCode::kOk, "ready"};
  wait(seconds(1));
  EXPECT_FALSE(view()["devices"]["printer"].contains("fault"));
}

// Issue 15, item 2: the one-time exchange is asked for once more, with the
// amount and the purpose; 返回 goes back; a confirm only counts on that step
// and for the purpose it shows.
TEST_F(KioskMachineTest, AChoiceLeadsToAConfirmStepWithAmountAndPurpose) {
  start();
  scan(chain_.scanned());
  ASSERT_TRUE(act(ConfirmEvent{ExchangeReason::kRefund}).ok());  // nothing chosen yet
  EXPECT_EQ(machine_->state(), KioskStateId::kVerified);
  ASSERT_TRUE(act(ChooseEvent{ExchangeReason::kRefund}).ok());
  ASSERT_EQ(machine_->state(), KioskStateId::kConfirming);
  expect_view_shape(view());
  EXPECT_EQ(shown(), "confirming");
  EXPECT_EQ(view()["confirm"],
            (Json{{"reason", "refund"}, {"purpose_zh", "退费"}, {"purpose_en", "for a refund"},
                  {"amount_yuan", yuan_decimal(chain_.receipt().amount_fen)}}));
  EXPECT_NE(view()["message_zh"].get<std::string>().find("每张票据只能换开一次"), std::string::npos);
  EXPECT_EQ(actions(), (std::vector<std::string>{"confirm_exchange", "back"}));
  EXPECT_TRUE(runner_.starts_.empty());

  ASSERT_TRUE(act(CancelEvent{}).ok());  // 返回
  EXPECT_EQ(machine_->state(), KioskStateId::kVerified);
  EXPECT_TRUE(view()["confirm"].is_null());
  ASSERT_TRUE(act({{"action", "choose"}, {"reason", "other"}}).ok());
  EXPECT_EQ(view()["confirm"]["purpose_zh"], "其他原因");
  ASSERT_TRUE(act(ConfirmEvent{ExchangeReason::kRefund}).ok());  // not the purpose on screen
  EXPECT_EQ(machine_->state(), KioskStateId::kConfirming);
  EXPECT_TRUE(runner_.starts_.empty());
  ASSERT_TRUE(act({{"action", "confirm"}, {"reason", "other"}}).ok());
  EXPECT_EQ(machine_->state(), KioskStateId::kExchanging);
  ASSERT_EQ(runner_.starts_.size(), 1u);
  EXPECT_EQ(runner_.starts_[0].reason, ExchangeReason::kOther);
}

TEST_F(KioskMachineTest, TheConfirmStepReturnsToIdleByItselfWithACountdown) {
  start();
  EXPECT_TRUE(view()["countdown"].is_null());  // idle stays
  scan(chain_.scanned());
  ASSERT_TRUE(view()["countdown"].is_object());
  EXPECT_EQ(view()["countdown"]["seconds"], 60);
  const Json first = view()["countdown"]["arming"];
  ASSERT_TRUE(act(ChooseEvent{ExchangeReason::kRefund}).ok());
  EXPECT_EQ(view()["countdown"]["seconds"], 60);
  EXPECT_NE(view()["countdown"]["arming"], first);  // started again: the page counts from 60 again
  wait(kIdle);
  EXPECT_EQ(machine_->state(), KioskStateId::kIdle);
  EXPECT_TRUE(view()["countdown"].is_null());
  EXPECT_TRUE(runner_.starts_.empty());
}

TEST_F(KioskMachineTest, ResultScreensCountDownTheirDisplayTimeAndExchangingDoesNot) {
  start();
  to_exchanging();
  EXPECT_TRUE(view()["countdown"].is_null());  // an exchange always runs to its end
  runner_.finish(outcome());
  settle();
  ASSERT_EQ(shown(), "done");
  EXPECT_EQ(view()["countdown"]["seconds"], 15);
}

// Issue 15, item 1: the status as the chain has it decides what is offered.
TEST_F(KioskMachineTest, APostedReceiptIsShownAsPostedAndOfferedNoExchange) {
  start();
  const ReceiptCode p = chain_.payload();
  ASSERT_TRUE(chain_.node().post(p.code, p.number, test::kT0 + 1000).accepted());
  ASSERT_TRUE(chain_.node().seal_block(test::kT0 + 2000).ok());
  scan(chain_.scanned());
  ASSERT_EQ(machine_->state(), KioskStateId::kVerified);
  expect_view_shape(view());
  EXPECT_EQ(shown(), "already_posted");
  EXPECT_EQ(view()["receipt"]["status_zh"], "已入账");
  EXPECT_EQ(actions(), std::vector<std::string>{"cancel"});
  EXPECT_NE(view()["message_zh"].get<std::string>().find("已入账"), std::string::npos);
  ASSERT_TRUE(act(ChooseEvent{ExchangeReason::kRefund}).ok());
  EXPECT_EQ(machine_->state(), KioskStateId::kVerified);
  EXPECT_TRUE(runner_.starts_.empty());
}

TEST_F(KioskMachineTest, AReversedReceiptIsShownAsReversed) {
  start();
  const ReceiptCode p = chain_.payload();
  ASSERT_TRUE(chain_.node().reverse(p.code, p.number, "refund", test::kT0 + 1000).accepted());
  ASSERT_TRUE(chain_.node().seal_block(test::kT0 + 2000).ok());
  scan(chain_.scanned());
  EXPECT_EQ(shown(), "already_reversed");
  EXPECT_EQ(view()["receipt"]["status_zh"], "已冲红");
  EXPECT_EQ(actions(), std::vector<std::string>{"cancel"});
}

// Issue 15, item 4: the network down is its own screen, and the start screen
// says exchanges are paused until the node answers again.
TEST_F(KioskMachineTest, TheNodeDownHasItsOwnScreenAndIdleSaysExchangesArePaused) {
  start();
  EXPECT_EQ(shown(), "idle");
  chain_.client().fail_next(1000);
  scan(chain_.scanned(2));
  ASSERT_EQ(shown(), "network_down");
  EXPECT_EQ(view()["title_zh"], "网络暂不可用");
  EXPECT_EQ(view()["countdown"]["seconds"], 15);
  wait(kResult);
  ASSERT_EQ(machine_->state(), KioskStateId::kIdle);
  EXPECT_EQ(shown(), "idle_paused");
  EXPECT_EQ(view()["title_zh"], "暂停换开服务");
  EXPECT_NE(view()["message_zh"].get<std::string>().find("仍可扫描"), std::string::npos);
  chain_.client().fail_next(0);
  wait(seconds(30));  // the next node probe answers
  EXPECT_EQ(shown(), "idle");
}

TEST_F(KioskMachineTest, IdleSaysExchangesArePausedWhileThePrinterIsNotReady) {
  start();
  printer_.state_ = {false, PrinterConditionCode::kCoverOpen, "cover open"};
  wait(seconds(1));
  EXPECT_EQ(shown(), "idle_paused");
  EXPECT_NE(view()["message_zh"].get<std::string>().find("打印机"), std::string::npos);
}

// Issue 15, item 3: paper out mid-print is a whole screen with a staff call;
// the exchange goes on by itself once paper is in.
TEST_F(KioskMachineTest, PaperOutMidPrintShowsItsOwnScreenAndCallsStaffOnce) {
  start();
  to_exchanging();
  runner_.report(ExchangeStep::kPrinting);
  settle();
  EXPECT_EQ(shown(), "printing");
  printer_.state_ = {false, PrinterConditionCode::kPaperOut, "paper end sensor"};
  wait(seconds(1));
  ASSERT_EQ(shown(), "paper_out");
  EXPECT_EQ(view()["message_zh"], "打印机缺纸，请稍候；如需帮助请联系工作人员。");
  EXPECT_EQ(actions(), std::vector<std::string>{"call_staff"});
  ASSERT_TRUE(act({{"action", "call_staff"}}).ok());
  EXPECT_TRUE(logged("kiosk: STAFF called by the patient at the screen, printer paper_out"));
  EXPECT_EQ(actions(), std::vector<std::string>{});
  EXPECT_NE(view()["message_zh"].get<std::string>().find("已通知工作人员"), std::string::npos);
  printer_.state_ = {true, PrinterConditionCode::kOk, "ready"};
  wait(seconds(1));
  EXPECT_EQ(shown(), "printing");
  EXPECT_EQ(machine_->state(), KioskStateId::kExchanging);
}

TEST(ReceiptStatusTextTest, AnExchangedReceiptNamesItsPaperItsTimeAndItsKiosk) {
  ReceiptStatusView status;
  status.status = ReceiptStatus::kConverted;
  status.paper = ActivePaper{"33010199", "0000000042", "KIOSK-01", 1'767'229'200};  // 2026-01-01 09:00 in China
  const Notice badge = chain_status_badge(status);
  EXPECT_EQ(badge.zh, "已换开纸质票据：编号 33010199-0000000042，2026-01-01 09:00，自助机 KIOSK-01");
  EXPECT_EQ(badge.en, "Already exchanged: paper copy 33010199-0000000042, 2026-01-01 09:00, kiosk KIOSK-01");
  EXPECT_TRUE(closed_receipt_notice(ReceiptStatus::kConverted).has_value());
  EXPECT_FALSE(closed_receipt_notice(ReceiptStatus::kIssued).has_value());
}

TEST_F(KioskMachineTest, MalformedActionsAreRefusedAndChangeNothing) {
  start();
  scan(chain_.scanned());
  for (const Json& bad : {Json{{"action", "confirm"}}, Json{{"action", "confirm"}, {"reason", "fun"}},
                          Json{{"action", "explode"}}, Json{{"action", "cancel"}, {"extra", 1}},
                          Json("cancel"), Json{{"action", 7}},
                          Json{{"action", "present"}, {"payload", chain_.scanned()}}}) {
    EXPECT_EQ(act(bad).code(), ErrorCode::kInvalidArgument) << bad.dump();
  }
  EXPECT_EQ(machine_->state(), KioskStateId::kVerified);
  EXPECT_TRUE(runner_.starts_.empty());
}

TEST_F(KioskMachineTest, ScannerThatDoesNotOpenIsShownAndLogged) {
  scanner_.open_status_ = make_error(ErrorCode::kPermissionDenied, "/dev/hidraw0: permission denied");
  start();
  EXPECT_EQ(view()["devices"]["scanner"]["ok"], false);
  EXPECT_TRUE(logged("did not open"));
}

TEST_F(KioskMachineTest, OnlyTheTabledTransitionsAreAllowed) {
  using enum KioskStateId;
  EXPECT_TRUE(kiosk_transition_allowed(kIdle, kLookingUp));
  EXPECT_FALSE(kiosk_transition_allowed(kIdle, kExchanging));
  EXPECT_FALSE(kiosk_transition_allowed(kExchanging, kIdle));  // an exchange always finishes
  EXPECT_FALSE(kiosk_transition_allowed(kRejected, kExchanging));
  EXPECT_FALSE(kiosk_transition_allowed(kFailed, kLookingUp));
}

}  // namespace
}  // namespace chainslip
