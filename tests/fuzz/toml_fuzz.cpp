// Fuzzes the TOML settings loader, then validation, as `serve --config x.toml` runs them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/config/settings_validation.hpp"
#include "core/config/toml_loader.hpp"
#include "core/error.hpp"

using namespace mcpgw;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  config::SettingsDraft draft;
  try {
    config::apply_toml(draft, text, "fuzz.toml");
    config::validate(draft);
  } catch (const ConfigError&) {
    // A bad file is a ConfigError naming the line; anything else escaping is a fault.
  }
  return 0;
}
