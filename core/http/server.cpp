#include "core/http/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include "core/error.hpp"
#include "core/log/logger.hpp"

namespace mcpgw::http {

Server::Server(const asio::any_io_executor& ex, ServerOptions options, Handler handler)
    : options_(std::move(options)), handler_(std::move(handler)), acceptor_(ex) {}

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
}

awaitable<void> Server::run() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_.async_accept(use_nothrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
      MCPGW_LOG(warn, "accept_failed", "error=\"" << ec.message() << "\"");
      continue;  // e.g. EMFILE: one failed accept must not end the server
    }
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    asio::co_spawn(acceptor_.get_executor(), serve_connection(std::move(socket)),
                   [](std::exception_ptr e) {
                     if (!e) return;
                     try {
                       std::rethrow_exception(e);
                     } catch (const std::exception& ex) {
                       MCPGW_LOG(error, "connection_failed", "what=\"" << ex.what() << "\"");
                     }
                   });
  }
}

awaitable<void> Server::serve_connection(asio::ip::tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(options_.body_limit);
    parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
    stream.expires_after(options_.idle_timeout);
    auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, use_nothrow);
    if (ec) {
      if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit) {
        bool body = ec == bhttp::error::body_limit;
        Request stub{bhttp::verb::post, "/", 11};
        Exchange exchange(stream, stub);
        std::string message = body ? "request body exceeds " + std::to_string(options_.body_limit) + " bytes"
                                   : "request header too large";
        std::string json = R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":")" +
                           message + R"("}})";
        Response response{body ? bhttp::status::payload_too_large
                               : bhttp::status::request_header_fields_too_large, 11};
        response.set(bhttp::field::content_type, "application/json");
        response.body() = std::move(json);
        response.keep_alive(false);
        co_await exchange.respond(std::move(response));
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
    co_await handler_(exchange);
    if (!exchange.answered()) {
      co_await exchange.respond(bhttp::status::internal_server_error, "text/plain", "no response\n");
    }
    if (!exchange.keep_alive()) break;
  }
  error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace mcpgw::http
