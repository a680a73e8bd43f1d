#include "core/gateway/api_json.hpp"

#include <algorithm>
#include <ctime>

#include <boost/url/parse.hpp>

#include "core/auth/base64url.hpp"
#include "core/gateway/stdio_policy.hpp"
#include "core/http/header_field.hpp"
#include "core/http/url.hpp"
#include "core/protocol/uri_template.hpp"

namespace mcpgw::gateway {

std::string iso_time(store::Timestamp t) {
  auto ms = t.time_since_epoch().count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

json gateway_json(const store::Gateway& g, bool reachable, const std::string& problem) {
  json j = {{"id", g.id},
            {"name", g.name},
            {"slug", g.slug},
            {"url", g.url},
            {"transport", g.transport},
            {"description", g.description},
            {"tags", g.tags},
            {"enabled", g.enabled},
            {"reachable", g.enabled && reachable},
            {"authType", g.auth_type.empty() ? json(nullptr) : json(g.auth_type)},
            {"authValue", g.auth_value_encrypted.empty() ? json(nullptr) : json("*****")},
            {"passthroughHeaders", g.passthrough_headers},
            {"toolPrefix", g.tool_prefix ? json(*g.tool_prefix) : json(nullptr)},
            {"createdAt", iso_time(g.created_at)},
            {"updatedAt", iso_time(g.updated_at)}};
  if (g.transport == "STDIO") {
    j["command"] = g.command;
    // Environment values may be secrets: names only.
    json names = json::array();
    if (g.env.is_object())
      for (const auto& [k, v] : g.env.items()) names.push_back(k);
    j["envNames"] = names;
  }
  if (!problem.empty()) j["lastError"] = problem;
  return j;
}

json tool_json_api(const store::Tool& t, const CatalogView& view) {
  const store::Gateway* g = t.gateway_id.empty() ? nullptr : view.gateway(t.gateway_id);
  json j = {{"id", t.id},
          {"name", t.name},
          {"originalName", t.original_name},
          {"displayName", t.display_name.empty() ? t.original_name : t.display_name},
          {"description", t.description},
          {"inputSchema", t.input_schema},
          {"outputSchema", t.output_schema},
          {"annotations", t.annotations},
          {"gatewayId", t.gateway_id.empty() ? json(nullptr) : json(t.gateway_id)},
          {"gatewaySlug", g ? json(g->slug) : json(nullptr)},
          {"tags", t.tags},
          {"enabled", t.enabled},
          {"reachable", view.gateway_live(t.gateway_id)},
          {"integrationType", t.integration_type},
          {"requestType", t.integration_type == "REST" ? t.request_type : (g ? g->transport : std::string())},
          {"createdAt", iso_time(t.created_at)},
          {"updatedAt", iso_time(t.updated_at)}};
  if (t.integration_type == "REST") {
    j["url"] = t.url;
    j["headers"] = t.headers;
    j["authType"] = t.auth_type.empty() ? json(nullptr) : json(t.auth_type);
    j["authValue"] = t.auth_value_encrypted.empty() ? json(nullptr) : json(kSecretMask);
    j["queryMapping"] = t.query_mapping;
    j["headerMapping"] = t.header_mapping;
    j["timeoutMs"] = t.timeout_ms ? json(*t.timeout_ms) : json(nullptr);
    j["jsonpathFilter"] = t.jsonpath_filter;
    j["rateLimit"] = t.rate_limit ? json(*t.rate_limit) : json(nullptr);
  }
  return j;
}

json resource_json_api(const store::Resource& r) {
  return {{"id", r.id},
          {"uri", r.uri},
          {"name", r.name},
          {"description", r.description},
          {"mimeType", r.mime_type.empty() ? json(nullptr) : json(r.mime_type)},
          {"size", r.size ? json(*r.size) : json(nullptr)},
          {"gatewayId", r.gateway_id.empty() ? json(nullptr) : json(r.gateway_id)},
          {"tags", r.tags},
          {"enabled", r.enabled},
          {"createdAt", iso_time(r.created_at)},
          {"updatedAt", iso_time(r.updated_at)}};
}

json template_json_api(const store::ResourceTemplate& t) {
  json j = {{"id", t.id},
            {"uriTemplate", t.uri_template},
            {"name", t.name},
            {"description", t.description},
            {"mimeType", t.mime_type.empty() ? json(nullptr) : json(t.mime_type)},
            {"gatewayId", t.gateway_id},
            {"enabled", t.enabled}};
  if (t.text) {
    j["content"] = *t.text;
    j["tags"] = t.tags;
  }
  return j;
}

json prompt_json_api(const store::Prompt& p) {
  json j = {{"id", p.id},
          {"name", p.name},
          {"originalName", p.original_name},
          {"description", p.description},
          {"arguments", p.arguments},
          {"gatewayId", p.gateway_id.empty() ? json(nullptr) : json(p.gateway_id)},
          {"tags", p.tags},
          {"enabled", p.enabled},
          {"createdAt", iso_time(p.created_at)},
          {"updatedAt", iso_time(p.updated_at)}};
  if (p.gateway_id.empty()) {
    j["template"] = p.template_text;
    j["version"] = p.version;
  }
  return j;
}

json server_json(const store::Server& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"description", s.description},
          {"associatedTools", s.tool_ids},
          {"associatedResources", s.resource_ids},
          {"associatedPrompts", s.prompt_ids},
          {"tags", s.tags},
          {"enabled", s.enabled},
          {"isActive", s.enabled},
          {"createdAt", iso_time(s.created_at)},
          {"updatedAt", iso_time(s.updated_at)}};
}

