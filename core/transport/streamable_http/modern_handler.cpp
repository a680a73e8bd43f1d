#include "core/transport/streamable_http/modern_handler.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/protocol/era_mapping.hpp"
#include "core/protocol/modern.hpp"
#include "core/protocol/params_check.hpp"
#include "core/protocol/revision.hpp"
#include "core/session/session_id.hpp"
#include "core/transport/jsonrpc_over_http.hpp"
#include "core/transport/sse/event.hpp"
#include "core/transport/sse/stream_writer.hpp"
#include "core/transport/streamable_http/reply.hpp"

namespace mcpgw::transport::streamable_http {

namespace bhttp = boost::beast::http;
using jsonrpc::Json;

namespace {

/// RFC 5424 severities as MCP names them, least severe first.
int log_rank(std::string_view level) {
  static constexpr std::string_view kLevels[] = {"debug", "info", "notice", "warning",
                                                 "error", "critical", "alert", "emergency"};
  for (int i = 0; i < 8; ++i)
    if (kLevels[i] == level) return i;
  return -1;
}

/// The log level a modern request asked for in _meta, or "" (then it gets no log messages).
std::string requested_log_level(const Json& request) {
  const Json* level = protocol::meta_field(request, protocol::kMetaLogLevel);
  return level && level->is_string() ? level->get<std::string>() : std::string();
}

/// The upstream did not answer in time: it is told, the client gets -32001.
awaitable<void> time_out(session::SharedSession& upstream, session::SharedSession::Call& call, Reply& reply) {
  upstream.cancel(call, "timeout");
  co_await reply.finish(jsonrpc::make_failure(call.client_id, jsonrpc::Failure::timed_out,
                                              "Request timed out: no answer from the upstream MCP server")
                            .dump());
}

}  // namespace

ModernHandler::ModernHandler(ModernOptions options, std::shared_ptr<session::SharedSession> upstream)
    : options_(options), upstream_(std::move(upstream)) {}

awaitable<void> ModernHandler::handle(http::Exchange& exchange, Json request) {
  auto header = [&exchange](std::string_view name) { return exchange.header(name); };
  if (auto rejection = protocol::check_modern_http_request(request, header)) {
    auto& error = rejection->body["error"];
    bool version_refused = jsonrpc::member_or(error, "code", 0) == jsonrpc::code::unsupported_protocol_version;
    if (version_refused) version_refused = !co_await upstream_->ready();
    if (version_refused && upstream_->modern()) {
      // The versions a client may ask for are those server/discover named: the upstream's.
      const auto& discovered = upstream_->discover_result();
      if (auto versions = discovered.find("supportedVersions"); versions != discovered.end() && versions->is_array())
        error["data"]["supported"] = *versions;
    }
    co_await exchange.respond(static_cast<bhttp::status>(rejection->status), "application/json",
                              rejection->body.dump());
    co_return;
  }
  auto kind = jsonrpc::classify(request);
  if (kind != jsonrpc::Kind::request) {
    // 2026-07-28: clients send no responses; cancellation is closing the stream.
    co_await exchange.respond(bhttp::status::accepted, "", "");
    co_return;
  }
  std::string method(jsonrpc::method_of(request));
  if (protocol::is_removed_in_modern(method)) {
    co_await respond_failure(exchange, request["id"], jsonrpc::Failure::method_not_found,
                             "Method not found: " + method + " does not exist in protocol version 2026-07-28");
    co_return;
  }
  if (auto ec = co_await upstream_->ready()) {
    co_await respond_in_band(exchange, request["id"], jsonrpc::Failure::internal_error, upstream_->failure());
    co_return;
  }
  if (method == "tools/call") {
    // 2026-07-28 transports: arguments a tool marks with x-mcp-header travel as Mcp-Param-*
    // headers too, and the server checks that they agree.
    const Json& params = request["params"];
    const std::string tool = jsonrpc::member_or(params, "name", std::string());
    // A tool never listed: list once, at most once a second (unknown names must not amplify).
    if (!tool_headers_.knows(tool) && std::chrono::steady_clock::now() - last_learned_ > std::chrono::seconds(1)) {
      last_learned_ = std::chrono::steady_clock::now();
      co_await learn_tools(request);
    }
    if (auto problem = tool_headers_.mismatch(params, header)) {
      co_await respond_failure(exchange, request["id"], jsonrpc::Failure::header_mismatch,
                               "Header mismatch: " + *problem);
      co_return;
    }
  }
  if (upstream_->modern()) co_return co_await pass_through(exchange, std::move(request));
  if (passes_ && !resumes_held(request) && passes_(request)) co_return co_await pass_through(exchange, std::move(request));
  if (method == "subscriptions/listen") {
    // Answered here, not upstream: its params are read here first.
    auto params = request.find("params");
    std::string problem = protocol::params_problem(method, params != request.end() ? *params : Json());
    if (!problem.empty()) {
      co_await respond_in_band(exchange, request["id"], jsonrpc::Failure::invalid_params, "Invalid params: " + problem);
      co_return;
    }
  }
  if (method == "server/discover") co_return co_await discover(exchange, request);
  if (method == "subscriptions/listen") co_return co_await listen(exchange, request);
  if (auto params = request.find("params");
      params != request.end() && params->is_object() && params->contains("requestState"))
    co_return co_await resume(exchange, request);

  Json caps = protocol::meta_client_capabilities(request);
  std::string log_level = requested_log_level(request);
  Json id = request["id"];
  protocol::strip_modern_meta(request);
  auto call = upstream_->start(std::move(request), std::make_shared<async::MessageQueue>());
  if (!call) {
    co_await respond_in_band(exchange, id, jsonrpc::Failure::internal_error, upstream_->failure());
    co_return;
  }
  co_await follow(exchange, *call, std::move(caps), std::move(log_level));
}

bool ModernHandler::resumes_held(const Json& request) const {
  auto params = request.find("params");
  if (params == request.end() || !params->is_object()) return false;
  auto state = params->find("requestState");
  return state != params->end() && state->is_string() && held_.count(state->get<std::string>()) != 0;
}

awaitable<void> ModernHandler::learn_tools(const Json& like) {
  Json cursor;
  for (int page = 0; page < 16; ++page) {
    Json params = Json::object();
    if (auto p = like.find("params"); p != like.end() && p->is_object() && p->contains("_meta")) params["_meta"] = (*p)["_meta"];
    if (!cursor.is_null()) params["cursor"] = cursor;
    Json list = jsonrpc::make_request("mcpgw-tools", "tools/list", std::move(params));
    if (!upstream_->modern()) protocol::strip_modern_meta(list);
    auto queue = std::make_shared<async::MessageQueue>();
    auto call = upstream_->start(std::move(list), queue);
    if (!call) co_return;
    Json result;
    for (;;) {
      auto next = co_await queue->pop(std::chrono::duration_cast<std::chrono::milliseconds>(options_.request_timeout));
      if (!next) {
        if (!queue->closed()) upstream_->cancel(**call, "timeout");
        co_return;
      }
      Json message = std::move(*next).take_json();
      if (jsonrpc::classify(message) != jsonrpc::Kind::response) continue;
      if (!message.contains("result") || !message["result"].is_object()) co_return;
      result = std::move(message["result"]);
      break;
    }
    tool_headers_.learn(result);
    cursor = result.value("nextCursor", Json());
    if (!cursor.is_string()) co_return;
  }
}

void ModernHandler::learn_from(const std::string& method, const Json& response) {
  if (method != "tools/list") return;
  auto result = response.find("result");
  if (result == response.end() || !result->is_object()) return;
  Json copy = *result;  // learn() drops tools with broken annotations: a client's duty, not ours
  tool_headers_.learn(copy);
}

awaitable<void> ModernHandler::pass_through(http::Exchange& exchange, Json request) {
  // Both ends speak 2026-07-28: the request goes on as the client shaped it (its _meta, its
  // requestState and inputResponses), and what comes back is the upstream's own answer.
  Json id = request["id"];
  auto call = upstream_->start(std::move(request), std::make_shared<async::MessageQueue>());
  if (!call) {
    co_await respond_in_band(exchange, id, jsonrpc::Failure::internal_error, upstream_->failure());
    co_return;
  }
  using namespace asio::experimental::awaitable_operators;
  auto disconnected = [](http::Exchange& e) -> awaitable<void> { co_await e.wait_client_closed(); };
  auto outcome = co_await (relay_modern(exchange, *call) || disconnected(exchange));
  if (outcome.index() == 1) {
    // 2026-07-28: closing the response stream cancels; on stdio that is notifications/cancelled.
    MCPGW_LOG(debug, "modern_cancel", "method=" << (*call)->method);
    upstream_->cancel(**call, "the client closed the response stream");
  }
}

awaitable<void> ModernHandler::relay_modern(http::Exchange& exchange, std::shared_ptr<session::SharedSession::Call> call) {
  Reply reply(exchange, options_.json_response);
  // A listen stream has no answer until it ends: it waits for as long as the client listens.
  const bool listening = call->method == "subscriptions/listen";
  const auto wait = listening ? std::chrono::duration_cast<std::chrono::milliseconds>(options_.keep_alive)
                              : std::chrono::duration_cast<std::chrono::milliseconds>(options_.request_timeout);
  for (;;) {
    auto next = co_await call->queue->pop(wait);
    if (!next && call->queue->closed()) {
      co_await reply.abandon();
      co_return;
    }
    if (!next && listening) {
      if (!reply.streaming()) continue;
      if (co_await exchange.write_chunk(sse::kKeepAlive)) co_return;
      continue;
    }
    if (!next) {
      co_await time_out(*upstream_, *call, reply);
      co_return;
    }
    const Json& message = next->json();
    auto kind = jsonrpc::classify(message);
    if (kind == jsonrpc::Kind::response) {
      int status = 200;
      if (auto error = message.find("error"); error != message.end() && error->is_object())
        status = protocol::http_status_for_error(jsonrpc::member_or(*error, "code", 0));
      learn_from(call->method, message);
      co_await reply.finish(std::move(*next).take_text(), status);
      co_return;
    }
    if (kind == jsonrpc::Kind::request) {
      // A 2026-07-28 server asks through input_required, never with a request of its own.
      upstream_->answer(message["id"],
                        {{"error", jsonrpc::error_object(jsonrpc::Failure::method_not_found,
                                                         "a 2026-07-28 client takes no server requests")}});
      continue;
    }
    if (co_await reply.notify(next->text())) {
      upstream_->cancel(*call, "client disconnected");
      co_return;
    }
  }
}

awaitable<void> ModernHandler::discover(http::Exchange& exchange, const Json& request) {
  Json result = protocol::discover_from_initialize(upstream_->initialize_result(), options_.cache_ttl_ms);
  co_await exchange.respond(bhttp::status::ok, "application/json", jsonrpc::make_result(request["id"], result).dump());
}

awaitable<void> ModernHandler::resume(http::Exchange& exchange, const Json& request) {
  expire_held();
  const auto& params = request["params"];
  const auto& state = params["requestState"];
  auto it = state.is_string() ? held_.find(state.get<std::string>()) : held_.end();
  if (it == held_.end()) {
    co_await respond_in_band(exchange, request["id"], jsonrpc::Failure::invalid_params,
                             "requestState is unknown or has expired; send the request again without it");
    co_return;
  }
  Held held = std::move(it->second);
  held_.erase(it);
  const auto& responses = params.value("inputResponses", Json::object());
  for (const auto& [key, upstream_id] : held.input_keys) {
    auto answer = responses.find(key);
    if (answer != responses.end()) {
      upstream_->answer(upstream_id, {{"result", *answer}});
    } else {
      upstream_->answer(upstream_id, {{"error", jsonrpc::error_object(jsonrpc::Failure::invalid_params,
                                                                      "the client gave no response for " + key)}});
    }
  }
  upstream_->rebind(*held.call, request["id"], held.call->queue);
  co_await follow(exchange, held.call, protocol::meta_client_capabilities(request), requested_log_level(request));
}

awaitable<void> ModernHandler::follow(http::Exchange& exchange, std::shared_ptr<session::SharedSession::Call> call,
                                      Json client_capabilities, std::string log_level) {
  using namespace asio::experimental::awaitable_operators;
  auto disconnected = [](http::Exchange& e) -> awaitable<void> { co_await e.wait_client_closed(); };
  auto outcome = co_await (follow_call(exchange, call, std::move(client_capabilities), std::move(log_level)) ||
                           disconnected(exchange));
  if (outcome.index() == 1) {
    // 2026-07-28 transports: closing the response stream cancels the request.
    MCPGW_LOG(debug, "modern_cancel", "method=" << call->method);
    upstream_->cancel(*call, "the client closed the response stream");
  }
}

awaitable<void> ModernHandler::follow_call(http::Exchange& exchange,
                                           std::shared_ptr<session::SharedSession::Call> call,
                                           Json client_capabilities, std::string log_level) {
  Reply reply(exchange, options_.json_response);
  Json input_requests = Json::object();
  std::map<std::string, Json> input_keys;
  const Json server_info = upstream_->initialize_result().value("serverInfo", Json());
  for (;;) {
    // Once an input request is pending, gather whatever else arrives at once, then hand them
    // all to the client in one input_required result.
    auto wait = input_requests.empty() ? std::chrono::duration_cast<std::chrono::milliseconds>(options_.request_timeout)
                                       : std::chrono::milliseconds(20);
    auto next = co_await call->queue->pop(wait);
    if (!next) {
      if (!input_requests.empty()) {
        std::string state = session::new_session_id();
        held_[state] = Held{call, std::move(input_keys), client_capabilities,
                            std::chrono::steady_clock::now() + options_.input_timeout};
        Json result = {{"resultType", "input_required"}, {"inputRequests", std::move(input_requests)},
                       {"requestState", state}};
        co_await reply.finish(jsonrpc::make_result(call->client_id, std::move(result)).dump());
        co_return;
      }
      co_await time_out(*upstream_, *call, reply);
      co_return;
    }
    const Json& message = next->json();
    auto kind = jsonrpc::classify(message);
    if (kind == jsonrpc::Kind::response) {
      int status = 200;
      Json& answer = next->edit();  // the 2026-07-28 shape of the result or error
      if (answer.contains("result")) {
        protocol::to_modern_result(call->method, answer["result"], server_info, options_.cache_ttl_ms);
        learn_from(call->method, answer);
      } else {
        protocol::to_modern_error(answer["error"]);
        status = protocol::http_status_for_error(jsonrpc::member_or(answer["error"], "code", 0));
      }
      co_await reply.finish(std::move(*next).take_text(), status);
      co_return;
    }
    if (kind == jsonrpc::Kind::request) {
      std::string method(jsonrpc::method_of(message));
      const std::string needed(protocol::capability_for_input(method));
      if (needed.empty() || !protocol::may_require_input(call->method)) {
        upstream_->answer(message["id"], {{"error", jsonrpc::error_object(jsonrpc::Failure::method_not_found,
                                                                          "the client cannot answer " + method)}});
        continue;
      }
      if (!client_capabilities.contains(needed) && method == "roots/list") {
        // stdio cannot tell whether the call asked; a client without roots simply has none.
        upstream_->answer(message["id"], {{"result", {{"roots", Json::array()}}}});
        continue;
      }
      if (!client_capabilities.contains(needed)) {
        // 2026-07-28: a request that needs an undeclared capability fails with -32021.
        std::string why = "the client did not declare the " + std::string(needed) + " capability";
        upstream_->answer(message["id"],
                          {{"error", jsonrpc::error_object(jsonrpc::Failure::missing_client_capability, why)}});
        upstream_->cancel(*call, why);
        Json data = {{"requiredCapabilities", {{needed, Json::object()}}}};
        co_await reply.finish(jsonrpc::make_failure(call->client_id, jsonrpc::Failure::missing_client_capability,
                                                    "Missing required client capability: " + std::string(needed), data)
                                  .dump(),
                              400);
        co_return;
      }
      std::string key = "input-" + message["id"].dump();
      input_keys[key] = message["id"];
      input_requests[key] = {{"method", method}, {"params", message.value("params", Json::object())}};
      continue;
    }
    if (jsonrpc::method_of(message) == "notifications/message") {
      // 2026-07-28: log messages only for requests that asked, at their level or above.
      const auto& level = jsonrpc::member_or(message["params"], "level", std::string());
      if (log_level.empty() || log_rank(level) < log_rank(log_level)) continue;
    }
    if (co_await reply.notify(next->text())) {
      // 2026-07-28 transports: a client that closes the response stream cancels the request.
      upstream_->cancel(*call, "client disconnected");
      co_return;
    }
  }
}

awaitable<void> ModernHandler::listen(http::Exchange& exchange, const Json& request) {
  static const Json kNone = Json::object();
  auto params = request.find("params");
  auto notifications = params != request.end() ? params->find("notifications") : Json::const_iterator();
  const Json& wanted = params != request.end() && notifications != params->end() && notifications->is_object()
                           ? *notifications
                           : kNone;
  Json subscription_meta = {{protocol::kMetaSubscriptionId, request["id"]}};
  auto queue = std::make_shared<async::MessageQueue>();
  upstream_->add_listener(queue);
  Json ack = jsonrpc::make_notification("notifications/subscriptions/acknowledged",
                                        {{"_meta", subscription_meta}, {"notifications", wanted}});
  // (co_await only outside && and ||: g++ 12 can evaluate a suspension there out of turn.)
  bool ok = !co_await exchange.start_stream(sse::stream_header());
  if (ok) ok = !co_await exchange.write_chunk(sse::format_event("message", ack.dump()));
  auto flag = [&wanted](const char* key) {
    auto it = wanted.find(key);
    return it != wanted.end() && it->is_boolean() && it->get<bool>();
  };
  auto opted_in = [&wanted, &flag](const Json& message) {
    std::string_view m = jsonrpc::method_of(message);
    if (m == "notifications/tools/list_changed") return flag("toolsListChanged");
    if (m == "notifications/prompts/list_changed") return flag("promptsListChanged");
    if (m == "notifications/resources/list_changed") return flag("resourcesListChanged");
    if (m == "notifications/resources/updated") {
      auto uris = wanted.find("resourceSubscriptions");
      auto params = message.find("params");
      if (uris == wanted.end() || !uris->is_array() || params == message.end() || !params->is_object()) return false;
      auto uri = params->find("uri");
      return uri != params->end() && std::find(uris->begin(), uris->end(), *uri) != uris->end();
    }
    return false;
  };
  while (ok) {
    auto next = co_await queue->pop(options_.keep_alive);
    if (!next) {
      ok = !co_await exchange.write_chunk(sse::kKeepAlive);
      continue;
    }
    Json message = std::move(*next).take_json();
    if (!message.is_object() || !opted_in(message)) continue;
    if (auto params = message.find("params"); params != message.end() && !params->is_object()) continue;
    Json& meta = message["params"]["_meta"];
    if (!meta.is_object()) meta = Json::object();
    meta.update(subscription_meta);
    ok = !co_await exchange.write_chunk(sse::format_event("message", message.dump()));
  }
  upstream_->remove_listener(queue.get());
}

void ModernHandler::expire_held() {
  auto now = std::chrono::steady_clock::now();
  for (auto it = held_.begin(); it != held_.end();) {
    if (it->second.expires < now) {
      upstream_->cancel(*it->second.call, "input not provided in time");
      it = held_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace mcpgw::transport::streamable_http
