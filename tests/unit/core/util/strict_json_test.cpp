#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "core/util/strict_json.h"

namespace chainslip {
namespace {

// The largest integer of PROTOCOL 4.1, 2^63 - 1.
constexpr std::uint64_t kMaxInt64 = std::numeric_limits<std::int64_t>::max();

// Parses text that the test itself wrote as valid; fails the test otherwise.
Json parse_ok(std::string_view text) {
  auto doc = parse_strict_json(text);
  EXPECT_TRUE(doc.ok()) << text << ": " << (doc.ok() ? "" : doc.error().message);
  return doc.ok() ? *doc : Json();
}

void expect_rejected(std::string_view text, std::string_view message_part = {}) {
  auto doc = parse_strict_json(text);
  ASSERT_FALSE(doc.ok()) << "accepted: " << text;
  EXPECT_EQ(doc.code(), ErrorCode::kInvalidArgument) << text;
  if (!message_part.empty()) {
    EXPECT_NE(doc.error().message.find(message_part), std::string::npos)
        << "message \"" << doc.error().message << "\" does not mention \"" << message_part << "\"";
  }
}

// ---------------------------------------------------------------------------
// parse_strict_json

TEST(ParseStrictJsonTest, AcceptsOrdinaryDocuments) {
  Json doc = parse_ok(R"({"a": 1, "b": [1, 2, {"c": "x"}], "d": {"e": null}})");
  EXPECT_EQ(doc["a"], 1u);
  EXPECT_EQ(doc["b"][2]["c"], "x");
  EXPECT_TRUE(doc["d"]["e"].is_null());
  EXPECT_EQ(parse_ok("  [1, 2]\n\t "), Json::array({1u, 2u}));  // surrounding whitespace is fine
}

TEST(ParseStrictJsonTest, RejectsDuplicateTopLevelKey) {
  expect_rejected(R"({"amount_fen": 100, "amount_fen": 100})", "amount_fen");
  expect_rejected(R"({"amount_fen": 100, "payer": "x", "amount_fen": 9999})", "amount_fen");
}

TEST(ParseStrictJsonTest, RejectsDuplicateNestedKey) {
  expect_rejected(R"({"receipt": {"payer": "a", "payer": "b"}})", "payer");
  expect_rejected(R"({"a": [{"x": 1}, {"y": 1, "y": 2}]})", "y");
  expect_rejected(R"([[[{"deep": {"k": 1, "k": 1}}]]])", "k");
  // A duplicate after a nested object closed: the outer object's keys are
  // still tracked.
  expect_rejected(R"({"a": {"b": {"c": 1}}, "z": 0, "a": 2})", "\"a\"");
}

TEST(ParseStrictJsonTest, RejectsDuplicateKeySpelledWithAnEscape) {
  // "\u0061" is "a": the same key once decoded.
  expect_rejected(R"({"a": 1, "\u0061": 2})");
}

TEST(ParseStrictJsonTest, SameKeyInDifferentObjectsIsNotADuplicate) {
  Json doc = parse_ok(R"({"x": {"a": 1}, "y": {"a": 2}, "z": [{"a": 3}, {"a": 4}], "a": 5})");
  EXPECT_EQ(doc["y"]["a"], 2u);
  EXPECT_EQ(doc["z"][1]["a"], 4u);
  EXPECT_EQ(doc["a"], 5u);
}

TEST(ParseStrictJsonTest, RejectsInvalidUtf8) {
  expect_rejected("{\"payer\": \"\xff\"}");
  expect_rejected("{\"payer\": \"\xc0\xaf\"}");          // overlong '/'
  expect_rejected("{\"payer\": \"\xe0\x80\xaf\"}");      // overlong, 3 bytes
  expect_rejected("{\"payer\": \"\xed\xa0\x80\"}");      // UTF-16 surrogate D800 as bytes
  expect_rejected("{\"payer\": \"\xf4\x90\x80\x80\"}");  // U+110000
  expect_rejected("{\"payer\": \"\xe5\xbc\"}");          // truncated 张
  expect_rejected("{\"payer\": \"\x80\"}");              // lone continuation byte
  expect_rejected("{\"\xff\": 1}");                      // in a key
  expect_rejected(R"({"payer": "\ud800"})");             // lone surrogate escape
  expect_rejected(R"({"payer": "\udc00x"})");
  // The same text, well-formed, is accepted.
  EXPECT_EQ(parse_ok("{\"payer\": \"\xe5\xbc\xa0\"}")["payer"], "\xe5\xbc\xa0");
  EXPECT_EQ(parse_ok(R"({"payer": "\ud83d\ude00"})")["payer"], "\xf0\x9f\x98\x80");
}

TEST(ParseStrictJsonTest, SizeLimitIsInclusive) {
  // "[0" + spaces + "]" of exactly kMaxJsonBytes is accepted; one byte more is not.
  std::string at_limit = "[0" + std::string(kMaxJsonBytes - 3, ' ') + "]";
  ASSERT_EQ(at_limit.size(), kMaxJsonBytes);
  EXPECT_TRUE(parse_strict_json(at_limit).ok());
  std::string over = "[0" + std::string(kMaxJsonBytes - 2, ' ') + "]";
  ASSERT_EQ(over.size(), kMaxJsonBytes + 1);
  expect_rejected(over, std::to_string(kMaxJsonBytes));
}

// PROTOCOL 4.1: a document that starts with a UTF-8 byte order mark is
// refused (nlohmann alone would skip it).
TEST(ParseStrictJsonTest, RejectsAByteOrderMarkAtTheStart) {
  expect_rejected("\xEF\xBB\xBF{}", "byte order mark");
  expect_rejected("\xEF\xBB\xBF{\"chain_id\": \"chainslip-demo\"}", "byte order mark");
  expect_rejected("\xEF\xBB\xBF");
  // Nor is one anywhere else, nor UTF-16's.
  expect_rejected(" \xEF\xBB\xBF{}");
  expect_rejected("{}\xEF\xBB\xBF");
  expect_rejected("\xFE\xFF{}");
  parse_ok("{}");
}

TEST(ParseStrictJsonTest, RejectsTrailingGarbage) {
  expect_rejected("{} x");
  expect_rejected("{}{}");
  expect_rejected("[1] [2]");
  expect_rejected("1 2");
  expect_rejected(R"({"a": 1},)");
}

TEST(ParseStrictJsonTest, RejectsBytesHiddenAfterANul) {
  // nlohmann stops at a NUL byte as if the input ended there.
  expect_rejected(std::string_view("{}\0", 3));
  expect_rejected(std::string_view("{\"a\": 1}\0{\"a\": 2}", 18));
  expect_rejected(std::string_view("[1]\0garbage", 11));
  expect_rejected(std::string_view("\0{}", 3));
}

TEST(ParseStrictJsonTest, ErrorMessagesArePrintableUtf8) {
  // Messages quote the input near the error; they go into JSON verdicts and
  // logs, so bytes that are not UTF-8 must not reach them.
  for (std::string_view text : {std::string_view("{\"version\":\xff}"), std::string_view("{\"a\": \"\xc0\xaf\"}"),
                                std::string_view("[\"\xe5\xbc\"]"), std::string_view("\xfe\xff"),
                                std::string_view("{\"a\": \"\x01\"}")}) {
    auto doc = parse_strict_json(text);
    ASSERT_FALSE(doc.ok());
    EXPECT_TRUE(is_printable_utf8(doc.error().message)) << doc.error().message;
    const Json verdict = {{"message", doc.error().message}};
    EXPECT_NO_THROW((void)verdict.dump());
  }
}

TEST(ParseStrictJsonTest, RejectsOtherMalformedInput) {
  expect_rejected("");
  expect_rejected("   ");
  expect_rejected(R"({"a": 1,})");             // trailing comma
  expect_rejected(R"({"a": /* c */ 1})");      // comments
  expect_rejected("{'a': 1}");                 // single quotes
  expect_rejected(R"({"a": 01})");             // leading zero
  expect_rejected(R"({"a": NaN})");
  expect_rejected("{\"a\": \"line\nbreak\"}");  // raw control character in a string
  expect_rejected(R"({"a": 1)");               // truncated
}

TEST(ParseStrictJsonTest, RejectsNumbersBeyondADouble) {
  // nlohmann throws these as out_of_range, not parse_error (found by
  // tests/fuzz/strict_json_fuzz: they escaped parse_strict_json and ended the
  // process). Integers too large for 64 bits are doubles, and fine.
  expect_rejected("[122E2211111121]", "number overflow");
  expect_rejected(R"({"amount_fen": 1e400})", "number overflow");
  expect_rejected("-1e309", "number overflow");
  EXPECT_TRUE(parse_ok("18446744073709551616").is_number_float());
}

TEST(ParseStrictJsonTest, RejectsNestingDeeperThanTheLimit) {
  auto nested = [](int depth, const char* open, const char* close, const char* inner = "") {
    std::string s;
    for (int i = 0; i < depth; ++i) s += open;
    s += inner;
    for (int i = 0; i < depth; ++i) s += close;
    return s;
  };
  EXPECT_TRUE(parse_ok(nested(kMaxJsonDepth, "[", "]")).is_array());
  EXPECT_TRUE(parse_ok(nested(kMaxJsonDepth - 1, "{\"a\":", "}", "{}")).is_object());
  expect_rejected(nested(kMaxJsonDepth + 1, "[", "]"), "nested more than 64");
  expect_rejected(nested(kMaxJsonDepth, "{\"a\":", "}", "{}"), "nested more than 64");
  // The keys of a discarded object are no duplicates to track.
  expect_rejected(nested(kMaxJsonDepth, "[", "]", R"({"k": 1, "k": 2})"), "nested more than 64");
  // As deep as the size limit allows: refused, never built (dumping,
  // copying or comparing it would overflow the stack).
  expect_rejected(nested(static_cast<int>(kMaxJsonBytes / 2), "[", "]"), "nested more than 64");
}

// ---------------------------------------------------------------------------
// FieldReader

Result<FieldReader> open_text(std::string_view text, Json& storage) {
  storage = parse_ok(text);
  return FieldReader::open(storage, "doc");
}

TEST(FieldReaderTest, OpenRejectsNonObjects) {
  for (const char* text : {"[]", "1", "\"x\"", "null", "true"}) {
    Json doc = parse_ok(text);
    auto r = FieldReader::open(doc, "bundle.receipt");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("bundle.receipt"), std::string::npos) << r.error().message;
  }
}

TEST(FieldReaderTest, ReadsAllFieldsAndFinishes) {
  Json doc;
  auto f = open_text(R"({"s": "张三", "n": 42, "h": "00ff", "o": {}, "a": [1]})", doc);
  ASSERT_TRUE(f.ok());
  auto s = f->text("s", 1, 6);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, "张三");
  auto n = f->u64("n");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 42u);
  auto h = f->hex("h", 2, 2);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*h, (Bytes{0x00, 0xff}));
  EXPECT_TRUE(f->object("o").ok());
  EXPECT_TRUE(f->array("a", 1).ok());
  EXPECT_TRUE(f->finish().ok());
}

