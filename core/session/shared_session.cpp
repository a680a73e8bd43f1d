#include "core/session/shared_session.hpp"

#include <algorithm>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>

#include "core/error.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/protocol/era_mapping.hpp"
#include "core/protocol/modern.hpp"
#include "core/protocol/revision.hpp"
#include "core/session/upstream_message.hpp"
#include "core/transport/remote_options.hpp"

namespace mcpgw::session {

using jsonrpc::Json;

namespace {

std::string progress_key(const Json& token) { return token.dump(); }



/// Why initialize failed: our transport's own account when it could not deliver, otherwise what
/// failed and the error code, never what the far side wrote.
std::string initialize_failure(const Json& response) {
  const Json* error = response.is_object() && response.contains("error") && response["error"].is_object()
                          ? &response["error"]
                          : nullptr;
  if (!error) return "the upstream MCP server answered initialize with no result";
  if (jsonrpc::is_hop_failure(*error))
    return jsonrpc::member_or(*error, "message", std::string("initialize could not be delivered"));
  return "the upstream MCP server refused initialize (JSON-RPC error " + error->value("code", Json(0)).dump() + ")";
}
}  // namespace

SharedSession::SharedSession(Factory factory, Json client_capabilities, Json client_info)
    : SharedSession(
          AsyncFactory([sync = std::move(factory)]() -> awaitable<boost::system::result<std::shared_ptr<transport::Channel>>> {
            co_return sync();
          }),
          std::move(client_capabilities), std::move(client_info)) {}

SharedSession::SharedSession(AsyncFactory factory, Json client_capabilities, Json client_info)
    : factory_(std::move(factory)),
      client_capabilities_(std::move(client_capabilities)),
      client_info_(std::move(client_info)) {}

awaitable<error_code> SharedSession::ready() {
  auto self = shared_from_this();
  while (state_ == State::starting) co_await state_changed_.wait();
  if (state_ == State::ready) co_return error_code{};

  state_ = State::starting;
  modern_ = false;
  discover_result_ = nullptr;
  bool probe = detect_modern_;
  for (int attempt = 0;; ++attempt) {
    if (auto ec = co_await open()) co_return ec;
    if (probe) {
      auto verdict = co_await probe_era();
      if (verdict == Probe::modern) {
        state_ = State::ready;
        state_changed_.notify();
        MCPGW_LOG(info, "shared_upstream_ready", "era=modern protocol=" << protocol::kModern);
        if (listen_for_changes_) listen_for_changes(co_await asio::this_coro::executor);
        co_return error_code{};
      }
      if (verdict == Probe::died && attempt == 0) {
        // A legacy server that cannot bear a request before initialize: start it again, no probe.
        MCPGW_LOG(info, "shared_upstream_probe_fatal", "reason=\"" << failure_ << "\" next=initialize");
        probe = false;
        continue;
      }
      if (verdict == Probe::died) co_return co_await give_up(make_error_code(Errc::upstream_exited));
    }
    co_return co_await initialize();
  }
}

awaitable<error_code> SharedSession::open() {
  auto channel = co_await factory_();
  if (!channel) {
    failure_ = "could not start the upstream MCP server: " + channel.error().message();
    state_ = State::idle;
    state_changed_.notify();
    co_return channel.error();
  }
  channel_ = *channel;
  failure_.clear();
  asio::co_spawn(co_await asio::this_coro::executor, pump(channel_), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      MCPGW_LOG(error, "shared_upstream_failed", "what=\"" << ex.what() << "\"");
    }
  });
  co_return error_code{};
}

awaitable<SharedSession::Exchanged> SharedSession::exchange_own(Json request, std::chrono::milliseconds timeout,
                                                                  transport::HeaderList headers) {
  auto queue = std::make_shared<Queue>();
  auto call = std::make_shared<Call>();
  call->upstream_id = next_id_++;
  call->client_id = call->upstream_id;
  call->method = std::string(jsonrpc::method_of(request));
  call->queue = queue;
  calls_[call->upstream_id] = call;
  request["id"] = call->upstream_id;
  auto opened = channel_;
  Exchanged out;
  out.ec = opened->send_with_headers(std::move(request), std::move(headers));
  if (out.ec) {
    // Dead before it could be asked (a child that exits at start): say what it said.
    std::string detail = co_await opened->settled_failure_detail();
    failure_ = "upstream MCP server closed the connection (" + out.ec.message() + (detail.empty() ? "" : "; " + detail) + ")";
  } else {
    auto reply = co_await queue->pop(timeout);
    if (!reply) {
      out.ec = make_error_code(Errc::upstream_timeout);
      failure_ = "the upstream MCP server did not answer " + call->method;
    } else if (channel_ != opened && !failure_.empty()) {
      // The channel died meanwhile: pump() said why (exit code, stderr) in failure_.
      out.ec = make_error_code(Errc::upstream_exited);
    } else {
      out.reply = std::move(*reply).take_json();
    }
  }
  calls_.erase(call->upstream_id);
  co_return out;
}

