#include "core/receipt/receipt_code.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chainslip {
namespace {

// The two national forms (values made up, shapes real; docs/PROTOCOL.md 6.1).
const std::string kShortPrefix = "https://www.chinaebill.cn/eips-wxapp-service/d?";
const std::string kD = "11010126_0000012345_a1b2c3_128.50_20261203";
const std::string kShort = kShortPrefix + "t=504&a=Xy12AbCdEf&d=" + kD + "&s=0A1B2C3D4E";
const std::string kDisplayPrefix =
    "http://www.chinaebill.cn/eips-wxapp-service/H5FinanceDisplay/showInvoice?";
const std::string kDisplayQuery =
    "invoice_code=11010126&invoice_number=0000012345&check_code=a1b2c3&app_id=Xy12AbCdEf&security="
    "0A1B2C3D4E5F";
const std::string kDisplay = kDisplayPrefix + kDisplayQuery;

ReceiptCodeResult parse(const std::string& text, const std::vector<ReceiptCodePlatform>& platforms =
                                                     default_receipt_code_platforms()) {
  return parse_receipt_code(text, platforms);
}

// The code `text` is, failing the test if it is refused.
ReceiptCode accepted(const std::string& text,
                     const std::vector<ReceiptCodePlatform>& platforms = default_receipt_code_platforms()) {
  auto result = parse(text, platforms);
  if (const auto* error = std::get_if<ReceiptCodeError>(&result)) {
    ADD_FAILURE() << text << "\n  refused (" << receipt_code_refusal_name(error->refusal)
                  << "): " << error->message;
    return {};
  }
  return std::get<ReceiptCode>(result);
}

// The refusal of `text`, or "accepted".
std::string refusal(const std::string& text,
                    const std::vector<ReceiptCodePlatform>& platforms = default_receipt_code_platforms()) {
  auto result = parse(text, platforms);
  if (const auto* error = std::get_if<ReceiptCodeError>(&result)) {
    return std::string(receipt_code_refusal_name(error->refusal));
  }
  return "accepted";
}

std::string short_with_d(const std::string& d) {
  return kShortPrefix + "t=504&a=Xy12AbCdEf&d=" + d + "&s=0A1B2C3D4E";
}

ReceiptCode expected_short() {
  ReceiptCode code;
  code.form = ReceiptCodeForm::kShort;
  code.code = "11010126";
  code.number = "0000012345";
  code.check_code = "a1b2c3";
  code.amount_fen = 12850;
  code.issue_date = CalendarDate{20261203};
  code.platform_fields = {{"t", "504"}, {"a", "Xy12AbCdEf"}, {"s", "0A1B2C3D4E"}};
  return code;
}

ReceiptCode expected_display() {
  ReceiptCode code;
  code.form = ReceiptCodeForm::kDisplayPage;
  code.code = "11010126";
  code.number = "0000012345";
  code.check_code = "a1b2c3";
  code.platform_fields = {{"app_id", "Xy12AbCdEf"}, {"security", "0A1B2C3D4E5F"}};
  return code;
}

TEST(ReceiptCodeTest, FormAndRefusalNames) {
  EXPECT_EQ(receipt_code_form_name(ReceiptCodeForm::kShort), "short");
  EXPECT_EQ(receipt_code_form_name(ReceiptCodeForm::kDisplayPage), "display-page");
  for (auto form : {ReceiptCodeForm::kShort, ReceiptCodeForm::kDisplayPage}) {
    auto back = parse_receipt_code_form(receipt_code_form_name(form));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, form);
  }
  EXPECT_FALSE(parse_receipt_code_form("Short").ok());
  EXPECT_FALSE(parse_receipt_code_form("").ok());
  EXPECT_EQ(receipt_code_refusal_name(ReceiptCodeRefusal::kNotAReceiptCode), "not_a_receipt_code");
  EXPECT_EQ(receipt_code_refusal_name(ReceiptCodeRefusal::kUnknownPlatform), "unknown_platform");
  EXPECT_EQ(receipt_code_refusal_name(ReceiptCodeRefusal::kMalformed), "malformed");
}