TEST(FieldReaderTest, FinishRejectsUnknownFieldNamingIt) {
  Json doc;
  auto f = open_text(R"({"known": 1, "extra": 2})", doc);
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(f->u64("known").ok());
  auto status = f->finish();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find("doc.extra"), std::string::npos) << status.error().message;
}

TEST(FieldReaderTest, HasDoesNotCountAsReading) {
  Json doc;
  auto f = open_text(R"({"hash": "00"})", doc);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->has("hash"));
  EXPECT_FALSE(f->has("other"));
  EXPECT_FALSE(f->finish().ok());
}

TEST(FieldReaderTest, MissingFieldIsNamed) {
  Json doc;
  auto f = open_text(R"({"a": 1})", doc);
  ASSERT_TRUE(f.ok());
  auto t = f->text("payer", 0, 10);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(t.error().message.find("doc.payer"), std::string::npos);
  EXPECT_NE(t.error().message.find("missing"), std::string::npos);
  EXPECT_FALSE(f->u64("b").ok());
  EXPECT_FALSE(f->hex("c", 0, 10).ok());
  EXPECT_FALSE(f->digest("d").ok());
  EXPECT_FALSE(f->object("e").ok());
  EXPECT_FALSE(f->array("g", 10).ok());
}

TEST(FieldReaderTest, WrongTypesAreRejected) {
  Json doc;
  auto f = open_text(
      R"({"num": 1, "str": "x", "arr": [], "obj": {}, "nul": null, "yes": true})", doc);
  ASSERT_TRUE(f.ok());
  struct Case {
    const char* what;
    Status status;
  };
  auto st = [](auto r) -> Status {
    if (r.ok()) return {};
    return r.error();
  };
  const Case cases[] = {
      {"text(num)", st(f->text("num", 0, 100))},      {"text(arr)", st(f->text("arr", 0, 100))},
      {"text(nul)", st(f->text("nul", 0, 100))},      {"u64(str)", st(f->u64("str"))},
      {"u64(yes)", st(f->u64("yes"))},                {"u64(nul)", st(f->u64("nul"))},
      {"u64(arr)", st(f->u64("arr"))},                {"hex(num)", st(f->hex("num", 0, 100))},
      {"digest(obj)", st(f->digest("obj"))},          {"object(arr)", st(f->object("arr"))},
      {"object(str)", st(f->object("str"))},          {"array(obj)", st(f->array("obj", 10))},
      {"array(str)", st(f->array("str", 10))},
  };
  for (const auto& c : cases) {
    ASSERT_FALSE(c.status.ok()) << c.what;
    EXPECT_EQ(c.status.code(), ErrorCode::kInvalidArgument) << c.what;
    EXPECT_NE(c.status.error().message.find("doc."), std::string::npos) << c.what << ": " << c.status.error().message;
  }
}