const json* field(const json& body, const char* snake, const char* camel) {
  if (!body.is_object()) return nullptr;
  if (auto it = body.find(snake); it != body.end()) return &*it;
  if (camel)
    if (auto it = body.find(camel); it != body.end()) return &*it;
  return nullptr;
}

InputError check_name(const std::string& name, const char* what) {
  if (name.empty() || name.size() > 255) return {std::string(what) + " must be 1-255 characters"};
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return {std::string(what) + " must not contain control characters"};
  return {};
}

namespace {

InputError read_string(const json& body, const char* snake, const char* camel, std::string& into, std::size_t max = 4096) {
  const json* v = field(body, snake, camel);
  if (!v || v->is_null()) return {};
  if (!v->is_string()) return {std::string(snake) + " must be a string"};
  if (v->get_ref<const std::string&>().size() > max)
    return {std::string(snake) + " is longer than " + std::to_string(max) + " characters"};
  into = v->get<std::string>();
  return {};
}

/// Tags as a JSON array of strings or one comma-separated string (ContextForge takes both).
InputError read_list(const json& body, const char* snake, const char* camel, std::vector<std::string>& into) {
  const json* v = field(body, snake, camel);
  if (!v || v->is_null()) return {};
  std::vector<std::string> out;
  if (v->is_string()) {
    std::string_view text = v->get_ref<const std::string&>();
    while (!text.empty()) {
      auto comma = text.find(',');
      std::string_view part = text.substr(0, comma);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
      if (!part.empty()) out.emplace_back(part);
      if (comma == std::string_view::npos) break;
      text.remove_prefix(comma + 1);
    }
  } else if (v->is_array()) {
    for (const auto& item : *v) {
      if (!item.is_string()) return {std::string(snake) + " must be a list of strings"};
      out.push_back(item.get<std::string>());
    }
  } else {
    return {std::string(snake) + " must be a list of strings"};
  }
  if (out.size() > 10000) return {std::string(snake) + " has too many entries"};
  into = std::move(out);
  return {};
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string basic_header(const std::string& user, const std::string& password) {
  std::string pair = user + ":" + password;
  // Standard base64 with padding, as Basic auth wants.
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string encoded;
  std::size_t i = 0;
  for (; i + 2 < pair.size(); i += 3) {
    unsigned v = (unsigned char)pair[i] << 16 | (unsigned char)pair[i + 1] << 8 | (unsigned char)pair[i + 2];
    encoded += {kB64[v >> 18], kB64[(v >> 12) & 63], kB64[(v >> 6) & 63], kB64[v & 63]};
  }
  if (i + 1 == pair.size()) {
    unsigned v = (unsigned char)pair[i] << 16;
    encoded += {kB64[v >> 18], kB64[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == pair.size()) {
    unsigned v = (unsigned char)pair[i] << 16 | (unsigned char)pair[i + 1] << 8;
    encoded += {kB64[v >> 18], kB64[(v >> 12) & 63], kB64[(v >> 6) & 63], '='};
  }
  return "Basic " + encoded;
}

/// The stored value of header `name` (any case), or nullptr.
const std::string* stored_value(const HeaderPairs& stored, std::string_view name) {
  for (const auto& [k, v] : stored)
    if (lower(k) == lower(std::string(name))) return &v;
  return nullptr;
}

/// The user and password in a stored "Basic ..." Authorization header.
std::pair<std::string, std::string> stored_basic(const HeaderPairs& stored) {
  const std::string* header = stored_value(stored, "Authorization");
  if (!header || !header->starts_with("Basic ")) return {};
  std::string text = header->substr(6);
  while (!text.empty() && text.back() == '=') text.pop_back();
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  auto pair = auth::base64url_decode(text);
  if (!pair) return {};
  auto colon = pair->find(':');
  if (colon == std::string::npos) return {};
  return {pair->substr(0, colon), pair->substr(colon + 1)};
}

InputError masked_without_value(const char* what, bool moved) {
  if (moved)
    return {std::string(what) + " is masked, and stored credentials do not follow a new URL origin: send it again"};
  return {std::string(what) + " is masked but nothing is stored for it: send the value itself"};
}

/// Reads the auth fields. A masked or absent secret keeps its stored value when the auth type
/// stays and the origin does not move (`moved`); `auth` stays nullopt when nothing changes.
InputError read_auth(const json& body, std::string& auth_type, std::optional<HeaderPairs>& auth,
                     const HeaderPairs& stored, bool moved) {
  const json* type = field(body, "auth_type", "authType");
  bool any = type || field(body, "auth_token", "authToken") || field(body, "auth_headers", "authHeaders") ||
             field(body, "auth_username", "authUsername") || field(body, "auth_password", "authPassword") ||
             field(body, "auth_header_key", "authHeaderKey") || field(body, "auth_header_value", "authHeaderValue");
  if (!any) {
    if (moved && (!auth_type.empty() || !stored.empty())) {
      auth_type.clear();
      auth = HeaderPairs{};
    }
    return {};
  }
  std::string kind = type ? std::string() : auth_type;
  if (auto e = read_string(body, "auth_type", "authType", kind)) return e;
  kind = lower(kind);
  const bool keep = !moved && !stored.empty() && kind == lower(auth_type);
  HeaderPairs headers;
  if (kind == "bearer") {
    std::string token;
    if (auto e = read_string(body, "auth_token", "authToken", token)) return e;
    if (token.empty() || token == kSecretMask) {
      if (keep) return {};
      if (token == kSecretMask) return masked_without_value("auth_token", moved);
      return {"auth_type bearer needs auth_token"};
    }
    headers.emplace_back("Authorization", "Bearer " + token);
  } else if (kind == "basic") {
    std::string user, password;
    if (auto e = read_string(body, "auth_username", "authUsername", user)) return e;
    if (auto e = read_string(body, "auth_password", "authPassword", password)) return e;
    if (password.empty() || password == kSecretMask) {
      if (keep) {
        auto [stored_user, stored_password] = stored_basic(stored);
        if (user.empty() || user == stored_user) return {};
        password = stored_password;
      } else if (password == kSecretMask) {
        return masked_without_value("auth_password", moved);
      }
    }
    if (user.empty()) return {"auth_type basic needs auth_username and auth_password"};
    headers.emplace_back("Authorization", basic_header(user, password));
  } else if (kind == "authheaders") {
    auto add = [&](std::string key, std::string value) -> InputError {
      if (value == kSecretMask) {
        const std::string* old = keep ? stored_value(stored, key) : nullptr;
        if (!old) return masked_without_value(("the value of auth header '" + key + "'").c_str(), moved);
        value = *old;
      }
      headers.emplace_back(std::move(key), std::move(value));
      return {};
    };
    std::string key, value;
    if (auto e = read_string(body, "auth_header_key", "authHeaderKey", key)) return e;
    if (auto e = read_string(body, "auth_header_value", "authHeaderValue", value)) return e;
    if (!key.empty())
      if (auto e = add(key, value)) return e;
    if (const json* list = field(body, "auth_headers", "authHeaders"); list && !list->is_null()) {
      if (!list->is_array()) return {"auth_headers must be a list of {\"key\", \"value\"} objects"};
      for (const auto& h : *list) {
        if (!h.is_object() || !h.contains("key") || !h["key"].is_string() || !h.value("value", json()).is_string())
          return {"auth_headers must be a list of {\"key\", \"value\"} objects"};
        if (auto e = add(h["key"].get<std::string>(), h["value"].get<std::string>())) return e;
      }
    }
    if (headers.empty()) {
      if (keep) return {};
      return {"auth_type authheaders needs auth_headers or auth_header_key"};
    }
  } else if (kind.empty() || kind == "none") {
    kind.clear();
  } else {
    return {"auth_type must be basic, bearer or authheaders"};
  }
  for (const auto& [k, v] : headers) {
    if (!http::is_header_name(k)) return {"'" + k + "' is not a valid HTTP header name"};
    if (!http::is_header_value(v)) return {"a credential header value contains a line break or is too long"};
  }
  auth_type = kind;
  auth = std::move(headers);
  return {};
}

/// scheme://host:port in lower case; "" for no URL.
std::string origin_of(const std::string& url) {
  auto parsed = http::parse_url(url);
  return parsed ? lower(parsed->origin()) : std::string();
}

/// The env object, with masked values taken from `g`'s stored env.
InputError read_env(const json& body, store::Gateway& g) {
  const json* env = field(body, "env");
  if (!env || env->is_null()) return {};
  if (!env->is_object()) return {"env must be an object of strings"};
  json merged = json::object();
  for (const auto& [k, v] : env->items()) {
    if (!v.is_string() || k.empty() || k.find('=') != std::string::npos) return {"env must be an object of strings"};
    if (v.get_ref<const std::string&>() == kSecretMask) {
      auto old = g.env.is_object() ? g.env.find(k) : g.env.end();
      if (!g.env.is_object() || old == g.env.end()) return masked_without_value(("env " + k).c_str(), false);
      merged[k] = *old;
    } else {
      merged[k] = v;
    }
  }
  if (auto why = refuse_env(merged); !why.empty()) return {why};
  g.env = std::move(merged);
  return {};
}

}  // namespace

InputError apply_gateway_input(const json& body, store::Gateway& g, std::optional<HeaderPairs>& auth, bool creating,
                               const HeaderPairs& stored) {
  if (!body.is_object()) return {"the body must be a JSON object"};
  const std::string old_origin = origin_of(g.url);
  if (auto e = read_string(body, "name", nullptr, g.name, 255)) return e;
  if (creating || field(body, "name"))
    if (auto e = check_name(g.name, "name")) return e;
  if (auto e = read_string(body, "url", nullptr, g.url, 2048)) return e;
  if (auto e = read_string(body, "command", nullptr, g.command, 8192)) return e;
  if (auto e = read_string(body, "description", nullptr, g.description)) return e;
  if (auto e = read_list(body, "tags", nullptr, g.tags)) return e;
  if (auto e = read_list(body, "passthrough_headers", "passthroughHeaders", g.passthrough_headers)) return e;
  for (const auto& h : g.passthrough_headers)
    if (!http::is_header_name(h)) return {"passthrough_headers: '" + h + "' is not a valid HTTP header name"};
  if (auto e = read_env(body, g)) return e;
  if (const json* prefix = field(body, "tool_prefix", "toolPrefix")) {
    if (prefix->is_null()) {
      g.tool_prefix.reset();
    } else if (!prefix->is_string()) {
      return {"tool_prefix must be a string"};
    } else {
      std::string p = prefix->get<std::string>();
      if (p.size() > 32 || !std::all_of(p.begin(), p.end(), [](unsigned char c) {
            return std::isalnum(c) || c == '-' || c == '_' || c == '.';
          }))
        return {"tool_prefix must be at most 32 letters, digits, '-', '_' or '.'"};
      g.tool_prefix = p;
    }
  }
  std::string transport;
  if (auto e = read_string(body, "transport", nullptr, transport)) return e;
  transport = upper(transport);
  if (transport == "STREAMABLE_HTTP" || transport == "HTTP") transport = "STREAMABLEHTTP";
  if (!transport.empty()) g.transport = transport;
  if (creating && g.transport.empty()) {
    // ContextForge's default is SSE; a URL that ends in /mcp is streamable HTTP.
    if (!g.command.empty()) g.transport = "STDIO";
    else if (g.url.ends_with("/mcp") || g.url.ends_with("/mcp/")) g.transport = "STREAMABLEHTTP";
    else g.transport = "SSE";
  }
  if (g.transport != "SSE" && g.transport != "STREAMABLEHTTP" && g.transport != "STDIO")
    return {"transport must be SSE, STREAMABLEHTTP or STDIO"};
  if (g.transport == "STDIO") {
    if (g.command.empty()) return {"a STDIO gateway needs a command"};
    g.url.clear();
  } else {
    if (g.url.empty()) return {"url is required (or command, for a local stdio server)"};
    auto url = http::parse_url(g.url);
    if (!url || !(g.url.starts_with("http://") || g.url.starts_with("https://")))
      return {"url must be an http:// or https:// URL"};
    g.command.clear();
  }
  // Credentials were given for one host: a new origin does not inherit them.
  const bool moved = !creating && origin_of(g.url) != old_origin;
  if (auto e = read_auth(body, g.auth_type, auth, stored, moved)) return e;
  if (const json* enabled = field(body, "enabled", "isActive"); enabled && enabled->is_boolean())
    g.enabled = enabled->get<bool>();
  return {};
}

namespace {

/// A JSON field that must be an object (of strings, checked later with the rest of the tool).
InputError read_object(const json& body, const char* snake, const char* camel, json& into) {
  const json* v = field(body, snake, camel);
  if (!v) return {};
  if (v->is_null()) {
    into = json::object();
    return {};
  }
  if (!v->is_object()) return {std::string(snake) + " must be an object"};
  into = *v;
  return {};
}

/// The name of a tool or prompt kept in the gateway: what clients call it by, as MCP's tool
/// names (SEP-986) allow.
InputError read_local_name(const json& body, std::string& name, bool creating) {
  if (auto e = read_string(body, "name", nullptr, name, 128)) return e;
  if (!creating && !field(body, "name")) return {};
  if (name.empty() || !std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '/';
      }))
    return {"name must be 1-128 letters, digits, '_', '-', '.' or '/'"};
  return {};
}

/// ContextForge also takes credentials nested as "auth": {"auth_type", "username", "password",
/// "token", "auth_header_key", "auth_header_value", "authHeaders"}: the flat names, merged.
json flatten_auth(const json& body) {
  const json* nested = field(body, "auth");
  if (!nested || !nested->is_object()) return body;
  json flat = body;
  static const std::pair<const char*, const char*> kNames[] = {
      {"auth_type", "auth_type"},         {"authType", "auth_type"},         {"username", "auth_username"},
      {"password", "auth_password"},      {"token", "auth_token"},           {"auth_header_key", "auth_header_key"},
      {"auth_header_value", "auth_header_value"}, {"authHeaders", "auth_headers"}, {"auth_headers", "auth_headers"}};
  for (const auto& [from, to] : kNames)
    if (auto it = nested->find(from); it != nested->end() && !it->is_null() && !flat.contains(to)) flat[to] = *it;
  return flat;
}

}  // namespace

InputError apply_tool_input(const json& raw, store::Tool& t, std::optional<HeaderPairs>& auth, bool creating,
                            const HeaderPairs& stored) {
  if (!raw.is_object()) return {"the body must be a JSON object"};
  const json body = flatten_auth(raw);
  std::string integration = t.integration_type.empty() || creating ? "REST" : t.integration_type;
  if (auto e = read_string(body, "integration_type", "integrationType", integration)) return e;
  if (upper(integration) != "REST")
    return {"integration_type must be REST: MCP tools come from gateways (POST /gateways)"};
  t.integration_type = "REST";
  t.gateway_id.clear();
  const std::string old_origin = origin_of(t.url);
  if (auto e = read_local_name(body, t.name, creating)) return e;
  t.original_name = t.name;
  if (auto e = read_string(body, "displayName", "display_name", t.display_name, 255)) return e;
  if (!field(body, "displayName", "display_name"))
    if (auto e = read_string(body, "title", nullptr, t.display_name, 255)) return e;
  if (auto e = read_string(body, "description", nullptr, t.description, 65536)) return e;
  if (auto e = read_string(body, "url", nullptr, t.url, 2048)) return e;
  std::string method = t.request_type.empty() ? "GET" : t.request_type;
  if (auto e = read_string(body, "request_type", "requestType", method, 16)) return e;
  t.request_type = upper(method);
  if (auto e = read_object(body, "headers", nullptr, t.headers)) return e;
  if (auto e = read_object(body, "query_mapping", "queryMapping", t.query_mapping)) return e;
  if (auto e = read_object(body, "header_mapping", "headerMapping", t.header_mapping)) return e;
  if (const json* schema = field(body, "input_schema", "inputSchema"); schema && !schema->is_null()) {
    if (!schema->is_object()) return {"input_schema must be a JSON Schema object"};
    t.input_schema = *schema;
  } else if (creating) {
    t.input_schema = {{"type", "object"}, {"properties", json::object()}};
  }
  if (const json* schema = field(body, "output_schema", "outputSchema")) {
    if (!schema->is_null() && !schema->is_object()) return {"output_schema must be a JSON Schema object or null"};
    t.output_schema = *schema;
  }
  if (const json* a = field(body, "annotations"); a && !a->is_null()) {
    if (!a->is_object()) return {"annotations must be an object"};
    t.annotations = *a;
  }
  if (const json* timeout = field(body, "timeout_ms", "timeoutMs")) {
    if (timeout->is_null()) t.timeout_ms.reset();
    else if (!timeout->is_number_integer()) return {"timeout_ms must be an integer (milliseconds)"};
    else t.timeout_ms = timeout->get<std::int64_t>();
  }
  if (auto e = read_string(body, "jsonpath_filter", "jsonpathFilter", t.jsonpath_filter, 65536)) return e;
  if (const json* limit = field(body, "rate_limit", "rateLimit")) {
    if (limit->is_null()) t.rate_limit.reset();
    else if (!limit->is_number_integer() || limit->get<std::int64_t>() < 1 || limit->get<std::int64_t>() > 1000000)
      return {"rate_limit must be an integer from 1 to 1000000 (calls per minute) or null"};
    else t.rate_limit = limit->get<std::int64_t>();
  }
  if (auto e = read_list(body, "tags", nullptr, t.tags)) return e;
  if (const json* enabled = field(body, "enabled", "isActive"); enabled && enabled->is_boolean())
    t.enabled = enabled->get<bool>();
  const bool moved = !creating && origin_of(t.url) != old_origin;
  if (auto e = read_auth(body, t.auth_type, auth, stored, moved)) return e;
  return {};
}

InputError apply_prompt_input(const json& body, store::Prompt& p, bool creating) {
  if (!body.is_object()) return {"the body must be a JSON object"};
  if (auto e = read_local_name(body, p.name, creating)) return e;
  p.original_name = p.name;
  p.gateway_id.clear();
  if (auto e = read_string(body, "description", nullptr, p.description, 65536)) return e;
  if (auto e = read_string(body, "template", nullptr, p.template_text, 1 << 20)) return e;
  if (creating && p.template_text.empty()) return {"template is required"};
  if (const json* args = field(body, "arguments"); args && !args->is_null()) {
    if (!args->is_array()) return {"arguments must be a list of {\"name\", \"description\", \"required\"}"};
    json out = json::array();
    for (std::size_t i = 0; i < args->size(); ++i) {
      const json& a = (*args)[i];
      const std::string where = "arguments[" + std::to_string(i) + "]";
      if (!a.is_object() || !a.contains("name") || !a["name"].is_string() || a["name"].get_ref<const std::string&>().empty())
        return {where + " needs a name"};
      const std::string& name = a["name"].get_ref<const std::string&>();
      if (name.size() > 128) return {where + ".name is longer than 128 characters"};
      for (const auto& seen : out)
        if (seen["name"] == name) return {where + ": '" + name + "' is named twice"};
      json arg = {{"name", name}};
      if (auto d = a.find("description"); d != a.end() && !d->is_null()) {
        if (!d->is_string()) return {where + ".description must be a string"};
        arg["description"] = *d;
      }
      if (auto r = a.find("required"); r != a.end() && !r->is_null()) {
        if (!r->is_boolean()) return {where + ".required must be true or false"};
        arg["required"] = *r;
      }
      out.push_back(std::move(arg));
    }
    p.arguments = std::move(out);
  }
  if (auto e = read_list(body, "tags", nullptr, p.tags)) return e;
  if (const json* enabled = field(body, "enabled", "isActive"); enabled && enabled->is_boolean())
    p.enabled = enabled->get<bool>();
  return {};
}

namespace {

/// A MIME type from the URI's file extension; text/plain for text, else application/octet-stream.
std::string guess_mime_type(const std::string& uri, bool binary) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".txt", "text/plain"},        {".md", "text/markdown"},        {".markdown", "text/markdown"},
      {".html", "text/html"},        {".htm", "text/html"},           {".css", "text/css"},
      {".csv", "text/csv"},          {".json", "application/json"},   {".xml", "application/xml"},
      {".yaml", "application/yaml"}, {".yml", "application/yaml"},    {".js", "text/javascript"},
      {".py", "text/x-python"},      {".png", "image/png"},           {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},       {".gif", "image/gif"},           {".svg", "image/svg+xml"},
      {".webp", "image/webp"},       {".pdf", "application/pdf"},     {".wav", "audio/wav"},
      {".mp3", "audio/mpeg"},        {".zip", "application/zip"}};
  std::string path = lower(uri.substr(0, uri.find_first_of("?#")));
  for (const auto& [ext, type] : kTypes)
    if (path.ends_with(ext)) return type;
  return binary ? "application/octet-stream" : "text/plain";
}

