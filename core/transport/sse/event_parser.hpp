#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mcpgw::transport::sse {

struct Event {
  std::string id;      // last event id seen on the stream (SSE keeps it across events)
  std::string event;   // "message" when the stream named none
  std::string data;
  std::optional<long> retry_ms;
};

/// Incremental Server-Sent Events parser (WHATWG event-stream rules): feed bytes as they arrive,
/// get whole events back. Comments and fields it does not know are ignored. Pure: no I/O.
class EventParser {
 public:
  explicit EventParser(std::size_t max_event_bytes = 64 << 20) : max_event_bytes_(max_event_bytes) {}

  /// Feeds bytes; calls `on_event` for each complete event. Returns false when an event grew
  /// past the limit (the stream should be dropped).
  bool feed(std::string_view bytes, const std::function<void(Event&&)>& on_event);
  const std::string& last_event_id() const { return last_id_; }

 private:
  void line(std::string_view l, const std::function<void(Event&&)>& on_event);

  std::size_t max_event_bytes_;
  std::string pending_;    // an unfinished line
  bool skip_lf_ = false;   // the previous chunk ended in CR
  std::string data_;
  std::string event_;
  bool has_data_ = false;
  std::string last_id_;
  std::optional<long> retry_;
};

}  // namespace mcpgw::transport::sse
