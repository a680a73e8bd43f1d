#include "core/transport/sse/event.hpp"

#include <string>

namespace mcpgw::transport::sse {

std::string format_event(std::string_view event, std::string_view data, std::string_view id) {
  std::string out;
  out.reserve(data.size() + event.size() + id.size() + 32);
  if (!id.empty()) {
    out += "id: ";
    out += id;
    out += '\n';
  }
  if (!event.empty()) {
    out += "event: ";
    out += event;
    out += '\n';
  }
  for (;;) {
    // SSE ends a line at CRLF, LF or CR, so a CR left inside a data line would split it.
    auto eol = data.find_first_of("\r\n");
    out += "data: ";
    out += data.substr(0, eol);
    out += '\n';
    if (eol == std::string_view::npos) break;
    data.remove_prefix(eol + (data.compare(eol, 2, "\r\n") == 0 ? 2 : 1));
  }
  out += '\n';
  return out;
}

std::string format_priming(std::string_view id, long retry_ms) {
  std::string out = "id: ";
  out += id;
  out += "\nretry: ";
  out += std::to_string(retry_ms);
  out += "\ndata: \n\n";
  return out;
}

}  // namespace mcpgw::transport::sse