TEST(ReceiptCodeTest, DefaultPlatformsAreTheNationalFormsOverBothSchemes) {
  const auto platforms = default_receipt_code_platforms();
  ASSERT_EQ(platforms.size(), 4u);
  int https = 0, short_form = 0;
  for (const auto& p : platforms) {
    EXPECT_TRUE(check_receipt_code_platform(p).ok()) << p.scheme << "://" << p.host << p.path;
    EXPECT_EQ(p.host, "www.chinaebill.cn");
    EXPECT_EQ(p.port, 0);
    https += p.scheme == "https";
    short_form += p.form == ReceiptCodeForm::kShort;
  }
  EXPECT_EQ(https, 2);
  EXPECT_EQ(short_form, 2);
}

TEST(ReceiptCodeTest, ReadsBothFormsOverBothSchemes) {
  EXPECT_EQ(accepted(kShort), expected_short());
  EXPECT_EQ(accepted("http" + kShort.substr(5)), expected_short());
  EXPECT_EQ(accepted(kDisplay), expected_display());
  EXPECT_EQ(accepted("https" + kDisplay.substr(4)), expected_display());
  // The display page has no amount and no date.
  EXPECT_FALSE(accepted(kDisplay).amount_fen.has_value());
  EXPECT_FALSE(accepted(kDisplay).issue_date.has_value());
}

TEST(ReceiptCodeTest, ParametersInAnyOrderGiveTheSameCode) {
  EXPECT_EQ(accepted(kShortPrefix + "s=0A1B2C3D4E&d=" + kD + "&a=Xy12AbCdEf&t=504"), expected_short());
  EXPECT_EQ(accepted(kDisplayPrefix +
                     "security=0A1B2C3D4E5F&check_code=a1b2c3&app_id=Xy12AbCdEf&invoice_number=0000012345&"
                     "invoice_code=11010126"),
            expected_display());
}

TEST(ReceiptCodeTest, NamesAndValuesAreDecodedBeforeDIsSplit) {
  // %5F is '_': decoded first, then d is split.
  EXPECT_EQ(accepted(short_with_d("11010126%5F0000012345%5fa1b2c3_128%2E50_20261203")), expected_short());
  // %64 is 'd'.
  EXPECT_EQ(accepted(kShortPrefix + "t=504&a=Xy12AbCdEf&%64=" + kD + "&s=0A1B2C3D4E"), expected_short());
  // Platform values are kept decoded; '+' is a plus, not a space.
  const ReceiptCode code = accepted(kShortPrefix + "t=5%2B0&a=X%26y%3D&d=" + kD + "&s=a+b");
  EXPECT_EQ(code.platform_fields,
            (std::vector<std::pair<std::string, std::string>>{{"t", "5+0"}, {"a", "X&y="}, {"s", "a+b"}}));
  // A bad escape is not silently kept.
  EXPECT_EQ(refusal(kShortPrefix + "t=504&a=Xy%zz&d=" + kD + "&s=0A1B2C3D4E"), "malformed");
  EXPECT_EQ(refusal(kShortPrefix + "t=504&a=Xy%4&d=" + kD + "&s=0A1B2C3D4E"), "malformed");
}

