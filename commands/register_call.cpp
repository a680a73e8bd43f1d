#include <iostream>

#include "commands/api_output.hpp"
#include "commands/api_target.hpp"
#include "commands/name_value.hpp"
#include "commands/register_actions.hpp"
#include "core/admin/entity_lookup.hpp"

namespace mcpgw::commands {

using nlohmann::json;

namespace {

/// The JSON Schema type a tool's input schema gives property `name`, or "".
std::string property_type(const json& tool, const std::string& name) {
  const json* schema = nullptr;
  for (const char* key : {"inputSchema", "input_schema"})
    if (auto it = tool.find(key); it != tool.end() && it->is_object()) schema = &*it;
  if (!schema) return {};
  auto props = schema->find("properties");
  if (props == schema->end() || !props->is_object()) return {};
  auto prop = props->find(name);
  if (prop == props->end() || !prop->is_object()) return {};
  auto type = prop->find("type");
  return type != prop->end() && type->is_string() ? type->get<std::string>() : std::string();
}

/// --arg K=V: a string where the schema says string (or says nothing and V is not JSON), else V as JSON.
json arguments_of(const json& tool, const RegisterOptions& o) {
  json args = json::object();
  if (!o.call_json.empty()) {
    args = json::parse(o.call_json, nullptr, false);
    if (!args.is_object()) throw UsageError("--json must be a JSON object of arguments");
  }
  for (const auto& kv : o.call_args) {
    auto [k, v] = split_name_value(kv, '=', "--arg");
    std::string type = property_type(tool, k);
    json parsed = type == "string" ? json(nullptr) : json::parse(v, nullptr, false);
    if (type != "string" && !parsed.is_discarded()) args[k] = std::move(parsed);
    else args[k] = v;
  }
  return args;
}

}  // namespace

int call_tool(admin::ApiClient& client, const RegisterOptions& o) {
  auto found = admin::lookup(client, admin::EntityKind::tool, o.ref);
  if (!found) throw CommandFailed(found.problem);
  const json& tool = found.record;
  json request = {{"jsonrpc", "2.0"},
                  {"id", 1},
                  {"method", "tools/call"},
                  {"params", {{"name", text_of(tool, "name")}, {"arguments", arguments_of(tool, o)}}}};
  json answer = expect_ok(client.post("/rpc", request), "calling tool '" + text_of(tool, "name") + "'");
  if (!answer.is_object()) throw CommandFailed("calling tool '" + text_of(tool, "name") + "': the answer is not JSON-RPC");
  if (auto error = answer.find("error"); error != answer.end()) {
    std::string message = text_of(*error, "message");
    std::string code = text_of(*error, "code");
    throw CommandFailed("tool '" + text_of(tool, "name") + "' failed (" + code + "): " + message);
  }
  const json result = answer.value("result", json::object());
  const bool is_error = result.is_object() && result.value("isError", false) == true;
  if (o.target.output != "table") {
    print_value(result, o.target);
  } else if (result.is_object() && result.contains("content") && result["content"].is_array()) {
    // For people: text as text; anything else (images, resources) as its JSON.
    for (const auto& item : result["content"]) {
      if (text_of(item, "type") == "text") std::cout << text_of(item, "text") << "\n";
      else std::cout << item.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    }
    if (auto structured = result.find("structuredContent");
        structured != result.end() && !structured->is_null() && result["content"].empty())
      std::cout << structured->dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    print_value(result, o.target);
  }
  if (is_error) {
    std::cerr << "mcpgw register: tool '" << text_of(tool, "name") << "' reported an error\n";
    return 1;
  }
  return 0;
}

}  // namespace mcpgw::commands
