#include "core/rest/json_schema.hpp"

#include <map>
#include <optional>
#include <vector>

#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace mcpgw::rest {

namespace {

constexpr std::size_t kMaxRefs = 1000;

/// The pointer a local "$ref" names ("#" or "#/a/b"), or nullopt for other references.
std::optional<nlohmann::json::json_pointer> local_ref(const std::string& ref) {
  if (ref.empty() || ref[0] != '#') return std::nullopt;
  try {
    return nlohmann::json::json_pointer(ref.substr(1));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

/// Why valijson would recurse without end on this schema: a cycle of references and in-place
/// applicators (allOf, anyOf, oneOf, not, if/then/else) that consumes no part of the value
/// ({"$ref": "#"}, {"allOf": [{"$ref": "#"}]}). Recursion through properties, items and the
/// like is fine: each step goes one level into the value. Empty when there is none.
std::string unguarded_recursion(const nlohmann::json& root) {
  using Pointer = nlohmann::json::json_pointer;
  // Every object in the document, by pointer, with its in-place successors.
  std::map<std::string, std::vector<std::string>> edges;
  std::size_t refs = 0;
  std::vector<std::pair<const nlohmann::json*, Pointer>> todo{{&root, Pointer()}};
  while (!todo.empty()) {
    auto [node, at] = todo.back();
    todo.pop_back();
    if (node->is_object()) {
      auto& next = edges[at.to_string()];
      for (const char* k : {"allOf", "anyOf", "oneOf"})
        if (auto it = node->find(k); it != node->end() && it->is_array())
          for (std::size_t i = 0; i < it->size(); ++i) next.push_back((at / k / i).to_string());
      for (const char* k : {"not", "if", "then", "else"})
        if (node->contains(k)) next.push_back((at / k).to_string());
      if (auto ref = node->find("$ref"); ref != node->end() && ref->is_string()) {
        if (++refs > kMaxRefs) return "more than " + std::to_string(kMaxRefs) + " $ref";
        if (auto target = local_ref(ref->get<std::string>()); target && root.contains(*target))
          next.push_back(target->to_string());
      }
      for (const auto& [k, v] : node->items()) todo.emplace_back(&v, at / k);
    } else if (node->is_array()) {
      for (std::size_t i = 0; i < node->size(); ++i) todo.emplace_back(&(*node)[i], at / i);
    }
  }
  // Iterative depth-first search for a cycle.
  std::map<std::string, int> state;  // 1: on the path, 2: done
  for (const auto& [start, unused] : edges) {
    if (state[start]) continue;
    std::vector<std::pair<std::string, std::size_t>> path{{start, 0}};
    state[start] = 1;
    while (!path.empty()) {
      auto& [node, index] = path.back();
      const auto& next = edges[node];
      if (index == next.size()) {
        state[node] = 2;
        path.pop_back();
        continue;
      }
      const std::string succ = next[index++];
      if (state[succ] == 1) return "it refers to itself at '#" + succ + "' without going into the value";
      if (state[succ] == 0) {
        state[succ] = 1;
        path.emplace_back(succ, 0);
      }
    }
  }
  return {};
}

/// valijson checks "format" on values of every type, so null fails {"type": ["string", "null"],
/// "format": "date"} as "not a valid date", though draft 7 §7.1 applies formats to strings only
/// (and OpenAPI 3.0's nullable makes such schemas common). Moves each format that could meet
/// another type under {"if": {"type": "string"}, "then": {"format": ...}}. Values (enum, const,
/// default, examples) are left alone.
void gate_formats(nlohmann::json& node) {
  if (node.is_array()) {
    for (auto& v : node) gate_formats(v);
    return;
  }
  if (!node.is_object()) return;
  for (auto& [k, v] : node.items())
    if (k != "enum" && k != "const" && k != "default" && k != "examples" && k != "example") gate_formats(v);
  auto format = node.find("format");
  if (format == node.end() || !format->is_string() || node.value("type", nlohmann::json()) == "string") return;
  auto all = node.find("allOf");
  if (all != node.end() && !all->is_array()) return;  // valijson refuses the schema anyway
  nlohmann::json gated = {{"if", {{"type", "string"}}}, {"then", {{"format", *format}}}};
  if (all == node.end()) node["allOf"] = nlohmann::json::array({std::move(gated)});
  else all->push_back(std::move(gated));
  node.erase("format");
}

}  // namespace

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
  if (std::string loop = unguarded_recursion(readable); !loop.empty()) {
    problem = "the schema cannot be used: " + loop;
    return nullptr;
  }
  gate_formats(readable);
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
