#include "core/gateway/rest_api.hpp"

#include <boost/beast/http/status.hpp>

#include "core/auth/jwt.hpp"
#include "core/error.hpp"
#include "core/gateway/api_json.hpp"
#include "core/gateway/config_transfer.hpp"
#include "core/gateway/openapi_route.hpp"
#include "core/gateway/rest_support.hpp"
#include "core/log/logger.hpp"
#include "core/prompt/render.hpp"
#include "core/prompt/template.hpp"
#include "core/rest/tool_call.hpp"
#include "core/store/record_id.hpp"

namespace mcpgw::gateway {

namespace bhttp = boost::beast::http;
using Verb = bhttp::verb;

std::string RestApi::stdio_refusal(const store::Gateway& g) const {
  if (g.transport != "STDIO") return {};
  return federation_.options().stdio.refuse(g.command);
}

awaitable<bool> RestApi::handle(http::Exchange& exchange, const std::vector<std::string>& segments) {
  if (segments.empty()) co_return false;
  const std::string& head = segments[0];
  if (head == "gateways") {
    co_await gateways(exchange, segments);
  } else if (head == "servers") {
    co_await servers(exchange, segments);
  } else if (head == "tools" || head == "resources" || head == "prompts") {
    co_await catalog(exchange, segments);
  } else if (head == "catalog") {
    co_await catalog_route(exchange, segments, federation_, catalog_);
  } else if (head == "export" || head == "import") {
    co_await transfer(exchange, segments);
  } else if (head == "tokens" && segments.size() == 2 && segments[1] == "revoke") {
    co_await revoke(exchange);
  } else {
    co_return false;
  }
  co_return true;
}

awaitable<void> RestApi::gateways(http::Exchange& exchange, const std::vector<std::string>& seg) {
  Verb verb = exchange.request().method();
  auto& worker = federation_.store();
  auto as_json = [this](const store::Gateway& g) {
    std::string problem = federation_.gateway_problem(g.id);
    return gateway_json(g, problem.empty(), problem);
  };
  if (seg.size() == 1 && verb == Verb::get) {
    co_await list_route(exchange, worker, &store::Store::gateways, "gateways", as_json);
    co_return;
  }
  if (seg.size() == 1 && verb == Verb::post) {
    std::string error;
    json body = parse_body(exchange, error);
    store::Gateway g;
    std::optional<HeaderPairs> auth;
    if (error.empty())
      if (auto e = apply_gateway_input(body, g, auth, true)) error = e.message;
    if (!error.empty()) {
      co_await respond_detail(exchange, 422, error);
      co_return;
    }
    if (auto why = stdio_refusal(g); !why.empty()) {
      co_await respond_detail(exchange, 403, why);
      co_return;
    }
    HeaderPairs credentials = auth ? *auth : HeaderPairs{};
    if (auto err = co_await federation_.add_gateway(g, credentials)) {
      co_await respond_detail(exchange, err.status, err.message);
      co_return;
    }
    co_await respond_json(exchange, 201, as_json(g));
    co_return;
  }
  if (seg.size() < 2) {
    co_await respond_detail(exchange, 405, "method not allowed");
    co_return;
  }
  const std::string& id = seg[1];
  if (seg.size() == 2 && verb == Verb::get) {
    co_await get_route(exchange, worker, &store::Store::gateways, id, "gateway", as_json);
  } else if (seg.size() == 2 && verb == Verb::put) {
    std::string error;
    json body = parse_body(exchange, error);
    if (!error.empty()) {
      co_await respond_detail(exchange, 422, error);
      co_return;
    }
    const std::string key = id;
    auto op = [key](store::Store& s) { return s.gateways().get(key); };
    auto current = co_await worker.run(std::move(op));
    if (!current) {
      co_await respond_detail(exchange, status_of(current.error()), message_of(current.error(), "gateway " + id));
      co_return;
    }
    store::Gateway g = *current;
    std::optional<HeaderPairs> auth;
    if (auto e = apply_gateway_input(body, g, auth, false, federation_.credentials(*current))) {
      co_await respond_detail(exchange, 422, e.message);
      co_return;
    }
    if (auto why = stdio_refusal(g); !why.empty()) {
      co_await respond_detail(exchange, 403, why);
      co_return;
    }
    if (auto err = co_await federation_.update_gateway(g, auth)) {
      co_await respond_detail(exchange, err.status, err.message);
      co_return;
    }
    co_await respond_json(exchange, 200, as_json(g));
  } else if (seg.size() == 2 && verb == Verb::delete_) {
    if (auto err = co_await federation_.remove_gateway(id)) {
      co_await respond_detail(exchange, err.status, err.message);
      co_return;
    }
    json done = {{"status", "success"}, {"message", "Gateway " + id + " deleted"}};
    co_await respond_json(exchange, 200, done);
  } else if (seg.size() == 3 && (seg[2] == "state" || seg[2] == "toggle") && verb == Verb::post) {
    auto wanted = requested_state(exchange);
    if (!wanted) {
      co_await respond_detail(exchange, 422, "say ?activate=true or ?activate=false");
      co_return;
    }
    if (const store::Gateway* stored = federation_.view()->gateway(id); stored && *wanted)
      if (auto why = stdio_refusal(*stored); !why.empty()) {
        co_await respond_detail(exchange, 403, why);
        co_return;
      }
    store::Gateway g;
    if (auto err = co_await federation_.set_gateway_enabled(id, *wanted, g)) {
      co_await respond_detail(exchange, err.status, err.message);
      co_return;
    }
    co_await respond_json(exchange, 200, as_json(g));
  } else if (seg.size() == 4 && seg[2] == "tools" && seg[3] == "refresh" && verb == Verb::post) {
    store::Catalog catalog;
    if (auto err = co_await federation_.refresh_gateway(id, catalog)) {
      co_await respond_detail(exchange, err.status, err.message);
      co_return;
    }
    json counts = {{"gatewayId", id},
                   {"tools", catalog.tools.size()},
                   {"resources", catalog.resources.size()},
                   {"resourceTemplates", catalog.resource_templates.size()},
                   {"prompts", catalog.prompts.size()}};
    co_await respond_json(exchange, 200, counts);
  } else {
    co_await respond_detail(exchange, 405, "method not allowed");
  }
}

awaitable<void> RestApi::servers(http::Exchange& exchange, const std::vector<std::string>& seg) {
  Verb verb = exchange.request().method();
  auto& worker = federation_.store();
  if (seg.size() == 1 && verb == Verb::get) {
    co_await list_route(exchange, worker, &store::Store::servers, "servers", server_json);
    co_return;
  }
  if (seg.size() == 1 && verb == Verb::post) {
    std::string error;
    json body = parse_body(exchange, error);
    if (error.empty() && body.contains("server")) body = body["server"];
    store::Server s;
    if (error.empty())
      if (auto e = apply_server_input(body, s, *federation_.view(), true)) error = e.message;
    if (!error.empty()) {
      co_await respond_detail(exchange, 422, error);
      co_return;
    }
    auto op = [s](store::Store& st) mutable { return st.servers().create(std::move(s)); };
    auto created = co_await worker.run(std::move(op));
    if (!created) {
      co_await respond_detail(exchange, status_of(created.error()), message_of(created.error(), "server '" + s.name + "'"));
      co_return;
    }
    co_await federation_.reload(0);
    MCPGW_LOG(info, "server_created", "server=" << created->id << " tools=" << created->tool_ids.size());
    co_await respond_json(exchange, 201, server_json(*created));
    co_return;
  }
  if (seg.size() < 2) {
    co_await respond_detail(exchange, 405, "method not allowed");
    co_return;
  }
  const std::string id = seg[1];
  if (seg.size() == 2 && verb == Verb::get) {
    co_await get_route(exchange, worker, &store::Store::servers, id, "server", server_json);
    co_return;
  }
  if (seg.size() == 2 && verb == Verb::delete_) {
    auto op = [id](store::Store& s) { return s.servers().remove(id); };
    auto removed = co_await worker.run(std::move(op));
    if (!removed) {
      co_await respond_detail(exchange, status_of(removed.error()), message_of(removed.error(), "server " + id));
      co_return;
    }
    co_await federation_.reload(0);
    json done = {{"status", "success"}, {"message", "Server " + id + " deleted"}};
    co_await respond_json(exchange, 200, done);
    co_return;
  }
  if (seg.size() == 3 && (seg[2] == "tools" || seg[2] == "resources" || seg[2] == "prompts") && verb == Verb::get) {
    auto view = federation_.view();
    if (!view->server(id)) {
      co_await respond_detail(exchange, 404, "server " + id + " not found");
      co_return;
    }
    json items = json::array();
    if (seg[2] == "tools")
      for (const auto* t : view->tools(id)) items.push_back(tool_json_api(*t, *view));
    if (seg[2] == "resources")
      for (const auto* r : view->resources(id)) items.push_back(resource_json_api(*r));
    if (seg[2] == "prompts")
      for (const auto* p : view->prompts(id)) items.push_back(prompt_json_api(*p));
    co_await respond_json(exchange, 200, items);
    co_return;
  }
  bool is_put = seg.size() == 2 && verb == Verb::put;
  bool is_state = seg.size() == 3 && (seg[2] == "state" || seg[2] == "toggle") && verb == Verb::post;
  if (!is_put && !is_state) {
    co_await respond_detail(exchange, 405, "method not allowed");
    co_return;
  }
  auto get = [id](store::Store& s) { return s.servers().get(id); };
  auto current = co_await worker.run(std::move(get));
  if (!current) {
    co_await respond_detail(exchange, status_of(current.error()), message_of(current.error(), "server " + id));
    co_return;
  }
  store::Server s = *current;
  if (is_put) {
    std::string error;
    json body = parse_body(exchange, error);
    if (error.empty() && body.contains("server")) body = body["server"];
    if (error.empty())
      if (auto e = apply_server_input(body, s, *federation_.view(), false)) error = e.message;
    if (!error.empty()) {
      co_await respond_detail(exchange, 422, error);
      co_return;
    }
  } else {
    auto wanted = requested_state(exchange);
    if (!wanted) {
      co_await respond_detail(exchange, 422, "say ?activate=true or ?activate=false");
      co_return;
    }
    s.enabled = *wanted;
  }
  auto write = [s](store::Store& st) mutable { return st.servers().update(std::move(s)); };
  auto updated = co_await worker.run(std::move(write));
  if (!updated) {
    co_await respond_detail(exchange, status_of(updated.error()), message_of(updated.error(), "server " + id));
    co_return;
  }
  co_await federation_.reload(kAllKinds);
  co_await respond_json(exchange, 200, server_json(*updated));
}

awaitable<void> RestApi::catalog(http::Exchange& exchange, const std::vector<std::string>& seg) {
  auto& worker = federation_.store();
  auto view = federation_.view();
  auto tool_as_json = [view](const store::Tool& t) { return tool_json_api(t, *view); };
  const std::string& kind = seg[0];
  if (seg.size() == 3 && (seg[2] == "state" || seg[2] == "toggle") && exchange.request().method() == Verb::post) {
    auto wanted = requested_state(exchange);
    if (!wanted) {
      co_await respond_detail(exchange, 422, "say ?activate=true or ?activate=false");
      co_return;
    }
    error_code ec;
    json body;
    if (kind == "tools") {
      auto op = set_enabled_op(&store::Store::tools, seg[1], *wanted);
      auto r = co_await worker.run(std::move(op));
      if (r) body = tool_json_api(*r, *view);
      else ec = r.error();
    } else if (kind == "resources") {
      auto op = set_enabled_op(&store::Store::resources, seg[1], *wanted);
      auto r = co_await worker.run(std::move(op));
      if (r) body = resource_json_api(*r);
      else ec = r.error();
    } else {
      auto op = set_enabled_op(&store::Store::prompts, seg[1], *wanted);
      auto r = co_await worker.run(std::move(op));
      if (r) body = prompt_json_api(*r);
      else ec = r.error();
    }
    if (ec) {
      co_await respond_detail(exchange, status_of(ec), message_of(ec, kind.substr(0, kind.size() - 1) + " " + seg[1]));
      co_return;
    }
    co_await federation_.reload(kAllKinds);
    co_await respond_json(exchange, 200, body);
    co_return;
  }
  if (kind == "tools" && seg.size() == 2 && seg[1] == "openapi") {
    // Before tools/{id}: record ids are hex digits, so no tool's id is "openapi".
    if (exchange.request().method() == Verb::post) co_await import_openapi(exchange, federation_);
    else co_await respond_detail(exchange, 405, "method not allowed: POST an OpenAPI document here");
    co_return;
  }
  if (kind == "tools" && exchange.request().method() != Verb::get) {
    co_await rest_tools(exchange, seg);
    co_return;
  }
  if (kind == "resources" && exchange.request().method() != Verb::get) {
    co_await local_resources(exchange, seg);
    co_return;
  }
  if (kind == "prompts" && (exchange.request().method() != Verb::get || (seg.size() == 3 && seg[2] == "versions"))) {
    co_await local_prompts(exchange, seg);
    co_return;
  }
  if (exchange.request().method() != Verb::get) {
    co_await respond_detail(exchange, 405, "method not allowed");
    co_return;
  }
  if (seg.size() == 1) {
    if (kind == "tools") co_await list_route(exchange, worker, &store::Store::tools, "tools", tool_as_json);
    else if (kind == "resources") co_await list_route(exchange, worker, &store::Store::resources, "resources", resource_json_api);
    else co_await list_route(exchange, worker, &store::Store::prompts, "prompts", prompt_json_api);
    co_return;
  }
  if (seg.size() == 2 && kind == "resources" && seg[1] == "templates") {
    co_await list_route(exchange, worker, &store::Store::resource_templates, "resourceTemplates", template_json_api);
    co_return;
  }
  if (seg.size() == 3 && kind == "resources" && seg[1] == "templates") {
    co_await get_route(exchange, worker, &store::Store::resource_templates, seg[2], "resource template", template_json_api);
    co_return;
  }
  if (seg.size() != 2) {
    co_await respond_detail(exchange, 404, "not found");
    co_return;
  }
  if (kind == "tools") co_await get_route(exchange, worker, &store::Store::tools, seg[1], "tool", tool_as_json);
  else if (kind == "resources") co_await get_route(exchange, worker, &store::Store::resources, seg[1], "resource", resource_json_api);
  else co_await get_route(exchange, worker, &store::Store::prompts, seg[1], "prompt", prompt_json_api);
}

namespace {

// What the three kinds kept in the gateway (REST tools, prompts, resources) share: each is read
// by id, refused when a gateway owns it, stored and removed the same way.

std::string label_of(const store::Tool& t) { return "tool '" + t.name + "'"; }
std::string label_of(const store::Prompt& p) { return "prompt '" + p.name + "'"; }
std::string label_of(const store::Resource& r) { return "resource '" + r.uri + "'"; }
std::string label_of(const store::ResourceTemplate& t) { return "resource template '" + t.uri_template + "'"; }

/// Record `id`, kept in the gateway; nullopt once the answer (404, or 409 for a gateway's own) is sent.
template <class R>
awaitable<std::optional<R>> local_record(http::Exchange& exchange, Federation& federation,
                                         store::Collection<R>& (store::Store::*pick)(), std::string id,
                                         const char* what, bool gateways_too = false) {
  auto get = [pick, id](store::Store& s) { return (s.*pick)().get(id); };
  auto current = co_await federation.store().run(std::move(get));
  if (!current) {
    co_await respond_detail(exchange, status_of(current.error()),
                            message_of(current.error(), std::string(what) + " " + id));
    co_return std::nullopt;
  }
  if (!current->gateway_id.empty() && !gateways_too) {
    const store::Gateway* g = federation.view()->gateway(current->gateway_id);
    co_await respond_detail(exchange, 409,
                            label_of(*current) + " comes from gateway '" + (g ? g->name : current->gateway_id) +
                                "': it changes with its gateway (refresh it, or DELETE /gateways/{id})");
    co_return std::nullopt;
  }
  co_return std::move(*current);
}

/// Creates or replaces `record`, then serves the new catalog; nullopt once an error is answered.
template <class R>
awaitable<std::optional<R>> store_local(http::Exchange& exchange, Federation& federation,
                                        store::Collection<R>& (store::Store::*pick)(), R record, bool creating,
                                        unsigned kind) {
  const std::string label = label_of(record);
  auto op = [pick, record = std::move(record), creating](store::Store& s) mutable {
    return creating ? (s.*pick)().create(std::move(record)) : (s.*pick)().update(std::move(record));
  };
  auto stored = co_await federation.store().run(std::move(op));
  if (!stored) {
    co_await respond_detail(exchange, status_of(stored.error()), message_of(stored.error(), label));
    co_return std::nullopt;
  }
  co_await federation.reload(kind);
  co_return std::move(*stored);
}

/// DELETE of a record kept in the gateway.
template <class R>
awaitable<void> remove_local(http::Exchange& exchange, Federation& federation,
                             store::Collection<R>& (store::Store::*pick)(), const R& record, unsigned kind,
                             const char* What) {
  auto op = [pick, id = record.id](store::Store& s) { return (s.*pick)().remove(id); };
  auto removed = co_await federation.store().run(std::move(op));
  if (!removed) {
    co_await respond_detail(exchange, status_of(removed.error()), message_of(removed.error(), label_of(record)));
    co_return;
  }
  co_await federation.reload(kind);
  MCPGW_LOG(info, "local_record_deleted", "record=\"" << label_of(record) << "\"");
  json done = {{"status", "success"}, {"message", std::string(What) + " " + record.id + " deleted"}};
  co_await respond_json(exchange, 200, done);
}

/// The request body, unwrapped from {"<wrapper>": {...}} as ContextForge also accepts it.
json body_of(const http::Exchange& exchange, const char* wrapper, std::string& error) {
  json body = parse_body(exchange, error);
  if (error.empty() && body.contains(wrapper) && body[wrapper].is_object()) body = body[wrapper];
  return body;
}

/// The version a prompt is at, as its history keeps it.
json prompt_version(const store::Prompt& p) {
  return {{"version", p.version},
          {"description", p.description},
          {"template", p.template_text},
          {"arguments", p.arguments},
          {"updated_at", p.updated_at.time_since_epoch().count()}};
}

/// Keeps `p`'s current version in its history (the last kPromptVersionsKept) and moves it on.
void keep_version(store::Prompt& p, const store::Prompt& before) {
  constexpr std::size_t kPromptVersionsKept = 100;
  p.history = before.history;
  p.history.push_back(prompt_version(before));
  while (p.history.size() > kPromptVersionsKept) p.history.erase(p.history.begin());
  p.version = before.version + 1;
}

}  // namespace

awaitable<void> RestApi::rest_tools(http::Exchange& exchange, const std::vector<std::string>& seg) {
  const Verb verb = exchange.request().method();
  const bool creating = seg.size() == 1 && verb == Verb::post;
  const bool updating = seg.size() == 2 && verb == Verb::put;
  const bool removing = seg.size() == 2 && verb == Verb::delete_;
  if (!creating && !updating && !removing) {
    co_await respond_detail(exchange, 405, "method not allowed");
    co_return;
  }
  store::Tool t;
  if (!creating) {
    auto current = co_await local_record(exchange, federation_, &store::Store::tools, seg[1], "tool");
    if (!current) co_return;
    t = std::move(*current);
  }
  if (removing) {
    co_await remove_local(exchange, federation_, &store::Store::tools, t, kToolsKind, "Tool");
    co_return;
  }
  std::string error;
  json body = body_of(exchange, "tool", error);
  if (creating) t.id = store::new_record_id();
  std::optional<HeaderPairs> auth;
  if (error.empty())
    if (auto e = apply_tool_input(body, t, auth, creating, creating ? HeaderPairs{} : federation_.credentials(t)))
      error = e.message;
  if (error.empty()) error = rest::rest_tool_problem(t);
  if (!error.empty()) {
    co_await respond_detail(exchange, 422, error);
    co_return;
  }
  if (auth) t.auth_value_encrypted = federation_.seal_tool_credentials(t.id, *auth);
  auto stored = co_await store_local(exchange, federation_, &store::Store::tools, std::move(t), creating, kToolsKind);
  if (!stored) co_return;
  MCPGW_LOG(info, creating ? "tool_created" : "tool_updated", "tool=" << stored->name << " url=" << stored->url);
  co_await respond_json(exchange, creating ? 201 : 200, tool_json_api(*stored, *federation_.view()));
}

awaitable<void> RestApi::local_prompts(http::Exchange& exchange, const std::vector<std::string>& seg) {
  const Verb verb = exchange.request().method();
  const bool creating = seg.size() == 1 && verb == Verb::post;
  const bool updating = seg.size() == 2 && verb == Verb::put;
  const bool removing = seg.size() == 2 && verb == Verb::delete_;
  const bool rendering = seg.size() == 2 && verb == Verb::post;
  const bool listing_versions = seg.size() == 3 && seg[2] == "versions" && verb == Verb::get;
  const bool rolling_back = seg.size() == 3 && seg[2] == "rollback" && verb == Verb::post;
  if (!creating && !updating && !removing && !rendering && !listing_versions && !rolling_back) {
    co_await respond_detail(exchange, 405, "method not allowed");
    co_return;
  }
  store::Prompt p;
  if (!creating) {
    auto current = co_await local_record(exchange, federation_, &store::Store::prompts, seg[1], "prompt", rendering);
    if (!current) co_return;
    p = std::move(*current);
  }
  if (rendering) {
    if (!p.gateway_id.empty()) {
      co_await respond_detail(exchange, 422, "prompt '" + p.name + "' comes from a gateway: get it over MCP (prompts/get)");
      co_return;
    }
    std::string error;
    json args = exchange.request().body().empty() ? json::object() : body_of(exchange, "args", error);
    prompt::Rendered rendered = prompt::render_prompt(p, args);
    if (error.empty()) error = rendered.error;
    if (!error.empty()) {
      co_await respond_detail(exchange, 422, error);
      co_return;
    }
    co_await respond_json(exchange, 200, std::move(rendered.result));
    co_return;
  }
  if (listing_versions) {
    json versions = p.history;
    versions.push_back(prompt_version(p));
    for (auto& v : versions) {
      v["updatedAt"] = iso_time(store::Timestamp(std::chrono::milliseconds(v.value("updated_at", std::int64_t{0}))));
      v.erase("updated_at");
    }
    json body = {{"promptId", p.id}, {"name", p.name}, {"currentVersion", p.version}, {"versions", std::move(versions)}};
    co_await respond_json(exchange, 200, std::move(body));
    co_return;
  }
  if (removing) {
    co_await remove_local(exchange, federation_, &store::Store::prompts, p, kPromptsKind, "Prompt");
    co_return;
  }
  const store::Prompt before = p;
  if (rolling_back) {
    const std::string wanted = param(exchange, "version");
    char* end = nullptr;
    long long n = std::strtoll(wanted.c_str(), &end, 10);
    if (wanted.empty() || *end) {
      co_await respond_detail(exchange, 422, "say which version: ?version=N (GET /prompts/{id}/versions lists them)");
      co_return;
    }
    if (n == p.version) {
      co_await respond_json(exchange, 200, prompt_json_api(p));
      co_return;
    }
    auto old = std::find_if(p.history.begin(), p.history.end(), [n](const json& v) { return v.value("version", 0LL) == n; });
    if (old == p.history.end()) {
      co_await respond_detail(exchange, 404, "prompt " + p.id + " has no version " + wanted);
      co_return;
    }
    p.description = old->value("description", std::string());
    p.template_text = old->value("template", std::string());
    p.arguments = old->value("arguments", json::array());
  } else {
    std::string error;
    json body = body_of(exchange, "prompt", error);
    if (error.empty())
      if (auto e = apply_prompt_input(body, p, creating)) error = e.message;
    if (error.empty()) {
      prompt::TemplateError problem;
      if (!prompt::Template::parse(p.template_text, problem)) error = "template: " + problem.to_string();
    }
    if (!error.empty()) {
      co_await respond_detail(exchange, 422, error);
      co_return;
    }
  }
  if (!creating) keep_version(p, before);
  auto stored = co_await store_local(exchange, federation_, &store::Store::prompts, std::move(p), creating, kPromptsKind);
  if (!stored) co_return;
  MCPGW_LOG(info, creating ? "prompt_created" : "prompt_updated", "prompt=" << stored->name << " version=" << stored->version);
  co_await respond_json(exchange, creating ? 201 : 200, prompt_json_api(*stored));
}

awaitable<void> RestApi::local_templates(http::Exchange& exchange, const std::vector<std::string>& seg,
                                         const json* created) {
  const Verb verb = exchange.request().method();
  const bool creating = created != nullptr;
  const bool updating = !creating && seg.size() == 3 && verb == Verb::put;
  const bool removing = !creating && seg.size() == 3 && verb == Verb::delete_;
  if (!creating && !updating && !removing) {
    co_await respond_detail(exchange, 405, "method not allowed");
    co_return;
  }
  store::ResourceTemplate t;
  if (!creating) {
    auto current = co_await local_record(exchange, federation_, &store::Store::resource_templates, seg[2], "resource template");
    if (!current) co_return;
    t = std::move(*current);
  }
  if (removing) {
    co_await remove_local(exchange, federation_, &store::Store::resource_templates, t, kResourcesKind, "Resource template");
    co_return;
  }
  std::string error;
  json body = creating ? *created : body_of(exchange, "resource", error);
  if (error.empty())
    if (auto e = apply_template_input(body, t, creating)) error = e.message;
  if (!error.empty()) {
    co_await respond_detail(exchange, 422, error);
    co_return;
  }
  auto stored = co_await store_local(exchange, federation_, &store::Store::resource_templates, std::move(t), creating,
                                     kResourcesKind);
  if (!stored) co_return;
  MCPGW_LOG(info, creating ? "resource_template_created" : "resource_template_updated", "uri_template=" << stored->uri_template);
  co_await respond_json(exchange, creating ? 201 : 200, template_json_api(*stored));
}

awaitable<void> RestApi::local_resources(http::Exchange& exchange, const std::vector<std::string>& seg) {
  const Verb verb = exchange.request().method();
  if (seg.size() >= 2 && seg[1] == "templates") {
    co_await local_templates(exchange, seg, nullptr);
    co_return;
  }
  const bool creating = seg.size() == 1 && verb == Verb::post;
  const bool updating = seg.size() == 2 && verb == Verb::put;
  const bool removing = seg.size() == 2 && verb == Verb::delete_;
  if (!creating && !updating && !removing) {
    co_await respond_detail(exchange, 405, "method not allowed");
    co_return;
  }
  store::Resource r;
  if (!creating) {
    auto current = co_await local_record(exchange, federation_, &store::Store::resources, seg[1], "resource");
    if (!current) co_return;
    r = std::move(*current);
  }
  if (removing) {
    co_await remove_local(exchange, federation_, &store::Store::resources, r, kResourcesKind, "Resource");
    co_return;
  }
  const std::string old_uri = r.uri;
  std::string error;
  json body = body_of(exchange, "resource", error);
  if (error.empty() && creating && describes_template(body)) {
    co_await local_templates(exchange, seg, &body);
    co_return;
  }
  if (error.empty())
    if (auto e = apply_resource_input(body, r, creating)) error = e.message;
  if (error.empty() && !creating && r.uri != old_uri) error = "uri cannot change: register a new resource";
  if (!error.empty()) {
    co_await respond_detail(exchange, 422, error);
    co_return;
  }
  auto stored = co_await store_local(exchange, federation_, &store::Store::resources, std::move(r), creating, kResourcesKind);
  if (!stored) co_return;
  if (!creating) federation_.announce_resource_updated(stored->uri);
  MCPGW_LOG(info, creating ? "resource_created" : "resource_updated", "uri=" << stored->uri << " size=" << stored->size.value_or(0));
  co_await respond_json(exchange, creating ? 201 : 200, resource_json_api(*stored));
}

awaitable<void> RestApi::transfer(http::Exchange& exchange, const std::vector<std::string>& seg) {
  const Verb verb = exchange.request().method();
  auto split = [](const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at <= text.size()) {
      std::size_t comma = text.find(',', at);
      std::string part = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
      if (!part.empty()) out.push_back(part);
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
    return out;
  };
  const std::string host(exchange.request()[bhttp::field::host]);
  auto exchange_subject = [this](const http::Exchange& e) {
    std::string who = auth_.identify(e.header("Authorization"), true).subject;
    return who.empty() ? std::string("admin") : who;
  };
  if (seg[0] == "export" && seg.size() == 1 && verb == Verb::get) {
    ExportFilter filter;
    filter.types = split(param(exchange, "types"));
    filter.tags = split(param(exchange, "tags"));
    filter.include_inactive = truthy(param(exchange, "include_inactive"));
    filter.exported_by = exchange_subject(exchange);
    filter.source_gateway = host.empty() ? std::string() : "http://" + host;
    for (const auto& t : filter.types)
      if (t != "gateways" && t != "tools" && t != "servers" && t != "prompts" && t != "resources") {
        co_await respond_detail(exchange, 422, "types: '" + t + "' is not gateways, tools, servers, prompts or resources");
        co_return;
      }
    co_await respond_json(exchange, 200, export_config(federation_, filter));
    co_return;
  }
  if (seg[0] == "export" && seg.size() == 2 && seg[1] == "selective" && verb == Verb::post) {
    std::string error;
    json body = parse_body(exchange, error);
    const json* selections = error.empty() ? field(body, "entity_selections", "entitySelections") : nullptr;
    if (error.empty() && (!selections || !selections->is_object())) error = "entity_selections must be an object of id lists";
    if (!error.empty()) {
      co_await respond_detail(exchange, 422, error);
      co_return;
    }
    ExportFilter filter;
    filter.selections = *selections;
    filter.exported_by = exchange_subject(exchange);
    filter.source_gateway = host.empty() ? std::string() : "http://" + host;
    co_await respond_json(exchange, 200, export_config(federation_, filter));
    co_return;
  }
  if (seg[0] == "import" && seg.size() == 1 && verb == Verb::post) {
    std::string error;
    json body = parse_body(exchange, error);
    if (!error.empty()) {
      co_await respond_detail(exchange, 422, error);
      co_return;
    }
    int status = 200;
    json report = co_await import_config(federation_, body, status);
    if (status != 200 && report["errors"].is_array() && !report["errors"].empty()) report["detail"] = report["errors"][0];
    co_await respond_json(exchange, status, std::move(report));
    co_return;
  }
  co_await respond_detail(exchange, 405, "method not allowed");
}

awaitable<void> RestApi::revoke(http::Exchange& exchange) {
  if (exchange.request().method() != Verb::post) {
    co_await respond_detail(exchange, 405, "POST {\"jti\": ...} or {\"token\": ...}");
    co_return;
  }
  std::string error;
  json body = parse_body(exchange, error);
  store::RevokedToken revoked;
  if (error.empty()) {
    if (const json* token = field(body, "token"); token && token->is_string()) {
      // The token itself: its jti and exp say what to refuse and for how long.
      auto decoded = auth::decode_unverified(token->get<std::string>());
      if (!decoded.ok() || !decoded.payload.contains("jti") || !decoded.payload["jti"].is_string()) {
        error = "the token cannot be read or has no jti";
      } else {
        revoked.jti = decoded.payload["jti"].get<std::string>();
        if (auto exp = decoded.payload.find("exp"); exp != decoded.payload.end() && exp->is_number_integer())
          revoked.expires_at = store::Timestamp(std::chrono::seconds(exp->get<std::int64_t>()));
      }
    } else if (const json* jti = field(body, "jti"); jti && jti->is_string() && !jti->get_ref<const std::string&>().empty()) {
      revoked.jti = jti->get<std::string>();
    } else {
      error = "say which token: {\"jti\": \"...\"} or {\"token\": \"<JWT>\"}";
    }
  }
  if (error.empty() && revoked.jti.size() > 256) error = "jti is too long";
  if (const json* reason = field(body, "reason"); error.empty() && reason && reason->is_string())
    revoked.reason = reason->get<std::string>().substr(0, 1024);
  if (!error.empty()) {
    co_await respond_detail(exchange, 422, error);
    co_return;
  }
  auto op = [revoked](store::Store& s) mutable { return s.revoke_token(std::move(revoked)); };
  auto stored = co_await federation_.store().run(std::move(op));
  if (!stored) {
    co_await respond_detail(exchange, 500, "database error: " + stored.error().message());
    co_return;
  }
  auth_.revoke(revoked.jti);
  MCPGW_LOG(info, "token_revoked", "jti=" << revoked.jti);
  json done = {{"status", "revoked"}, {"jti", revoked.jti}};
  co_await respond_json(exchange, 200, done);
}

}  // namespace mcpgw::gateway
