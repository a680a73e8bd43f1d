#pragma once

#include "core/bridge/wrapper_session.hpp"

namespace mcpgw::bridge {

/// Runs `mcpgw wrapper`: serves a remote MCP server on our stdin/stdout until stdin closes
/// (exit 0, after ending the remote session) or a signal arrives (exit 130). Remote failures
/// fail the requests they touch, never the process.
int run_wrapper(const WrapperConfig& config);

}  // namespace mcpgw::bridge
