#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mcpgw::rest {

/// The most values a YAML text may expand to: aliases repeat what their anchor holds, so a
/// few kilobytes of anchors could otherwise become gigabytes of JSON.
constexpr std::size_t kMaxYamlValues = 1'000'000;

/// Reads one YAML 1.2 text (the first document of a stream) as JSON, resolving plain scalars
/// with the core schema: null, true/false, integers (decimal, 0o, 0x), floats (.inf, .nan)
/// and strings otherwise; quoted scalars stay strings, and keys become strings. Refuses
/// nesting deeper than jsonrpc::kMaxJsonDepth and more than kMaxYamlValues values. On
/// failure returns a discarded value and sets `error` ("line 3: ..." when yaml-cpp says where).
/// Pure; any thread.
nlohmann::json read_yaml_as_json(std::string_view text, std::string& error);

/// A plain (unquoted, untagged) scalar resolved with the YAML 1.2 core schema (§10.3.2), as
/// read_yaml_as_json resolves it.
nlohmann::json resolve_plain_scalar(const std::string& text);

}  // namespace mcpgw::rest
