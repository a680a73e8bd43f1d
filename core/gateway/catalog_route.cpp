#include "core/gateway/catalog_route.hpp"

#include <algorithm>
#include <set>

#include <boost/beast/http/verb.hpp>

#include "core/catalog/catalog_file.hpp"
#include "core/catalog/catalog_install.hpp"
#include "core/catalog/catalog_search.hpp"
#include "core/gateway/api_json.hpp"
#include "core/gateway/rest_support.hpp"
#include "core/log/logger.hpp"

namespace mcpgw::gateway {

namespace {

using catalog::CatalogEntry;

/// Every ?tags= of the query, each split on ',' (FastAPI's repeated parameter, or ours).
std::vector<std::string> query_tags(const http::Exchange& exchange) {
  std::vector<std::string> tags;
  std::string_view target(exchange.request().target().data(), exchange.request().target().size());
  auto question = target.find('?');
  if (question == std::string_view::npos) return tags;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (!pair.starts_with("tags=")) continue;
    std::string values = percent_decode(pair.substr(5));
    for (std::size_t at = 0; at <= values.size();) {
      std::size_t comma = std::min(values.find(',', at), values.size());
      if (comma > at) tags.push_back(values.substr(at, comma - at));
      at = comma + 1;
    }
  }
  return tags;
}

bool registered(const CatalogEntry& e, const CatalogView& view) {
  return std::any_of(view.gateways().begin(), view.gateways().end(),
                     [&e](const store::Gateway& g) { return catalog::installed_as(e, g.url, g.command); });
}

/// A non-negative integer query parameter, or nullopt when it is malformed.
std::optional<std::size_t> count_param(const http::Exchange& exchange, const char* name, std::size_t fallback) {
  std::string text = param(exchange, name);
  if (text.empty()) return fallback;
  char* end = nullptr;
  long long n = std::strtoll(text.c_str(), &end, 10);
  if (*end || n < 0) return std::nullopt;
  return static_cast<std::size_t>(n);
}

awaitable<void> list(http::Exchange& exchange, Federation& federation, const std::vector<CatalogEntry>& entries) {
  catalog::CatalogFilter filter{param(exchange, "category"), query_tags(exchange), param(exchange, "provider"),
                                param(exchange, "auth_type"), param(exchange, "search")};
  const bool registered_only = truthy(param(exchange, "show_registered_only"));
  const std::string available = param(exchange, "show_available_only");
  const bool available_only = available.empty() || truthy(available);
  auto limit = count_param(exchange, "limit", 100);
  auto offset = count_param(exchange, "offset", 0);
  if (!limit || !offset) {
    co_await respond_detail(exchange, 422, "limit and offset must be non-negative integers");
    co_return;
  }
  const auto view = federation.view();
  json servers = json::array();
  std::size_t total = 0;
  std::set<std::string> categories, auth_types, providers, tags;
  for (const auto& e : entries) {
    if (!e.category.empty()) categories.insert(e.category);
    if (!e.auth_type.empty()) auth_types.insert(e.auth_type);
    if (!e.provider.empty()) providers.insert(e.provider);
    tags.insert(e.tags.begin(), e.tags.end());
    if (!catalog::matches(e, filter)) continue;
    const bool is_registered = registered(e, *view);
    if ((registered_only && !is_registered) || (available_only && !e.is_available && !is_registered)) continue;
    if (total++ < *offset || servers.size() >= *limit) continue;
    json j = catalog::entry_to_json(e);
    j["is_registered"] = is_registered;
    j["is_available"] = e.is_available || is_registered;
    j["requires_oauth_config"] = false;
    servers.push_back(std::move(j));
  }
  json body = {{"servers", std::move(servers)}, {"total", total},         {"categories", categories},
               {"auth_types", auth_types},      {"providers", providers}, {"all_tags", tags}};
  co_await respond_json(exchange, 200, std::move(body));
}

/// The register body's overrides; "" or what is wrong.
std::string read_values(const json& body, catalog::InstallValues& values) {
  for (auto [key, out] : {std::pair{"name", &values.name}, {"api_key", &values.api_key}}) {
    const json* v = field(body, key);
    if (!v || v->is_null()) continue;
    if (!v->is_string()) return std::string(key) + " must be a string";
    *out = v->get<std::string>();
  }
  for (auto [key, out] : {std::pair{"env", &values.env}, {"headers", &values.headers}}) {
    const json* v = field(body, key);
    if (!v || v->is_null()) continue;
    if (!v->is_object()) return std::string(key) + " must be an object of strings";
    for (const auto& [name, value] : v->items()) {
      if (!value.is_string()) return std::string(key) + "." + name + " must be a string";
      (*out)[name] = value.get<std::string>();
    }
  }
  return {};
}

json missing_json(const std::vector<catalog::MissingValue>& missing, std::string& names) {
  json list = json::array();
  for (const auto& m : missing) {
    list.push_back({{"kind", m.kind}, {"name", m.name}, {"description", m.description}, {"secret", m.secret}});
    names += (names.empty() ? "" : ", ") + m.name;
  }
  return list;
}

std::size_t tools_of(const CatalogView& view, const std::string& gateway_id) {
  return std::count_if(view.all_tools().begin(), view.all_tools().end(),
                       [&gateway_id](const store::Tool& t) { return t.gateway_id == gateway_id; });
}

awaitable<void> register_entry(http::Exchange& exchange, Federation& federation, const CatalogEntry& e) {
  catalog::InstallValues values;
  json body = json::object();
  std::string error;
  if (!exchange.request().body().empty()) body = parse_body(exchange, error);
  if (error.empty()) error = read_values(body, values);
  if (!error.empty()) {
    co_await respond_detail(exchange, 422, error);
    co_return;
  }
  catalog::InstallPlan plan = catalog::plan_install(e, values);
  if (!plan.error.empty()) {
    co_await respond_detail(exchange, 422, plan.error);
    co_return;
  }
  if (!plan.missing.empty()) {
    std::string names;
    json missing = missing_json(plan.missing, names);
    json answer = {{"detail", "'" + e.id + "' needs values for: " + names}, {"missing", std::move(missing)}};
    co_await respond_json(exchange, 422, std::move(answer));
    co_return;
  }
  const std::string name = plan.body["name"].get<std::string>();
  const auto view = federation.view();
  bool taken = std::any_of(view->gateways().begin(), view->gateways().end(),
                           [&name](const store::Gateway& g) { return g.name == name; });
  if (taken) {
    co_await respond_detail(exchange, 409, "a gateway named '" + name + "' exists already; choose another \"name\"");
    co_return;
  }
  store::Gateway g;
  std::optional<HeaderPairs> auth;
  if (auto bad = apply_gateway_input(plan.body, g, auth, true)) {
    co_await respond_detail(exchange, 422, "'" + e.id + "' cannot be registered: " + bad.message);
    co_return;
  }
  if (g.transport == "STDIO")
    if (auto why = federation.options().stdio.refuse(g.command); !why.empty()) {
      co_await respond_detail(exchange, 403, why);
      co_return;
    }
  // A named local, not a temporary in the co_await: g++ 12 may end such a temporary early.
  HeaderPairs credentials = auth ? *auth : HeaderPairs{};
  if (auto err = co_await federation.add_gateway(g, credentials)) {
    if (err.status == 409) {
      co_await respond_detail(exchange, 409, err.message);
      co_return;
    }
    // ContextForge answers a failed registration with 200 and success false.
    json failed = {{"success", false}, {"server_id", ""}, {"message", err.message}, {"error", nullptr}};
    co_await respond_json(exchange, 200, std::move(failed));
    co_return;
  }
  std::size_t tools = tools_of(*federation.view(), g.id);
  std::string message = "Successfully registered " + g.name;
  if (tools > 0) message += " with " + std::to_string(tools) + " tools discovered";
  MCPGW_LOG(info, "catalog_registered", "entry=" << e.id << " gateway=" << g.id);
  json done = {{"success", true}, {"server_id", g.id}, {"message", message}, {"error", nullptr}};
  co_await respond_json(exchange, 200, std::move(done));
}

}  // namespace

awaitable<void> catalog_route(http::Exchange& exchange, const std::vector<std::string>& segments,
                              Federation& federation, const CatalogEntries& entries) {
  namespace bhttp = boost::beast::http;
  if (!entries) {
    co_await respond_detail(exchange, 404, "Catalog feature is disabled");
    co_return;
  }
  const auto verb = exchange.request().method();
  if (segments.size() == 1 && (verb == bhttp::verb::get || verb == bhttp::verb::head)) {
    co_await list(exchange, federation, *entries);
  } else if (segments.size() == 3 && segments[2] == "register" && verb == bhttp::verb::post) {
    const CatalogEntry* e = catalog::find_entry(*entries, segments[1]);
    if (!e) {
      co_await respond_detail(exchange, 404, "Catalog server not found");
      co_return;
    }
    co_await register_entry(exchange, federation, *e);
  } else {
    co_await respond_detail(exchange, 405, "method not allowed");
  }
}

}  // namespace mcpgw::gateway
