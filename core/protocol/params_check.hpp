#pragma once

#include <string>
#include <string_view>

#include "core/jsonrpc/message.hpp"

namespace mcpgw::protocol {

/// What is wrong with the shape of a request's `params` for the methods the gateway reads
/// itself (tools/call, prompts/get, resources/*, completion/complete, logging/setLevel,
/// subscriptions/listen), or "" when they can be used. The answer for a non-empty result is
/// -32602 at once. `params` is the request's params member (null when absent). Pure.
std::string params_problem(std::string_view method, const jsonrpc::Json& params);

}  // namespace mcpgw::protocol
