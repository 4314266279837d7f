#include "drivers/printer/profiles/printer_profile.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include "core/util/strict_json.h"

namespace chainslip::escpos {
namespace {

namespace fs = std::filesystem;

class PrinterProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("chainslip-profiles-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // generic-80mm.json as shipped, edited by `edit`, written as <id>.json.
  std::string write_variant(const std::string& id, const std::function<void(Json&)>& edit) {
    auto base = load_shipped_json("generic-80mm");
    base["id"] = id;
    edit(base);
    return write(id + ".json", base.dump(2));
  }
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  static Json load_shipped_json(const std::string& id) {
    std::ifstream in(std::string(CHAINSLIP_PROFILE_DIR) + "/" + id + ".json");
    return Json::parse(in);
  }

  fs::path dir_;
};

TEST_F(PrinterProfileTest, EveryShippedProfileLoads) {
  const std::vector<std::string> ids = list_profiles();
  EXPECT_EQ(ids, (std::vector<std::string>{"epson-tm-t20ii", "generic-58mm", "generic-80mm", "xprinter-xp-58iih"}));
  for (const std::string& id : ids) {
    auto p = load_profile_by_id(id);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->id, id);
    EXPECT_TRUE(p->print_width_dots == 384 || p->print_width_dots == 576) << id;
    EXPECT_EQ(p->font_a.columns * p->font_a.char_width, p->print_width_dots) << id;
    EXPECT_LE(p->max_raster_strip_bytes + 8, p->max_unit_bytes()) << id;
    EXPECT_EQ(p->code_pages.at(0), "PC437") << id;
  }
}

TEST_F(PrinterProfileTest, FieldsAreReadAsWritten) {
  auto p = load_profile_by_id("epson-tm-t20ii");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->vendor, "Epson");
  EXPECT_EQ(p->paper_width_mm, 80);
  EXPECT_EQ(p->print_width_dots, 576);
  EXPECT_EQ(p->dots_per_mm, 8);
  EXPECT_EQ(p->font_b.char_width, 9);
  EXPECT_EQ(p->font_b.columns, 64);
  EXPECT_EQ(p->code_pages.at(16), "WPC1252");
  EXPECT_TRUE(p->native_qr);
  EXPECT_TRUE(p->raster_image);
  EXPECT_EQ(p->chinese, ChineseSupport::kNone);
  EXPECT_EQ(p->preferred_cut(), CutSupport::kPartial);
  EXPECT_EQ(p->input_buffer_bytes, 4096u);
  EXPECT_EQ(p->usb_ids, (std::vector<UsbId>{{0x04b8, 0x0e15}}));

  auto x = load_profile_by_id("xprinter-xp-58iih");
  ASSERT_TRUE(x.ok());
  EXPECT_FALSE(x->native_qr);
  EXPECT_EQ(x->preferred_cut(), std::nullopt);
  EXPECT_EQ(x->chinese, ChineseSupport::kFsAmpersand);
}

TEST_F(PrinterProfileTest, ExtraDirComesFirstAndAddsProfiles) {
  write_variant("generic-80mm", [](Json& j) { j["model"] = "local override"; });
  write_variant("kiosk-x", [](Json&) {});
  auto p = load_profile_by_id("generic-80mm", dir_.string());
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->model, "local override");
  EXPECT_TRUE(load_profile_by_id("kiosk-x", dir_.string()).ok());
  const auto ids = list_profiles(dir_.string());
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "generic-80mm"), 1);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "kiosk-x"), 1);
}

TEST_F(PrinterProfileTest, UnknownIdIsNotFoundAndListsTheKnownOnes) {
  auto p = load_profile_by_id("no-such-printer");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.code(), ErrorCode::kNotFound);
  EXPECT_NE(p.error().message.find("generic-58mm"), std::string::npos);
  auto bad = load_profile_by_id("../etc/passwd");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.code(), ErrorCode::kInvalidArgument);
}

TEST_F(PrinterProfileTest, MalformedFilesAreRefusedWithTheFileAndField) {
  struct Case {
    const char* id;
    std::function<void(Json&)> edit;
    const char* expected;  // in the message, after the file name
  };
  const Case cases[] = {
      {"unknown-field", [](Json& j) { j["colour"] = true; }, "colour: unknown field"},
      {"missing-field", [](Json& j) { j.erase("native_qr"); }, "native_qr: missing"},
      {"font-field", [](Json& j) { j["fonts"]["a"]["bold"] = 1; }, "fonts.a.bold: unknown field"},
      {"font-missing", [](Json& j) { j["fonts"].erase("b"); }, "fonts.b: missing"},
      {"bool-as-int", [](Json& j) { j["raster_image"] = 1; }, "raster_image: expected true or false"},
      {"chinese", [](Json& j) { j["chinese"] = "big5"; }, "chinese"},
      {"cut", [](Json& j) { j["cuts"] = Json::array({"full", "full"}); }, "listed twice"},
      {"cut-kind", [](Json& j) { j["cuts"] = Json::array({"guillotine"}); }, "cuts"},
      {"width-bytes", [](Json& j) { j["print_width_dots"] = 580; }, "multiple of 8"},
      {"too-wide", [](Json& j) { j["paper_width_mm"] = 58; }, "wider than"},
      {"columns", [](Json& j) { j["fonts"]["a"]["columns"] = 49; }, "do not fit"},
      {"strip", [](Json& j) { j["max_raster_strip_bytes"] = 4090; }, "must fit input_buffer_bytes"},
      {"strip-row", [](Json& j) { j["max_raster_strip_bytes"] = 71; }, "one full row"},
      {"code-page", [](Json& j) { j["code_pages"]["07"] = "x"; }, "not an ESC t number"},
      {"code-page-256", [](Json& j) { j["code_pages"]["256"] = "x"; }, "not an ESC t number"},
      {"usb", [](Json& j) { j["usb_ids"] = Json::array({"4b8:e15"}); }, "usb_ids[0]"},
      {"feed", [](Json& j) { j["feed_before_cut_dots"] = 256; }, "feed_before_cut_dots"},
      {"negative", [](Json& j) { j["input_buffer_bytes"] = -1; }, "input_buffer_bytes"},
      {"id-mismatch", [](Json& j) { j["id"] = "other"; }, "must match the file name"},
  };
  for (const Case& c : cases) {
    const std::string path = write_variant(c.id, c.edit);
    auto p = load_printer_profile(path);
    ASSERT_FALSE(p.ok()) << c.id;
    EXPECT_EQ(p.code(), ErrorCode::kInvalidArgument) << c.id;
    EXPECT_EQ(p.error().message.rfind(path, 0), 0u) << c.id << ": " << p.error().message;
    EXPECT_NE(p.error().message.find(c.expected), std::string::npos) << c.id << ": " << p.error().message;
  }
}

TEST_F(PrinterProfileTest, BrokenJsonAndMissingFilesNameTheFile) {
  const std::string broken = write("broken.json", "{\"id\": \"broken\",");
  auto p = load_printer_profile(broken);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(p.error().message.find(broken), std::string::npos);
  const std::string dup = write("dup.json", "{\"id\": \"dup\", \"id\": \"dup\"}");
  EXPECT_NE(load_printer_profile(dup).error().message.find("duplicate"), std::string::npos);
  auto missing = load_printer_profile((dir_ / "absent.json").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("absent.json"), std::string::npos);
}

}  // namespace
}  // namespace chainslip::escpos
