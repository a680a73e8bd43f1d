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
  const std::string out = parsed->render(context);
  // Templates arrive in JSON, so as UTF-8: then what they render must be UTF-8 too, or the
  // prompts/get result that carries it could not be written.
  const nlohmann::json as_json = std::string(text);
  bool utf8 = true;
  try {
    (void)as_json.dump();
  } catch (const nlohmann::json::exception&) {
    utf8 = false;
  }
  if (utf8) (void)nlohmann::json(out).dump();  // throws, so fails, on invalid UTF-8
  return 0;
}
