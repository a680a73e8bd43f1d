#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mcpgw::rest {

/// Follows the `$ref`s of one OpenAPI 3.0 or 3.1 document and turns its schemas into the
/// JSON Schema (draft 7) that REST tools are checked with:
/// - only references within the document ("#/components/schemas/Pet", any JSON Pointer) are
///   followed; an external one ("pet.yaml#/Pet") or one that points nowhere is an error();
/// - every `$ref` of a schema is inlined; where a schema refers to itself (directly or through
///   others) the repeat is cut to `{}` (any value) and a warning says where;
/// - 3.0's `nullable: true` becomes a "null" type (and enum member), and its boolean
///   exclusiveMinimum/exclusiveMaximum become draft 7's numbers;
/// - 3.1's `$ref` with other keywords beside it keeps them (annotations merged, the rest
///   under allOf); `$defs`, `$id` and `$schema` are dropped once everything is inlined.
/// Bounded: schemas nested deeper than kMaxSchemaDepth are cut to `{}`, and a document whose
/// inlined schemas pass kMaxSchemaNodes objects is an error(). Pure; one per import.
class OpenApiResolver {
 public:
  static constexpr std::size_t kMaxSchemaDepth = 48;
  static constexpr std::size_t kMaxSchemaNodes = 200'000;

  /// `document` must outlive the resolver.
  OpenApiResolver(const nlohmann::json& document, bool openapi_30) : document_(document), openapi_30_(openapi_30) {}

  /// The object `node` stands for: itself, or what its `$ref` (chain) points to. nullptr
  /// when a reference cannot be followed (see error()) or does not lead to an object.
  const nlohmann::json* follow(const nlohmann::json& node);
  /// `schema` as a self-contained JSON Schema; null after an error().
  nlohmann::json schema(const nlohmann::json& schema);

  /// The first reference that could not be followed, or "" (the import then fails as a whole).
  const std::string& error() const { return error_; }
  /// Where cycles were cut and too deep schemas shortened, one sentence each.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  const nlohmann::json* lookup(const std::string& ref);
  nlohmann::json walk(const nlohmann::json& schema, std::size_t depth);
  nlohmann::json inline_ref(const nlohmann::json& schema, const std::string& ref, std::size_t depth);
  void convert_30(nlohmann::json& schema) const;
  void warn(std::string text);

  const nlohmann::json& document_;
  bool openapi_30_;
  std::string error_;
  std::vector<std::string> warnings_;
  std::vector<std::string> active_;  // references being inlined, outermost first
  std::size_t nodes_ = 0;
};

}  // namespace mcpgw::rest
