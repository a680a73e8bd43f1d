#pragma once

#include <string>
#include <string_view>

namespace mcpgw::transport::sse {

/// One Server-Sent Event, framed for the wire: optional id and event lines, one data line per
/// line of `data`, and the blank line that ends the event.
std::string format_event(std::string_view event, std::string_view data, std::string_view id = {});

/// The priming event that opens a resumable stream (2025-11-25 transports, SEP-1699): an id the
/// client may resume from, empty data, and how long to wait before reconnecting (milliseconds).
std::string format_priming(std::string_view id, long retry_ms);

/// A comment line that keeps idle proxies and clients from timing the stream out.
inline constexpr std::string_view kKeepAlive = ": keep-alive\n\n";

}  // namespace mcpgw::transport::sse