/// Standard base64 (with or without padding), as MCP's blob fields carry it.
bool is_base64(const std::string& s) {
  std::size_t end = s.size();
  while (end > 0 && s[end - 1] == '=') --end;
  if (s.size() - end > 2 || (s.size() % 4 != 0 && end != s.size())) return false;
  return std::all_of(s.begin(), s.begin() + static_cast<long>(end),
                     [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '/'; });
}

}  // namespace

namespace {
/// The name (the URI or template when none is given at creation), description and mime_type
/// that resources and resource templates share; `had_type` says whether a type was given.
InputError apply_resource_labels(const json& body, std::string& name, std::string& description, std::string& mime_type,
                                 const std::string& address, bool creating, bool& had_type) {
  if (auto e = read_string(body, "name", nullptr, name, 255)) return e;
  if (creating && name.empty()) name = address;
  if (auto e = check_name(name, "name")) return e;
  if (auto e = read_string(body, "description", nullptr, description, 65536)) return e;
  had_type = field(body, "mime_type", "mimeType") != nullptr;
  return read_string(body, "mime_type", "mimeType", mime_type, 255);
}
}  // namespace

InputError apply_resource_input(const json& body, store::Resource& r, bool creating) {
  if (!body.is_object()) return {"the body must be a JSON object"};
  if (field(body, "uri_template", "uriTemplate")) return {"uri_template: a resource template is changed at /resources/templates/{id}"};
  if (auto e = read_string(body, "uri", nullptr, r.uri, 2048)) return e;
  if (creating || field(body, "uri")) {
    if (r.uri.find('{') != std::string::npos)
      return {"uri must not hold a {template}: register a resource template with uri_template"};
    auto parsed = boost::urls::parse_uri(r.uri);
    if (r.uri.empty() || !parsed) return {"uri must be an absolute URI (scheme:...) of RFC 3986 characters"};
  }
  bool had_type = false;
  if (auto e = apply_resource_labels(body, r.name, r.description, r.mime_type, r.uri, creating, had_type)) return e;
  const json* content = field(body, "content");
  const json* blob = field(body, "blob");
  if (content && blob) return {"give content (text) or blob (base64), not both"};
  if (content) {
    if (!content->is_string()) return {"content must be a string (text); binary content goes in blob, as base64"};
    r.text = content->get<std::string>();
    r.blob.reset();
  } else if (blob) {
    if (!blob->is_string() || !is_base64(blob->get<std::string>())) return {"blob must be base64"};
    r.blob = blob->get<std::string>();
    r.text.reset();
  } else if (creating) {
    return {"content is required (text), or blob (base64)"};
  }
  if (!had_type && (creating || field(body, "uri"))) r.mime_type = guess_mime_type(r.uri, r.blob.has_value());
  if (r.text) r.size = static_cast<std::int64_t>(r.text->size());
  if (r.blob) {
    std::size_t pad = r.blob->size() - r.blob->find_last_not_of('=') - 1;
    r.size = static_cast<std::int64_t>(r.blob->size() / 4 * 3 - (r.blob->size() % 4 == 0 ? pad : 0));
  }
  if (auto e = read_list(body, "tags", nullptr, r.tags)) return e;
  if (const json* enabled = field(body, "enabled", "isActive"); enabled && enabled->is_boolean())
    r.enabled = enabled->get<bool>();
  r.gateway_id.clear();
  return {};
}

