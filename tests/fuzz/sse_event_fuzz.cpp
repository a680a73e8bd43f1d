// Fuzzes the Server-Sent Events parser: the input arrives in chunks cut where its first byte
// says (as reads cut a stream), under a small event limit so that the limit path runs too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/transport/sse/event_parser.hpp"

using mcpgw::transport::sse::Event;
using mcpgw::transport::sse::EventParser;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t chunk = data[0] % 16 + 1;
  std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);
  EventParser parser(1024);
  std::size_t total = 0;
  auto on_event = [&](Event&& event) { total += event.data.size() + event.event.size(); };
  while (!stream.empty()) {
    std::string_view piece = stream.substr(0, chunk);
    stream.remove_prefix(piece.size());
    if (!parser.feed(piece, on_event)) break;
  }
  (void)parser.last_event_id();
  return 0;
}
