#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace mcpgw::rest {

/// A JSON Schema compiled once and checked against many values (valijson: drafts 4 and 7,
/// which MCP's input and output schemas are written in). `$ref` within the schema resolves;
/// remote references are refused, so checking never fetches anything. Immutable; any thread.
class JsonSchema {
 public:
  /// The compiled schema, or nullptr with `problem` saying why it cannot be used.
  static std::shared_ptr<const JsonSchema> compile(const nlohmann::json& schema, std::string& problem);

  /// "" when `value` conforms; else the first violation, where it is and what is wrong:
  /// "/items/0/name: Value type not permitted by 'type' constraint."
  std::string violation(const nlohmann::json& value) const;

  ~JsonSchema();

 private:
  JsonSchema();
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace mcpgw::rest