awaitable<SharedSession::Probe> SharedSession::probe_era() {
  // 2026-07-28 versioning: server/discover first; its answer tells the era.
  protocol::ModernClientContext context = own_context();
  auto opened = channel_;
  for (int round = 0; round < 2; ++round) {
    Json discover = protocol::make_discover_request(nullptr, context);
    auto headers = protocol::shape_modern_request(discover, context);
    auto [ec, reply] = co_await exchange_own(std::move(discover), probe_timeout_, std::move(headers));
    if (ec == Errc::upstream_timeout) {
      // Silence is the legacy answer; the unanswered probe is forgotten (a late answer is dropped).
      failure_.clear();
      co_return Probe::legacy;
    }
    if (ec) {
      // The channel died; a fresh one will be opened, so this one must not linger.
      if (channel_ == opened) channel_.reset();
      co_await opened->close();
      co_return Probe::died;
    }
    auto verdict = protocol::classify_discover_reply(reply);
    if (verdict.era == protocol::Era::legacy) co_return Probe::legacy;
    if (!reply.contains("result")) {
      // -32022 named a revision we speak: ask again with it.
      context.version = verdict.version;
      continue;
    }
    discover_result_ = std::move(reply["result"]);
    initialize_result_ = protocol::initialize_result_from_discover(discover_result_, protocol::kLatestLegacy);
    tool_headers_ = {};
    modern_ = true;
    co_return Probe::modern;
  }
  co_return Probe::legacy;
}

awaitable<error_code> SharedSession::give_up(error_code ec) {
  MCPGW_LOG(warn, "shared_upstream_init_failed", "reason=\"" << failure_ << "\"");
  auto dead = std::move(channel_);
  state_ = State::idle;
  state_changed_.notify();
  // pump() may have dropped a channel that died during the handshake already.
  if (dead) co_await dead->close();
  co_return ec;
}

awaitable<error_code> SharedSession::initialize() {
  // The gateway is the upstream's client: it performs the legacy handshake once for everyone.
  Json init = jsonrpc::make_request(
      nullptr, "initialize",
      {{"protocolVersion", protocol::kLatestLegacy}, {"capabilities", client_capabilities_}, {"clientInfo", client_info_}});
  auto [ec, response] = co_await exchange_own(std::move(init), initialize_timeout_);
  if (!ec && (!response.is_object() || !response.contains("result"))) {
    ec = make_error_code(Errc::upstream_exited);
    failure_ = initialize_failure(response);
  }
  if (ec) co_return co_await give_up(ec);
  initialize_result_ = std::move(response["result"]);
  channel_->send(jsonrpc::make_notification("notifications/initialized"));
  state_ = State::ready;
  state_changed_.notify();
  MCPGW_LOG(info, "shared_upstream_ready",
            "protocol=" << jsonrpc::member_or(initialize_result_, "protocolVersion", std::string("?")));
  co_return error_code{};
}

boost::system::result<std::shared_ptr<SharedSession::Call>> SharedSession::start(Json request,
                                                                                     std::shared_ptr<Queue> queue,
                                                                                     transport::HeaderList headers) {
  if (state_ != State::ready || !channel_) return make_error_code(Errc::upstream_exited);
  auto call = std::make_shared<Call>();
  call->upstream_id = next_id_++;
  call->client_id = request["id"];
  call->method = std::string(jsonrpc::method_of(request));
  call->queue = std::move(queue);
  call->order = next_order_++;
  request["id"] = call->upstream_id;
  if (auto params = request.find("params"); params != request.end() && params->is_object()) {
    if (auto meta = params->find("_meta"); meta != params->end() && meta->is_object()) {
      if (auto token = meta->find("progressToken"); token != meta->end()) {
        // Two clients may pick the same token; upstream sees one of ours.
        call->client_progress = *token;
        call->upstream_progress = "p" + std::to_string(call->upstream_id);
        *token = call->upstream_progress;
        by_progress_[progress_key(Json(call->upstream_progress))] = call;
      }
    }
  }
  calls_[call->upstream_id] = call;
  if (modern_) {
    // The stateless era's headers (HTTP upstreams; a stdio channel ignores them).
    // A modern client's request keeps its own _meta (what it declared, and nothing more).
    auto era = protocol::is_modern_request(request) ? protocol::modern_request_headers(request)
                                                    : protocol::shape_modern_request(request, own_context());
    for (auto& header : era) headers.push_back(std::move(header));
    if (call->method == "tools/call")
      for (auto& header : tool_headers_.headers_for(request["params"])) headers.push_back(std::move(header));
  }
  auto ec = headers.empty() ? channel_->send(std::move(request))
                            : channel_->send_with_headers(std::move(request), std::move(headers));
  if (ec) {
    finish(*call);
    return ec;
  }
  return call;
}