TEST(ReceiptCodeTest, EveryParameterExactlyOnce) {
  // Repeated, also when one of the two is percent-encoded.
  EXPECT_EQ(refusal(kShort + "&d=" + kD), "malformed");
  EXPECT_EQ(refusal(kShort + "&t=504"), "malformed");
  EXPECT_EQ(refusal(kShort + "&%73=0A1B2C3D4E"), "malformed");
  EXPECT_EQ(refusal(kDisplay + "&invoice_code=11010126"), "malformed");
  // Unknown, including a known name in another case.
  EXPECT_EQ(refusal(kShort + "&x=1"), "malformed");
  EXPECT_EQ(refusal(kShort + "&D=" + kD), "malformed");
  EXPECT_EQ(refusal(kDisplay + "&t=504"), "malformed");
  // Missing: each one.
  EXPECT_EQ(refusal(kShortPrefix + "a=Xy12AbCdEf&d=" + kD + "&s=0A1B2C3D4E"), "malformed");
  EXPECT_EQ(refusal(kShortPrefix + "t=504&d=" + kD + "&s=0A1B2C3D4E"), "malformed");
  EXPECT_EQ(refusal(kShortPrefix + "t=504&a=Xy12AbCdEf&s=0A1B2C3D4E"), "malformed");
  EXPECT_EQ(refusal(kShortPrefix + "t=504&a=Xy12AbCdEf&d=" + kD), "malformed");
  const std::vector<std::string> display_params = {"invoice_code=11010126", "invoice_number=0000012345",
                                                   "check_code=a1b2c3", "app_id=Xy12AbCdEf",
                                                   "security=0A1B2C3D4E5F"};
  for (std::size_t skip = 0; skip < display_params.size(); ++skip) {
    std::string query;
    for (std::size_t i = 0; i < display_params.size(); ++i) {
      if (i == skip) continue;
      query += (query.empty() ? "" : "&") + display_params[i];
    }
    EXPECT_EQ(refusal(kDisplayPrefix + query), "malformed") << display_params[skip];
  }
  // No query, an empty one, empty parameters.
  EXPECT_EQ(refusal("https://www.chinaebill.cn/eips-wxapp-service/d"), "malformed");
  EXPECT_EQ(refusal(kShortPrefix), "malformed");
  EXPECT_EQ(refusal(kShort + "&"), "malformed");
  EXPECT_EQ(refusal(kShortPrefix + "&" + kShort.substr(kShortPrefix.size())), "malformed");
  EXPECT_EQ(refusal(kShort + "&s"), "malformed");
}

TEST(ReceiptCodeTest, HostMustBeThePlatformsExactly) {
  const std::string rest = "/eips-wxapp-service/d?t=504&a=Xy12AbCdEf&d=" + kD + "&s=0A1B2C3D4E";
  EXPECT_EQ(accepted("https://WWW.ChinaEbill.CN" + rest), expected_short());  // DNS is case-insensitive
  EXPECT_EQ(refusal("https://www.chinaebill.cn.evil.com" + rest), "unknown_platform");
  EXPECT_EQ(refusal("https://evilwww.chinaebill.cn" + rest), "unknown_platform");
  EXPECT_EQ(refusal("https://ebill.cn" + rest), "unknown_platform");
  EXPECT_EQ(refusal("https://www.chinaebill.cn." + rest), "unknown_platform");
  EXPECT_EQ(refusal("https://www.chinaebill.cn@evil.com" + rest), "unknown_platform");
  // User info before the right host.
  EXPECT_EQ(refusal("https://user:pass@www.chinaebill.cn" + rest), "malformed");
  EXPECT_EQ(refusal("https://evil.com@www.chinaebill.cn" + rest), "malformed");
  EXPECT_EQ(refusal("https://@www.chinaebill.cn" + rest), "malformed");
  // The host written percent-encoded (curl decodes it).
  EXPECT_EQ(refusal("https://www%2Echinaebill.cn" + rest), "malformed");
}

TEST(ReceiptCodeTest, AnIpAddressNeverMatches) {
  // Even an entry naming that address: curl turns 2130706433 and 0x7f.1
  // into 127.0.0.1, so an IP host could be reached under many spellings.
  const std::vector<ReceiptCodePlatform> by_ip = {
      {"https", "127.0.0.1", 0, "/eips-wxapp-service/d", ReceiptCodeForm::kShort}};
  EXPECT_FALSE(check_receipt_code_platform(by_ip[0]).ok());
  const std::string rest = "/eips-wxapp-service/d?t=504&a=Xy12AbCdEf&d=" + kD + "&s=0A1B2C3D4E";
  EXPECT_EQ(refusal("https://127.0.0.1" + rest, by_ip), "unknown_platform");
  EXPECT_EQ(refusal("https://2130706433" + rest, by_ip), "unknown_platform");
  EXPECT_EQ(refusal("https://[::1]" + rest), "unknown_platform");
}

