#include "core/transport/sse/client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/error.hpp"
#include "core/jsonrpc/message.hpp"
#include "core/log/logger.hpp"
#include "core/transport/exchange_channel.hpp"
#include "core/transport/sse/event_parser.hpp"

namespace mcpgw::transport::sse {

namespace bhttp = boost::beast::http;
using jsonrpc::Json;

Client::Client(const asio::any_io_executor& ex, RemoteOptions options) : ex_(ex), options_(std::move(options)) {}

awaitable<error_code> Client::connect() {
  auto self = shared_from_this();
  have_endpoint_ = false;
  endpoint_refused_ = false;
  stream_ = std::make_shared<http::ClientConnection>(ex_, options_.url, options_.destinations);
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
    co_return make_error_code(head.result_int() == 401 || head.result_int() == 403 ? Errc::upstream_unauthorized
                                                                                    : Errc::upstream_http_status);
  }
  asio::co_spawn(ex_, read_stream(stream_, ++generation_), asio::detached);
  while (!have_endpoint_ && !endpoint_refused_ && !closed_) {
    if (!co_await endpoint_known_.wait(options_.connect_timeout)) break;
  }
  if (endpoint_refused_) {
    stream_->close();
    co_return make_error_code(Errc::invalid_url);
  }
  if (!have_endpoint_) {
    if (failure_.empty()) failure_ = "the SSE stream sent no endpoint event";
    stream_->close();
    co_return make_error_code(Errc::upstream_timeout);
  }
  co_return error_code{};
}

awaitable<void> Client::read_stream(std::shared_ptr<http::ClientConnection> connection, std::uint64_t generation) {
  auto self = shared_from_this();
  EventParser parser;
  auto on_event = [this](Event&& e) {
    if (e.event == "endpoint") {
      // The server's text is not repeated: it may be anything. Messages (and the credentials
      // they carry) go to the SSE stream's own origin only.
      auto url = http::resolve_url(options_.url, e.data);
      if (!url || url->origin() != options_.url.origin()) {
        failure_ = !url ? "the SSE endpoint event named an invalid URL"
                        : "the SSE endpoint event named another origin than " + options_.url.origin();
        endpoint_refused_ = true;
        endpoint_known_.notify();
        return;
      }
      post_url_ = *url;
      have_endpoint_ = true;
      endpoint_known_.notify();
    } else if (e.event == "message" && !e.data.empty()) {
      route(std::move(e.data));
    }
  };
  std::string why;
  while (!closed_ && generation == generation_) {
    auto& body = connection->parser().get().body();
    if (!body.empty()) {
      if (!parser.feed(body, on_event)) {
        why = "an SSE event exceeded the size limit";
        break;
      }
      body.clear();
    }
    if (connection->parser().is_done()) {
      why = "the server ended the SSE stream";
      break;
    }
    if (auto ec = co_await connection->read_some(options_.stream_idle_timeout)) {
      why = "the SSE stream broke: " + ec.message();
      break;
    }
  }
  connection->close();
  if (generation == generation_ && !why.empty()) stream_lost(why);
}

void Client::route(std::string raw) {
  Json message = jsonrpc::read_json(raw);
  if (message.is_object() && !message.contains("method") && message.contains("id")) {
    auto it = waiters_.find(jsonrpc::id_key(message["id"]));
    if (it != waiters_.end()) {
      Waiter* w = it->second;
      waiters_.erase(it);
      w->answered = true;
      w->accepted = message.contains("result");
      (*w->sink)(jsonrpc::Envelope(std::move(message), std::move(raw)));
      w->done = true;
      w->signal.notify();
      return;
    }
  }
  // A text that is not JSON goes on as it came: its reader says what is wrong with it.
  jsonrpc::Envelope envelope = message.is_discarded() ? jsonrpc::Envelope(std::move(raw))
                                                      : jsonrpc::Envelope(std::move(message), std::move(raw));
  if (!inbound_.push(std::move(envelope))) MCPGW_LOG(warn, "sse_client_backlog_full", "dropped=1");
}

void Client::stream_lost(const std::string& why) {
  if (closed_) return;
  failure_ = why;
  MCPGW_LOG(warn, "sse_stream_lost", "reason=\"" << why << "\"");
  // 2024-11-05 has no resumption: the requests waiting on this stream cannot get their answers.
  auto waiting = std::move(waiters_);
  waiters_.clear();
  for (auto& [key, w] : waiting) {
    w->done = true;
    w->signal.notify();
  }
  if (options_.reinitialize && !initialize_.is_null() && !reconnecting_) {
    reconnecting_ = true;
    asio::co_spawn(ex_, reconnect(), asio::detached);
    return;
  }
  closed_ = true;
  inbound_.close();
  endpoint_known_.notify();
}

