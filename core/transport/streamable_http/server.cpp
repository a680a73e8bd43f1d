#include "core/transport/streamable_http/server.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

#include <boost/asio/this_coro.hpp>
#include <boost/beast/http/empty_body.hpp>

#include "core/error.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/protocol/modern.hpp"
#include "core/protocol/revision.hpp"
#include "core/session/session_id.hpp"
#include "core/transport/jsonrpc_over_http.hpp"
#include "core/transport/sse/event.hpp"
#include "core/transport/sse/stream_writer.hpp"

namespace mcpgw::transport::streamable_http {

namespace bhttp = boost::beast::http;
using jsonrpc::Json;

namespace {

constexpr std::string_view kSessionHeader = "Mcp-Session-Id";
constexpr std::string_view kVersionHeader = "MCP-Protocol-Version";
/// An answer not there after this many milliseconds gets a resumable SSE stream (SEP-1699).
constexpr long kPrimeAfter = 100;
/// The `retry` a priming event advises: how long a client waits before resuming (milliseconds).
constexpr long kRetryMs = 1000;

bool accepts(std::string_view accept, std::string_view type) {
  return accept.find(type) != std::string_view::npos || accept.find("*/*") != std::string_view::npos;
}

}  // namespace

Server::Server(ServerOptions options, ServerChannelFactory factory, session::SessionTable& sessions,
               ModernHandler* modern, StatelessHandler* stateless)
    : options_(options), factory_(std::move(factory)), sessions_(sessions), modern_(modern), stateless_(stateless) {}

namespace {
/// A request of the stateless era: no session, and its revision in _meta or the version header.
bool is_modern(const http::Exchange& exchange, const Json& message) {
  if (!exchange.header(kSessionHeader).empty()) return false;
  if (protocol::is_modern_request(message)) return true;
  std::string_view version = exchange.header(kVersionHeader);
  return !version.empty() && protocol::is_known(version) && !protocol::is_legacy(version);
}
}  // namespace

awaitable<void> Server::handle(http::Exchange& exchange) {
  if (stateless_ && exchange.request().method() != bhttp::verb::post) {
    // No sessions, so no standalone stream and nothing to delete.
    http::Response response{bhttp::status::method_not_allowed, 11};
    response.set(bhttp::field::allow, "POST");
    co_await exchange.respond(std::move(response));
    co_return;
  }
  switch (exchange.request().method()) {
    case bhttp::verb::post: co_await handle_post(exchange); break;
    case bhttp::verb::get: co_await handle_get(exchange); break;
    case bhttp::verb::delete_: co_await handle_delete(exchange); break;
    default: {
      http::Response response{bhttp::status::method_not_allowed, 11};
      response.set(bhttp::field::allow, "GET, POST, DELETE");
      co_await exchange.respond(std::move(response));
    }
  }
}

awaitable<std::shared_ptr<session::ClientSession>> Server::require_session(http::Exchange& exchange) {
  std::string_view id = exchange.header(kSessionHeader);
  if (id.empty()) {
    co_await respond_failure(exchange, nullptr, jsonrpc::Failure::session_required,
                             "Bad Request: Mcp-Session-Id header is required");
    co_return nullptr;
  }
  auto session = sessions_.find(std::string(id));
  if (!session || session->owner() != exchange.principal()) {
    // 2025-06-18 transports, session management: unknown or ended session → 404, client re-initializes.
    co_await respond_failure(exchange, nullptr, jsonrpc::Failure::session_not_found, "Session not found");
    co_return nullptr;
  }
  std::string_view version = exchange.header(kVersionHeader);
  if (!version.empty() && !protocol::is_legacy(version)) {
    co_await respond_failure(exchange, nullptr, jsonrpc::Failure::invalid_request,
                             "Bad Request: unsupported MCP-Protocol-Version: " + std::string(version));
    co_return nullptr;
  }
  co_return session;
}

awaitable<void> Server::handle_post(http::Exchange& exchange) {
  if (!accepts(exchange.header("Accept"), "application/json") ||
      !accepts(exchange.header("Accept"), "text/event-stream")) {
    co_await respond_failure(exchange, nullptr, jsonrpc::Failure::not_acceptable,
                             "Not Acceptable: Accept must list application/json and text/event-stream");
    co_return;
  }
  if (exchange.header("Content-Type").find("application/json") == std::string_view::npos) {
    co_await respond_failure(exchange, nullptr, jsonrpc::Failure::unsupported_media_type,
                             "Unsupported Media Type: Content-Type must be application/json");
    co_return;
  }
  std::string raw;
  auto message = co_await read_jsonrpc_body(exchange, raw);
  if (!message) co_return;
  Json id = message->is_object() && message->contains("id") ? (*message)["id"] : Json();
  std::string failure;
  try {
    co_await dispatch_post(exchange, std::move(*message), std::move(raw));
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (failure.empty()) co_return;
  // A handler that fails still answers (unless its answer has begun): never silence.
  MCPGW_LOG(warn, "request_failed", "what=\"" << failure << "\"");
  if (!exchange.answered())
    co_await respond_failure(exchange, id, jsonrpc::Failure::internal_error, "Internal error: " + failure);
}

awaitable<void> Server::dispatch_post(http::Exchange& exchange, Json message, std::string raw) {
  if (message.is_array()) {
    co_await handle_batch(exchange, std::move(message));
    co_return;
  }
  auto kind = jsonrpc::classify(message);
  if (modern_ && is_modern(exchange, message)) {
    co_await modern_->handle(exchange, std::move(message));
    co_return;
  }
  if (stateless_) {
    co_await stateless_->handle(exchange, std::move(message));
    co_return;
  }
  if (kind == jsonrpc::Kind::request && jsonrpc::method_of(message) == "initialize") {
    co_await initialize(exchange, message, std::move(raw));
    co_return;
  }
  auto session = co_await require_session(exchange);
  if (!session) co_return;
  if (kind != jsonrpc::Kind::request) {
    if (auto ec = session->send(jsonrpc::Envelope(std::move(message), std::move(raw)))) {
      co_await respond_failure(exchange, nullptr, jsonrpc::Failure::session_not_found,
                               "Session not found: " + ec.message());
      co_return;
    }
    co_await exchange.respond(bhttp::status::accepted, "", "");
    co_return;
  }
  co_await answer_request(exchange, *session, jsonrpc::Envelope(std::move(message), std::move(raw)));
}

awaitable<void> Server::handle_batch(http::Exchange& exchange, Json batch) {
  // 2025-03-26 allowed batches (2025-06-18 removed them): a session that negotiated a later
  // revision gets an error; initialize never comes in a batch.
  std::string_view version = exchange.header(kVersionHeader);
  if (batch.empty() || (!version.empty() && version > "2025-03-26")) {
    // Built outside the co_await: g++ 12 destroys a conditional's temporaries there twice.
    std::string why = batch.empty() ? std::string("Invalid Request: empty batch")
                                    : "Invalid Request: JSON-RPC batches are not part of " + std::string(version);
    co_await respond_failure(exchange, nullptr, jsonrpc::Failure::invalid_request, why);
    co_return;
  }
  auto session = co_await require_session(exchange);
  if (!session) co_return;
  Json replies = Json::array();
  std::vector<std::pair<Json, std::shared_ptr<async::MessageQueue>>> waiting;
  std::string gone;  // why the upstream is unavailable, once asked
  for (auto& element : batch) {
    std::string why;
    auto kind = jsonrpc::classify(element, &why);
    if (kind == jsonrpc::Kind::invalid) {
      Json id = element.is_object() && element.contains("id") ? element["id"] : Json(nullptr);
      replies.push_back(jsonrpc::make_failure(id, jsonrpc::Failure::invalid_request, "Invalid Request: " + why));
    } else if (kind == jsonrpc::Kind::request && jsonrpc::method_of(element) == "initialize") {
      replies.push_back(jsonrpc::make_failure(element["id"], jsonrpc::Failure::invalid_request,
                                              "Invalid Request: initialize cannot be part of a batch"));
    } else if (kind == jsonrpc::Kind::request) {
      auto queue = std::make_shared<async::MessageQueue>();
      if (auto ec = session->send_request(element, queue, false)) {
        if (ec == Errc::request_id_in_use) {
          replies.push_back(id_in_use(element["id"]));
        } else {
          if (gone.empty()) gone = "upstream unavailable: " + co_await session->upstream_failure(ec);
          replies.push_back(jsonrpc::make_failure(element["id"], jsonrpc::Failure::upstream_closed, gone));
        }
      } else {
        waiting.emplace_back(element["id"], std::move(queue));
      }
    } else {
      session->send(element);
    }
  }
  for (auto& [id, queue] : waiting) {
    auto reply = co_await queue->pop(options_.request_timeout);
    if (!reply && queue->closed()) continue;  // cancelled: no answer for it
    if (!reply) {
      session->forget_request(id);
      replies.push_back(jsonrpc::make_failure(id, jsonrpc::Failure::timed_out, "Request timed out"));
    } else {
      replies.push_back(std::move(*reply).take_json());
    }
  }
  if (replies.empty()) {
    co_await exchange.respond(bhttp::status::accepted, "", "");
  } else {
    co_await exchange.respond(bhttp::status::ok, "application/json", replies.dump());
  }
}

awaitable<void> Server::initialize(http::Exchange& exchange, const Json& request, std::string raw) {
  if (sessions_.full()) {
    co_await respond_sessions_full(exchange, request["id"]);
    co_return;
  }
  auto upstream = factory_(exchange);
  if (!upstream) {
    MCPGW_LOG(error, "upstream_start_failed", "error=\"" << upstream.error().message() << "\"");
    co_await respond_failure(exchange, request["id"], jsonrpc::Failure::internal_error,
                             "could not start the upstream MCP server: " + upstream.error().message());
    co_return;
  }
  auto session = std::make_shared<session::ClientSession>(session::new_session_id(), *upstream);
  session->set_owner(exchange.principal());
  session->start(co_await asio::this_coro::executor);
  sessions_.insert(session);
  exchange.add_response_header(std::string(kSessionHeader), session->id());
  MCPGW_LOG(info, "session_open", "session=" << session->id() << " transport=streamable_http");
  co_await answer_request(exchange, *session, jsonrpc::Envelope(request, std::move(raw)));
  if (session->protocol_version().empty()) {
    // The upstream never accepted the handshake: the session is unusable.
    sessions_.remove(session->id());
    co_await session->close();
  }
}

awaitable<void> Server::answer_request(http::Exchange& exchange, session::ClientSession& session,
                                       jsonrpc::Envelope request) {
  auto queue = std::make_shared<async::MessageQueue>();
  bool streaming = !options_.json_response;
  // The request goes on parsed (serve's virtual server reads it as it is); its id stays here.
  const Json id = request.json()["id"];
  if (auto ec = session.send_request(std::move(request), queue, streaming)) {
    if (ec == Errc::request_id_in_use) {
      co_await exchange.respond(bhttp::status::bad_request, "application/json", id_in_use(id).dump());
      co_return;
    }
    co_await respond_failure(exchange, id, jsonrpc::Failure::upstream_closed,
                             "upstream unavailable: " + co_await session.upstream_failure(ec));
    co_return;
  }
  // Answer with plain JSON when the response is the only message; switch to SSE as soon as
  // anything else (progress, a sampling request) comes first. 2025-11-25 transports (SEP-1699):
  // an SSE stream opens with a priming event, and an answer that is slow to come gets its
  // stream early, so that a connection broken meanwhile can resume from the priming id.
  const bool primes = streaming && session.protocol_version() >= "2025-11-25";
  std::uint64_t stream = 0;
  auto record = [&session, &stream](std::string_view data) { return session.events().record(stream, data); };
  auto open_stream = [&]() -> awaitable<bool> {
    stream = session.new_stream_id();
    if (co_await exchange.start_stream(sse::stream_header())) co_return false;
    if (!primes) co_return true;
    co_return !co_await exchange.write_chunk(sse::format_priming(session.events().mark(stream), kRetryMs));
  };
  auto first = co_await queue->pop(primes ? std::chrono::milliseconds(kPrimeAfter) : options_.request_timeout);
  bool opened = false;
  if (!first && primes && !queue->closed()) {
    if (!co_await open_stream()) {
      session.park_stream(stream, queue);
      co_return;
    }
    opened = true;
    // A client that drops the connection now resumes from the priming id: park at once.
    using namespace asio::experimental::awaitable_operators;
    auto disconnected = [](http::Exchange& e) -> awaitable<void> { co_await e.wait_client_closed(); };
    auto waited = co_await (queue->pop(options_.request_timeout) || disconnected(exchange));
    if (waited.index() == 1) {
      session.park_stream(stream, queue);
      co_return;
    }
    first = std::move(std::get<0>(waited));
  }
  if (!first && queue->closed()) {
    // Cancelled by the client: the stream ends without an answer.
    bool ready = opened;
    if (!ready) ready = !co_await exchange.start_stream(sse::stream_header());
    if (ready) co_await exchange.end_stream();
    co_return;
  }
  if (!first) {
    session.forget_request(id);
    session.send(jsonrpc::make_notification("notifications/cancelled", {{"requestId", id}, {"reason", "timeout"}}));
    Json timeout = jsonrpc::make_failure(id, jsonrpc::Failure::timed_out,
                                         "Request timed out: no answer from the upstream MCP server in " +
                                             std::to_string(options_.request_timeout.count()) + "s");
    if (!opened) {
      co_await exchange.respond(bhttp::status::ok, "application/json", timeout.dump());
      co_return;
    }
    std::string text = timeout.dump();
    if (!co_await exchange.write_chunk(sse::format_event("message", text, record(text)))) co_await exchange.end_stream();
    co_return;
  }
  if (!opened && queue->closed() && queue->empty()) {
    co_await exchange.respond(bhttp::status::ok, "application/json", std::move(*first).take_text());
    co_return;
  }
  // 2025-03-26 transports, resumability: every event gets an id naming its stream; a client
  // whose connection breaks resumes with GET + Last-Event-ID (a disconnect is not a cancel).
  // (co_await only outside && and ||: g++ 12 can evaluate a suspension there out of turn.)
  bool broken = false;
  if (!opened) broken = !co_await open_stream();
  if (!broken) {
    const std::string& text = first->text();
    broken = static_cast<bool>(co_await exchange.write_chunk(sse::format_event("message", text, record(text))));
  }
  if (broken) {
    session.park_stream(stream, queue);
    co_return;
  }
  auto end = co_await sse::pump_queue(exchange, *queue, options_.keep_alive, record);
  if (end != sse::StreamEnd::queue_closed) session.park_stream(stream, queue);
}

awaitable<bool> Server::resume(http::Exchange& exchange, session::ClientSession& session,
                               std::string_view last_event_id) {
  auto parsed = session::EventLog::parse_id(last_event_id);
  auto replay = session.events().after(last_event_id);
  if (!parsed || !replay) co_return false;
  auto [stream, seq] = *parsed;
  std::shared_ptr<async::MessageQueue> queue = stream == 0 ? nullptr : session.unpark_stream(stream);
  if (stream != 0 && !queue && replay->empty()) {
    queue = co_await session.await_parked(stream, std::chrono::milliseconds(2000));
    if (!queue) co_return false;
    replay = session.events().after(last_event_id);
    if (!replay) co_return false;
  }
  if (co_await exchange.start_stream(sse::stream_header())) {
    if (queue) session.park_stream(stream, queue);
    co_return true;
  }
  std::string chunk;
  for (const auto& [id, data] : *replay) chunk += sse::format_event("message", data, id);
  if (co_await exchange.write_chunk(chunk)) {
    if (queue) session.park_stream(stream, queue);
    co_return true;
  }
  if (stream == 0) {
    // The standalone stream goes on live after the replay.
    auto live = std::make_shared<async::MessageQueue>();
    session.attach_stream(live);
    co_await sse::pump_queue(exchange, *live, options_.keep_alive,
                             [&session](std::string_view data) { return session.events().record(0, data); });
    session.detach_stream(live.get());
    co_return true;
  }
  if (!queue) {
    co_await exchange.end_stream();
    co_return true;
  }
  auto record = [&session, stream = stream](std::string_view data) { return session.events().record(stream, data); };
  auto end = co_await sse::pump_queue(exchange, *queue, options_.keep_alive, record);
  if (end != sse::StreamEnd::queue_closed) session.park_stream(stream, queue);
  co_return true;
}

awaitable<void> Server::handle_get(http::Exchange& exchange) {
  if (!accepts(exchange.header("Accept"), "text/event-stream")) {
    co_await respond_failure(exchange, nullptr, jsonrpc::Failure::not_acceptable,
                             "Not Acceptable: Accept must list text/event-stream");
    co_return;
  }
  if (exchange.header(kSessionHeader).empty() && protocol::era_of(exchange.header(kVersionHeader)) == protocol::Era::modern) {
    // 2026-07-28 transports: no standalone stream.
    http::Response response{bhttp::status::method_not_allowed, 11};
    response.set(bhttp::field::allow, "POST");
    co_await exchange.respond(std::move(response));
    co_return;
  }
  auto session = co_await require_session(exchange);
  if (!session) co_return;
  if (std::string_view last = exchange.header("Last-Event-ID"); !last.empty()) {
    if (co_await resume(exchange, *session, last)) co_return;
  }
  if (session->has_stream()) {
    co_await respond_failure(exchange, nullptr, jsonrpc::Failure::stream_taken,
                             "Conflict: only one standalone SSE stream is allowed per session");
    co_return;
  }
  auto queue = std::make_shared<async::MessageQueue>();
  session->attach_stream(queue);
  if (!co_await exchange.start_stream(sse::stream_header())) {
    co_await sse::pump_queue(exchange, *queue, options_.keep_alive,
                             [&session](std::string_view data) { return session->events().record(0, data); });
  }
  session->detach_stream(queue.get());
}

awaitable<void> Server::handle_delete(http::Exchange& exchange) {
  auto session = co_await require_session(exchange);
  if (!session) co_return;
  sessions_.remove(session->id());
  MCPGW_LOG(info, "session_close", "session=" << session->id() << " reason=delete");
  co_await exchange.respond(bhttp::status::ok, "", "");
  co_await session->close();
}

}  // namespace mcpgw::transport::streamable_http
