#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <regex>

#include "commands/api_output.hpp"
#include "commands/api_target.hpp"
#include "commands/register_actions.hpp"
#include "core/admin/config_plan.hpp"
#include "core/admin/entity_lookup.hpp"
#include "core/admin/toml_writer.hpp"
#include "core/admin/yaml_writer.hpp"
#include "core/exit_code.hpp"

namespace mcpgw::commands {

using nlohmann::json;
using admin::PlannedChange;

namespace {

namespace fs = std::filesystem;

/// FILE… with each directory replaced by its *.yaml, *.yml, *.toml and *.json files, by name.
std::vector<std::string> expand_files(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  for (const auto& arg : args) {
    std::error_code ec;
    if (arg != "-" && fs::is_directory(arg, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(arg, ec)) {
        auto ext = entry.path().extension().string();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".toml" || ext == ".json"))
          found.push_back(entry.path().string());
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) throw UsageError(arg + " holds no .yaml, .yml, .toml or .json file");
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(arg);
    }
  }
  return files;
}

/// Prints every problem, one a line, and fails with their count.
[[noreturn]] void refuse(const std::vector<std::string>& problems) {
  for (const auto& p : problems) std::cerr << p << "\n";
  throw CommandFailed(std::to_string(problems.size()) + (problems.size() == 1 ? " problem" : " problems") +
                      " in the files; nothing was changed");
}

admin::DesiredConfig load(const std::vector<std::string>& args) {
  std::vector<admin::LocatedDocument> documents;
  std::vector<std::string> problems;
  for (const auto& file : expand_files(args)) {
    std::string error;
    auto doc = admin::read_located(file == "-" ? "<stdin>.yaml" : file, read_input_file(file), error);
    if (doc) documents.push_back(std::move(*doc));
    else problems.push_back(error);
  }
  if (!problems.empty()) refuse(problems);
  auto env = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
  auto desired = admin::load_desired(documents, env, problems);
  if (!desired) refuse(problems);
  return std::move(*desired);
}

/// The gateway's import errors name "entities.servers[0]…": point at the file instead.
std::string locate(const std::string& message, const admin::DesiredConfig& desired) {
  static const std::regex kEntity(R"((?:import_data\.)?entities\.([a-z]+)\[(\d+)\])");
  std::smatch m;
  if (!std::regex_search(message, m, kEntity)) return message;
  admin::Location where = desired.location(m[1].str(), std::stoul(m[2].str()));
  if (where.line == 0) return message;
  return where.text() + ": " + m[1].str() + "[" + m[2].str() + "]" + m.suffix().str();
}

[[noreturn]] void import_failed(const admin::ApiResponse& response, const admin::DesiredConfig& desired, const char* doing) {
  json report = response.json();
  std::vector<std::string> problems;
  if (report.is_object() && report.contains("errors") && report["errors"].is_array())
    for (const auto& e : report["errors"])
      if (e.is_string()) problems.push_back(locate(e.get<std::string>(), desired));
  if (problems.empty()) throw CommandFailed(std::string(doing) + ": " + response.failure());
  for (const auto& p : problems) std::cerr << p << "\n";
  throw CommandFailed(std::string(doing) + ": the gateway refused the configuration (" + std::to_string(response.status) +
                      "); nothing was changed");
}

/// Deletes one record the files do not name. Resource templates live at their own route.
void remove_entity(admin::ApiClient& client, const PlannedChange& change) {
  auto kind = *admin::parse_kind(change.kind);
  json records = admin::list_records(client, kind);
  auto found = admin::find_record(records, kind, change.name);
  std::string path;
  if (found) {
    path = "/" + change.kind + "/" + admin::percent_encode(text_of(found.record, "id"));
  } else if (kind == admin::EntityKind::resource) {
    auto templates = client.get("/resources/templates?include_inactive=true");
    if (templates.ok() && templates.json().is_array())
      for (const auto& t : templates.json())
        if (text_of(t, "uriTemplate") == change.name) path = "/resources/templates/" + admin::percent_encode(text_of(t, "id"));
  }
  if (path.empty()) throw CommandFailed("deleting " + change.kind + " '" + change.name + "': " + found.problem);
  expect_ok(client.remove(path), "deleting " + change.kind + " '" + change.name + "'");
}

}  // namespace

int apply_files(admin::ApiClient& client, const RegisterOptions& o) {
  // 1. Read and check the files; 2. ask the gateway what it would do; 3. show the plan;
  // 4. confirm; 5. import what is created or updated, all or nothing; 6. delete what is pruned.
  admin::DesiredConfig desired = load(o.files);
  json current = expect_ok(client.get("/export?include_inactive=true"), "reading the gateway's configuration");
  json import_body = {{"import_data", admin::import_document(desired)}, {"conflict_strategy", "update"}, {"dry_run", true}};
  auto check = client.post("/import", import_body);
  if (!check.ok()) import_failed(check, desired, "checking the configuration");
  json report = check.json();
  auto plan = admin::make_plan(desired, current.is_object() ? current.value("entities", json::object()) : json::object(),
                               report.is_object() ? report.value("entities", json::array()) : json::array(), o.prune);
  const bool colour = isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  if (o.target.output == "json" || o.target.output == "yaml") {
    json changes = json::array();
    for (const auto& c : plan.changes) {
      static const char* kActions[] = {"create", "update", "unchanged", "delete"};
      json fields = json::array();
      for (const auto& f : c.fields) fields.push_back({{"field", f.field}, {"before", f.before}, {"after", f.after}});
      changes.push_back({{"kind", c.kind}, {"name", c.name}, {"action", kActions[static_cast<int>(c.action)]}, {"fields", fields}});
    }
    print_value({{"changes", changes}, {"pending", plan.pending()}}, o.target);
  } else {
    std::cout << admin::render_plan(plan, colour);
  }
  if (!plan.pending()) {
    std::cerr << "No changes: the gateway matches the files.\n";
    return 0;
  }
  if (o.dry_run) return kExitChangesPending;
  if (!o.yes) {
    if (!interactive()) throw UsageError("apply needs --yes when not run from a terminal (or --dry-run for the plan only)");
    if (!confirm("Apply these changes?")) {
      std::cerr << "Nothing changed.\n";
      return 1;
    }
  }
  const std::size_t writes = plan.count(PlannedChange::Action::create) + plan.count(PlannedChange::Action::update);
  if (writes > 0) {
    std::cerr << "Applying " << writes << (writes == 1 ? " change" : " changes") << "…\n";
    import_body["dry_run"] = false;
    auto applied = client.post("/import", import_body);
    if (!applied.ok()) import_failed(applied, desired, "applying the configuration");
  }
  // Servers first: they name what the others are.
  static const char* kDeleteOrder[] = {"servers", "tools", "prompts", "resources", "gateways"};
  for (const char* kind : kDeleteOrder)
    for (const auto& c : plan.changes)
      if (c.action == PlannedChange::Action::remove && c.kind == kind) {
        std::cerr << "Deleting " << c.kind.substr(0, c.kind.size() - 1) << " '" << c.name << "'\n";
        remove_entity(client, c);
      }
  std::cerr << "Applied.\n";
  return 0;
}

int export_config(admin::ApiClient& client, const RegisterOptions& o) {
  json document = expect_ok(client.get("/export?include_inactive=true"), "exporting the configuration");
  json desired = admin::export_as_desired(document, o.include_secrets);
  if (o.target.output == "json") std::cout << desired.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  else if (o.target.output == "toml") std::cout << admin::to_toml(desired);
  else std::cout << admin::to_yaml(desired);
  return 0;
}

}  // namespace mcpgw::commands
