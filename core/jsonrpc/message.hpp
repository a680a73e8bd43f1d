#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "core/jsonrpc/json_reader.hpp"

namespace mcpgw::jsonrpc {

/// JSON-RPC 2.0 error codes, plus the MCP-reserved ones we emit.
namespace code {
constexpr int parse_error = -32700;
constexpr int invalid_request = -32600;
constexpr int method_not_found = -32601;
constexpr int invalid_params = -32602;
constexpr int internal_error = -32603;
// MCP: -32000..-32099 server-defined; 2026-07-28 reserves -32020..-32099. mcpgw sends the
// first two only through jsonrpc/failure.hpp, whose kinds say what each use means.
constexpr int server_error = -32000;  // the TypeScript SDK's ConnectionClosed
constexpr int server_error_timeout =
    -32001;  // the SDK's RequestTimeout; its servers also send it for an unknown session
constexpr int resource_not_found_legacy = -32002;
// mcpgw's own, below the range 2026-07-28 reserves: the call was not sent upstream.
constexpr int circuit_open = -32003;   // the upstream's circuit breaker is open
constexpr int upstream_busy = -32004;  // every call slot of the upstream stayed taken
constexpr int rate_limited = -32005;   // a rate limit (per user or per tool) refused it
constexpr int header_mismatch = -32020;
constexpr int missing_client_capability = -32021;
constexpr int unsupported_protocol_version = -32022;
}  // namespace code

enum class Kind { request, notification, response, invalid };

/// What one parsed JSON value is. `why` (if given) receives the reason for `invalid`.
/// Strict: "jsonrpc" must be "2.0"; ids are strings or integers (null only on error responses);
/// "params" must be an object or array; a response has exactly one of result/error.
Kind classify(const Json& message, std::string* why = nullptr);

/// Parses one message text (read_json: nesting bounded by kMaxJsonDepth). On failure returns nullopt and fills `error_response` with the
/// -32700 or -32600 error the peer should get.
std::optional<Json> parse(std::string_view text, Json& error_response);

Json make_request(const Json& id, std::string_view method, Json params = nullptr);
Json make_notification(std::string_view method, Json params = nullptr);
Json make_result(const Json& id, Json result);
Json make_error(const Json& id, int code, std::string_view message, Json data = nullptr);

/// A stable map key for an id that keeps its type ("1" and 1 are different ids).
inline std::string id_key(const Json& id) { return id.dump(); }

/// The method of a request/notification, or "" for anything else.
inline std::string_view method_of(const Json& message) {
  auto it = message.find("method");
  if (it == message.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

/// Whether `message` is the response (result or error) to the request with this id.
inline bool is_response_to(const Json& message, const Json& id) {
  auto it = message.find("id");
  return it != message.end() && *it == id && !message.contains("method");
}

/// The id of a message that is meant as a response (an object with a string or integer "id" and
/// no "method") but is not a valid one, such as an error whose code is not a number: its
/// request is answered with an error rather than left to time out. nullopt for anything else.
inline std::optional<Json> id_of_broken_response(const Json& message) {
  if (!message.is_object() || message.contains("method")) return std::nullopt;
  auto id = message.find("id");
  if (id == message.end() || !(id->is_string() || id->is_number_integer())) return std::nullopt;
  return *id;
}

/// `object[key]` when `object` is an object holding a value of T's JSON type there (string,
/// boolean, integer, number), else `fallback`. For JSON from a peer: json::value() throws when
/// the value has another type, which would end the request without an answer.
template <class T>
T member_or(const Json& object, std::string_view key, T fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) return fallback;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!it->is_boolean()) return fallback;
  } else if constexpr (std::is_integral_v<T>) {
    if (!it->is_number_integer()) return fallback;
  } else {
    static_assert(std::is_floating_point_v<T>, "member_or reads strings, booleans and numbers");
    if (!it->is_number()) return fallback;
  }
  return it->template get<T>();
}
inline std::string member_or(const Json& object, std::string_view key, const char* fallback) {
  return member_or(object, key, std::string(fallback));
}

}  // namespace mcpgw::jsonrpc
