#include "firmware/service/service_log.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <string>

namespace chainslip {
namespace {

// What the log wrote to a memory stream.
class Captured {
 public:
  Captured() : file_(open_memstream(&buf_, &size_)) {}
  ~Captured() {
    std::fclose(file_);
    std::free(buf_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(buf_, size_);
  }

 private:
  char* buf_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_;
};

TEST(ServiceLogTest, ALineHasTheUtcTimeAndLevelAndBelowTheMinimumIsDropped) {
  Captured out;
  ServiceLog log(LogLevel::kInfo, out.file(), false);
  log.write(LogLevel::kDebug, "not shown");
  log.write(LogLevel::kWarning, "printer: paper near end");
  EXPECT_TRUE(std::regex_match(
      out.text(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z warning printer: paper near end\n)")))
      << out.text();
}

TEST(ServiceLogTest, UnderJournaldALineStartsWithItsSyslogPriority) {
  Captured out;
  ServiceLog log(LogLevel::kDebug, out.file(), true);
  log.write(LogLevel::kError, "a");
  log.at(LogLevel::kInfo)("b");
  log.write(LogLevel::kDebug, "c");
  EXPECT_EQ(out.text(), "<3>a\n<6>b\n<7>c\n");
}

TEST(ServiceLogTest, ANewlineInsideAMessageCannotForgeASecondLine) {
  Captured out;
  ServiceLog log(LogLevel::kInfo, out.file(), true);
  log.write(LogLevel::kInfo, "node said: ok\n<3>chainslipd: fake\r");
  EXPECT_EQ(out.text(), "<6>node said: ok <3>chainslipd: fake \n");
}

TEST(ServiceLogTest, LevelsParseByTheirConfigNames) {
  EXPECT_EQ(parse_log_level("warning").value(), LogLevel::kWarning);
  EXPECT_EQ(parse_log_level("debug").value(), LogLevel::kDebug);
  EXPECT_FALSE(parse_log_level("verbose").ok());
}

}  // namespace
}  // namespace chainslip
