#include "core/session/event_log.hpp"

#include <charconv>

namespace mcpgw::session {

namespace {
std::string make_id(std::uint64_t stream, std::uint64_t seq) {
  return std::to_string(stream) + "-" + std::to_string(seq);
}
}  // namespace

std::string EventLog::record(std::uint64_t stream, std::string_view data) {
  std::uint64_t seq = next_seq_++;
  entries_.push_back({stream, seq, std::string(data)});
  if (entries_.size() > max_events_) {
    evicted_through_[entries_.front().stream] = entries_.front().seq;
    entries_.pop_front();
    if (evicted_through_.size() > 1024) evicted_through_.erase(evicted_through_.begin());
  }
  return make_id(stream, seq);
}

std::string EventLog::mark(std::uint64_t stream) { return make_id(stream, next_seq_++); }

std::optional<std::pair<std::uint64_t, std::uint64_t>> EventLog::parse_id(std::string_view id) {
  auto dash = id.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::uint64_t stream = 0, seq = 0;
  auto a = std::from_chars(id.data(), id.data() + dash, stream);
  auto b = std::from_chars(id.data() + dash + 1, id.data() + id.size(), seq);
  if (a.ec != std::errc() || a.ptr != id.data() + dash || b.ec != std::errc() || b.ptr != id.data() + id.size())
    return std::nullopt;
  return std::pair{stream, seq};
}

std::optional<std::vector<std::pair<std::string, std::string>>> EventLog::after(
    std::string_view last_event_id) const {
  auto parsed = parse_id(last_event_id);
  if (!parsed) return std::nullopt;
  auto [stream, seq] = *parsed;
  // When events of this stream after `seq` were evicted, a full replay is impossible.
  auto evicted = evicted_through_.find(stream);
  if (evicted != evicted_through_.end() && evicted->second > seq) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> events;
  for (const auto& e : entries_) {
    if (e.stream == stream && e.seq > seq) events.emplace_back(make_id(e.stream, e.seq), e.data);
  }
  return events;
}

}  // namespace mcpgw::session
