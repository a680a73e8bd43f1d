#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/config/settings.hpp"

namespace mcpgw::config {

/// Where a setting lives in Settings; the alternative in use is the setting's kind.
using SettingMember = std::variant<std::string Settings::*, bool Settings::*, int Settings::*,
                                   std::uint16_t Settings::*, std::size_t Settings::*,
                                   std::vector<std::string> Settings::*, log::Level Settings::*>;

/// One row of the settings table: the same setting under its three spellings.
struct SettingField {
  std::string_view key;  // config-file key, and the flag once '_' becomes '-'
  std::string_view env;  // environment variable
  SettingMember member;
  std::int64_t min = 0;  // numbers: the accepted range, inclusive
  std::int64_t max = 0;
  std::string_view unit = {};  // numbers: what they count ("a port number", "seconds")
};

/// Every setting, in the order of Settings.
std::span<const SettingField> setting_fields();

/// The row for a file key or flag key ("jwt_secret_key"), or nullptr.
const SettingField* find_setting(std::string_view key);

/// The row for an environment variable ("JWT_SECRET_KEY"), or nullptr.
const SettingField* find_setting_by_env(std::string_view env);

/// "--jwt-secret-key".
std::string flag_name(const SettingField& field);

/// What the setting accepts, for messages: "a port number 0-65535", "true or false, ...".
std::string expectation(const SettingField& field);

}  // namespace mcpgw::config
