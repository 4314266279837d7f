#include "drivers/scanner/hid/keyboard_wedge_decoder.h"

#include <linux/input-event-codes.h>

#include <array>

namespace chainslip {
namespace {

struct KeyChars {
  std::uint16_t key;
  char plain;
  char shifted;
};

// The US keyboard layout: what each key types without and with Shift.
// Keypad keys type the same with Shift (scanners send them with Num Lock on).
constexpr std::array kUsLayout{
    KeyChars{KEY_A, 'a', 'A'},           KeyChars{KEY_B, 'b', 'B'},
    KeyChars{KEY_C, 'c', 'C'},           KeyChars{KEY_D, 'd', 'D'},
    KeyChars{KEY_E, 'e', 'E'},           KeyChars{KEY_F, 'f', 'F'},
    KeyChars{KEY_G, 'g', 'G'},           KeyChars{KEY_H, 'h', 'H'},
    KeyChars{KEY_I, 'i', 'I'},           KeyChars{KEY_J, 'j', 'J'},
    KeyChars{KEY_K, 'k', 'K'},           KeyChars{KEY_L, 'l', 'L'},
    KeyChars{KEY_M, 'm', 'M'},           KeyChars{KEY_N, 'n', 'N'},
    KeyChars{KEY_O, 'o', 'O'},           KeyChars{KEY_P, 'p', 'P'},
    KeyChars{KEY_Q, 'q', 'Q'},           KeyChars{KEY_R, 'r', 'R'},
    KeyChars{KEY_S, 's', 'S'},           KeyChars{KEY_T, 't', 'T'},
    KeyChars{KEY_U, 'u', 'U'},           KeyChars{KEY_V, 'v', 'V'},
    KeyChars{KEY_W, 'w', 'W'},           KeyChars{KEY_X, 'x', 'X'},
    KeyChars{KEY_Y, 'y', 'Y'},           KeyChars{KEY_Z, 'z', 'Z'},
    KeyChars{KEY_1, '1', '!'},           KeyChars{KEY_2, '2', '@'},
    KeyChars{KEY_3, '3', '#'},           KeyChars{KEY_4, '4', '$'},
    KeyChars{KEY_5, '5', '%'},           KeyChars{KEY_6, '6', '^'},
    KeyChars{KEY_7, '7', '&'},           KeyChars{KEY_8, '8', '*'},
    KeyChars{KEY_9, '9', '('},           KeyChars{KEY_0, '0', ')'},
    KeyChars{KEY_MINUS, '-', '_'},       KeyChars{KEY_EQUAL, '=', '+'},
    KeyChars{KEY_LEFTBRACE, '[', '{'},   KeyChars{KEY_RIGHTBRACE, ']', '}'},
    KeyChars{KEY_BACKSLASH, '\\', '|'},  KeyChars{KEY_SEMICOLON, ';', ':'},
    KeyChars{KEY_APOSTROPHE, '\'', '"'}, KeyChars{KEY_GRAVE, '`', '~'},
    KeyChars{KEY_COMMA, ',', '<'},       KeyChars{KEY_DOT, '.', '>'},
    KeyChars{KEY_SLASH, '/', '?'},       KeyChars{KEY_SPACE, ' ', ' '},
    KeyChars{KEY_KP0, '0', '0'},         KeyChars{KEY_KP1, '1', '1'},
    KeyChars{KEY_KP2, '2', '2'},         KeyChars{KEY_KP3, '3', '3'},
    KeyChars{KEY_KP4, '4', '4'},         KeyChars{KEY_KP5, '5', '5'},
    KeyChars{KEY_KP6, '6', '6'},         KeyChars{KEY_KP7, '7', '7'},
    KeyChars{KEY_KP8, '8', '8'},         KeyChars{KEY_KP9, '9', '9'},
    KeyChars{KEY_KPMINUS, '-', '-'},     KeyChars{KEY_KPPLUS, '+', '+'},
    KeyChars{KEY_KPDOT, '.', '.'},       KeyChars{KEY_KPSLASH, '/', '/'},
    KeyChars{KEY_KPASTERISK, '*', '*'},
};

const KeyChars* find_key(std::uint16_t key) {
  for (const KeyChars& k : kUsLayout) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

// Linux EV_KEY values.
constexpr std::int32_t kRelease = 0;
constexpr std::int32_t kPress = 1;

}  // namespace

void KeyboardWedgeDecoder::reset() {
  text_.clear();
  rejection_.reset();
  left_shift_ = right_shift_ = false;
}

Result<std::optional<std::string>> KeyboardWedgeDecoder::feed(std::uint16_t type, std::uint16_t code,
                                                              std::int32_t value) {
  if (type != EV_KEY) return std::optional<std::string>();
  if (code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT) {
    if (value == kPress || value == kRelease)
      (code == KEY_LEFTSHIFT ? left_shift_ : right_shift_) = value == kPress;
    return std::optional<std::string>();
  }
  if (value != kPress) return std::optional<std::string>();  // releases; autorepeat never comes from a scan
  if (code == KEY_ENTER || code == KEY_KPENTER) {
    std::string text = std::move(text_);
    std::optional<std::string> rejection = std::move(rejection_);
    text_.clear();
    rejection_.reset();
    if (rejection)
      return make_error(ErrorCode::kInvalidArgument, "keyboard-wedge code rejected: " + *rejection);
    if (text.empty()) return std::optional<std::string>();  // a lone Enter: nothing was scanned
    return std::optional<std::string>(std::move(text));
  }
  if (rejection_) return std::optional<std::string>();
  const KeyChars* k = find_key(code);
  if (k == nullptr) {
    rejection_ = "key code " + std::to_string(code) +
                 " is not in the US layout table (is the scanner set to another keyboard layout?)";
  } else if (text_.size() >= max_code_bytes_) {
    rejection_ = "longer than " + std::to_string(max_code_bytes_) + " characters";
  } else {
    text_.push_back(left_shift_ || right_shift_ ? k->shifted : k->plain);
  }
  if (rejection_) text_.clear();
  return std::optional<std::string>();
}

}  // namespace chainslip
