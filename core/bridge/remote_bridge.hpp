#pragma once

#include "core/transport/remote_options.hpp"

namespace mcpgw::bridge {

/// Which HTTP transport the remote server speaks.
enum class RemoteTransport { automatic, streamable_http, sse };

/// Everything `translate --connect` needs.
struct RemoteBridgeConfig {
  transport::RemoteOptions remote;
  RemoteTransport transport = RemoteTransport::automatic;
};

/// Exposes a remote MCP server on our stdin/stdout until stdin closes (exit 0) or the remote
/// side fails for good (exit 2). Throws ConfigError when it cannot start.
int run_remote_bridge(const RemoteBridgeConfig& config);

}  // namespace mcpgw::bridge
