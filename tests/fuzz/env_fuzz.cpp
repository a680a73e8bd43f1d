// Fuzzes the environment overlay, then validation: each input line is one NAME=value variable
// (as main() gets them from envp), so every setting's text parser runs on what follows the '='.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/env_overlay.hpp"
#include "tests/fuzz/settings_source.hpp"

using namespace mcpgw;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  while (!text.empty()) {
    auto newline = text.find('\n');
    lines.emplace_back(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
  }
  std::vector<const char*> envp;
  for (const auto& line : lines) envp.push_back(line.c_str());
  envp.push_back(nullptr);
  return fuzz::load_settings([&](config::SettingsDraft& draft) {
    config::apply_environment(draft, config::environment_from(envp.data()));
  });
}
