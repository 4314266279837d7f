#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/node/node_api.h"
#include "sim/node/chain_node.h"
#include "sim/node/lies.h"

namespace chainslip::sim {

// The node API's answers (docs/PROTOCOL.md section 9) computed from a
// ChainNode: one function per endpoint giving (HTTP status, JSON body).
// NodeServer's HTTP handlers and InProcessNodeClient both answer through
// these, so a kiosk's client reads the same bytes either way. `lie`, when
// set, falsifies the answer as the lying fault mode says (sim/node/lies.h).

using NodeLog = std::function<void(const std::string&)>;

NodeAnswer answer_info(const ChainNode& node);
// `height` nullopt: the latest header.
NodeAnswer answer_header(const ChainNode& node, std::optional<std::uint64_t> height, std::optional<Lie> lie);
NodeAnswer answer_validator_set_changes(const ChainNode& node);
// A missing check code never matches: the number alone reveals nothing.
NodeAnswer answer_receipt(const ChainNode& node, const std::string& code, const std::string& number,
                          const std::optional<std::string>& check_code, std::optional<Lie> lie);
NodeAnswer answer_receipt_status(const ChainNode& node, const std::string& code, const std::string& number,
                                 const std::optional<std::string>& check_code);
// `body` is the POSTed transaction JSON; `log` (may be empty) hears each verdict.
NodeAnswer answer_submit(ChainNode& node, std::string_view body, const NodeLog& log);
// 202 {"tx_hash", "state": "pending"} or the refusal (409; 400 for malformed).
NodeAnswer answer_submit_result(const SubmitAnswer& result);
// 200 for any device id: one the chain never saw has nulls.
NodeAnswer answer_device_activity(const ChainNode& node, const std::string& device_id);
NodeAnswer answer_transaction(const ChainNode& node, std::string_view tx_hash_hex, std::optional<Lie> lie);

}  // namespace chainslip::sim