TEST(ReceiptCodeTest, PortIsCompared) {
  const std::string rest = "/eips-wxapp-service/d?t=504&a=Xy12AbCdEf&d=" + kD + "&s=0A1B2C3D4E";
  // The scheme's default written out is the same URL.
  EXPECT_EQ(accepted("https://www.chinaebill.cn:443" + rest), expected_short());
  EXPECT_EQ(accepted("http://www.chinaebill.cn:80" + rest), expected_short());
  EXPECT_EQ(refusal("https://www.chinaebill.cn:80" + rest), "unknown_platform");
  EXPECT_EQ(refusal("http://www.chinaebill.cn:443" + rest), "unknown_platform");
  EXPECT_EQ(refusal("https://www.chinaebill.cn:8443" + rest), "unknown_platform");
  const std::vector<ReceiptCodePlatform> on_8443 = {
      {"https", "pj.example.cn", 8443, "/eips-wxapp-service/d", ReceiptCodeForm::kShort}};
  EXPECT_EQ(accepted("https://pj.example.cn:8443" + rest, on_8443), expected_short());
  EXPECT_EQ(refusal("https://pj.example.cn" + rest, on_8443), "unknown_platform");
  EXPECT_EQ(refusal("https://pj.example.cn:443" + rest, on_8443), "unknown_platform");
}

TEST(ReceiptCodeTest, SchemeMustBeWrittenAndMatch) {
  const std::string rest =
      "www.chinaebill.cn/eips-wxapp-service/d?t=504&a=Xy12AbCdEf&d=" + kD + "&s=0A1B2C3D4E";
  EXPECT_EQ(accepted("HTTPS://" + rest), expected_short());  // schemes are case-insensitive
  EXPECT_EQ(refusal(rest), "not_a_receipt_code");            // no guessing
  EXPECT_EQ(refusal("//" + rest), "not_a_receipt_code");
  EXPECT_EQ(refusal("https:/" + rest), "not_a_receipt_code");
  EXPECT_EQ(refusal("https:///" + rest), "not_a_receipt_code");
  EXPECT_EQ(refusal("ftp://" + rest), "not_a_receipt_code");
  const std::vector<ReceiptCodePlatform> http_only = {
      {"http", "www.chinaebill.cn", 0, "/eips-wxapp-service/d", ReceiptCodeForm::kShort}};
  EXPECT_EQ(accepted("http://" + rest, http_only), expected_short());
  EXPECT_EQ(refusal("https://" + rest, http_only), "unknown_platform");
}

TEST(ReceiptCodeTest, NoFragment) {
  EXPECT_EQ(refusal(kShort + "#"), "malformed");
  EXPECT_EQ(refusal(kShort + "#x"), "malformed");
  EXPECT_EQ(refusal(kDisplay + "#security=1"), "malformed");
}

TEST(ReceiptCodeTest, PathIsComparedAsWritten) {
  const std::string query = "?t=504&a=Xy12AbCdEf&d=" + kD + "&s=0A1B2C3D4E";
  for (const char* path : {"/eips-wxapp-service/d/", "/eips-wxapp-service/x/../d", "/eips-wxapp-service/./d",
                           "//eips-wxapp-service/d", "/eips-wxapp-service//d", "/eips-wxapp-service/%64",
                           "/EIPS-WXAPP-SERVICE/d", "/eips-wxapp-service/D"}) {
    EXPECT_EQ(refusal(std::string("https://www.chinaebill.cn") + path + query), "unknown_platform") << path;
  }
}

TEST(ReceiptCodeTest, LengthIsBoundedBeforeParsing) {
  // A platform with a long path, so that a code can be valid but too long.
  const std::string short_query = "?t=504&a=Xy12AbCdEf&d=" + kD + "&s=0A1B2C3D4E";
  const std::string base = "https://pj.example.cn";
  const std::size_t path_bytes = kMaxReceiptCodeBytes - base.size() - short_query.size();
  std::vector<ReceiptCodePlatform> long_path = {
      {"https", "pj.example.cn", 0, "/" + std::string(path_bytes - 1, 'p'), ReceiptCodeForm::kShort}};
  const std::string at_limit = base + long_path[0].path + short_query;
  ASSERT_EQ(at_limit.size(), kMaxReceiptCodeBytes);
  EXPECT_EQ(accepted(at_limit, long_path), expected_short());
  long_path[0].path += "p";
  EXPECT_EQ(refusal(base + long_path[0].path + short_query, long_path), "not_a_receipt_code");
}

