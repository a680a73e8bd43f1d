#include "core/http/server.hpp"

#include <algorithm>
#include <tuple>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>

#include "core/error.hpp"
#include "core/http/request_framing.hpp"
#include "core/log/logger.hpp"

namespace mcpgw::http {

/// The open-connection count, a timer the accept loop sleeps on (at the cap, or backing off
/// after a failed accept) that a closing connection or stop() cancels, and the options and
/// handler connections use. Lives on the server's executor; connections hold it because they
/// may end after the server is gone.
struct Server::Slots {
  Slots(const asio::any_io_executor& ex, ServerOptions o, Handler h)
      : wake(ex), options(std::move(o)), handler(std::move(h)) {}
  std::size_t open = 0;
  asio::steady_timer wake;
  const ServerOptions options;
  const Handler handler;
};

namespace {

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{1000};
constexpr std::chrono::seconds kFailureLogInterval{10};

/// A request line or header the parser cannot read: the peer is told 400 before the close.
bool is_malformed(const error_code& ec) {
  if (ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) return false;
  auto e = static_cast<bhttp::error>(ec.value());
  return e >= bhttp::error::bad_line_ending && e <= bhttp::error::multiple_content_length;
}

/// Answers a request that will not be handled, then the connection closes.
awaitable<void> refuse(beast::tcp_stream& stream, bhttp::status status, std::string_view content_type,
                       std::string body) {
  Request stub{bhttp::verb::post, "/", 11};
  Exchange exchange(stream, stub);
  Response response{status, 11};
  response.set(bhttp::field::content_type, content_type);
  response.body() = std::move(body);
  response.keep_alive(false);
  co_await exchange.respond(std::move(response));
}

/// Whether the client waits for 100 (Continue) before sending the body.
bool expects_continue(const Request& request) {
  if (request.version() < 11) return false;
  auto expect = request[bhttp::field::expect];
  return beast::iequals(expect, "100-continue");
}

std::string jsonrpc_error_body(const std::string& message) {
  return R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":")" + message + R"("}})";
}

}  // namespace

Server::Server(const asio::any_io_executor& ex, ServerOptions options, Handler handler)
    : acceptor_(ex),
      slots_(std::make_shared<Slots>(ex, std::move(options), std::move(handler))),
      options_(slots_->options) {}

void Server::listen() {
  error_code ec;
  std::string host = options_.host;
  if (host == "localhost") host = "127.0.0.1";
  auto address = asio::ip::make_address(host, ec);
  if (ec) throw ConfigError("cannot listen on '" + options_.host + "': not an IP address");
  asio::ip::tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw ConfigError("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                      ": " + ec.message());
  port_ = acceptor_.local_endpoint().port();
}

void Server::stop() {
  error_code ec;
  acceptor_.close(ec);
  slots_->wake.cancel();
}

awaitable<void> Server::run() {
  while (acceptor_.is_open()) {
    if (slots_->open >= options_.max_connections) {
      // At the cap, new connections wait in the listen backlog until one of ours closes.
      slots_->wake.expires_at(std::chrono::steady_clock::time_point::max());
      co_await slots_->wake.async_wait(use_nothrow);
      continue;
    }
    auto [ec, socket] = co_await acceptor_.async_accept(use_nothrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
      co_await back_off(ec);  // e.g. EMFILE: one failed accept must not end the server
      continue;
    }
    backoff_ = std::chrono::milliseconds(0);
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    ++slots_->open;
    asio::co_spawn(acceptor_.get_executor(), serve_connection(slots_, std::move(socket)),
                   [slots = slots_](std::exception_ptr e) {
                     --slots->open;
                     slots->wake.cancel();
                     if (!e) return;
                     try {
                       std::rethrow_exception(e);
                     } catch (const std::exception& ex) {
                       MCPGW_LOG(error, "connection_failed", "what=\"" << ex.what() << "\"");
                     }
                   });
  }
}

awaitable<void> Server::back_off(const error_code& ec) {
  // Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM), the pending connection stays
  // in the backlog and the listener stays readable: retrying at once spins. So the loop sleeps,
  // 100 ms doubling to 1 s, or until a connection closes; and logs one line per interval.
  auto now = std::chrono::steady_clock::now();
  if (now - last_failure_log_ >= kFailureLogInterval) {
    MCPGW_LOG(warn, "accept_failed", "error=\"" << ec.message() << "\" suppressed=" << unlogged_failures_
                                                << " open_connections=" << slots_->open);
    last_failure_log_ = now;
    unlogged_failures_ = 0;
  } else {
    ++unlogged_failures_;
  }
  // A peer that left before accept() is its own failure; the next one may well succeed.
  if (ec == asio::error::connection_aborted) co_return;
  backoff_ = backoff_.count() == 0 ? kFirstBackoff : std::min(backoff_ * 2, kMaxBackoff);
  slots_->wake.expires_after(backoff_);
  co_await slots_->wake.async_wait(use_nothrow);
}

awaitable<void> Server::serve_connection(std::shared_ptr<Slots> slots, asio::ip::tcp::socket socket) {
  const ServerOptions& options = slots->options;
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(options.body_limit);
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    stream.expires_after(options.idle_timeout);
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, use_nothrow);
    if (!ec) {
      // Refused before the body is read: its framing may be what is wrong.
      if (auto refusal = check_request_framing(parser.get(), parser.get().version())) {
        co_await refuse(stream, refusal->status, "text/plain", std::string(refusal->reason) + "\n");
        break;
      }
      if (!parser.is_done() && expects_continue(parser.get())) {
        // RFC 9110 10.1.1: the client waits for this before it sends the body (curl, for one,
        // asks for bodies over 1 MB and otherwise stalls a second).
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        std::tie(ec, n) = co_await asio::async_write(stream, asio::buffer(kContinue), use_nothrow);
      }
      if (!ec && !parser.is_done()) std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, use_nothrow);
    }
    if (ec) {
      if (ec == bhttp::error::body_limit) {
        co_await refuse(stream, bhttp::status::payload_too_large, "application/json",
                        jsonrpc_error_body("request body exceeds " + std::to_string(options.body_limit) + " bytes"));
      } else if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
        co_await refuse(stream, bhttp::status::request_header_fields_too_large, "application/json",
                        jsonrpc_error_body("request header too large"));
      } else if (is_malformed(ec)) {
        // RFC 9112 2.2: an invalid request line or header gets 400, then the connection closes.
        co_await refuse(stream, bhttp::status::bad_request, "text/plain", "malformed request: " + ec.message() + "\n");
      } else if (ec != bhttp::error::end_of_stream && ec != beast::error::timeout &&
                 ec != asio::error::eof && ec != asio::error::connection_reset &&
                 ec != asio::error::operation_aborted) {
        MCPGW_LOG(debug, "http_read_failed", "error=\"" << ec.message() << "\"");
      }
      break;
    }
    stream.expires_never();
    Request request = parser.release();
    Exchange exchange(stream, request);
    // A handler that throws is a fault of ours: the client still gets an answer (when none has
    // begun), and the connection closes, as its state is unknown.
    bool failed = false;
    try {
      co_await slots->handler(exchange);
    } catch (const std::exception& e) {
      MCPGW_LOG(error, "handler_failed", "method=" << request.method_string() << " what=\"" << e.what() << "\"");
      failed = true;
    }
    if (!exchange.answered()) {
      Response response{bhttp::status::internal_server_error, request.version()};
      response.set(bhttp::field::content_type, "application/json");
      response.body() = failed ? R"({"detail":"internal error"})" : R"({"detail":"no response"})";
      response.keep_alive(!failed && request.keep_alive());
      co_await exchange.respond(std::move(response));
    }
    if (failed || !exchange.keep_alive()) break;
  }
  error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace mcpgw::http
