#pragma once

#include <chrono>
#include <memory>

#include "core/http/exchange.hpp"
#include "core/session/shared_upstream.hpp"

namespace mcpgw::transport::streamable_http {

struct StatelessOptions {
  bool json_response = false;
  std::chrono::seconds request_timeout{300};
};

/// `--stateless` for legacy clients: no Mcp-Session-Id; initialize is answered from the shared
/// upstream's own handshake; every request goes through that one upstream with remapped ids;
/// server→client requests travel on the POST's SSE stream with ids of ours ("mcpgw-…"), and the
/// client's answers, POSTed back without a session, find their way by that id.
/// Lives on one executor.
class StatelessHandler {
 public:
  StatelessHandler(StatelessOptions options, std::shared_ptr<session::SharedUpstream> upstream);

  /// `message` is a parsed, valid JSON-RPC message of the legacy era.
  awaitable<void> handle(http::Exchange& exchange, jsonrpc::Json message);

 private:
  StatelessOptions options_;
  std::shared_ptr<session::SharedUpstream> upstream_;
};

}  // namespace mcpgw::transport::streamable_http
