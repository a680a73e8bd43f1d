#pragma once

#include <functional>
#include <memory>
#include <string>
#include <tuple>

#include <boost/system/result.hpp>

#include "core/async/awaitable.hpp"
#include "core/jsonrpc/envelope.hpp"
#include "core/transport/delivery.hpp"

namespace mcpgw::http {
class Exchange;
}

namespace mcpgw::transport {

/// The seam between MCP logic and a transport: JSON-RPC messages in and out, as envelopes (a
/// transport writes text(); an in-process peer such as serve's virtual server reads json(), so
/// a message parsed once is not parsed again). One reader and any number of senders, all on the
/// channel's executor.
class Channel {
 public:
  virtual ~Channel() = default;
  /// Queues one message for the peer; an error means the channel is gone.
  virtual error_code send(jsonrpc::Envelope message) = 0;
  /// send() with extra HTTP headers for this message (client headers passed through by a
  /// gateway); channels that are not HTTP ignore them.
  virtual error_code send_with_headers(jsonrpc::Envelope message, HeaderList /*headers*/) {
    return send(std::move(message));
  }
  /// The next message from the peer; an error (eof, upstream_exited) ends the channel.
  virtual awaitable<std::tuple<error_code, jsonrpc::Envelope>> receive() = 0;
  /// An in-process peer (serve's virtual server) can hand each message to `sink` as it makes it,
  /// on the channel's executor, instead of queueing it for receive(): no queue, no wake-up of a
  /// reader. receive() then only reports the channel's end. Call before the first send(); false
  /// when the channel cannot (every transport): read with receive().
  virtual bool deliver_to(MessageSink /*sink*/) { return false; }
  /// Stops waiting for the answer to the request with this id (jsonrpc::id_key) and closes the
  /// stream it would come on: 2026-07-28 cancellation over HTTP. False when this channel cannot
  /// (stdio, where notifications/cancelled says it) or the request is no longer in flight.
  virtual bool abandon(const std::string& /*request_id_key*/) { return false; }
  /// Ends the channel gracefully (stdio: close stdin, then SIGTERM, then SIGKILL).
  virtual awaitable<void> close() = 0;
  /// Why the channel failed, in words a user can act on (a child's last stderr lines).
  virtual std::string failure_detail() const { return {}; }
  /// failure_detail() once every reason has arrived: a child's exit code and its stderr up
  /// to end of file come on their own pipes, in any order relative to the failure that was
  /// seen. Waits a bounded time (about a second), then says what it has.
  virtual awaitable<std::string> settled_failure_detail() { co_return failure_detail(); }
};

/// Opens the channel to the MCP server behind a new client session (a stdio child for
/// translate, a virtual server for serve); may read the request's headers (header-to-env).
using ServerChannelFactory = std::function<boost::system::result<std::shared_ptr<Channel>>(const http::Exchange&)>;

}  // namespace mcpgw::transport
