// Fuzzes the URL parser: an absolute URL, its virtual-server completion, and a reference
// (an SSE endpoint event's) resolved against it. Input: "base\nreference".
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/http/url.hpp"

using namespace mcpgw::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto newline = text.find('\n');
  std::string_view base = text.substr(0, newline);
  std::string_view reference = newline == std::string_view::npos ? "" : text.substr(newline + 1);
  auto url = parse_url(base);
  if (!url) return 0;
  (void)url->to_string();
  if (auto resolved = resolve_url(*url, reference)) (void)resolved->to_string();
  complete_gateway_server_path(*url);
  (void)url->to_string();
  return 0;
}
