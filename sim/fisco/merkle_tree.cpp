#include "sim/fisco/merkle_tree.h"

#include <algorithm>

namespace chainslip::sim::fisco {
namespace {

constexpr std::size_t kWidth = 2;

Digest count_word(std::size_t count) {
  Digest word{};
  word[3] = static_cast<std::uint8_t>(count);  // 1 or 2, big-endian in the first 4 bytes
  return word;
}

std::vector<Digest> next_level(ChainCrypto crypto, const std::vector<Digest>& level) {
  std::vector<Digest> next;
  for (std::size_t i = 0; i < level.size(); i += kWidth) {
    Bytes members;
    for (std::size_t j = i; j < std::min(i + kWidth, level.size()); ++j) {
      members.insert(members.end(), level[j].begin(), level[j].end());
    }
    next.push_back(chainslip::fisco::chain_hash(crypto, members));
  }
  return next;
}

}  // namespace

Result<FiscoMerkleTree> FiscoMerkleTree::build(ChainCrypto crypto, std::vector<Digest> leaves) {
  if (leaves.empty()) return make_error(ErrorCode::kInvalidArgument, "a Merkle tree needs at least one leaf");
  std::vector<std::vector<Digest>> levels{std::move(leaves)};
  while (levels.back().size() > 1) levels.push_back(next_level(crypto, levels.back()));
  return FiscoMerkleTree(std::move(levels));
}

std::vector<Digest> FiscoMerkleTree::proof(std::size_t index) const {
  if (index >= leaf_count()) return {};
  if (leaf_count() == 1) return {levels_.front().front()};
  std::vector<Digest> words;
  for (std::size_t level = 0; level + 1 < levels_.size(); ++level, index /= kWidth) {
    const std::vector<Digest>& nodes = levels_[level];
    const std::size_t first = index - index % kWidth;
    const std::size_t count = std::min(kWidth, nodes.size() - first);
    words.push_back(count_word(count));
    words.insert(words.end(), nodes.begin() + static_cast<std::ptrdiff_t>(first),
                 nodes.begin() + static_cast<std::ptrdiff_t>(first + count));
  }
  return words;
}

}  // namespace chainslip::sim::fisco
