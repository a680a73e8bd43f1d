#include <fstream>
#include <iostream>
#include <sstream>

#include "commands/api_output.hpp"
#include "commands/api_target.hpp"
#include "commands/register_actions.hpp"
#include "core/admin/entity_lookup.hpp"

namespace mcpgw::commands {

using nlohmann::json;
using admin::EntityKind;

namespace {

EntityKind kind_of(const std::string& text) {
  auto kind = admin::parse_kind(text);
  if (!kind) throw UsageError("unknown kind '" + text + "': use one of " + admin::kind_names());
  return *kind;
}

json found(admin::ApiClient& client, EntityKind kind, const std::string& ref) {
  auto record = admin::lookup(client, kind, ref);
  if (!record) throw CommandFailed(record.problem);
  return record.record;
}

std::string entity_path(EntityKind kind, const json& record) {
  return "/" + std::string(admin::info(kind).plural) + "/" + admin::percent_encode(text_of(record, "id"));
}

std::string label(EntityKind kind, const json& record) {
  std::string name = text_of(record, std::string(admin::info(kind).label).c_str());
  if (name.empty()) name = text_of(record, "name");
  return std::string(admin::info(kind).singular) + " '" + name + "'";
}

void check_table_output(const RegisterOptions& options) {
  if (options.target.output == "toml") throw UsageError("-o toml is for `register export`; use table, json or yaml");
}

}  // namespace

json expect_ok(const admin::ApiResponse& response, const std::string& doing) {
  if (!response.ok()) throw CommandFailed(doing + ": " + response.failure());
  return response.json();
}

std::string read_input_file(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + path);
  text << in.rdbuf();
  return text.str();
}

int list_action(admin::ApiClient& client, const RegisterOptions& options) {
  check_table_output(options);
  std::string query;
  if (!options.gateway.empty()) {
    json gateway = found(client, EntityKind::gateway, options.gateway);
    query += "gateway_id=" + admin::percent_encode(text_of(gateway, "id"));
  }
  if (!options.tags.empty()) {
    std::string tags;
    for (const auto& t : options.tags) tags += (tags.empty() ? "" : ",") + t;
    query += (query.empty() ? "" : "&") + std::string("tags=") + admin::percent_encode(tags);
  }
  auto fetch = [&](EntityKind kind) {
    json records = admin::list_records(client, kind, query);
    if (options.all) return records;
    json enabled = json::array();
    for (auto& r : records)
      if (auto it = r.find("enabled"); it == r.end() || !it->is_boolean() || it->get<bool>()) enabled.push_back(std::move(r));
    return enabled;
  };
  try {
    if (!options.kind.empty()) {
      EntityKind kind = kind_of(options.kind);
      print_records(kind, fetch(kind), options.target);
      return 0;
    }
    // Every kind: one JSON/YAML object keyed by kind, or one table each under its name.
    json all = json::object();
    for (const auto& k : admin::all_kinds()) {
      if (!options.gateway.empty() && k.kind == EntityKind::server) continue;  // servers belong to no gateway
      json records = fetch(k.kind);
      if (options.target.quiet || options.target.output == "table") {
        if (!options.target.quiet) std::cout << (all.empty() ? "" : "\n") << std::string(k.plural) << ":\n";
        print_records(k.kind, records, options.target);
      }
      all[std::string(k.plural)] = std::move(records);
    }
    if (!options.target.quiet && options.target.output != "table") print_value(all, options.target);
  } catch (const UsageError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw CommandFailed(e.what());
  }
  return 0;
}

int show_record(admin::ApiClient& client, const RegisterOptions& options) {
  check_table_output(options);
  EntityKind kind = kind_of(options.kind);
  json record = found(client, kind, options.ref);
  // The entity route carries what a list leaves out (a prompt's template, a resource's content).
  auto response = client.get(entity_path(kind, record));
  if (response.ok() && response.json().is_object()) record = response.json();
  print_value(record, options.target);
  return 0;
}

int remove_record(admin::ApiClient& client, const RegisterOptions& options) {
  EntityKind kind = kind_of(options.kind);
  json record = found(client, kind, options.ref);
  if (!options.yes) {
    if (!interactive()) throw UsageError("removing " + label(kind, record) + " needs --yes when not run from a terminal");
    if (!confirm("Delete " + label(kind, record) + " (" + text_of(record, "id") + ")?")) {
      std::cerr << "Nothing deleted.\n";
      return 1;
    }
  }
  expect_ok(client.remove(entity_path(kind, record)), "removing " + label(kind, record));
  if (options.target.quiet) std::cout << text_of(record, "id") << "\n";
  else std::cerr << "Removed " << label(kind, record) << ".\n";
  return 0;
}

int set_enabled(admin::ApiClient& client, const RegisterOptions& options, bool enabled) {
  EntityKind kind = kind_of(options.kind);
  json record = found(client, kind, options.ref);
  std::string path = entity_path(kind, record) + "/state?activate=" + (enabled ? "true" : "false");
  expect_ok(client.post(path, json::object()), std::string(enabled ? "enabling " : "disabling ") + label(kind, record));
  if (options.target.quiet) std::cout << text_of(record, "id") << "\n";
  else std::cerr << (enabled ? "Enabled " : "Disabled ") << label(kind, record) << ".\n";
  return 0;
}

int refresh_gateway(admin::ApiClient& client, const RegisterOptions& options) {
  json gateway = found(client, EntityKind::gateway, options.ref);
  std::cerr << "Refreshing " << label(EntityKind::gateway, gateway) << "…\n";
  json answer = expect_ok(client.post(entity_path(EntityKind::gateway, gateway) + "/tools/refresh", json::object()),
                          "refreshing " + label(EntityKind::gateway, gateway));
  print_value(answer, options.target);
  return 0;
}

int revoke_token(admin::ApiClient& client, const RegisterOptions& options) {
  // A JWT has two dots; anything else is taken for a jti.
  const bool is_token = std::count(options.ref.begin(), options.ref.end(), '.') == 2;
  json body = {{is_token ? "token" : "jti", options.ref}};
  if (!options.reason.empty()) body["reason"] = options.reason;
  json answer = expect_ok(client.post("/tokens/revoke", body), "revoking the token");
  if (options.target.quiet) std::cout << text_of(answer, "jti") << "\n";
  else print_value(answer, options.target);
  return 0;
}

int run_register_action(const RegisterOptions& options) {
  auto client = make_client(options.target);
  const std::string& a = options.action;
  if (a == "gateway") return register_gateway(*client, options);
  if (a == "server") return register_server(*client, options);
  if (a == "tool") return register_tool(*client, options);
  if (a == "openapi") return register_openapi(*client, options);
  if (a == "prompt") return register_prompt(*client, options);
  if (a == "resource") return register_resource(*client, options);
  if (a == "list") return list_action(*client, options);
  if (a == "show") return show_record(*client, options);
  if (a == "remove") return remove_record(*client, options);
  if (a == "enable") return set_enabled(*client, options, true);
  if (a == "disable") return set_enabled(*client, options, false);
  if (a == "refresh") return refresh_gateway(*client, options);
  if (a == "call") return call_tool(*client, options);
  if (a == "token") return revoke_token(*client, options);
  if (a == "apply") return apply_files(*client, options);
  if (a == "export") return export_config(*client, options);
  throw UsageError("no such subcommand: " + a);
}

}  // namespace mcpgw::commands
