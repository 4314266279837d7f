#include "core/chain/device_activity.h"

#include <algorithm>

namespace chainslip {
namespace {

bool digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

Result<PaperCopy> last_paper_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  PaperCopy p;
  CS_ASSIGN_OR_RETURN(p.paper_code, f.text("paper_code", 8, 8));
  if (!digits(p.paper_code))
    return make_error(ErrorCode::kInvalidArgument, f.path("paper_code") + ": not 8 digits");
  CS_ASSIGN_OR_RETURN(p.paper_number, f.text("paper_number", 10, 10));
  if (!digits(p.paper_number)) {
    return make_error(ErrorCode::kInvalidArgument, f.path("paper_number") + ": not 10 digits");
  }
  CS_RETURN_IF_ERROR(f.finish());
  return p;
}

}  // namespace

Result<DeviceActivity> device_activity_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  DeviceActivity a;
  CS_ASSIGN_OR_RETURN(a.device_id, f.text("device_id", 1, 64));
  if (!printable_ascii(a.device_id)) {
    return make_error(ErrorCode::kInvalidArgument, f.path("device_id") + ": must be printable ASCII");
  }
  if (value.contains("last_nonce") && value["last_nonce"].is_null()) {
    // FieldReader has no nullable integer; object_or_null reads (and accounts for) the null.
    CS_ASSIGN_OR_RETURN(const Json* none, f.object_or_null("last_nonce"));
    (void)none;
  } else {
    CS_ASSIGN_OR_RETURN(a.last_nonce, f.u64("last_nonce"));
  }
  CS_ASSIGN_OR_RETURN(const Json* paper, f.object_or_null("last_paper"));
  if (paper != nullptr) {
    CS_ASSIGN_OR_RETURN(PaperCopy p, last_paper_from_json(*paper, f.path("last_paper")));
    a.last_paper = std::move(p);
  }
  CS_RETURN_IF_ERROR(f.finish());
  return a;
}

Json device_activity_to_json(const DeviceActivity& a) {
  Json nonce = nullptr;
  if (a.last_nonce) nonce = *a.last_nonce;
  Json paper = nullptr;
  if (a.last_paper)
    paper = Json{{"paper_code", a.last_paper->paper_code}, {"paper_number", a.last_paper->paper_number}};
  return Json{{"device_id", a.device_id}, {"last_nonce", nonce}, {"last_paper", paper}};
}

}  // namespace chainslip
