#include "core/chain/block_header.h"

#include "core/chain/chain_id.h"
#include "core/crypto/hasher.h"
#include "core/util/canonical_writer.h"

namespace chainslip {

Bytes canonical_header_bytes(const BlockHeader& h) {
  CanonicalWriter w;
  w.text("chainslip.block-header.v1")
      .u32(h.version)
      .text(h.chain_id)
      .u64(h.height)
      .u64(h.timestamp_ms)
      .raw(h.parent_hash)
      .raw(h.tx_root)
      .u64(h.tx_count)
      .raw(h.validator_set_hash);
  return std::move(w).data();
}

Digest header_hash(Suite suite, const BlockHeader& header) {
  return hash(suite, canonical_header_bytes(header));
}

Result<BlockHeader> header_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  BlockHeader h;
  CS_ASSIGN_OR_RETURN(std::uint64_t version, f.u64("version", kHeaderVersion, kHeaderVersion));
  h.version = static_cast<std::uint32_t>(version);
  CS_ASSIGN_OR_RETURN(h.chain_id, read_chain_id(f, "chain_id"));
  CS_ASSIGN_OR_RETURN(h.height, f.u64("height"));
  CS_ASSIGN_OR_RETURN(h.timestamp_ms, f.u64("timestamp_ms"));
  CS_ASSIGN_OR_RETURN(h.parent_hash, f.digest("parent_hash"));
  CS_ASSIGN_OR_RETURN(h.tx_root, f.digest("tx_root"));
  CS_ASSIGN_OR_RETURN(h.tx_count, f.u64("tx_count", 1, std::uint64_t{1} << 40));
  CS_ASSIGN_OR_RETURN(h.validator_set_hash, f.digest("validator_set_hash"));
  if (f.has("hash")) {
    CS_ASSIGN_OR_RETURN(h.claimed_hash, f.digest("hash"));
  }
  CS_ASSIGN_OR_RETURN(const Json* sigs, f.array("signatures", kMaxValidators));
  CS_ASSIGN_OR_RETURN(h.signatures, validator_signatures_from_json(*sigs, f.path("signatures")));
  CS_RETURN_IF_ERROR(f.finish());
  return h;
}

Json header_to_json(Suite suite, const BlockHeader& h) {
  return Json{{"version", h.version},
              {"chain_id", h.chain_id},
              {"height", h.height},
              {"timestamp_ms", h.timestamp_ms},
              {"parent_hash", to_hex(h.parent_hash)},
              {"tx_root", to_hex(h.tx_root)},
              {"tx_count", h.tx_count},
              {"validator_set_hash", to_hex(h.validator_set_hash)},
              {"hash", to_hex(h.claimed_hash.value_or(header_hash(suite, h)))},
              {"signatures", validator_signatures_to_json(h.signatures)}};
}

}  // namespace chainslip
