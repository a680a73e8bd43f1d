#include "core/gateway/serve_front.hpp"

#include <boost/beast/http/empty_body.hpp>

#include "core/gateway/virtual_server_session.hpp"
#include "core/gateway/rest_support.hpp"
#include "core/gateway/serve_routes.hpp"
#include "core/gateway/server_card.hpp"
#include "core/http/cors.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/protocol/revision.hpp"
#include "core/session/shared_session.hpp"
#include "core/transport/sse/server.hpp"
#include "core/transport/streamable_http/modern_handler.hpp"
#include "core/transport/streamable_http/server.hpp"

namespace mcpgw::gateway {

namespace bhttp = boost::beast::http;
namespace shttp = transport::streamable_http;
using jsonrpc::Json;

/// The MCP endpoints of one scope (a virtual server, or "" for everything): the transports
/// `translate` uses, over GatewayChannels instead of stdio children.
struct ServeFront::Endpoint {
  Endpoint(ServeFront& front, const std::string& server_id)
      : shared(std::make_shared<session::SharedSession>(
            [&front, server_id]() -> boost::system::result<std::shared_ptr<transport::Channel>> {
              return front.new_channel(server_id, nullptr);
            },
            gateway_client_capabilities(), Json{{"name", "mcpgw-modern"}, {"version", MCPGW_VERSION}})),
        modern({false, 0, front.options_.keep_alive, front.options_.request_timeout, front.options_.request_timeout},
               shared),
        streamable({false, front.options_.keep_alive, front.options_.request_timeout},
                   [&front, server_id](const http::Exchange& e) { return front.new_channel(server_id, &e); },
                   front.sessions_, &modern),
        sse({front.options_.root_path + (server_id.empty() ? std::string() : "/servers/" + server_id) + "/message",
             front.options_.keep_alive},
            [&front, server_id](const http::Exchange& e) { return front.new_channel(server_id, &e); },
            front.sessions_) {
    // A gateway that speaks 2026-07-28 answers a modern client's calls itself (input_required,
    // requestState, its own errors), as translate's modern upstreams do.
    modern.set_pass_through([&front, server_id](const Json& request) {
      return VirtualServerSession::reaches_modern_upstream(front.federation_, server_id, request);
    });
  }

