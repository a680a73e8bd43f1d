#include "core/rest/json_schema.hpp"

#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace mcpgw::rest {

struct JsonSchema::Compiled {
  valijson::Schema schema;
};

JsonSchema::JsonSchema() : compiled_(std::make_unique<Compiled>()) {}
JsonSchema::~JsonSchema() = default;

std::shared_ptr<const JsonSchema> JsonSchema::compile(const nlohmann::json& schema, std::string& problem) {
  if (!schema.is_object() && !schema.is_boolean()) {
    problem = "a JSON Schema is an object";
    return nullptr;
  }
  std::shared_ptr<JsonSchema> out(new JsonSchema());
  // "$schema" names the dialect; valijson reads 2019-09 and 2020-12 documents with draft 7's
  // rules, which cover what tools declare (their keywords added since are rare in tool schemas).
  nlohmann::json readable = schema;
  if (readable.is_object()) readable.erase("$schema");
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(readable);
    parser.populateSchema(adapter, out->compiled_->schema);
  } catch (const std::exception& e) {
    problem = std::string("the schema cannot be used: ") + e.what();
    return nullptr;
  }
  return out;
}

std::string JsonSchema::violation(const nlohmann::json& value) const {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(value);
  if (validator.validate(compiled_->schema, target, &results)) return {};
  // valijson reports the outer failures first ("failed to match all of allOf"); the deepest
  // path says best what to fix.
  valijson::ValidationResults::Error error, deepest;
  while (results.popError(error))
    if (deepest.context.empty() || error.context.size() > deepest.context.size()) deepest = error;
  std::string path;
  for (std::size_t i = 1; i < deepest.context.size(); ++i) {  // [0] is "<root>"
    std::string part = deepest.context[i];
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']') part = part.substr(1, part.size() - 2);
    if (part.size() >= 2 && part.front() == '"' && part.back() == '"') part = part.substr(1, part.size() - 2);
    path += '/' + part;
  }
  if (path.empty()) path = "/";
  return path + ": " + deepest.description;
}

}  // namespace mcpgw::rest
