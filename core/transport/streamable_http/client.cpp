#include "core/transport/streamable_http/client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/error.hpp"
#include "core/log/logger.hpp"
#include "core/transport/exchange_channel.hpp"
#include "core/transport/sse/client.hpp"
#include "core/transport/sse/event_parser.hpp"
#include "core/transport/streamable_http/answer_checks.hpp"

namespace mcpgw::transport::streamable_http {

namespace bhttp = boost::beast::http;
using jsonrpc::Json;

Client::Client(const asio::any_io_executor& ex, RemoteOptions options) : ex_(ex), options_(std::move(options)) {}

Client::~Client() = default;

std::unique_ptr<http::ClientConnection> Client::take_connection() {
  if (idle_.empty()) return std::make_unique<http::ClientConnection>(ex_, options_.url, options_.destinations);
  auto connection = std::move(idle_.back());
  idle_.pop_back();
  return connection;
}

void Client::give_back(std::unique_ptr<http::ClientConnection> connection) {
  if (!closed_ && connection->reusable() && idle_.size() < 16) idle_.push_back(std::move(connection));
}

http::Request Client::make_request(bhttp::verb verb) {
  http::Request request{verb, options_.url.target, 11};
  for (const auto& [k, v] : options_.headers) request.set(k, v);
  if (!session_id_.empty()) request.set("Mcp-Session-Id", session_id_);
  if (!protocol_version_.empty()) request.set("MCP-Protocol-Version", protocol_version_);
  return request;
}

Delivery Client::unsent(const std::string& why) const {
  return Delivery::failure(make_error_code(Errc::upstream_exited), why);
}

awaitable<Delivery> Client::exchange(std::string body, const Json& parsed, MessageSink sink, HeaderList extra) {
  auto self = shared_from_this();
  Message m;
  m.method = std::string(jsonrpc::method_of(parsed));
  m.is_request = !m.method.empty() && parsed.contains("id");
  if (m.is_request) m.id = parsed["id"];
  int renewals = 0;
  for (int attempt = 1;; ++attempt) {
    if (closed_) co_return unsent("the connection to the MCP server is closed");
    if (fallback_) co_return co_await fallback_->exchange(std::move(body), parsed, std::move(sink), std::move(extra));
    while (renewing_ && m.method != "initialize" && !closed_) co_await renewed_.wait();
    std::string session = session_id_;
    Attempt a = co_await post_once(body, m, sink, extra);
    switch (a.next) {
      case Attempt::Next::done:
        if (!a.delivery.ec) {
          if (m.method == "initialize" && !protocol_version_.empty()) initialize_ = parsed;
          if (m.method == "notifications/initialized") start_standalone_stream();
        } else {
          failure_ = a.delivery.detail;
        }
        co_return a.delivery;
      case Attempt::Next::try_sse: {
        Delivery d;
        if (options_.sse_fallback) {
          bool fell_back = co_await fall_back_to_sse(body, parsed, sink, d);
          if (fell_back) co_return d;
        }
        failure_ = a.delivery.detail;
        co_return a.delivery;
      }
      case Attempt::Next::renew_session:
        if (options_.reinitialize && !initialize_.is_null() && renewals++ < 2) {
          if (co_await renew_session(session)) {
            --attempt;
            continue;
          }
          a.delivery.ec = make_error_code(Errc::session_expired);
          a.delivery.detail = "the MCP server ended the session and a new one could not be opened: " + failure_;
        }
        failure_ = a.delivery.detail;
        co_return a.delivery;
      case Attempt::Next::retry:
        if (attempt < options_.retry.max_attempts && may_resend(m.method, a.failure)) {
          auto wait = options_.retry.delay(attempt);
          MCPGW_LOG(info, "upstream_retry", "method=" << m.method << " attempt=" << attempt + 1 << " in_ms="
                                                      << wait.count() << " reason=\"" << a.delivery.detail << "\"");
          asio::steady_timer timer(ex_, wait);
          co_await timer.async_wait(use_nothrow);
          continue;
        }
        failure_ = a.delivery.detail;
        co_return a.delivery;
    }
  }
}

awaitable<Client::Attempt> Client::post_once(const std::string& body, const Message& m, const MessageSink& sink,
                                             const HeaderList& extra) {
  if (m.is_request && m.method == "initialize") {
    // A new handshake starts a new session.
    session_id_.clear();
    protocol_version_.clear();
  }
  std::string session_sent = session_id_;
  auto connection = take_connection();
  auto request = make_request(bhttp::verb::post);
  request.set(bhttp::field::content_type, "application/json");
  request.set(bhttp::field::accept, "application/json, text/event-stream");
  for (const auto& [k, v] : extra) request.set(k, v);
  request.body() = body;
  Attempt a;
  bool resend_if_stale = may_resend(m.method, SendFailure::lost_in_flight);
  if (auto ec = co_await connection->send(request, options_.connect_timeout, options_.stream_idle_timeout,
                                          resend_if_stale)) {
    bool written = connection->request_written();
    a.next = Attempt::Next::retry;
    a.failure = written ? SendFailure::lost_in_flight : SendFailure::not_sent;
    a.delivery.ec = make_error_code(written ? Errc::upstream_exited : Errc::upstream_unreachable);
    a.delivery.detail = (written ? "lost the connection to " : "cannot reach ") + options_.url.to_string() + ": " +
                        ec.message();
    if (http::refused_before_sending(ec)) a.next = Attempt::Next::done;  // trying again cannot help
    co_return a;
  }
  auto& head = connection->parser().get();
  int status = head.result_int();
  a.delivery.http_status = status;
  std::string content_type(head[bhttp::field::content_type]);
  std::string session_header(head["Mcp-Session-Id"]);
  std::string www_authenticate(head[bhttp::field::www_authenticate]);

  if (status == 200 && content_type.find("text/event-stream") != std::string::npos) {
    // The session id arrives with the head, before the result event.
    if (m.method == "initialize" && !session_header.empty()) session_id_ = session_header;
    StreamCursor cursor;
    bool answered = co_await read_events(*connection, cursor, m, sink);
    if (connection->parser().is_done()) give_back(std::move(connection));
    if (answered || !m.is_request) co_return a;
    // 2025-11-25 transports: a dropped response stream is resumed with GET + Last-Event-ID.
    if (!closed_ && !cursor.last_event_id.empty()) {
      bool resumed = co_await resume(cursor, m, sink);
      if (resumed) co_return a;
    }
    a.next = Attempt::Next::retry;
    a.failure = SendFailure::lost_in_flight;
    a.delivery.ec = make_error_code(Errc::stream_ended);
    a.delivery.detail = "the response stream ended before the answer arrived";
    co_return a;
  }

  if (auto ec = co_await connection->read_body(options_.stream_idle_timeout)) {
    a.next = Attempt::Next::retry;
    a.failure = SendFailure::lost_in_flight;
    a.delivery.ec = make_error_code(Errc::upstream_exited);
    a.delivery.detail = "the MCP server broke the connection: " + ec.message();
    co_return a;
  }
  std::string response = std::move(connection->parser().get().body());
  give_back(std::move(connection));
  if (status < 200 || status >= 300) co_return judge_failure(status, response, m, session_sent, www_authenticate);
  if (!m.is_request) co_return a;  // 202 Accepted for notifications and responses
  bool answered = false;
  auto deliver = [&](jsonrpc::Envelope message) {
    if (!answered && is_answer(message.json(), m.id)) {
      answered = true;
      note_answer(m, message.json(), session_header);
    }
    sink(std::move(message));
  };
  Json reply = jsonrpc::read_json(response);
  if (reply.is_array()) {
    for (auto& element : reply) deliver(std::move(element));
  } else if (reply.is_object()) {
    deliver(jsonrpc::Envelope(std::move(reply), std::move(response)));
  }
  if (!answered) {
    a.delivery.ec = make_error_code(Errc::stream_ended);
    a.delivery.detail = "the MCP server answered HTTP " + std::to_string(status) + " without a JSON-RPC response";
  }
  co_return a;
}

Client::Attempt Client::judge_failure(int status, const std::string& body, const Message& m,
                                      const std::string& session_sent, std::string_view www_authenticate) {
  Attempt a;
  a.delivery.http_status = status;
  Json reply = jsonrpc::read_json(body);
  bool rpc_error = reply.is_object() && reply.contains("error") && reply["error"].is_object();
  if (rpc_error) a.delivery.rpc_error = reply["error"];
  // The code only: what the far side wrote is its own (and kept whole in rpc_error).
  std::string said = rpc_error ? " (JSON-RPC error " + reply["error"].value("code", Json(0)).dump() + ")" : std::string();
  a.delivery.ec = make_error_code(Errc::upstream_http_status);
  a.delivery.detail = "the MCP server at " + options_.url.to_string() + " answered HTTP " + std::to_string(status) + said;
  if (status == 401 || status == 403) {
    a.delivery.ec = make_error_code(Errc::upstream_unauthorized);
    a.delivery.www_authenticate = std::string(www_authenticate);
    a.delivery.detail = "the MCP server at " + options_.url.to_string() + " refused the credentials: HTTP " +
                        std::to_string(status) + (status == 401 ? " Unauthorized" : " Forbidden") +
                        (www_authenticate.empty() ? "" : " (WWW-Authenticate: " + std::string(www_authenticate) + ")");
  } else if (!session_sent.empty() && session_refused(status, reply)) {
    a.next = Attempt::Next::renew_session;
    a.delivery.detail = "the MCP server ended the session (HTTP " + std::to_string(status) + ")";
  } else if (m.method == "initialize" && !rpc_error && (status == 400 || status == 404 || status == 405)) {
    a.next = Attempt::Next::try_sse;
  } else if (is_transient_status(status)) {
    a.next = Attempt::Next::retry;
    a.failure = SendFailure::server_error;
  }
  return a;
}

void Client::note_answer(const Message& m, const Json& answer, const std::string& session_header) {
  if (m.method != "initialize" || !answer.contains("result") || !answer["result"].is_object()) return;
  if (!session_header.empty()) session_id_ = session_header;
  protocol_version_ = jsonrpc::member_or(answer["result"], "protocolVersion", std::string());
}

awaitable<bool> Client::read_events(http::ClientConnection& connection, StreamCursor& cursor, const Message& m,
                                    const MessageSink& sink) {
  sse::EventParser parser;
  bool answered = false;
  auto on_event = [&](sse::Event&& e) {
    if (e.retry_ms) cursor.retry_ms = *e.retry_ms;
    // Priming events (2025-11-25) carry an id and no data.
    if (e.event != "message" || e.data.empty()) return;
    Json message = jsonrpc::read_json(e.data);
    if (!message.is_object()) {
      MCPGW_LOG(warn, "upstream_bad_event", "bytes=" << e.data.size());
      return;
    }
    if (!answered && is_answer(message, m.id)) {
      answered = true;
      note_answer(m, message, {});
    }
    sink(jsonrpc::Envelope(std::move(message), std::move(e.data)));
  };
  for (;;) {
    auto& body = connection.parser().get().body();
    if (!body.empty()) {
      bool fits = parser.feed(body, on_event);
      body.clear();
      if (!parser.last_event_id().empty()) cursor.last_event_id = parser.last_event_id();
      if (!fits) {
        MCPGW_LOG(warn, "upstream_event_too_large", "url=" << options_.url.to_string());
        connection.close();
        break;
      }
    }
    if (connection.parser().is_done() || closed_) break;
    // After the answer the server ends the stream; do not wait long for that.
    auto limit = answered ? std::chrono::seconds(1) : options_.stream_idle_timeout;
    if (co_await connection.read_some(limit)) break;
  }
  co_return answered;
}

awaitable<bool> Client::resume(StreamCursor& cursor, const Message& m, const MessageSink& sink) {
  for (int attempt = 0; attempt < options_.max_resume_attempts && !closed_; ++attempt) {
    // 2025-11-25 transports: wait the stream's retry interval before reconnecting.
    auto wait = cursor.retry_ms > 0 ? std::chrono::milliseconds(cursor.retry_ms)
                                    : std::chrono::milliseconds(attempt == 0 ? 0 : 100 << attempt);
    if (wait.count() > 0) {
      asio::steady_timer timer(ex_, std::min<std::chrono::milliseconds>(wait, std::chrono::seconds(30)));
      co_await timer.async_wait(use_nothrow);
    }
    auto connection = take_connection();
    auto request = make_request(bhttp::verb::get);
    request.set(bhttp::field::accept, "text/event-stream");
    request.set("Last-Event-ID", cursor.last_event_id);
    if (co_await connection->send(request, options_.connect_timeout)) continue;
    if (connection->parser().get().result() != bhttp::status::ok) co_return false;
    MCPGW_LOG(debug, "stream_resumed", "method=" << m.method);
    bool answered = co_await read_events(*connection, cursor, m, sink);
    if (connection->parser().is_done()) give_back(std::move(connection));
    if (answered) co_return true;
  }
  co_return false;
}

error_code Client::send(jsonrpc::Envelope message) { return send_with_headers(std::move(message), {}); }

error_code Client::send_with_headers(jsonrpc::Envelope message, HeaderList headers) {
  if (closed_) return make_error_code(Errc::upstream_exited);
  send_through_exchange(shared_from_this(), std::move(message), inbound_, std::move(headers),
                        options_.tag_related_requests);
  return {};
}

awaitable<std::tuple<error_code, jsonrpc::Envelope>> Client::receive() { return receive_from(inbound_); }

bool Client::abandon(const std::string& request_id_key) {
  auto it = abandonable_.find(request_id_key);
  if (it == abandonable_.end()) return false;
  auto signal = it->second;  // the exchange's end untracks it, maybe inside emit()
  signal->emit(asio::cancellation_type::terminal);
  return true;
}

}  // namespace mcpgw::transport::streamable_http
