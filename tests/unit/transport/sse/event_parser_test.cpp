#include "core/transport/sse/event_parser.hpp"

#include <vector>

#include <catch2/catch.hpp>

using mcpgw::transport::sse::Event;
using mcpgw::transport::sse::EventParser;

namespace {
std::vector<Event> parse_all(EventParser& parser, std::initializer_list<std::string_view> chunks) {
  std::vector<Event> events;
  for (auto chunk : chunks) parser.feed(chunk, [&](Event&& e) { events.push_back(std::move(e)); });
  return events;
}
}  // namespace

TEST_CASE("events split across chunks come out whole", "[sse]") {
  EventParser parser;
  auto events = parse_all(parser, {"event: endp", "oint\ndata: /message?session_id=1", "\n\n"});
  REQUIRE(events.size() == 1);
  CHECK(events[0].event == "endpoint");
  CHECK(events[0].data == "/message?session_id=1");
}

TEST_CASE("an event without a name is a message; several data lines join with newlines", "[sse]") {
  EventParser parser;
  auto events = parse_all(parser, {"data: a\ndata: b\n\n"});
  REQUIRE(events.size() == 1);
  CHECK(events[0].event == "message");
  CHECK(events[0].data == "a\nb");
}

TEST_CASE("CRLF and CR line endings, even split between chunks, are accepted", "[sse]") {
  EventParser parser;
  auto events = parse_all(parser, {"data: x\r", "\n\r", "\ndata: y\r\r"});
  REQUIRE(events.size() == 2);
  CHECK(events[0].data == "x");
  CHECK(events[1].data == "y");
}

TEST_CASE("comments are ignored, ids persist and retry is read", "[sse]") {
  EventParser parser;
  auto events = parse_all(parser, {": keep-alive\n\nid: 7\nretry: 1500\ndata: {}\n\ndata: next\n\n"});
  REQUIRE(events.size() == 2);
  CHECK(events[0].id == "7");
  CHECK(events[0].retry_ms == 1500);
  CHECK(events[1].id == "7");
  CHECK_FALSE(events[1].retry_ms.has_value());
  CHECK(parser.last_event_id() == "7");
}

TEST_CASE("an event with an id but no data (a priming event) is not dispatched", "[sse]") {
  EventParser parser;
  auto events = parse_all(parser, {"id: 1\ndata\n\n", "id: 2\n\n"});
  REQUIRE(events.size() == 1);  // "data" with no colon is an empty data line: dispatched
  CHECK(events[0].data.empty());
  CHECK(parser.last_event_id() == "2");
}

TEST_CASE("an oversized event is reported", "[sse]") {
  EventParser parser(16);
  bool ok = parser.feed("data: 0123456789abcdefghij", [](Event&&) {});
  CHECK_FALSE(ok);
}
