#include "sim/printer/escpos_interpreter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "sim/printer/paper_png.h"

namespace chainslip::sim {
namespace {

using namespace std::string_literals;

const BitmapFont& font() {
  static const BitmapFont* f = [] {
    auto r = BitmapFont::shared();
    if (!r.ok()) {
      ADD_FAILURE() << r.error().message;
      std::abort();
    }
    return *r;
  }();
  return *f;
}

// Where the ink is in rows [y0, y1).
struct InkBox {
  int x0 = 1 << 30, x1 = -1, y0 = 1 << 30, y1 = -1, count = 0;
};
InkBox ink_box(const Paper& p, int y0 = 0, int y1 = 1 << 30) {
  InkBox b;
  for (int y = y0; y < std::min(y1, p.height()); ++y) {
    for (int x = 0; x < p.width(); ++x) {
      if (!p.dot(x, y)) continue;
      b.x0 = std::min(b.x0, x);
      b.x1 = std::max(b.x1, x + 1);
      b.y0 = std::min(b.y0, y);
      b.y1 = std::max(b.y1, y + 1);
      ++b.count;
    }
  }
  return b;
}

Paper print(const std::string& job, PaperWidth width = PaperWidth::k80mm) {
  EscPosInterpreter interp(width, font());
  interp.feed(as_bytes(job));
  return interp.paper();
}

std::vector<std::string> texts(const Paper& p) {
  std::vector<std::string> out;
  for (const TextLine& l : p.text()) out.push_back(l.utf8);
  return out;
}

const std::string kInit = "\x1b@";
const std::string kHospitalGb18030 = "\xd5\xe3\xbd\xad\xca\xa1\xc8\xcb\xc3\xf1\xd2\xbd\xd4\xba";  // 浙江省人民医院

TEST(EscPosInterpreterTest, TextLineGoesToTextLayerAndInksItsBand) {
  const Paper p = print(kInit + "HELLO\n");
  ASSERT_EQ(p.text().size(), 1u);
  EXPECT_EQ(p.text()[0], (TextLine{0, 24, "HELLO"}));
  EXPECT_EQ(p.height(), PrintState::kDefaultLineSpacing);
  const InkBox b = ink_box(p);
  EXPECT_GT(b.count, 50);
  EXPECT_GE(b.y0, 0);
  EXPECT_LE(b.y1, 24);               // nothing below the 24-dot cell
  EXPECT_LE(b.x1, 5 * 12);           // five 12-dot cells from the left edge
  EXPECT_LT(b.x0, 12);
}

TEST(EscPosInterpreterTest, AlignmentShiftsTheInk) {
  const InkBox left = ink_box(print(kInit + "AB\n"));
  const InkBox center = ink_box(print(kInit + "\x1b" "a\x01" "AB\n"));
  const InkBox right = ink_box(print(kInit + "\x1b" "a2AB\n"));  // ASCII '2' works too
  EXPECT_LT(left.x0, 12);
  EXPECT_GE(center.x0, (576 - 24) / 2);
  EXPECT_LE(center.x1, (576 + 24) / 2);
  EXPECT_GE(right.x0, 576 - 24);
  EXPECT_EQ(center.count, left.count);
  EXPECT_EQ(right.count, left.count);
}

TEST(EscPosInterpreterTest, EmphasisAndSizesChangeTheInk) {
  const Paper normal = print(kInit + "Hi\n");
  const Paper bold = print(kInit + "\x1b" "E\x01" "Hi\n");
  const Paper big = print(kInit + "\x1d!\x11" "Hi\n");
  const Paper wide = print(kInit + "\x1b!\x20" "Hi\n");
  EXPECT_GT(ink_box(bold).count, ink_box(normal).count);
  EXPECT_EQ(ink_box(bold).x1, ink_box(normal).x1 + 1);  // double strike one dot to the right
  // Nearest-neighbour scaling: every dot becomes exactly 2x2.
  EXPECT_EQ(ink_box(big).count, 4 * ink_box(normal).count);
  EXPECT_EQ(big.text()[0].height, 48);
  EXPECT_EQ(ink_box(wide).count, 2 * ink_box(normal).count);
  EXPECT_EQ(wide.text()[0].height, 24);
}

TEST(EscPosInterpreterTest, UnderlineInksTheCellsBottomRows) {
  const Paper p = print(kInit + "\x1b-\x02" "AB\x1b-\x00"s "C\n");
  for (int x = 0; x < 24; ++x) {
    EXPECT_TRUE(p.dot(x, 22) && p.dot(x, 23)) << x;
  }
  EXPECT_FALSE(p.dot(24 + 6, 23));  // 'C' is not underlined
}

TEST(EscPosInterpreterTest, ChineseModeDecodesGb18030) {
  const Paper p = print(kInit + "\x1c&" + kHospitalGb18030 + "\x1c.\n");
  ASSERT_EQ(texts(p), std::vector<std::string>{"浙江省人民医院"});
  const InkBox b = ink_box(p);
  EXPECT_GT(b.x1, 6 * 24);  // seven 24-dot CJK cells
  EXPECT_LE(b.x1, 7 * 24);
  EXPECT_GT(b.count, 7 * 60);

  // Outside Chinese mode the same bytes are PC437 characters, not hanzi.
  const Paper latin = print(kInit + kHospitalGb18030 + "\n");
  EXPECT_NE(texts(latin)[0], "浙江省人民医院");
  EXPECT_EQ(ink_box(latin).x1 <= 14 * 12, true);
}

TEST(EscPosInterpreterTest, FourByteGb18030AndPc437) {
  const Paper p = print(kInit + "\x1c&\x81\x39\xee\x39\x1c.\x82\n");
  EXPECT_EQ(texts(p), std::vector<std::string>{"㐀é"});
}

TEST(EscPosInterpreterTest, UnrenderedCodePageIsLoggedAndPrintsQuestionMarks) {
  EscPosInterpreter interp(PaperWidth::k80mm, font());
  interp.feed(as_bytes(kInit + "\x1bt\x10" "A\x82\n"));
  EXPECT_EQ(texts(interp.paper()), std::vector<std::string>{"A?"});
  ASSERT_EQ(interp.log().size(), 1u);
  EXPECT_EQ(interp.log()[0].kind, LogEntry::Kind::kUnsupported);
  EXPECT_EQ(interp.log()[0].offset, 2u);
  EXPECT_EQ(interp.state().code_page, 0x10);
}

TEST(EscPosInterpreterTest, RasterImageIsBitExact) {
  const std::uint8_t rows[3][2] = {{0xA5, 0x0F}, {0xFF, 0x00}, {0x81, 0x18}};
  std::string job = kInit + "\x1dv0" + "\x00\x02\x00\x03\x00"s;
  for (const auto& r : rows) job += std::string(reinterpret_cast<const char*>(r), 2);
  const Paper p = print(job);
  ASSERT_EQ(p.height(), 3);
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < p.width(); ++x) {
      const bool expected = x < 16 && (rows[y][x / 8] >> (7 - x % 8) & 1);
      EXPECT_EQ(p.dot(x, y), expected) << x << "," << y;
    }
  }
  // m = 3: double width and height.
  const Paper quad = print(kInit + "\x1dv0\x03" + "\x01\x00\x01\x00\x80"s);
  EXPECT_EQ(quad.height(), 2);
  EXPECT_TRUE(quad.dot(0, 0) && quad.dot(1, 0) && quad.dot(0, 1) && quad.dot(1, 1));
  EXPECT_EQ(ink_box(quad).count, 4);
}

