#include "core/catalog/catalog_entry.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <span>
#include <string_view>

#include "core/admin/desired_config.hpp"
#include "core/admin/located_document.hpp"

namespace mcpgw::catalog {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 20> kEntryKeys = {
    "id",      "name",     "category",     "url",      "auth_type",         "provider",
    "description", "requires_api_key", "secure", "tags", "transport",       "logo_url",
    "documentation_url", "repo", "install", "is_available", "homepage",     "command",
    "env",     "headers"};
// What GET /catalog adds to an entry: accepted (and ignored) so that its answer reads as a catalog.
constexpr std::array<std::string_view, 2> kShownOnly = {"is_registered", "requires_oauth_config"};
constexpr std::array<std::string_view, 5> kInputKeys = {"name", "description", "secret", "required", "default"};

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool id_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'; }

bool env_name(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool header_name(std::string_view s) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || kSpecials.find(c) != std::string_view::npos;
  });
}

/// Reads the fields of one JSON object, noting each problem under its pointer.
class FieldReader {
 public:
  FieldReader(const json& object, std::string base, std::vector<EntryProblem>& problems)
      : j_(object), base_(std::move(base)), problems_(problems) {}

  const json* get(const char* key) const {
    auto it = j_.find(key);
    return it == j_.end() || it->is_null() ? nullptr : &*it;
  }
  void problem(const std::string& key, std::string message) {
    problems_.push_back({key.empty() ? base_ : base_ + "/" + admin::pointer_token(key), std::move(message)});
  }
  void text(const char* key, std::string& out) {
    const json* v = get(key);
    if (!v) return;
    if (!v->is_string()) return problem(key, std::string(key) + " must be a string (quote it if it is a number or true/false)");
    out = v->get<std::string>();
  }
  void flag(const char* key, bool& out) {
    const json* v = get(key);
    if (!v) return;
    if (!v->is_boolean()) return problem(key, std::string(key) + " must be true or false");
    out = v->get<bool>();
  }
  void unknown_keys(std::span<const std::string_view> known, std::span<const std::string_view> also, const char* what) {
    for (const auto& [key, value] : j_.items()) {
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      if (std::find(also.begin(), also.end(), key) != also.end()) continue;
      std::string message = "unknown key '" + key + "' in " + what;
      if (auto near = admin::did_you_mean(key, {known.begin(), known.end()}); !near.empty())
        message += "; did you mean '" + near + "'?";
      problem(key, std::move(message));
    }
  }
  const std::string& base() const { return base_; }

 private:
  const json& j_;
  std::string base_;
  std::vector<EntryProblem>& problems_;
};

std::vector<CatalogInput> read_inputs(FieldReader& entry, const char* key,
                                      std::vector<EntryProblem>& problems) {
  std::vector<CatalogInput> out;
  const json* list = entry.get(key);
  if (!list) return out;
  const bool env = std::string_view(key) == "env";
  if (!list->is_array()) {
    entry.problem(key, std::string(key) + " must be a list of {name, description, secret, required, default}");
    return out;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    std::string at = entry.base() + "/" + key + "/" + std::to_string(i);
    if (!item.is_object()) {
      problems.push_back({at, std::string(key) + " items must be mappings with at least a name"});
      continue;
    }
    FieldReader r(item, at, problems);
    r.unknown_keys(kInputKeys, {}, env ? "an env variable" : "a header");
    CatalogInput input;
    r.text("name", input.name);
    r.text("description", input.description);
    r.flag("secret", input.secret);
    r.flag("required", input.required);
    if (const json* d = r.get("default")) {
      if (d->is_string()) {
        input.default_value = d->get<std::string>();
      } else {
        r.problem("default", "default must be a string (quote it if it is a number or true/false)");
      }
    }
    if (input.name.empty() && !r.get("name")) {
      r.problem("", std::string(env ? "an env variable" : "a header") + " needs a name");
    } else if (env ? !env_name(input.name) : !header_name(input.name)) {
      r.problem("name", "'" + input.name + "' is not " +
                            (env ? "an environment variable name (letters, digits and '_')" : "an HTTP header name"));
    }
    out.push_back(std::move(input));
  }
  return out;
}

void check_whole(const CatalogEntry& e, FieldReader& r) {
  if (e.id.empty() && !r.get("id")) r.problem("", "an entry needs an id");
  if (!e.id.empty() && !std::all_of(e.id.begin(), e.id.end(), id_char))
    r.problem("id", "id '" + e.id + "' may hold only letters, digits, '.', '_' and '-'");
  if (e.name.empty() && !r.get("name")) r.problem("", "entry '" + e.id + "' needs a name");
  if (e.url.empty() && e.command.empty() && !r.get("url") && !r.get("command"))
    r.problem("", "entry '" + e.id + "' needs a url (a remote server) or a command (a local one)");
  if (!e.url.empty() && !e.command.empty())
    r.problem("command", "entry '" + e.id + "' has both a url and a command; a remote server has a url, a local one a command");
  if (!e.url.empty() && !e.url.starts_with("http://") && !e.url.starts_with("https://") &&
      !e.url.starts_with("ws://") && !e.url.starts_with("wss://"))
    r.problem("url", "url '" + e.url + "' must start with http://, https://, ws:// or wss://");
  for (const auto& name : command_placeholders(e.command)) {
    bool declared = std::any_of(e.env.begin(), e.env.end(), [&name](const CatalogInput& in) { return in.name == name; });
    if (!declared) r.problem("command", "the command uses ${" + name + "} but env declares no variable " + name);
  }
}

