#pragma once

#include <string>
#include <string_view>

#include "core/async/signal.hpp"
#include "core/jsonrpc/message.hpp"
#include "core/transport/delivery.hpp"

namespace mcpgw::bridge {

/// One request of the local (stdio) client in flight: answered at most once, whatever races
/// (a late upstream answer after a timeout, a replayed event). Owned by the request's coroutine.
struct LocalCall {
  jsonrpc::Json id;
  std::string method;
  bool answered = false;
  bool cancelled = false;   // the client sent notifications/cancelled for it
  async::Signal stop;       // notified on cancellation
};

/// The local client as the forwarding code sees it. Lives on the wrapper's executor.
class LocalPeer {
 public:
  virtual ~LocalPeer() = default;
  /// Sends the answer to `call` unless it has one already.
  virtual void answer(LocalCall& call, std::string message) = 0;
  /// Answers `call` with what went wrong upstream (failure_answer), and says so on stderr.
  virtual void fail(LocalCall& call, const transport::Delivery& delivery) = 0;
  /// Sends a notification or request that belongs to `call`, while it is open.
  virtual void relay(const LocalCall& call, std::string message) = 0;
  /// Sends a message that belongs to no request (list_changed, resource updates).
  virtual void notify(std::string message) = 0;
  /// Asks the client something (sampling, elicitation, roots) on behalf of `call`; returns its
  /// response message, or null when it cannot be asked or did not answer.
  virtual awaitable<jsonrpc::Json> ask(const LocalCall& call, std::string_view method, const jsonrpc::Json& params) = 0;
};

/// The answer a local request gets when the remote server could not answer it: the server's own
/// JSON-RPC error when it sent one, else -32000 with what went wrong (and the HTTP status).
std::string failure_answer(const jsonrpc::Json& id, const transport::Delivery& delivery);

}  // namespace mcpgw::bridge
