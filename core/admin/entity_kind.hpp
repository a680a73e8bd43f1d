#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mcpgw::admin {

/// The kinds of record the REST API manages, as `register` names them.
enum class EntityKind { gateway, tool, server, prompt, resource };

/// How one kind appears in the REST API and in tables.
struct KindInfo {
  EntityKind kind;
  std::string_view plural;    // "gateways": the route (/gateways) and the export document's key
  std::string_view singular;  // "gateway"
  std::string_view label;     // how a record is named to people: "name", or "uri" for resources
};

/// Every kind, in the order registration depends on them (gateways first, servers last).
std::span<const KindInfo> all_kinds();
const KindInfo& info(EntityKind kind);
/// "gateway", "gateways", "gw", "tool", …, case-insensitive; nullopt for anything else.
std::optional<EntityKind> parse_kind(std::string_view text);
/// "gateways, tools, servers, prompts, resources": for error messages.
std::string kind_names();

}  // namespace mcpgw::admin