std::string normal_transport(const std::string& given) {
  std::string t = upper(given);
  t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == '-' || c == '_'; }), t.end());
  if (t == "SSE") return "SSE";
  if (t == "STREAMABLEHTTP" || t == "HTTP") return "STREAMABLEHTTP";
  if (t == "WEBSOCKET" || t == "WS") return "WEBSOCKET";
  return {};
}

json input_json(const CatalogInput& in) {
  json j = {{"name", in.name}, {"description", in.description}, {"secret", in.secret}, {"required", in.required}};
  if (in.default_value) j["default"] = *in.default_value;
  return j;
}

json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

CatalogEntry entry_from_json(const json& j, std::vector<EntryProblem>& problems) {
  CatalogEntry e;
  if (!j.is_object()) {
    problems.push_back({"", "an entry must be a mapping of fields (id, name, url or command, ...)"});
    return e;
  }
  FieldReader r(j, "", problems);
  r.unknown_keys(kEntryKeys, kShownOnly, "a catalog entry");
  for (auto [key, out] : {std::pair{"id", &e.id}, {"name", &e.name}, {"category", &e.category}, {"url", &e.url},
                          {"auth_type", &e.auth_type}, {"provider", &e.provider}, {"description", &e.description},
                          {"logo_url", &e.logo_url}, {"documentation_url", &e.documentation_url}, {"repo", &e.repo},
                          {"install", &e.install}, {"homepage", &e.homepage}, {"command", &e.command}})
    r.text(key, *out);
  for (auto [key, out] : {std::pair{"requires_api_key", &e.requires_api_key}, {"secure", &e.secure},
                          {"is_available", &e.is_available}})
    r.flag(key, *out);
  if (const json* tags = r.get("tags")) {
    if (!tags->is_array()) {
      r.problem("tags", "tags must be a list of strings");
    } else {
      for (std::size_t i = 0; i < tags->size(); ++i) {
        if ((*tags)[i].is_string()) {
          e.tags.push_back((*tags)[i].get<std::string>());
        } else {
          problems.push_back({"/tags/" + std::to_string(i), "tags must be strings"});
        }
      }
    }
  }
  std::string transport;
  r.text("transport", transport);
  if (!transport.empty()) {
    e.transport = normal_transport(transport);
    if (e.transport.empty()) r.problem("transport", "transport '" + transport + "' must be SSE, STREAMABLEHTTP or WEBSOCKET");
  }
  e.env = read_inputs(r, "env", problems);
  e.headers = read_inputs(r, "headers", problems);
  check_whole(e, r);
  return e;
}

json entry_to_json(const CatalogEntry& e) {
  json j = {{"id", e.id},
            {"name", e.name},
            {"category", e.category},
            {"url", e.url},
            {"auth_type", e.auth_type},
            {"provider", e.provider},
            {"description", e.description},
            {"requires_api_key", e.requires_api_key},
            {"secure", e.secure},
            {"tags", e.tags},
            {"transport", or_null(e.transport)},
            {"logo_url", or_null(e.logo_url)},
            {"documentation_url", or_null(e.documentation_url)},
            {"is_available", e.is_available}};
  for (auto [key, value] : {std::pair{"repo", &e.repo}, {"install", &e.install}, {"homepage", &e.homepage},
                            {"command", &e.command}})
    if (!value->empty()) j[key] = *value;
  for (auto [key, list] : {std::pair{"env", &e.env}, {"headers", &e.headers}}) {
    if (list->empty()) continue;
    json& out = j[key] = json::array();
    for (const auto& in : *list) out.push_back(input_json(in));
  }
  return j;
}

std::string effective_transport(const CatalogEntry& e) {
  if (e.url.empty()) return "STDIO";
  if (!e.transport.empty()) return e.transport;
  std::string url = e.url;
  for (auto& c : url) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (url.starts_with("ws://") || url.starts_with("wss://")) return "WEBSOCKET";
  if (url.ends_with("/sse") || url.find("/sse/") != std::string::npos) return "SSE";
  if (url.find("/mcp") != std::string::npos || url.ends_with("/")) return "STREAMABLEHTTP";
  return "SSE";
}

std::vector<std::string> command_placeholders(const std::string& command) {
  std::vector<std::string> names;
  for (std::size_t at = command.find("${"); at != std::string::npos; at = command.find("${", at + 2)) {
    std::size_t end = command.find('}', at + 2);
    if (end == std::string::npos) break;
    names.push_back(command.substr(at + 2, end - at - 2));
  }
  return names;
}

}  // namespace mcpgw::catalog
