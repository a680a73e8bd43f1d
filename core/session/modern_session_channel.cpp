#include "core/session/modern_session_channel.hpp"

#include <boost/asio/co_spawn.hpp>

#include "core/async/task_failure.hpp"
#include "core/error.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/protocol/modern.hpp"
#include "core/protocol/revision.hpp"
#include "core/session/input_rounds.hpp"

namespace mcpgw::session {

using jsonrpc::Json;

namespace {
/// A modern upstream that still wants input after this many rounds is answered with an error.
constexpr int kMaxInputRounds = 8;

std::string text_param(const Json& request, const char* key) {
  auto params = request.find("params");
  if (params == request.end() || !params->is_object()) return {};
  return jsonrpc::member_or(*params, key, std::string());
}
}  // namespace

ModernSessionChannel::ModernSessionChannel(const asio::any_io_executor& ex, std::shared_ptr<SharedSession> upstream,
                                           std::chrono::milliseconds ask_timeout)
    : ex_(ex), upstream_(std::move(upstream)), ask_timeout_(ask_timeout) {}

void ModernSessionChannel::reply(jsonrpc::Envelope message) {
  if (!out_.push(std::move(message))) MCPGW_LOG(warn, "client_backlog_full", "session=modern");
}

error_code ModernSessionChannel::send(jsonrpc::Envelope raw) {
  if (closed_) return make_error_code(Errc::stream_ended);
  if (raw.json().is_discarded()) {
    reply(jsonrpc::make_failure(nullptr, jsonrpc::Failure::parse_error, "Parse error: " + raw.fault().describe()));
    return {};
  }
  Json message = std::move(raw).take_json();
  switch (jsonrpc::classify(message)) {
    case jsonrpc::Kind::request:
      asio::co_spawn(ex_, run(std::move(message)), async::log_task_failure);
      break;
    case jsonrpc::Kind::response: {
      auto it = asked_.find(jsonrpc::id_key(message["id"]));
      if (it != asked_.end()) it->second->push(std::move(message));
      break;
    }
    case jsonrpc::Kind::notification:
      if (jsonrpc::method_of(message) == "notifications/cancelled") {
        // 2025-06-18 cancellation: on a modern stdio upstream it is notifications/cancelled too.
        const Json& params = message["params"];
        auto it = params.is_object() && params.contains("requestId") ? in_flight_.find(jsonrpc::id_key(params["requestId"]))
                                                                       : in_flight_.end();
        if (it != in_flight_.end()) {
          auto call = std::move(it->second);
          in_flight_.erase(it);
          upstream_->cancel(*call, text_param(message, "reason"));
          call->queue->close();
        }
      }
      // notifications/initialized and roots/list_changed concern no modern upstream.
      break;
    default:
      reply(jsonrpc::make_failure(nullptr, jsonrpc::Failure::invalid_request, "not a JSON-RPC 2.0 message"));
  }
  return {};
}

awaitable<std::tuple<error_code, jsonrpc::Envelope>> ModernSessionChannel::receive() {
  auto message = co_await out_.pop();
  if (!message) co_return std::tuple{make_error_code(Errc::stream_ended), jsonrpc::Envelope()};
  co_return std::tuple{error_code{}, std::move(*message)};
}

awaitable<void> ModernSessionChannel::close() {
  closed_ = true;
  for (auto& [key, call] : in_flight_) {
    upstream_->cancel(*call, "client session closed");
    call->queue->close();
  }
  in_flight_.clear();
  if (listen_) {
    upstream_->cancel(*listen_, "client session closed");
    listen_->queue->close();
    listen_.reset();
  }
  for (auto& [key, queue] : asked_) queue->close();
  out_.close();
  co_return;
}

awaitable<void> ModernSessionChannel::run(Json request) {
  auto self = shared_from_this();
  const std::string method(jsonrpc::method_of(request));
  const Json id = request["id"];
  if (method == "initialize") {
    if (auto ec = co_await upstream_->ready(); ec || !upstream_->modern()) {
      reply(jsonrpc::make_failure(id, jsonrpc::Failure::upstream_closed,
                                  ec ? upstream_->failure() : "the upstream MCP server no longer speaks 2026-07-28"));
      co_return;
    }
    context_ = protocol::context_from_initialize(request);
    reply(jsonrpc::make_result(id, protocol::initialize_result_from_discover(upstream_->discover_result(),
                                                                             text_param(request, "protocolVersion"))));
    listen();
    co_return;
  }
  if (method == "ping") {
    reply(jsonrpc::make_result(id, Json::object()));  // 2026-07-28 removed ping; this link is alive
    co_return;
  }
  if (method == "logging/setLevel") {
    context_.log_level = text_param(request, "level");  // 2026-07-28: the level rides each request
    reply(jsonrpc::make_result(id, Json::object()));
    co_return;
  }
  if (method == "resources/subscribe" || method == "resources/unsubscribe") {
    // 2026-07-28: subscriptions ride the subscriptions/listen stream.
    std::string uri = text_param(request, "uri");
    if (method == "resources/subscribe") subscriptions_.insert(std::move(uri));
    else subscriptions_.erase(uri);
    listen();
    reply(jsonrpc::make_result(id, Json::object()));
    co_return;
  }
  const std::string key = jsonrpc::id_key(id);
  if (in_flight_.count(key)) {
    reply(jsonrpc::make_failure(id, jsonrpc::Failure::invalid_request,
                                "Invalid Request: id " + key + " belongs to a request still in flight"));
    co_return;
  }
  co_await forward(std::move(request));
}

awaitable<void> ModernSessionChannel::forward(Json request) {
  const Json id = request["id"];
  const std::string key = jsonrpc::id_key(id);
  const std::string method(jsonrpc::method_of(request));
  if (auto ec = co_await upstream_->ready(); ec) {
    reply(jsonrpc::make_failure(id, jsonrpc::Failure::upstream_closed, upstream_->failure()));
    co_return;
  }
  protocol::shape_modern_request(request, context_);
  const Json retry_base = protocol::may_require_input(method) ? request : Json();
  Json next = std::move(request);
  for (int round = 0;; ++round) {
    auto queue = std::make_shared<async::MessageQueue>(1 << 12);
    auto call = upstream_->start(std::move(next), queue);
    if (!call) {
      reply(jsonrpc::make_failure(id, jsonrpc::Failure::upstream_closed, upstream_->failure()));
      co_return;
    }
    in_flight_[key] = *call;
    Json answer;
    while (auto raw = co_await queue->pop()) {
      const Json& message = raw->json();
      if (jsonrpc::classify(message) == jsonrpc::Kind::response) {
        answer = std::move(*raw).take_json();
        break;
      }
      if (jsonrpc::classify(message) == jsonrpc::Kind::request) {
        // A 2026-07-28 server asks through input_required, never with a request of its own.
        upstream_->answer(message["id"],
                          {{"error", jsonrpc::error_object(jsonrpc::Failure::method_not_found,
                                                           "requests are made through input_required")}});
        continue;
      }
      if (!out_.push(std::move(*raw))) MCPGW_LOG(warn, "client_backlog_full", "session=modern");
    }
    auto mine = in_flight_.find(key);
    if (mine == in_flight_.end() || mine->second != *call) co_return;  // cancelled, or the session closed
    in_flight_.erase(mine);
    if (answer.is_null()) co_return;
    auto result = answer.find("result");
    if (result == answer.end() || !protocol::is_input_required(*result)) {
      out_.push(std::move(answer));
      co_return;
    }
    if (round + 1 >= kMaxInputRounds) {
      reply(jsonrpc::make_failure(
          id, jsonrpc::Failure::internal_error,
          "the MCP server still asked for input after " + std::to_string(kMaxInputRounds) + " rounds"));
      co_return;
    }
    Json asks = result->value("inputRequests", Json::object());
    AskClient ask = [this](std::string m, Json p) { return ask_client(std::move(m), std::move(p)); };
    Json responses = co_await gather_input_responses(asks, context_.capabilities, std::move(ask));
    if (closed_) co_return;
    next = retry_base;
    protocol::prepare_input_retry(next, id, std::move(responses), *result);
  }
}

awaitable<Json> ModernSessionChannel::ask_client(std::string method, Json params) {
  auto self = shared_from_this();
  if (closed_) co_return Json();
  auto answer = std::make_shared<async::MessageQueue>(4);
  Json id = "mcpgw-input-" + std::to_string(next_ask_++);
  const std::string key = jsonrpc::id_key(id);
  asked_[key] = answer;
  reply(jsonrpc::make_request(id, method, std::move(params)));
  auto raw = co_await answer->pop(ask_timeout_);
  asked_.erase(key);
  co_return raw ? std::move(*raw).take_json() : Json();
}

void ModernSessionChannel::listen() {
  if (closed_) return;
  if (listen_) {
    upstream_->cancel(*listen_, "subscriptions changed");
    listen_->queue->close();
    listen_.reset();
  }
  Json filter = protocol::list_changed_filter(upstream_->discover_result());
  if (!subscriptions_.empty()) filter["resourceSubscriptions"] = Json(subscriptions_);
  if (filter.empty()) return;
  Json request = jsonrpc::make_request("listen", "subscriptions/listen", {{"notifications", std::move(filter)}});
  protocol::shape_modern_request(request, context_);
  auto queue = std::make_shared<async::MessageQueue>(1 << 12);
  auto call = upstream_->start(std::move(request), queue);
  if (!call) return;
  listen_ = *call;
  asio::co_spawn(ex_, relay_listen(std::move(queue)), async::log_task_failure);
}

awaitable<void> ModernSessionChannel::relay_listen(std::shared_ptr<async::MessageQueue> queue) {
  auto self = shared_from_this();
  while (auto raw = co_await queue->pop()) {
    Json message = std::move(*raw).take_json();
    std::string_view method = jsonrpc::method_of(message);
    if (method.empty() || method == "notifications/subscriptions/acknowledged") continue;
    // The stream's own id means nothing to a legacy client.
    if (auto params = message.find("params"); params != message.end() && params->is_object()) {
      if (auto meta = params->find("_meta"); meta != params->end() && meta->is_object()) {
        meta->erase(std::string(protocol::kMetaSubscriptionId));
        if (meta->empty()) params->erase(meta);
      }
    }
    reply(std::move(message));
  }
}

}  // namespace mcpgw::session
