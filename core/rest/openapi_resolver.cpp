#include "core/rest/openapi_resolver.hpp"

#include <algorithm>
#include <cctype>

namespace mcpgw::rest {

using nlohmann::json;

namespace {

/// One reference token of a JSON Pointer in a URI fragment: percent-decoded (RFC 3986 §2.1),
/// then "~1" → "/" and "~0" → "~" (RFC 6901 §4).
std::string pointer_token(std::string_view raw) {
  std::string decoded;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size() &&
        std::isxdigit(static_cast<unsigned char>(raw[i + 1])) && std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
      decoded += static_cast<char>(std::stoi(std::string(raw.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      decoded += raw[i];
    }
  }
  std::string token;
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    if (decoded[i] == '~' && i + 1 < decoded.size() && (decoded[i + 1] == '0' || decoded[i + 1] == '1')) {
      token += decoded[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      token += decoded[i];
    }
  }
  return token;
}

// Keywords whose value is a schema, an array of schemas, or an object of schemas by name
// (draft 7 and 2020-12): the walk goes into these and copies everything else as it is.
bool holds_schema(const std::string& k) {
  static const char* const kKeys[] = {"items", "additionalItems", "additionalProperties", "not", "contains",
                                      "propertyNames", "if", "then", "else", "unevaluatedItems",
                                      "unevaluatedProperties", "contentSchema"};
  return std::any_of(std::begin(kKeys), std::end(kKeys), [&](const char* x) { return k == x; });
}
bool holds_schema_list(const std::string& k) {
  return k == "allOf" || k == "anyOf" || k == "oneOf" || k == "prefixItems";
}
bool holds_schema_map(const std::string& k) {
  return k == "properties" || k == "patternProperties" || k == "dependentSchemas";
}
/// Dropped: once every reference is inlined these have nothing left to do.
bool dropped(const std::string& k) {
  return k == "$defs" || k == "definitions" || k == "$id" || k == "$schema" || k == "$anchor" ||
         k == "$dynamicAnchor" || k == "$comment";
}
/// Keywords that only describe: beside a 3.1 `$ref` they are laid over what it points to.
bool annotation(const std::string& k) {
  return k == "description" || k == "title" || k == "default" || k == "example" || k == "examples" ||
         k == "deprecated" || k == "readOnly" || k == "writeOnly";
}

}  // namespace

void OpenApiResolver::warn(std::string text) {
  if (warnings_.size() < 50 && std::find(warnings_.begin(), warnings_.end(), text) == warnings_.end())
    warnings_.push_back(std::move(text));
}

const json* OpenApiResolver::lookup(const std::string& ref) {
  if (!ref.starts_with('#')) {
    if (error_.empty())
      error_ = "$ref '" + ref + "' points outside the document: only references within it ('#/components/...') "
               "are followed, so bundle the document into one file";
    return nullptr;
  }
  const json* at = &document_;
  std::string_view rest = std::string_view(ref).substr(1);
  if (!rest.empty() && !rest.starts_with('/')) rest = "?";  // a plain-name fragment ($anchor): not followed
  while (!rest.empty() && at) {
    rest.remove_prefix(1);
    std::size_t slash = rest.find('/');
    const std::string token = pointer_token(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (at->is_object()) {
      auto it = at->find(token);
      at = it == at->end() ? nullptr : &*it;
    } else if (at->is_array() && !token.empty() && std::all_of(token.begin(), token.end(), ::isdigit) &&
               token.size() < 10 && std::stoul(token) < at->size()) {
      at = &(*at)[std::stoul(token)];
    } else {
      at = nullptr;
    }
  }
  if (!at && error_.empty()) error_ = "$ref '" + ref + "' points to nothing in the document";
  return at;
}

const json* OpenApiResolver::follow(const json& node) {
  const json* at = &node;
  // A reference may point to another; a chain longer than this loops.
  for (int hops = 0; at->is_object() && at->contains("$ref"); ++hops) {
    const json& ref = (*at)["$ref"];
    if (!ref.is_string()) break;
    if (hops == 32) {
      if (error_.empty()) error_ = "$ref '" + ref.get<std::string>() + "' refers to itself";
      return nullptr;
    }
    at = lookup(ref.get<std::string>());
    if (!at) return nullptr;
  }
  return at->is_object() ? at : nullptr;
}

json OpenApiResolver::schema(const json& schema) {
  json out = walk(schema, 0);
  return error_.empty() ? out : json();
}

json OpenApiResolver::inline_ref(const json& schema, const std::string& ref, std::size_t depth) {
  if (std::find(active_.begin(), active_.end(), ref) != active_.end()) {
    warn("$ref '" + ref + "' is cyclic: where it recurs it is cut to {} (any value)");
    return json::object();
  }
  const json* target = lookup(ref);
  if (!target) return json();
  active_.push_back(ref);
  json out = walk(*target, depth + 1);
  active_.pop_back();
  if (openapi_30_) return out;  // 3.0: whatever stands beside $ref is ignored
  json others = json::object();
  for (const auto& [k, v] : schema.items()) {
    if (k == "$ref" || dropped(k)) continue;
    if (annotation(k) && out.is_object()) out[k] = v;
    else others[k] = v;
  }
  if (others.empty()) return out;
  json combined = walk(others, depth);
  combined["allOf"] = json::array({std::move(out)});
  return combined;
}

json OpenApiResolver::walk(const json& schema, std::size_t depth) {
  if (!error_.empty() || !schema.is_object()) return schema;  // true/false schemas, or what valijson refuses
  if (depth > kMaxSchemaDepth) {
    warn("schemas nested deeper than " + std::to_string(kMaxSchemaDepth) + " levels are cut to {} (any value)");
    return json::object();
  }
  if (++nodes_ > kMaxSchemaNodes) {
    if (error_.empty())
      error_ = "the document's schemas grow past " + std::to_string(kMaxSchemaNodes) + " objects once $refs are inlined";
    return json();
  }
  if (auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string())
    return inline_ref(schema, ref->get<std::string>(), depth);
  json out = json::object();
  for (const auto& [k, v] : schema.items()) {
    if (dropped(k)) continue;
    if (holds_schema(k) && v.is_array()) {  // draft 7's tuple form of items
      json& list = out[k] = json::array();
      for (const auto& s : v) list.push_back(walk(s, depth + 1));
    } else if (holds_schema(k)) {
      out[k] = walk(v, depth + 1);
    } else if (holds_schema_list(k) && v.is_array()) {
      json& list = out[k] = json::array();
      for (const auto& s : v) list.push_back(walk(s, depth + 1));
    } else if (holds_schema_map(k) && v.is_object()) {
      json& map = out[k] = json::object();
      for (const auto& [name, s] : v.items()) map[name] = walk(s, depth + 1);
    } else {
      out[k] = v;
    }
  }
  if (openapi_30_) convert_30(out);
  return out;
}

void OpenApiResolver::convert_30(json& s) const {
  // OpenAPI 3.0.3 §4.7.24.1: nullable adds null to the values the schema allows.
  if (auto n = s.find("nullable"); n != s.end()) {
    const bool nullable = n->is_boolean() && n->get<bool>();
    s.erase(n);
    if (nullable) {
      if (auto t = s.find("type"); t != s.end() && t->is_string()) *t = json::array({*t, "null"});
      if (auto e = s.find("enum"); e != s.end() && e->is_array() &&
                                   std::find(e->begin(), e->end(), nullptr) == e->end())
        e->push_back(nullptr);
    }
  }
  // 3.0 follows draft 4 here: a boolean saying whether minimum/maximum is itself excluded.
  for (auto [exclusive, bound] : {std::pair{"exclusiveMinimum", "minimum"}, std::pair{"exclusiveMaximum", "maximum"}}) {
    auto e = s.find(exclusive);
    if (e == s.end() || !e->is_boolean()) continue;
    const bool on = e->get<bool>();
    s.erase(e);
    if (auto b = s.find(bound); on && b != s.end()) {
      s[exclusive] = *b;
      s.erase(bound);
    }
  }
}

}  // namespace mcpgw::rest
