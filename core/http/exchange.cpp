#include "core/http/exchange.hpp"

#include <tuple>

#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

namespace mcpgw::http {

std::string_view Exchange::path() const {
  std::string_view target = request_.target();
  auto q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

std::string_view Exchange::query_param(std::string_view name) const {
  std::string_view target = request_.target();
  auto q = target.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

std::string_view Exchange::header(std::string_view name) const {
  auto it = request_.find(name);
  return it == request_.end() ? std::string_view{} : std::string_view(it->value());
}

bool Exchange::allow_methods(std::string_view methods) {
  allowed_methods_ = methods;
  std::string_view method = request_.method_string();
  bool listed = false;
  while (!methods.empty() && !listed) {
    auto comma = methods.find(',');
    std::string_view token = methods.substr(0, comma);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    listed = token == method;
    methods.remove_prefix(comma == std::string_view::npos ? methods.size() : comma + 1);
  }
  // The route's GET handler answers HEAD too; respond() leaves the content out.
  if (listed && head_) request_.method(bhttp::verb::get);
  return listed;
}

void Exchange::add_response_header(std::string name, std::string value) {
  extra_headers_.emplace_back(std::move(name), std::move(value));
}

void Exchange::decorate(bhttp::fields& fields) {
  fields.set(bhttp::field::server, "mcpgw");
  for (const auto& [k, v] : extra_headers_) fields.set(k, v);
}

awaitable<error_code> Exchange::respond(Response response) {
  answered_ = true;
  keep_alive_ = keep_alive_ && request_.keep_alive() && response.keep_alive();
  response.version(request_.version());
  response.keep_alive(keep_alive_);
  decorate(response.base());
  if (response.result() == bhttp::status::method_not_allowed && !allowed_methods_.empty() &&
      response.find(bhttp::field::allow) == response.end()) {
    response.set(bhttp::field::allow, allowed_methods_);
  }
  response.prepare_payload();
  stream_.expires_after(std::chrono::seconds(30));
  error_code ec;
  if (head_) {
    // The Content-Length GET would have, and no content (RFC 9110 9.3.2, 8.6).
    bhttp::response_serializer<bhttp::string_body> serializer(response);
    std::tie(ec, std::ignore) = co_await bhttp::async_write_header(stream_, serializer, use_nothrow);
  } else {
    std::tie(ec, std::ignore) = co_await bhttp::async_write(stream_, response, use_nothrow);
  }
  stream_.expires_never();
  if (ec) keep_alive_ = false;
  co_return ec;
}

awaitable<error_code> Exchange::respond(bhttp::status status, std::string_view content_type,
                                        std::string body) {
  Response response{status, request_.version()};
  if (!content_type.empty()) response.set(bhttp::field::content_type, content_type);
  response.body() = std::move(body);
  co_return co_await respond(std::move(response));
}

awaitable<error_code> Exchange::start_stream(bhttp::response<bhttp::empty_body> header) {
  answered_ = true;
  streaming_ = true;
  header.version(request_.version());
  keep_alive_ = keep_alive_ && request_.keep_alive();
  header.keep_alive(keep_alive_);
  header.chunked(true);
  decorate(header.base());
  bhttp::response_serializer<bhttp::empty_body> serializer(header);
  auto [ec, n] = co_await bhttp::async_write_header(stream_, serializer, use_nothrow);
  if (ec || head_) keep_alive_ = false;
  co_return ec;
}

awaitable<error_code> Exchange::write_chunk(std::string_view data) {
  // A HEAD answer ends with its header: the stream's writer stops at its first chunk.
  if (head_) co_return asio::error::operation_not_supported;
  if (data.empty()) co_return error_code{};
  auto [ec, n] = co_await asio::async_write(
      stream_.socket(), bhttp::make_chunk(asio::const_buffer(data.data(), data.size())),
      use_nothrow);
  if (ec) keep_alive_ = false;
  co_return ec;
}

awaitable<error_code> Exchange::end_stream() {
  if (head_) co_return error_code{};
  auto [ec, n] = co_await asio::async_write(stream_.socket(), bhttp::make_chunk_last(), use_nothrow);
  streaming_ = false;
  if (ec) keep_alive_ = false;
  co_return ec;
}

awaitable<void> Exchange::wait_client_closed() {
  char byte;
  auto [ec, n] = co_await stream_.socket().async_read_some(asio::buffer(&byte, 1), use_nothrow);
  // Whatever came (EOF, reset, or a byte a well-behaved client never sends mid-response), this
  // connection cannot be reused. Only our own cancellation leaves it intact.
  if (ec != asio::error::operation_aborted || n > 0) keep_alive_ = false;
}

}  // namespace mcpgw::http
