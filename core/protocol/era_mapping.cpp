#include "core/protocol/era_mapping.hpp"

#include "core/protocol/modern.hpp"

namespace mcpgw::protocol {

namespace {
const Json kEmptyObject = Json::object();
}  // namespace

ModernClientContext context_from_initialize(const Json& initialize_request) {
  ModernClientContext context;
  const auto& params = initialize_request.value("params", Json::object());
  if (params.contains("capabilities") && params["capabilities"].is_object())
    context.capabilities = params["capabilities"];
  if (params.contains("clientInfo")) context.client_info = params["clientInfo"];
  return context;
}

Json make_discover_request(const Json& id, const ModernClientContext& context) {
  Json request = jsonrpc::make_request(id, "server/discover", Json::object());
  shape_modern_request(request, context);
  return request;
}

EraProbe classify_discover_reply(const Json& reply) {
  if (!reply.is_object()) return {};
  if (auto result = reply.find("result"); result != reply.end() && result->is_object()) {
    // A DiscoverResult names the revisions the server speaks; pick the newest modern one we do.
    const auto& versions = result->value("supportedVersions", Json::array());
    if (!versions.is_array()) return {};
    for (auto it = kRevisions.rbegin(); it != kRevisions.rend() && era_of(*it) == Era::modern; ++it) {
      for (const auto& v : versions)
        if (v.is_string() && v.get<std::string>() == *it) return {Era::modern, std::string(*it)};
    }
    return {};
  }
  auto error = reply.find("error");
  if (error == reply.end() || !error->is_object()) return {};
  // Read with find(): value("code", 0) throws when the far side's code is not a number.
  auto code = error->find("code");
  if (code == error->end() || !code->is_number_integer() ||
      code->get<long long>() != jsonrpc::code::unsupported_protocol_version)
    return {};
  const auto& data = error->value("data", Json::object());
  const auto& supported = data.is_object() ? data.value("supported", Json::array()) : Json::array();
  for (const auto& v : supported) {
    if (v.is_string() && is_known(v.get<std::string>()) && era_of(v.get<std::string>()) == Era::modern)
      return {Era::modern, v.get<std::string>()};
  }
  return {};
}

HeaderList shape_modern_request(Json& request, const ModernClientContext& context) {
  if (!request.contains("params") || !request["params"].is_object()) request["params"] = Json::object();
  Json& meta = request["params"]["_meta"];
  if (!meta.is_object()) meta = Json::object();
  auto set_default = [&meta](std::string_view key, const Json& value) {
    if (!meta.contains(key)) meta[std::string(key)] = value;
  };
  // A revision that is not a string is the client's mistake, not a reason to throw here.
  if (auto v = meta.find(kMetaProtocolVersion); v != meta.end() && !v->is_string()) meta.erase(v);
  set_default(kMetaProtocolVersion, context.version);
  set_default(kMetaClientCapabilities, context.capabilities);
  if (!context.client_info.is_null()) set_default(kMetaClientInfo, context.client_info);
  if (!context.log_level.empty()) set_default(kMetaLogLevel, context.log_level);

  return modern_request_headers(request);
}

HeaderList modern_request_headers(const Json& request) {
  HeaderList headers;
  headers.emplace_back("MCP-Protocol-Version", meta_protocol_version(request));
  headers.emplace_back("Mcp-Method", std::string(jsonrpc::method_of(request)));
  if (auto name = mcp_name_of(request)) headers.emplace_back("Mcp-Name", encode_header_value(*name));
  return headers;
}

Json list_changed_filter(const Json& discover_result) {
  Json filter = Json::object();
  if (!discover_result.is_object()) return filter;
  const Json caps = discover_result.value("capabilities", Json::object());
  auto announces = [&caps](const char* feature) {
    auto it = caps.find(feature);
    return caps.is_object() && it != caps.end() && it->is_object() && it->value("listChanged", false);
  };
  if (announces("tools")) filter["toolsListChanged"] = true;
  if (announces("prompts")) filter["promptsListChanged"] = true;
  if (announces("resources")) filter["resourcesListChanged"] = true;
  return filter;
}

Json initialize_result_from_discover(const Json& reply_result, std::string_view requested_version) {
  const Json& discover = reply_result.is_object() ? reply_result : kEmptyObject;
  Json result = {{"protocolVersion", negotiate_legacy(requested_version)},
                 {"capabilities", discover.value("capabilities", Json::object())}};
  const auto& meta = discover.value("_meta", Json::object());
  if (meta.is_object() && meta.contains(kMetaServerInfo)) {
    result["serverInfo"] = meta[std::string(kMetaServerInfo)];
  } else {
    result["serverInfo"] = discover.value("serverInfo", Json{{"name", "mcp-server"}, {"version", "unknown"}});
  }
  if (discover.contains("instructions")) result["instructions"] = discover["instructions"];
  return result;
}

bool is_input_required(const Json& result) {
  if (!result.is_object()) return false;
  auto type = result.find("resultType");
  return type != result.end() && type->is_string() && *type == "input_required";
}

void prepare_input_retry(Json& request, const Json& new_id, Json input_responses, const Json& input_required) {
  request["id"] = new_id;
  Json& params = request["params"];
  params.erase("inputResponses");
  params.erase("requestState");
  if (input_responses.is_object() && !input_responses.empty()) params["inputResponses"] = std::move(input_responses);
  // 2026-07-28 multi round-trip requests: the state goes back exactly as it came, or not at all.
  if (auto state = input_required.find("requestState"); state != input_required.end())
    params["requestState"] = *state;
}

std::string_view capability_for_input(std::string_view method) {
  if (method == "sampling/createMessage") return "sampling";
  if (method == "elicitation/create") return "elicitation";
  if (method == "roots/list") return "roots";
  return {};
}

}  // namespace mcpgw::protocol
