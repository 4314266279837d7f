#pragma once

#include <string>

namespace chainslip::cli {

struct QrArgs {
  std::string text;  // the scanned text, exactly (no line end)
  bool json = false;
};

// `chainslip qr`: reads a scanned text as a receipt code (docs/PROTOCOL.md 6)
// on the default platform allow-list and prints its form, code, number,
// check code, amount and date (null when the form has none) and the
// platform's own fields. Exit codes: 0 a receipt code, 1 anything else (with
// the refusal and why); usage errors (2) are main's.
int run_qr(const QrArgs& args);

}  // namespace chainslip::cli
