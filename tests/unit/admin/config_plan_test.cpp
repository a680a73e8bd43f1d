#include "core/admin/config_plan.hpp"

#include <catch2/catch.hpp>

#include "core/admin/toml_writer.hpp"
#include "core/admin/yaml_writer.hpp"

using namespace mcpgw::admin;
using nlohmann::json;
using Action = PlannedChange::Action;

namespace {

DesiredConfig desired_of(const std::string& yaml) {
  std::string error;
  auto d = read_located("f.yaml", yaml, error);
  INFO(error);
  REQUIRE(d);
  std::vector<std::string> problems;
  auto config = load_desired({*d}, [](const std::string&) { return std::nullopt; }, problems);
  REQUIRE(config);
  return *config;
}

const json kCurrent = {
    {"tools",
     {{{"name", "a"}, {"url", "http://h/a"}, {"description", "old"}, {"is_active", true}},
      {{"name", "b"}, {"url", "http://h/b"}, {"description", ""}, {"is_active", true}}}},
    {"servers", {{{"name", "s"}, {"associated_tools", {"b", "a"}}, {"is_active", true}}}},
    {"gateways", json::array()},
};

}  // namespace

TEST_CASE("the plan lists creates, field updates and prunes, and nothing for a match", "[admin][plan]") {
  auto desired = desired_of(R"(tools:
  - name: a
    url: http://h/a
    description: new
  - name: c
    url: http://h/c
servers:
  - name: s
    tools: [a, b]
)");
  auto plan = make_plan(desired, kCurrent, json::array(), false);
  CHECK(plan.count(Action::create) == 1);
  CHECK(plan.count(Action::update) == 1);
  CHECK(plan.count(Action::unchanged) == 1);  // the server: same tools, another order
  CHECK(plan.count(Action::remove) == 0);
  const auto& update = *std::find_if(plan.changes.begin(), plan.changes.end(),
                                     [](const PlannedChange& c) { return c.action == Action::update; });
  CHECK(update.name == "a");
  REQUIRE(update.fields.size() == 1);
  CHECK(update.fields[0].field == "description");
  CHECK(update.fields[0].before == "old");
  CHECK(update.fields[0].after == "new");

  auto pruned = make_plan(desired, kCurrent, json::array(), true);
  REQUIRE(pruned.count(Action::remove) == 1);
  CHECK(std::find_if(pruned.changes.begin(), pruned.changes.end(), [](const PlannedChange& c) {
          return c.action == Action::remove && c.name == "b";
        }) != pruned.changes.end());

  std::string text = render_plan(plan, false);
  CHECK(text.find("+ create tool 'c'") != std::string::npos);
  CHECK(text.find("~ update tool 'a'\n    description: \"old\" -> \"new\"") != std::string::npos);
  CHECK(text.find("Plan: 1 to create, 1 to update, 0 to delete, 1 unchanged.") != std::string::npos);
}

TEST_CASE("an update only the gateway can see (credentials) comes from its dry run", "[admin][plan]") {
  auto desired = desired_of("tools:\n  - name: b\n    url: http://h/b\n    auth_type: bearer\n    auth_token: t2\n");
  json report = json::array({{{"type", "tools"}, {"name", "b"}, {"action", "updated"}}});
  auto plan = make_plan(desired, kCurrent, report, false);
  REQUIRE(plan.count(Action::update) == 1);
  CHECK(plan.changes[0].fields.empty());
  CHECK(plan.changes[0].note == "credentials change");
  auto same = make_plan(desired, kCurrent, json::array({{{"type", "tools"}, {"name", "b"}, {"action", "unchanged"}}}), false);
  CHECK_FALSE(same.pending());
}

TEST_CASE("an export becomes apply's format, and applying it plans nothing", "[admin][plan]") {
  json exported = {{"version", "2025-11-25"},
                   {"entities",
                    {{"tools",
                      {{{"name", "a"},
                        {"url", "http://h/a"},
                        {"integration_type", "REST"},
                        {"auth_type", "bearer"},
                        {"auth_value", "sealed"},
                        {"timeout_ms", nullptr},
                        {"is_active", false}}}},
                     {"servers", json::array()}}}};
  json file = export_as_desired(exported, false);
  CHECK(file["tools"][0]["enabled"] == false);
  CHECK_FALSE(file["tools"][0].contains("auth_value"));
  CHECK_FALSE(file["tools"][0].contains("auth_type"));
  CHECK_FALSE(file["tools"][0].contains("timeout_ms"));
  CHECK_FALSE(file.contains("servers"));  // empty kinds are left out
  CHECK(export_as_desired(exported, true)["tools"][0]["auth_value"] == "sealed");

  for (const std::string& text : {to_yaml(file), to_toml(file)}) {
    std::string error;
    auto doc = read_located(text.find("[[tools]]") != std::string::npos ? "x.toml" : "x.yaml", text, error);
    INFO(text << error);
    REQUIRE(doc);
    std::vector<std::string> problems;
    auto desired = load_desired({*doc}, [](const std::string&) { return std::nullopt; }, problems);
    REQUIRE(desired);
    auto plan = make_plan(*desired, exported["entities"], json::array(), true);
    CHECK_FALSE(plan.pending());
  }
}
