#include "drivers/printer/job/escpos_job_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "drivers/printer/escpos/escpos_commands.h"
#include "sim/printer/sim_printer_transport.h"
#include "sim/printer/virtual_printer.h"

namespace chainslip::escpos {
namespace {

using namespace std::chrono_literals;

constexpr std::uint16_t kStripWidthBytes = 72;  // 576 dots: an 80 mm roll
constexpr std::uint16_t kStripRows = 24;

Bytes join(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes line(const std::string& text) { return text_line(as_bytes(text)); }

// A raster band whose dots depend on the strip, so a strip printed twice or
// skipped shows. No 0x10 byte: a printer reads DLE EOT/ENQ even inside
// image data.
Bytes strip(int index) {
  Bytes bits(std::size_t{kStripWidthBytes} * kStripRows);
  for (std::size_t i = 0; i < bits.size(); ++i) {
    auto b = static_cast<std::uint8_t>((i * 7 + static_cast<std::size_t>(index) * 31 + i / kStripWidthBytes) & 0xFF);
    bits[i] = b == 0x10 ? 0x11 : b;
  }
  return raster_image(kStripWidthBytes, kStripRows, bits);
}

// A receipt-like job: header text, `strips` raster strips (1736 bytes each)
// with a text line after each, then feed and cut.
PrintJob raster_job(int strips, const std::string& label = "test receipt") {
  PrintJob job{label, {}};
  job.units.push_back(join({initialize(), align(Align::kCenter), line("PAPER COPY " + label)}));
  for (int i = 0; i < strips; ++i) {
    job.units.push_back(strip(i));
    job.units.push_back(line("ROW " + std::to_string(i)));
  }
  job.units.push_back(feed_and_cut(CutKind::kPartial, 40));
  return job;
}

std::size_t job_bytes(const PrintJob& job) {
  std::size_t n = 0;
  for (const Bytes& u : job.units) n += u.size();
  return n;
}

std::vector<std::string> texts(const sim::Paper& p) {
  std::vector<std::string> out;
  for (const auto& l : p.text()) out.push_back(l.utf8);
  return out;
}

void expect_same_paper(const sim::Paper& got, const sim::Paper& want) {
  EXPECT_EQ(got.text(), want.text());
  EXPECT_EQ(got.cuts(), want.cuts());
  ASSERT_EQ(got.height(), want.height());
  ASSERT_EQ(got.width(), want.width());
  int differing_rows = 0;
  for (int y = 0; y < got.height(); ++y) {
    for (int x = 0; x < got.width(); ++x) {
      if (got.dot(x, y) != want.dot(x, y)) {
        ++differing_rows;
        break;
      }
    }
  }
  EXPECT_EQ(differing_rows, 0);
}

// Any write_some takes at most `chunk` bytes and every other call nothing,
// like a socket under back-pressure; everything written is recorded.
class ChunkyTransport final : public PrinterTransport {
 public:
  ChunkyTransport(PrinterTransport& inner, std::size_t chunk) : inner_(inner), chunk_(chunk) {}
  std::string describe() const override { return "chunky " + inner_.describe(); }
  Status open() override { return inner_.open(); }
  void close() override { inner_.close(); }
  bool is_open() const override { return inner_.is_open(); }
  Result<std::size_t> write_some(ByteView data) override {
    if ((stall_ = !stall_)) return std::size_t{0};
    CS_ASSIGN_OR_RETURN(std::size_t n, inner_.write_some(data.first(std::min(chunk_, data.size()))));
    written_.insert(written_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
  }
  Result<Bytes> read_some() override { return inner_.read_some(); }
  std::vector<PollInterest> poll_interests() const override { return inner_.poll_interests(); }
  std::optional<std::chrono::milliseconds> next_timeout() const override { return inner_.next_timeout(); }
  void process_events() override { inner_.process_events(); }

  const Bytes& written() const { return written_; }

 private:
  PrinterTransport& inner_;
  std::size_t chunk_;
  bool stall_ = false;
  Bytes written_;
};

// Finds a pulled cable in process_events(), as the TCP and USB transports
// do (a reset, a disconnect), not only when the driver reads or writes: from
// then on is_open() is false and read_some() says why.
class LossFindingTransport final : public PrinterTransport {
 public:
  LossFindingTransport(PrinterTransport& inner, const sim::VirtualPrinter& printer)
      : inner_(inner), printer_(printer) {}
  std::string describe() const override { return inner_.describe(); }
  Status open() override {
    lost_ = false;
    return inner_.open();
  }
  void close() override {
    lost_ = false;
    inner_.close();
  }
  bool is_open() const override { return !lost_ && inner_.is_open(); }
  Result<std::size_t> write_some(ByteView data) override {
    if (lost_) return make_error(ErrorCode::kUnavailable, "reset");
    return inner_.write_some(data);
  }
  Result<Bytes> read_some() override {
    if (lost_) return make_error(ErrorCode::kUnavailable, "reset");
    return inner_.read_some();
  }
  std::vector<PollInterest> poll_interests() const override { return inner_.poll_interests(); }
  std::optional<std::chrono::milliseconds> next_timeout() const override { return inner_.next_timeout(); }
  void process_events() override {
    inner_.process_events();
    if (inner_.is_open() && !printer_.link_up()) lost_ = true;
  }

 private:
  PrinterTransport& inner_;
  const sim::VirtualPrinter& printer_;
  bool lost_ = false;
};

struct Kiosk {
  explicit Kiosk(EscPosJobEngineOptions options = test_options(), std::size_t chunk = 0) {
    auto created = sim::VirtualPrinter::create();
    EXPECT_TRUE(created.ok());
    printer = std::move(created).value();
    sim_transport = std::make_unique<sim::SimPrinterTransport>(*printer);
    PrinterTransport* transport = sim_transport.get();
    if (chunk > 0) {
      chunky = std::make_unique<ChunkyTransport>(*sim_transport, chunk);
      transport = chunky.get();
    }
    engine = std::make_unique<EscPosJobEngine>(*transport, clock, options);
    engine->set_condition_listener([this](const PrinterCondition& c, const std::string& log) {
      codes.emplace_back(printer_condition_name(condition_code(c)));
      log_lines.push_back(log);
    });
  }

  static EscPosJobEngineOptions test_options() {
    EscPosJobEngineOptions o;
    o.buffer_bytes = 4096;
    o.sync_timeout = 2s;
    o.operator_timeout = 60s;
    o.idle_poll_interval = 1s;
    return o;
  }

  void step(std::chrono::milliseconds by = 5ms) {
    engine->process_events();
    clock.advance(by);
    printer->advance(by);
  }
  // Steps until `done` or `limit` of simulated time; true if done.
  template <typename Pred>
  bool run_until(Pred done, std::chrono::milliseconds limit = 120s) {
    for (auto t = 0ms; t < limit; t += 5ms) {
      if (done()) return true;
      step();
    }
    return done();
  }
  void run_for(std::chrono::milliseconds span) {
    run_until([] { return false; }, span);
  }

  Status start(PrintJob job) {
    outcome.reset();
    return engine->start(std::move(job), [this](const JobOutcome& o) { outcome = o; });
  }
  bool run_job(PrintJob job) {
    if (!start(std::move(job)).ok()) return false;
    return run_until([this] { return outcome.has_value(); });
  }
  std::size_t confirmed() const {
    auto p = engine->progress();
    return p ? p->units_confirmed : 0;
  }
  bool saw(std::string_view code) const { return std::find(codes.begin(), codes.end(), code) != codes.end(); }

  ManualClock clock;
  std::unique_ptr<sim::VirtualPrinter> printer;
  std::unique_ptr<sim::SimPrinterTransport> sim_transport;
  std::unique_ptr<ChunkyTransport> chunky;
  std::unique_ptr<EscPosJobEngine> engine;
  std::optional<JobOutcome> outcome;
  std::vector<std::string> codes;
  std::vector<std::string> log_lines;
};

sim::Paper no_fault_paper(const PrintJob& job) {
  Kiosk k;
  EXPECT_TRUE(k.run_job(job));
  EXPECT_TRUE(k.outcome && k.outcome->status.ok());
  return k.printer->paper();
}

EscPosJobEngineOptions window(int w) {
  EscPosJobEngineOptions o = Kiosk::test_options();
  o.pacing_window = w;
  return o;
}

class EscPosJobEnginePacingTest : public ::testing::TestWithParam<int> {};

TEST_P(EscPosJobEnginePacingTest, LargeRasterJobPrintsCompletelyWithoutOverflow) {
  const PrintJob job = raster_job(12);
  ASSERT_GT(job_bytes(job), 20'000u);
  Kiosk k(window(GetParam()));
  ASSERT_TRUE(k.run_job(job));
  ASSERT_TRUE(k.outcome->status.ok()) << k.outcome->status.error().message;
  EXPECT_EQ(k.outcome->units_confirmed, job.units.size());
  EXPECT_EQ(k.outcome->units_total, job.units.size());
  EXPECT_GE(k.outcome->bytes_sent, job_bytes(job));
  EXPECT_FALSE(k.outcome->paper_may_be_partly_printed);
  EXPECT_EQ(k.printer->overflowed_bytes(), 0u);
  EXPECT_EQ(texts(k.printer->paper()).size(), 13u);
  EXPECT_EQ(texts(k.printer->paper()).back(), "ROW 11");
  EXPECT_EQ(k.printer->paper().cuts().size(), 1u);
  EXPECT_EQ(k.engine->skipped_status_bytes(), 0u);
}

// Units are written whole even when the transport takes a few bytes at a
// time: between units only sync markers, status queries and GS a.
TEST_P(EscPosJobEnginePacingTest, UnitsStayWholeUnderPartialWrites) {
  const PrintJob job = raster_job(6);
  Kiosk k(window(GetParam()), 100);
  ASSERT_TRUE(k.run_job(job));
  ASSERT_TRUE(k.outcome->status.ok()) << k.outcome->status.error().message;
  EXPECT_EQ(k.printer->overflowed_bytes(), 0u);
  const Bytes& wire = k.chunky->written();
  const std::vector<Bytes> between = {realtime_status(RealtimeStatus::kPrinter),
                                      realtime_status(RealtimeStatus::kOffline),
                                      realtime_status(RealtimeStatus::kError),
                                      realtime_status(RealtimeStatus::kPaper),
                                      transmit_paper_status(),
                                      automatic_status_back(kAsbOnlineErrorPaper)};
  std::size_t pos = 0;
  const auto at = [&](const Bytes& b) {
    return pos + b.size() <= wire.size() && std::equal(b.begin(), b.end(), wire.begin() + static_cast<std::ptrdiff_t>(pos));
  };
  for (std::size_t u = 0; u < job.units.size(); ++u) {
    while (!at(job.units[u])) {
      auto it = std::find_if(between.begin(), between.end(), at);
      ASSERT_NE(it, between.end()) << "unexpected bytes before unit " << u << " at offset " << pos;
      pos += it->size();
    }
    pos += job.units[u].size();
  }
}

INSTANTIATE_TEST_SUITE_P(Windows, EscPosJobEnginePacingTest, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& param) { return "window" + std::to_string(param.param); });

TEST(EscPosJobEngineTest, NaiveUnpacedWriterOverflows) {
  // The same job written as fast as the link takes it, as most ESC/POS
  // libraries do: the printer loses bytes (so the paced test can fail).
  const PrintJob job = raster_job(12);
  Kiosk k;
  ASSERT_TRUE(k.sim_transport->open().ok());
  Bytes all;
  for (const Bytes& u : job.units) all.insert(all.end(), u.begin(), u.end());
  auto n = k.sim_transport->write_some(all);
  ASSERT_TRUE(n.ok());
  k.printer->advance(10s);
  EXPECT_GT(k.printer->overflowed_bytes(), 0u);
}

TEST(EscPosJobEngineTest, PaperOutMidJobWaitsThenPrintsTheSamePaper) {
  const PrintJob job = raster_job(12);
  const sim::Paper want = no_fault_paper(job);
  Kiosk k;
  ASSERT_TRUE(k.start(job).ok());
  ASSERT_TRUE(k.run_until([&] { return k.confirmed() >= 5; }));
  k.printer->set_paper_out(true);
  k.run_for(20s);
  ASSERT_FALSE(k.outcome.has_value());
  ASSERT_TRUE(k.engine->progress().has_value());
  EXPECT_TRUE(k.engine->progress()->waiting_for_operator);
  EXPECT_LT(k.confirmed(), job.units.size());
  EXPECT_TRUE(k.saw("paper_out"));
  EXPECT_EQ(condition_code(k.engine->condition()), PrinterConditionCode::kPaperOut);

  k.printer->set_paper_out(false);
  ASSERT_TRUE(k.run_until([&] { return k.outcome.has_value(); }));
  ASSERT_TRUE(k.outcome->status.ok()) << k.outcome->status.error().message;
  EXPECT_EQ(k.outcome->units_confirmed, job.units.size());
  EXPECT_EQ(k.printer->overflowed_bytes(), 0u);
  expect_same_paper(k.printer->paper(), want);
  EXPECT_EQ(k.codes.back(), "ok");
}

TEST(EscPosJobEngineTest, PaperOutNotFixedFailsTheJobAborted) {
  const PrintJob job = raster_job(12);
  Kiosk k;
  ASSERT_TRUE(k.start(job).ok());
  ASSERT_TRUE(k.run_until([&] { return k.confirmed() >= 5; }));
  k.printer->set_paper_out(true);
  ASSERT_TRUE(k.run_until([&] { return k.outcome.has_value(); }, 70s));
  ASSERT_FALSE(k.outcome->status.ok());
  EXPECT_EQ(k.outcome->status.code(), ErrorCode::kAborted);
  EXPECT_NE(k.outcome->status.error().message.find("paper out"), std::string::npos)
      << k.outcome->status.error().message;
  EXPECT_GE(k.outcome->units_confirmed, 5u);
  EXPECT_LT(k.outcome->units_confirmed, job.units.size());
  EXPECT_TRUE(k.outcome->paper_may_be_partly_printed);
  EXPECT_TRUE(k.outcome->condition.paper_out);
  EXPECT_TRUE(k.saw("paper_out"));
  // Still offline: no new job until someone loads paper.
  auto again = k.start(raster_job(1));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.code(), ErrorCode::kFailedPrecondition);
}

TEST(EscPosJobEngineTest, CoverOpenMidJobWaitsThenPrintsTheSamePaper) {
  const PrintJob job = raster_job(12);
  const sim::Paper want = no_fault_paper(job);
  Kiosk k;
  ASSERT_TRUE(k.start(job).ok());
  ASSERT_TRUE(k.run_until([&] { return k.confirmed() >= 9; }));
  k.printer->set_cover_open(true);
  k.run_for(10s);
  ASSERT_FALSE(k.outcome.has_value());
  EXPECT_TRUE(k.engine->progress()->waiting_for_operator);
  EXPECT_TRUE(k.saw("cover_open"));
  k.printer->set_cover_open(false);
  ASSERT_TRUE(k.run_until([&] { return k.outcome.has_value(); }));
  ASSERT_TRUE(k.outcome->status.ok()) << k.outcome->status.error().message;
  expect_same_paper(k.printer->paper(), want);
}

TEST(EscPosJobEngineTest, CoverLeftOpenFailsTheJobAborted) {
  const PrintJob job = raster_job(12);
  Kiosk k;
  ASSERT_TRUE(k.start(job).ok());
  ASSERT_TRUE(k.run_until([&] { return k.confirmed() >= 3; }));
  k.printer->set_cover_open(true);
  ASSERT_TRUE(k.run_until([&] { return k.outcome.has_value(); }, 70s));
  EXPECT_EQ(k.outcome->status.code(), ErrorCode::kAborted);
  EXPECT_LT(k.outcome->units_confirmed, job.units.size());
  EXPECT_TRUE(k.outcome->condition.cover_open);
  EXPECT_TRUE(k.saw("cover_open"));
}

TEST(EscPosJobEngineTest, CutterErrorFailsTheJobAndTheIdlePollRecoversOnceTheJamIsCleared) {
  const PrintJob job = raster_job(12);
  Kiosk k;
  ASSERT_TRUE(k.start(job).ok());
  ASSERT_TRUE(k.run_until([&] { return k.confirmed() >= 3; }));
  k.printer->set_cutter_error(true);
  ASSERT_TRUE(k.run_until([&] { return k.outcome.has_value(); }, 10s));
  EXPECT_EQ(k.outcome->status.code(), ErrorCode::kAborted);
  EXPECT_TRUE(k.outcome->condition.cutter_error);
  EXPECT_LT(k.outcome->units_confirmed, job.units.size());
  EXPECT_TRUE(k.saw("cutter_error"));

  // While the jam is there, the idle poll's recovery attempts change nothing.
  k.run_for(10s);
  EXPECT_TRUE(k.engine->condition().cutter_error);
  ASSERT_FALSE(k.start(raster_job(1)).ok());
  // The operator clears the jam: the next idle poll's DLE ENQ 2 brings the printer back.
  k.printer->set_cutter_error(false);
  ASSERT_TRUE(k.run_until([&] { return condition_code(k.engine->condition()) == PrinterConditionCode::kOk; }, 6s));
  EXPECT_FALSE(k.printer->status().cutter_error);

  // The failed job's rest was dropped, and the next job prints.
  const std::size_t lines_before = texts(k.printer->paper()).size();
  ASSERT_TRUE(k.run_job(raster_job(2, "after recovery")));
  ASSERT_TRUE(k.outcome->status.ok()) << k.outcome->status.error().message;
  const auto lines = texts(k.printer->paper());
  ASSERT_EQ(lines.size(), lines_before + 3);
  EXPECT_EQ(lines[lines_before], "PAPER COPY after recovery");
}

TEST(EscPosJobEngineTest, UnplugMidJobFailsUnavailableAndReplugWorksAgain) {
  const PrintJob job = raster_job(12);
  Kiosk k;
  ASSERT_TRUE(k.start(job).ok());
  ASSERT_TRUE(k.run_until([&] { return k.confirmed() >= 3; }));
  // The cable goes in the middle of a raster strip.
  k.printer->unplug_after(1000);
  ASSERT_TRUE(k.run_until([&] { return k.outcome.has_value(); }, 10s));
  EXPECT_EQ(k.outcome->status.code(), ErrorCode::kUnavailable);
  EXPECT_LT(k.outcome->units_confirmed, job.units.size());
  EXPECT_TRUE(k.outcome->paper_may_be_partly_printed);
  EXPECT_EQ(condition_code(k.engine->condition()), PrinterConditionCode::kDisconnected);
  EXPECT_EQ(k.codes.back(), "disconnected");
  auto refused = k.start(raster_job(1));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), ErrorCode::kUnavailable);

