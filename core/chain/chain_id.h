#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/util/strict_json.h"

namespace chainslip {

inline constexpr std::size_t kMaxChainIdBytes = 64;

// A chain id (PROTOCOL 2.4): 1..64 ASCII letters, digits, '-', '_' or '.'.
// The same rule wherever one is read: anchor, header, validator-set change,
// status transaction, node info. Compared byte for byte, never normalised.
bool is_chain_id(std::string_view text);

// Reads field `key` of `f` as a chain id; kInvalidArgument naming the field.
Result<std::string> read_chain_id(FieldReader& f, const char* key);

}  // namespace chainslip
