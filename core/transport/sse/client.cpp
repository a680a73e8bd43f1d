#include "core/transport/sse/client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "core/error.hpp"
#include "core/jsonrpc/message.hpp"
#include "core/log/logger.hpp"
#include "core/transport/sse/event_parser.hpp"

namespace mcpgw::transport::sse {

namespace bhttp = boost::beast::http;

Client::Client(const asio::any_io_executor& ex, RemoteOptions options) : ex_(ex), options_(std::move(options)) {}

awaitable<error_code> Client::connect() {
  auto self = shared_from_this();
  stream_ = std::make_shared<http::ClientConnection>(ex_, options_.url);
  http::Request request{bhttp::verb::get, options_.url.target, 11};
  request.set(bhttp::field::accept, "text/event-stream");
  for (const auto& [k, v] : options_.headers) request.set(k, v);
  if (auto ec = co_await stream_->send(request, options_.connect_timeout)) {
    failure_ = "cannot open the SSE stream at " + options_.url.to_string() + ": " + ec.message();
    co_return ec;
  }
  auto& head = stream_->parser().get();
  if (head.result() != bhttp::status::ok ||
      std::string_view(head[bhttp::field::content_type]).find("text/event-stream") == std::string_view::npos) {
    failure_ = "the SSE endpoint answered HTTP " + std::to_string(head.result_int());
    co_return make_error_code(Errc::upstream_http_status);
  }
  asio::co_spawn(ex_, read_stream(stream_), asio::detached);
  while (!have_endpoint_ && !closed_) {
    if (!co_await endpoint_known_.wait(options_.connect_timeout)) break;
  }
  if (!have_endpoint_) {
    if (failure_.empty()) failure_ = "the SSE stream sent no endpoint event";
    co_return make_error_code(Errc::upstream_timeout);
  }
  co_return error_code{};
}

awaitable<void> Client::read_stream(std::shared_ptr<http::ClientConnection> connection) {
  auto self = shared_from_this();
  EventParser parser;
  auto on_event = [this](Event&& e) {
    if (e.event == "endpoint") {
      auto url = http::resolve_url(options_.url, e.data);
      if (!url) {
        fail("the SSE endpoint event named an unusable URL: " + e.data);
        return;
      }
      post_url_ = *url;
      have_endpoint_ = true;
      endpoint_known_.notify();
    } else if (e.event == "message" && !e.data.empty()) {
      if (!inbound_.push(std::move(e.data))) MCPGW_LOG(warn, "sse_client_backlog_full", "dropped=1");
    }
  };
  while (!closed_) {
    auto& body = connection->parser().get().body();
    if (!body.empty()) {
      if (!parser.feed(body, on_event)) {
        fail("an SSE event exceeded the size limit");
        break;
      }
      body.clear();
    }
    if (connection->parser().is_done()) {
      fail("the server ended the SSE stream");
      break;
    }
    if (auto ec = co_await connection->read_some(options_.stream_idle_timeout)) {
      fail("the SSE stream broke: " + ec.message());
      break;
    }
  }
}

error_code Client::send(std::string message) {
  if (closed_) return make_error_code(Errc::upstream_exited);
  asio::co_spawn(ex_, post(std::move(message)), asio::detached);
  return {};
}

awaitable<void> Client::post(std::string message) {
  auto self = shared_from_this();
  std::unique_ptr<http::ClientConnection> connection;
  if (!idle_.empty()) {
    connection = std::move(idle_.back());
    idle_.pop_back();
  } else {
    connection = std::make_unique<http::ClientConnection>(ex_, post_url_);
  }
  http::Request request{bhttp::verb::post, post_url_.target, 11};
  request.set(bhttp::field::content_type, "application/json");
  for (const auto& [k, v] : options_.headers) request.set(k, v);
  request.body() = message;
  error_code ec = co_await connection->send(request, options_.connect_timeout);
  if (!ec) ec = co_await connection->read_body(options_.connect_timeout);
  int status = ec ? 0 : connection->parser().get().result_int();
  if (!ec && status >= 200 && status < 300) {
    if (connection->reusable() && idle_.size() < 8) idle_.push_back(std::move(connection));
    co_return;
  }
  // The message never got accepted: a request must still get an answer, with its own id.
  jsonrpc::Json parsed = jsonrpc::Json::parse(message, nullptr, false);
  if (parsed.is_object() && jsonrpc::classify(parsed) == jsonrpc::Kind::request) {
    std::string why = ec ? "cannot reach the upstream MCP server: " + ec.message()
                         : "the upstream MCP server answered HTTP " + std::to_string(status);
    inbound_.push(jsonrpc::make_error(parsed["id"], jsonrpc::code::connection_closed, why).dump());
  }
}

awaitable<std::tuple<error_code, std::string>> Client::receive() {
  auto message = co_await inbound_.pop();
  if (!message) co_return std::tuple{make_error_code(Errc::upstream_exited), std::string()};
  co_return std::tuple{error_code{}, std::move(*message)};
}

void Client::fail(const std::string& why) {
  if (closed_) return;
  failure_ = why;
  closed_ = true;
  MCPGW_LOG(warn, "sse_client_closed", "reason=\"" << why << "\"");
  inbound_.close();
  endpoint_known_.notify();
}

awaitable<void> Client::close() {
  closed_ = true;
  inbound_.close();
  endpoint_known_.notify();
  if (stream_) stream_->close();
  idle_.clear();
  co_return;
}

}  // namespace mcpgw::transport::sse