  k.printer->replug();
  k.run_for(3s);
  const std::size_t lines_before = texts(k.printer->paper()).size();
  ASSERT_TRUE(k.run_job(raster_job(2, "after replug")));
  ASSERT_TRUE(k.outcome->status.ok()) << k.outcome->status.error().message;
  const auto lines = texts(k.printer->paper());
  // The torn strip was completed with blank dots, so the new job is intact.
  ASSERT_EQ(lines.size(), lines_before + 3);
  EXPECT_EQ(lines[lines_before], "PAPER COPY after replug");
  EXPECT_EQ(lines.back(), "ROW 1");
}

TEST(EscPosJobEngineTest, ALossTheTransportFindsByItselfFailsTheJobAtOnce) {
  Kiosk k;
  LossFindingTransport transport(*k.sim_transport, *k.printer);
  EscPosJobEngine engine(transport, k.clock, Kiosk::test_options());
  std::optional<JobOutcome> outcome;
  ASSERT_TRUE(engine.start(raster_job(12), [&](const JobOutcome& o) { outcome = o; }).ok());
  const auto step = [&] {
    engine.process_events();
    k.clock.advance(5ms);
    k.printer->advance(5ms);
  };
  for (int i = 0; i < 20000 && (!engine.progress() || engine.progress()->units_confirmed < 3); ++i) step();
  ASSERT_GE(engine.progress()->units_confirmed, 3u);
  k.printer->unplug_after(0);
  // Well within one sync period: nothing waits for a batch that cannot come.
  for (int i = 0; i < 20 && !outcome; ++i) step();
  ASSERT_TRUE(outcome.has_value()) << "the job still waits on a link that is gone";
  EXPECT_EQ(outcome->status.code(), ErrorCode::kUnavailable) << outcome->status.error().message;
  EXPECT_EQ(condition_code(engine.condition()), PrinterConditionCode::kDisconnected);
}

// A printer that cannot be opened: the reason open() gives, settable.
class UnopenableTransport final : public PrinterTransport {
 public:
  std::string describe() const override { return "tcp 127.0.0.1:9"; }
  Status open() override { return make_error(ErrorCode::kUnavailable, reason); }
  void close() override {}
  bool is_open() const override { return false; }
  Result<std::size_t> write_some(ByteView) override { return make_error(ErrorCode::kFailedPrecondition, "closed"); }
  Result<Bytes> read_some() override { return make_error(ErrorCode::kFailedPrecondition, "closed"); }
  std::vector<PollInterest> poll_interests() const override { return {}; }
  std::optional<std::chrono::milliseconds> next_timeout() const override { return std::nullopt; }
  void process_events() override {}

