#include "core/http/client.hpp"

#include <sys/socket.h>

#include <cerrno>

#include <openssl/ssl.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "core/error.hpp"

namespace mcpgw::http {

asio::ssl::context& client_tls_context() {
  static asio::ssl::context context = [] {
    asio::ssl::context c(asio::ssl::context::tls_client);
    c.set_default_verify_paths();
    c.set_verify_mode(asio::ssl::verify_peer);
    return c;
  }();
  return context;
}

bool refused_before_sending(const error_code& ec) {
  return ec == make_error_code(Errc::invalid_url) || ec == make_error_code(Errc::invalid_header_value) ||
         ec == make_error_code(Errc::destination_blocked);
}

ClientConnection::ClientConnection(const asio::any_io_executor& ex, Url origin,
                                   std::shared_ptr<const DestinationPolicy> policy)
    : ex_(ex), origin_(std::move(origin)), policy_(std::move(policy)) {}

namespace {

// A value with CR, LF or NUL would end the header early and start another (or a request).
bool safe_header_value(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

error_code check_request(const Url& origin, const Request& request) {
  if (!is_host(origin.host) || !is_origin_form(request.target())) return make_error_code(Errc::invalid_url);
  for (const auto& field : request)
    if (!safe_header_value(field.value())) return make_error_code(Errc::invalid_header_value);
  return {};
}

}  // namespace

beast::tcp_stream& ClientConnection::lowest() {
  if (auto* plain = std::get_if<Plain>(stream_.get())) return *plain;
  return beast::get_lowest_layer(std::get<Secure>(*stream_));
}

void ClientConnection::close() {
  // The stream object stays until the next connect or the destructor: close() may come from
  // another coroutine (a channel being closed) while send() or a read of this one is suspended,
  // and that one resumes into lowest() and must find a closed socket, not a freed stream.
  if (stream_) {
    error_code ignored;
    lowest().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    lowest().socket().close(ignored);
  }
  open_ = false;
}

awaitable<error_code> ClientConnection::connect(std::chrono::steady_clock::duration timeout) {
  close();
  // A literal address needs no resolver. Asio's resolver runs on a thread of its own that a
  // fork (spawning a stdio upstream) stops and restarts, and a lookup caught in that moment can
  // hang: keep loopback and IP upstreams clear of it, and bound the rest.
  std::vector<asio::ip::tcp::endpoint> endpoints;
  error_code aec;
  auto literal = asio::ip::make_address(origin_.host, aec);
  if (!aec) {
    endpoints.emplace_back(literal, origin_.port);
  } else {
    asio::ip::tcp::resolver resolver(ex_);
    asio::steady_timer guard(ex_, timeout);
    guard.async_wait([&resolver](error_code ec) {
      if (!ec) resolver.cancel();
    });
    auto [rec, results] = co_await resolver.async_resolve(origin_.host, std::to_string(origin_.port), use_nothrow);
    guard.cancel();
    if (rec) co_return rec;
    for (const auto& r : results) endpoints.push_back(r.endpoint());
  }
  // Checked on the addresses just resolved, which are the ones connected to: a name cannot
  // resolve to an allowed address here and to a blocked one for the connection.
  if (policy_) {
    std::erase_if(endpoints, [this](const asio::ip::tcp::endpoint& e) { return !policy_->allows(e.address()); });
    if (endpoints.empty()) co_return make_error_code(Errc::destination_blocked);
  }
  if (origin_.tls) {
    stream_ = std::make_unique<std::variant<Plain, Secure>>(std::in_place_type<Secure>, ex_, client_tls_context());
  } else {
    stream_ = std::make_unique<std::variant<Plain, Secure>>(std::in_place_type<Plain>, ex_);
  }
  lowest().expires_after(timeout);
  auto [cec, ep] = co_await lowest().async_connect(endpoints, use_nothrow);
  if (cec) co_return cec;
  lowest().socket().set_option(asio::ip::tcp::no_delay(true), cec);
  if (auto* secure = std::get_if<Secure>(stream_.get())) {
    if (!SSL_set_tlsext_host_name(secure->native_handle(), origin_.host.c_str()))
      co_return error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
    secure->set_verify_callback(asio::ssl::host_name_verification(origin_.host));
    auto [hec] = co_await secure->async_handshake(asio::ssl::stream_base::client, use_nothrow);
    if (hec) co_return hec;
  }
  buffer_.clear();
  open_ = true;
  co_return error_code{};
}

bool ClientConnection::idle_connection_alive() {
  // An idle HTTP/1.1 connection has nothing to read: EOF means the server closed it, and bytes
  // (a TLS close_notify, a stray answer) mean it cannot be trusted with a request either.
  char byte;
  ssize_t n = ::recv(lowest().socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

awaitable<error_code> ClientConnection::send(Request& request, std::chrono::steady_clock::duration timeout,
                                             std::chrono::steady_clock::duration head_timeout,
                                             bool resend_if_stale) {
  if (head_timeout == std::chrono::steady_clock::duration::zero()) head_timeout = timeout;
  request.version(11);
  const bool v6 = origin_.host.find(':') != std::string::npos;  // RFC 9110 §7.2: IPv6 in brackets
  request.set(bhttp::field::host, (v6 ? "[" + origin_.host + "]" : origin_.host) + ":" + std::to_string(origin_.port));
  request.keep_alive(true);
  request.prepare_payload();
  written_ = false;
  if (auto bad = check_request(origin_, request)) co_return bad;
  if (open_ && !idle_connection_alive()) close();
  // A kept-alive connection may still have been closed by the server meanwhile: retry once on a
  // new one when nothing of the request can have been processed (the write itself failed), or,
  // for requests that may go twice, when the server hung up before answering.
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool fresh = !open_;
    if (!open_) {
      if (auto ec = co_await connect(timeout)) co_return ec;
    }
    lowest().expires_after(timeout);
    error_code wec;
    if (auto* plain = std::get_if<Plain>(stream_.get())) {
      std::tie(wec, std::ignore) = co_await bhttp::async_write(*plain, request, use_nothrow);
    } else {
      std::tie(wec, std::ignore) = co_await bhttp::async_write(std::get<Secure>(*stream_), request, use_nothrow);
    }
    if (wec) {
      close();
      if (fresh || wec == asio::error::operation_aborted) co_return wec;
      continue;
    }
    written_ = true;
    parser_ = std::make_unique<Parser>();
    parser_->body_limit(boost::none);
    lowest().expires_after(head_timeout);
    error_code rec;
    if (auto* plain = std::get_if<Plain>(stream_.get())) {
      std::tie(rec, std::ignore) = co_await bhttp::async_read_header(*plain, buffer_, *parser_, use_nothrow);
    } else {
      std::tie(rec, std::ignore) =
          co_await bhttp::async_read_header(std::get<Secure>(*stream_), buffer_, *parser_, use_nothrow);
    }
    if (rec) {
      close();
      // A stale keep-alive connection answers with EOF before any byte.
      if (!fresh && resend_if_stale && (rec == bhttp::error::end_of_stream || rec == asio::error::connection_reset))
        continue;
      co_return rec;
    }
    keep_alive_ = parser_->get().keep_alive();
    co_return error_code{};
  }
  co_return make_error_code(asio::error::connection_aborted);
}

awaitable<error_code> ClientConnection::read_body(std::chrono::steady_clock::duration timeout, std::size_t limit) {
  parser_->body_limit(limit);
  lowest().expires_after(timeout);
  error_code ec;
  if (auto* plain = std::get_if<Plain>(stream_.get())) {
    std::tie(ec, std::ignore) = co_await bhttp::async_read(*plain, buffer_, *parser_, use_nothrow);
  } else {
    std::tie(ec, std::ignore) = co_await bhttp::async_read(std::get<Secure>(*stream_), buffer_, *parser_, use_nothrow);
  }
  if (ec) close();
  if (stream_) lowest().expires_never();
  co_return ec;
}

awaitable<error_code> ClientConnection::read_some(std::chrono::steady_clock::duration timeout) {
  lowest().expires_after(timeout);
  error_code ec;
  if (auto* plain = std::get_if<Plain>(stream_.get())) {
    std::tie(ec, std::ignore) = co_await bhttp::async_read_some(*plain, buffer_, *parser_, use_nothrow);
  } else {
    std::tie(ec, std::ignore) =
        co_await bhttp::async_read_some(std::get<Secure>(*stream_), buffer_, *parser_, use_nothrow);
  }
  if (ec && ec != bhttp::error::need_buffer) {
    close();
    co_return ec;
  }
  if (stream_) lowest().expires_never();
  co_return error_code{};
}

}  // namespace mcpgw::http
