#pragma once

#include <string>
#include <string_view>

namespace mcpgw::transport::sse {

/// One Server-Sent Event, framed for the wire: optional id and event lines, one data line per
/// line of `data`, and the blank line that ends the event.
std::string format_event(std::string_view event, std::string_view data, std::string_view id = {});

/// A comment line that keeps idle proxies and clients from timing the stream out.
inline constexpr std::string_view kKeepAlive = ": keep-alive\n\n";

}  // namespace mcpgw::transport::sse
