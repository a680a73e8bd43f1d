#pragma once

#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "core/async/awaitable.hpp"

namespace mcpgw::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;

/// One HTTP request on a connection, handed to a handler. The handler answers exactly once:
/// either respond() or start_stream() followed by write_chunk()s and end_stream().
/// Lives on the connection's executor; owned by the connection coroutine.
class Exchange {
 public:
  Exchange(beast::tcp_stream& stream, Request& request)
      : stream_(stream), request_(request), head_(request.method() == bhttp::verb::head) {}

  const Request& request() const { return request_; }
  Request& request() { return request_; }
  /// The request path without its query string.
  std::string_view path() const;
  /// A query parameter's raw (still percent-encoded) value, or "" when absent: a view into the
  /// request target, valid as long as the request.
  std::string_view query_param(std::string_view name) const;
  std::string_view header(std::string_view name) const;

  /// Declares the methods the matched route takes, e.g. "GET, HEAD, OPTIONS" (a string that
  /// outlives the exchange): a 405 answer then carries them in `Allow`, and a HEAD request on a
  /// route that takes HEAD is handled as GET. Returns whether the request's method is listed.
  bool allow_methods(std::string_view methods);
  std::string_view allowed_methods() const { return allowed_methods_; }

  /// Extra headers added to every response of this exchange (CORS).
  void add_response_header(std::string name, std::string value);

  awaitable<error_code> respond(Response response);
  awaitable<error_code> respond(bhttp::status status, std::string_view content_type, std::string body);

  /// Starts a chunked text/event-stream (or other streamed) response.
  awaitable<error_code> start_stream(bhttp::response<bhttp::empty_body> header);
  awaitable<error_code> write_chunk(std::string_view data);
  awaitable<error_code> end_stream();
  /// Completes when the client closes the connection (or sends anything, which HTTP/1.1 does not
  /// allow while a response streams). Runs beside write_chunk(); used to notice dead SSE clients.
  awaitable<void> wait_client_closed();

  /// Who sent the request, as the front's auth found out ("" for nobody in particular). Sessions
  /// the request opens belong to it, and only it may use them.
  const std::string& principal() const { return principal_; }
  void set_principal(std::string principal) { principal_ = std::move(principal); }

  bool answered() const { return answered_; }
  bool keep_alive() const { return keep_alive_; }

 private:
  void decorate(bhttp::fields& fields);

  beast::tcp_stream& stream_;
  Request& request_;
  std::vector<std::pair<std::string, std::string>> extra_headers_;
  std::string principal_;
  std::string_view allowed_methods_;
  bool head_;  // RFC 9110 9.3.2: answered with GET's header fields and no content
  bool answered_ = false;
  bool streaming_ = false;
  bool keep_alive_ = true;
};

}  // namespace mcpgw::http