TEST(FieldReaderTest, U64AcceptsOnlyNonNegativeIntegers) {
  // Each of these is a number a JSON library might coerce to an integer.
  for (const char* value : {"1.0", "1e3", "1E3", "-1", "-0", "\"12\"", "18446744073709551616",
                            "99999999999999999999999", "0.5", "1.5e2", "true", "null", "[1]"}) {
    Json doc;
    auto f = open_text(std::string(R"({"v": )") + value + "}", doc);
    ASSERT_TRUE(f.ok()) << value;
    auto v = f->u64("v");
    ASSERT_FALSE(v.ok()) << value << " was read as " << *v;
    EXPECT_EQ(v.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(v.error().message.find("doc.v"), std::string::npos) << v.error().message;
  }
}

// PROTOCOL 4.1: every integer field is 0..2^63-1, read exactly (not through
// a double: 2^53 + 1 stays itself); 2^63 and above is refused.
TEST(FieldReaderTest, U64AcceptsZeroTo2To63Minus1Exactly) {
  Json doc;
  auto f = open_text(R"({"zero": 0, "past_double": 9007199254740993, "max": 9223372036854775807,
                         "over": 9223372036854775808, "u64_max": 18446744073709551615})",
                     doc);
  ASSERT_TRUE(f.ok());
  auto zero = f->u64("zero");
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(*zero, 0u);
  auto past_double = f->u64("past_double");
  ASSERT_TRUE(past_double.ok());
  EXPECT_EQ(*past_double, (std::uint64_t{1} << 53) + 1);
  auto max = f->u64("max");
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(*max, kMaxInt64);
  for (const char* key : {"over", "u64_max"}) {
    auto v = f->u64(key);
    ASSERT_FALSE(v.ok()) << key << " was read as " << *v;
    EXPECT_EQ(v.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(v.error().message.find("9223372036854775807"), std::string::npos) << v.error().message;
  }
}

