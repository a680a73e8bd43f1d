#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/system/result.hpp>

#include "core/http/exchange.hpp"

namespace mcpgw::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;                         // 0 = pick a free port
  std::size_t body_limit = 4 * 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  std::chrono::seconds idle_timeout{120};         // waiting for the next request on a connection
};

/// Answers one request. Runs on the connection's executor.
using Handler = std::function<awaitable<void>(Exchange&)>;

/// An HTTP/1.1 server: one coroutine per connection looping read → handle → write, each request
/// with a fresh parser and size limits. Lives on one executor; stop() ends the accept loop.
class Server {
 public:
  Server(const asio::any_io_executor& ex, ServerOptions options, Handler handler);

  /// Binds and listens; throws ConfigError naming the address when that fails.
  void listen();
  std::uint16_t port() const { return port_; }
  awaitable<void> run();
  void stop();

 private:
  awaitable<void> serve_connection(asio::ip::tcp::socket socket);

  ServerOptions options_;
  Handler handler_;
  asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
};

}  // namespace mcpgw::http
