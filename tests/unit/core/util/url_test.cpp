#include "core/util/url.h"

#include <gtest/gtest.h>

namespace chainslip {
namespace {

TEST(UrlTest, ReadsThePartsAsWritten) {
  auto url = parse_url("HTTPS://Www.Example.cn:8443/a/./b/../c?x=%41&y=1");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "Www.Example.cn");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->path, "/a/./b/../c");  // CURLU_PATH_AS_IS: no dot-segment removal
  EXPECT_EQ(url->query, "x=%41&y=1");
  EXPECT_EQ(url->authority, "Www.Example.cn:8443");
  EXPECT_FALSE(url->has_userinfo);
  EXPECT_FALSE(url->has_fragment);
}

TEST(UrlTest, SeesUserinfoAndFragmentsEvenEmpty) {
  EXPECT_TRUE(parse_url("https://@example.cn/")->has_userinfo);
  EXPECT_TRUE(parse_url("https://u:p@example.cn/")->has_userinfo);
  EXPECT_TRUE(parse_url("https://example.cn/#")->has_fragment);
  EXPECT_TRUE(parse_url("https://example.cn/#f")->has_fragment);
  EXPECT_FALSE(parse_url("https://example.cn/")->port.has_value());
  EXPECT_FALSE(parse_url("https://example.cn:/")->port.has_value());
}

TEST(UrlTest, NeverGuessesASchemeOrAnAuthority) {
  for (const char* text : {"example.cn/a?b=c", "https:example.cn/a", "https:/example.cn/a",
                           "https:///example.cn/a", "", "https://example.cn/a b", "mailto:a@example.cn"}) {
    EXPECT_FALSE(parse_url(text).ok()) << text;
  }
  EXPECT_FALSE(parse_url(std::string_view("https://example.cn/\0x", 20)).ok());
}

TEST(UrlTest, IpLiterals) {
  EXPECT_TRUE(is_ip_literal("127.0.0.1"));
  EXPECT_TRUE(is_ip_literal("[::1]"));
  EXPECT_FALSE(is_ip_literal("www.example.cn"));
  EXPECT_FALSE(is_ip_literal("123.cn"));
  EXPECT_EQ(parse_url("https://0x7f.1/")->host, "127.0.0.1");  // curl normalises, and it is still an IP
}

TEST(UrlTest, QueryIsSplitThenDecoded) {
  auto q = parse_query("a=1%262&%62=x+y&c=%5F");
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(*q, (std::vector<QueryParam>{{"a", "1&2"}, {"b", "x+y"}, {"c", "_"}}));
  for (const char* bad : {"", "a=1&", "&a=1", "a=1&&b=2", "a", "a=%4", "a=%zz", "a=1%"}) {
    EXPECT_FALSE(parse_query(bad).ok()) << bad;
  }
  // Empty names and values decode to empty (curl's unescape would read on).
  EXPECT_EQ(*parse_query("a=&b="), (std::vector<QueryParam>{{"a", ""}, {"b", ""}}));
  EXPECT_EQ(*parse_query("=x&b=1"), (std::vector<QueryParam>{{"", "x"}, {"b", "1"}}));
  EXPECT_EQ(parse_query("a=%00")->front().value, std::string(1, '\0'));
}

TEST(UrlTest, BuildsAndEncodes) {
  auto url = build_url("https", "prov.example.cn", 8443, "/p/d", {{"t", "a b&c%"}, {"d", "1_2.50~x"}});
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(*url, "https://prov.example.cn:8443/p/d?t=a%20b%26c%25&d=1_2.50~x");
  // Whatever case curl writes hex digits in, the query reads back.
  const std::vector<QueryParam> query = {{"t", "=&#+ %"}, {"", ""}, {"a", ""}};
  auto back = parse_url(*build_url("https", "prov.example.cn", 0, "/", query));
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->has_fragment);
  EXPECT_EQ(*parse_query(*back->query), query);
  EXPECT_EQ(*build_url("http", "example.cn", 0, "/", {}), "http://example.cn/");
}

}  // namespace
}  // namespace chainslip
