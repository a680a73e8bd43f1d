#include "core/config/settings_draft.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/jsonrpc/json_reader.hpp"

namespace mcpgw::config {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// `value` as a T: taken as it is when the source typed it, else parsed from its text.
template <class T, class Parse>
bool convert_with(const SettingValue& value, T& out, Parse parse) {
  if (const auto* typed = std::get_if<T>(&value)) {
    out = *typed;
    return true;
  }
  const auto* text = std::get_if<SettingText>(&value);
  std::optional<T> parsed = text ? parse(text->text) : std::nullopt;
  if (parsed) out = std::move(*parsed);
  return parsed.has_value();
}

// Each overload converts `value` for one kind of member; false when it does not fit.
bool convert(const SettingValue& value, std::string& out) {
  return convert_with(value, out, [](std::string_view t) { return std::optional(std::string(t)); });
}

bool convert(const SettingValue& value, bool& out) { return convert_with(value, out, parse_bool); }

bool convert(const SettingValue& value, std::int64_t& out) {
  return convert_with(value, out, parse_integer);
}

bool convert(const SettingValue& value, std::vector<std::string>& out) {
  return convert_with(value, out, parse_list);
}

bool convert(const SettingValue& value, log::Level& out) {
  std::string text;
  if (!convert(value, text)) return false;
  try {
    out = log::parse_level(trim(text));
    return true;
  } catch (const ConfigError&) {
    return false;
  }
}

// Stores `value` into the member `m` points to; false when it does not fit the kind or range.
template <class T>
bool store(Settings& settings, T Settings::*m, const SettingField& field,
           const SettingValue& value) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    std::int64_t n = 0;
    if (!convert(value, n) || n < field.min || n > field.max) return false;
    settings.*m = static_cast<T>(n);
    return true;
  } else {
    T converted{};
    if (!convert(value, converted)) return false;
    settings.*m = std::move(converted);
    return true;
  }
}

}  // namespace

std::optional<std::string> SettingsDraft::assign(const SettingField& field,
                                                 const SettingValue& value, std::string origin) {
  bool ok = std::visit([&](auto m) { return store(settings, m, field, value); }, field.member);
  if (!ok) return expectation(field);
  origins[std::string(field.key)] = std::move(origin);
  return std::nullopt;
}

std::string SettingsDraft::origin_of(std::string_view key) const {
  auto it = origins.find(key);
  return it != origins.end() ? it->second : std::string(key) + " (default)";
}

void SettingsDraft::assign_from_file(std::string_view key, const std::optional<SettingValue>& value,
                                     const std::string& place, std::string_view shown) {
  const SettingField* field = find_setting(key);
  if (!field) throw ConfigError(place + ": unknown setting '" + std::string(key) + "'");
  std::string name = place + ": " + std::string(key);
  auto expected = value ? assign(*field, *value, name) : expectation(*field);
  if (expected) throw ConfigError(name + " = " + std::string(shown) + ": expected " + *expected);
}

std::optional<bool> parse_bool(std::string_view text) {
  std::string s = lower(trim(text));
  if (s == "true" || s == "1" || s == "yes") return true;
  if (s == "false" || s == "0" || s == "no") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  text = trim(text);
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

std::optional<std::vector<std::string>> parse_list(std::string_view text) {
  text = trim(text);
  std::vector<std::string> out;
  if (!text.empty() && text.front() == '[') {
    auto json = jsonrpc::read_json(text);
    if (!json.is_array()) return std::nullopt;
    for (const auto& item : json) {
      if (!item.is_string()) return std::nullopt;
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = trim(text.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

}  // namespace mcpgw::config
