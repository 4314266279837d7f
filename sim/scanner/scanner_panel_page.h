#pragma once

#include <string_view>

namespace chainslip::sim {

// The scanner panel's web page (scanner_panel.h), one self-contained HTML
// document.
std::string_view scanner_panel_page();

}  // namespace chainslip::sim
