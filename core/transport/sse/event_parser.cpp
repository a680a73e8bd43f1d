#include "core/transport/sse/event_parser.hpp"

#include <charconv>

namespace mcpgw::transport::sse {

bool EventParser::feed(std::string_view bytes, const std::function<void(Event&&)>& on_event) {
  for (std::size_t i = 0; i < bytes.size();) {
    if (skip_lf_) {
      skip_lf_ = false;
      if (bytes[i] == '\n') {
        ++i;
        continue;
      }
    }
    auto end = bytes.find_first_of("\r\n", i);
    if (end == std::string_view::npos) {
      pending_.append(bytes.substr(i));
      break;
    }
    if (pending_.empty()) {
      line(bytes.substr(i, end - i), on_event);
    } else {
      pending_.append(bytes.substr(i, end - i));
      std::string whole = std::move(pending_);
      pending_.clear();
      line(whole, on_event);
    }
    if (bytes[end] == '\r') skip_lf_ = true;
    i = end + 1;
  }
  return pending_.size() + data_.size() <= max_event_bytes_;
}

void EventParser::line(std::string_view l, const std::function<void(Event&&)>& on_event) {
  if (l.empty()) {
    // A blank line dispatches the event (an event with no data lines is not dispatched).
    if (has_data_) {
      Event e{last_id_, event_.empty() ? "message" : std::move(event_), std::move(data_), retry_};
      data_.clear();
      event_.clear();
      has_data_ = false;
      retry_.reset();
      on_event(std::move(e));
    } else {
      event_.clear();
    }
    return;
  }
  if (l.front() == ':') return;  // a comment (keep-alive)
  auto colon = l.find(':');
  std::string_view field = l.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view() : l.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field == "data") {
    if (has_data_) data_ += '\n';
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_ = std::string(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) last_id_ = std::string(value);
  } else if (field == "retry") {
    long ms = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
    if (ec == std::errc() && p == value.data() + value.size()) retry_ = ms;
  }
}

}  // namespace mcpgw::transport::sse