TEST(EscPosInterpreterTest, RasterWiderThanTheMediaIsClippedAndLogged) {
  EscPosInterpreter interp(PaperWidth::k58mm, font());
  std::string job = "\x1dv0" + "\x00\x32\x00\x01\x00"s + std::string(50, '\xff');  // 400 dots
  interp.feed(as_bytes(job + "OK\n"));
  EXPECT_EQ(ink_box(interp.paper(), 0, 1).count, 384);
  ASSERT_EQ(interp.log().size(), 1u);
  EXPECT_NE(interp.log()[0].message.find("clipped"), std::string::npos);
  EXPECT_EQ(texts(interp.paper()), std::vector<std::string>{"OK"});
}

TEST(EscPosInterpreterTest, UnknownCommandIsLoggedAndOnlyItsIntroducerSkipped) {
  EscPosInterpreter interp(PaperWidth::k80mm, font());
  // ESC ~ is no command: its would-be parameter 'A' prints as text.
  interp.feed(as_bytes(kInit + "\x1b~" "AOK\n\x07" "B\n"));
  EXPECT_EQ(texts(interp.paper()), (std::vector<std::string>{"AOK", "B"}));
  ASSERT_EQ(interp.log().size(), 2u);
  EXPECT_EQ(interp.log()[0].kind, LogEntry::Kind::kUnknown);
  EXPECT_EQ(interp.log()[0].offset, 2u);
  EXPECT_NE(interp.log()[0].message.find("[1b 7e]"), std::string::npos);
  EXPECT_EQ(interp.log()[1].offset, 8u);
  EXPECT_NE(interp.log()[1].message.find("[07]"), std::string::npos);
}