TEST(ReceiptCodeTest, DFieldsAreChecked) {
  for (const char* d : {
           "1101012_0000012345_a1b2c3_128.50_20261203",           // 7-digit code
           "110101260_0000012345_a1b2c3_128.50_20261203",         // 9-digit code
           "1101012A_0000012345_a1b2c3_128.50_20261203",          // not digits
           "11010126_000012345_a1b2c3_128.50_20261203",           // 9-digit number
           "11010126_00000123456_a1b2c3_128.50_20261203",         // 11-digit number
           "11010126_0000012345_A1b2c3_128.50_20261203",          // uppercase check code
           "11010126_0000012345_a1b2c_128.50_20261203",           // 5 characters
           "11010126_0000012345_a1b2c-_128.50_20261203",          // not [0-9a-z]
           "11010126_0000012345_a1b2c3_128.5_20261203",           // one decimal
           "11010126_0000012345_a1b2c3_128.500_20261203",         // three
           "11010126_0000012345_a1b2c3_128_20261203",             // none
           "11010126_0000012345_a1b2c3_-1.00_20261203",           // negative
           "11010126_0000012345_a1b2c3_01.00_20261203",           // leading zero
           "11010126_0000012345_a1b2c3_1e2_20261203",             // exponent
           "11010126_0000012345_a1b2c3__20261203",                // empty amount
           "11010126_0000012345_a1b2c3_10000000000.01_20261203",  // over 10^12 fen
           "11010126_0000012345_a1b2c3_128.50_20260230",          // no 30 February
           "11010126_0000012345_a1b2c3_128.50_20250229",          // not a leap year
           "11010126_0000012345_a1b2c3_128.50_2026120",           // 7 digits
           "11010126_0000012345_a1b2c3_128.50_2026-12-03",
           "11010126_0000012345_a1b2c3_128.50",            // four parts
           "11010126_0000012345_a1b2c3_128.50_20261203_",  // six
           "11010126_0000012345_a1b2c3_128.50_20261203_x",
       }) {
    EXPECT_EQ(refusal(short_with_d(d)), "malformed") << d;
  }
  EXPECT_EQ(accepted(short_with_d("11010126_0000012345_a1b2c3_0.00_20261203")).amount_fen, 0u);
  EXPECT_EQ(accepted(short_with_d("11010126_0000012345_a1b2c3_10000000000.00_20240229")).amount_fen,
            1'000'000'000'000u);
  EXPECT_EQ(accepted(short_with_d("11010126_0000012345_a1b2c3_10000000000.00_20240229")).issue_date,
            CalendarDate{20240229});
}

TEST(ReceiptCodeTest, DisplayPageFieldsAreChecked) {
  auto with = [](const std::string& code, const std::string& number, const std::string& check) {
    return kDisplayPrefix + "invoice_code=" + code + "&invoice_number=" + number + "&check_code=" + check +
           "&app_id=Xy12AbCdEf&security=0A1B2C3D4E5F";
  };
  EXPECT_EQ(accepted(with("11010126", "0000012345", "a1b2c3")), expected_display());
  EXPECT_EQ(refusal(with("1101012", "0000012345", "a1b2c3")), "malformed");
  EXPECT_EQ(refusal(with("1101012x", "0000012345", "a1b2c3")), "malformed");
  EXPECT_EQ(refusal(with("11010126", "000012345", "a1b2c3")), "malformed");
  EXPECT_EQ(refusal(with("11010126", "0000012345", "a1b2C3")), "malformed");
  EXPECT_EQ(refusal(with("11010126", "0000012345", "a1b2c3d")), "malformed");
  EXPECT_EQ(refusal(with("11010126", "0000012345", "")), "malformed");
}