  std::string reason = "cannot connect to printer tcp 127.0.0.1:9: connection refused";
};

TEST(EscPosJobEngineTest, AnUnreachablePrinterIsLoggedOncePerReason) {
  UnopenableTransport transport;
  ManualClock clock;
  EscPosJobEngine engine(transport, clock, Kiosk::test_options());
  std::vector<std::string> lines;
  engine.set_condition_listener([&](const PrinterCondition&, const std::string& line) { lines.push_back(line); });
  for (int i = 0; i < 10; ++i) {  // ten reconnect polls, one second apart
    engine.process_events();
    clock.advance(1s);
  }
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "cannot connect to printer tcp 127.0.0.1:9: connection refused");
  transport.reason = "printer tcp 127.0.0.1:9 did not answer within 3000 ms";
  for (int i = 0; i < 5; ++i) {
    engine.process_events();
    clock.advance(1s);
  }
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[1].find("did not answer within 3000 ms"), std::string::npos) << lines[1];
}

// A web server where the printer should be: whatever it is sent, it answers
// HTTP 400, once per connection.
class HttpPeerTransport final : public PrinterTransport {
 public:
  std::string describe() const override { return "tcp 127.0.0.1:8080"; }
  Status open() override {
    open_ = true;
    answered_ = false;
    ++opens;
    return {};
  }
  void close() override { open_ = false; }
  bool is_open() const override { return open_; }
  Result<std::size_t> write_some(ByteView data) override {
    written_ = true;
    return data.size();
  }
  Result<Bytes> read_some() override {
    // Every other connection is reset before its answer arrives, as a web
    // server that closes with our query unread does.
    if (opens % 2 == 0) return make_error(ErrorCode::kUnavailable, "the connection to printer tcp 127.0.0.1:8080 was reset");
    if (!written_ || answered_) return Bytes{};
    answered_ = true;
    const std::string answer = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    return Bytes(answer.begin(), answer.end());
  }
  std::vector<PollInterest> poll_interests() const override { return {}; }
  std::optional<std::chrono::milliseconds> next_timeout() const override { return std::nullopt; }
  void process_events() override {}

