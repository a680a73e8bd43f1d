#include "core/gateway/config_transfer.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "core/error.hpp"
#include "core/gateway/api_json.hpp"
#include "core/gateway/stdio_policy.hpp"
#include "core/jsonrpc/json_reader.hpp"
#include "core/log/logger.hpp"
#include "core/prompt/template.hpp"
#include "core/rest/tool_call.hpp"
#include "core/store/record_id.hpp"

namespace mcpgw::gateway {

namespace {

constexpr const char* kKinds[] = {"gateways", "tools", "servers", "prompts", "resources"};
// The revisions an export document may carry as its version (ContextForge writes its MCP one).
constexpr const char* kVersions[] = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"};
constexpr const char* kExportVersion = "2025-11-25";

json pairs_json(const HeaderPairs& headers) {
  json pairs = json::array();
  for (const auto& [k, v] : headers) pairs.push_back({k, v});
  return pairs;
}

std::optional<HeaderPairs> pairs_of(const json& pairs) {
  if (!pairs.is_array()) return std::nullopt;
  HeaderPairs out;
  for (const auto& p : pairs) {
    if (!p.is_array() || p.size() != 2 || !p[0].is_string() || !p[1].is_string()) return std::nullopt;
    out.emplace_back(p[0].get<std::string>(), p[1].get<std::string>());
  }
  return out;
}

/// Whether an entity carries its credentials sealed (an export's auth_value) rather than in clear.
bool has_sealed_credentials(const json& e) {
  auto it = e.is_object() ? e.find("auth_value") : e.end();
  return e.is_object() && it != e.end() && !it->is_null();
}

/// The context an exported secret is sealed under: its entity, not a record id.
std::string export_context(const std::string& kind, const std::string& name) { return "export:" + kind + ":" + name; }

bool has_tag(const std::vector<std::string>& tags, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return true;
  return std::any_of(tags.begin(), tags.end(),
                     [&](const std::string& t) { return std::find(wanted.begin(), wanted.end(), t) != wanted.end(); });
}

// ---- the document's entities, one form for export and for comparing on import -------------

json gateway_entity(const store::Gateway& g) {
  json e = {{"name", g.name},
            {"url", g.url},
            {"description", g.description},
            {"transport", g.transport},
            {"passthrough_headers", g.passthrough_headers},
            {"tags", g.tags},
            {"is_active", g.enabled}};
  if (g.transport == "STDIO") e["command"] = g.command;
  if (g.tool_prefix) e["tool_prefix"] = *g.tool_prefix;
  if (!g.auth_type.empty()) e["auth_type"] = g.auth_type;
  return e;
}

json tool_entity(const store::Tool& t) {
  json e = {{"name", t.name},
            {"displayName", t.display_name},
            {"url", t.url},
            {"integration_type", "REST"},
            {"request_type", t.request_type},
            {"description", t.description},
            {"headers", t.headers},
            {"input_schema", t.input_schema},
            {"output_schema", t.output_schema},
            {"annotations", t.annotations},
            {"jsonpath_filter", t.jsonpath_filter},
            {"query_mapping", t.query_mapping},
            {"header_mapping", t.header_mapping},
            {"timeout_ms", t.timeout_ms ? json(*t.timeout_ms) : json(nullptr)},
            {"rate_limit", t.rate_limit ? json(*t.rate_limit) : json(nullptr)},
            {"tags", t.tags},
            {"is_active", t.enabled}};
  if (!t.auth_type.empty()) e["auth_type"] = t.auth_type;
  return e;
}

json prompt_entity(const store::Prompt& p) {
  return {{"name", p.name},     {"description", p.description}, {"template", p.template_text},
          {"arguments", p.arguments}, {"tags", p.tags},           {"is_active", p.enabled}};
}

json resource_entity(const store::Resource& r) {
  json e = {{"uri", r.uri},   {"name", r.name}, {"description", r.description}, {"mime_type", r.mime_type},
            {"tags", r.tags}, {"is_active", r.enabled}};
  if (r.blob) e["blob"] = *r.blob;
  else e["content"] = r.text.value_or(std::string());
  return e;
}

/// A resource template kept in the gateway, in the "resources" list: told apart by uri_template.
json template_entity(const store::ResourceTemplate& t) {
  return {{"uri_template", t.uri_template}, {"name", t.name},  {"description", t.description},
          {"mime_type", t.mime_type},       {"tags", t.tags},  {"is_active", t.enabled},
          {"content", t.text.value_or(std::string())}};
}

json server_entity(const store::Server& s, const CatalogView& view) {
  json tools = json::array(), prompts = json::array(), resources = json::array();
  for (const auto& t : view.all_tools())
    if (std::find(s.tool_ids.begin(), s.tool_ids.end(), t.id) != s.tool_ids.end()) tools.push_back(t.name);
  for (const auto& p : view.all_prompts())
    if (std::find(s.prompt_ids.begin(), s.prompt_ids.end(), p.id) != s.prompt_ids.end()) prompts.push_back(p.name);
  for (const auto& r : view.all_resources())
    if (std::find(s.resource_ids.begin(), s.resource_ids.end(), r.id) != s.resource_ids.end()) resources.push_back(r.uri);
  return {{"name", s.name},
          {"description", s.description},
          {"associated_tools", tools},
          {"associated_prompts", prompts},
          {"associated_resources", resources},
          {"tags", s.tags},
          {"is_active", s.enabled}};
}

}  // namespace

json export_config(Federation& federation, const ExportFilter& filter) {
  const auto view = federation.view();
  const auto& box = federation.secrets();
  auto wanted = [&](const char* kind) {
    if (filter.selections.is_object()) return filter.selections.contains(kind);
    return filter.types.empty() || std::find(filter.types.begin(), filter.types.end(), kind) != filter.types.end();
  };
  auto chosen = [&](const char* kind, bool enabled, const std::vector<std::string>& tags, const std::string& id,
                    const std::string& name) {
    if (filter.selections.is_object()) {
      const json& list = filter.selections[kind];
      return list.is_array() && std::any_of(list.begin(), list.end(), [&](const json& v) { return v == id || v == name; });
    }
    return (filter.include_inactive || enabled) && has_tag(tags, filter.tags);
  };
  json entities = json::object();
  json dependencies = json::object();
  if (wanted("gateways")) {
    json out = json::array();
    for (const auto& g : view->gateways()) {
      if (!chosen("gateways", g.enabled, g.tags, g.id, g.name)) continue;
      json e = gateway_entity(g);
      if (HeaderPairs credentials = federation.credentials(g); !credentials.empty())
        e["auth_value"] = box.seal(pairs_json(credentials).dump(), export_context("gateway", g.name));
      if (g.env.is_object() && !g.env.empty())
        e["env_encrypted"] = box.seal(g.env.dump(), export_context("gateway-env", g.name));
      out.push_back(std::move(e));
    }
    entities["gateways"] = std::move(out);
  }
  if (wanted("tools")) {
    json out = json::array();
    for (const auto& t : view->all_tools()) {
      if (t.integration_type != "REST" || !chosen("tools", t.enabled, t.tags, t.id, t.name)) continue;
      json e = tool_entity(t);
      if (HeaderPairs credentials = federation.credentials(t); !credentials.empty())
        e["auth_value"] = box.seal(pairs_json(credentials).dump(), export_context("tool", t.name));
      out.push_back(std::move(e));
    }
    entities["tools"] = std::move(out);
  }
  if (wanted("prompts")) {
    json out = json::array();
    for (const auto& p : view->all_prompts())
      if (p.gateway_id.empty() && chosen("prompts", p.enabled, p.tags, p.id, p.name)) out.push_back(prompt_entity(p));
    entities["prompts"] = std::move(out);
  }
  if (wanted("resources")) {
    json out = json::array();
    for (const auto& r : view->all_resources())
      if (r.gateway_id.empty() && chosen("resources", r.enabled, r.tags, r.id, r.uri)) out.push_back(resource_entity(r));
    for (const auto& t : view->all_templates())
      if (t.gateway_id.empty() && t.text && chosen("resources", t.enabled, t.tags, t.id, t.uri_template))
        out.push_back(template_entity(t));
    entities["resources"] = std::move(out);
  }
  if (wanted("servers")) {
    json out = json::array();
    for (const auto& s : view->servers()) {
      if (!chosen("servers", s.enabled, s.tags, s.id, s.name)) continue;
      json e = server_entity(s, *view);
      dependencies[s.name] = {{"tools", e["associated_tools"]},
                              {"prompts", e["associated_prompts"]},
                              {"resources", e["associated_resources"]}};
      out.push_back(std::move(e));
    }
    entities["servers"] = std::move(out);
  }
  json counts = json::object();
  for (const auto& [kind, list] : entities.items()) counts[kind] = list.size();
  return {{"version", kExportVersion},
          {"exported_at", iso_time(store::current_time())},
          {"exported_by", filter.exported_by},
          {"source_gateway", filter.source_gateway},
          {"encryption_method", "AES-256-GCM"},
          {"entities", std::move(entities)},
          {"metadata",
           {{"entity_counts", std::move(counts)},
            {"dependencies", {{"servers", std::move(dependencies)}}},
            {"export_options", {{"types", filter.types}, {"tags", filter.tags}, {"include_inactive", filter.include_inactive}}}}}};
}

// ---- import --------------------------------------------------------------------------------

namespace {

/// One entity of the document, planned: what it becomes and what happens to it.
struct Planned {
  Planned(std::string k, std::size_t index)
      : kind(k), where("import_data.entities." + k + "[" + std::to_string(index) + "]") {}
  std::string kind;   // "gateways", ...
  std::string where;  // "entities.tools[2]"
  std::string name;   // as the document names it (URI for resources)
  std::string action; // created, updated, unchanged, skipped, renamed, failed
  std::string reason;
  std::string id;     // of the record created or updated
};

struct Plan {
  std::vector<Planned> report;
  std::vector<std::pair<store::Gateway, HeaderPairs>> new_gateways;
  std::vector<std::pair<store::Gateway, std::optional<HeaderPairs>>> changed_gateways;
  std::vector<std::pair<store::Tool, bool>> tools;  // bool: creating
  std::vector<std::pair<store::Prompt, bool>> prompts;
  std::vector<std::pair<store::Resource, bool>> resources;
  std::vector<std::pair<store::ResourceTemplate, bool>> templates;
  std::vector<std::pair<json, std::size_t>> servers;  // the entity, its report index
  std::map<std::string, std::string> renamed_tools, renamed_prompts;
  std::string error;  // first problem: the document does not fit (422)
  int status = 0;
};

/// One resource template of the document's "resources": what importing it would do.
void plan_template(const json& e, Planned& p, const auto& conflict, const std::string& strategy, const CatalogView& view,
                   Plan& plan) {
  store::ResourceTemplate t;
  if (auto bad = apply_template_input(e, t, true)) {
    plan.error = p.where + ": " + bad.message;
    return;
  }
  p.name = t.uri_template;
  const store::ResourceTemplate* existing = nullptr;
  for (const auto& old : view.all_templates())
    if (old.uri_template == t.uri_template && old.gateway_id.empty()) existing = &old;
  bool proceed = true, creating = !existing;
  if (existing && strategy == "rename") {
    p.action = "skipped";
    p.reason = "already exists, and a URI template cannot be renamed";
    return;
  }
  if (existing) conflict(p, proceed, creating);
  if (!proceed) return;
  t.enabled = e.value("is_active", true);
  t.id = creating ? store::new_record_id() : existing->id;
  if (!creating) t.created_at = existing->created_at;
  p.id = t.id;
  if (!creating && template_entity(t) == template_entity(*existing)) {
    p.action = "unchanged";
    return;
  }
  p.action = creating ? "created" : "updated";
  plan.templates.emplace_back(std::move(t), creating);
}

/// The fields that planning reads with a default, checked for their type first: an entity
/// whose is_active is "yes" gets a 422 naming it, never an exception half-way through.
std::string field_types_problem(const json& entities) {
  static const char* const kFlags[] = {"is_active"};
  static const char* const kTexts[] = {"name", "description", "auth_type", "integration_type"};
  for (const char* kind : kKinds) {
    auto list = entities.find(kind);
    if (list == entities.end() || !list->is_array()) continue;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& e = (*list)[i];
      if (!e.is_object()) continue;
      const std::string where = "import_data.entities." + std::string(kind) + "[" + std::to_string(i) + "].";
      for (const char* key : kFlags)
        if (auto f = e.find(key); f != e.end() && !f->is_boolean()) return where + key + " must be true or false";
      for (const char* key : kTexts)
        if (auto f = e.find(key); f != e.end() && !f->is_string()) return where + key + " must be a string";
    }
  }
  return {};
}

std::string renamed(const std::string& name, auto taken) {
  for (int n = 2;; ++n) {
    std::string candidate = name + "_" + std::to_string(n);
    if (!taken(candidate)) return candidate;
  }
}

/// Opens an exported secret; nullopt (with `why`) when it was sealed with another secret.
std::optional<std::string> open_secret(const store::SecretBox& box, const json& e, const char* field_name,
                                       const std::string& context, const std::string& where, std::string& why) {
  auto it = e.find(field_name);
  if (it == e.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    why = where + "." + field_name + " must be a string";
    return std::nullopt;
  }
  auto plain = box.open(it->get<std::string>(), context);
  if (!plain) {
    why = where + "." + field_name +
          " cannot be opened: the document was exported with another AUTH_ENCRYPTION_SECRET (give it as rekey_secret)";
    return std::nullopt;
  }
  return plain;
}

}  // namespace