TEST(ReceiptCodeTest, PlatformValuesAreBoundedPrintableAscii) {
  auto with_a = [](const std::string& a) {
    return kShortPrefix + "t=504&a=" + a + "&d=" + kD + "&s=0A1B2C3D4E";
  };
  EXPECT_EQ(accepted(with_a(std::string(kMaxPlatformFieldBytes, 'x'))).platform_fields[1].second,
            std::string(kMaxPlatformFieldBytes, 'x'));
  EXPECT_EQ(refusal(with_a(std::string(kMaxPlatformFieldBytes + 1, 'x'))), "malformed");
  EXPECT_EQ(refusal(with_a("")), "malformed");
  EXPECT_EQ(refusal(with_a("a%20b")), "malformed");                                   // space
  EXPECT_EQ(refusal(with_a("a%7F")), "malformed");                                    // DEL
  EXPECT_EQ(refusal(with_a("a%00")), "malformed");                                    // NUL
  EXPECT_EQ(refusal(with_a("%E4%B8%AD")), "malformed");                               // 中
  EXPECT_EQ(refusal(kDisplay.substr(0, kDisplay.size() - 12) + "%0A"), "malformed");  // security
}

TEST(ReceiptCodeTest, UnknownPlatformOnlyForReceiptShapedUrls) {
  const std::string query = "?t=504&a=Xy12AbCdEf&d=" + kD + "&s=0A1B2C3D4E";
  EXPECT_EQ(refusal("https://fp.example-prov.gov.cn/check/d" + query), "unknown_platform");
  EXPECT_EQ(refusal("https://evil.example/x?d=" + kD), "unknown_platform");
  EXPECT_EQ(refusal("https://evil.example/x?d=11010126%5F0000012345_a1b2c3_128.50_20261203"),
            "unknown_platform");
  EXPECT_EQ(refusal("https://evil.example/x?invoice_number=1"), "unknown_platform");
  EXPECT_EQ(refusal("http://evil.example/?" + kDisplayQuery), "unknown_platform");
  // Not receipt-shaped.
  EXPECT_EQ(refusal("https://evil.example/x?d=a_b_c"), "not_a_receipt_code");
  EXPECT_EQ(refusal("https://www.example.cn/s?wd=chainslip"), "not_a_receipt_code");
  EXPECT_EQ(refusal("https://www.chinaebill.cn/"), "not_a_receipt_code");
  EXPECT_EQ(refusal("hello"), "not_a_receipt_code");
  EXPECT_EQ(refusal(""), "not_a_receipt_code");
  EXPECT_EQ(refusal("CS1,33010126,0000000042,a1b2c3,1250,20260101"), "not_a_receipt_code");
  EXPECT_EQ(refusal(kShort + "\n"), "not_a_receipt_code");  // scanners' line ends are the caller's to strip
  EXPECT_EQ(refusal("ftp://evil.example/x?d=" + kD), "not_a_receipt_code");
  // An empty allow-list knows no platform.
  EXPECT_EQ(refusal(kShort, {}), "unknown_platform");
}

TEST(ReceiptCodeTest, RefusalsSayWhy) {
  auto message = [](const std::string& text) {
    auto result = parse(text);
    return std::get<ReceiptCodeError>(result).message;
  };
  EXPECT_NE(message(kShort + "&d=" + kD).find("\"d\" given twice"), std::string::npos);
  EXPECT_NE(message(short_with_d("11010126_0000012345_a1b2c3_128.50_20260230")).find("issue date"),
            std::string::npos);
  EXPECT_NE(message("https://evil.example/x?d=" + kD).find("evil.example"), std::string::npos);
}

TEST(ReceiptCodeTest, UrlIsTheNationalPlatformsOwn) {
  const auto platforms = default_receipt_code_platforms();
  EXPECT_EQ(receipt_code_url(expected_short(), platforms[0]), kShort);
  EXPECT_EQ(receipt_code_url(expected_display(), platforms[3]), kDisplay);
}

