#include "core/jsonrpc/json_reader.hpp"

#include <catch2/catch.hpp>

#include "core/jsonrpc/message.hpp"

using namespace mcpgw::jsonrpc;

namespace {

/// `levels` nested arrays around `inner`, as text.
std::string nested(std::size_t levels, const std::string& inner = "1", char open = '[') {
  std::string out;
  for (std::size_t i = 0; i < levels; ++i) out += open == '[' ? "[" : "{\"k\":";
  out += inner;
  out += std::string(levels, open == '[' ? ']' : '}');
  return out;
}

}  // namespace

TEST_CASE("JSON up to the nesting limit is read whole", "[jsonrpc]") {
  JsonError error;
  Json value = read_json(nested(kMaxJsonDepth), &error);
  REQUIRE_FALSE(value.is_discarded());
  CHECK(error.fault == JsonFault::none);
  CHECK(value.dump().size() == 2 * kMaxJsonDepth + 1);
  CHECK(read_json(nested(kMaxJsonDepth, "1", '{')).is_object());
}

TEST_CASE("JSON nested past the limit is refused, whatever its depth", "[jsonrpc]") {
  for (std::size_t levels : {kMaxJsonDepth + 1, std::size_t{70000}}) {
    JsonError error;
    SECTION("arrays " + std::to_string(levels)) {
      CHECK(read_json(nested(levels), &error).is_discarded());
      CHECK(error.fault == JsonFault::too_deep);
    }
    SECTION("objects " + std::to_string(levels)) {
      CHECK(read_json(nested(levels, "1", '{'), &error).is_discarded());
      CHECK(error.fault == JsonFault::too_deep);
    }
    SECTION("unterminated " + std::to_string(levels)) {
      CHECK(read_json(std::string(levels, '['), &error).is_discarded());
      CHECK(error.fault == JsonFault::too_deep);
    }
  }
  JsonError error;
  read_json(nested(kMaxJsonDepth + 1), &error);
  CHECK(error.describe() == "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
}

TEST_CASE("brackets inside strings do not count as nesting", "[jsonrpc]") {
  Json value = read_json("{\"s\":\"" + std::string(100000, '[') + "\"}");
  REQUIRE(value.is_object());
  CHECK(value["s"].get<std::string>().size() == 100000);
}

TEST_CASE("invalid JSON and trailing text are refused as invalid", "[jsonrpc]") {
  JsonError error;
  CHECK(read_json("{\"a\":", &error).is_discarded());
  CHECK(error.fault == JsonFault::invalid);
  CHECK(read_json("{} x", &error).is_discarded());
  CHECK(error.fault == JsonFault::invalid);
  CHECK(read_json("", &error).is_discarded());
  CHECK(error.describe() == "invalid JSON");
}

TEST_CASE("repeated members are refused only when asked", "[jsonrpc]") {
  const std::string text = R"({"a":{"b":1,"c":2},"d":[{"b":1}],"b":2,"b":3})";
  CHECK(read_json(text)["b"] == 3);
  JsonError error;
  CHECK(read_json(text, &error, /*reject_duplicate_keys=*/true).is_discarded());
  CHECK(error.fault == JsonFault::duplicate_key);
  CHECK(error.key == "b");
  // The same name in sibling objects is not a repeat.
  CHECK(read_json(R"({"a":{"b":1},"c":{"b":1}})", nullptr, true).is_object());
}

TEST_CASE("a message nested too deep gets a parse error, not a crash", "[jsonrpc]") {
  Json error_response;
  std::string body = R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"x":)" + nested(70000) + "}}";
  CHECK_FALSE(parse(body, error_response));
  CHECK(error_response["error"]["code"] == code::parse_error);
  CHECK(error_response["error"]["message"].get<std::string>().find("deeper than") != std::string::npos);
  SECTION("a batch whose element is too deep") {
    CHECK_FALSE(parse("[" + std::string(R"({"jsonrpc":"2.0","id":1,"method":"x","params":)") + nested(300) + "}]",
                      error_response));
    CHECK(error_response["error"]["code"] == code::parse_error);
  }
}
