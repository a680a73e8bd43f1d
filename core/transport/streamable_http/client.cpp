#include "core/transport/streamable_http/client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/error.hpp"
#include "core/log/logger.hpp"
#include "core/transport/sse/client.hpp"
#include "core/transport/sse/event_parser.hpp"

namespace mcpgw::transport::streamable_http {

namespace bhttp = boost::beast::http;
using jsonrpc::Json;

Client::Client(const asio::any_io_executor& ex, RemoteOptions options) : ex_(ex), options_(std::move(options)) {}

std::unique_ptr<http::ClientConnection> Client::take_connection() {
  if (idle_.empty()) return std::make_unique<http::ClientConnection>(ex_, options_.url);
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

error_code Client::send(std::string message) {
  if (fallback_) return fallback_->send(std::move(message));
  if (closed_) return make_error_code(Errc::upstream_exited);
  asio::co_spawn(ex_, post(std::move(message)), asio::detached);
  return {};
}

void Client::answer_error(const Json& message, const std::string& why) {
  if (message.is_object() && jsonrpc::classify(message) == jsonrpc::Kind::request)
    inbound_.push(jsonrpc::make_error(message["id"], jsonrpc::code::connection_closed, why).dump());
}

void Client::deliver(std::string message, bool from_initialize, const std::string& session_header) {
  if (from_initialize) {
    Json reply = Json::parse(message, nullptr, false);
    if (reply.is_object() && reply.contains("result")) {
      session_id_ = session_header;
      protocol_version_ = reply["result"].value("protocolVersion", std::string());
      initialized_ = true;
    }
  }
  inbound_.push(std::move(message));
}

awaitable<void> Client::post(std::string message) {
  auto self = shared_from_this();
  Json parsed = Json::parse(message, nullptr, false);
  bool is_request = parsed.is_object() && jsonrpc::classify(parsed) == jsonrpc::Kind::request;
  bool is_initialize = is_request && jsonrpc::method_of(parsed) == "initialize";
  if (is_initialize) {
    // A new handshake starts a new session.
    session_id_.clear();
    protocol_version_.clear();
  }
  auto connection = take_connection();
  auto request = make_request(bhttp::verb::post);
  request.set(bhttp::field::content_type, "application/json");
  request.set(bhttp::field::accept, "application/json, text/event-stream");
  request.body() = message;
  if (auto ec = co_await connection->send(request, options_.connect_timeout)) {
    failure_ = "cannot reach " + options_.url.to_string() + ": " + ec.message();
    answer_error(parsed, failure_);
    co_return;
  }
  auto& head = connection->parser().get();
  int status = head.result_int();
  std::string content_type(head[bhttp::field::content_type]);
  std::string session_header(head["Mcp-Session-Id"]);

  if (content_type.find("text/event-stream") != std::string::npos && status == 200) {
    std::string last_event_id;
    bool answered = false;
    Json awaited = is_request ? parsed["id"] : Json();
    if (is_initialize) {
      // The session id arrives with the head, before the result event.
      session_id_ = session_header;
    }
    co_await read_events(*connection, last_event_id, awaited, answered);
    if (is_request && !answered && !closed_) {
      // 2025-11-25 transports: a dropped response stream is resumed with GET + Last-Event-ID.
      if (last_event_id.empty() || !co_await resume(last_event_id, awaited))
        answer_error(parsed, "the response stream ended before the answer arrived");
    }
    give_back(std::move(connection));
    co_return;
  }

  auto ec = co_await connection->read_body(options_.stream_idle_timeout);
  std::string body = ec ? std::string() : std::move(connection->parser().get().body());
  if (!ec && status >= 200 && status < 300) {
    if (!body.empty()) {
      Json reply = Json::parse(body, nullptr, false);
      if (reply.is_array()) {
        for (auto& element : reply) deliver(element.dump(), is_initialize, session_header);
      } else {
        deliver(std::move(body), is_initialize, session_header);
      }
    } else if (is_request) {
      answer_error(parsed, "the upstream MCP server answered a request with an empty body");
    }
    give_back(std::move(connection));
    co_return;
  }
  if (ec) {
    answer_error(parsed, "the upstream MCP server broke the connection: " + ec.message());
    co_return;
  }
  Json reply = Json::parse(body, nullptr, false);
  bool rpc_error = reply.is_object() && reply.contains("error");
  if (is_initialize && !rpc_error && options_.sse_fallback && (status == 400 || status == 404 || status == 405)) {
    if (co_await fall_back_to_sse(std::move(message))) co_return;
  }
  if (status == 404 && !session_id_.empty()) {
    failure_ = "the upstream MCP server ended the session (HTTP 404)";
    session_id_.clear();
    initialized_ = false;
  } else {
    failure_ = "the upstream MCP server answered HTTP " + std::to_string(status);
  }
  if (rpc_error && is_request) {
    reply["id"] = parsed["id"];
    inbound_.push(reply.dump());
  } else {
    answer_error(parsed, failure_ + (rpc_error ? ": " + reply["error"].value("message", std::string()) : ""));
  }
  give_back(std::move(connection));
}

awaitable<void> Client::read_events(http::ClientConnection& connection, std::string& last_event_id,
                                    const Json& awaited_id, bool& answered) {
  sse::EventParser parser;
  auto on_event = [&](sse::Event&& e) {
    if (!e.id.empty()) last_event_id = e.id;
    if (e.event != "message" || e.data.empty()) return;
    Json message = Json::parse(e.data, nullptr, false);
    if (!awaited_id.is_null() && message.is_object() && message.contains("id") && message["id"] == awaited_id &&
        !message.contains("method")) {
      answered = true;
      deliver(std::move(e.data), false, {});
      if (message.contains("result") && message["result"].contains("protocolVersion") && !initialized_) {
        protocol_version_ = message["result"]["protocolVersion"].get<std::string>();
        initialized_ = true;
      }
      return;
    }
    inbound_.push(std::move(e.data));
  };
  for (;;) {
    auto& body = connection.parser().get().body();
    if (!body.empty()) {
      parser.feed(body, on_event);
      body.clear();
    }
    if (connection.parser().is_done() || closed_) break;
    if (co_await connection.read_some(options_.stream_idle_timeout)) break;
  }
}

awaitable<bool> Client::resume(std::string last_event_id, const Json& awaited_id) {
  for (int attempt = 0; attempt < options_.max_resume_attempts && !closed_; ++attempt) {
    auto connection = take_connection();
    auto request = make_request(bhttp::verb::get);
    request.set(bhttp::field::accept, "text/event-stream");
    request.set("Last-Event-ID", last_event_id);
    if (co_await connection->send(request, options_.connect_timeout)) continue;
    if (connection->parser().get().result() != bhttp::status::ok) co_return false;
    bool answered = false;
    co_await read_events(*connection, last_event_id, awaited_id, answered);
    if (answered) co_return true;
  }
  co_return false;
}

awaitable<void> Client::standalone_stream() {
  auto self = shared_from_this();
  std::string last_event_id;
  int failures = 0;
  while (!closed_ && failures < 5) {
    standalone_ = std::make_shared<http::ClientConnection>(ex_, options_.url);
    auto request = make_request(bhttp::verb::get);
    request.set(bhttp::field::accept, "text/event-stream");
    if (!last_event_id.empty()) request.set("Last-Event-ID", last_event_id);
    if (!co_await standalone_->send(request, options_.connect_timeout)) {
      auto status = standalone_->parser().get().result();
      if (status == bhttp::status::method_not_allowed) co_return;  // the server offers no such stream
      if (status == bhttp::status::ok) {
        failures = 0;
        bool answered = false;
        co_await read_events(*standalone_, last_event_id, Json(), answered);
        continue;
      }
    }
    ++failures;
    asio::steady_timer timer(ex_, std::chrono::milliseconds(250 << failures));
    co_await timer.async_wait(use_nothrow);
  }
}

awaitable<bool> Client::fall_back_to_sse(std::string initialize) {
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
    client->send(std::move(initialize));
    co_return true;
  }
  co_return false;
}

awaitable<std::tuple<error_code, std::string>> Client::receive() {
  auto message = co_await inbound_.pop();
  if (!message) co_return std::tuple{make_error_code(Errc::upstream_exited), std::string()};
  // The standalone stream opens once the handshake is done (the initialized notification went out).
  if (initialized_ && !standalone_started_ && options_.open_standalone_stream && !fallback_) {
    standalone_started_ = true;
    asio::co_spawn(ex_, standalone_stream(), asio::detached);
  }
  co_return std::tuple{error_code{}, std::move(*message)};
}

awaitable<void> Client::close() {
  auto self = shared_from_this();
  if (closed_) co_return;
  closed_ = true;
  if (fallback_) co_await fallback_->close();
  if (standalone_) standalone_->close();
  if (!session_id_.empty()) {
    // End the session politely; the server may answer 405 if it does not allow that.
    auto connection = take_connection();
    auto request = make_request(bhttp::verb::delete_);
    if (!co_await connection->send(request, std::chrono::seconds(2)))
      co_await connection->read_body(std::chrono::seconds(2));
  }
  idle_.clear();
  inbound_.close();
}

}  // namespace mcpgw::transport::streamable_http