  std::shared_ptr<session::SharedSession> shared;
  shttp::ModernHandler modern;
  shttp::Server streamable;
  transport::sse::Server sse;
};

ServeFront::ServeFront(const asio::any_io_executor& ex, FrontOptions options, Federation& federation,
                       Metrics& metrics, RequestAuth& auth)
    : ex_(ex),
      options_(std::move(options)),
      federation_(federation),
      metrics_(metrics),
      auth_(auth),
      rest_(federation, auth, options_.catalog),
      origins_(options_.host, options_.allowed_origins),
      sessions_(options_.session_ttl, options_.max_sessions),
      admission_(options_.rate_limits) {}

ServeFront::~ServeFront() = default;

namespace {
/// How much longer than a call's own timeout /rpc waits for an answer before giving one itself.
constexpr std::chrono::seconds kRpcGrace{30};

/// The request's headers a gateway may pass through: not those of this hop's transport or
/// credentials.
HeaderPairs client_headers(const http::Exchange& exchange) {
  HeaderPairs headers;
  for (const auto& field : exchange.request()) {
    auto name = field.name();
    if (name == bhttp::field::authorization || name == bhttp::field::cookie || name == bhttp::field::host ||
        name == bhttp::field::content_length || name == bhttp::field::content_type || name == bhttp::field::accept ||
        name == bhttp::field::connection || name == bhttp::field::transfer_encoding)
      continue;
    headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  return headers;
}
}  // namespace

boost::system::result<std::shared_ptr<transport::Channel>> ServeFront::new_channel(const std::string& server_id,
                                                                                   const http::Exchange* exchange) {
  auto channel = std::make_shared<VirtualServerSession>(ex_, federation_, metrics_, server_id,
                                                  exchange ? client_headers(*exchange) : HeaderPairs{});
  if (!exchange) channel->send_every_resource_update();  // the 2026-07-28 clients' shared channel
  channel->start();
  return std::shared_ptr<transport::Channel>(std::move(channel));
}

ServeFront::Endpoint& ServeFront::endpoint(const std::string& server_id) {
  auto& slot = endpoints_[server_id];
  if (!slot) slot = std::make_unique<Endpoint>(*this, server_id);
  return *slot;
}

awaitable<void> ServeFront::close_all() {
  co_await sessions_.close_all();
  for (auto& [id, e] : endpoints_) co_await e->shared->close();
}

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

}  // namespace

awaitable<void> ServeFront::handle(http::Exchange& exchange) {
  std::string_view path = exchange.path();
  if (!options_.root_path.empty() && path.starts_with(options_.root_path)) path.remove_prefix(options_.root_path.size());
  std::vector<std::string> segments = split_path(path);
  if (!segments.empty() && segments[0] == "v1") segments.erase(segments.begin());

  std::string_view origin = exchange.header("Origin");
  http::allow_cors(exchange, origins_);
  // "" when no route has this path (404 once the caller is known); HEAD runs a GET route.
  std::string_view methods = route_methods(segments, options_.admin_api);
  if (!methods.empty() && !exchange.allow_methods(methods)) {
    co_await respond_detail(exchange, 405, "method not allowed");
    co_return;
  }
  // DNS rebinding: every route, /health and /ready included.
  if (auto why = origins_.check(exchange.header("Host"), origin); !why.empty()) {
    MCPGW_LOG(warn, "request_rejected", "reason=\"" << why << "\"");
    co_await respond_detail(exchange, 403, "Forbidden: " + why);
    co_return;
  }
  if (exchange.request().method() == bhttp::verb::options && !methods.empty()) {
    co_await http::respond_preflight(exchange, origins_, methods);
    co_return;
  }
  if (segments.size() == 1 && segments[0] == "ready") {
    Json body = {{"status", ready_ ? "ready" : "starting"}};
    co_await respond_json(exchange, ready_ ? 200 : 503, body);
    co_return;
  }

  if (const std::string* server_id = server_card_scope(segments)) {
    co_await server_card(exchange, *server_id);
    co_return;
  }

  bool is_mcp = (segments.size() == 1 && (segments[0] == "mcp" || segments[0] == "sse" || segments[0] == "message" ||
                                          segments[0] == "rpc")) ||
                (segments.size() == 3 && segments[0] == "servers" &&
                 (segments[2] == "mcp" || segments[2] == "sse" || segments[2] == "message"));
  Caller caller = auth_.identify(exchange.header("Authorization"), !is_mcp);
  if (segments.size() == 1 && (segments[0] == "health" || segments[0] == "healthz")) {
    // Open, but only a caller with a token learns which gateways exist and why they fail.
    co_await health(exchange, caller.allowed());
    co_return;
  }
  if (!caller.allowed()) {
    exchange.add_response_header("WWW-Authenticate", "Bearer realm=\"mcpgw\"");
    co_await respond_detail(exchange, 401, caller.error);
    co_return;
  }
  exchange.set_principal(std::move(caller.subject));
  if (is_mcp) {
    co_await mcp(exchange, segments);
    co_return;
  }
  if (segments.size() == 1 && segments[0] == "version") {
    co_await version(exchange);
    co_return;
  }
  if (segments.size() == 1 && segments[0] == "metrics") {
    co_await metrics(exchange);
    co_return;
  }
  // Any token reads and calls; only an admin changes what the gateway stores or runs.
  auto verb = exchange.request().method();
  // POST /prompts/{id} renders a prompt (ContextForge's prompts/get over REST): a read.
  const bool renders_prompt = verb == bhttp::verb::post && segments.size() == 2 && segments[0] == "prompts";
  // An export carries (sealed) credentials and the whole configuration: admins only, as ContextForge.
  const bool exports = !segments.empty() && segments[0] == "export";
  if (options_.admin_api && !caller.admin &&
      ((verb != bhttp::verb::get && verb != bhttp::verb::head && !renders_prompt) || exports)) {
    co_await respond_detail(exchange, 403,
                            "Forbidden: " + std::string(exchange.request().method_string()) + " " + std::string(path) +
                                " changes the gateway and needs an admin token (is_admin true; mcpgw token --admin)");
    co_return;
  }
  if (renders_prompt && admission_.enabled()) {
    auto decision = admission_.admit(exchange.principal(), nullptr);
    CallAdmission::add_headers(exchange, decision);
    if (!decision.allowed) {
      co_await respond_detail(exchange, 429, CallAdmission::error(nullptr, decision)["error"]["message"].get<std::string>());
      co_return;
    }
  }
  bool handled = false;
  if (options_.admin_api) handled = co_await rest_.handle(exchange, segments);
  if (!handled) co_await respond_detail(exchange, 404, "Not Found");
}

awaitable<bool> ServeFront::admit_calls(http::Exchange& exchange, const std::string& server_id) {
  if (!admission_.enabled() || exchange.request().method() != bhttp::verb::post) co_return true;
  const std::string& body = exchange.request().body();
  // Most messages are not calls: skip the parse when no counted method can be in the body.
  if (body.find("tools/call") == std::string::npos && body.find("resources/read") == std::string::npos &&
      body.find("prompts/get") == std::string::npos)
    co_return true;
  Json parsed;
  auto decision = admission_.admit_body(exchange.principal(), body, *federation_.view(), server_id, parsed);
  CallAdmission::add_headers(exchange, decision);
  if (decision.allowed) co_return true;
  // Refused: now it is worth a document, to answer each request by its id.
  if (parsed.is_null()) parsed = jsonrpc::read_json(body);
  co_await respond_json(exchange, 429, CallAdmission::refusal(parsed, decision));
  co_return false;
}

awaitable<bool> ServeFront::mcp(http::Exchange& exchange, const std::vector<std::string>& segments) {
  if (segments[0] == "rpc") {
    if (co_await admit_calls(exchange, std::string())) co_await rpc(exchange);
    co_return true;
  }
  std::string server_id;
  std::string kind = segments.back();
  if (segments.size() == 3) {
    server_id = segments[1];
    if (!federation_.view()->server(server_id)) {
      co_await respond_detail(exchange, 404, "server " + server_id + " not found");
      co_return true;
    }
  }
  if (kind != "sse") {
    const bool admitted = co_await admit_calls(exchange, server_id);
    if (!admitted) co_return true;
  }
  Endpoint& e = endpoint(server_id);
  if (kind == "mcp") co_await e.streamable.handle(exchange);
  else if (kind == "sse") co_await e.sse.handle_stream(exchange);
  else co_await e.sse.handle_message(exchange);
  co_return true;
}

awaitable<void> ServeFront::rpc(http::Exchange& exchange) {
  if (exchange.request().method() != bhttp::verb::post) {
    co_await respond_detail(exchange, 405, "POST a JSON-RPC request");
    co_return;
  }
  Json error;
  auto message = jsonrpc::parse(exchange.request().body(), error);
  if (!message) {
    co_await respond_json(exchange, 400, error);
    co_return;
  }
  if (message->is_array() || jsonrpc::classify(*message) != jsonrpc::Kind::request) {
    co_await exchange.respond(bhttp::status::accepted, "application/json", "");
    co_return;
  }
  const Json id = (*message)["id"];
  auto channel = std::make_shared<VirtualServerSession>(ex_, federation_, metrics_, std::string(), client_headers(exchange));
  // No MCP session: the request is answered as if the client had initialized.
  channel->send(jsonrpc::make_notification("notifications/initialized"));
  channel->send(std::move(*message));
  Json answer;
  // The gateway's own call timeout answers first; this bounds everything else (connecting).
  const auto limit = federation_.options().tool_timeout + kRpcGrace;
  for (;;) {
    auto raw = co_await channel->receive_within(limit);
    if (!raw) {
      answer = jsonrpc::make_failure(id, jsonrpc::Failure::timed_out,
                                     "no answer within " + std::to_string(limit.count()) + " s");
      break;
    }
    Json m = std::move(*raw).take_json();
    if (!m.is_object()) continue;
    if (m.contains("method")) {
      // A server request needs a client to answer it; /rpc has none.
      if (m.contains("id"))
        channel->send(jsonrpc::make_failure(m["id"], jsonrpc::Failure::method_not_found, "no client on /rpc"));
      continue;
    }
    answer = std::move(m);
    break;
  }
  co_await channel->close();
  if (answer.is_null()) answer = jsonrpc::make_failure(id, jsonrpc::Failure::internal_error, "no answer");
  co_await respond_json(exchange, 200, answer);
}

awaitable<void> ServeFront::health(http::Exchange& exchange, bool detail) {
  if (!detail) {
    Json status = {{"status", "healthy"}};
    co_await respond_json(exchange, 200, status);
    co_return;
  }
  auto view = federation_.view();
  Json down = Json::array();
  std::size_t enabled = 0;
  for (const auto& g : view->gateways()) {
    if (!g.enabled) continue;
    ++enabled;
    if (view->is_down(g.id)) down.push_back({{"id", g.id}, {"name", g.name}, {"reason", federation_.gateway_problem(g.id)}});
  }
  Json body = {{"status", "healthy"},
               {"gateways", {{"total", view->gateways().size()}, {"enabled", enabled}, {"unreachable", down}}},
               {"circuits", federation_.guard().health()},
               {"sessions", sessions_.size()}};
  co_await respond_json(exchange, 200, body);
}

const std::string* ServeFront::server_card_scope(const std::vector<std::string>& segments) {
  static const std::string kWholeGateway;
  const auto n = segments.size();
  const bool well_known = n >= 3 && segments[n - 3] == ".well-known" && segments[n - 2] == "mcp" &&
                          segments[n - 1] == "server-card.json";
  const bool beside_endpoint = n >= 2 && segments[n - 2] == "mcp" && segments[n - 1] == "server-card";
  if (!well_known && !beside_endpoint) return nullptr;
  const std::size_t scope = n - (well_known ? 3 : 2);
  if (scope == 0) return &kWholeGateway;
  if (scope == 2 && segments[0] == "servers") return &segments[1];
  return nullptr;
}

awaitable<void> ServeFront::server_card(http::Exchange& exchange, const std::string& server_id) {
  // Open, as discovery documents are: a card names endpoints and says a token is needed, and
  // nothing a token would protect.
  const store::Server* server = nullptr;
  if (!server_id.empty()) {
    server = federation_.view()->server(server_id);
    if (!server || !server->enabled) {
      co_await respond_detail(exchange, 404, "server " + server_id + " not found");
      co_return;
    }
  }
  const std::string_view host = exchange.header("Host");
  const std::string scheme = exchange.header("X-Forwarded-Proto") == "https" ? "https" : "http";
  Json card = gateway::server_card(server, scheme + "://" + std::string(host) + options_.root_path, host, auth_.required());
  exchange.add_response_header("Cache-Control", "public, max-age=300");
  co_await exchange.respond(bhttp::status::ok, std::string(kServerCardMediaType), card.dump());
}

awaitable<void> ServeFront::version(http::Exchange& exchange) {
  Json revisions = Json::array();
  for (auto r : protocol::kRevisions) revisions.push_back(r);
  Json body = {{"app", {{"name", "mcpgw"}, {"version", MCPGW_VERSION}}},
               {"protocolVersions", revisions},
               {"database", {{"backend", "sqlite"}, {"url", options_.database}}},
               {"gateways", federation_.view()->gateways().size()},
               {"servers", federation_.view()->servers().size()}};
  co_await respond_json(exchange, 200, body);
}

awaitable<void> ServeFront::metrics(http::Exchange& exchange) {
  std::string gauges = "# HELP mcpgw_gateway_up Whether a registered gateway answers (1) or not (0).\n"
                       "# TYPE mcpgw_gateway_up gauge\n";
  auto view = federation_.view();
  for (const auto& g : view->gateways())
    gauges += "mcpgw_gateway_up{gateway=\"" + prometheus_label(g.slug) + "\"} " +
              (view->gateway_live(g.id) ? "1" : "0") + "\n";
  gauges += "# HELP mcpgw_sessions Open MCP client sessions.\n# TYPE mcpgw_sessions gauge\nmcpgw_sessions " +
            std::to_string(sessions_.size()) + "\n";
  gauges += "# HELP mcpgw_tools Tools served.\n# TYPE mcpgw_tools gauge\nmcpgw_tools " +
            std::to_string(view->tools("").size()) + "\n";
  gauges += federation_.guard().metrics();
  if (admission_.enabled()) gauges += admission_.metrics();
  co_await exchange.respond(bhttp::status::ok, "text/plain; version=0.0.4", metrics_.render(gauges, [&view](const std::string& tool) { return view->tool_named(tool) != nullptr; }));
}

}  // namespace mcpgw::gateway
