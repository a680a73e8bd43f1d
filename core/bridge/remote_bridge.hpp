#pragma once

#include <chrono>

#include "core/transport/remote_options.hpp"

namespace mcpgw::bridge {

/// Which HTTP transport the remote server speaks.
enum class RemoteTransport { automatic, streamable_http, sse };

/// Everything `translate --connect` needs.
struct RemoteBridgeConfig {
  transport::RemoteOptions remote;
  RemoteTransport transport = RemoteTransport::automatic;
  std::chrono::milliseconds request_timeout{300000};  // streamable HTTP: per request
};

/// Exposes a remote MCP server on our stdin/stdout until stdin closes (exit 0) or the remote
/// side fails for good (exit 2). Over streamable HTTP this is the wrapper's session
/// (bridge/wrapper_session.hpp): the server's era is probed with server/discover, and a
/// 2026-07-28 server is spoken to as one (a modern local client's requests pass unchanged, with
/// the headers the era requires). A legacy SSE server gets the messages as they are.
/// Throws ConfigError when it cannot start.
int run_remote_bridge(const RemoteBridgeConfig& config);

}  // namespace mcpgw::bridge