TEST(EscPosInterpreterTest, DocumentedButUnrenderedCommandsAreSkippedByLength) {
  EscPosInterpreter interp(PaperWidth::k80mm, font());
  interp.feed(as_bytes(kInit + "\x1bM\x31" "\x1dL\x10\x00"s "\x1d(L\x02\x00\x30\x45"s "X\n"));
  EXPECT_EQ(texts(interp.paper()), std::vector<std::string>{"X"});
  ASSERT_EQ(interp.log().size(), 3u);
  for (const LogEntry& e : interp.log()) EXPECT_EQ(e.kind, LogEntry::Kind::kUnsupported);
}

TEST(EscPosInterpreterTest, FeedsAndLineSpacing) {
  EXPECT_EQ(print(kInit + "\n").height(), 30);
  EXPECT_EQ(print(kInit + "\x1b" "3\x3c" "\n").height(), 60);
  EXPECT_EQ(print(kInit + "\x1b" "3\x3c\x1b" "2\n").height(), 30);
  EXPECT_EQ(print(kInit + "\x1b" "d\x03").height(), 90);
  EXPECT_EQ(print(kInit + "\x1bJ\x05").height(), 5);
  EXPECT_EQ(print(kInit + "A\r\x1bJ\x05").height(), 24);  // the line is taller than the feed
  EXPECT_EQ(print(kInit + "\x1d!\x01" "A\n").height(), 48);
}

TEST(EscPosInterpreterTest, InitDropsTheLineBufferAndResetsModes) {
  EscPosInterpreter interp(PaperWidth::k80mm, font());
  interp.feed(as_bytes("\x1b" "E\x01\x1b" "a\x01\x1d!\x11\x1c&JUNK\x1b@OK\n"));
  EXPECT_EQ(texts(interp.paper()), std::vector<std::string>{"OK"});
  EXPECT_EQ(interp.state().alignment, Alignment::kLeft);
  EXPECT_FALSE(interp.state().emphasis);
  EXPECT_FALSE(interp.state().chinese);
  EXPECT_EQ(interp.state().width_mult, 1);
  EXPECT_EQ(interp.paper().text()[0].height, 24);
}

TEST(EscPosInterpreterTest, CutsSplitTheRollIntoTickets) {
  const Paper p = print(kInit + "A\n\x1dV\x00"s "B\n\x1dV\x41\x0a" "C\n");
  EXPECT_EQ(p.cuts(), (std::vector<int>{30, 70}));
  const std::vector<Paper> tickets = p.tickets();
  ASSERT_EQ(tickets.size(), 3u);
  EXPECT_EQ(texts(tickets[0]), std::vector<std::string>{"A"});
  EXPECT_EQ(texts(tickets[1]), std::vector<std::string>{"B"});
  EXPECT_EQ(tickets[1].height(), 40);
  EXPECT_EQ(tickets[1].text()[0].y, 0);
  EXPECT_EQ(texts(tickets[2]), std::vector<std::string>{"C"});
}

TEST(EscPosInterpreterTest, CutInMidLinePrintsThePendingTextFirstAndSaysSo) {
  EscPosInterpreter interp(PaperWidth::k80mm, font());
  interp.feed(as_bytes(kInit + "A\x1dV\x01"));
  EXPECT_EQ(texts(interp.paper()), std::vector<std::string>{"A"});
  EXPECT_EQ(interp.paper().cuts(), std::vector<int>{30});
  ASSERT_EQ(interp.log().size(), 1u);
  EXPECT_EQ(interp.log()[0].kind, LogEntry::Kind::kNote);
}