void SharedSession::rebind(Call& call, const Json& client_id, std::shared_ptr<Queue> queue) {
  call.client_id = client_id;
  call.queue = std::move(queue);
  call.order = next_order_++;
}

error_code SharedSession::answer(const Json& upstream_request_id, const Json& outcome) {
  if (state_ != State::ready || !channel_) return make_error_code(Errc::upstream_exited);
  Json response = {{"jsonrpc", "2.0"}, {"id", upstream_request_id}};
  if (outcome.contains("error")) response["error"] = outcome["error"];
  else response["result"] = outcome.value("result", Json::object());
  return channel_->send(std::move(response));
}

void SharedSession::cancel(Call& call, std::string_view reason) {
  // 2026-07-28 over HTTP: closing the request's stream is the cancellation; over stdio (and in the
  // legacy era) notifications/cancelled says it.
  if (channel_ && calls_.count(call.upstream_id) &&
      !(modern_ && channel_->abandon(jsonrpc::id_key(Json(call.upstream_id))))) {
    channel_->send(
        jsonrpc::make_notification("notifications/cancelled", {{"requestId", call.upstream_id}, {"reason", reason}}));
  }
  finish(call);
}

void SharedSession::finish(Call& call) {
  if (!call.upstream_progress.empty()) by_progress_.erase(progress_key(Json(call.upstream_progress)));
  calls_.erase(call.upstream_id);
}

void SharedSession::add_listener(std::shared_ptr<Queue> queue) { listeners_.push_back(std::move(queue)); }

void SharedSession::remove_listener(const Queue* queue) {
  listeners_.erase(std::remove_if(listeners_.begin(), listeners_.end(),
                                  [queue](const auto& q) { return q.get() == queue; }),
                   listeners_.end());
}

awaitable<void> SharedSession::pump(std::shared_ptr<transport::Channel> channel) {
  auto self = shared_from_this();
  for (;;) {
    auto [ec, message] = co_await channel->receive();
    if (ec) {
      if (channel != channel_) break;  // an old channel we already replaced
      std::string detail = co_await channel->settled_failure_detail();
      if (channel != channel_) break;  // replaced or closed while we waited
      failure_ = "upstream MCP server closed the connection (" + ec.message() + (detail.empty() ? "" : "; " + detail) + ")";
      MCPGW_LOG(warn, "shared_upstream_closed", "reason=\"" << failure_ << "\"");
      channel_.reset();
      // During a start, the starter decides what follows (another try, or giving up).
      if (state_ == State::ready) state_ = State::idle;
      state_changed_.notify();
      fail_calls(failure_);
      break;
    }
    // After close() or a restart this channel is no longer ours: what it still says is moot.
    if (channel != channel_) break;
    route(std::move(message));
  }
}

protocol::ModernClientContext SharedSession::own_context() const {
  protocol::ModernClientContext context;
  context.capabilities = client_capabilities_;
  context.client_info = client_info_;
  return context;
}

void SharedSession::listen_for_changes(const asio::any_io_executor& ex) {
  Json filter = protocol::list_changed_filter(discover_result_);
  if (filter.empty()) return;
  auto queue = std::make_shared<Queue>();
  auto call = start(jsonrpc::make_request(nullptr, "subscriptions/listen", {{"notifications", std::move(filter)}}), queue);
  if (!call) return;
  change_listener_ = (*call)->upstream_id;
  asio::co_spawn(ex, relay_changes(std::move(queue)), [](std::exception_ptr) {});
}

awaitable<void> SharedSession::relay_changes(std::shared_ptr<Queue> queue) {
  auto self = shared_from_this();
  // Ends with the stream: its answer, or the upstream's loss (the next start listens again).
  while (auto message = co_await queue->pop()) {
    std::string_view method = jsonrpc::method_of(message->json());
    if (method.ends_with("/list_changed") || method == "notifications/resources/updated")
      for (auto& listener : listeners_) listener->push(*message);
    else if (!method.empty() && method != "notifications/subscriptions/acknowledged")
      MCPGW_LOG(debug, "listen_message_dropped", "method=" << method);
    else if (method.empty())
      MCPGW_LOG(info, "listen_ended", "answer=\"" << std::string_view(message->text()).substr(0, 200) << "\"");
  }
}

SharedSession::Call* SharedSession::newest_call() {
  Call* newest = nullptr;
  for (auto& [id, call] : calls_) {
    if (call->method != "initialize" && (!newest || call->order > newest->order)) newest = call.get();
  }
  return newest;
}

