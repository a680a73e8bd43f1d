#pragma once

#include <string>
#include <tuple>

#include "core/async/awaitable.hpp"
#include "core/transport/delivery.hpp"

namespace mcpgw::transport {

/// The seam between MCP logic and a transport: serialized JSON-RPC messages in and out.
/// One reader and any number of senders, all on the channel's executor.
class Channel {
 public:
  virtual ~Channel() = default;
  /// Queues one message for the peer; an error means the channel is gone.
  virtual error_code send(std::string message) = 0;
  /// send() with extra HTTP headers for this message (client headers passed through by a
  /// gateway); channels that are not HTTP ignore them.
  virtual error_code send_with_headers(std::string message, HeaderList /*headers*/) { return send(std::move(message)); }
  /// The next message from the peer; an error (eof, upstream_exited) ends the channel.
  virtual awaitable<std::tuple<error_code, std::string>> receive() = 0;
  /// Ends the channel gracefully (stdio: close stdin, then SIGTERM, then SIGKILL).
  virtual awaitable<void> close() = 0;
  /// Why the channel failed, in words a user can act on (a child's last stderr lines).
  virtual std::string failure_detail() const { return {}; }
};

}  // namespace mcpgw::transport
