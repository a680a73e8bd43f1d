#include "core/transport/sse/event.hpp"

#include <catch2/catch.hpp>

using mcpgw::transport::sse::format_event;

TEST_CASE("an event is framed with its id and event lines before the data", "[sse]") {
  CHECK(format_event("message", R"({"id":1})", "7") ==
        "id: 7\nevent: message\ndata: {\"id\":1}\n\n");
}

TEST_CASE("empty id and event are left out, empty data still makes one data line", "[sse]") {
  CHECK(format_event("", "x") == "data: x\n\n");
  CHECK(format_event("endpoint", "") == "event: endpoint\ndata: \n\n");
}

TEST_CASE("multi-line data becomes one data line per line", "[sse]") {
  CHECK(format_event("message", "a\nb\n\nc") ==
        "event: message\ndata: a\ndata: b\ndata: \ndata: c\n\n");
  CHECK(format_event("", "end\n") == "data: end\ndata: \n\n");
}

TEST_CASE("a carriage return in data cannot end a line early", "[sse]") {
  // SSE lines end at CRLF, LF or CR, so a raw CR left inside a data line would split it.
  CHECK(format_event("", "a\r\nb\rc") == "data: a\ndata: b\ndata: c\n\n");
}

TEST_CASE("a priming event has an id, a retry and empty data", "[sse]") {
  CHECK(mcpgw::transport::sse::format_priming("4-9", 1000) == "id: 4-9\nretry: 1000\ndata: \n\n");
}
