#include "core/bridge/wrapper_session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "core/async/task_failure.hpp"
#include "core/error.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/protocol/modern.hpp"

namespace mcpgw::bridge {

using jsonrpc::Json;

namespace {

constexpr std::size_t kMaxCallsInFlight = 256;
constexpr auto kDrainTimeout = std::chrono::seconds(5);

/// "90 s" or "1500 ms", for messages.
std::string describe(std::chrono::milliseconds d) {
  return d.count() % 1000 == 0 ? std::to_string(d.count() / 1000) + " s" : std::to_string(d.count()) + " ms";
}

}  // namespace

WrapperSession::WrapperSession(const asio::any_io_executor& ex, WrapperConfig config)
    : ex_(ex),
      config_(std::move(config)),
      local_(std::make_shared<transport::stdio::OwnStdio>(ex)),
      remote_(std::make_shared<transport::streamable_http::Client>(ex, config_.remote)) {}

awaitable<int> WrapperSession::run() {
  auto self = shared_from_this();
  local_->start();
  asio::co_spawn(ex_, pump_remote(), async::log_task_failure);
  co_await read_local();
  // stdin closed: let answers already on their way arrive (bounded), then end the session.
  auto deadline = std::chrono::steady_clock::now() + std::min<std::chrono::steady_clock::duration>(
                                                         kDrainTimeout, config_.request_timeout);
  while (!calls_.empty() && std::chrono::steady_clock::now() < deadline)
    co_await calls_changed_.wait(deadline - std::chrono::steady_clock::now());
  co_await shutdown();
  co_return 0;
}

awaitable<void> WrapperSession::shutdown() {
  auto self = shared_from_this();
  if (modern_) modern_->close();
  co_await remote_->close();
  co_await local_->close();
}

awaitable<void> WrapperSession::read_local() {
  for (;;) {
    // Bounded work: a client that floods us waits until answers go out.
    while (calls_.size() >= kMaxCallsInFlight) co_await calls_changed_.wait();
    auto [ec, line] = co_await local_->receive();
    if (ec) co_return;
    Json error;
    auto message = jsonrpc::parse(line.text(), error);
    if (!message) {
      local_->send(error.dump());
      continue;
    }
    if (message->is_array()) {
      local_->send(jsonrpc::make_failure(nullptr, jsonrpc::Failure::invalid_request,
                                         "Invalid Request: JSON-RPC batches are not supported")
                       .dump());
      continue;
    }
    switch (jsonrpc::classify(*message)) {
      case jsonrpc::Kind::request:
        asio::co_spawn(ex_, serve_request(std::move(*message), std::move(line).take_text()), async::log_task_failure);
        break;
      case jsonrpc::Kind::notification: on_notification(*message, std::move(line).take_text()); break;
      case jsonrpc::Kind::response: on_response(*message, std::move(line).take_text()); break;
      case jsonrpc::Kind::invalid: break;  // parse() already refused these
    }
  }
}

awaitable<void> WrapperSession::pump_remote() {
  auto self = shared_from_this();
  // Server messages that belong to no request of ours: the GET stream, or the SSE stream.
  for (;;) {
    auto [ec, raw] = co_await remote_->receive();
    if (ec) co_return;
    const Json& message = raw.json();  // parsed by the remote transport already
    if (!message.is_object()) continue;
    if (message.contains("method")) {
      local_->send(std::move(raw));
      continue;
    }
    // An answer that came another way (a replayed stream): only for a request still waiting.
    auto it = message.contains("id") ? calls_.find(jsonrpc::id_key(message["id"])) : calls_.end();
    if (it != calls_.end()) {
      answer(*it->second, std::move(raw).take_text());
    } else {
      MCPGW_LOG(debug, "late_answer_dropped", "id=" << message.value("id", Json()).dump());
    }
  }
}

awaitable<void> WrapperSession::serve_request(Json request, std::string raw) {
  using namespace asio::experimental::awaitable_operators;
  auto self = shared_from_this();
  LocalCall call;
  call.id = request["id"];
  call.method = std::string(jsonrpc::method_of(request));
  const std::string key = jsonrpc::id_key(call.id);
  if (calls_.count(key)) {
    local_->send(jsonrpc::make_failure(call.id, jsonrpc::Failure::invalid_request,
                                       "Invalid Request: id " + key + " belongs to a request still in flight")
                     .dump());
    co_return;
  }
  calls_[key] = &call;
  struct Unregister {
    WrapperSession& session;
    const std::string& key;
    ~Unregister() {
      session.calls_.erase(key);
      session.calls_changed_.notify();
    }
  } unregister{*this, key};

  auto started = std::chrono::steady_clock::now();
  // Arguments of a co_await expression are named objects throughout: g++ 12 mishandles
  // temporaries that must live across the suspension.
  auto work = dispatch_answered(std::move(request), std::move(raw), call);
  auto deadline = call.stop.wait(config_.request_timeout);
  auto outcome = co_await (std::move(work) || std::move(deadline));
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  const char* outcome_name = call.cancelled ? "cancelled" : call.answered ? "answered" : "timeout";
  if (!call.answered && !call.cancelled) {
    if (outcome.index() == 1) {
      MCPGW_LOG(warn, "request_timeout", "method=" << call.method << " ms=" << ms);
      answer(call, jsonrpc::make_failure(call.id, jsonrpc::Failure::timed_out,
                                         "Request timed out: the MCP server did not answer " + call.method +
                                             " within " + describe(config_.request_timeout))
                       .dump());
      // 2025-11-25 cancellation: tell the server. A modern server saw its stream close instead.
      if (era_ == Era::legacy) {
        Json cancel = jsonrpc::make_notification("notifications/cancelled",
                                                 {{"requestId", call.id}, {"reason", "timeout"}});
        std::string text = cancel.dump();
        post_upstream(std::move(cancel), std::move(text));
      }
    } else {
      outcome_name = "lost";
      answer(call, jsonrpc::make_failure(call.id, jsonrpc::Failure::internal_error,
                                         "the MCP server's answer was lost on the way")
                       .dump());
    }
  }
  MCPGW_LOG(debug, "request_done", "method=" << call.method << " id=" << key << " ms=" << ms << " outcome=" << outcome_name);
}

awaitable<void> WrapperSession::dispatch_answered(Json request, std::string raw, LocalCall& call) {
  std::string failure;
  try {
    co_await dispatch(std::move(request), std::move(raw), call);
  } catch (const boost::system::system_error& e) {
    if (e.code() == asio::error::operation_aborted) throw;  // the deadline won: serve_request answers
    failure = e.what();
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (failure.empty()) co_return;
  MCPGW_LOG(warn, "request_failed", "method=" << call.method << " what=\"" << failure << "\"");
  answer(call, jsonrpc::make_failure(call.id, jsonrpc::Failure::internal_error, "Internal error: " + failure).dump());
}

awaitable<void> WrapperSession::dispatch(Json request, std::string raw, LocalCall& call) {
  if (call.method == "initialize") {
    co_await initialize(std::move(request), std::move(raw), call);
    co_return;
  }
  while (era_ == Era::detecting) co_await era_known_.wait();
  const bool modern_request = protocol::is_modern_request(request);
  if (era_ == Era::unknown && (call.method == "server/discover" || modern_request)) {
    // A client of the stateless era probes first, or (2026-07-28 over stdio) just sends its
    // requests with their _meta: answer from the server when that is modern.
    protocol::ModernClientContext context;
    if (!co_await choose_era(std::move(context), call)) co_return;
    if (era_ == Era::legacy && call.method == "server/discover") {
      answer(call, jsonrpc::make_failure(call.id, jsonrpc::Failure::method_not_found,
                                         "Method not found: the MCP server speaks the legacy era; send initialize")
                       .dump());
      co_return;
    }
  }
  if (era_ == Era::legacy && modern_request) {
    // 2026-07-28 versioning: the client may fall back to a revision the server speaks.
    Json refusal = protocol::unsupported_version_error(call.id, protocol::meta_protocol_version(request));
    Json legacy = Json::array();
    for (auto version : protocol::kRevisions)
      if (version != protocol::kModern) legacy.push_back(version);
    refusal["error"]["data"]["supported"] = std::move(legacy);
    answer(call, refusal.dump());
    co_return;
  }
  if (era_ == Era::unknown) {
    answer(call,
           jsonrpc::make_failure(call.id, jsonrpc::Failure::invalid_request, "Invalid Request: send initialize first")
               .dump());
    co_return;
  }
  if (era_ == Era::modern) {
    if (!modern_->answer_locally(request, call)) co_await modern_->forward(std::move(request), call);
    co_return;
  }
  co_await forward_legacy(request, std::move(raw), call);
}

awaitable<void> WrapperSession::initialize(Json request, std::string raw, LocalCall& call) {
  while (era_ == Era::detecting) co_await era_known_.wait();
  if (era_ == Era::unknown) {
    protocol::ModernClientContext context = protocol::context_from_initialize(request);
    if (!co_await choose_era(std::move(context), call)) co_return;
  }
  if (era_ == Era::modern) {
    // The era may have been chosen by a server/discover before: this client's own capabilities
    // are what the server must be told from now on.
    modern_->set_context(protocol::context_from_initialize(request));
    // A client's fields may be of any type: read, never convert.
    const Json params = request.value("params", Json());
    const Json version = params.is_object() ? params.value("protocolVersion", Json()) : Json();
    const std::string requested = version.is_string() ? version.get<std::string>() : std::string();
    answer(call, jsonrpc::make_result(call.id, modern_->initialize_result(requested)).dump());
    co_return;
  }
  co_await forward_legacy(request, std::move(raw), call);
}

awaitable<bool> WrapperSession::choose_era(protocol::ModernClientContext context, LocalCall& call) {
  era_ = Era::detecting;
  // Whatever ends this coroutine (a verdict, a failure, a timeout), waiters wake up.
  struct Settle {
    WrapperSession& session;
    ~Settle() {
      if (session.era_ == Era::detecting) session.era_ = Era::unknown;
      session.era_known_.notify();
    }
  } settle{*this};

  if (config_.era == EraChoice::legacy) {
    era_ = Era::legacy;
    MCPGW_LOG(info, "upstream_era", "era=legacy reason=configured");
    co_return true;
  }
  // 2026-07-28 versioning: a modern request first; its answer tells the era.
  for (int attempt = 0; attempt < 2; ++attempt) {
    Json probe = protocol::make_discover_request("mcpgw-discover-" + std::to_string(attempt + 1), context);
    transport::HeaderList headers = protocol::shape_modern_request(probe, context);
    Json reply;
    transport::MessageSink sink = [&reply, &probe](jsonrpc::Envelope message) {
      if (jsonrpc::is_response_to(message.json(), probe["id"])) reply = std::move(message).take_json();
    };
    std::string body = probe.dump();
    auto delivery = co_await remote_->exchange(std::move(body), probe, std::move(sink), std::move(headers));
    if (!delivery) {
      bool server_answered = delivery.http_status != 0 || delivery.rpc_error.is_object();
      if (!server_answered || delivery.ec == make_error_code(Errc::upstream_unauthorized)) {
        fail(call, delivery);
        co_return false;
      }
      if (delivery.rpc_error.is_object()) reply = Json{{"jsonrpc", "2.0"}, {"id", probe["id"]}, {"error", delivery.rpc_error}};
    }
    auto verdict = protocol::classify_discover_reply(reply);
    if (verdict.era == protocol::Era::legacy) break;
    context.version = verdict.version;
    if (!reply.contains("result")) continue;  // -32022 named a revision we speak: ask with it
    modern_ = std::make_unique<ModernRemote>(remote_, *this, context, reply["result"]);
    era_ = Era::modern;
    MCPGW_LOG(info, "upstream_era", "era=modern revision=" << context.version << " transport=streamable_http");
    asio::co_spawn(ex_, [self = shared_from_this()]() -> awaitable<void> { co_await self->modern_->listen(); },
                   async::log_task_failure);
    co_return true;
  }
  if (config_.era == EraChoice::modern) {
    answer(call, jsonrpc::make_failure(call.id, jsonrpc::Failure::unavailable,
                                       "the MCP server does not speak the 2026-07-28 revision (it did not answer "
                                       "server/discover); leave the era to be detected")
                     .dump());
    co_return false;
  }
  era_ = Era::legacy;
  MCPGW_LOG(info, "upstream_era", "era=legacy");
  co_return true;
}

awaitable<void> WrapperSession::forward_legacy(const Json& request, std::string raw, LocalCall& call) {
  // Ids pass through unchanged: this process is the server's only client on this session.
  transport::MessageSink sink = [this, &call](jsonrpc::Envelope message) {
    if (jsonrpc::is_response_to(message.json(), call.id)) {
      answer(call, std::move(message).take_text());
    } else {
      relay(call, std::move(message).take_text());
    }
  };
  transport::HeaderList no_headers;
  auto delivery = co_await remote_->exchange(std::move(raw), request, std::move(sink), std::move(no_headers));
  if (!delivery) fail(call, delivery);
}

void WrapperSession::on_notification(const Json& message, std::string raw) {
  const std::string_view method = jsonrpc::method_of(message);
  if (method == "notifications/cancelled") {
    const auto& params = message.value("params", Json::object());
    auto it = params.contains("requestId") ? calls_.find(jsonrpc::id_key(params["requestId"])) : calls_.end();
    if (it != calls_.end()) {
      // The client expects no answer any more (2025-11-25 cancellation); a modern server is
      // told by the closing of the request's stream.
      it->second->cancelled = true;
      it->second->stop.notify();
    }
  }
  if (era_ == Era::legacy) {
    post_upstream(message, std::move(raw));
    return;
  }
  // 2026-07-28 over HTTP defines no client notifications (initialized and
  // roots/list_changed are gone, cancellation is the stream closing).
  MCPGW_LOG(debug, "notification_dropped", "method=" << method);
}

void WrapperSession::on_response(const Json& message, std::string raw) {
  auto it = asked_.find(jsonrpc::id_key(message["id"]));
  if (it != asked_.end()) {
    Asked* asked = it->second;
    asked_.erase(it);
    asked->reply = message;
    asked->done = true;
    asked->signal.notify();
    return;
  }
  // An answer to a legacy server's request (sampling, elicitation, roots).
  if (era_ == Era::legacy) post_upstream(message, std::move(raw));
}

void WrapperSession::post_upstream(Json message, std::string raw) {
  asio::co_spawn(ex_, [self = shared_from_this(), message = std::move(message),
                       raw = std::move(raw)]() mutable -> awaitable<void> {
    transport::MessageSink ignore = [](jsonrpc::Envelope) {};
    transport::HeaderList no_headers;
    auto delivery = co_await self->remote_->exchange(std::move(raw), message, std::move(ignore), std::move(no_headers));
    if (!delivery)
      MCPGW_LOG(warn, "upstream_post_failed", "method=" << jsonrpc::method_of(message) << " reason=\"" << delivery.detail << "\"");
  }, async::log_task_failure);
}

void WrapperSession::answer(LocalCall& call, std::string message) {
  if (call.answered || call.cancelled) return;
  call.answered = true;
  local_->send(std::move(message));
}

void WrapperSession::fail(LocalCall& call, const transport::Delivery& delivery) {
  if (delivery.ec == make_error_code(Errc::upstream_unauthorized)) {
    MCPGW_LOG(error, "upstream_unauthorized",
              "status=" << delivery.http_status << " url=" << config_.remote.url.to_string()
                        << (delivery.www_authenticate.empty() ? "" : " www_authenticate=\"" + delivery.www_authenticate + "\"")
                        << " hint=\"check MCP_AUTH (or --auth): the server refused the credentials\"");
  } else {
    MCPGW_LOG(warn, "request_failed", "method=" << call.method << " reason=\"" << delivery.detail << "\"");
  }
  answer(call, failure_answer(call.id, delivery));
}

void WrapperSession::relay(const LocalCall& call, std::string message) {
  if (!call.answered && !call.cancelled) local_->send(std::move(message));
}

void WrapperSession::notify(std::string message) { local_->send(std::move(message)); }

awaitable<Json> WrapperSession::ask(const LocalCall& call, std::string_view method, const Json& params) {
  auto self = shared_from_this();
  const Json id = "mcpgw-ask-" + std::to_string(next_ask_id_++);
  const std::string key = jsonrpc::id_key(id);
  Asked asked;
  asked_[key] = &asked;
  // Ends with the call that asked: the client hears that the question is withdrawn.
  struct Withdraw {
    WrapperSession& session;
    const std::string& key;
    const Json& id;
    Asked& asked;
    ~Withdraw() {
      session.asked_.erase(key);
      if (!asked.done)
        session.local_->send(jsonrpc::make_notification("notifications/cancelled",
                                                        {{"requestId", id}, {"reason", "the request that asked ended"}})
                                 .dump());
    }
  } withdraw{*this, key, id, asked};
  local_->send(jsonrpc::make_request(id, method, params).dump());
  while (!asked.done && !call.answered && !call.cancelled) co_await asked.signal.wait();
  co_return asked.reply;
}

}  // namespace mcpgw::bridge
