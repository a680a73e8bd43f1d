// Fuzzes the OpenAPI import (POST /tools/openapi): any text, read as JSON or YAML, is either
// refused with a reason or becomes REST tools whose names, URLs and schemas are usable, and
// $refs (cyclic, chained, dangling, exponential) never hang or overflow the stack.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/rest/json_schema.hpp"
#include "core/rest/openapi_import.hpp"

using mcpgw::rest::JsonSchema;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  nlohmann::json document = mcpgw::rest::read_openapi_text(text, error);
  if (document.is_discarded()) {
    if (error.empty()) __builtin_trap();
    return 0;
  }
  mcpgw::rest::OpenApiOptions options;
  options.base_url = "http://127.0.0.1:9/api";
  auto out = mcpgw::rest::tools_from_openapi(document, options);
  if (!out.error.empty()) return 0;
  for (const auto& t : out.tools) {
    if (t.tool.name.empty() || t.tool.name.size() > 128 || !t.tool.url.starts_with(options.base_url)) __builtin_trap();
    std::string problem;
    (void)JsonSchema::compile(t.tool.input_schema, problem);
    (void)t.tool.input_schema.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return 0;
}
