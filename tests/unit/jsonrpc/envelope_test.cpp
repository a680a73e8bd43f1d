#include "core/jsonrpc/envelope.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw::jsonrpc;

TEST_CASE("an envelope made from text parses it once, on first use", "[jsonrpc][envelope]") {
  Envelope message(std::string(R"({"jsonrpc":"2.0","id":1,"method":"ping"})"));
  CHECK(message.serialized());
  CHECK_FALSE(message.parsed());
  CHECK(message.json()["method"] == "ping");
  CHECK(message.parsed());
  // The text is kept as it came, not re-serialized.
  CHECK(message.text() == R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
  CHECK(&message.json() == &message.json());
}

TEST_CASE("an envelope made from a value serializes it once, on first use", "[jsonrpc][envelope]") {
  Envelope message(Json{{"jsonrpc", "2.0"}, {"id", 2}, {"result", Json::object()}});
  CHECK(message.parsed());
  CHECK_FALSE(message.serialized());
  CHECK(message.text() == R"({"id":2,"jsonrpc":"2.0","result":{}})");
  CHECK(message.serialized());
  CHECK(message == R"({"id":2,"jsonrpc":"2.0","result":{}})");
}

TEST_CASE("editing an envelope drops its text, which follows the edit", "[jsonrpc][envelope]") {
  Envelope message(std::string(R"({"jsonrpc":"2.0","id":"a","result":{}})"));
  message.edit()["id"] = 7;
  CHECK_FALSE(message.serialized());
  CHECK(Json::parse(message.text())["id"] == 7);
}

TEST_CASE("an envelope of text that is not JSON says why", "[jsonrpc][envelope]") {
  Envelope message(std::string("{not json"));
  CHECK(message.json().is_discarded());
  CHECK(message.fault().fault == JsonFault::invalid);
  CHECK(message.text() == "{not json");  // passed on as it came
}

TEST_CASE("taking a form out of an envelope moves it", "[jsonrpc][envelope]") {
  Envelope both(Json{{"id", 1}}, std::string(R"({"id":1})"));
  CHECK(both.parsed());
  CHECK(both.serialized());
  std::string text = std::move(both).take_text();
  CHECK(text == R"({"id":1})");

  Envelope parsed(std::string(R"({"id":3})"));
  Json value = std::move(parsed).take_json();
  CHECK(value["id"] == 3);
}
