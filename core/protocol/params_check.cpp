#include "core/protocol/params_check.hpp"

#include <algorithm>
#include <iterator>

namespace mcpgw::protocol {
namespace {

using jsonrpc::Json;

/// "" when `object[key]` is a string, else the complaint about it.
std::string need_string(const Json& object, const char* key, std::string_view where) {
  auto it = object.find(key);
  if (it != object.end() && it->is_string()) return {};
  return std::string(where) + " needs \"" + key + "\" (a string)";
}

/// "" when `object[key]` is absent, null or an object, else the complaint about it.
std::string optional_object(const Json& object, const char* key, std::string_view where) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null() || it->is_object()) return {};
  return std::string(where) + ": \"" + key + "\" must be an object";
}

std::string completion_problem(const Json& params) {
  auto ref = params.find("ref");
  if (ref == params.end() || !ref->is_object()) return "completion/complete needs \"ref\" (an object)";
  auto type = ref->find("type");
  if (type == ref->end() || !type->is_string()) return "completion/complete: ref needs \"type\" (a string)";
  if (*type == "ref/prompt") {
    if (auto p = need_string(*ref, "name", "completion/complete: a ref/prompt"); !p.empty()) return p;
  } else if (*type == "ref/resource") {
    if (auto p = need_string(*ref, "uri", "completion/complete: a ref/resource"); !p.empty()) return p;
  } else {
    return "completion/complete: ref type must be \"ref/prompt\" or \"ref/resource\"";
  }
  auto argument = params.find("argument");
  if (argument == params.end()) return {};
  if (!argument->is_object()) return "completion/complete: \"argument\" must be an object";
  if (auto p = need_string(*argument, "name", "completion/complete: argument"); !p.empty()) return p;
  return optional_object(params, "context", "completion/complete");
}

}  // namespace

std::string params_problem(std::string_view method, const Json& params) {
  static constexpr std::string_view kRead[] = {"tools/call",         "prompts/get",         "resources/read",
                                               "resources/subscribe", "resources/unsubscribe", "completion/complete",
                                               "logging/setLevel",    "subscriptions/listen"};
  if (std::find(std::begin(kRead), std::end(kRead), method) == std::end(kRead)) return {};
  static const Json kNone = Json::object();
  if (!params.is_null() && !params.is_object()) return std::string(method) + ": params must be an object";
  const Json& p = params.is_null() ? kNone : params;
  if (method == "tools/call" || method == "prompts/get") {
    if (auto problem = need_string(p, "name", method); !problem.empty()) return problem;
    return optional_object(p, "arguments", method);
  }
  if (method == "resources/read" || method == "resources/subscribe" || method == "resources/unsubscribe")
    return need_string(p, "uri", method);
  if (method == "completion/complete") return completion_problem(p);
  if (method == "logging/setLevel") return need_string(p, "level", method);
  if (method == "subscriptions/listen") return optional_object(p, "notifications", method);
  return {};
}

}  // namespace mcpgw::protocol
