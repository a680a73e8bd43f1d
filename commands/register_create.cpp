#include <iostream>

#include "commands/api_output.hpp"
#include "commands/api_target.hpp"
#include "commands/name_value.hpp"
#include "commands/register_actions.hpp"
#include "core/admin/entity_lookup.hpp"
#include <openssl/evp.h>

namespace mcpgw::commands {

using nlohmann::json;
using admin::EntityKind;

namespace {

/// The same credentials on a gateway or a REST tool: ContextForge's auth_* fields.
void add_auth(json& body, const RegisterOptions& o) {
  const int given = !o.auth_token.empty() + !o.auth_basic.empty() + !o.auth_headers.empty();
  if (given > 1) throw UsageError("give one of --auth-token, --auth-basic and --auth-header");
  if (!o.auth_token.empty()) {
    body["auth_type"] = "bearer";
    body["auth_token"] = o.auth_token;
  } else if (!o.auth_basic.empty()) {
    auto [user, password] = split_name_value(o.auth_basic, ':', "--auth-basic");
    body["auth_type"] = "basic";
    body["auth_username"] = user;
    body["auth_password"] = password;
  } else if (!o.auth_headers.empty()) {
    json headers = json::array();
    for (const auto& h : o.auth_headers) {
      auto [k, v] = split_name_value(h, ':', "--auth-header");
      headers.push_back({{"key", k}, {"value", v}});
    }
    body["auth_type"] = "authheaders";
    body["auth_headers"] = std::move(headers);
  }
}

void add_common(json& body, const RegisterOptions& o) {
  if (!o.description.empty()) body["description"] = o.description;
  if (!o.tags.empty()) body["tags"] = o.tags;
}

/// Prints what the gateway made: its id with -q, else a line naming it (and the record for -o).
int created(const json& record, const std::string& what, const RegisterOptions& o) {
  if (o.target.quiet || o.target.output != "table") {
    print_value(record, o.target);
  } else {
    std::cout << "Registered " << what << " (" << text_of(record, "id") << ").\n";
  }
  return 0;
}

/// Whether `s` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or values past U+10FFFF).
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 9;
    if (n == 9 || (n > 0 && i + n >= s.size())) return false;
    std::uint32_t cp = n == 0 ? c : c & (0x3F >> n);
    for (std::size_t k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

json parse_json_file(const std::string& path, const char* what) {
  std::string text = read_input_file(path);
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) throw UsageError(std::string(what) + " " + path + " is not JSON");
  return doc;
}

}  // namespace

int register_gateway(admin::ApiClient& client, const RegisterOptions& o) {
  if (o.url.empty() == o.command.empty()) throw UsageError("give the server's URL or --command, not both or neither");
  json body = {{"name", o.name}};
  if (!o.command.empty()) {
    body["command"] = o.command;
    body["transport"] = "STDIO";
    if (!o.transport.empty()) throw UsageError("--transport is for URLs; a --command speaks stdio");
    json env = json::object();
    for (const auto& kv : o.env) {
      auto [k, v] = split_name_value(kv, '=', "--env");
      env[k] = v;
    }
    if (!env.empty()) body["env"] = std::move(env);
  } else {
    if (!o.env.empty()) throw UsageError("--env is for a --command the gateway runs");
    body["url"] = o.url;
    if (!o.transport.empty()) {
      std::string t = o.transport;
      for (auto& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      body["transport"] = t == "SSE" ? "SSE" : "STREAMABLEHTTP";
    }
  }
  add_auth(body, o);
  if (!o.passthrough_headers.empty()) body["passthrough_headers"] = o.passthrough_headers;
  if (!o.tool_prefix.empty()) body["tool_prefix"] = o.tool_prefix;
  add_common(body, o);
  std::cerr << "Registering gateway '" << o.name << "' (connecting and discovering its tools)…\n";
  json record = expect_ok(client.post("/gateways", body), "registering gateway '" + o.name + "'");
  return created(record, "gateway '" + o.name + "'", o);
}

int register_server(admin::ApiClient& client, const RegisterOptions& o) {
  // Every name must resolve before anything is created.
  std::vector<std::string> problems;
  json body = {{"name", o.name}};
  auto resolve = [&](EntityKind kind, const std::vector<std::string>& refs, const char* field) {
    if (refs.empty()) return;
    try {
      body[field] = admin::resolve_ids(admin::list_records(client, kind), kind, refs, problems);
    } catch (const std::runtime_error& e) {
      throw CommandFailed(e.what());
    }
  };
  resolve(EntityKind::tool, o.tools, "associated_tools");
  resolve(EntityKind::resource, o.resources, "associated_resources");
  resolve(EntityKind::prompt, o.prompts, "associated_prompts");
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
    throw CommandFailed("server '" + o.name + "' not created: " + all);
  }
  add_common(body, o);
  json record = expect_ok(client.post("/servers", body), "creating server '" + o.name + "'");
  return created(record, "server '" + o.name + "'", o);
}

int register_tool(admin::ApiClient& client, const RegisterOptions& o) {
  std::string method = o.method;
  for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  json body = {{"name", o.name}, {"url", o.url}, {"integration_type", "REST"}, {"request_type", method}};
  if (!o.input_schema_file.empty()) body["input_schema"] = parse_json_file(o.input_schema_file, "--input-schema");
  if (!o.jq.empty()) body["jsonpath_filter"] = o.jq;
  if (o.tool_timeout_ms > 0) body["timeout_ms"] = o.tool_timeout_ms;
  if (!o.headers.empty()) {
    json headers = json::object();
    for (const auto& h : o.headers) {
      auto [k, v] = split_name_value(h, ':', "--header");
      headers[k] = v;
    }
    body["headers"] = std::move(headers);
  }
  add_auth(body, o);
  add_common(body, o);
  json record = expect_ok(client.post("/tools", body), "registering tool '" + o.name + "'");
  return created(record, "tool '" + o.name + "'", o);
}

int register_openapi(admin::ApiClient& client, const RegisterOptions& o) {
  json body = json::object();
  if (o.name.starts_with("http://") || o.name.starts_with("https://")) body["url"] = o.name;
  else body["spec"] = read_input_file(o.name);
  if (!o.base_url.empty()) body["base_url"] = o.base_url;
  if (!o.name_prefix.empty()) body["name_prefix"] = o.name_prefix;
  if (!o.include.empty()) body["include"] = o.include;
  if (!o.tags.empty()) body["tags"] = o.tags;
  if (o.dry_run) body["dry_run"] = true;
  json answer = expect_ok(client.post("/tools/openapi", body), "importing " + o.name);
  if (o.target.output != "table" && !o.target.quiet) {
    print_value(answer, o.target);
    return 0;
  }
  // The tools made (or that would be), one a line; then what was skipped.
  // A dry run previews "tools"; an import answers with the records "created".
  json tools = json::array();
  for (const char* key : {"tools", "created"})
    if (answer.contains(key) && answer[key].is_array()) tools = answer[key];
  admin::Table table{{"NAME", "METHOD", "URL"}, {}};
  for (const auto& t : tools) {
    if (o.target.quiet) std::cout << (text_of(t, "id").empty() ? text_of(t, "name") : text_of(t, "id")) << "\n";
    std::string method = text_of(t, "request_type");
    if (method.empty()) method = text_of(t, "requestType");
    table.rows.push_back({text_of(t, "name"), method, text_of(t, "url")});
  }
  if (o.target.quiet) return 0;
  print_table(table);
  if (auto skipped = answer.find("skipped"); skipped != answer.end() && skipped->is_array())
    for (const auto& s : *skipped) std::cerr << "skipped " << text_of(s, "operation") << ": " << text_of(s, "reason") << "\n";
  std::cerr << (o.dry_run ? "Would register " : "Registered ") << tools.size() << " tools.\n";
  return 0;
}

int register_prompt(admin::ApiClient& client, const RegisterOptions& o) {
  json args = json::array();
  for (const auto& spec : o.prompt_args) {
    // NAME[:required][:description]
    auto first = spec.find(':');
    json arg = {{"name", spec.substr(0, first)}};
    if (arg["name"].get_ref<const std::string&>().empty()) throw UsageError("--arg '" + spec + "' has no name");
    if (first != std::string::npos) {
      std::string rest = spec.substr(first + 1);
      if (rest == "required" || rest.starts_with("required:")) {
        arg["required"] = true;
        rest = rest == "required" ? "" : rest.substr(9);
      } else if (rest == "optional" || rest.starts_with("optional:")) {
        arg["required"] = false;
        rest = rest == "optional" ? "" : rest.substr(9);
      }
      if (!rest.empty()) arg["description"] = rest;
    }
    args.push_back(std::move(arg));
  }
  json body = {{"name", o.name}, {"template", read_input_file(o.template_file)}, {"arguments", std::move(args)}};
  add_common(body, o);
  json record = expect_ok(client.post("/prompts", body), "creating prompt '" + o.name + "'");
  return created(record, "prompt '" + o.name + "'", o);
}

int register_resource(admin::ApiClient& client, const RegisterOptions& o) {
  std::string content = read_input_file(o.file);
  json body = {{"uri", o.name}, {"name", o.resource_name.empty() ? o.name : o.resource_name}};
  if (valid_utf8(content)) {
    body["content"] = std::move(content);
  } else {
    // Not UTF-8: the bytes go base64-encoded, as a blob.
    std::string blob(4 * ((content.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(blob.data()),
                            reinterpret_cast<const unsigned char*>(content.data()), static_cast<int>(content.size()));
    blob.resize(static_cast<std::size_t>(n));
    body["blob"] = std::move(blob);
  }
  if (!o.mime_type.empty()) body["mime_type"] = o.mime_type;
  add_common(body, o);
  json record = expect_ok(client.post("/resources", body), "creating resource '" + o.name + "'");
  return created(record, "resource '" + o.name + "'", o);
}

}  // namespace mcpgw::commands