awaitable<void> Client::reconnect() {
  auto self = shared_from_this();
  bool ok = false;
  for (int attempt = 1; attempt <= options_.retry.max_attempts && !closed_ && !ok; ++attempt) {
    asio::steady_timer timer(ex_, options_.retry.delay(attempt));
    co_await timer.async_wait(use_nothrow);
    if (closed_) continue;
    if (co_await connect()) continue;
    ok = co_await replay_initialize();
  }
  reconnecting_ = false;
  reconnected_.notify();
  if (ok) {
    MCPGW_LOG(info, "session_renewed", "transport=sse");
    co_return;
  }
  MCPGW_LOG(error, "sse_reconnect_failed", "reason=\"" << failure_ << "\"");
  closed_ = true;
  inbound_.close();
}

awaitable<bool> Client::replay_initialize() {
  Json init = initialize_;
  init["id"] = "mcpgw-renew-" + std::to_string(next_internal_id_++);
  const MessageSink swallow = [](jsonrpc::Envelope) {};
  Waiter w{&swallow};
  waiters_[jsonrpc::id_key(init["id"])] = &w;
  const HeaderList no_headers;
  const std::string body = init.dump();
  Delivery d = co_await post(body, no_headers);
  while (!d.ec && !w.done) {
    if (!co_await w.signal.wait(options_.connect_timeout)) break;
  }
  waiters_.erase(jsonrpc::id_key(init["id"]));
  if (!w.accepted) co_return false;
  const std::string initialized = jsonrpc::make_notification("notifications/initialized").dump();
  co_await post(initialized, no_headers);
  co_return true;
}

awaitable<Delivery> Client::exchange(std::string body, const Json& parsed, MessageSink sink, HeaderList extra) {
  auto self = shared_from_this();
  std::string method(jsonrpc::method_of(parsed));
  bool is_request = !method.empty() && parsed.contains("id");
  std::string key = is_request ? jsonrpc::id_key(parsed["id"]) : std::string();
  while (reconnecting_ && !closed_) co_await reconnected_.wait();
  if (closed_) co_return Delivery::failure(make_error_code(Errc::upstream_exited), "the SSE connection is closed: " + failure_);
  if (!is_request) co_return co_await post(body, extra);

  Waiter w{&sink};
  waiters_[key] = &w;
  // Whatever ends this coroutine (an answer, a failure, a cancellation), the waiter goes.
  struct Unregister {
    std::unordered_map<std::string, Waiter*>& waiters;
    const std::string& key;
    Waiter* w;
    ~Unregister() {
      auto it = waiters.find(key);
      if (it != waiters.end() && it->second == w) waiters.erase(it);
    }
  } unregister{waiters_, key, &w};
  Delivery d = co_await post(body, extra);
  if (d.ec) co_return d;
  while (!w.done) co_await w.signal.wait();
  if (!w.answered)
    co_return Delivery::failure(make_error_code(Errc::stream_ended),
                                "the SSE stream broke before the answer arrived: " + failure_);
  if (method == "initialize" && w.accepted) initialize_ = parsed;
  co_return d;
}

awaitable<Delivery> Client::post(const std::string& message, const HeaderList& extra) {
  auto self = shared_from_this();
  std::unique_ptr<http::ClientConnection> connection;
  if (!idle_.empty()) {
    connection = std::move(idle_.back());
    idle_.pop_back();
  } else {
    connection = std::make_unique<http::ClientConnection>(ex_, post_url_, options_.destinations);
  }
  http::Request request{bhttp::verb::post, post_url_.target, 11};
  request.set(bhttp::field::content_type, "application/json");
  for (const auto& [k, v] : options_.headers) request.set(k, v);
  for (const auto& [k, v] : extra) request.set(k, v);
  request.body() = message;
  error_code ec = co_await connection->send(request, options_.connect_timeout);
  if (!ec) ec = co_await connection->read_body(options_.connect_timeout);
  int status = ec ? 0 : connection->parser().get().result_int();
  if (!ec && status >= 200 && status < 300) {
    if (connection->reusable() && idle_.size() < 8) idle_.push_back(std::move(connection));
    co_return Delivery{};
  }
  Delivery d;
  d.http_status = status;
  d.ec = ec ? make_error_code(Errc::upstream_unreachable)
            : make_error_code(status == 401 || status == 403 ? Errc::upstream_unauthorized : Errc::upstream_http_status);
  d.detail = ec ? "cannot reach the MCP server at " + post_url_.to_string() + ": " + ec.message()
                : "the MCP server answered HTTP " + std::to_string(status);
  co_return d;
}

error_code Client::send(jsonrpc::Envelope message) { return send_with_headers(std::move(message), {}); }

error_code Client::send_with_headers(jsonrpc::Envelope message, HeaderList headers) {
  if (closed_) return make_error_code(Errc::upstream_exited);
  send_through_exchange(shared_from_this(), std::move(message), inbound_, std::move(headers));
  return {};
}

awaitable<std::tuple<error_code, jsonrpc::Envelope>> Client::receive() { return receive_from(inbound_); }

awaitable<void> Client::close() {
  closed_ = true;
  inbound_.close();
  endpoint_known_.notify();
  reconnected_.notify();
  if (stream_) stream_->close();
  idle_.clear();
  co_return;
}

}  // namespace mcpgw::transport::sse
