#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/jsonrpc/json_reader.hpp"

namespace mcpgw::jsonrpc {

/// One JSON-RPC message on its way through mcpgw: its text, its parsed value, or both.
/// Channels and queues carry envelopes, so a message is parsed where it enters (an HTTP body,
/// a child's line) and serialized where it leaves, never again at an in-process seam: `serve`
/// hands a client's parsed request to its virtual server, and an upstream's parsed answer back,
/// without a string in between; `translate` passes a child's line on as the text it read.
/// The missing form is made on first use and kept (text(), json()). Not thread-safe: an
/// envelope belongs to one executor at a time, like the queue it rides in.
class Envelope {
 public:
  Envelope() = default;
  /// A message as read from the wire.
  Envelope(std::string text) : text_(std::move(text)), has_text_(true) {}  // NOLINT: implicit on purpose
  Envelope(const char* text) : Envelope(std::string(text)) {}              // NOLINT
  /// A parsed message (only a Json: nlohmann converts too much into Json to accept the rest).
  template <class T>
    requires std::same_as<std::remove_cvref_t<T>, Json>
  Envelope(T&& json) : json_(std::forward<T>(json)), has_json_(true) {}  // NOLINT
  /// Both forms, which the caller knows to agree (a body it has just parsed).
  Envelope(Json json, std::string text)
      : text_(std::move(text)), json_(std::move(json)), has_text_(true), has_json_(true) {}

  /// The serialized message, made from the parsed value once if it came without text.
  const std::string& text() const {
    if (!has_text_) {
      text_ = json_.dump();
      has_text_ = true;
    }
    return text_;
  }
  /// The parsed message, read from the text once if it came without one (read_json: a
  /// discarded value when the text is not JSON, and fault() says why).
  const Json& json() const {
    if (!has_json_) {
      json_ = read_json(text_, &fault_);
      has_json_ = true;
    }
    return json_;
  }
  /// The parsed message, to change: the text is dropped and made again when asked for.
  Json& edit() {
    json();
    has_text_ = false;
    text_.clear();
    return json_;
  }
  /// Moves the text out (serializing if need be); the envelope is left empty.
  std::string take_text() && {
    text();
    return std::move(text_);
  }
  /// Moves the parsed value out (parsing if need be); the envelope is left empty.
  Json take_json() && {
    json();
    return std::move(json_);
  }

  /// Whether the parsed value is at hand without a parse (for tests and the hot path's asserts).
  bool parsed() const { return has_json_; }
  /// Whether the text is at hand without a serialization.
  bool serialized() const { return has_text_; }
  /// Why json() is discarded, after json() was asked for a text that is not JSON.
  const JsonError& fault() const { return fault_; }

  /// Whether the message's text is `text` (serializing it if need be).
  friend bool operator==(const Envelope& message, std::string_view text) { return message.text() == text; }

 private:
  mutable std::string text_;
  mutable Json json_;
  mutable JsonError fault_;
  mutable bool has_text_ = false;
  mutable bool has_json_ = false;
};

}  // namespace mcpgw::jsonrpc
