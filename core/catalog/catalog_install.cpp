#include "core/catalog/catalog_install.hpp"

#include <algorithm>
#include <cctype>

namespace mcpgw::catalog {

using nlohmann::json;

namespace {

/// `command` with each ${NAME} replaced by the word of env[NAME].
std::string fill_command(const std::string& command, const json& env) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t open = command.find("${"); open != std::string::npos; open = command.find("${", at)) {
    std::size_t close = command.find('}', open + 2);
    if (close == std::string::npos) break;
    out += command.substr(at, open - at);
    std::string name = command.substr(open + 2, close - open - 2);
    out += command_word(env.contains(name) ? env[name].get<std::string>() : std::string());
    at = close + 1;
  }
  return out + command.substr(at);
}

bool open_auth(const std::string& auth_type) {
  std::string t = auth_type;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  return t.empty() || t == "open" || t == "none";
}

void plan_remote(const CatalogEntry& e, const InstallValues& values, InstallPlan& plan) {
  json& body = plan.body;
  body["url"] = e.url;
  body["transport"] = effective_transport(e);
  json headers = json::array();
  for (const auto& h : e.headers) {
    auto given = values.headers.find(h.name);
    if (given != values.headers.end() && !given->second.empty()) {
      headers.push_back({{"key", h.name}, {"value", given->second}});
    } else if (h.default_value && !h.default_value->empty()) {
      headers.push_back({{"key", h.name}, {"value", *h.default_value}});
    } else if (h.required) {
      plan.missing.push_back({"header", h.name, h.description, h.secret});
    }
  }
  for (const auto& given : values.headers) {
    const std::string& name = given.first;
    bool declared = std::any_of(e.headers.begin(), e.headers.end(), [&name](const CatalogInput& h) { return h.name == name; });
    if (!declared && !given.second.empty()) headers.push_back({{"key", name}, {"value", given.second}});
  }
  const bool bearer = !values.api_key.empty() && !open_auth(e.auth_type) &&
                      (e.auth_type == "API Key" || e.auth_type == "API" || e.auth_type.starts_with("OAuth"));
  if (!values.api_key.empty() && !open_auth(e.auth_type) && !bearer)
    headers.push_back({{"key", "X-API-Key"}, {"value", values.api_key}});
  if (e.requires_api_key && values.api_key.empty() && headers.empty())
    plan.missing.push_back({"api_key", "api_key", "the API key of " + e.name, true});
  if (bearer && headers.empty()) {
    body["auth_type"] = "bearer";
    body["auth_token"] = values.api_key;
  } else if (!headers.empty()) {
    if (bearer) headers.insert(headers.begin(), json{{"key", "Authorization"}, {"value", "Bearer " + values.api_key}});
    body["auth_type"] = "authheaders";
    body["auth_headers"] = std::move(headers);
  }
}

void plan_local(const CatalogEntry& e, const InstallValues& values, InstallPlan& plan) {
  json env = json::object();
  bool key_used = values.api_key.empty();
  for (const auto& v : e.env) {
    auto given = values.env.find(v.name);
    if (given != values.env.end() && !given->second.empty()) {
      env[v.name] = given->second;
    } else if (v.secret && v.required && !key_used) {
      env[v.name] = values.api_key;
      key_used = true;
    } else if (v.default_value && !v.default_value->empty()) {
      env[v.name] = *v.default_value;
    } else if (v.required) {
      plan.missing.push_back({"env", v.name, v.description, v.secret});
    }
  }
  for (const auto& [name, value] : values.env)
    if (!env.contains(name) && !value.empty()) env[name] = value;
  plan.body["command"] = fill_command(e.command, env);
  plan.body["transport"] = "STDIO";
  if (!env.empty()) plan.body["env"] = std::move(env);
}

}  // namespace

std::string command_word(const std::string& value) {
  bool plain = !value.empty() && std::all_of(value.begin(), value.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("@%+=:,./_-").find(static_cast<char>(c)) != std::string_view::npos;
  });
  if (plain) return value;
  std::string out = "'";
  for (char c : value) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

InstallPlan plan_install(const CatalogEntry& e, const InstallValues& values) {
  InstallPlan plan;
  if (!e.url.empty() && effective_transport(e) == "WEBSOCKET") {
    plan.error = "'" + e.id + "' is a WebSocket server, which the gateway cannot connect to";
    return plan;
  }
  plan.body = {{"name", values.name.empty() ? e.name : values.name}, {"description", e.description}, {"tags", e.tags}};
  if (e.url.empty()) {
    plan_local(e, values, plan);
  } else {
    plan_remote(e, values, plan);
  }
  if (!plan.missing.empty()) plan.body = json();
  return plan;
}

bool installed_as(const CatalogEntry& e, const std::string& url, const std::string& command) {
  auto trimmed = [](std::string_view s) { return s.ends_with('/') ? s.substr(0, s.size() - 1) : s; };
  if (!e.url.empty()) return !url.empty() && trimmed(e.url) == trimmed(url);
  if (e.command.empty() || command.empty()) return false;
  // The literal parts of the command, in order, with anything where each ${NAME} stood.
  std::size_t at = 0;
  std::size_t pos = 0;
  bool first = true;
  for (std::size_t open = e.command.find("${"); open != std::string::npos; open = e.command.find("${", at)) {
    std::size_t close = e.command.find('}', open + 2);
    if (close == std::string::npos) break;
    std::string_view literal = std::string_view(e.command).substr(at, open - at);
    std::size_t found = first ? (command.starts_with(literal) ? 0 : std::string::npos) : command.find(literal, pos);
    if (found == std::string::npos) return false;
    pos = found + literal.size();
    at = close + 1;
    first = false;
  }
  std::string_view tail = std::string_view(e.command).substr(at);
  if (first) return command == e.command;
  return command.size() >= pos + tail.size() && std::string_view(command).ends_with(tail);
}

}  // namespace mcpgw::catalog
