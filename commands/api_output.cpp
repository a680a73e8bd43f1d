#include "commands/api_output.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "core/admin/yaml_writer.hpp"

namespace mcpgw::commands {

using nlohmann::json;
using admin::EntityKind;

namespace {

std::size_t terminal_width() {
  if (!isatty(STDOUT_FILENO)) return 0;
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) return static_cast<std::size_t>(std::atoi(columns));
  return 0;
}

bool colour() {
  const char* no_colour = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && (!no_colour || !*no_colour);
}

std::string yes_no(const json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end() || !it->is_boolean()) return "";
  return it->get<bool>() ? "yes" : "no";
}

std::string count_of(const json& record, const char* key) {
  auto it = record.find(key);
  return it != record.end() && it->is_array() ? std::to_string(it->size()) : "0";
}

std::string argument_names(const json& record) {
  std::string out;
  auto it = record.find("arguments");
  if (it == record.end() || !it->is_array()) return out;
  for (const auto& a : *it) {
    if (!a.is_object()) continue;
    out += (out.empty() ? "" : ",") + text_of(a, "name");
    if (auto req = a.find("required"); req != a.end() && req->is_boolean() && req->get<bool>()) out += "*";
  }
  return out;
}

admin::Table table_of(EntityKind kind, const json& records) {
  admin::Table t;
  switch (kind) {
    case EntityKind::gateway:
      t.headers = {"ID", "NAME", "TRANSPORT", "URL / COMMAND", "ENABLED", "REACHABLE"};
      break;
    case EntityKind::tool:
      t.headers = {"ID", "NAME", "GATEWAY", "ENABLED", "DESCRIPTION"};
      break;
    case EntityKind::server:
      t.headers = {"ID", "NAME", "TOOLS", "RESOURCES", "PROMPTS", "ENABLED", "DESCRIPTION"};
      break;
    case EntityKind::prompt:
      t.headers = {"ID", "NAME", "ARGUMENTS", "ENABLED", "DESCRIPTION"};
      break;
    case EntityKind::resource:
      t.headers = {"ID", "URI", "NAME", "MIME TYPE", "ENABLED"};
      break;
  }
  for (const auto& r : records) {
    if (!r.is_object()) continue;
    switch (kind) {
      case EntityKind::gateway: {
        std::string target = text_of(r, "url");
        if (text_of(r, "transport") == "STDIO") target = text_of(r, "command");
        t.rows.push_back({text_of(r, "id"), text_of(r, "name"), text_of(r, "transport"), target, yes_no(r, "enabled"),
                          yes_no(r, "reachable")});
        break;
      }
      case EntityKind::tool: {
        std::string gateway = text_of(r, "gatewaySlug");
        if (gateway.empty()) gateway = text_of(r, "integrationType") == "REST" ? "(REST)" : "-";
        t.rows.push_back({text_of(r, "id"), text_of(r, "name"), gateway, yes_no(r, "enabled"), text_of(r, "description")});
        break;
      }
      case EntityKind::server:
        t.rows.push_back({text_of(r, "id"), text_of(r, "name"), count_of(r, "associatedTools"),
                          count_of(r, "associatedResources"), count_of(r, "associatedPrompts"), yes_no(r, "enabled"),
                          text_of(r, "description")});
        break;
      case EntityKind::prompt:
        t.rows.push_back({text_of(r, "id"), text_of(r, "name"), argument_names(r), yes_no(r, "enabled"),
                          text_of(r, "description")});
        break;
      case EntityKind::resource:
        t.rows.push_back({text_of(r, "id"), text_of(r, "uri").empty() ? text_of(r, "uriTemplate") : text_of(r, "uri"),
                          text_of(r, "name"), text_of(r, "mimeType"), yes_no(r, "enabled")});
        break;
    }
  }
  return t;
}

}  // namespace

std::string text_of(const json& value, const char* key) {
  if (!value.is_object()) return {};
  auto it = value.find(key);
  if (it == value.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump(-1, ' ', false, json::error_handler_t::replace);
}

void print_table(const admin::Table& table) {
  std::cout << admin::render_table(table, terminal_width(), colour());
}

void print_records(EntityKind kind, const json& records, const TargetOptions& options) {
  if (options.quiet) {
    for (const auto& r : records) std::cout << text_of(r, "id") << "\n";
  } else if (options.output == "json") {
    std::cout << records.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else if (options.output == "yaml") {
    std::cout << admin::to_yaml(records);
  } else {
    print_table(table_of(kind, records));
  }
}

void print_value(const json& value, const TargetOptions& options) {
  if (options.quiet) {
    std::string id = text_of(value, "id");
    if (id.empty()) id = text_of(value, "server_id");
    if (!id.empty()) std::cout << id << "\n";
  } else if (options.output == "json") {
    std::cout << value.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    std::cout << admin::to_yaml(value);
  }
}

}  // namespace mcpgw::commands