TEST(EscPosInterpreterTest, MediaWidthDecidesWhereTextWraps) {
  const std::string forty(40, 'x');
  const Paper narrow = print(kInit + forty + "\n", PaperWidth::k58mm);
  const Paper wide = print(kInit + forty + "\n", PaperWidth::k80mm);
  EXPECT_EQ(narrow.width(), 384);
  EXPECT_EQ(wide.width(), 576);
  EXPECT_EQ(texts(narrow), (std::vector<std::string>{std::string(32, 'x'), std::string(8, 'x')}));
  EXPECT_EQ(texts(wide), std::vector<std::string>{forty});
}

TEST(EscPosInterpreterTest, GsRAnswersFromTheSensors) {
  Bytes replies;
  PrinterStatus sensors;
  EscPosInterpreter interp(PaperWidth::k80mm, font(),
                           {[&](ByteView r) { replies.insert(replies.end(), r.begin(), r.end()); },
                            [&] { return sensors; }});
  interp.feed(as_bytes("\x1dr\x01"));
  sensors.paper_near_end = true;
  interp.feed(as_bytes("\x1dr1"));
  sensors.paper_out = true;
  interp.feed(as_bytes("\x1dr\x01\x1dr\x02"));
  EXPECT_EQ(replies, (Bytes{0x00, 0x03, 0x0F, 0x00}));
}

TEST(EscPosInterpreterTest, DrawerPulseIsLoggedNotPrinted) {
  EscPosInterpreter interp(PaperWidth::k80mm, font());
  interp.feed(as_bytes("\x1bp\x00\x19\xfa"s "A\n"));
  EXPECT_EQ(texts(interp.paper()), std::vector<std::string>{"A"});
  ASSERT_EQ(interp.log().size(), 1u);
  EXPECT_NE(interp.log()[0].message.find("drawer"), std::string::npos);
}

// A job with every kind of command, fed whole and fed in pieces.
std::string full_job() {
  const std::string payload = "CS1,33010126,0000000042,a1B2c3,1250,20260101";
  std::string job = kInit + "\x1b" "a\x01\x1b" "E\x01" "RECEIPT\n\x1b" "E\x00\x1c&"s + kHospitalGb18030 +
                    "\x81\x39\xee\x39\x1c.\n\x1d!\x11" "12.50\n\x1d!\x00\x1b"s "a\x00"s;
  job += "\x1dv0" + "\x00\x02\x00\x02\x00"s + "\xf0\x0f\x55\xaa";
  job += "\x1d(k\x04\x00\x31\x41\x32\x00"s + "\x1d(k\x03\x00\x31\x43\x05"s +
         "\x1d(k\x03\x00\x31\x45\x31"s;
  const std::size_t store = payload.size() + 3;
  job += std::string("\x1d(k", 3) + static_cast<char>(store & 0xFF) + static_cast<char>(store >> 8) + "\x31\x50\x30" +
         payload + "\x1d(k\x03\x00\x31\x51\x30"s;
  job += "\x1b~Z\n\x1d" "V\x41\x10" "TAIL\n";
  return job;
}

TEST(EscPosInterpreterTest, SplittingTheStreamAnywhereChangesNothing) {
  const std::string job = full_job();
  EscPosInterpreter whole(PaperWidth::k80mm, font());
  whole.feed(as_bytes(job));
  auto whole_png = encode_paper_png(whole.paper());
  ASSERT_TRUE(whole_png.ok());
  EXPECT_EQ(whole.paper().text().size(), 5u);
  EXPECT_EQ(whole.paper().cuts().size(), 1u);

  EscPosInterpreter bytewise(PaperWidth::k80mm, font());
  for (char c : job) bytewise.feed(as_bytes(std::string(1, c)));

  EscPosInterpreter chunks(PaperWidth::k80mm, font());
  std::srand(7);
  for (std::size_t i = 0; i < job.size();) {
    const std::size_t n = std::min(job.size() - i, static_cast<std::size_t>(std::rand() % 9));
    chunks.feed(as_bytes(std::string_view(job).substr(i, n)));
    i += n;
  }
  for (const EscPosInterpreter* split : {&bytewise, &chunks}) {
    auto png = encode_paper_png(split->paper());
    ASSERT_TRUE(png.ok());
    EXPECT_EQ(*png, *whole_png);  // same dots, same text layer
    EXPECT_EQ(split->paper().cuts(), whole.paper().cuts());
    ASSERT_EQ(split->log().size(), whole.log().size());
    EXPECT_EQ(split->log()[0].offset, whole.log()[0].offset);
  }
}

}  // namespace
}  // namespace chainslip::sim
