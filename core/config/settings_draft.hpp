#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/config/setting_fields.hpp"
#include "core/config/settings.hpp"

namespace mcpgw::config {

/// Text still to be read by the setting's kind (environment, flags, YAML scalars).
struct SettingText {
  std::string text;
};

/// One value as a source gives it: text to parse, or already typed (TOML, YAML sequences).
using SettingValue =
    std::variant<SettingText, std::string, bool, std::int64_t, std::vector<std::string>>;

/// Settings while the sources are layered on, plus where each value last came from so that
/// validation can name it ("PORT", "mcpgw.toml:3: jwt_secret_key", "--host"). Built and
/// used by one thread during startup.
struct SettingsDraft {
  Settings settings;
  std::map<std::string, std::string, std::less<>> origins;

  /// Stores `value` in `field` and records `origin`. Returns what was expected when the
  /// value does not fit (wrong type, out of range, unparsable); nothing changes then.
  std::optional<std::string> assign(const SettingField& field, const SettingValue& value,
                                    std::string origin);

  /// Where `key` was last set, or "<key> (default)".
  std::string origin_of(std::string_view key) const;

  /// One `key = value` entry of a config file at `place` ("mcpgw.toml:3"); `value` is
  /// nullopt when the file's type fits no setting, and `shown` is the value as written.
  /// Throws ConfigError "place: unknown setting 'key'" or "place: key = shown: expected ...".
  void assign_from_file(std::string_view key, const std::optional<SettingValue>& value,
                        const std::string& place, std::string_view shown);
};

/// Text parsers shared by the sources: nullopt when the text is not of that kind.
std::optional<bool> parse_bool(std::string_view text);  // true false 1 0 yes no, any case
std::optional<std::int64_t> parse_integer(std::string_view text);
std::optional<std::vector<std::string>> parse_list(std::string_view text);  // JSON array or a,b

}  // namespace mcpgw::config
