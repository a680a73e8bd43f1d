// The session side of the streamable HTTP client: the standalone GET stream, renewing an
// expired session, falling back to legacy SSE, and ending the session.
#include "core/transport/streamable_http/client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/error.hpp"
#include "core/log/logger.hpp"
#include "core/transport/sse/client.hpp"
#include "core/transport/sse/event_parser.hpp"
#include "core/transport/streamable_http/answer_checks.hpp"

namespace mcpgw::transport::streamable_http {

namespace bhttp = boost::beast::http;
using jsonrpc::Json;

void Client::start_standalone_stream() {
  if (standalone_running_ || !options_.open_standalone_stream || closed_ || fallback_) return;
  standalone_running_ = true;
  asio::co_spawn(ex_, standalone_stream(), asio::detached);
}

awaitable<void> Client::standalone_stream() {
  auto self = shared_from_this();
  StreamCursor cursor;
  std::string cursor_session = session_id_;
  const Message none;
  const MessageSink to_inbound = [this](jsonrpc::Envelope message) { inbound_.push(std::move(message)); };
  int failures = 0;
  while (!closed_ && failures < 8) {
    while (renewing_ && !closed_) co_await renewed_.wait();
    std::string session = session_id_;
    if (session != cursor_session) {
      cursor = {};
      cursor_session = session;
    }
    standalone_ = std::make_shared<http::ClientConnection>(ex_, options_.url, options_.destinations);
    auto request = make_request(bhttp::verb::get);
    request.set(bhttp::field::accept, "text/event-stream");
    if (!cursor.last_event_id.empty()) request.set("Last-Event-ID", cursor.last_event_id);
    auto started = std::chrono::steady_clock::now();
    if (!co_await standalone_->send(request, options_.connect_timeout)) {
      int status = standalone_->parser().get().result_int();
      if (status == 405) break;  // the server offers no such stream
      if (status == 200) {
        co_await read_events(*standalone_, cursor, none, to_inbound);
        // A stream that lasted ended normally: reconnect at once. One that ended at once counts
        // as a failure, so a server that always hangs up is not hammered.
        if (std::chrono::steady_clock::now() - started > std::chrono::seconds(2)) {
          failures = 0;
          continue;
        }
      } else if (!co_await standalone_->read_body(options_.connect_timeout) && !session.empty() &&
                 session_refused(status, jsonrpc::read_json(standalone_->parser().get().body())) &&
                 options_.reinitialize && !initialize_.is_null()) {
        co_await renew_session(session);
      }
    }
    ++failures;
    auto wait = cursor.retry_ms > 0 ? std::chrono::milliseconds(cursor.retry_ms)
                                    : std::chrono::milliseconds(std::min(250 << failures, 10000));
    asio::steady_timer timer(ex_, wait);
    co_await timer.async_wait(use_nothrow);
  }
  standalone_running_ = false;
}

awaitable<bool> Client::renew_session(std::string lost_session) {
  if (!renewing_ && session_id_ != lost_session) co_return true;  // renewed already
  if (!renewing_) {
    renewing_ = true;
    MCPGW_LOG(info, "session_expired", "url=" << options_.url.to_string() << " action=reinitialize");
    // Its own coroutine: the request that noticed may be cancelled (a timeout) meanwhile.
    asio::co_spawn(ex_, replay_initialize(), [self = shared_from_this()](std::exception_ptr e, bool ok) {
      self->renewed_ok_ = !e && ok;
      self->renewing_ = false;
      self->renewed_.notify();
    });
  }
  while (renewing_ && !closed_) co_await renewed_.wait();
  co_return renewed_ok_ && !closed_;
}

awaitable<bool> Client::replay_initialize() {
  auto self = shared_from_this();
  Json init = initialize_;
  init["id"] = "mcpgw-renew-" + std::to_string(next_internal_id_++);
  const std::string body = init.dump();
  const Message m{init["id"], "initialize", true};
  bool accepted = false;
  const MessageSink sink = [&](jsonrpc::Envelope message) {
    if (is_answer(message.json(), m.id)) {
      accepted = message.json().contains("result");
      return;
    }
    inbound_.push(std::move(message));
  };
  const HeaderList no_headers;
  for (int attempt = 1; attempt <= options_.retry.max_attempts && !closed_; ++attempt) {
    Attempt a = co_await post_once(body, m, sink, no_headers);
    if (a.next != Attempt::Next::retry) {
      if (a.delivery.ec) failure_ = a.delivery.detail;
      break;
    }
    failure_ = a.delivery.detail;
    asio::steady_timer timer(ex_, options_.retry.delay(attempt));
    co_await timer.async_wait(use_nothrow);
  }
  if (!accepted) co_return false;
  const std::string initialized = jsonrpc::make_notification("notifications/initialized").dump();
  const Message notification{Json(), "notifications/initialized", false};
  co_await post_once(initialized, notification, sink, no_headers);
  MCPGW_LOG(info, "session_renewed", "revision=" << protocol_version_);
  start_standalone_stream();
  co_return true;
}

awaitable<bool> Client::fall_back_to_sse(std::string initialize, const Json& parsed, const MessageSink& sink,
                                         Delivery& delivery) {
  RemoteOptions sse_options = options_;
  // A streamable endpoint at …/mcp usually has its legacy twin at …/sse.
  std::string path = options_.url.target.substr(0, options_.url.target.find('?'));
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, "/mcp") == 0)
    sse_options.url.target = path.substr(0, path.size() - 4) + "/sse";
  for (const auto& candidate : {sse_options.url, options_.url}) {
    sse_options.url = candidate;
    auto client = std::make_shared<sse::Client>(ex_, sse_options);
    if (co_await client->connect()) continue;
    MCPGW_LOG(info, "upstream_transport", "transport=sse url=" << candidate.to_string());
    fallback_ = client;
    asio::co_spawn(ex_, [self = shared_from_this(), client]() -> awaitable<void> {
      for (;;) {
        auto [ec, message] = co_await client->receive();
        if (ec) {
          self->failure_ = client->failure_detail();
          self->inbound_.close();
          break;
        }
        self->inbound_.push(std::move(message));
      }
    }, asio::detached);
    MessageSink forward = sink;
    HeaderList no_headers;
    delivery = co_await client->exchange(std::move(initialize), parsed, std::move(forward), std::move(no_headers));
    co_return true;
  }
  co_return false;
}

awaitable<void> Client::close() {
  auto self = shared_from_this();
  if (closed_) co_return;
  closed_ = true;
  renewed_.notify();
  if (fallback_) co_await fallback_->close();
  if (standalone_) standalone_->close();
  if (!session_id_.empty() && !fallback_) {
    // End the session politely; the server may answer 405 if it does not allow that.
    auto connection = take_connection();
    auto request = make_request(bhttp::verb::delete_);
    if (!co_await connection->send(request, std::chrono::seconds(2))) {
      MCPGW_LOG(debug, "session_deleted", "status=" << connection->parser().get().result_int());
      co_await connection->read_body(std::chrono::seconds(2));
    }
  }
  idle_.clear();
  inbound_.close();
}

}  // namespace mcpgw::transport::streamable_http
