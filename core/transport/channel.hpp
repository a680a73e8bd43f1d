#pragma once

#include <string>
#include <tuple>

#include "core/async/awaitable.hpp"

namespace mcpgw::transport {

/// The seam between MCP logic and a transport: serialized JSON-RPC messages in and out.
/// One reader and any number of senders, all on the channel's executor.
class Channel {
 public:
  virtual ~Channel() = default;
  /// Queues one message for the peer; an error means the channel is gone.
  virtual error_code send(std::string message) = 0;
  /// The next message from the peer; an error (eof, upstream_exited) ends the channel.
  virtual awaitable<std::tuple<error_code, std::string>> receive() = 0;
  /// Ends the channel gracefully (stdio: close stdin, then SIGTERM, then SIGKILL).
  virtual awaitable<void> close() = 0;
  /// Why the channel failed, in words a user can act on (a child's last stderr lines).
  virtual std::string failure_detail() const { return {}; }
};

}  // namespace mcpgw::transport
