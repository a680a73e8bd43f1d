#include "commands/catalog_actions.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "commands/api_output.hpp"
#include "commands/api_target.hpp"
#include "commands/name_value.hpp"
#include "commands/register_actions.hpp"
#include "core/admin/yaml_writer.hpp"
#include "core/catalog/catalog_file.hpp"
#include "core/catalog/catalog_install.hpp"
#include "core/catalog/catalog_search.hpp"
#include "core/catalog/registry_import.hpp"
#include "core/error.hpp"
#include "core/http/url.hpp"

namespace mcpgw::commands {

using nlohmann::json;
using catalog::CatalogEntry;

namespace {

std::vector<CatalogEntry> load(const CatalogOptions& o) {
  try {
    return catalog::load_catalogs(o.files);
  } catch (const ConfigError& e) {
    throw CommandFailed(e.what());
  }
}

const CatalogEntry& entry_named(const std::vector<CatalogEntry>& entries, const std::string& id) {
  if (const CatalogEntry* e = catalog::find_entry(entries, id)) return *e;
  throw CommandFailed("no server '" + id + "' in the catalog (mcpgw catalog search finds one)");
}

void print_entries(const std::vector<const CatalogEntry*>& entries, const TargetOptions& o) {
  if (o.quiet) {
    for (const auto* e : entries) std::cout << e->id << "\n";
    return;
  }
  if (o.output != "table") {
    json list = json::array();
    for (const auto* e : entries) list.push_back(catalog::entry_to_json(*e));
    print_value(list, o);
    return;
  }
  admin::Table table{{"ID", "NAME", "CATEGORY", "RUNS", "AUTH", "DESCRIPTION"}, {}};
  for (const auto* e : entries)
    table.rows.push_back({e->id, e->name, e->category, e->command.empty() ? "remote" : "local",
                          e->auth_type.empty() ? "Open" : e->auth_type, e->description});
  print_table(table);
}

/// Whether the gateway has a gateway registered as `e` (the same url or command).
bool installed_on(const json& gateways, const CatalogEntry& e) {
  for (const auto& g : gateways)
    if (catalog::installed_as(e, text_of(g, "url"), text_of(g, "command"))) return true;
  return false;
}

/// A line from the terminal; with `secret` not echoed.
std::string ask(const std::string& prompt, bool secret) {
  std::cerr << prompt << std::flush;
  termios saved{};
  const bool hide = secret && tcgetattr(STDIN_FILENO, &saved) == 0;
  if (hide) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (hide) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << "\n";
  }
  return line;
}

int list(const CatalogOptions& o) {
  auto entries = load(o);
  catalog::CatalogFilter filter;
  filter.category = o.category;
  filter.tags = o.tags;
  auto chosen = catalog::filter_entries(entries, filter);
  if (o.installed) {
    auto client = make_client(o.target);
    json gateways = expect_ok(client->get("/gateways?include_inactive=true"), "listing the gateway's gateways");
    std::erase_if(chosen, [&](const CatalogEntry* e) { return !installed_on(gateways, *e); });
  }
  print_entries(chosen, o.target);
  return 0;
}

int search(const CatalogOptions& o) {
  auto entries = load(o);
  std::vector<const CatalogEntry*> found;
  for (const auto& hit : catalog::search_entries(entries, o.argument)) found.push_back(hit.entry);
  if (found.empty()) {
    std::cerr << "No server in the catalog matches '" << o.argument << "'.\n";
    return 1;
  }
  print_entries(found, o.target);
  return 0;
}

int show(const CatalogOptions& o) {
  auto entries = load(o);
  json entry = catalog::entry_to_json(entry_named(entries, o.argument));
  if (o.target.output == "json") print_value(entry, o.target);
  else std::cout << admin::to_yaml(entry);
  return 0;
}

int install(const CatalogOptions& o) {
  auto entries = load(o);
  const CatalogEntry& entry = entry_named(entries, o.argument);
  catalog::InstallValues values;
  values.name = o.name;
  values.api_key = o.api_key;
  for (const auto& kv : o.env) {
    auto [k, v] = split_name_value(kv, '=', "--env");
    values.env[k] = v;
  }
  for (const auto& kv : o.headers) {
    auto [k, v] = split_name_value(kv, ':', "--header");
    values.headers[k] = v;
  }
  auto plan = catalog::plan_install(entry, values);
  if (!plan.error.empty()) throw CommandFailed(entry.id + ": " + plan.error);
  if (!plan.missing.empty()) {
    if (o.no_input || !interactive()) {
      std::string names;
      for (const auto& m : plan.missing) names += (names.empty() ? "" : ", ") + m.name;
      throw CommandFailed(entry.id + " needs " + names + " (give --env NAME=VALUE, --header K:V or --api-key)");
    }
    for (const auto& m : plan.missing) {
      std::string value = ask(m.name + (m.description.empty() ? "" : " (" + m.description + ")") + ": ", m.secret);
      if (m.kind == "env") values.env[m.name] = value;
      else if (m.kind == "header") values.headers[m.name] = value;
      else values.api_key = value;
    }
    plan = catalog::plan_install(entry, values);
    if (!plan.missing.empty()) throw CommandFailed(entry.id + ": a required value is still missing");
  }
  const std::string name = text_of(plan.body, "name");
  auto client = make_client(o.target);
  std::cerr << "Installing " << entry.id << " as gateway '" << name << "' (connecting and discovering its tools)…\n";
  json record = expect_ok(client->post("/gateways", plan.body), "installing " + entry.id);
  if (o.target.quiet || o.target.output != "table") print_value(record, o.target);
  else std::cout << "Installed " << entry.id << " as gateway '" << name << "' (" << text_of(record, "id") << ").\n";
  return 0;
}

int import(const CatalogOptions& o) {
  std::string text;
  if (auto url = http::parse_url(o.argument); url && (o.argument.starts_with("http://") || o.argument.starts_with("https://"))) {
    admin::ApiClient fetcher(url->origin(), "", std::chrono::seconds(o.target.timeout_seconds));
    text = expect_ok(fetcher.get(url->target), "fetching " + o.argument).dump();
  } else {
    text = read_input_file(o.argument);
  }
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) throw CommandFailed(o.argument + " is not JSON (server.json documents are)");
  auto imported = catalog::import_registry(doc);
  for (const auto& p : imported.problems) std::cerr << "skipped " << p << "\n";
  if (imported.entries.empty()) throw CommandFailed("no server in " + o.argument + " could be converted");
  json list = json::array();
  for (const auto& e : imported.entries) list.push_back(catalog::entry_to_json(e));
  json catalog_doc = {{"catalog_servers", list}};
  if (o.target.output == "json") std::cout << catalog_doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  else std::cout << admin::to_yaml(catalog_doc);
  std::cerr << "Converted " << imported.entries.size() << (imported.entries.size() == 1 ? " server" : " servers") << ".\n";
  return 0;
}

int validate(const CatalogOptions& o) {
  auto file = catalog::read_catalog_file(o.argument);
  for (const auto& p : file.problems) std::cerr << p << "\n";
  if (!file.problems.empty())
    throw CommandFailed(o.argument + ": " + std::to_string(file.problems.size()) +
                        (file.problems.size() == 1 ? " problem" : " problems"));
  std::cout << o.argument << ": " << file.entries.size() << " servers, valid\n";
  return 0;
}

}  // namespace

int run_catalog_action(const CatalogOptions& o) {
  if (o.target.output == "toml") throw UsageError("-o toml is for `register export`; use table, json or yaml");
  if (o.action == "list") return list(o);
  if (o.action == "search") return search(o);
  if (o.action == "show") return show(o);
  if (o.action == "install") return install(o);
  if (o.action == "import") return import(o);
  if (o.action == "validate") return validate(o);
  throw UsageError("no such subcommand: " + o.action);
}

}  // namespace mcpgw::commands