  int opens = 0;

 private:
  bool open_ = false;
  bool written_ = false;
  bool answered_ = false;
};

TEST(EscPosJobEngineTest, APeerThatIsNoEscPosPrinterIsReportedOnceAndNeverReadAsStatus) {
  HttpPeerTransport transport;
  ManualClock clock;
  EscPosJobEngine engine(transport, clock, Kiosk::test_options());
  std::vector<std::string> lines;
  engine.set_condition_listener([&](const PrinterCondition&, const std::string& line) { lines.push_back(line); });
  for (int i = 0; i < 100; ++i) {  // ten seconds: a reconnect every poll
    engine.process_events();
    clock.advance(100ms);
  }
  EXPECT_GE(transport.opens, 5);
  ASSERT_EQ(lines.size(), 1u) << ::testing::PrintToString(lines);
  EXPECT_NE(lines[0].find("printer tcp 127.0.0.1:8080 is not an ESC/POS printer"), std::string::npos) << lines[0];
  EXPECT_EQ(engine.link_fault(), PrinterLinkFault::kNotEscPos);
  EXPECT_EQ(engine.link_detail(), lines[0]);
  EXPECT_FALSE(engine.condition().connected);
  EXPECT_EQ(condition_code(engine.condition()), PrinterConditionCode::kDisconnected);
}

