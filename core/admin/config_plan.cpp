#include "core/admin/config_plan.hpp"

#include <algorithm>
#include <map>

namespace mcpgw::admin {

using nlohmann::json;
using Action = PlannedChange::Action;

namespace {

constexpr const char* kKindOrder[] = {"gateways", "tools", "prompts", "resources", "servers"};

bool secret_field(const std::string& key) {
  return key.starts_with("auth_") || key == "env" || key == "env_encrypted";
}

/// A server's lists name things in no particular order.
json comparable(const std::string& key, json v) {
  if (key.starts_with("associated_") && v.is_array()) std::sort(v.begin(), v.end());
  return v;
}

/// The value a current entity has for `key`, with the defaults an export leaves implicit.
json current_value(const json& entity, const std::string& key) {
  if (auto it = entity.find(key); it != entity.end()) return *it;
  if (key == "is_active") return true;
  if (key == "tags" || key.starts_with("associated_") || key == "passthrough_headers" || key == "arguments")
    return json::array();
  if (key == "description" || key == "jsonpath_filter") return "";
  return nullptr;
}

const json* find_named(const json& list, const std::string& kind, const std::string& name) {
  if (!list.is_array()) return nullptr;
  for (const auto& e : list)
    if (DesiredConfig::name_of(kind, e) == name) return &e;
  return nullptr;
}

std::map<std::pair<std::string, std::string>, std::string> report_actions(const json& report) {
  std::map<std::pair<std::string, std::string>, std::string> out;
  if (!report.is_array()) return out;
  for (const auto& r : report)
    if (r.is_object() && r.contains("type") && r["type"].is_string() && r.contains("name") && r["name"].is_string() &&
        r.contains("action") && r["action"].is_string())
      out[{r["type"].get<std::string>(), r["name"].get<std::string>()}] = r["action"].get<std::string>();
  return out;
}

std::string shown(const json& v) {
  if (v.is_null()) return "(unset)";
  std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 120) text = text.substr(0, 117) + "...";
  return text;
}

}  // namespace

std::size_t ConfigPlan::count(Action action) const {
  return static_cast<std::size_t>(
      std::count_if(changes.begin(), changes.end(), [&](const PlannedChange& c) { return c.action == action; }));
}

bool ConfigPlan::pending() const {
  return std::any_of(changes.begin(), changes.end(), [](const PlannedChange& c) { return c.action != Action::unchanged; });
}

ConfigPlan make_plan(const DesiredConfig& desired, const json& current, const json& report, bool prune) {
  ConfigPlan plan;
  const auto verdicts = report_actions(report);
  for (const char* kind : kKindOrder) {
    const json& wanted = desired.entities.contains(kind) ? desired.entities[kind] : json::array();
    const json& have = current.is_object() && current.contains(kind) ? current[kind] : json::array();
    for (const auto& entity : wanted) {
      PlannedChange change;
      change.kind = kind;
      change.name = DesiredConfig::name_of(kind, entity);
      const json* existing = find_named(have, kind, change.name);
      if (!existing) {
        change.action = Action::create;
        plan.changes.push_back(std::move(change));
        continue;
      }
      bool secrets_named = false;
      for (const auto& [key, value] : entity.items()) {
        if (secret_field(key)) {
          secrets_named = true;
          continue;
        }
        json before = comparable(key, current_value(*existing, key));
        json after = comparable(key, value);
        if (before != after) change.fields.push_back({key, std::move(before), std::move(after)});
      }
      // The gateway compares what the client cannot see (credentials, fields left to defaults).
      auto verdict = verdicts.find({kind, change.name});
      const bool gateway_says_update = verdict != verdicts.end() && verdict->second == "updated";
      if (!change.fields.empty()) {
        change.action = Action::update;
      } else if (gateway_says_update) {
        change.action = Action::update;
        change.note = secrets_named ? "credentials change" : "fields the files leave out return to their defaults";
      }
      plan.changes.push_back(std::move(change));
    }
    if (!prune || !have.is_array()) continue;
    for (const auto& entity : have) {
      std::string name = DesiredConfig::name_of(kind, entity);
      if (find_named(wanted, kind, name)) continue;
      PlannedChange removal;
      removal.kind = kind;
      removal.name = std::move(name);
      removal.action = Action::remove;
      plan.changes.push_back(std::move(removal));
    }
  }
  return plan;
}

std::string render_plan(const ConfigPlan& plan, bool colour) {
  auto paint = [&](const char* code, const std::string& text) {
    return colour ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
  };
  std::string out;
  for (const auto& c : plan.changes) {
    const std::string singular = c.kind.substr(0, c.kind.size() - 1);
    switch (c.action) {
      case Action::create:
        out += paint("32", "+ create " + singular + " '" + c.name + "'") + "\n";
        break;
      case Action::remove:
        out += paint("31", "- delete " + singular + " '" + c.name + "'") + "\n";
        break;
      case Action::update:
        out += paint("33", "~ update " + singular + " '" + c.name + "'") + "\n";
        for (const auto& f : c.fields) out += "    " + f.field + ": " + shown(f.before) + " -> " + shown(f.after) + "\n";
        if (!c.note.empty()) out += "    (" + c.note + ")\n";
        break;
      case Action::unchanged:
        break;
    }
  }
  out += "Plan: " + std::to_string(plan.count(Action::create)) + " to create, " +
         std::to_string(plan.count(Action::update)) + " to update, " + std::to_string(plan.count(Action::remove)) +
         " to delete, " + std::to_string(plan.count(Action::unchanged)) + " unchanged.\n";
  return out;
}

json export_as_desired(const json& export_document, bool include_secrets) {
  json out = json::object();
  const json& entities = export_document.is_object() && export_document.contains("entities")
                             ? export_document["entities"]
                             : json::object();
  for (const char* kind : kKindOrder) {
    if (!entities.contains(kind) || !entities[kind].is_array() || entities[kind].empty()) continue;
    json list = json::array();
    for (const auto& entity : entities[kind]) {
      if (!entity.is_object()) continue;
      json e = json::object();
      for (const auto& [key, value] : entity.items()) {
        if (value.is_null() || (key == "url" && value == "")) continue;
        if (!include_secrets && (key == "auth_value" || key == "env_encrypted" || key == "auth_type")) continue;
        if (key == "integration_type" && value == "REST") continue;
        if (key == "is_active") e["enabled"] = value;
        else e[key] = value;
      }
      list.push_back(std::move(e));
    }
    out[kind] = std::move(list);
  }
  return out;
}

json import_document(const DesiredConfig& desired) {
  return {{"version", "2025-11-25"},
          {"exported_at", "1970-01-01T00:00:00Z"},
          {"exported_by", "mcpgw register apply"},
          {"entities", desired.entities}};
}

}  // namespace mcpgw::admin
