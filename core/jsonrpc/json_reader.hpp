#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mcpgw::jsonrpc {

using Json = nlohmann::json;

/// The deepest nesting of arrays and objects mcpgw reads anywhere JSON enters: HTTP and REST
/// bodies, stdio lines, SSE events, tokens, settings files, the database. MCP messages and
/// JSON Schemas stay far below it; deeper input is refused while it is parsed, so nothing
/// downstream (dump, copies, comparisons, all recursive in nlohmann) recurses without bound.
constexpr std::size_t kMaxJsonDepth = 256;

/// Why read_json() refused a text.
enum class JsonFault { none, invalid, too_deep, duplicate_key };

/// What read_json() found wrong: the fault and, for duplicate keys, the repeated member.
struct JsonError {
  JsonFault fault = JsonFault::none;
  std::string key;
  /// A sentence for error messages ("invalid JSON", "nested deeper than 256 levels", ...).
  std::string describe() const;
};

/// Parses one JSON text, refusing nesting deeper than kMaxJsonDepth (and, if asked, objects
/// that repeat a member). On failure returns a discarded value and fills `error` if given.
/// The one JSON parse of the tree: single pass, no exceptions, any thread.
Json read_json(std::string_view text, JsonError* error = nullptr, bool reject_duplicate_keys = false);

}  // namespace mcpgw::jsonrpc