// The reason is kept for the operator (state(), `chainslip status`) until the
// printer answers, and cleared then.
TEST(EscPosJobEngineTest, TheLinkFaultIsKeptUntilThePrinterAnswers) {
  Kiosk k;
  k.run_for(3s);
  ASSERT_TRUE(k.engine->condition().connected);
  EXPECT_EQ(k.engine->link_fault(), PrinterLinkFault::kNone);
  k.printer->unplug_after(0);
  k.run_for(3s);
  EXPECT_EQ(condition_code(k.engine->condition()), PrinterConditionCode::kDisconnected);
  EXPECT_NE(k.engine->link_fault(), PrinterLinkFault::kNone);
  EXPECT_NE(k.engine->link_detail().find("unplugged"), std::string::npos) << k.engine->link_detail();
  k.printer->replug();
  ASSERT_TRUE(k.run_until([&] { return k.engine->condition().connected; }));
  EXPECT_EQ(k.engine->link_fault(), PrinterLinkFault::kNone);
  EXPECT_EQ(k.engine->link_detail(), "");
}

TEST(EscPosJobEngineTest, PaperNearEndIsReportedAndTheJobStillPrints) {
  const PrintJob job = raster_job(12);
  Kiosk k;
  ASSERT_TRUE(k.start(job).ok());
  ASSERT_TRUE(k.run_until([&] { return k.confirmed() >= 3; }));
  k.printer->set_paper_near_end(true);
  ASSERT_TRUE(k.run_until([&] { return k.outcome.has_value(); }));
  ASSERT_TRUE(k.outcome->status.ok()) << k.outcome->status.error().message;
  EXPECT_TRUE(k.outcome->condition.paper_near_end);
  EXPECT_TRUE(k.saw("paper_near_end"));
  EXPECT_EQ(k.printer->overflowed_bytes(), 0u);
}