awaitable<json> import_config(Federation& federation, const json& body, int& status) {
  status = 200;
  const auto view = federation.view();
  json report = {{"status", "failed"}, {"errors", json::array()}, {"warnings", json::array()}};
  auto refuse = [&](int code, std::string message) {
    status = code;
    report["errors"].push_back(std::move(message));
    return report;
  };
  if (!body.is_object() || !body.contains("import_data") || !body["import_data"].is_object())
    co_return refuse(422, "import_data: the export document (an object) is required");
  const json& doc = body["import_data"];
  for (const auto& [key, is_type] : {std::pair{"conflict_strategy", &json::is_string}, std::pair{"dry_run", &json::is_boolean}})
    if (auto f = body.find(key); f != body.end() && !(*f.*is_type)())
      co_return refuse(422, std::string(key) + (is_type == &json::is_string ? " must be a string" : " must be true or false"));
  if (auto entities = doc.find("entities"); entities != doc.end() && entities->is_object())
    if (std::string problem = field_types_problem(*entities); !problem.empty()) co_return refuse(422, problem);
  const std::string strategy = body.value("conflict_strategy", std::string("update"));
  if (strategy != "skip" && strategy != "update" && strategy != "rename" && strategy != "fail")
    co_return refuse(422, "conflict_strategy must be skip, update, rename or fail");
  const bool dry_run = body.value("dry_run", false);
  std::optional<store::SecretBox> rekeyed;
  if (auto rk = body.find("rekey_secret"); rk != body.end() && !rk->is_null()) {
    if (!rk->is_string() || rk->get_ref<const std::string&>().empty()) co_return refuse(422, "rekey_secret must be a string");
    rekeyed.emplace(rk->get<std::string>());
  }
  const store::SecretBox& box = rekeyed ? *rekeyed : federation.secrets();
  auto version = doc.find("version");
  if (version == doc.end() || !version->is_string()) co_return refuse(422, "import_data.version is required");
  if (std::none_of(std::begin(kVersions), std::end(kVersions), [&](const char* v) { return *version == v; }))
    co_return refuse(422, "import_data.version '" + version->get<std::string>() + "' is not a version this gateway knows");
  if (!doc.contains("exported_at")) co_return refuse(422, "import_data.exported_at is required");
  auto entities = doc.find("entities");
  if (entities == doc.end() || !entities->is_object()) co_return refuse(422, "import_data.entities must be an object");
  for (auto it = entities->begin(); it != entities->end(); ++it) {
    const std::string& kind = it.key();
    const json& list = it.value();
    if (kind == "roots") {
      report["warnings"].push_back("import_data.entities.roots: roots are not kept by this gateway; ignored");
      continue;
    }
    if (std::none_of(std::begin(kKinds), std::end(kKinds), [&](const char* k) { return kind == k; }))
      co_return refuse(422, "import_data.entities." + kind + ": not an entity type (gateways, tools, servers, prompts, resources)");
    if (!list.is_array()) co_return refuse(422, "import_data.entities." + kind + " must be a list");
  }
  auto list_of = [&](const char* kind) -> const json& {
    static const json kNone = json::array();
    auto it = entities->find(kind);
    return it == entities->end() ? kNone : *it;
  };

  Plan plan;
  auto conflict = [&](Planned& p, bool& proceed, bool& creating) {
    if (strategy == "fail") {
      plan.status = 409;
      plan.error = p.where + ": '" + p.name + "' already exists (conflict_strategy fail)";
      p.action = "failed";
      p.reason = "already exists";
      proceed = false;
    } else if (strategy == "skip") {
      p.action = "skipped";
      p.reason = "already exists";
      proceed = false;
    } else if (strategy == "update") {
      creating = false;
    }
  };

  // Gateways.
  const json& gateways = list_of("gateways");
  for (std::size_t i = 0; i < gateways.size() && plan.error.empty(); ++i) {
    Planned p("gateways", i);
    const json& e = gateways[i];
    store::Gateway g;
    std::optional<HeaderPairs> clear;
    json input = e;
    const bool sealed = has_sealed_credentials(e);
    if (sealed) input.erase("auth_type");  // the credentials come sealed, opened below
    input.erase("auth_value");
    if (auto problem = apply_gateway_input(input, g, clear, true)) {
      plan.error = p.where + ": " + problem.message;
      break;
    }
    p.name = g.name;
    std::string why;
    auto plain = open_secret(box, e, "auth_value", export_context("gateway", g.name), p.where, why);
    auto env = open_secret(box, e, "env_encrypted", export_context("gateway-env", g.name), p.where, why);
    if (!plain || !env) {
      plan.error = why;
      break;
    }
    HeaderPairs credentials;
    if (!plain->empty()) {
      auto pairs = pairs_of(jsonrpc::read_json(*plain));
      if (!pairs) {
        plan.error = p.where + ".auth_value: not credentials this gateway wrote";
        break;
      }
      credentials = std::move(*pairs);
      g.auth_type = e.value("auth_type", std::string("authheaders"));
    } else if (clear) {
      credentials = std::move(*clear);  // given in clear (auth_type and its fields), as POST /gateways takes them
    }
    // No credentials named at all: an existing gateway keeps its own.
    const bool keep_credentials = !sealed && !clear;
    if (!env->empty()) g.env = jsonrpc::read_json(*env);
    if (g.transport == "STDIO") {
      // STDIO_GATEWAYS_ENABLED and STDIO_ALLOWED_COMMANDS hold for imports as for POST /gateways.
      if (std::string refused = federation.options().stdio.refuse(g.command) + refuse_env(g.env); !refused.empty()) {
        plan.error = p.where + ": " + refused;
        plan.status = 403;
        break;
      }
    }
    const store::Gateway* existing = nullptr;
    for (const auto& old : view->gateways())
      if (old.name == g.name) existing = &old;
    bool proceed = true, creating = !existing;
    if (existing) {
      if (strategy == "rename") {
        g.name = renamed(g.name, [&](const std::string& n) {
          return std::any_of(view->gateways().begin(), view->gateways().end(), [&](const auto& o) { return o.name == n; });
        });
        g.slug.clear();
        p.action = "renamed";
        p.reason = "renamed to '" + g.name + "'";
      } else {
        conflict(p, proceed, creating);
      }
    }
    if (proceed && !creating) {
      store::Gateway merged = *existing;
      std::optional<HeaderPairs> none;
      json update = e;
      for (auto it = update.begin(); it != update.end();)  // credentials were read above
        it = it.key().starts_with("auth") ? update.erase(it) : std::next(it);
      update.erase("name");
      (void)apply_gateway_input(update, merged, none, false, federation.credentials(*existing));
      if (!env->empty()) merged.env = g.env;
      if (keep_credentials) credentials = federation.credentials(*existing);
      else merged.auth_type = g.auth_type;
      const bool same = gateway_entity(merged) == gateway_entity(*existing) && merged.env == existing->env &&
                        credentials == federation.credentials(*existing);
      p.id = existing->id;
      if (same) {
        p.action = "unchanged";
      } else {
        p.action = "updated";
        plan.changed_gateways.emplace_back(std::move(merged), credentials);
      }
    } else if (proceed) {
      if (p.action.empty()) p.action = "created";
      g.id = store::new_record_id();
      p.id = g.id;
      plan.new_gateways.emplace_back(std::move(g), std::move(credentials));
    }
    plan.report.push_back(std::move(p));
  }

  // REST tools.
  const json& tools = list_of("tools");
  for (std::size_t i = 0; i < tools.size() && plan.error.empty(); ++i) {
    Planned p("tools", i);
    const json& e = tools[i];
    if (e.is_object() && e.value("integration_type", std::string("REST")) != "REST") {
      p.name = e.value("name", std::string());
      p.action = "skipped";
      p.reason = "a gateway's tool: it comes back when its gateway is discovered";
      plan.report.push_back(std::move(p));
      continue;
    }
    store::Tool t;
    std::optional<HeaderPairs> clear;
    json input = e;
    const bool sealed = has_sealed_credentials(e);
    if (sealed) input.erase("auth_type");
    input.erase("auth_value");
    if (input.contains("timeout_ms") && input["timeout_ms"].is_null()) input.erase("timeout_ms");
    if (input.contains("rate_limit") && input["rate_limit"].is_null()) input.erase("rate_limit");
    std::string problem;
    if (auto bad = apply_tool_input(input, t, clear, true)) problem = bad.message;
    if (problem.empty()) problem = rest::rest_tool_problem(t);
    if (!problem.empty()) {
      plan.error = p.where + ": " + problem;
      break;
    }
    p.name = t.name;
    std::string why;
    auto plain = open_secret(box, e, "auth_value", export_context("tool", t.name), p.where, why);
    if (!plain) {
      plan.error = why;
      break;
    }
    HeaderPairs credentials;
    if (!plain->empty()) {
      auto pairs = pairs_of(jsonrpc::read_json(*plain));
      if (!pairs) {
        plan.error = p.where + ".auth_value: not credentials this gateway wrote";
        break;
      }
      credentials = std::move(*pairs);
      t.auth_type = e.value("auth_type", std::string("authheaders"));
    } else if (clear) {
      credentials = std::move(*clear);
    }
    const bool keep_credentials = !sealed && !clear;
    const store::Tool* existing = view->tool_named(t.name);
    bool proceed = true, creating = !existing;
    if (existing && strategy == "rename") {
      const std::string original = t.name;
      t.name = t.original_name = renamed(t.name, [&](const std::string& n) { return view->tool_named(n) != nullptr; });
      plan.renamed_tools[original] = t.name;
      p.action = "renamed";
      p.reason = "renamed to '" + t.name + "'";
    } else if (existing) {
      conflict(p, proceed, creating);
      if (proceed && existing->integration_type != "REST") {
        plan.error = p.where + ": '" + t.name + "' is a tool of a gateway here";
        plan.status = 409;
        break;
      }
    }
    if (proceed) {
      if (!creating) {
        t.id = existing->id;
        t.created_at = existing->created_at;
        t.enabled = e.value("is_active", existing->enabled);
        if (keep_credentials) {
          credentials = federation.credentials(*existing);
          t.auth_type = existing->auth_type;
        }
      } else {
        t.id = store::new_record_id();
      }
      const bool same = !creating && tool_entity(t) == tool_entity(*existing) && credentials == federation.credentials(*existing);
      t.auth_value_encrypted = federation.seal_tool_credentials(t.id, credentials);
      p.id = t.id;
      if (same) {
        p.action = "unchanged";
      } else {
        if (p.action.empty()) p.action = creating ? "created" : "updated";
        plan.tools.emplace_back(std::move(t), creating);
      }
    }
    plan.report.push_back(std::move(p));
  }

  // Prompts.
  const json& prompts = list_of("prompts");
  for (std::size_t i = 0; i < prompts.size() && plan.error.empty(); ++i) {
    Planned p("prompts", i);
    store::Prompt pr;
    if (auto bad = apply_prompt_input(prompts[i], pr, true)) {
      plan.error = p.where + ": " + bad.message;
      break;
    }
    prompt::TemplateError problem;
    if (!prompt::Template::parse(pr.template_text, problem)) {
      plan.error = p.where + ".template: " + problem.to_string();
      break;
    }
    p.name = pr.name;
    const store::Prompt* existing = view->prompt_named(pr.name);
    bool proceed = true, creating = !existing;
    if (existing && strategy == "rename") {
      const std::string original = pr.name;
      pr.name = pr.original_name = renamed(pr.name, [&](const std::string& n) { return view->prompt_named(n) != nullptr; });
      plan.renamed_prompts[original] = pr.name;
      p.action = "renamed";
      p.reason = "renamed to '" + pr.name + "'";
      creating = true;
    } else if (existing) {
      conflict(p, proceed, creating);
      if (proceed && !existing->gateway_id.empty()) {
        plan.error = p.where + ": '" + pr.name + "' is a prompt of a gateway here";
        plan.status = 409;
        break;
      }
    }
    if (proceed) {
      pr.enabled = prompts[i].value("is_active", true);
      if (!creating) {
        const bool same = prompt_entity(pr) == prompt_entity(*existing);
        store::Prompt next = *existing;
        next.description = pr.description;
        next.template_text = pr.template_text;
        next.arguments = pr.arguments;
        next.tags = pr.tags;
        next.enabled = pr.enabled;
        next.history.push_back({{"version", existing->version},
                                {"description", existing->description},
                                {"template", existing->template_text},
                                {"arguments", existing->arguments},
                                {"updated_at", existing->updated_at.time_since_epoch().count()}});
        next.version = existing->version + 1;
        p.id = existing->id;
        if (same) p.action = "unchanged";
        else {
          p.action = "updated";
          plan.prompts.emplace_back(std::move(next), false);
        }
      } else {
        pr.id = store::new_record_id();
        p.id = pr.id;
        if (p.action.empty()) p.action = "created";
        plan.prompts.emplace_back(std::move(pr), true);
      }
    }
    plan.report.push_back(std::move(p));
  }

  // Resources.
  const json& resources = list_of("resources");
  for (std::size_t i = 0; i < resources.size() && plan.error.empty(); ++i) {
    Planned p("resources", i);
    if (describes_template(resources[i])) {
      plan_template(resources[i], p, conflict, strategy, *view, plan);
      plan.report.push_back(std::move(p));
      continue;
    }
    store::Resource r;
    if (auto bad = apply_resource_input(resources[i], r, true)) {
      plan.error = p.where + ": " + bad.message;
      break;
    }
    p.name = r.uri;
    const store::Resource* existing = nullptr;
    for (const auto& old : view->all_resources())
      if (old.uri == r.uri && old.gateway_id.empty()) existing = &old;
    bool proceed = true, creating = !existing;
    if (existing && strategy == "rename") {
      p.action = "skipped";
      p.reason = "already exists, and a URI cannot be renamed";
      proceed = false;
    } else if (existing) {
      conflict(p, proceed, creating);
    }
    if (proceed) {
      r.enabled = resources[i].value("is_active", true);
      if (!creating) {
        r.id = existing->id;
        r.created_at = existing->created_at;
      } else {
        r.id = store::new_record_id();
      }
      p.id = r.id;
      if (!creating && resource_entity(r) == resource_entity(*existing)) {
        p.action = "unchanged";
      } else {
        p.action = creating ? "created" : "updated";
        plan.resources.emplace_back(std::move(r), creating);
      }
    }
    plan.report.push_back(std::move(p));
  }

  // Servers: checked now, resolved once the gateways are discovered.
  const json& servers = list_of("servers");
  for (std::size_t i = 0; i < servers.size() && plan.error.empty(); ++i) {
    Planned p("servers", i);
    const json& e = servers[i];
    if (!e.is_object() || !e.contains("name") || !e["name"].is_string()) {
      plan.error = p.where + ".name is required";
      break;
    }
    p.name = e["name"].get<std::string>();
    for (const char* list : {"associated_tools", "associated_prompts", "associated_resources"})
      if (e.contains(list) && !e[list].is_array()) {
        plan.error = p.where + "." + list + " must be a list of names";
        break;
      }
    plan.report.push_back(std::move(p));
    plan.servers.emplace_back(e, plan.report.size() - 1);
  }

  auto finish = [&](const char* outcome) {
    json entries = json::array();
    json counts = {{"created", 0}, {"updated", 0}, {"unchanged", 0}, {"skipped", 0}, {"renamed", 0}, {"failed", 0}};
    for (const auto& p : plan.report) {
      json entry = {{"type", p.kind}, {"name", p.name}, {"action", p.action}};
      if (!p.reason.empty()) entry["reason"] = p.reason;
      if (!p.id.empty()) entry["id"] = p.id;
      entries.push_back(std::move(entry));
      if (counts.contains(p.action)) counts[p.action] = counts[p.action].get<int>() + 1;
    }
    report["status"] = outcome;
    report["dry_run"] = dry_run;
    report["conflict_strategy"] = strategy;
    report["progress"] = {{"total", plan.report.size()}, {"processed", plan.report.size()}};
    report["progress"].update(counts);
    report["entities"] = std::move(entries);
    return report;
  };
  if (!plan.error.empty()) {
    status = plan.status ? plan.status : 422;
    report["errors"].push_back(plan.error);
    co_return finish("failed");
  }

  // Servers' names resolve against what is there now, the planned records and the gateways'
  // catalogs once discovered; an unknown name fails the import.
  auto resolve_servers = [&](const CatalogView& now, std::vector<std::pair<store::Server, bool>>& out) -> std::string {
    for (auto& entry : plan.servers) {
      const json& e = entry.first;
      Planned& p = plan.report[entry.second];
      store::Server s;
      s.name = p.name;
      s.description = e.value("description", std::string());
      s.enabled = e.value("is_active", true);
      if (e.contains("tags") && e["tags"].is_array())
        for (const auto& t : e["tags"]) if (t.is_string()) s.tags.push_back(t.get<std::string>());
      auto names = [&](const char* list) {
        std::vector<std::string> v;
        if (e.contains(list)) for (const auto& n : e[list]) if (n.is_string()) v.push_back(n.get<std::string>());
        return v;
      };
      for (std::string n : names("associated_tools")) {
        if (auto r = plan.renamed_tools.find(n); r != plan.renamed_tools.end()) n = r->second;
        std::string id;
        for (const auto& [t, c] : plan.tools) if (t.name == n) id = t.id;
        if (id.empty()) if (const auto* t = now.tool_named(n)) id = t->id;
        if (id.empty()) return p.where + ".associated_tools: unknown tool '" + n + "'";
        s.tool_ids.push_back(id);
      }
      for (std::string n : names("associated_prompts")) {
        if (auto r = plan.renamed_prompts.find(n); r != plan.renamed_prompts.end()) n = r->second;
        std::string id;
        for (const auto& [pr, c] : plan.prompts) if (pr.name == n) id = pr.id;
        if (id.empty()) if (const auto* pr = now.prompt_named(n)) id = pr->id;
        if (id.empty()) return p.where + ".associated_prompts: unknown prompt '" + n + "'";
        s.prompt_ids.push_back(id);
      }
      for (const std::string& uri : names("associated_resources")) {
        std::vector<std::string> ids;
        for (const auto& [r, c] : plan.resources) if (r.uri == uri) ids.push_back(r.id);
        if (ids.empty())
          for (const auto& r : now.all_resources()) if (r.uri == uri) ids.push_back(r.id);
        if (ids.empty()) return p.where + ".associated_resources: unknown resource '" + uri + "'";
        if (ids.size() > 1) return p.where + ".associated_resources: '" + uri + "' is served by more than one gateway";
        s.resource_ids.push_back(ids.front());
      }
      const store::Server* existing = nullptr;
      for (const auto& old : now.servers()) if (old.name == s.name) existing = &old;
      bool proceed = true, creating = !existing;
      if (existing && strategy == "rename") {
        s.name = renamed(s.name, [&](const std::string& n) {
          return std::any_of(now.servers().begin(), now.servers().end(), [&](const auto& o) { return o.name == n; });
        });
        p.action = "renamed";
        p.reason = "renamed to '" + s.name + "'";
      } else if (existing) {
        conflict(p, proceed, creating);
        if (!plan.error.empty()) return plan.error;
      }
      if (!proceed) continue;
      if (!creating) {
        s.id = existing->id;
        s.created_at = existing->created_at;
        if (server_entity(s, now) == server_entity(*existing, now) && s.tool_ids == existing->tool_ids &&
            s.prompt_ids == existing->prompt_ids && s.resource_ids == existing->resource_ids) {
          p.action = "unchanged";
          p.id = s.id;
          continue;
        }
      } else {
        s.id = store::new_record_id();
      }
      p.id = s.id;
      if (p.action.empty()) p.action = creating ? "created" : "updated";
      out.emplace_back(std::move(s), creating);
    }
    return {};
  };

  if (dry_run) {
    std::vector<std::pair<store::Server, bool>> servers_planned;
    // New gateways are not contacted in a dry run: names of their tools cannot be checked yet.
    if (plan.new_gateways.empty())
      if (std::string problem = resolve_servers(*view, servers_planned); !problem.empty()) {
        status = plan.status ? plan.status : 422;
        report["errors"].push_back(problem);
        co_return finish("failed");
      }
    for (auto& p : plan.report)
      if (p.action.empty()) p.action = "created";
    co_return finish("dry_run");
  }

  // Gateways first: each is contacted and discovered, and removed again if anything fails later.
  std::vector<std::string> added;
  auto undo = [&]() -> awaitable<void> {
    for (auto it = added.rbegin(); it != added.rend(); ++it) (void)co_await federation.remove_gateway(*it);
  };
  for (auto& [g, credentials] : plan.new_gateways) {
    const std::string name = g.name;
    OpError err = co_await federation.add_gateway(g, credentials);
    if (err) {
      co_await undo();
      for (auto& p : plan.report)
        if (p.kind == "gateways" && p.name == name) p.action = "failed", p.reason = err.message;
      status = err.status == 409 ? 409 : 502;
      report["errors"].push_back("gateway '" + name + "': " + err.message);
      co_return finish("failed");
    }
    added.push_back(g.id);
  }
  std::vector<std::pair<store::Server, bool>> servers_planned;
  if (std::string problem = resolve_servers(*federation.view(), servers_planned); !problem.empty()) {
    co_await undo();
    status = plan.status ? plan.status : 422;
    report["errors"].push_back(problem);
    co_return finish("failed");
  }
  // Everything else in one transaction.
  auto steps = [&plan, &servers_planned](store::Store& s) -> store::Result<void> {
    for (auto& [t, creating] : plan.tools)
      if (auto r = creating ? s.tools().create(t) : s.tools().update(t); !r) return r.error();
    for (auto& [p, creating] : plan.prompts)
      if (auto r = creating ? s.prompts().create(p) : s.prompts().update(p); !r) return r.error();
    for (auto& [r, creating] : plan.resources)
      if (auto x = creating ? s.resources().create(r) : s.resources().update(r); !x) return x.error();
    for (auto& [t, creating] : plan.templates)
      if (auto x = creating ? s.resource_templates().create(t) : s.resource_templates().update(t); !x) return x.error();
    for (auto& [srv, creating] : servers_planned)
      if (auto r = creating ? s.servers().create(srv) : s.servers().update(srv); !r) return r.error();
    return {};
  };
  auto op = [&steps](store::Store& s) { return s.atomically(steps); };
  auto stored = co_await federation.store().run(std::move(op));
  if (!stored) {
    co_await undo();
    status = stored.error() == make_error_code(Errc::record_conflict) ? 409 : 500;
    report["errors"].push_back("nothing was imported: " + stored.error().message());
    co_return finish("failed");
  }
  for (auto& [g, credentials] : plan.changed_gateways) {
    const std::string name = g.name;
    if (OpError err = co_await federation.update_gateway(g, credentials)) {
      report["warnings"].push_back("gateway '" + name + "' was not updated: " + err.message);
      for (auto& p : plan.report)
        if (p.kind == "gateways" && p.name == name) p.action = "failed", p.reason = err.message;
    }
  }
  co_await federation.reload(kAllKinds);
  for (const auto& r : plan.resources)
    if (!r.second) federation.announce_resource_updated(r.first.uri);
  MCPGW_LOG(info, "config_imported", "entities=" << plan.report.size() << " strategy=" << strategy);
  co_return finish("completed");
}

}  // namespace mcpgw::gateway
