#pragma once

#include <functional>
#include <string>

#include "core/async/awaitable.hpp"
#include "core/jsonrpc/message.hpp"

namespace mcpgw::session {

/// Asks a legacy client one request (`method`, `params`): its JSON-RPC response message, or null
/// when it could not be asked or did not answer.
using AskClient = std::function<awaitable<jsonrpc::Json>(std::string method, jsonrpc::Json params)>;

/// 2026-07-28 multi round-trip requests, for a legacy client of a modern server: asks the client,
/// one after the other, each of an input_required result's `inputRequests` (key → {method,
/// params}) that its `client_capabilities` allow; the others are left out, and the server's answer
/// to the retry says what now. Returns the inputResponses for the retry: key → the result of each
/// request the client answered.
awaitable<jsonrpc::Json> gather_input_responses(const jsonrpc::Json& input_requests,
                                                const jsonrpc::Json& client_capabilities, AskClient ask);

}  // namespace mcpgw::session
