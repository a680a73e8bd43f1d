#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <variant>

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/system/result.hpp>

#include "core/http/destination_policy.hpp"
#include "core/http/exchange.hpp"
#include "core/http/url.hpp"

namespace mcpgw::http {

/// TLS settings shared by every client connection of a process.
boost::asio::ssl::context& client_tls_context();

/// One keep-alive HTTP/1.1 connection to one origin, plain or TLS. Sends a request and reads the
/// response head; the body is then read whole (read_body) or piece by piece (read_some), as SSE
/// needs. One request at a time. Lives on one executor.
class ClientConnection {
 public:
  using Parser = bhttp::response_parser<bhttp::string_body>;

  /// With a `policy`, only addresses it allows are connected to (the ones just resolved).
  ClientConnection(const asio::any_io_executor& ex, Url origin,
                   std::shared_ptr<const DestinationPolicy> policy = nullptr);

  /// Connects if needed, writes `request` and reads the response head into parser(). `timeout`
  /// bounds connecting and writing, `head_timeout` (default: `timeout`) waiting for the head.
  /// With `resend_if_stale`, a kept-alive connection that the server closed meanwhile gets the
  /// request again on a new connection; without it (non-idempotent requests), only when the
  /// server cannot have read it. A target or header that could split the request (a byte
  /// outside RFC 3986, a line break) fails with invalid_url / invalid_header_value, unsent.
  awaitable<error_code> send(Request& request, std::chrono::steady_clock::duration timeout,
                             std::chrono::steady_clock::duration head_timeout = {},
                             bool resend_if_stale = true);
  Parser& parser() { return *parser_; }
  /// Reads the rest of the body (bounded by `limit` bytes).
  awaitable<error_code> read_body(std::chrono::steady_clock::duration timeout, std::size_t limit = 64 << 20);
  /// Reads more body into parser().get().body(); an error or parser().is_done() ends it.
  awaitable<error_code> read_some(std::chrono::steady_clock::duration timeout);
  /// Whether the connection can carry another request after this one completed.
  bool reusable() const { return open_ && keep_alive_; }
  /// Whether the last request was written in full, so that the server may have acted on it.
  bool request_written() const { return written_; }
  void close();
  const Url& origin() const { return origin_; }

 private:
  using Plain = beast::tcp_stream;
  using Secure = beast::ssl_stream<beast::tcp_stream>;

  awaitable<error_code> connect(std::chrono::steady_clock::duration timeout);
  /// An idle kept-alive connection the peer closed (or wrote to) cannot carry a request.
  bool idle_connection_alive();
  beast::tcp_stream& lowest();

  asio::any_io_executor ex_;
  Url origin_;
  std::shared_ptr<const DestinationPolicy> policy_;
  std::unique_ptr<std::variant<Plain, Secure>> stream_;
  beast::flat_buffer buffer_;
  std::unique_ptr<Parser> parser_;
  bool open_ = false;
  bool keep_alive_ = false;
  bool written_ = false;
};

/// Whether `ec` is a refusal by ClientConnection itself (unsafe target or header, blocked
/// destination): nothing was sent, and sending again cannot succeed.
bool refused_before_sending(const error_code& ec);

}  // namespace mcpgw::http