bool describes_template(const json& body) {
  if (!body.is_object()) return false;
  if (field(body, "uri_template", "uriTemplate")) return true;
  const json* uri = field(body, "uri");
  return uri && uri->is_string() && uri->get_ref<const std::string&>().find('{') != std::string::npos;
}

InputError apply_template_input(const json& body, store::ResourceTemplate& t, bool creating) {
  if (!body.is_object()) return {"the body must be a JSON object"};
  const bool given = field(body, "uri_template", "uriTemplate") || field(body, "uri");
  if (field(body, "uri_template", "uriTemplate")) {
    if (auto e = read_string(body, "uri_template", "uriTemplate", t.uri_template, 2048)) return e;
  } else if (field(body, "uri")) {
    if (auto e = read_string(body, "uri", nullptr, t.uri_template, 2048)) return e;
  }
  if (creating || given)
    if (auto p = protocol::uri_template_problem(t.uri_template); !p.empty()) return {p};
  bool had_type = false;
  if (auto e = apply_resource_labels(body, t.name, t.description, t.mime_type, t.uri_template, creating, had_type)) return e;
  if (field(body, "blob")) return {"blob: a resource template's content is text (its {name}s filled from the URI)"};
  if (const json* content = field(body, "content")) {
    if (!content->is_string()) return {"content must be a string (text)"};
    if (content->get_ref<const std::string&>().size() > (4u << 20)) return {"content is larger than 4 MiB"};
    t.text = content->get<std::string>();
  } else if (creating) {
    return {"content is required: the text a read returns, with the URI's {name}s filled in"};
  }
  if (!had_type && (creating || given))
    t.mime_type = guess_mime_type(protocol::fill_uri_variables(t.uri_template, {}), false);
  if (auto e = read_list(body, "tags", nullptr, t.tags)) return e;
  if (const json* enabled = field(body, "enabled", "isActive"); enabled && enabled->is_boolean())
    t.enabled = enabled->get<bool>();
  t.gateway_id.clear();
  return {};
}