void SharedSession::route(jsonrpc::Envelope envelope) {
  auto kind = classify_upstream_message(envelope, {});
  if (!kind) return;
  if (*kind == jsonrpc::Kind::response) {
    // The id changes back to the caller's: edited in the parsed value, serialized by whoever
    // writes it out (a client's HTTP response), once.
    Json& message = envelope.edit();
    auto& id = message["id"];
    auto it = id.is_number_integer() ? calls_.find(id.get<std::int64_t>()) : calls_.end();
    if (it == calls_.end()) return;  // cancelled or timed out: a late answer nobody waits for
    auto call = it->second;
    finish(*call);
    if (modern_ && call->method == "tools/list") {
      if (auto result = message.find("result"); result != message.end() && result->is_object()) {
        Json copy = *result;  // learn() drops tools with broken annotations; the caller decides that
        tool_headers_.learn(copy);
      }
    }
    id = call->client_id;
    call->queue->push(std::move(envelope));
    call->queue->close();
    return;
  }
  if (*kind == jsonrpc::Kind::request) {
    route_server_request(std::move(envelope));
    return;
  }
  const Json& message = envelope.json();
  std::string_view method = jsonrpc::method_of(message);
  if (method == "notifications/progress") {
    auto params = message.find("params");
    if (params == message.end() || !params->is_object()) return;
    auto token = params->find("progressToken");
    if (token == params->end()) return;
    auto it = by_progress_.find(progress_key(*token));
    if (it == by_progress_.end()) return;
    Call& call = *it->second;
    envelope.edit()["params"]["progressToken"] = call.client_progress;
    call.queue->push(std::move(envelope));
    return;
  }
  if (Call* listen = subscription_of(message)) {
    // 2026-07-28: a listen stream's notifications name it by its request id, ours on this hop.
    envelope.edit()["params"]["_meta"][protocol::kMetaSubscriptionId] = listen->client_id;
    listen->queue->push(std::move(envelope));
    return;
  }
  if (method.ends_with("/list_changed") || method == "notifications/resources/updated") {
    for (auto& listener : listeners_) listener->push(envelope);
    return;
  }
  // Log messages and the rest belong to whatever is running; stdio cannot say more.
  if (Call* call = newest_call()) call->queue->push(std::move(envelope));
}

SharedSession::Call* SharedSession::subscription_of(const Json& notification) {
  const Json* id = protocol::meta_field(notification, protocol::kMetaSubscriptionId);
  if (!id || !id->is_number_integer()) return nullptr;
  auto it = calls_.find(id->get<std::int64_t>());
  return it != calls_.end() && it->second->method == "subscriptions/listen" ? it->second.get() : nullptr;
}

void SharedSession::route_server_request(jsonrpc::Envelope envelope) {
  std::string_view method = jsonrpc::method_of(envelope.json());
  if (method == "ping") {
    channel_->send(jsonrpc::make_result(envelope.json()["id"], Json::object()));
    return;
  }
  Json& message = envelope.edit();  // the stream's tag, if any, comes out
  // A streamable HTTP upstream says which request's stream carried it (RemoteOptions::
  // tag_related_requests); otherwise (stdio) the newest call is the best guess.
  Call* call = nullptr;
  if (auto params = message.find("params"); params != message.end() && params->is_object()) {
    if (auto meta = params->find("_meta"); meta != params->end() && meta->is_object()) {
      if (auto related = meta->find(transport::kRelatedRequestMeta); related != meta->end()) {
        if (related->is_number_integer())
          if (auto it = calls_.find(related->get<std::int64_t>()); it != calls_.end()) call = it->second.get();
        meta->erase(related);
        if (meta->empty()) params->erase(meta);
      }
    }
  }
  if (!call) call = newest_call();
  if (!call) {
    // Nobody downstream could answer; roots/list outside a call has a neutral answer.
    Json reply = method == "roots/list"
                     ? jsonrpc::make_result(message["id"], {{"roots", Json::array()}})
                     : jsonrpc::make_failure(message["id"], jsonrpc::Failure::method_not_found,
                                             "no client request is in progress to answer " + std::string(method));
    channel_->send(std::move(reply));
    return;
  }
  call->queue->push(std::move(envelope));
}

void SharedSession::fail_calls(const std::string& why) {
  auto calls = std::move(calls_);
  calls_.clear();
  by_progress_.clear();
  for (auto& [id, call] : calls) {
    call->queue->push(jsonrpc::make_failure(call->client_id, jsonrpc::Failure::upstream_closed, why));
    call->queue->close();
  }
}

awaitable<void> SharedSession::close() {
  auto self = shared_from_this();
  if (!channel_) co_return;
  auto channel = std::move(channel_);
  state_ = State::idle;
  fail_calls("gateway shutting down");
  co_await channel->close();
}

}  // namespace mcpgw::session
