#include "core/transport/sse/server.hpp"

#include <boost/asio/this_coro.hpp>

#include "core/error.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/session/session_id.hpp"
#include "core/transport/jsonrpc_over_http.hpp"
#include "core/transport/sse/event.hpp"
#include "core/transport/sse/stream_writer.hpp"

namespace mcpgw::transport::sse {

namespace bhttp = boost::beast::http;
using jsonrpc::Json;

Server::Server(ServerOptions options, ServerChannelFactory factory,
               session::SessionTable& sessions)
    : options_(std::move(options)), factory_(std::move(factory)), sessions_(sessions) {}

awaitable<void> Server::handle_stream(http::Exchange& exchange) {
  if (exchange.request().method() != bhttp::verb::get) {
    http::Response response{bhttp::status::method_not_allowed, 11};
    response.set(bhttp::field::allow, "GET");
    co_await exchange.respond(std::move(response));
    co_return;
  }
  if (sessions_.full()) {
    co_await respond_sessions_full(exchange, nullptr);
    co_return;
  }
  auto upstream = factory_(exchange);
  if (!upstream) {
    MCPGW_LOG(error, "upstream_start_failed", "error=\"" << upstream.error().message() << "\"");
    co_await exchange.respond(bhttp::status::internal_server_error, "text/plain",
                              "could not start the upstream MCP server: " + upstream.error().message() + "\n");
    co_return;
  }
  auto session = std::make_shared<session::ClientSession>(session::new_session_id(), *upstream);
  session->set_owner(exchange.principal());
  session->start(co_await asio::this_coro::executor);
  auto queue = std::make_shared<async::MessageQueue>();
  session->attach_stream(queue);
  sessions_.insert(session);
  MCPGW_LOG(info, "session_open", "session=" << session->id() << " transport=sse");

  if (!co_await exchange.start_stream(stream_header())) {
    std::string endpoint = options_.message_path + "?session_id=" + session->id();
    if (!co_await exchange.write_chunk(format_event("endpoint", endpoint))) {
      co_await pump_queue(exchange, *queue, options_.keep_alive);
    }
  }
  // 2024-11-05 HTTP+SSE: the stream is the session; when it goes, so does the upstream.
  sessions_.remove(session->id());
  MCPGW_LOG(info, "session_close", "session=" << session->id() << " reason=stream_closed");
  co_await session->close();
}

awaitable<void> Server::handle_message(http::Exchange& exchange) {
  if (exchange.request().method() != bhttp::verb::post) {
    http::Response response{bhttp::status::method_not_allowed, 11};
    response.set(bhttp::field::allow, "POST");
    co_await exchange.respond(std::move(response));
    co_return;
  }
  std::string id(exchange.query_param("session_id"));
  if (id.empty()) id = std::string(exchange.query_param("sessionId"));
  if (id.empty()) {
    co_await respond_failure(exchange, nullptr, jsonrpc::Failure::invalid_request,
                             "Bad Request: session_id query parameter is required");
    co_return;
  }
  auto session = sessions_.find(id);
  if (!session || !session->stream_queue() || session->owner() != exchange.principal()) {
    co_await respond_failure(exchange, nullptr, jsonrpc::Failure::session_not_found, "Session not found");
    co_return;
  }
  std::string raw;
  auto message = co_await read_jsonrpc_body(exchange, raw);
  if (!message) co_return;
  // 2025-03-26 batches: each element is delivered on its own; answers travel on the stream.
  std::vector<Json> messages;
  if (message->is_array()) {
    for (auto& element : *message) messages.push_back(std::move(element));
  } else {
    messages.push_back(std::move(*message));
  }
  for (auto& m : messages) {
    std::string why;
    auto kind = jsonrpc::classify(m, &why);
    error_code ec;
    if (kind == jsonrpc::Kind::invalid) {
      Json id = m.is_object() && m.contains("id") ? m["id"] : Json(nullptr);
      session->stream_queue()->push(
          jsonrpc::make_failure(id, jsonrpc::Failure::invalid_request, "Invalid Request: " + why));
      continue;
    }
    // A single message goes on with the text it came as; a batch's elements are serialized
    // only if a transport needs their text.
    const Json id = kind == jsonrpc::Kind::request ? m["id"] : Json();
    jsonrpc::Envelope envelope =
        messages.size() == 1 ? jsonrpc::Envelope(std::move(m), std::move(raw)) : jsonrpc::Envelope(std::move(m));
    if (kind == jsonrpc::Kind::request) {
      // Hand the same stream queue to the request: its response travels on the SSE stream.
      ec = session->send_request(std::move(envelope), session->stream_queue(), true, false);
      if (ec == Errc::request_id_in_use) {
        session->stream_queue()->push(id_in_use(id));
        ec = {};
      }
    } else {
      ec = session->send(std::move(envelope));
    }
    if (ec) {
      std::string why = ec == Errc::upstream_exited ? co_await session->upstream_failure(ec) : ec.message();
      co_await respond_failure(exchange, nullptr, jsonrpc::Failure::session_not_found, "Session not found: " + why);
      co_return;
    }
  }
  co_await exchange.respond(bhttp::status::accepted, "text/plain", "Accepted");
}

}  // namespace mcpgw::transport::sse
