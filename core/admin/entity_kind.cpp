#include "core/admin/entity_kind.hpp"

#include <array>
#include <cctype>

namespace mcpgw::admin {

namespace {

constexpr std::array kKinds = {
    KindInfo{EntityKind::gateway, "gateways", "gateway", "name"},
    KindInfo{EntityKind::tool, "tools", "tool", "name"},
    KindInfo{EntityKind::prompt, "prompts", "prompt", "name"},
    KindInfo{EntityKind::resource, "resources", "resource", "uri"},
    KindInfo{EntityKind::server, "servers", "server", "name"},
};

}  // namespace

std::span<const KindInfo> all_kinds() { return kKinds; }

const KindInfo& info(EntityKind kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k;
  return kKinds.front();
}

std::optional<EntityKind> parse_kind(std::string_view text) {
  std::string lower;
  for (unsigned char c : text) lower += static_cast<char>(std::tolower(c));
  if (lower == "gw") return EntityKind::gateway;
  for (const auto& k : kKinds)
    if (lower == k.plural || lower == k.singular) return k.kind;
  return std::nullopt;
}

std::string kind_names() {
  std::string out;
  for (const auto& k : kKinds) out += (out.empty() ? "" : ", ") + std::string(k.plural);
  return out;
}

}  // namespace mcpgw::admin
