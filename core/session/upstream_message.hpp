#pragma once

#include <optional>
#include <string_view>

#include "core/jsonrpc/envelope.hpp"
#include "core/jsonrpc/message.hpp"

namespace mcpgw::session {

/// What a message from an upstream server is, for the sessions that route it (ClientSession,
/// SharedSession). A message that is not valid JSON-RPC is logged (`upstream_bad_message`, with
/// the client session's id when there is one) and, when it still names the request it answers, replaced in
/// place by an internal_error answer to that request, so the caller is told at once instead of
/// waiting for its timeout. nullopt: nothing to route.
std::optional<jsonrpc::Kind> classify_upstream_message(jsonrpc::Envelope& message, std::string_view session_id);

}  // namespace mcpgw::session
