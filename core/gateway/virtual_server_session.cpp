#include "core/gateway/virtual_server_session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/async/task_failure.hpp"
#include "core/error.hpp"
#include "core/gateway/mcp_shapes.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/prompt/render.hpp"
#include "core/protocol/modern.hpp"
#include "core/protocol/params_check.hpp"
#include "core/protocol/revision.hpp"
#include "core/protocol/uri_template.hpp"
#include "core/session/input_rounds.hpp"
#include "core/transport/remote_options.hpp"

namespace mcpgw::gateway {

using jsonrpc::Json;

namespace {

/// A modern upstream that still wants input after this many rounds is answered with an error.
constexpr int kMaxInputRounds = 8;

/// One page of `items` from the offset in `cursor` (our cursors are plain offsets).
template <class T, class ToJson>
Json page_of(const std::vector<const T*>& items, const Json& params, const char* key, ToJson to_json,
             bool& bad_cursor) {
  std::size_t offset = 0;
  if (auto c = params.find("cursor"); params.is_object() && c != params.end() && !c->is_null()) {
    if (!c->is_string()) {
      bad_cursor = true;
      return nullptr;
    }
    const std::string& text = c->get_ref<const std::string&>();
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) {
      bad_cursor = true;
      return nullptr;
    }
    offset = std::stoul(text);
  }
  Json list = Json::array();
  std::size_t end = std::min(items.size(), offset + VirtualServerSession::kPageSize);
  for (std::size_t i = offset; i < end; ++i) list.push_back(to_json(*items[i]));
  Json result = {{key, std::move(list)}};
  if (end < items.size()) result["nextCursor"] = std::to_string(end);
  return result;
}

std::string text_param(const Json& params, const char* key) {
  if (!params.is_object()) return {};
  auto it = params.find(key);
  return it != params.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// What a client is told when gateways share a resource URI: who serves it, and where it can be
/// read without guessing (the wording follows the reference system's).
std::string ambiguous_uri(const CatalogView& view, const std::string& uri, const std::vector<std::string>& owners) {
  std::string names;
  for (const auto& id : owners) {
    const store::Gateway* g = view.gateway(id);
    names += (names.empty() ? "'" : ", '") + (g ? g->name : id) + "'";
  }
  return "Resource URI '" + uri + "' is ambiguous across multiple servers (gateways " + names +
         "); use /servers/{id}/mcp with a virtual server that includes one of them";
}

}  // namespace

VirtualServerSession::VirtualServerSession(const asio::any_io_executor& ex, Federation& federation, Metrics& metrics,
                               std::string server_id, HeaderPairs client_headers)
    : ex_(ex),
      federation_(federation),
      metrics_(metrics),
      server_id_(std::move(server_id)),
      client_headers_(std::move(client_headers)) {}

transport::HeaderList VirtualServerSession::passthrough_for(const store::Gateway& gateway) const {
  transport::HeaderList out;
  if (gateway.passthrough_headers.empty() || client_headers_.empty()) return out;
  auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  for (const auto& wanted : gateway.passthrough_headers) {
    // The client's credentials for the gateway are its own, whatever the list says.
    if (same(wanted, "Authorization") || same(wanted, "Cookie")) continue;
    for (const auto& [name, value] : client_headers_)
      if (same(name, wanted)) out.emplace_back(name, value);
  }
  return out;
}

void VirtualServerSession::start() { federation_.subscribe(weak_from_this()); }

awaitable<std::tuple<error_code, jsonrpc::Envelope>> VirtualServerSession::receive() {
  auto message = co_await out_.pop();
  if (!message) co_return std::tuple{make_error_code(Errc::stream_ended), jsonrpc::Envelope()};
  co_return std::tuple{error_code{}, std::move(*message)};
}

awaitable<std::optional<jsonrpc::Envelope>> VirtualServerSession::receive_within(std::chrono::steady_clock::duration limit) {
  co_return co_await out_.pop(limit);
}

awaitable<void> VirtualServerSession::close() {
  closed_ = true;
  for (auto& [key, f] : in_flight_) {
    if (f.stop) f.stop->emit(asio::cancellation_type::terminal);
    if (!f.call) continue;
    f.session->cancel(*f.call, "client session closed");
    f.call->queue->close();
  }
  in_flight_.clear();
  for (auto& [key, r] : server_requests_)
    if (r.local) r.local->close();
  out_.close();
  co_return;
}

bool VirtualServerSession::deliver_to(transport::MessageSink sink) {
  sink_ = std::move(sink);
  return true;
}

void VirtualServerSession::reply(jsonrpc::Envelope message) {
  if (sink_) {
    if (!closed_) sink_(std::move(message));
    return;
  }
  if (!out_.push(std::move(message))) MCPGW_LOG(warn, "client_backlog_full", "server=" << server_id_);
}

void VirtualServerSession::reply_error(const Json& id, jsonrpc::Failure failure, std::string_view message) {
  reply(jsonrpc::make_failure(id, failure, message));
}

void VirtualServerSession::catalog_changed(unsigned kinds) {
  if (!initialized_ || closed_) return;
  if (kinds & kToolsKind) reply(jsonrpc::make_notification("notifications/tools/list_changed"));
  if (kinds & kResourcesKind) reply(jsonrpc::make_notification("notifications/resources/list_changed"));
  if (kinds & kPromptsKind) reply(jsonrpc::make_notification("notifications/prompts/list_changed"));
}

void VirtualServerSession::resource_updated(const std::string& uri) {
  if (!initialized_ || closed_) return;
  if (!every_resource_update_ && !subscribed_uris_.count(uri)) return;
  reply(jsonrpc::make_notification("notifications/resources/updated", {{"uri", uri}}));
}

error_code VirtualServerSession::send(jsonrpc::Envelope envelope) {
  if (closed_) return make_error_code(Errc::stream_ended);
  if (envelope.json().is_discarded()) {
    reply_error(nullptr, jsonrpc::Failure::parse_error, "Parse error: " + envelope.fault().describe());
    return {};
  }
  Json message = std::move(envelope).take_json();
  switch (jsonrpc::classify(message)) {
    case jsonrpc::Kind::request: {
      std::string key = jsonrpc::id_key(message["id"]);
      if (in_flight_.count(key)) {
        // Two requests with one id would share one answer: the second is refused.
        reply_error(message["id"], jsonrpc::Failure::invalid_request,
                    "Invalid Request: id " + key + " belongs to a request still in flight");
        break;
      }
      const std::uint64_t serial = next_serial_++;
      in_flight_[key] = InFlight{serial, nullptr, nullptr, nullptr};
      asio::co_spawn(ex_, run(std::move(message), std::move(key), serial), async::log_task_failure);
      break;
    }
    case jsonrpc::Kind::notification:
      on_notification(message);
      break;
    case jsonrpc::Kind::response:
      on_response(message);
      break;
    default:
      reply_error(nullptr, jsonrpc::Failure::invalid_request, "not a JSON-RPC 2.0 message");
  }
  return {};
}

void VirtualServerSession::on_notification(const Json& message) {
  std::string_view method = jsonrpc::method_of(message);
  if (method == "notifications/initialized") {
    initialized_ = true;
  } else if (method == "notifications/cancelled") {
    const Json& params = message.value("params", Json::object());
    auto it = params.is_object() && params.contains("requestId") ? in_flight_.find(jsonrpc::id_key(params["requestId"]))
                                                                   : in_flight_.end();
    if (it == in_flight_.end()) return;
    // 2025-06-18 cancellation: the request is retired; no answer or timeout error follows.
    InFlight f = std::move(it->second);
    in_flight_.erase(it);
    if (f.stop) f.stop->emit(asio::cancellation_type::terminal);
    if (!f.call) return;
    f.session->cancel(*f.call, text_param(params, "reason"));
    f.call->queue->close();
  }
  // roots/list_changed and the rest have no upstream they belong to.
}

void VirtualServerSession::on_response(const Json& message) {
  auto it = server_requests_.find(jsonrpc::id_key(message["id"]));
  if (it == server_requests_.end()) return;
  ServerRequest r = std::move(it->second);
  server_requests_.erase(it);
  if (r.local) {
    r.local->push(message);
    return;
  }
  if (auto session = r.session.lock()) session->answer(r.upstream_id, message);
}

Json VirtualServerSession::initialize_result(const Json& params) const {
  std::string requested = text_param(params, "protocolVersion");
  std::string name = "mcpgw";
  if (!server_id_.empty())
    if (const auto* s = federation_.view()->server(server_id_)) name = s->name;
  return {{"protocolVersion", std::string(protocol::negotiate_legacy(requested))},
          {"capabilities",
           {{"tools", {{"listChanged", true}}},
            {"resources", {{"listChanged", true}, {"subscribe", true}}},
            {"prompts", {{"listChanged", true}}},
            {"completions", Json::object()},
            {"logging", Json::object()}}},
          {"serverInfo", {{"name", name}, {"version", MCPGW_VERSION}}}};
}

Json VirtualServerSession::list(const std::string& method, const Json& params, bool& bad_cursor) const {
  const auto view = federation_.view();
  if (method == "tools/list") return page_of(view->tools(server_id_), params, "tools", tool_json, bad_cursor);
  if (method == "resources/list")
    return page_of(view->resources(server_id_), params, "resources", resource_json, bad_cursor);
  if (method == "resources/templates/list")
    return page_of(view->templates(server_id_), params, "resourceTemplates", template_json, bad_cursor);
  return page_of(view->prompts(server_id_), params, "prompts", prompt_json, bad_cursor);
}

bool VirtualServerSession::retired(const std::string& key, std::uint64_t serial) const {
  auto it = in_flight_.find(key);
  return closed_ || it == in_flight_.end() || it->second.serial != serial;
}

awaitable<void> VirtualServerSession::run(Json request, std::string key, std::uint64_t serial) {
  auto self = shared_from_this();
  const Json id = request["id"];
  if (retired(key, serial)) co_return;  // cancelled before it started
  try {
    co_await handle(std::move(request), key, serial);
  } catch (const std::exception& e) {
    // A handler that fails still answers: silence would leave the client waiting forever.
    MCPGW_LOG(warn, "request_failed", "server=" << server_id_ << " what=\"" << e.what() << "\"");
    if (!retired(key, serial))
      reply_error(id, jsonrpc::Failure::internal_error, std::string("Internal error: ") + e.what());
  }
  if (!retired(key, serial)) in_flight_.erase(key);
}

awaitable<void> VirtualServerSession::handle(Json request, const std::string& key, std::uint64_t serial) {
  const std::string method(jsonrpc::method_of(request));
  const Json id = request["id"];
  static const Json kNoParams = Json::object();
  auto found = request.find("params");
  // A reference, not a copy: tool arguments can be large. Rewrites below go to `request`.
  const Json& params = found != request.end() && found->is_object() ? *found : kNoParams;
  metrics_.record_request(method);
  if (std::string problem = protocol::params_problem(method, found != request.end() ? *found : Json()); !problem.empty()) {
    reply_error(id, jsonrpc::Failure::invalid_params, "Invalid params: " + problem);
    co_return;
  }
  if (!server_id_.empty()) {
    const auto* s = federation_.view()->server(server_id_);
    if (!s || !s->enabled) {
      reply_error(id, jsonrpc::Failure::unavailable, "virtual server " + server_id_ + " is gone or disabled");
      co_return;
    }
  }
  if (method == "initialize") {
    client_context_ = protocol::context_from_initialize(request);
    reply(jsonrpc::make_result(id, initialize_result(params)));
    co_return;
  }
  if (method == "logging/setLevel") client_context_.log_level = text_param(params, "level");
  if (method == "ping" || method == "logging/setLevel") {
    reply(jsonrpc::make_result(id, Json::object()));
    co_return;
  }
  if (method == "tools/list" || method == "resources/list" || method == "resources/templates/list" ||
      method == "prompts/list") {
    // Lists only change with the view: serialize each page once and splice the id in.
    const auto view = federation_.view();
    auto cursor = params.find("cursor");
    std::string key = method + '\n' + server_id_ + '\n' + (cursor == params.end() ? std::string() : cursor->dump());
    const std::string* text = view->cached_list(key);
    if (!text) {
      bool bad_cursor = false;
      Json result = list(method, params, bad_cursor);
      if (bad_cursor) {
        reply_error(id, jsonrpc::Failure::invalid_params, "invalid cursor");
        co_return;
      }
      view->cache_list(key, result.dump());
      text = view->cached_list(key);
      if (!text) {  // the cache is full
        reply(jsonrpc::make_result(id, std::move(result)));
        co_return;
      }
    }
    std::string out;
    out.reserve(text->size() + 64);
    out += "{\"id\":";
    out += id.dump();
    out += ",\"jsonrpc\":\"2.0\",\"result\":";
    out += *text;
    out += '}';
    reply(std::move(out));
    co_return;
  }
  const auto view = federation_.view();
  std::string no_tool;  // named: g++ 12 mishandles temporaries inside co_await expressions
  if (method == "tools/call") {
    std::string name = text_param(params, "name");
    const store::Tool* tool = view->tool(server_id_, name);
    if (!tool) {
      // A tool of a gateway that is down is not unknown: say what is wrong.
      if (const store::Tool* stranded = view->tool_of_down_gateway(server_id_, name)) {
        const store::Gateway* g = view->gateway(stranded->gateway_id);
        reply_error(id, jsonrpc::Failure::upstream_failed,
                    "gateway '" + g->name + "' is unreachable: " + federation_.gateway_problem(g->id));
      } else {
        reply_error(id, jsonrpc::Failure::invalid_params, "Unknown tool: " + name);
      }
      co_return;
    }
    if (tool->integration_type == "REST") {
      co_await call_rest_tool(std::move(request), view, *tool, key, serial);
      co_return;
    }
    request["params"]["name"] = tool->original_name;
    std::string gateway = tool->gateway_id;
    co_await forward(std::move(request), std::move(gateway), std::move(name), key, serial);
    co_return;
  }
  if (method == "prompts/get") {
    std::string name = text_param(params, "name");
    const store::Prompt* prompt = view->prompt(server_id_, name);
    if (!prompt) {
      reply_error(id, jsonrpc::Failure::invalid_params, "Unknown prompt: " + name);
      co_return;
    }
    if (prompt->gateway_id.empty()) {  // kept in the gateway: rendered here
      auto a = params.find("arguments");
      prompt::Rendered rendered = prompt::render_prompt(*prompt, a == params.end() ? Json() : *a);
      if (!rendered.error.empty())
        reply_error(id, jsonrpc::Failure::invalid_params, rendered.error);
      else reply(jsonrpc::make_result(id, std::move(rendered.result)));
      co_return;
    }
    request["params"]["name"] = prompt->original_name;
    std::string gateway = prompt->gateway_id;
    co_await forward(std::move(request), std::move(gateway), no_tool, key, serial);
    co_return;
  }
  if (method == "resources/read" || method == "resources/subscribe" || method == "resources/unsubscribe") {
    std::string uri = text_param(params, "uri");
    std::vector<std::string> owners = view->resource_owners(server_id_, uri);
    if (owners.empty()) {
      // 2025-11-25 -32002 (turned into 2026-07-28's -32602 for modern clients), with the URI in
      // data as SEP-2164 asks.
      Json error = jsonrpc::make_failure(id, jsonrpc::Failure::resource_not_found, "Resource not found: " + uri);
      error["error"]["data"] = {{"uri", uri}};
      reply(std::move(error));
      co_return;
    }
    if (owners.size() > 1) {
      reply_error(id, jsonrpc::Failure::invalid_params, ambiguous_uri(*view, uri, owners));
      co_return;
    }
    if (owners.front().empty()) {  // kept in the gateway: answered here
      if (method == "resources/subscribe") subscribed_uris_.insert(uri);
      if (method == "resources/unsubscribe") subscribed_uris_.erase(uri);
      if (method != "resources/read") {
        reply(jsonrpc::make_result(id, Json::object()));
        co_return;
      }
      const store::Resource* local = nullptr;
      for (const auto* r : view->resources(server_id_))
        if (r->uri == uri && r->gateway_id.empty()) local = r;
      if (!local) {  // a template of the gateway's own: its text, the URI's {name}s filled in
        const store::ResourceTemplate* best = nullptr;
        std::optional<std::map<std::string, std::string>> values;
        std::size_t best_literal = 0;
        for (const auto* t : view->templates(server_id_)) {
          if (!t->gateway_id.empty() || !t->text) continue;
          const std::size_t literal = t->uri_template.find('{');
          if (best && literal <= best_literal) continue;
          if (auto matched = protocol::match_uri_template(t->uri_template, uri)) {
            best = t;
            best_literal = literal;
            values = std::move(matched);
          }
        }
        if (!best) {
          Json error = jsonrpc::make_failure(id, jsonrpc::Failure::resource_not_found, "Resource not found: " + uri);
          error["error"]["data"] = {{"uri", uri}};
          reply(std::move(error));
          co_return;
        }
        Json content = {{"uri", uri}, {"text", protocol::fill_uri_variables(*best->text, *values)}};
        if (!best->mime_type.empty()) content["mimeType"] = best->mime_type;
        reply(jsonrpc::make_result(id, {{"contents", Json::array({std::move(content)})}}));
        co_return;
      }
      Json content = {{"uri", uri}};
      if (!local->mime_type.empty()) content["mimeType"] = local->mime_type;
      if (local->blob) content["blob"] = *local->blob;
      else content["text"] = local->text.value_or(std::string());
      reply(jsonrpc::make_result(id, {{"contents", Json::array({std::move(content)})}}));
      co_return;
    }
    std::string owner = std::move(owners.front());
    co_await forward(std::move(request), std::move(owner), no_tool, key, serial);
    co_return;
  }
  if (method == "completion/complete") {
    const Json ref = params.value("ref", Json::object());
    std::string owner;
    if (jsonrpc::member_or(ref, "type", std::string()) == "ref/prompt") {
      if (const auto* p = view->prompt(server_id_, text_param(ref, "name"))) {
        owner = p->gateway_id;
        request["params"]["ref"]["name"] = p->original_name;
      }
    } else if (auto owners = view->resource_owners(server_id_, text_param(ref, "uri")); owners.size() == 1) {
      owner = std::move(owners.front());  // an ambiguous URI has no completions to offer
    }
    if (owner.empty()) {
      reply(jsonrpc::make_result(id, {{"completion", {{"values", Json::array()}, {"hasMore", false}}}}));
      co_return;
    }
    co_await forward(std::move(request), std::move(owner), no_tool, key, serial);
    co_return;
  }
  reply_error(id, jsonrpc::Failure::method_not_found, "Method not found: " + method);
}

awaitable<void> VirtualServerSession::forward(Json request, std::string gateway_id, std::string tool, const std::string& key,
                                        std::uint64_t serial) {
  auto self = shared_from_this();
  const Json id = request["id"];
  const auto started = std::chrono::steady_clock::now();
  bool failed = true;
  auto finish = [&] {
    if (!tool.empty()) metrics_.record_call(tool, failed, std::chrono::steady_clock::now() - started);
  };
  auto upstream = federation_.upstream(gateway_id);
  if (!upstream) {
    reply_error(id, jsonrpc::Failure::unavailable, "the gateway serving this is disabled or gone");
    finish();
    co_return;
  }
  UpstreamGuard& guard = federation_.guard();
  UpstreamGuard::Pass pass = co_await guard.enter(Federation::guard_key(gateway_id), "gateway '" + upstream->gateway().name + "'");
  if (!pass.allowed()) {
    if (!retired(key, serial)) reply_refusal(id, pass);
    finish();
    co_return;
  }
  auto session = upstream->session();
  // Connection failures are retried (RETRY_*); a call that reached the upstream never is.
  error_code ec;
  for (int attempt = 1;; ++attempt) {
    ec = co_await session->ready();
    if (!ec || attempt >= guard.retry().max_attempts || retired(key, serial)) break;
    asio::steady_timer pause(ex_, guard.retry().backoff(attempt));
    co_await pause.async_wait(use_nothrow);
    guard.count_retry();
  }
  if (retired(key, serial)) {  // cancelled while the gateway was connecting
    finish();
    co_return;
  }
  if (ec) {
    pass.finish(false);
    federation_.report_unreachable(gateway_id, session->failure());
    reply_error(id, jsonrpc::Failure::upstream_failed,
                "gateway '" + upstream->gateway().name + "' is unreachable: " + session->failure());
    finish();
    co_return;
  }
  const std::string method(jsonrpc::method_of(request));
  if (session->modern() && (method == "resources/subscribe" || method == "resources/unsubscribe")) {
    // 2026-07-28 has no per-resource subscription requests (they ride subscriptions/listen), and
    // serve does not relay resource updates: the same answer a legacy gateway gives.
    reply(jsonrpc::make_result(id, Json::object()));
    finish();
    co_return;
  }
  // A legacy client's request to a 2026-07-28 gateway carries the client's _meta, and its
  // input_required results are turned into real requests here (kept for the retry).
  const bool converting = session->modern() && !protocol::is_modern_request(request);
  Json retry_base;
  if (converting) {
    protocol::shape_modern_request(request, client_context_);
    if (protocol::may_require_input(method)) retry_base = request;
  } else if (!session->modern() && protocol::is_modern_request(request)) {
    protocol::strip_modern_meta(request);  // the gateway was found legacy since the front routed it
  }
  int rounds = 0;
  auto queue = std::make_shared<session::SharedSession::Queue>(1 << 12);
  auto call = session->start(std::move(request), queue, passthrough_for(upstream->gateway()));
  if (!call) {
    reply_error(id, jsonrpc::Failure::upstream_failed,
                "gateway '" + upstream->gateway().name + "' is unreachable: " + session->failure());
    finish();
    co_return;
  }
  in_flight_[key].session = session;
  in_flight_[key].call = *call;
  const auto timeout = federation_.options().tool_timeout;
  for (;;) {
    // Each message from upstream (progress above all) restarts the clock: long tools that
    // report progress are not cut off.
    auto next = co_await queue->pop(timeout);
    if (!next) {
      if (!queue->closed()) {
        pass.finish(false);
        session->cancel(**call, "timed out");
        reply_error(id, jsonrpc::Failure::timed_out,
                    "gateway '" + upstream->gateway().name + "' did not answer within " +
                        std::to_string(timeout.count()) + " s");
      }
      break;  // closed: the client cancelled
    }
    // SharedSession parsed it: reading it costs nothing, and the client's transport serializes
    // it once as it writes it out.
    const Json& message = next->json();
    if (!message.is_object()) continue;
    auto m = message.find("method");
    if (m == message.end()) {
      if (auto result = message.find("result");
          converting && result != message.end() && protocol::is_input_required(*result)) {
        if (++rounds > kMaxInputRounds) {
          reply_error(id, jsonrpc::Failure::internal_error,
                      "gateway '" + upstream->gateway().name + "' still asked for input after " +
                          std::to_string(kMaxInputRounds) + " rounds");
          break;
        }
        Json asks = result->value("inputRequests", Json::object());
        session::AskClient ask = [this, &key, serial](std::string m, Json p) {
          return ask_client(std::move(m), std::move(p), key, serial);
        };
        Json responses = co_await session::gather_input_responses(asks, client_context_.capabilities, std::move(ask));
        if (retired(key, serial)) break;
        Json again = retry_base;
        protocol::prepare_input_retry(again, id, std::move(responses), *result);
        queue = std::make_shared<session::SharedSession::Queue>(1 << 12);
        call = session->start(std::move(again), queue, passthrough_for(upstream->gateway()));
        if (!call) {
          reply_error(id, jsonrpc::Failure::upstream_failed,
                      "gateway '" + upstream->gateway().name + "' is unreachable: " + session->failure());
          break;
        }
        in_flight_[key].call = *call;
        continue;
      }
      failed = message.contains("error") || (message.contains("result") && message["result"].is_object() &&
                                             jsonrpc::member_or(message["result"], "isError", false));
      auto error = message.find("error");
      if (error != message.end() && jsonrpc::member_or(*error, "code", 0) == jsonrpc::code::server_error) {
        // The catch-all server error, the upstream's or ours: say which gateway. Only a failed
        // hop (told by its reason, not its code) counts against the gateway.
        Json& named = next->edit()["error"];
        named["message"] = "gateway '" + upstream->gateway().name + "': " + jsonrpc::member_or(named, "message", std::string());
        const bool hop_failed = jsonrpc::is_hop_failure(named);
        pass.finish(!hop_failed);
        if (hop_failed) federation_.report_unreachable(gateway_id, named["message"].get<std::string>());
      } else {
        pass.finish(true);
      }
      reply(std::move(*next));
      break;
    }
    if (message.contains("id")) {
      // A request of the upstream's (sampling, elicitation, roots): our own id downstream, so
      // two upstreams' ids never meet in one client session.
      Json downstream_id = "mcpgw-" + std::to_string(next_server_request_++);
      server_requests_[jsonrpc::id_key(downstream_id)] = ServerRequest{session, message["id"], nullptr};
      next->edit()["id"] = std::move(downstream_id);
      reply(std::move(*next));
      continue;
    }
    reply(std::move(*next));
  }
  finish();
}

awaitable<void> VirtualServerSession::call_rest_tool(Json request, std::shared_ptr<const CatalogView> view,
                                               const store::Tool& tool, const std::string& key, std::uint64_t serial) {
  // `view` keeps `tool` alive while the call runs, whatever the catalog becomes meanwhile.
  auto self = shared_from_this();
  const Json id = request["id"];
  const auto started = std::chrono::steady_clock::now();
  Json arguments;
  if (auto params = request.find("params"); params != request.end() && params->is_object())
    if (auto a = params->find("arguments"); a != params->end()) arguments = std::move(*a);
  UpstreamGuard& guard = federation_.guard();
  const std::string api = rest::ToolCaller::api_of(tool);
  UpstreamGuard::Pass pass = co_await guard.enter(api, "REST API " + api);
  if (!pass.allowed()) {
    metrics_.record_call(tool.name, true, std::chrono::steady_clock::now() - started);
    if (!retired(key, serial)) reply_refusal(id, pass);
    co_return;
  }
  if (retired(key, serial)) co_return;  // cancelled while it waited for a call slot
  HeaderPairs credentials = federation_.credentials(tool);
  // Its own coroutine, so that the client's notifications/cancelled can stop the HTTP exchange.
  auto stop = std::make_shared<asio::cancellation_signal>();
  in_flight_[key].stop = stop;
  rest::ToolOutcome outcome;
  try {
    outcome = co_await asio::co_spawn(ex_, federation_.rest_tools().call(tool, credentials, std::move(arguments)),
                                      asio::bind_cancellation_slot(stop->slot(), asio::use_awaitable));
  } catch (const boost::system::system_error& e) {
    if (e.code() != asio::error::operation_aborted) throw;
    outcome.api = rest::ToolOutcome::Api::not_sent;  // cancelled: nothing to tell the breaker
    outcome.failure = jsonrpc::Failure::timed_out;
  }
  if (auto it = in_flight_.find(key); it != in_flight_.end() && it->second.serial == serial) it->second.stop.reset();
  for (int i = 0; i < outcome.retries; ++i) guard.count_retry();
  if (outcome.api != rest::ToolOutcome::Api::not_sent) pass.finish(outcome.api == rest::ToolOutcome::Api::answered);
  metrics_.record_call(tool.name, outcome.is_error(), std::chrono::steady_clock::now() - started);
  if (retired(key, serial)) co_return;  // cancelled meanwhile: nothing more is sent for it
  if (outcome.failure)
    reply_error(id, *outcome.failure, outcome.error_message);
  else reply(jsonrpc::make_result(id, std::move(outcome.result)));
}

void VirtualServerSession::reply_refusal(const Json& id, const UpstreamGuard::Pass& pass) {
  reply(jsonrpc::make_failure(id, *pass.refusal, pass.refusal_message, pass.refusal_data));
}

awaitable<Json> VirtualServerSession::ask_client(std::string method, Json params, const std::string& key,
                                          std::uint64_t serial) {
  auto self = shared_from_this();
  if (retired(key, serial)) co_return Json();
  auto answer = std::make_shared<async::MessageQueue>(4);
  Json downstream_id = "mcpgw-" + std::to_string(next_server_request_++);
  const std::string answer_key = jsonrpc::id_key(downstream_id);
  server_requests_[answer_key] = ServerRequest{{}, nullptr, answer};
  reply(jsonrpc::make_request(downstream_id, method, std::move(params)));
  auto raw = co_await answer->pop(federation_.options().tool_timeout);
  server_requests_.erase(answer_key);
  co_return raw && !retired(key, serial) ? std::move(*raw).take_json() : Json();
}

bool VirtualServerSession::reaches_modern_upstream(Federation& federation, const std::string& server_id,
                                             const Json& request) {
  const std::string_view method = jsonrpc::method_of(request);
  static const Json kNoParams = Json::object();
  auto found = request.find("params");
  const Json& params = found != request.end() && found->is_object() ? *found : kNoParams;
  const auto view = federation.view();
  std::string gateway_id;
  if (method == "tools/call") {
    if (const store::Tool* tool = view->tool(server_id, text_param(params, "name"))) gateway_id = tool->gateway_id;
  } else if (method == "prompts/get") {
    if (const store::Prompt* prompt = view->prompt(server_id, text_param(params, "name"))) gateway_id = prompt->gateway_id;
  } else if (method == "resources/read") {
    if (auto owners = view->resource_owners(server_id, text_param(params, "uri")); owners.size() == 1)
      gateway_id = std::move(owners.front());
  }
  if (gateway_id.empty()) return false;
  // An open circuit is answered by the channel (the refusal), not by the gateway; and call
  // slots are taken there too.
  if (federation.guard().caps_calls() || federation.guard().open(Federation::guard_key(gateway_id))) return false;
  auto upstream = federation.upstream(gateway_id);
  return upstream && upstream->session()->is_ready() && upstream->session()->modern();
}

}  // namespace mcpgw::gateway
