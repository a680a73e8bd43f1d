#include "core/config/settings_sources.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/config/settings_validation.hpp"
#include "core/config/toml_loader.hpp"
#include "core/config/yaml_loader.hpp"
#include "core/error.hpp"

namespace mcpgw::config {

void apply_config_file(SettingsDraft& draft, const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  bool toml = ext == ".toml";
  if (!toml && ext != ".yaml" && ext != ".yml") {
    throw ConfigError(path.string() + ": unknown config file type (expected .toml, .yaml or .yml)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError("cannot read config file " + path.string() + ": " + std::strerror(errno));
  }
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (toml) {
    apply_toml(draft, text, path.string());
  } else {
    apply_yaml(draft, text, path.string());
  }
}

SettingsDraft load_settings_draft(const SettingsSources& sources) {
  SettingsDraft draft;
  if (!sources.config_file.empty()) apply_config_file(draft, sources.config_file);
  apply_environment(draft, sources.environment);
  apply_flags(draft, sources.flags);
  validate(draft);
  return draft;
}

Settings load_settings(const SettingsSources& sources) {
  return load_settings_draft(sources).settings;
}

}  // namespace mcpgw::config
