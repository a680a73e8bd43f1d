// Fuzzes the prompt template parser and renderer (prompts kept in the gateway): any text either
// parses or is refused with a position inside it, and a parsed template renders against a
// context with lists, objects and strings without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/prompt/template.hpp"

using mcpgw::prompt::Template;
using mcpgw::prompt::TemplateError;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  TemplateError error;
  auto parsed = Template::parse(text, error);
  if (!parsed) {
    if (error.line < 1 || error.column < 1 || error.message.empty()) __builtin_trap();
    return 0;
  }
  static const nlohmann::json context = nlohmann::json::parse(
      R"({"name": "Ann", "n": 3, "x": 1.5, "ok": true, "none": null, "items": ["a", "b", {"k": [1, 2]}],
          "user": {"city": "Oslo", "tags": ["x"]}, "empty": "", "list": []})");
  (void)parsed->render(context);
  return 0;
}
