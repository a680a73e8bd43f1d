#include "core/protocol/modern.hpp"

#include <cctype>

#include <array>

#include <openssl/evp.h>

#include "core/jsonrpc/failure.hpp"
#include "core/protocol/revision.hpp"

namespace mcpgw::protocol {
namespace {

const Json* find_meta(const Json& request) {
  auto params = request.find("params");
  if (params == request.end() || !params->is_object()) return nullptr;
  auto meta = params->find("_meta");
  if (meta == params->end() || !meta->is_object()) return nullptr;
  return &*meta;
}

}  // namespace

const Json* meta_field(const Json& message, std::string_view key) {
  const Json* meta = find_meta(message);
  if (!meta) return nullptr;
  auto it = meta->find(key);
  return it != meta->end() ? &*it : nullptr;
}

namespace {

HttpRejection mismatch(const Json& id, const std::string& message) {
  return {400, jsonrpc::make_failure(id, jsonrpc::Failure::header_mismatch, "Header mismatch: " + message)};
}

std::string base64_decode(std::string_view text) {
  std::string out((text.size() / 4 + 1) * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::string(text);
  // EVP_DecodeBlock counts padding bytes as output; drop them.
  std::size_t pad = 0;
  if (!text.empty() && text.back() == '=') pad = (text.size() > 1 && text[text.size() - 2] == '=') ? 2 : 1;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

std::string base64_encode(std::string_view text) {
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

constexpr std::string_view kSentinelPrefix = "=?base64?", kSentinelSuffix = "?=";

bool looks_like_sentinel(std::string_view value) {
  return value.size() >= kSentinelPrefix.size() + kSentinelSuffix.size() &&
         value.substr(0, kSentinelPrefix.size()) == kSentinelPrefix &&
         value.substr(value.size() - kSentinelSuffix.size()) == kSentinelSuffix;
}

}  // namespace

std::string meta_protocol_version(const Json& request) {
  const Json* meta = find_meta(request);
  if (!meta) return {};
  auto v = meta->find(kMetaProtocolVersion);
  return v != meta->end() && v->is_string() ? v->get<std::string>() : std::string();
}

Json meta_client_capabilities(const Json& request) {
  const Json* meta = find_meta(request);
  if (!meta) return Json::object();
  auto caps = meta->find(kMetaClientCapabilities);
  return caps != meta->end() && caps->is_object() ? *caps : Json::object();
}

std::optional<std::string> mcp_name_of(const Json& request) {
  std::string_view method = jsonrpc::method_of(request);
  const char* field = nullptr;
  if (method == "tools/call" || method == "prompts/get") field = "name";
  if (method == "resources/read") field = "uri";
  if (!field) return std::nullopt;
  const auto& params = request.value("params", Json::object());
  auto v = params.find(field);
  return v != params.end() && v->is_string() ? v->get<std::string>() : std::string();
}

std::string decode_header_value(std::string_view value) {
  if (looks_like_sentinel(value))
    return base64_decode(value.substr(kSentinelPrefix.size(),
                                      value.size() - kSentinelPrefix.size() - kSentinelSuffix.size()));
  return std::string(value);
}

std::optional<std::string> decode_header_value_checked(std::string_view value) {
  if (!looks_like_sentinel(value)) return std::string(value);
  auto payload = value.substr(kSentinelPrefix.size(), value.size() - kSentinelPrefix.size() - kSentinelSuffix.size());
  // RFC 4648 §4 with padding: whole quanta of the standard alphabet, '=' only at the end.
  if (payload.size() % 4 != 0) return std::nullopt;
  std::size_t pad = payload.size() - payload.find_last_not_of('=') - 1;
  if (payload.find_last_not_of('=') == std::string_view::npos) pad = payload.size();
  if (pad > 2) return std::nullopt;
  for (std::size_t i = 0; i + pad < payload.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(payload[i]);
    if (!std::isalnum(c) && c != '+' && c != '/') return std::nullopt;
  }
  return base64_decode(payload);
}

std::string encode_header_value(std::string_view value) {
  bool plain = !looks_like_sentinel(value) && (value.empty() || (value.front() != ' ' && value.back() != ' ' &&
                                                                 value.front() != '\t' && value.back() != '\t'));
  for (unsigned char c : value) plain = plain && ((c >= 0x20 && c <= 0x7e) || c == '\t');
  if (plain) return std::string(value);
  return std::string(kSentinelPrefix) + base64_encode(value) + std::string(kSentinelSuffix);
}

std::optional<HttpRejection> check_modern_http_request(
    const Json& request, const std::function<std::string_view(std::string_view)>& header) {
  const Json id = request.contains("id") ? request["id"] : Json(nullptr);
  std::string version = meta_protocol_version(request);
  std::string_view header_version = header("MCP-Protocol-Version");
  // A mismatch between header and body is reported as such, whatever the versions are.
  if (!header_version.empty() && !version.empty() && header_version != version)
    return mismatch(id, "MCP-Protocol-Version header value '" + std::string(header_version) +
                            "' does not match body value '" + version + "'");
  std::string named = version.empty() ? std::string(header_version) : version;
  if (!is_known(named) || is_legacy(named)) return HttpRejection{400, unsupported_version_error(id, named)};
  if (header_version.empty()) return mismatch(id, "MCP-Protocol-Version header is required");
  if (jsonrpc::classify(request) == jsonrpc::Kind::request) {
    // 2026-07-28 lifecycle: every request carries its version and capabilities in _meta.
    const Json* meta = find_meta(request);
    const char* missing = !meta                                        ? "params._meta"
                          : !meta->contains(kMetaProtocolVersion)      ? "_meta[\"io.modelcontextprotocol/protocolVersion\"]"
                          : !meta->contains(kMetaClientCapabilities)   ? "_meta[\"io.modelcontextprotocol/clientCapabilities\"]"
                                                                       : nullptr;
    if (missing)
      return HttpRejection{400, jsonrpc::make_failure(id, jsonrpc::Failure::invalid_params,
                                                      std::string("Invalid params: ") + missing + " is required")};
  }
  std::string_view method = jsonrpc::method_of(request);
  std::string_view header_method = header("Mcp-Method");
  if (header_method.empty()) return mismatch(id, "Mcp-Method header is required");
  if (header_method != method)
    return mismatch(id, "Mcp-Method header value '" + std::string(header_method) + "' does not match body value '" +
                            std::string(method) + "'");
  if (auto name = mcp_name_of(request)) {
    std::string_view raw = header("Mcp-Name");
    if (raw.empty()) return mismatch(id, "Mcp-Name header is required for " + std::string(method));
    std::string header_name = decode_header_value(raw);
    if (header_name != *name)
      return mismatch(id, "Mcp-Name header value '" + header_name + "' does not match body value '" + *name + "'");
  }
  return std::nullopt;
}

int http_status_for_error(int code) {
  switch (code) {
    case jsonrpc::code::method_not_found: return 404;
    case jsonrpc::code::invalid_params:
    case jsonrpc::code::invalid_request:
    case jsonrpc::code::parse_error:
    case jsonrpc::code::header_mismatch:
    case jsonrpc::code::missing_client_capability:
    case jsonrpc::code::unsupported_protocol_version: return 400;
    default: return 200;
  }
}

bool is_cacheable_method(std::string_view method) {
  return method == "tools/list" || method == "prompts/list" || method == "resources/list" ||
         method == "resources/templates/list" || method == "resources/read";
}

bool is_removed_in_modern(std::string_view method) {
  return method == "ping" || method == "logging/setLevel" || method == "initialize" ||
         method == "resources/subscribe" || method == "resources/unsubscribe";
}

bool may_require_input(std::string_view method) {
  return method == "tools/call" || method == "prompts/get" || method == "resources/read";
}

void strip_modern_meta(Json& request) {
  auto params = request.find("params");
  if (params == request.end() || !params->is_object()) return;
  auto meta = params->find("_meta");
  if (meta == params->end() || !meta->is_object()) return;
  for (auto key : {kMetaProtocolVersion, kMetaClientCapabilities, kMetaClientInfo, kMetaLogLevel})
    meta->erase(std::string(key));
  if (meta->empty()) params->erase("_meta");
  params->erase("inputResponses");
  params->erase("requestState");
}

void to_modern_result(std::string_view method, Json& result, const Json& server_info, long ttl_ms) {
  if (!result.is_object()) result = Json::object();
  if (!result.contains("resultType")) result["resultType"] = "complete";
  if (is_cacheable_method(method)) {
    if (!result.contains("ttlMs")) result["ttlMs"] = ttl_ms;
    if (!result.contains("cacheScope")) result["cacheScope"] = "public";
  }
  if (!server_info.is_null()) result["_meta"][std::string(kMetaServerInfo)] = server_info;
}

void to_modern_error(Json& error) {
  if (error.is_object() && jsonrpc::member_or(error, "code", 0) == jsonrpc::code::resource_not_found_legacy)
    error["code"] = jsonrpc::code::invalid_params;
}

Json discover_from_initialize(const Json& init, long ttl_ms) {
  Json supported = Json::array();
  for (auto it = kRevisions.rbegin(); it != kRevisions.rend(); ++it) supported.push_back(*it);
  Json result = {{"resultType", "complete"},
                 {"supportedVersions", supported},
                 {"capabilities", init.value("capabilities", Json::object())},
                 {"ttlMs", ttl_ms},
                 {"cacheScope", "public"}};
  if (init.contains("serverInfo")) result["_meta"][std::string(kMetaServerInfo)] = init["serverInfo"];
  if (init.contains("instructions")) result["instructions"] = init["instructions"];
  return result;
}

Json unsupported_version_error(const Json& id, std::string_view requested) {
  Json supported = Json::array();
  for (auto it = kRevisions.rbegin(); it != kRevisions.rend(); ++it) supported.push_back(*it);
  return jsonrpc::make_failure(id, jsonrpc::Failure::unsupported_protocol_version, "Unsupported protocol version",
                               {{"supported", supported}, {"requested", requested}});
}

}  // namespace mcpgw::protocol
