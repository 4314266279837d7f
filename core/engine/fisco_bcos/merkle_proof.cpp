#include "core/engine/fisco_bcos/merkle_proof.h"

#include <algorithm>
#include <string>

namespace chainslip::fisco {
namespace {

constexpr std::uint32_t kWidth = 2;
// A block holds far fewer than 2^32 transactions.
constexpr std::size_t kMaxLevels = 32;
constexpr std::size_t kCountBytes = 4;

Error invalid(const std::string& what) { return make_error(ErrorCode::kInclusionProofInvalid, what); }

Result<std::uint32_t> group_count(const Digest& word, std::size_t at) {
  if (!std::all_of(word.begin() + kCountBytes, word.end(), [](std::uint8_t b) { return b == 0; })) {
    return invalid("proof word " + std::to_string(at) + " should be a count: its last 28 bytes are not zero");
  }
  const std::uint32_t count = (std::uint32_t{word[0]} << 24) | (std::uint32_t{word[1]} << 16) |
                              (std::uint32_t{word[2]} << 8) | std::uint32_t{word[3]};
  if (count < 1 || count > kWidth) {
    return invalid("proof word " + std::to_string(at) + ": a group of " + std::to_string(count) +
                   " members, expected 1 or 2");
  }
  return count;
}

}  // namespace

Result<std::uint64_t> verify_merkle_proof(ChainCrypto crypto, const std::vector<Digest>& proof, const Digest& leaf,
                                          const Digest& root, std::optional<std::uint64_t> at_index) {
  if (proof.empty()) return invalid("empty proof");
  if (proof.size() == 1) {
    if (proof[0] != leaf) return invalid("a one-word proof must be the leaf itself");
    if (leaf != root) return invalid("a one-leaf tree's root must be its leaf");
    if (at_index && *at_index != 0) return invalid("the leaf of a one-leaf tree is at place 0");
    return std::uint64_t{0};
  }
  Digest running = leaf;
  std::uint64_t index = 0;
  std::size_t level = 0;
  for (std::size_t at = 0; at < proof.size(); ++level) {
    if (level == kMaxLevels) return invalid("more than " + std::to_string(kMaxLevels) + " levels");
    CS_ASSIGN_OR_RETURN(std::uint32_t count, group_count(proof[at], at));
    ++at;
    if (proof.size() - at < count) {
      return invalid("level " + std::to_string(level) + " counts " + std::to_string(count) +
                     " members, the proof has " + std::to_string(proof.size() - at) + " left");
    }
    const auto first = proof.begin() + static_cast<std::ptrdiff_t>(at);
    const auto last = first + count;
    auto found = std::find(first, last, running);
    if (found == last) return invalid("level " + std::to_string(level) + " does not hold the hash below it");
    if (at_index) {
      // The place `at_index` names; twins hold the running hash at both.
      const auto place = static_cast<std::ptrdiff_t>((*at_index >> level) & 1);
      if (place >= last - first || *(first + place) != running) {
        return invalid("level " + std::to_string(level) + " does not hold the hash below it at the place of leaf " +
                       std::to_string(*at_index));
      }
      found = first + place;
    }
    index |= static_cast<std::uint64_t>(found - first) << level;
    Bytes members;
    for (auto it = first; it != last; ++it) members.insert(members.end(), it->begin(), it->end());
    running = chain_hash(crypto, members);
    at += count;
  }
  if (running != root) return invalid("the proof leads to another root");
  if (at_index && *at_index != index) {
    return invalid("the proof places the leaf at " + std::to_string(index) + ", not at " + std::to_string(*at_index));
  }
  return index;
}

}  // namespace chainslip::fisco
