#include "core/bridge/modern_remote.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/protocol/modern.hpp"
#include "core/session/input_rounds.hpp"

namespace mcpgw::bridge {

using jsonrpc::Json;

namespace {

constexpr int kMaxInputRounds = 8;
constexpr int kMaxListPages = 16;

}  // namespace

ModernRemote::ModernRemote(std::shared_ptr<transport::streamable_http::Client> remote, LocalPeer& local,
                               protocol::ModernClientContext context, Json discover_result)
    : remote_(std::move(remote)), local_(local), context_(std::move(context)), discover_(std::move(discover_result)) {}

Json ModernRemote::initialize_result(std::string_view requested_version) const {
  return protocol::initialize_result_from_discover(discover_, requested_version);
}

bool ModernRemote::answer_locally(const Json& request, LocalCall& call) {
  const std::string_view method = jsonrpc::method_of(request);
  const Json params = request.value("params", Json::object());
  if (method == "ping") {
    // 2026-07-28 removed ping; the local link is alive if we are answering.
  } else if (method == "logging/setLevel") {
    // 2026-07-28: the log level travels with each request in _meta.
    context_.log_level = jsonrpc::member_or(params, "level", std::string());
  } else if (method == "resources/subscribe" || method == "resources/unsubscribe") {
    // 2026-07-28: subscriptions ride the subscriptions/listen stream.
    std::string uri = jsonrpc::member_or(params, "uri", std::string());
    if (method == "resources/subscribe") subscriptions_.insert(uri);
    else subscriptions_.erase(uri);
    subscriptions_changed_.notify();
  } else {
    return false;
  }
  local_.answer(call, jsonrpc::make_result(call.id, Json::object()).dump());
  return true;
}

awaitable<ModernRemote::RoundTrip> ModernRemote::round_trip(Json& request, const LocalCall& call) {
  const Json upstream_id = next_id_++;
  request["id"] = upstream_id;
  transport::HeaderList headers = protocol::shape_modern_request(request, context_);
  if (call.method == "tools/call") {
    for (auto& header : tool_headers_.headers_for(request["params"])) headers.push_back(std::move(header));
  }
  RoundTrip trip;
  transport::MessageSink sink = [&](jsonrpc::Envelope received) {
    const Json& message = received.json();
    if (jsonrpc::is_response_to(message, upstream_id)) {
      trip.answer = std::move(received).take_json();
      return;
    }
    // Progress and log messages ride the request's own stream (2026-07-28 transports). A
    // listen stream's notifications name it by our id for it: the local client knows its own.
    if (auto subscription = protocol::meta_field(message, protocol::kMetaSubscriptionId); subscription && *subscription == upstream_id)
      received.edit()["params"]["_meta"][protocol::kMetaSubscriptionId] = call.id;
    local_.relay(call, std::move(received).take_text());
  };
  std::string body = request.dump();
  trip.delivery = co_await remote_->exchange(std::move(body), request, std::move(sink), std::move(headers));
  if (!trip.delivery && trip.delivery.rpc_error.is_object() && trip.delivery.rpc_error.contains("code"))
    trip.answer = Json{{"jsonrpc", "2.0"}, {"id", upstream_id}, {"error", trip.delivery.rpc_error}};
  co_return trip;
}

awaitable<void> ModernRemote::forward(Json request, LocalCall& call) {
  // A local client that speaks 2026-07-28 itself handles input_required on its own.
  const bool passthrough = protocol::is_modern_request(request);
  bool refreshed = false;
  for (int round = 0; round < kMaxInputRounds; ++round) {
    RoundTrip trip = co_await round_trip(request, call);
    if (trip.answer.is_null()) {
      local_.fail(call, trip.delivery);
      co_return;
    }
    Json& answer = trip.answer;
    if (auto error = answer.find("error"); error != answer.end()) {
      // 2026-07-28 transports: a header mismatch on tools/call may mean the tool's x-mcp-header
      // annotations changed; list the tools again and retry once.
      if (call.method == "tools/call" && !refreshed && jsonrpc::member_or(*error, "code", 0) == jsonrpc::code::header_mismatch) {
        refreshed = true;
        co_await refresh_tool_headers(call);
        --round;
        continue;
      }
      answer["id"] = call.id;
      local_.answer(call, answer.dump());
      co_return;
    }
    Json& result = answer["result"];
    if (!passthrough && protocol::is_input_required(result)) {
      const Json asks = result.value("inputRequests", Json::object());
      session::AskClient ask = [this, &call](std::string method, Json params) -> awaitable<Json> {
        co_return co_await local_.ask(call, method, params);
      };
      Json responses = co_await session::gather_input_responses(asks, context_.capabilities, std::move(ask));
      if (call.answered) co_return;
      protocol::prepare_input_retry(request, nullptr, std::move(responses), result);
      continue;
    }
    if (call.method == "tools/list") {
      // 2026-07-28 transports: tools with invalid x-mcp-header annotations are left out.
      for (const auto& rejected : tool_headers_.learn(result))
        MCPGW_LOG(warn, "tool_rejected", "tool=" << rejected.tool << " reason=\"" << rejected.reason << "\"");
    }
    answer["id"] = call.id;
    local_.answer(call, answer.dump());
    co_return;
  }
  local_.answer(call, jsonrpc::make_failure(
                          call.id, jsonrpc::Failure::internal_error,
                          "the MCP server still asked for input after " + std::to_string(kMaxInputRounds) + " rounds")
                          .dump());
}

awaitable<void> ModernRemote::refresh_tool_headers(const LocalCall& call) {
  Json cursor;
  for (int page = 0; page < kMaxListPages; ++page) {
    Json list = jsonrpc::make_request(nullptr, "tools/list", cursor.is_null() ? Json::object() : Json{{"cursor", cursor}});
    RoundTrip trip = co_await round_trip(list, call);
    if (!trip.answer.contains("result")) co_return;
    Json& result = trip.answer["result"];
    tool_headers_.learn(result);
    cursor = result.value("nextCursor", Json());
    if (!cursor.is_string()) co_return;
  }
}

Json ModernRemote::listen_filter() const {
  Json filter = protocol::list_changed_filter(discover_);
  if (!subscriptions_.empty()) filter["resourceSubscriptions"] = Json(subscriptions_);
  return filter;
}

awaitable<void> ModernRemote::listen() {
  using namespace asio::experimental::awaitable_operators;
  int failures = 0;
  while (!closed_ && failures < 8) {
    Json filter = listen_filter();
    if (filter.empty()) {
      co_await subscriptions_changed_.wait();
      continue;
    }
    Json request = jsonrpc::make_request("mcpgw-listen-" + std::to_string(next_id_++), "subscriptions/listen",
                                         {{"notifications", filter}});
    transport::HeaderList headers = protocol::shape_modern_request(request, context_);
    transport::MessageSink sink = [this](jsonrpc::Envelope message) {
      std::string_view method = jsonrpc::method_of(message.json());
      if (method.empty() || method == "notifications/subscriptions/acknowledged") return;
      local_.notify(std::move(message).take_text());
    };
    std::string body = request.dump();
    auto started = std::chrono::steady_clock::now();
    auto stream = remote_->exchange(std::move(body), request, std::move(sink), std::move(headers));
    auto changed = subscriptions_changed_.wait();
    auto ended = co_await (std::move(stream) || std::move(changed));
    if (ended.index() == 1) continue;  // the subscriptions changed: listen again with the new filter
    const auto& delivery = std::get<0>(ended);
    if (delivery.rpc_error.is_object() && jsonrpc::member_or(delivery.rpc_error, "code", 0) == jsonrpc::code::method_not_found) {
      MCPGW_LOG(info, "listen_unsupported", "reason=\"" << delivery.detail << "\"");
      co_return;
    }
    failures = std::chrono::steady_clock::now() - started > std::chrono::seconds(5) ? 0 : failures + 1;
    asio::steady_timer timer(co_await asio::this_coro::executor,
                             std::chrono::milliseconds(std::min(250 << failures, 30000)));
    co_await timer.async_wait(use_nothrow);
  }
}

void ModernRemote::close() {
  closed_ = true;
  subscriptions_changed_.notify();
}

}  // namespace mcpgw::bridge