namespace {
template <class R, class Match>
InputError resolve_ids(const json& body, const char* snake, const char* camel, const std::vector<R>& all, Match match,
                       const char* what, std::vector<std::string>& into) {
  std::vector<std::string> named;
  if (!field(body, snake, camel)) return {};
  if (auto e = read_list(body, snake, camel, named)) return e;
  std::vector<std::string> ids;
  for (const auto& n : named) {
    auto it = std::find_if(all.begin(), all.end(), [&](const R& r) { return r.id == n; });
    if (it == all.end()) {
      // By name (a URI for resources): it must pick exactly one record, never the first of several.
      it = std::find_if(all.begin(), all.end(), [&](const R& r) { return match(r, n); });
      if (it != all.end() && std::find_if(std::next(it), all.end(), [&](const R& r) { return match(r, n); }) != all.end())
        return {std::string(what) + " '" + n + "' is ambiguous: more than one gateway serves it; give its id"};
    }
    if (it == all.end()) return {std::string("unknown ") + what + " '" + n + "'"};
    if (std::find(ids.begin(), ids.end(), it->id) == ids.end()) ids.push_back(it->id);
  }
  into = std::move(ids);
  return {};
}
}  // namespace

InputError apply_server_input(const json& body, store::Server& s, const CatalogView& view, bool creating) {
  if (!body.is_object()) return {"the body must be a JSON object"};
  if (auto e = read_string(body, "name", nullptr, s.name, 255)) return e;
  if (creating || field(body, "name"))
    if (auto e = check_name(s.name, "name")) return e;
  if (auto e = read_string(body, "description", nullptr, s.description)) return e;
  if (auto e = read_list(body, "tags", nullptr, s.tags)) return e;
  if (auto e = resolve_ids(body, "associated_tools", "associatedTools", view.all_tools(),
                           [](const store::Tool& t, const std::string& n) { return t.name == n; }, "tool", s.tool_ids))
    return e;
  if (auto e = resolve_ids(body, "associated_resources", "associatedResources", view.all_resources(),
                           [](const store::Resource& r, const std::string& n) { return r.uri == n; }, "resource",
                           s.resource_ids))
    return e;
  if (auto e = resolve_ids(body, "associated_prompts", "associatedPrompts", view.all_prompts(),
                           [](const store::Prompt& p, const std::string& n) { return p.name == n; }, "prompt",
                           s.prompt_ids))
    return e;
  if (const json* enabled = field(body, "enabled", "isActive"); enabled && enabled->is_boolean())
    s.enabled = enabled->get<bool>();
  return {};
}

}  // namespace mcpgw::gateway