TEST(ReceiptCodeTest, UrlParsesBackEqualOnCustomPlatforms) {
  const std::vector<ReceiptCodePlatform> platforms = {
      {"http", "fp.example-prov.gov.cn", 8080, "/check/d", ReceiptCodeForm::kShort},
      {"https", "pj.example.cn", 8443, "/h5/Display/show_invoice", ReceiptCodeForm::kDisplayPage},
      {"https", "pj.example.cn", 443, "/d", ReceiptCodeForm::kShort},
  };
  ReceiptCode short_code = expected_short();
  short_code.platform_fields = {{"t", "a&b=c%d+e/f?#"}, {"a", "~!*'()"}, {"s", "x_y.z-"}};
  ReceiptCode display_code = expected_display();
  display_code.platform_fields = {{"app_id", "%41"}, {"security", "=&="}};
  for (const auto& platform : platforms) {
    ASSERT_TRUE(check_receipt_code_platform(platform).ok());
    const ReceiptCode& code = platform.form == ReceiptCodeForm::kShort ? short_code : display_code;
    const std::string url = receipt_code_url(code, platform);
    EXPECT_EQ(accepted(url, platforms), code) << url;
  }
  EXPECT_EQ(
      receipt_code_url(short_code, platforms[0]).rfind("http://fp.example-prov.gov.cn:8080/check/d?t=", 0),
      0u);
}

TEST(ReceiptCodeTest, UrlCanOutgrowTheBoundWhenValuesWereScannedUnencoded) {
  // curl_easy_escape writes '!' as %21: 3 x 64 of them scanned raw fit in
  // 512 bytes, written back they do not (PROTOCOL 6.4 says so).
  const std::string bangs(kMaxPlatformFieldBytes, '!');
  const std::string scanned = kShortPrefix + "t=" + bangs + "&a=" + bangs + "&d=" + kD + "&s=" + bangs;
  ASSERT_LE(scanned.size(), kMaxReceiptCodeBytes);
  const ReceiptCode code = accepted(scanned);
  const std::string written = receipt_code_url(code, default_receipt_code_platforms()[0]);
  EXPECT_GT(written.size(), kMaxReceiptCodeBytes);
  EXPECT_EQ(refusal(written), "not_a_receipt_code");
}

TEST(ReceiptCodeTest, PlatformEntriesAreChecked) {
  const ReceiptCodePlatform good{"https", "pj.example.cn", 0, "/d", ReceiptCodeForm::kShort};
  EXPECT_TRUE(check_receipt_code_platform(good).ok());
  auto with = [&](auto change) {
    ReceiptCodePlatform p = good;
    change(p);
    return check_receipt_code_platform(p).ok();
  };
  EXPECT_FALSE(with([](auto& p) { p.scheme = "ftp"; }));
  EXPECT_FALSE(with([](auto& p) { p.scheme = "HTTPS"; }));
  EXPECT_FALSE(with([](auto& p) { p.host = "PJ.example.cn"; }));
  EXPECT_FALSE(with([](auto& p) { p.host = "pj.example.cn."; }));
  EXPECT_FALSE(with([](auto& p) { p.host = "pj..cn"; }));
  EXPECT_FALSE(with([](auto& p) { p.host = "-pj.cn"; }));
  EXPECT_FALSE(with([](auto& p) { p.host = "user@pj.cn"; }));
  EXPECT_FALSE(with([](auto& p) { p.host = "10.0.0.1"; }));
  EXPECT_FALSE(with([](auto& p) { p.host = ""; }));
  EXPECT_FALSE(with([](auto& p) { p.path = ""; }));
  EXPECT_FALSE(with([](auto& p) { p.path = "d"; }));
  EXPECT_FALSE(with([](auto& p) { p.path = "/a/../d"; }));
  EXPECT_FALSE(with([](auto& p) { p.path = "/a/."; }));
  EXPECT_FALSE(with([](auto& p) { p.path = "/a%20b"; }));
  EXPECT_FALSE(with([](auto& p) { p.path = "/d?x=1"; }));
  EXPECT_TRUE(with([](auto& p) { p.path = "/eips-wxapp-service/H5FinanceDisplay/showInvoice"; }));
}

}  // namespace
}  // namespace chainslip
