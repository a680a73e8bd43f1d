#pragma once

#include <chrono>
#include <string>

#include "core/http/exchange.hpp"
#include "core/session/session_table.hpp"
#include "core/transport/channel.hpp"

namespace mcpgw::transport::sse {

struct ServerOptions {
  std::string message_path = "/message";       // announced in the endpoint event
  std::chrono::seconds keep_alive{15};
};

/// The legacy HTTP+SSE transport (2024-11-05): GET opens a session's only stream and announces
/// where to POST; every message to the client, responses included, travels on that stream.
/// The session (and its upstream) ends when the stream closes. Lives on one executor.
class Server {
 public:
  Server(ServerOptions options, ServerChannelFactory factory, session::SessionTable& sessions);

  awaitable<void> handle_stream(http::Exchange& exchange);
  awaitable<void> handle_message(http::Exchange& exchange);

 private:
  ServerOptions options_;
  ServerChannelFactory factory_;
  session::SessionTable& sessions_;
};

}  // namespace mcpgw::transport::sse
