// Fuzzes the YAML settings loader, then validation, as `serve --config x.yaml` runs them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/config/yaml_loader.hpp"
#include "tests/fuzz/settings_source.hpp"

using namespace mcpgw;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  return fuzz::load_settings([&](config::SettingsDraft& draft) {
    config::apply_yaml(draft, text, "fuzz.yaml");
  });
}
