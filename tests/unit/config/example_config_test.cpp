#include <set>
#include <string>

#include <toml++/toml.h>
#include <catch2/catch.hpp>

#include "core/config/setting_fields.hpp"
#include "core/config/settings_sources.hpp"

using namespace mcpgw::config;

namespace {
const std::string kExample = std::string(MCPGW_SOURCE_DIR) + "/share/mcpgw.example.toml";
}

TEST_CASE("share/mcpgw.example.toml loads and sets every setting to its default", "[config]") {
  SettingsSources sources;
  sources.config_file = kExample;
  SettingsDraft draft = load_settings_draft(sources);
  const Settings defaults;
  const Settings& s = draft.settings;
  CHECK(s.host == defaults.host);
  CHECK(s.port == defaults.port);
  CHECK(s.database_url == defaults.database_url);
  CHECK(s.jwt_algorithm == defaults.jwt_algorithm);
  CHECK(s.protocol_version == defaults.protocol_version);
  CHECK(s.gateway_tool_name_separator == defaults.gateway_tool_name_separator);
  CHECK(s.tool_timeout == defaults.tool_timeout);
  CHECK(s.max_body_bytes == defaults.max_body_bytes);
  CHECK(s.log_level == defaults.log_level);
  // Every setting came from the file, so each has a file origin rather than "(default)".
  for (const auto& field : setting_fields()) {
    INFO(field.key);
    CHECK_THAT(draft.origin_of(field.key), Catch::StartsWith(kExample + ":"));
  }
}

TEST_CASE("every key in the example file is a setting, and every setting is in it", "[config]") {
  toml::table table = toml::parse_file(kExample);
  std::set<std::string> keys;
  for (const auto& [key, node] : table) {
    INFO(key.str());
    CHECK(find_setting(key.str()) != nullptr);
    keys.insert(std::string(key.str()));
  }
  for (const auto& field : setting_fields()) {
    INFO(field.key);
    CHECK(keys.count(std::string(field.key)) == 1);
  }
}
