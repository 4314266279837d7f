#include "drivers/scanner/qr/fallback_qr_decoder.h"

namespace chainslip {

Result<std::vector<std::string>> FallbackQrDecoder::decode(const Y800Frame& frame) {
  CS_ASSIGN_OR_RETURN(std::vector<std::string> found, first_->decode(frame));
  if (!found.empty()) return found;
  return second_->decode(frame);
}

}  // namespace chainslip
