#include "core/config/setting_fields.hpp"

#include <set>

#include <catch2/catch.hpp>

#include "core/config/settings_draft.hpp"

using namespace mcpgw::config;

TEST_CASE("each setting has one key, one variable and its own member", "[config]") {
  std::set<std::string_view> keys, envs;
  for (const auto& field : setting_fields()) {
    INFO(field.key);
    CHECK(keys.insert(field.key).second);
    CHECK(envs.insert(field.env).second);
    CHECK(find_setting(field.key) == &field);
    CHECK(find_setting_by_env(field.env) == &field);
  }
  CHECK(find_setting("PORT") == nullptr);
  CHECK(find_setting_by_env("port") == nullptr);
  CHECK(flag_name(*find_setting("jwt_secret_key")) == "--jwt-secret-key");
}

TEST_CASE("assigning one setting changes that member and no other", "[config]") {
  const Settings defaults;
  for (const auto& field : setting_fields()) {
    INFO(field.key);
    SettingsDraft draft;
    // A value of the field's kind that differs from every default.
    SettingValue value = std::visit(
        [&](auto m) -> SettingValue {
          using T = std::remove_cvref_t<decltype(defaults.*m)>;
          if constexpr (std::is_same_v<T, bool>)
            return !(defaults.*m);
          else if constexpr (std::is_same_v<T, std::string>)
            return std::string("changed");
          else if constexpr (std::is_same_v<T, std::vector<std::string>>)
            return std::vector<std::string>{"x"};
          else if constexpr (std::is_same_v<T, mcpgw::log::Level>)
            return SettingText{"error"};
          else
            return std::int64_t{field.min + 1};
        },
        field.member);
    REQUIRE_FALSE(draft.assign(field, value, "test"));
    int changed = 0;
    for (const auto& other : setting_fields()) {
      bool same = std::visit(
          [&](auto m) {
            auto o = std::get<decltype(m)>(other.member);
            return draft.settings.*o == defaults.*o;
          },
          other.member);
      changed += same ? 0 : 1;
    }
    CHECK(changed == 1);
  }
}
