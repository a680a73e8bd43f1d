#include "core/http/exchange.hpp"

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
  response.prepare_payload();
  stream_.expires_after(std::chrono::seconds(30));
  auto [ec, n] = co_await bhttp::async_write(stream_, response, use_nothrow);
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
  if (ec) keep_alive_ = false;
  co_return ec;
}

awaitable<error_code> Exchange::write_chunk(std::string_view data) {
  if (data.empty()) co_return error_code{};
  auto [ec, n] = co_await asio::async_write(
      stream_.socket(), bhttp::make_chunk(asio::const_buffer(data.data(), data.size())),
      use_nothrow);
  if (ec) keep_alive_ = false;
  co_return ec;
}

awaitable<error_code> Exchange::end_stream() {
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