TEST(FieldReaderTest, U64RangeIsInclusive) {
  Json doc;
  auto f = open_text(R"({"lo": 1, "hi": 10, "below": 0, "above": 11})", doc);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->u64("lo", 1, 10).ok());
  EXPECT_TRUE(f->u64("hi", 1, 10).ok());
  auto below = f->u64("below", 1, 10);
  ASSERT_FALSE(below.ok());
  EXPECT_EQ(below.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(below.error().message.find("doc.below"), std::string::npos);
  auto above = f->u64("above", 1, 10);
  ASSERT_FALSE(above.ok());
  EXPECT_EQ(above.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(above.error().message.find("doc.above"), std::string::npos);
}

TEST(FieldReaderTest, TextLengthIsInBytesAndInclusive) {
  // "张三" is 6 bytes of UTF-8, 2 characters.
  Json doc;
  auto f = open_text(R"({"a": "张三", "b": "张三", "c": "张三", "d": ""})", doc);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->text("a", 6, 6).ok());
  auto short_max = f->text("b", 1, 5);
  ASSERT_FALSE(short_max.ok());
  EXPECT_NE(short_max.error().message.find("doc.b"), std::string::npos);
  EXPECT_FALSE(f->text("c", 7, 64).ok());
  EXPECT_FALSE(f->text("d", 1, 64).ok());
}