TEST(EscPosJobEngineTest, ListenerSeesChangesInOrder) {
  Kiosk k;
  ASSERT_TRUE(k.run_job(raster_job(1)));  // ASB is on from here
  k.codes.clear();
  k.log_lines.clear();
  k.printer->set_cover_open(true);
  k.run_for(100ms);
  k.printer->set_cover_open(false);
  k.run_for(100ms);
  k.printer->set_paper_near_end(true);
  k.run_for(100ms);
  k.printer->set_paper_out(true);
  k.run_for(100ms);
  k.printer->set_paper_out(false);
  k.printer->set_paper_near_end(false);
  k.run_for(100ms);
  // The roll is swapped (out -> near end) before the new one's sensor clears.
  EXPECT_EQ(k.codes, (std::vector<std::string>{"cover_open", "ok", "paper_near_end", "paper_out",
                                               "paper_near_end", "ok"}));
  EXPECT_NE(k.log_lines[0].find("sim in-process: offline: cover open (close it)"), std::string::npos)
      << k.log_lines[0];
}

TEST(EscPosJobEngineTest, IdlePrinterIsPolledAtItsInterval) {
  Kiosk k;  // polls every second; ASB stays off until a job
  ASSERT_TRUE(k.run_until([&] { return condition_code(k.engine->condition()) == PrinterConditionCode::kOk; }, 100ms));
  const std::uint64_t after_first_poll = k.printer->received_bytes();
  EXPECT_EQ(after_first_poll, 12u);  // DLE EOT 1, 2, 3, 4
  k.printer->set_paper_out(true);
  k.run_for(900ms);
  EXPECT_EQ(condition_code(k.engine->condition()), PrinterConditionCode::kOk);  // not asked yet
  EXPECT_EQ(k.printer->received_bytes(), after_first_poll);
  k.run_for(150ms);
  EXPECT_EQ(condition_code(k.engine->condition()), PrinterConditionCode::kPaperOut);
  EXPECT_EQ(k.printer->received_bytes(), 2 * after_first_poll);
  // The engine asks the event loop to come back at the next poll.
  ASSERT_TRUE(k.engine->next_timeout().has_value());
  EXPECT_LE(*k.engine->next_timeout(), 1000ms);
}

TEST(EscPosJobEngineTest, StartRefusesWhatItCannotPrint) {
  Kiosk k;
  EXPECT_EQ(k.start(PrintJob{"empty", {}}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(k.start(PrintJob{"huge", {Bytes(5000, 'x')}}).code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(k.start(raster_job(1)).ok());
  auto busy = k.start(raster_job(1));
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.code(), ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(k.run_until([&] { return k.outcome.has_value(); }));
  k.printer->set_cover_open(true);
  k.run_for(100ms);
  auto offline = k.start(raster_job(1));
  ASSERT_FALSE(offline.ok());
  EXPECT_EQ(offline.code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(offline.error().message.find("cover open"), std::string::npos);
}

}  // namespace
}  // namespace chainslip::escpos
