#include "core/config/env_overlay.hpp"

#include <cstring>

#include "core/error.hpp"

namespace mcpgw::config {
namespace {

// Assigns `text` to `field`, naming the source as `name` ("PORT", "--port") in messages.
void assign_text(SettingsDraft& draft, const SettingField& field, const std::string& name,
                 const std::string& text) {
  if (auto expected = draft.assign(field, SettingText{text}, name)) {
    throw ConfigError(name + "=" + text + ": expected " + *expected);
  }
}

}  // namespace

Environment environment_from(const char* const* envp) {
  Environment out;
  for (; envp && *envp; ++envp) {
    const char* eq = std::strchr(*envp, '=');
    if (eq) out.emplace(std::string(*envp, eq), std::string(eq + 1));
  }
  return out;
}

void apply_environment(SettingsDraft& draft, const Environment& environment) {
  for (const auto& field : setting_fields()) {
    auto it = environment.find(field.env);
    if (it != environment.end()) assign_text(draft, field, std::string(field.env), it->second);
  }
}

void apply_flags(SettingsDraft& draft, const FlagOverlay& flags) {
  for (const auto& [key, text] : flags) {
    const SettingField* field = find_setting(key);
    if (!field) throw ConfigError("unknown setting '" + key + "'");
    assign_text(draft, *field, flag_name(*field), text);
  }
}

}  // namespace mcpgw::config
