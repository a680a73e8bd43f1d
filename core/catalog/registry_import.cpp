#include "core/catalog/registry_import.hpp"

#include <algorithm>
#include <cctype>

#include "core/catalog/catalog_install.hpp"

namespace mcpgw::catalog {

using nlohmann::json;

namespace {

/// A string member of `o`, or "" when absent or of another type: peers' documents are read
/// leniently, and what matters is checked where it is used.
std::string text(const json& o, const char* key) {
  if (!o.is_object()) return {};
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const json& o, const char* key) {
  if (!o.is_object()) return false;
  auto it = o.find(key);
  return it != o.end() && it->is_boolean() && it->get<bool>();
}

const json& list(const json& o, const char* key) {
  static const json kEmpty = json::array();
  if (!o.is_object()) return kEmpty;
  auto it = o.find(key);
  return it != o.end() && it->is_array() ? *it : kEmpty;
}

/// A server.json KeyValueInput (an environment variable or a header) as a catalog input.
CatalogInput input_of(const json& kv) {
  CatalogInput in;
  in.name = text(kv, "name");
  in.description = text(kv, "description");
  in.secret = flag(kv, "isSecret");
  in.required = flag(kv, "isRequired");
  std::string fixed = text(kv, "value");
  std::string given = text(kv, "default");
  // A fixed value without {placeholders} is what the publisher says to send.
  if (!fixed.empty() && fixed.find('{') == std::string::npos) {
    in.default_value = fixed;
  } else if (!given.empty()) {
    in.default_value = given;
  }
  return in;
}

/// The fixed arguments of a package, or false with `why` when one it needs has no value.
bool package_arguments(const json& package, std::string& args, std::string& why) {
  for (const auto& arg : list(package, "packageArguments")) {
    std::string value = text(arg, "value");
    if (value.empty()) value = text(arg, "default");
    bool placeholder = value.find('{') != std::string::npos;
    if (value.empty() || placeholder) {
      if (!flag(arg, "isRequired")) continue;
      why = "argument '" + (text(arg, "name").empty() ? text(arg, "valueHint") : text(arg, "name")) +
            "' needs a value the catalog cannot hold";
      return false;
    }
    if (text(arg, "type") == "named") {
      args += " " + command_word(text(arg, "name") + "=" + value);
    } else {
      args += " " + command_word(value);
    }
  }
  return true;
}

/// The remote to use: the first streamable-http one, else the first sse one; nullptr if none.
const json* pick_remote(const json& server) {
  for (const char* kind : {"streamable-http", "sse"})
    for (const auto& r : list(server, "remotes"))
      if (text(r, "type") == kind && !text(r, "url").empty()) return &r;
  return nullptr;
}

/// The remote's URL with each {variable} replaced by its default; "" when one has none.
std::string remote_url(const json& remote) {
  std::string url = text(remote, "url");
  const json& vars = remote.contains("variables") && remote["variables"].is_object() ? remote["variables"] : json::object();
  for (std::size_t at = url.find('{'); at != std::string::npos; at = url.find('{', at)) {
    std::size_t end = url.find('}', at);
    if (end == std::string::npos) return {};
    std::string value = text(vars.value(url.substr(at + 1, end - at - 1), json::object()), "default");
    if (value.empty()) return {};
    url.replace(at, end - at + 1, value);
    at += value.size();
  }
  return url;
}

void use_remote(const json& remote, CatalogEntry& e) {
  e.url = remote_url(remote);
  e.transport = text(remote, "type") == "sse" ? "SSE" : "STREAMABLEHTTP";
  e.auth_type = "Open";
  for (const auto& h : list(remote, "headers")) {
    CatalogInput in = input_of(h);
    std::string name = in.name;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name == "authorization" && text(h, "value").starts_with("Bearer ")) {
      // The gateway's bearer credential carries it: the api_key at install time.
      e.auth_type = "API Key";
      e.requires_api_key = e.requires_api_key || in.required || in.secret;
      continue;
    }
    if (in.secret) {
      e.auth_type = "API Key";
      e.requires_api_key = e.requires_api_key || in.required;
    }
    e.headers.push_back(std::move(in));
  }
}

/// Fills the command and env from the first usable package; false with `why` if none is.
bool use_package(const json& server, CatalogEntry& e, std::string& why) {
  why = "no npm or PyPI package that runs over stdio";
  for (const auto& p : list(server, "packages")) {
    std::string registry = text(p, "registryType");
    std::string name = text(p, "identifier");
    std::string version = text(p, "version");
    if ((registry != "npm" && registry != "pypi") || name.empty()) continue;
    const json& transport = p.contains("transport") ? p["transport"] : json();
    if (text(transport, "type") != "stdio") continue;
    std::string args;
    if (!package_arguments(p, args, why)) continue;
    const bool pinned = !version.empty() && version != "latest";
    if (registry == "npm") {
      e.command = "npx -y " + command_word(pinned ? name + "@" + version : name) + args;
      e.tags.push_back("npm");
    } else {
      e.command = "uvx " + command_word(pinned ? name + "==" + version : name) + args;
      e.tags.push_back("pypi");
    }
    for (const auto& v : list(p, "environmentVariables")) {
      CatalogInput in = input_of(v);
      if (in.secret && in.required) e.requires_api_key = true;
      e.env.push_back(std::move(in));
    }
    e.auth_type = "Open";
    return true;
  }
  return false;
}

std::string provider_of(const std::string& ns) {
  if (ns.starts_with("io.github.")) return ns.substr(10);
  std::string out;
  std::size_t end = ns.size();
  while (end != std::string::npos && end > 0) {
    std::size_t dot = ns.rfind('.', end - 1);
    std::size_t start = dot == std::string::npos ? 0 : dot + 1;
    if (!out.empty()) out += '.';
    out += ns.substr(start, end - start);
    if (dot == std::string::npos) break;
    end = dot;
  }
  return out;
}

/// One server.json; false with `why` when it cannot become an entry.
bool convert(const json& server, CatalogEntry& e, std::string& why) {
  if (!server.is_object()) {
    why = "not a server.json object";
    return false;
  }
  std::string full = text(server, "name");
  std::size_t slash = full.find('/');
  if (full.empty() || slash == std::string::npos) {
    why = "name must be 'namespace/name'";
    return false;
  }
  e.id = full;
  for (auto& c : e.id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) c = '-';
  e.name = text(server, "title").empty() ? full.substr(slash + 1) : text(server, "title");
  e.description = text(server, "description");
  e.provider = provider_of(full.substr(0, slash));
  e.category = "Other";
  e.homepage = text(server, "websiteUrl");
  e.repo = text(server.value("repository", json::object()), "url");
  for (const auto& icon : list(server, "icons")) {
    e.logo_url = text(icon, "src");
    if (!e.logo_url.empty()) break;
  }
  e.tags = {"registry"};
  if (const json* remote = pick_remote(server)) {
    CatalogEntry remote_entry = e;
    use_remote(*remote, remote_entry);
    if (!remote_entry.url.empty()) {
      e = std::move(remote_entry);
      e.tags.push_back("remote");
      return true;
    }
  }
  if (use_package(server, e, why)) return true;
  why = (pick_remote(server) ? "its remote URL has {variables} without defaults; " : "no remote; ") + why;
  return false;
}

void import_one(const json& server, RegistryImport& out, const std::string& where) {
  CatalogEntry e;
  std::string why;
  if (convert(server, e, why)) {
    out.entries.push_back(std::move(e));
    return;
  }
  std::string name = text(server, "name");
  out.problems.push_back((name.empty() ? where : name) + ": " + why);
}

}  // namespace

RegistryImport import_registry(const json& doc) {
  RegistryImport out;
  if (doc.is_object() && doc.contains("servers") && !doc.contains("name")) {
    const json& servers = doc["servers"];
    if (!servers.is_array()) {
      out.problems.push_back("a registry page's servers must be a list");
      return out;
    }
    for (std::size_t i = 0; i < servers.size(); ++i) {
      const json& item = servers[i];
      // The API wraps each server.json with its registry metadata.
      const json& server = item.is_object() && item.contains("server") ? item["server"] : item;
      import_one(server, out, "servers[" + std::to_string(i) + "]");
    }
  } else if (doc.is_array()) {
    for (std::size_t i = 0; i < doc.size(); ++i) import_one(doc[i], out, "[" + std::to_string(i) + "]");
  } else {
    import_one(doc, out, "the document");
  }
  return out;
}

}  // namespace mcpgw::catalog
