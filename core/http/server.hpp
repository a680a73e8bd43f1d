#pragma once

#include <chrono>
#include <functional>
#include <memory>
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
  std::size_t max_connections = 1024;             // past it, new connections wait in the backlog
};

/// Answers one request. Runs on the connection's executor.
using Handler = std::function<awaitable<void>(Exchange&)>;

/// An HTTP/1.1 server: one coroutine per connection looping read → handle → write, each request
/// with a fresh parser and size limits. At most `max_connections` are open at once; when accept()
/// fails (out of descriptors) the loop backs off. Lives on one executor; stop() ends the accept loop.
class Server {
 public:
  Server(const asio::any_io_executor& ex, ServerOptions options, Handler handler);

  /// Binds and listens; throws ConfigError naming the address when that fails.
  void listen();
  std::uint16_t port() const { return port_; }
  awaitable<void> run();
  void stop();

 private:
  struct Slots;
  // Static: a connection may outlive the server, so it reaches what it needs through Slots.
  static awaitable<void> serve_connection(std::shared_ptr<Slots> slots, asio::ip::tcp::socket socket);
  awaitable<void> back_off(const error_code& ec);

  asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::shared_ptr<Slots> slots_;  // shared with connections, which may outlive the server
  const ServerOptions& options_;  // slots_->options
  std::chrono::milliseconds backoff_{0};
  std::chrono::steady_clock::time_point last_failure_log_{};
  std::size_t unlogged_failures_ = 0;
};

}  // namespace mcpgw::http
