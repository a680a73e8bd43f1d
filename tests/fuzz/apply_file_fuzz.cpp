// Fuzzes what `register apply` does with a file before it talks to a gateway: read it (the
// first byte picks YAML, JSON or TOML), check it, plan it against an empty gateway, write the
// plan and the export form back.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/admin/config_plan.hpp"
#include "core/admin/desired_config.hpp"
#include "core/admin/located_document.hpp"
#include "core/admin/toml_writer.hpp"
#include "core/admin/yaml_writer.hpp"

using namespace mcpgw;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* kNames[] = {"f.yaml", "f.json", "f.toml"};
  const std::string name = kNames[data[0] % 3];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string error;
  auto doc = admin::read_located(name, text, error);
  if (!doc) return 0;
  std::vector<std::string> problems;
  auto env = [](const std::string& n) -> std::optional<std::string> {
    if (n.size() % 2) return std::nullopt;
    return std::string("value");
  };
  auto desired = admin::load_desired({*doc}, env, problems);
  if (!desired) return 0;
  auto plan = admin::make_plan(*desired, nlohmann::json::object(), nlohmann::json::array(), true);
  (void)admin::render_plan(plan, false);
  nlohmann::json exported = {{"entities", desired->entities}};
  auto file = admin::export_as_desired(exported, true);
  (void)admin::to_yaml(file);
  (void)admin::to_toml(file);
  return 0;
}
