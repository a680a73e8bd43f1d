#include "core/protocol/tool_headers.hpp"

#include <map>

#include <catch2/catch.hpp>

using namespace mcpgw::protocol;
using mcpgw::jsonrpc::Json;

namespace {

Json list_with(const char* schema) {
  return Json::parse(std::string(R"({"tools":[{"name":"ok","inputSchema":{"type":"object"}},{"name":"t","inputSchema":)") +
                     schema + "}]}");
}

}  // namespace

TEST_CASE("annotated arguments become Mcp-Param headers", "[tool_headers]") {
  ToolHeaders headers;
  Json list = list_with(R"({"type":"object","properties":{
      "region":{"type":"string","x-mcp-header":"Region"},
      "opts":{"type":"object","properties":{"dry":{"type":"boolean","x-mcp-header":"Dry"},"n":{"type":"integer","x-mcp-header":"N"}}},
      "query":{"type":"string"}}})");
  CHECK(headers.learn(list).empty());
  CHECK(list["tools"].size() == 2);

  auto list_of_headers = headers.headers_for(Json::parse(
      R"({"name":"t","arguments":{"region":"eu-west 1 ","opts":{"dry":false,"n":-7},"query":"q"}})"));
  std::map<std::string, std::string> h(list_of_headers.begin(), list_of_headers.end());
  REQUIRE(h.size() == 3);
  CHECK(h["Mcp-Param-Region"] == "=?base64?ZXUtd2VzdCAxIA==?=");
  CHECK(h["Mcp-Param-Dry"] == "false");
  CHECK(h["Mcp-Param-N"] == "-7");

  SECTION("absent or null values are left out") {
    CHECK(headers.headers_for(Json::parse(R"({"name":"t","arguments":{"region":null}})")).empty());
  }
  SECTION("tools never listed get no headers") {
    CHECK(headers.headers_for(Json::parse(R"({"name":"other","arguments":{"region":"x"}})")).empty());
  }
}

TEST_CASE("tools with invalid annotations are left out of the list", "[tool_headers]") {
  const char* bad[] = {
      R"({"type":"object","properties":{"a":{"type":"number","x-mcp-header":"A"}}})",
      R"({"type":"object","properties":{"a":{"type":"string","x-mcp-header":""}}})",
      R"({"type":"object","properties":{"a":{"type":"string","x-mcp-header":"Bad Name"}}})",
      R"({"type":"object","properties":{"a":{"type":"string","x-mcp-header":"X"},"b":{"type":"string","x-mcp-header":"x"}}})",
      R"({"type":"object","properties":{"a":{"type":"array","items":{"type":"string","x-mcp-header":"A"}}}})",
      R"({"type":"object","properties":{"a":{"anyOf":[{"type":"string","x-mcp-header":"A"}]}}})",
      R"({"type":"string","x-mcp-header":"Root"})",
  };
  for (const char* schema : bad) {
    ToolHeaders headers;
    Json list = list_with(schema);
    auto rejected = headers.learn(list);
    INFO(schema);
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].tool == "t");
    CHECK_FALSE(rejected[0].reason.empty());
    REQUIRE(list["tools"].size() == 1);
    CHECK(list["tools"][0]["name"] == "ok");
  }
}

TEST_CASE("a default value that looks like an annotation is no annotation", "[tool_headers]") {
  ToolHeaders headers;
  Json list = list_with(R"({"type":"object","properties":{"a":{"type":"object","default":{"x-mcp-header":"no"}}}})");
  CHECK(headers.learn(list).empty());
  CHECK(list["tools"].size() == 2);
}

TEST_CASE("a server checks Mcp-Param headers against the arguments (SEP-2243)", "[tool_headers]") {
  ToolHeaders headers;
  Json list = list_with(R"({"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"},
                           "n":{"type":"integer","x-mcp-header":"N"}}})");
  headers.learn(list);
  CHECK(headers.knows("t"));
  CHECK(headers.knows("ok"));
  CHECK_FALSE(headers.knows("never-listed"));
  std::map<std::string, std::string> sent;
  auto lookup = [&sent](std::string_view name) -> std::string_view {
    auto it = sent.find(std::string(name));
    return it == sent.end() ? std::string_view() : std::string_view(it->second);
  };
  Json call = {{"name", "t"}, {"arguments", {{"region", "Hello"}, {"n", 7}}}};

  sent = {{"Mcp-Param-Region", "Hello"}, {"Mcp-Param-N", "7"}};
  CHECK_FALSE(headers.mismatch(call, lookup));
  sent["Mcp-Param-Region"] = "=?base64?SGVsbG8=?=";
  CHECK_FALSE(headers.mismatch(call, lookup));

  for (const char* bad : {"=?base64?SGVsbG8?=", "=?base64?SGVs!!!bG8=?=", "=?base64?SGVsbG8===?=", "Goodbye"}) {
    sent["Mcp-Param-Region"] = bad;
    auto problem = headers.mismatch(call, lookup);
    REQUIRE(problem);
    CHECK_THAT(*problem, Catch::Contains("Mcp-Param-Region"));
  }
  // A value without the sentinel's prefix and suffix is taken literally, Base64-looking or not.
  call["arguments"]["region"] = "SGVsbG8=";
  sent["Mcp-Param-Region"] = "SGVsbG8=";
  CHECK_FALSE(headers.mismatch(call, lookup));

  sent.erase("Mcp-Param-Region");
  CHECK(headers.mismatch(call, lookup));         // the value is there, the header is not
  call["arguments"].erase("region");
  CHECK_FALSE(headers.mismatch(call, lookup));   // neither is there
  sent["Mcp-Param-Region"] = "Hello";
  CHECK(headers.mismatch(call, lookup));         // a header with nothing to mirror
  CHECK_FALSE(headers.mismatch({{"name", "ok"}, {"arguments", Json::object()}}, lookup));
}
