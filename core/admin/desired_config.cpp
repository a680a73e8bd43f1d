#include "core/admin/desired_config.hpp"

#include <algorithm>
#include <array>

namespace mcpgw::admin {

using nlohmann::json;

namespace {

enum class Type { string, strings, object, boolean, integer, schema, headers, arguments, nullable_string };

struct Field {
  const char* name;
  Type type;
  const char* canonical = nullptr;  // the export document's name, when this is an alias
};

struct KindFields {
  const char* kind;
  std::vector<Field> fields;
  std::vector<const char*> required;
};

const std::vector<Field> kAuth = {
    {"auth_type", Type::string},       {"auth_token", Type::string},    {"auth_username", Type::string},
    {"auth_password", Type::string},   {"auth_headers", Type::headers}, {"auth_header_key", Type::string},
    {"auth_header_value", Type::string}, {"auth_value", Type::string}};

std::vector<Field> with_auth(std::vector<Field> fields) {
  fields.insert(fields.end(), kAuth.begin(), kAuth.end());
  return fields;
}

const std::array<KindFields, 5>& kinds() {
  static const std::array<KindFields, 5> k = {{
      {"gateways",
       with_auth({{"name", Type::string},
                  {"url", Type::string},
                  {"command", Type::string},
                  {"transport", Type::string},
                  {"description", Type::string},
                  {"tags", Type::strings},
                  {"passthrough_headers", Type::strings},
                  {"tool_prefix", Type::nullable_string},
                  {"env", Type::object},
                  {"env_encrypted", Type::string},
                  {"is_active", Type::boolean},
                  {"enabled", Type::boolean, "is_active"}}),
       {"name"}},
      {"tools",
       with_auth({{"name", Type::string},
                  {"url", Type::string},
                  {"request_type", Type::string},
                  {"method", Type::string, "request_type"},
                  {"integration_type", Type::string},
                  {"displayName", Type::string},
                  {"description", Type::string},
                  {"headers", Type::object},
                  {"input_schema", Type::schema},
                  {"output_schema", Type::schema},
                  {"annotations", Type::object},
                  {"jsonpath_filter", Type::string},
                  {"jq", Type::string, "jsonpath_filter"},
                  {"query_mapping", Type::object},
                  {"header_mapping", Type::object},
                  {"timeout_ms", Type::integer},
                  {"rate_limit", Type::integer},
                  {"tags", Type::strings},
                  {"is_active", Type::boolean},
                  {"enabled", Type::boolean, "is_active"}}),
       {"name", "url"}},
      {"prompts",
       {{"name", Type::string},
        {"description", Type::string},
        {"template", Type::string},
        {"arguments", Type::arguments},
        {"tags", Type::strings},
        {"is_active", Type::boolean},
        {"enabled", Type::boolean, "is_active"}},
       {"name", "template"}},
      {"resources",
       {{"uri", Type::string},
        {"uri_template", Type::string},
        {"name", Type::string},
        {"description", Type::string},
        {"mime_type", Type::string},
        {"content", Type::string},
        {"blob", Type::string},
        {"tags", Type::strings},
        {"is_active", Type::boolean},
        {"enabled", Type::boolean, "is_active"}},
       {}},
      {"servers",
       {{"name", Type::string},
        {"description", Type::string},
        {"associated_tools", Type::strings},
        {"associated_prompts", Type::strings},
        {"associated_resources", Type::strings},
        {"tools", Type::strings, "associated_tools"},
        {"prompts", Type::strings, "associated_prompts"},
        {"resources", Type::strings, "associated_resources"},
        {"tags", Type::strings},
        {"is_active", Type::boolean},
        {"enabled", Type::boolean, "is_active"}},
       {"name"}},
  }};
  return k;
}

const char* type_text(Type t) {
  switch (t) {
    case Type::string: return "a string";
    case Type::nullable_string: return "a string or null";
    case Type::strings: return "a list of strings";
    case Type::object: return "a mapping";
    case Type::boolean: return "true or false";
    case Type::integer: return "an integer";
    case Type::schema: return "a JSON Schema (a mapping)";
    case Type::headers: return "a list of {key, value}";
    case Type::arguments: return "a list of {name, description, required}";
  }
  return "";
}

bool fits(Type t, const json& v) {
  auto all = [&](auto pred) { return v.is_array() && std::all_of(v.begin(), v.end(), pred); };
  switch (t) {
    case Type::string: return v.is_string();
    case Type::nullable_string: return v.is_string() || v.is_null();
    case Type::strings: return all([](const json& x) { return x.is_string(); });
    case Type::object: return v.is_object();
    case Type::boolean: return v.is_boolean();
    case Type::integer: return v.is_number_integer() || v.is_null();
    case Type::schema: return v.is_object() || v.is_null();
    case Type::headers:
      return all([](const json& x) {
        return x.is_object() && x.contains("key") && x["key"].is_string() && x.contains("value") && x["value"].is_string();
      });
    case Type::arguments:
      return all([](const json& x) { return x.is_object() && x.contains("name") && x["name"].is_string(); });
  }
  return false;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// Replaces ${NAME} in every string of `v`; names that are not set go to `missing`.
void substitute(json& v, const EnvLookup& env, std::vector<std::string>& missing) {
  if (v.is_object() || v.is_array()) {
    for (auto& item : v) substitute(item, env, missing);
    return;
  }
  if (!v.is_string()) return;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.find("${") == std::string::npos) return;
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    auto start = s.find("${", i);
    if (start == std::string::npos) {
      out += s.substr(i);
      break;
    }
    auto end = s.find('}', start);
    std::string name = end == std::string::npos ? std::string() : s.substr(start + 2, end - start - 2);
    const bool valid = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
                       std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
    if (!valid) {
      out += s.substr(i, start + 2 - i);
      i = start + 2;
      continue;
    }
    out += s.substr(i, start - i);
    if (auto value = env(name)) out += *value;
    else missing.push_back(name);
    i = end + 1;
  }
  v = out;
}

std::vector<std::string> field_names(const KindFields& k) {
  std::vector<std::string> names;
  for (const auto& f : k.fields) names.emplace_back(f.name);
  return names;
}

/// Checks one entity and rewrites it in the export document's form; problems go to `problems`.
json check_entity(const KindFields& k, const json& entity, const LocatedDocument& doc, const std::string& pointer,
                  const EnvLookup& env, std::vector<std::string>& problems) {
  const std::string what = std::string(k.kind) + pointer.substr(pointer.rfind('/')) ;
  auto problem = [&](const std::string& at, const std::string& text) { problems.push_back(doc.at(at).text() + ": " + text); };
  if (!entity.is_object()) {
    problem(pointer, "each of " + std::string(k.kind) + " must be a mapping of fields");
    return nullptr;
  }
  json out = json::object();
  for (const auto& [key, value] : entity.items()) {
    const std::string at = pointer + "/" + pointer_token(key);
    auto field = std::find_if(k.fields.begin(), k.fields.end(), [&at_key = key](const Field& f) { return at_key == f.name; });
    if (field == k.fields.end()) {
      std::string hint = did_you_mean(key, field_names(k));
      problem(at, "unknown key '" + key + "' in " + std::string(k.kind) + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      continue;
    }
    if (!fits(field->type, value)) {
      problem(at, key + " must be " + type_text(field->type));
      continue;
    }
    const std::string canonical = field->canonical ? field->canonical : field->name;
    if (field->canonical && entity.contains(canonical)) {
      problem(at, "give " + key + " or " + canonical + ", not both");
      continue;
    }
    json v = value;
    std::vector<std::string> missing;
    substitute(v, env, missing);
    for (const auto& name : missing) problem(at, "${" + name + "} is not set in the environment");
    out[canonical] = std::move(v);
  }
  for (const char* required : k.required)
    if (!entity.contains(required)) problem(pointer, std::string(k.kind) + " entry needs '" + required + "'");
  const std::string kind = k.kind;
  auto given = [&](const char* key) { return entity.contains(key) && entity[key] != ""; };
  if (kind == "gateways" && given("url") == given("command"))
    problem(pointer, "a gateway needs url or command (one of them)");
  if (kind == "resources" && given("uri") == given("uri_template"))
    problem(pointer, "a resource needs uri or uri_template (one of them)");
  if (kind == "gateways" && out.contains("transport") && out["transport"].is_string()) {
    std::string t;
    for (char c : out["transport"].get<std::string>()) if (c != '-' && c != '_') t += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (t == "HTTP") t = "STREAMABLEHTTP";
    if (t != "SSE" && t != "STREAMABLEHTTP" && t != "STDIO")
      problem(pointer + "/transport", "transport must be sse, streamable-http or stdio");
    out["transport"] = t;
  }
  if (kind == "gateways" && out.contains("command") && !out.contains("transport")) out["transport"] = "STDIO";
  if (kind == "tools" && out.contains("request_type") && out["request_type"].is_string()) {
    std::string m;
    for (char c : out["request_type"].get<std::string>()) m += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out["request_type"] = m;
  }
  (void)what;
  return out;
}

}  // namespace

Location DesiredConfig::location(const std::string& kind, std::size_t index) const {
  auto it = locations.find(kind);
  if (it == locations.end() || index >= it->second.size()) return {};
  return it->second[index];
}

std::string DesiredConfig::name_of(const std::string& kind, const json& entity) {
  if (!entity.is_object()) return {};
  for (const char* key : kind == "resources" ? std::vector<const char*>{"uri", "uri_template", "name"}
                                             : std::vector<const char*>{"name"})
    if (auto it = entity.find(key); it != entity.end() && it->is_string()) return it->get<std::string>();
  return {};
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& k : known) {
    std::size_t d = edit_distance(word, k);
    if (d < best_distance) {
      best_distance = d;
      best = k;
    }
  }
  return best;
}

