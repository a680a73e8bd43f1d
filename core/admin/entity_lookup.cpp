#include "core/admin/entity_lookup.hpp"

#include <stdexcept>

namespace mcpgw::admin {

using nlohmann::json;

namespace {

bool field_is(const json& record, const char* key, const std::string& value) {
  auto it = record.find(key);
  return it != record.end() && it->is_string() && it->get_ref<const std::string&>() == value;
}

}  // namespace

json list_records(ApiClient& client, EntityKind kind, const std::string& query) {
  std::string path = "/" + std::string(info(kind).plural) + "?include_inactive=true";
  if (!query.empty()) path += "&" + query;
  auto response = client.get(path);
  if (!response.ok()) throw std::runtime_error("listing " + std::string(info(kind).plural) + ": " + response.failure());
  json records = response.json();
  if (!records.is_array()) throw std::runtime_error("listing " + std::string(info(kind).plural) + ": the gateway's answer is not a list");
  return records;
}

Lookup find_record(const json& records, EntityKind kind, const std::string& ref) {
  const auto& k = info(kind);
  for (const auto& r : records)
    if (field_is(r, "id", ref)) return {r, {}};
  std::vector<const json*> matches;
  const char* keys[] = {k.label == "uri" ? "uri" : "name", "name"};
  for (const char* key : keys) {
    for (const auto& r : records)
      if (field_is(r, key, ref)) matches.push_back(&r);
    if (!matches.empty()) break;
  }
  if (matches.size() == 1) return {*matches.front(), {}};
  if (matches.empty()) return {nullptr, "no " + std::string(k.singular) + " named '" + ref + "'"};
  std::string ids;
  for (const json* m : matches) ids += (ids.empty() ? "" : ", ") + m->value("id", std::string());
  return {nullptr, "'" + ref + "' names " + std::to_string(matches.size()) + " " + std::string(k.plural) + " (" + ids +
                       "): give an id"};
}

Lookup lookup(ApiClient& client, EntityKind kind, const std::string& ref) {
  try {
    return find_record(list_records(client, kind), kind, ref);
  } catch (const std::runtime_error& e) {
    return {nullptr, e.what()};
  }
}

std::vector<std::string> resolve_ids(const json& records, EntityKind kind, const std::vector<std::string>& refs,
                                     std::vector<std::string>& problems) {
  std::vector<std::string> ids;
  for (const auto& ref : refs) {
    auto found = find_record(records, kind, ref);
    if (!found) problems.push_back(found.problem);
    else ids.push_back(found.record.value("id", std::string()));
  }
  return ids;
}

}  // namespace mcpgw::admin