TEST(FieldReaderTest, TextRejectsControlCharacters) {
  // JSON escapes let control characters into strings; text fields refuse them.
  for (const char* value : {R"("a\u0000b")", R"("a\nb")", R"("\t")", R"("\u001f")", R"("\u007f")"}) {
    Json doc;
    auto f = open_text(std::string(R"({"s": )") + value + "}", doc);
    ASSERT_TRUE(f.ok()) << value;
    auto s = f->text("s", 0, 64);
    ASSERT_FALSE(s.ok()) << value;
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(s.error().message.find("doc.s"), std::string::npos);
  }
}

TEST(FieldReaderTest, TextRejectsInvalidUtf8InABuiltJson) {
  // A Json built in memory (not parsed) can hold any bytes.
  Json doc = {{"s", std::string("\xc0\xaf")}};
  auto f = FieldReader::open(doc, "doc");
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->text("s", 0, 64).ok());
}

TEST(FieldReaderTest, HexLengthBoundsAreInBytes) {
  Json doc;
  auto f = open_text(R"({"two": "abcd", "three": "abcdef", "one": "ab", "empty": ""})", doc);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->hex("two", 2, 2).ok());
  auto too_long = f->hex("three", 2, 2);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(too_long.error().message.find("doc.three"), std::string::npos);
  EXPECT_FALSE(f->hex("one", 2, 2).ok());
  EXPECT_FALSE(f->hex("empty", 1, 2).ok());
}

TEST(FieldReaderTest, HexRejectsOddLengthAndNonHex) {
  for (const char* value : {"abc", "0", "zz", "0x12", " 12", "12 ", "12\\u0000", "g0", "1-", "\\u0031\\u0032\\u0033"}) {
    Json doc;
    auto f = open_text(std::string(R"({"h": ")") + value + "\"}", doc);
    ASSERT_TRUE(f.ok()) << value;
    auto h = f->hex("h", 0, 64);
    ASSERT_FALSE(h.ok()) << value;
    EXPECT_EQ(h.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(h.error().message.find("doc.h"), std::string::npos) << h.error().message;
  }
}

TEST(FieldReaderTest, HexAcceptsEitherCase) {
  Json doc;
  auto f = open_text(R"({"lower": "0aff", "upper": "0AFF", "mixed": "0aFf"})", doc);
  ASSERT_TRUE(f.ok());
  for (const char* key : {"lower", "upper", "mixed"}) {
    auto h = f->hex(key, 2, 2);
    ASSERT_TRUE(h.ok()) << key;
    EXPECT_EQ(*h, (Bytes{0x0a, 0xff})) << key;
  }
}

TEST(FieldReaderTest, DigestMustBeExactly32Bytes) {
  const std::string d32(64, 'a');
  Json doc = parse_ok(R"({"ok": ")" + d32 + R"(", "short": ")" + d32.substr(2) + R"(", "long": ")" + d32 +
                      R"(aa", "odd": ")" + d32.substr(1) + "\"}");
  auto f = FieldReader::open(doc, "doc");
  ASSERT_TRUE(f.ok());
  auto ok = f->digest("ok");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)[0], 0xaa);
  EXPECT_EQ((*ok)[31], 0xaa);
  for (const char* key : {"short", "long", "odd"}) {
    auto d = f->digest(key);
    ASSERT_FALSE(d.ok()) << key;
    EXPECT_EQ(d.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(d.error().message.find(std::string("doc.") + key), std::string::npos);
  }
}

