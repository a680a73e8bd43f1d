#include "core/protocol/tool_headers.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/protocol/modern.hpp"

namespace mcpgw::protocol {
namespace {

// RFC 9110 §5.6.2 tchar.
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

bool is_primitive_schema(const Json& schema) {
  auto type = schema.find("type");
  return type != schema.end() && type->is_string() &&
         (*type == "string" || *type == "integer" || *type == "boolean");
}

/// Walks a tool's inputSchema and collects its annotations; `reachable` says whether the path
/// so far is a chain of `properties` keys only.
void collect(const Json& schema, std::vector<std::string>& path, bool reachable,
             std::vector<std::pair<std::string, std::vector<std::string>>>& found, std::string& error) {
  if (!error.empty()) return;
  if (schema.is_array()) {
    for (const auto& item : schema) collect(item, path, false, found, error);
    return;
  }
  if (!schema.is_object()) return;
  if (auto header = schema.find("x-mcp-header"); header != schema.end()) {
    if (!reachable || path.empty()) {
      error = "x-mcp-header is only allowed on properties reachable through `properties` alone";
      return;
    }
    if (!header->is_string() || !is_token(header->get<std::string>())) {
      error = "x-mcp-header must be a non-empty HTTP token";
      return;
    }
    if (!is_primitive_schema(schema)) {
      error = "x-mcp-header is only allowed on string, integer or boolean parameters";
      return;
    }
    found.emplace_back(header->get<std::string>(), path);
  }
  for (const auto& [key, value] : schema.items()) {
    // Values of these keywords are instances, not schemas.
    if (key == "default" || key == "const" || key == "enum" || key == "examples" || key == "x-mcp-header") continue;
    if (key == "properties" && value.is_object()) {
      for (const auto& [name, sub] : value.items()) {
        path.push_back(name);
        collect(sub, path, reachable, found, error);
        path.pop_back();
      }
      continue;
    }
    collect(value, path, false, found, error);
  }
}

const Json* find_path(const Json& root, const std::vector<std::string>& path) {
  const Json* at = &root;
  for (const auto& key : path) {
    if (!at->is_object()) return nullptr;
    auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

}  // namespace

std::vector<ToolHeaders::Rejected> ToolHeaders::learn(Json& list_result) {
  std::vector<Rejected> rejected;
  auto tools = list_result.find("tools");
  if (tools == list_result.end() || !tools->is_array()) return rejected;
  Json kept = Json::array();
  for (auto& tool : *tools) {
    std::string name = tool.is_object() ? jsonrpc::member_or(tool, "name", std::string()) : std::string();
    if (!name.empty()) listed_.insert(name);
    std::vector<std::pair<std::string, std::vector<std::string>>> found;
    std::string error;
    std::vector<std::string> path;
    if (tool.is_object() && tool.contains("inputSchema")) collect(tool["inputSchema"], path, true, found, error);
    std::set<std::string> seen;
    for (const auto& [header, p] : found) {
      std::string lower = header;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      if (!seen.insert(lower).second && error.empty()) error = "x-mcp-header '" + header + "' is used twice";
    }
    if (!error.empty()) {
      by_tool_.erase(name);
      rejected.push_back({name, error});
      continue;
    }
    if (found.empty()) {
      by_tool_.erase(name);
    } else {
      auto& params = by_tool_[name];
      params.clear();
      for (auto& [header, p] : found) params.push_back({header, std::move(p)});
    }
    kept.push_back(std::move(tool));
  }
  *tools = std::move(kept);
  return rejected;
}

namespace {

/// The header text of an argument value; nullopt for types that never travel in a header.
std::optional<std::string> header_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return std::string(value.get<bool>() ? "true" : "false");
  if (value.is_number_integer()) return value.dump();
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ToolHeaders::mismatch(const Json& call_params,
                                                 const std::function<std::string_view(std::string_view)>& header) const {
  auto tool = by_tool_.find(jsonrpc::member_or(call_params, "name", std::string()));
  if (tool == by_tool_.end()) return std::nullopt;
  auto args = call_params.find("arguments");
  static const Json kNone = Json::object();
  const Json& arguments = args != call_params.end() && args->is_object() ? *args : kNone;
  for (const auto& param : tool->second) {
    const std::string name = "Mcp-Param-" + param.header;
    const Json* value = find_path(arguments, param.path);
    std::optional<std::string> expected = value && !value->is_null() ? header_text(*value) : std::nullopt;
    std::string_view sent = header(name);
    if (!expected) {
      if (!sent.empty()) return name + " header is present but the argument it mirrors is not";
      continue;
    }
    if (sent.empty()) return name + " header is required: the argument it mirrors is present";
    auto decoded = decode_header_value_checked(sent);
    if (!decoded) return name + " header value is not valid Base64";
    if (*decoded != *expected) return name + " header value does not match the argument in the body";
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> ToolHeaders::headers_for(const Json& call_params) const {
  std::vector<std::pair<std::string, std::string>> headers;
  auto tool = by_tool_.find(jsonrpc::member_or(call_params, "name", std::string()));
  if (tool == by_tool_.end()) return headers;
  const auto& arguments = call_params.value("arguments", Json::object());
  for (const auto& param : tool->second) {
    const Json* value = find_path(arguments, param.path);
    if (!value || value->is_null()) continue;  // absent or null: the header is omitted
    auto text = header_text(*value);
    if (!text) continue;
    headers.emplace_back("Mcp-Param-" + param.header, encode_header_value(*text));
  }
  return headers;
}

}  // namespace mcpgw::protocol
