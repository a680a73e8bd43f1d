#include "core/gateway/rest_api.hpp"

#include <boost/beast/http/status.hpp>

#include "core/auth/jwt.hpp"
#include "core/error.hpp"
#include "core/gateway/api_json.hpp"
#include "core/log/logger.hpp"

namespace mcpgw::gateway {

namespace bhttp = boost::beast::http;
using Verb = bhttp::verb;

awaitable<void> respond_json(http::Exchange& exchange, int status, json body) {
  co_await exchange.respond(static_cast<bhttp::status>(status), "application/json", body.dump());
}

awaitable<void> respond_detail(http::Exchange& exchange, int status, std::string message) {
  json body = {{"detail", message}};
  co_await exchange.respond(static_cast<bhttp::status>(status), "application/json", body.dump());
}

namespace {

std::string percent_decode(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += in[i] == '+' ? ' ' : in[i];
    }
  }
  return out;
}

std::string param(const http::Exchange& exchange, std::string_view name) {
  return percent_decode(exchange.query_param(name));
}

bool truthy(const std::string& v) { return v == "true" || v == "1" || v == "yes" || v == "True"; }

/// The body as a JSON object, or a message saying why not.
json parse_body(const http::Exchange& exchange, std::string& error) {
  const std::string& body = exchange.request().body();
  if (body.empty()) {
    error = "a JSON body is required";
    return nullptr;
  }
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    error = "the body is not valid JSON";
    return nullptr;
  }
  if (!j.is_object()) {
    error = "the body must be a JSON object";
    return nullptr;
  }
  return j;
}

int status_of(error_code ec) {
  if (ec == make_error_code(Errc::record_not_found)) return 404;
  if (ec == make_error_code(Errc::record_conflict)) return 409;
  if (ec == make_error_code(Errc::dangling_reference) || ec == make_error_code(Errc::invalid_cursor)) return 400;
  return 500;
}

std::string message_of(error_code ec, const std::string& what) {
  if (ec == make_error_code(Errc::record_not_found)) return what + " not found";
  if (ec == make_error_code(Errc::record_conflict)) return what + ": the name is already taken";
  if (ec == make_error_code(Errc::invalid_cursor)) return "invalid cursor";
  if (ec == make_error_code(Errc::dangling_reference)) return what + " refers to a record that does not exist";
  return "database error: " + ec.message();
}

/// A list route: ContextForge's pagination (?limit=N, 0 = all; ?cursor=; ?include_pagination=true
/// wraps the list with its next cursor) and filters (?gateway_id=, ?tags=a,b, ?include_inactive=).
template <class R, class ToJson>
awaitable<void> list_route(http::Exchange& exchange, StoreWorker& worker, store::Collection<R>& (store::Store::*pick)(),
                           const char* key, ToJson to_json) {
  store::ListQuery query;
  query.gateway_id = param(exchange, "gateway_id");
  query.include_inactive = truthy(param(exchange, "include_inactive"));
  query.cursor = param(exchange, "cursor");
  for (std::string_view tags = exchange.query_param("tags"); !tags.empty();) {
    auto comma = tags.find(',');
    std::string tag = percent_decode(tags.substr(0, comma));
    if (!tag.empty()) query.tags.push_back(tag);
    if (comma == std::string_view::npos) break;
    tags.remove_prefix(comma + 1);
  }
  bool paginate = truthy(param(exchange, "include_pagination"));
  std::string limit_text = param(exchange, "limit");
  long limit = paginate ? 50 : 0;
  if (!limit_text.empty()) {
    char* end = nullptr;
    limit = std::strtol(limit_text.c_str(), &end, 10);
    if (*end || limit < 0) {
      co_await respond_detail(exchange, 400, "limit must be a non-negative integer");
      co_return;
    }
  }
  auto op = [query, limit, pick](store::Store& s) mutable -> store::Result<store::Page<R>> {
    auto& collection = (s.*pick)();
    if (limit > 0) {
      query.limit = static_cast<std::size_t>(limit);
      return collection.list(query);
    }
    store::Page<R> all;
    query.limit = store::kMaxPageSize;
    for (;;) {
      auto page = collection.list(query);
      if (!page) return page.error();
      for (auto& r : page->items) all.items.push_back(std::move(r));
      if (page->next_cursor.empty()) return all;
      query.cursor = page->next_cursor;
    }
  };
  auto page = co_await worker.run(std::move(op));
  if (!page) {
    co_await respond_detail(exchange, status_of(page.error()), message_of(page.error(), key));
    co_return;
  }
  json items = json::array();
  for (const auto& r : page->items) items.push_back(to_json(r));
  if (!paginate) {
    co_await respond_json(exchange, 200, items);
    co_return;
  }
  json wrapped = {{key, std::move(items)},
                  {"nextCursor", page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor)}};
  co_await respond_json(exchange, 200, wrapped);
}

template <class R, class ToJson>
awaitable<void> get_route(http::Exchange& exchange, StoreWorker& worker, store::Collection<R>& (store::Store::*pick)(),
                          const std::string& id, const char* what, ToJson to_json) {
  auto op = [id, pick](store::Store& s) { return (s.*pick)().get(id); };
  auto record = co_await worker.run(std::move(op));
  if (!record) {
    co_await respond_detail(exchange, status_of(record.error()), message_of(record.error(), std::string(what) + " " + id));
    co_return;
  }
  co_await respond_json(exchange, 200, to_json(*record));
}

/// ?activate=true|false, or {"activate": bool} / {"enabled": bool} in the body.
std::optional<bool> requested_state(const http::Exchange& exchange) {
  std::string q = param(exchange, "activate");
  if (q.empty()) q = param(exchange, "enabled");
  if (!q.empty()) return truthy(q);
  json body = json::parse(exchange.request().body(), nullptr, false);
  if (body.is_object()) {
    if (auto v = field(body, "activate"); v && v->is_boolean()) return v->get<bool>();
    if (auto v = field(body, "enabled"); v && v->is_boolean()) return v->get<bool>();
  }
  return std::nullopt;
}

}  // namespace

awaitable<bool> RestApi::handle(http::Exchange& exchange, const std::vector<std::string>& segments) {
  if (segments.empty()) co_return false;
  const std::string& head = segments[0];
  if (head == "gateways") {
    co_await gateways(exchange, segments);
  } else if (head == "servers") {
    co_await servers(exchange, segments);
  } else if (head == "tools" || head == "resources" || head == "prompts") {
    co_await catalog(exchange, segments);
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
    if (auto e = apply_gateway_input(body, g, auth, false)) {
      co_await respond_detail(exchange, 422, e.message);
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
  if (exchange.request().method() != Verb::get) {
    co_await respond_detail(exchange, 405, "method not allowed");
    co_return;
  }
  auto& worker = federation_.store();
  auto view = federation_.view();
  auto tool_as_json = [view](const store::Tool& t) { return tool_json_api(t, *view); };
  const std::string& kind = seg[0];
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
  if (seg.size() != 2) {
    co_await respond_detail(exchange, 404, "not found");
    co_return;
  }
  if (kind == "tools") co_await get_route(exchange, worker, &store::Store::tools, seg[1], "tool", tool_as_json);
  else if (kind == "resources") co_await get_route(exchange, worker, &store::Store::resources, seg[1], "resource", resource_json_api);
  else co_await get_route(exchange, worker, &store::Store::prompts, seg[1], "prompt", prompt_json_api);
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