std::optional<DesiredConfig> load_desired(const std::vector<LocatedDocument>& documents, const EnvLookup& env,
                                          std::vector<std::string>& problems) {
  DesiredConfig config;
  std::vector<std::string> kind_names;
  for (const auto& k : kinds()) {
    config.entities[k.kind] = json::array();
    kind_names.emplace_back(k.kind);
  }
  std::map<std::string, std::map<std::string, Location>> seen;  // kind → name → first place
  for (const auto& doc : documents) {
    if (doc.value.is_null()) continue;  // an empty file describes nothing
    if (!doc.value.is_object()) {
      problems.push_back(doc.at("").text() + ": the file must be a mapping of gateways, tools, prompts, resources, servers");
      continue;
    }
    for (const auto& [key, list] : doc.value.items()) {
      const std::string at = "/" + pointer_token(key);
      auto k = std::find_if(kinds().begin(), kinds().end(), [&named = key](const KindFields& f) { return named == f.kind; });
      if (k == kinds().end()) {
        std::string hint = did_you_mean(key, kind_names);
        problems.push_back(doc.at(at).text() + ": unknown key '" + key + "'" +
                           (hint.empty() ? " (the file lists gateways, tools, prompts, resources and servers)"
                                         : " (did you mean '" + hint + "'?)"));
        continue;
      }
      if (list.is_null()) continue;
      if (!list.is_array()) {
        problems.push_back(doc.at(at).text() + ": " + key + " must be a list");
        continue;
      }
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string item = at + "/" + std::to_string(i);
        json entity = check_entity(*k, list[i], doc, item, env, problems);
        if (entity.is_null()) continue;
        const std::string name = DesiredConfig::name_of(key, entity);
        if (!name.empty()) {
          auto [first, fresh] = seen[key].emplace(name, doc.at(item));
          if (!fresh) {
            problems.push_back(doc.at(item).text() + ": " + key + " '" + name + "' is described twice (first at " +
                               first->second.text() + ")");
            continue;
          }
        }
        config.entities[key].push_back(std::move(entity));
        config.locations[key].push_back(doc.at(item));
      }
    }
  }
  if (!problems.empty()) return std::nullopt;
  return config;
}

}  // namespace mcpgw::admin
