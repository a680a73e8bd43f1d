#include "core/jsonrpc/message.hpp"

namespace mcpgw::jsonrpc {
namespace {

bool valid_id(const Json& id) { return id.is_string() || id.is_number_integer(); }

Kind fail(std::string* why, const char* reason) {
  if (why) *why = reason;
  return Kind::invalid;
}

}  // namespace

Kind classify(const Json& m, std::string* why) {
  if (!m.is_object()) return fail(why, "message must be a JSON object");
  auto version = m.find("jsonrpc");
  if (version == m.end() || !version->is_string() || version->get_ref<const std::string&>() != "2.0")
    return fail(why, "\"jsonrpc\" must be \"2.0\"");

  auto method = m.find("method");
  auto id = m.find("id");
  if (method != m.end()) {
    if (!method->is_string()) return fail(why, "\"method\" must be a string");
    auto params = m.find("params");
    if (params != m.end() && !params->is_object() && !params->is_array())
      return fail(why, "\"params\" must be an object or an array");
    if (id == m.end()) return Kind::notification;
    if (!valid_id(*id)) return fail(why, "\"id\" must be a string or an integer");
    return Kind::request;
  }

  bool has_result = m.contains("result");
  auto error = m.find("error");
  bool has_error = error != m.end();
  if (has_result == has_error)
    return fail(why, "a message needs \"method\", or exactly one of \"result\" and \"error\"");
  if (id == m.end()) return fail(why, "a response needs an \"id\"");
  if (has_error) {
    if (!error->is_object() || !error->contains("code") || !(*error)["code"].is_number_integer() ||
        !error->contains("message") || !(*error)["message"].is_string())
      return fail(why, "\"error\" must have an integer \"code\" and a string \"message\"");
    if (!valid_id(*id) && !id->is_null()) return fail(why, "\"id\" must be a string or an integer");
  } else if (!valid_id(*id)) {
    return fail(why, "\"id\" must be a string or an integer");
  }
  return Kind::response;
}

std::optional<Json> parse(std::string_view text, Json& error_response) {
  JsonError fault;
  Json value = read_json(text, &fault);
  if (value.is_discarded()) {
    error_response = make_error(nullptr, code::parse_error, "Parse error: " + fault.describe());
    return std::nullopt;
  }
  if (value.is_array()) return value;  // batches are classified element by element
  std::string why;
  if (classify(value, &why) == Kind::invalid) {
    Json id = nullptr;
    if (value.is_object()) {
      auto it = value.find("id");
      if (it != value.end() && (it->is_string() || it->is_number_integer())) id = *it;
    }
    error_response = make_error(id, code::invalid_request, "Invalid Request: " + why);
    return std::nullopt;
  }
  return value;
}

Json make_request(const Json& id, std::string_view method, Json params) {
  Json m = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) m["params"] = std::move(params);
  return m;
}

Json make_notification(std::string_view method, Json params) {
  Json m = {{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) m["params"] = std::move(params);
  return m;
}

Json make_result(const Json& id, Json result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

Json make_error(const Json& id, int code, std::string_view message, Json data) {
  Json error = {{"code", code}, {"message", message}};
  if (!data.is_null()) error["data"] = std::move(data);
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error)}};
}

}  // namespace mcpgw::jsonrpc
