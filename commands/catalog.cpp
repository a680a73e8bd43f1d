#include "commands/catalog.hpp"

#include <CLI/CLI.hpp>

#include "commands/api_target.hpp"
#include "commands/catalog_actions.hpp"

namespace mcpgw::commands {

namespace {

CLI::App* action(CLI::App* parent, CatalogOptions& o, const char* name, const char* help) {
  return add_action(parent, o.action, name, help);
}

}  // namespace

CLI::App* register_catalog(CLI::App& app, CatalogOptions& o) {
  auto* catalog = app.add_subcommand("catalog", "A catalog of well-known MCP servers: find one, install it into a gateway");
  catalog->require_subcommand(1);
  add_target_flags(catalog, o.target);
  catalog->add_option("--catalog", o.files, "Catalog file merged over the shipped one (repeatable; later ones win by id)")
      ->envname("MCPGW_CATALOG")
      ->delimiter(',');

  auto* list = action(catalog, o, "list", "List the catalog's servers");
  list->add_option("--category", o.category, "Only this category");
  list->add_option("--tag", o.tags, "Only servers with this tag (repeatable)");
  list->add_flag("--installed", o.installed, "Only servers the gateway has registered");

  auto* search = action(catalog, o, "search", "Find servers by name, tags and description, best first");
  search->add_option("TEXT", o.argument, "Words that must all appear")->required();

  auto* show = action(catalog, o, "show", "Show one server of the catalog");
  show->add_option("ID", o.argument, "Its id")->required();

  auto* install = action(catalog, o, "install", "Register a catalog server on the gateway");
  install->add_option("ID", o.argument, "Its id")->required();
  install->add_option("--name", o.name, "The gateway's name for it (default: the entry's name)");
  install->add_option("--env", o.env, "K=V for a local server's environment (repeatable)");
  install->add_option("--header", o.headers, "K:V header for a remote server (repeatable)");
  install->add_option("--api-key", o.api_key, "The server's API key (a remote's bearer token, or a local one's first secret)");
  install->add_flag("--no-input", o.no_input, "Never ask: fail when a required value is missing");

  auto* import = action(catalog, o, "import", "Convert MCP Registry server.json documents into catalog entries (YAML)");
  import->add_option("SOURCE", o.argument, "A file, or a URL (a registry API page)")->required();

  auto* validate = action(catalog, o, "validate", "Check a catalog file; every problem with its line and column");
  validate->add_option("FILE", o.argument, "The catalog file")->required();
  return catalog;
}

int run_catalog(const CatalogOptions& options) {
  return run_checked("catalog", [&] { return run_catalog_action(options); });
}

}  // namespace mcpgw::commands