TEST(FieldReaderTest, ArrayItemLimitIsInclusive) {
  Json doc;
  auto f = open_text(R"({"three": [1, 2, 3], "four": [1, 2, 3, 4]})", doc);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->array("three", 3).ok());
  auto four = f->array("four", 3);
  ASSERT_FALSE(four.ok());
  EXPECT_EQ(four.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(four.error().message.find("doc.four"), std::string::npos);
}

// ---------------------------------------------------------------------------
// is_printable_utf8

TEST(IsPrintableUtf8Test, AcceptsPrintableText) {
  EXPECT_TRUE(is_printable_utf8(""));
  EXPECT_TRUE(is_printable_utf8(" "));
  EXPECT_TRUE(is_printable_utf8("~"));
  EXPECT_TRUE(is_printable_utf8("Zhang San 12330000470000000X"));
  EXPECT_TRUE(is_printable_utf8("浙江省人民医院"));
  EXPECT_TRUE(is_printable_utf8("卫生材料费 x2"));
  EXPECT_TRUE(is_printable_utf8("\xc2\xa0"));          // U+00A0, the first 2-byte one past C1
  EXPECT_TRUE(is_printable_utf8("\xdf\xbf"));          // U+07FF
  EXPECT_TRUE(is_printable_utf8("\xe0\xa0\x80"));      // U+0800, smallest 3-byte
  EXPECT_TRUE(is_printable_utf8("\xed\x9f\xbf"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_printable_utf8("\xee\x80\x80"));      // U+E000, just above them
  EXPECT_TRUE(is_printable_utf8("\xef\xbf\xbf"));      // U+FFFF
  EXPECT_TRUE(is_printable_utf8("\xf0\x90\x80\x80"));  // U+10000, smallest 4-byte
  EXPECT_TRUE(is_printable_utf8("\xf0\x9f\x98\x80"));  // U+1F600
  EXPECT_TRUE(is_printable_utf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF, the last code point
  EXPECT_TRUE(is_printable_utf8("\xf0\xa0\x80\x80"));  // U+20000, CJK Extension B
}

TEST(IsPrintableUtf8Test, RejectsControlCharacters) {
  for (int c = 0; c < 0x20; ++c) {
    std::string s = "a";
    s.push_back(static_cast<char>(c));
    s += "b";
    EXPECT_FALSE(is_printable_utf8(s)) << "U+" << std::hex << c;
  }
  EXPECT_FALSE(is_printable_utf8("\x7f"));
  EXPECT_FALSE(is_printable_utf8(std::string_view("\0", 1)));
  EXPECT_FALSE(is_printable_utf8("张\n三"));
  EXPECT_FALSE(is_printable_utf8("浙江省人民医院\t"));
}

// What a screen or a printer would not show as itself (docs/PROTOCOL.md 2).
TEST(IsPrintableUtf8Test, RejectsC1BidiZeroWidthAndSeparators) {
  const std::pair<const char*, const char*> refused[] = {
      {"\xc2\x80", "U+0080, C1"},
      {"\xc2\x9f", "U+009F, C1"},
      {"\xc2\xad", "U+00AD, soft hyphen"},
      {"\xd8\x9c", "U+061C, Arabic letter mark"},
      {"\xe2\x80\x8b", "U+200B, zero width space"},
      {"\xe2\x80\x8d", "U+200D, zero width joiner"},
      {"\xe2\x80\x8f", "U+200F, right-to-left mark"},
      {"\xe2\x80\xa8", "U+2028, line separator"},
      {"\xe2\x80\xa9", "U+2029, paragraph separator"},
      {"\xe2\x80\xae", "U+202E, right-to-left override"},
      {"\xe2\x81\xa0", "U+2060, word joiner"},
      {"\xe2\x81\xa6", "U+2066, left-to-right isolate"},
      {"\xe2\x81\xa9", "U+2069, pop directional isolate"},
      {"\xef\xbb\xbf", "U+FEFF, BOM"},
      {"\xf3\xa0\x80\x81", "U+E0001, language tag"},
      {"\xf3\xa0\x81\xbf", "U+E007F, cancel tag"},
  };
  for (const auto& [bytes, what] : refused) {
    EXPECT_FALSE(is_printable_utf8(std::string("王") + bytes + "五")) << what;
  }
  // Their neighbours are ordinary characters.
  for (const char* ok : {"\xc2\xa0", "\xc2\xac", "\xc2\xae", "\xe2\x80\x90", "\xe2\x80\xa7",
                         "\xe2\x80\xaf", "\xe2\x81\xa5", "\xe2\x81\xb0", "\xef\xbb\xbe", "\xc2\xb7"}) {
    EXPECT_TRUE(is_printable_utf8(std::string("阿") + ok + "木")) << ok;
  }
}

TEST(IsPrintableUtf8Test, RejectsOverlongEncodings) {
  EXPECT_FALSE(is_printable_utf8("\xc0\x80"));          // U+0000 in 2 bytes
  EXPECT_FALSE(is_printable_utf8("\xc0\xaf"));          // '/' in 2 bytes
  EXPECT_FALSE(is_printable_utf8("\xc1\xbf"));          // U+007F in 2 bytes
  EXPECT_FALSE(is_printable_utf8("\xe0\x80\x80"));      // U+0000 in 3 bytes
  EXPECT_FALSE(is_printable_utf8("\xe0\x9f\xbf"));      // U+07FF in 3 bytes
  EXPECT_FALSE(is_printable_utf8("\xf0\x80\x80\x80"));  // U+0000 in 4 bytes
  EXPECT_FALSE(is_printable_utf8("\xf0\x8f\xbf\xbf"));  // U+FFFF in 4 bytes
}

TEST(IsPrintableUtf8Test, RejectsSurrogates) {
  EXPECT_FALSE(is_printable_utf8("\xed\xa0\x80"));  // U+D800
  EXPECT_FALSE(is_printable_utf8("\xed\xaf\xbf"));  // U+DBFF
  EXPECT_FALSE(is_printable_utf8("\xed\xb0\x80"));  // U+DC00
  EXPECT_FALSE(is_printable_utf8("\xed\xbf\xbf"));  // U+DFFF
  // CESU-8 style pair for U+1F600.
  EXPECT_FALSE(is_printable_utf8("\xed\xa0\xbd\xed\xb8\x80"));
}

TEST(IsPrintableUtf8Test, RejectsCodePointsBeyondU10FFFF) {
  EXPECT_FALSE(is_printable_utf8("\xf4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_printable_utf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(is_printable_utf8("\xf7\xbf\xbf\xbf"));  // U+1FFFFF
  EXPECT_FALSE(is_printable_utf8("\xf8\x88\x80\x80\x80"));  // 5-byte form
  EXPECT_FALSE(is_printable_utf8("\xfc\x84\x80\x80\x80\x80"));  // 6-byte form
  EXPECT_FALSE(is_printable_utf8("\xfe"));
  EXPECT_FALSE(is_printable_utf8("\xff"));
}

TEST(IsPrintableUtf8Test, RejectsTruncatedAndMalformedSequences) {
  EXPECT_FALSE(is_printable_utf8("\x80"));              // lone continuation
  EXPECT_FALSE(is_printable_utf8("a\xbf"));
  EXPECT_FALSE(is_printable_utf8("\xe5\xbc"));          // 张 cut short
  EXPECT_FALSE(is_printable_utf8("\xe5"));
  EXPECT_FALSE(is_printable_utf8("\xf0\x9f\x98"));      // emoji cut short
  EXPECT_FALSE(is_printable_utf8("\xe5\x41\x41"));      // ASCII where a continuation belongs
  EXPECT_FALSE(is_printable_utf8("\xc2\xc2\x80"));
  EXPECT_FALSE(is_printable_utf8("\xe5\xbc\xa0\xe4\xb8"));  // valid 张 then truncated 三
}

}  // namespace
}  // namespace chainslip
