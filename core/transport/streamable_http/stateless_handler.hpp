#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/http/exchange.hpp"
#include "core/session/shared_session.hpp"

namespace mcpgw::transport::streamable_http {

struct StatelessOptions {
  bool json_response = false;
  std::chrono::seconds request_timeout{300};
};

/// `--stateless` for legacy clients: no Mcp-Session-Id; initialize is answered from the shared
/// upstream's own handshake; every request goes through that one upstream with remapped ids;
/// server→client requests travel on the POST's SSE stream with ids of ours ("mcpgw-…"), and the
/// client's answers, POSTed back without a session, find their way by that id. While a request
/// is in flight it is known by its sender (the exchange's principal) and id, and
/// notifications/cancelled for it retires it: the upstream is told, and no answer follows.
/// Without sessions, clients that no token tells apart may use the same id at once; a cancel
/// that could mean several requests is ignored rather than applied to the wrong one.
/// Lives on one executor.
class StatelessHandler {
 public:
  StatelessHandler(StatelessOptions options, std::shared_ptr<session::SharedSession> upstream);

  /// `message` is a parsed, valid JSON-RPC message of the legacy era.
  awaitable<void> handle(http::Exchange& exchange, jsonrpc::Json message);

 private:
  void cancel(const http::Exchange& exchange, const jsonrpc::Json& notification);

  StatelessOptions options_;
  std::shared_ptr<session::SharedSession> upstream_;
  /// Requests in flight, by sender and client id.
  std::unordered_multimap<std::string, std::shared_ptr<session::SharedSession::Call>> in_flight_;
};

}  // namespace mcpgw::transport::streamable_http
