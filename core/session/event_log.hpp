#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcpgw::session {

/// The SSE events a session has written, kept so that a client whose stream broke can resume
/// with Last-Event-ID (2025-03-26+ transports, resumability). Ids are "<stream>-<seq>": unique
/// across the session's streams and naming the stream they belong to, so a replay never mixes
/// streams. Bounded: the oldest events go first. Pure: no I/O.
class EventLog {
 public:
  explicit EventLog(std::size_t max_events = 512) : max_events_(max_events) {}

  /// Records `data` as the next event of `stream`; returns its id.
  std::string record(std::uint64_t stream, std::string_view data);

  /// A fresh id of `stream` that carries no event (a priming event's): resuming from it replays
  /// what the stream wrote after it.
  std::string mark(std::uint64_t stream);

  /// Parses an id we issued into (stream, seq).
  static std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_id(std::string_view id);

  /// The events of the stream named by `last_event_id` written after it, with their ids.
  /// nullopt when the id is malformed or too old to replay in full.
  std::optional<std::vector<std::pair<std::string, std::string>>> after(std::string_view last_event_id) const;

 private:
  struct Entry {
    std::uint64_t stream;
    std::uint64_t seq;
    std::string data;
  };
  std::size_t max_events_;
  std::deque<Entry> entries_;
  std::uint64_t next_seq_ = 1;
  std::map<std::uint64_t, std::uint64_t> evicted_through_;   // stream → last evicted seq
};

}  // namespace mcpgw::session
