#include "core/protocol/era_mapping.hpp"

#include <catch2/catch.hpp>

#include "core/protocol/modern.hpp"

using namespace mcpgw::protocol;
using mcpgw::jsonrpc::Json;

namespace {

Json legacy_initialize() {
  return Json::parse(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",
    "capabilities":{"sampling":{},"elicitation":{}},"clientInfo":{"name":"desk","version":"1.2"}}})");
}

std::string header(const HeaderList& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return "<absent>";
}

}  // namespace

TEST_CASE("a legacy initialize gives the context of every modern request", "[protocol][era]") {
  auto context = context_from_initialize(legacy_initialize());
  CHECK(context.version == "2026-07-28");
  CHECK(context.capabilities == Json::parse(R"({"sampling":{},"elicitation":{}})"));
  CHECK(context.client_info["name"] == "desk");
}

TEST_CASE("the discover probe carries the modern _meta and its headers", "[protocol][era]") {
  auto context = context_from_initialize(legacy_initialize());
  Json probe = make_discover_request("probe-1", context);
  CHECK(probe["method"] == "server/discover");
  CHECK(meta_protocol_version(probe) == "2026-07-28");
  CHECK(meta_client_capabilities(probe).contains("sampling"));
  CHECK(probe["params"]["_meta"][std::string(kMetaClientInfo)]["version"] == "1.2");
}

TEST_CASE("era detection reads the reply to server/discover", "[protocol][era]") {
  SECTION("a DiscoverResult is modern") {
    auto r = classify_discover_reply(Json::parse(
        R"({"jsonrpc":"2.0","id":1,"result":{"resultType":"complete","supportedVersions":["2026-07-28"],"capabilities":{}}})"));
    CHECK(r.era == Era::modern);
    CHECK(r.version == "2026-07-28");
  }
  SECTION("-32022 listing a modern revision we speak is modern") {
    auto r = classify_discover_reply(Json::parse(
        R"({"jsonrpc":"2.0","id":1,"error":{"code":-32022,"message":"no","data":{"supported":["2026-07-28","2099-01-01"],"requested":"x"}}})"));
    CHECK(r.era == Era::modern);
    CHECK(r.version == "2026-07-28");
  }
  SECTION("-32022 listing only revisions we do not speak is legacy") {
    auto r = classify_discover_reply(Json::parse(
        R"({"jsonrpc":"2.0","id":1,"error":{"code":-32022,"message":"no","data":{"supported":["2099-01-01"]}}})"));
    CHECK(r.era == Era::legacy);
  }
  SECTION("any other error, or no JSON-RPC body at all, is legacy") {
    CHECK(classify_discover_reply(Json::parse(
              R"({"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}})"))
              .era == Era::legacy);
    CHECK(classify_discover_reply(Json::parse(
              R"({"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Bad Request: Server not initialized"}})"))
              .era == Era::legacy);
    CHECK(classify_discover_reply(Json()).era == Era::legacy);
  }
  SECTION("a result without a modern revision is legacy") {
    CHECK(classify_discover_reply(Json::parse(R"({"jsonrpc":"2.0","id":1,"result":{"supportedVersions":["2025-06-18"]}})"))
              .era == Era::legacy);
  }
}

TEST_CASE("a modern request gets _meta and the required headers", "[protocol][era]") {
  auto context = context_from_initialize(legacy_initialize());
  context.log_level = "warning";
  Json call = Json::parse(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{},"_meta":{"progressToken":3}}})");
  auto headers = shape_modern_request(call, context);
  CHECK(header(headers, "MCP-Protocol-Version") == "2026-07-28");
  CHECK(header(headers, "Mcp-Method") == "tools/call");
  CHECK(header(headers, "Mcp-Name") == "echo");
  const auto& meta = call["params"]["_meta"];
  CHECK(meta["progressToken"] == 3);
  CHECK(meta[std::string(kMetaLogLevel)] == "warning");
  CHECK(meta[std::string(kMetaClientCapabilities)].contains("elicitation"));

  SECTION("a non-ASCII name travels in the base64 sentinel form") {
    Json read = Json::parse(R"({"jsonrpc":"2.0","id":8,"method":"resources/read","params":{"uri":"file:///tmp/café"}})");
    auto h = shape_modern_request(read, context);
    CHECK(header(h, "Mcp-Name") == "=?base64?ZmlsZTovLy90bXAvY2Fmw6k=?=");
    CHECK(decode_header_value(header(h, "Mcp-Name")) == "file:///tmp/café");
  }
  SECTION("methods without a name get no Mcp-Name") {
    Json list = Json::parse(R"({"jsonrpc":"2.0","id":9,"method":"tools/list"})");
    CHECK(header(shape_modern_request(list, context), "Mcp-Name") == "<absent>");
    CHECK(list["params"]["_meta"].contains(kMetaProtocolVersion));
  }
  SECTION("_meta a modern client set itself is kept") {
    Json own = Json::parse(R"({"jsonrpc":"2.0","id":10,"method":"tools/list","params":{"_meta":{
      "io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"roots":{}}}}})");
    shape_modern_request(own, context);
    CHECK(meta_client_capabilities(own) == Json::parse(R"({"roots":{}})"));
  }
}

TEST_CASE("header values outside plain visible ASCII are base64 encoded", "[protocol][era]") {
  CHECK(encode_header_value("us-west1") == "us-west1");
  CHECK(encode_header_value("Hello, 世界") == "=?base64?SGVsbG8sIOS4lueVjA==?=");
  CHECK(encode_header_value(" padded ") == "=?base64?IHBhZGRlZCA=?=");
  CHECK(encode_header_value("line1\nline2") == "=?base64?bGluZTEKbGluZTI=?=");
  CHECK(encode_header_value("=?base64?literal?=") == "=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=");
  for (auto text : {"Hello, 世界", " padded ", "=?base64?literal?="})
    CHECK(decode_header_value(encode_header_value(text)) == text);
}

TEST_CASE("a legacy client's initialize is answered from the DiscoverResult", "[protocol][era]") {
  Json discover = Json::parse(R"({"resultType":"complete","supportedVersions":["2026-07-28"],
    "capabilities":{"tools":{"listChanged":true}},"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"S","version":"9"}},
    "instructions":"be nice","ttlMs":0,"cacheScope":"public"})");
  SECTION("a legacy revision we speak is kept") {
    Json r = initialize_result_from_discover(discover, "2025-06-18");
    CHECK(r["protocolVersion"] == "2025-06-18");
    CHECK(r["capabilities"]["tools"]["listChanged"] == true);
    CHECK(r["serverInfo"]["name"] == "S");
    CHECK(r["instructions"] == "be nice");
    CHECK_FALSE(r.contains("ttlMs"));
  }
  SECTION("an unknown revision gets our latest legacy one") {
    CHECK(initialize_result_from_discover(discover, "1999-01-01")["protocolVersion"] == "2025-11-25");
  }
}

TEST_CASE("an input_required retry has a new id, the responses and the state as it came", "[protocol][era]") {
  Json original = Json::parse(R"({"jsonrpc":"2.0","id":41,"method":"tools/call","params":{"name":"t","arguments":{"a":1}}})");
  Json result = Json::parse(R"({"resultType":"input_required","inputRequests":{"k":{"method":"elicitation/create","params":{}}},
    "requestState":"eyJ4Ijoi8J+YgCJ9.c2ln+/="})");
  REQUIRE(is_input_required(result));
  CHECK_FALSE(is_input_required(Json::parse(R"({"resultType":"complete"})")));
  CHECK_FALSE(is_input_required(Json::parse(R"({"content":[]})")));

  Json retry = original;
  prepare_input_retry(retry, 42, Json{{"k", {{"action", "accept"}}}}, result);
  CHECK(retry["id"] == 42);
  CHECK(retry["params"]["arguments"]["a"] == 1);
  CHECK(retry["params"]["inputResponses"]["k"]["action"] == "accept");
  CHECK(retry["params"]["requestState"].get<std::string>() == "eyJ4Ijoi8J+YgCJ9.c2ln+/=");

  SECTION("no state in the result means none in the retry") {
    Json again = retry;
    prepare_input_retry(again, 43, Json::object(), Json::parse(R"({"resultType":"input_required","inputRequests":{}})"));
    CHECK_FALSE(again["params"].contains("requestState"));
    CHECK_FALSE(again["params"].contains("inputResponses"));
  }
}

TEST_CASE("input requests name the capability they need", "[protocol][era]") {
  CHECK(capability_for_input("sampling/createMessage") == "sampling");
  CHECK(capability_for_input("elicitation/create") == "elicitation");
  CHECK(capability_for_input("roots/list") == "roots");
  CHECK(capability_for_input("tools/call").empty());
}

TEST_CASE("replies and requests of any shape are read without throwing", "[protocol][era]") {
  // The far side's values: a code that is a string, results that are no objects.
  CHECK(classify_discover_reply(Json::parse(R"({"jsonrpc":"2.0","id":1,"error":{"code":"-32000","data":{}}})")).era ==
        Era::legacy);
  CHECK(classify_discover_reply(Json::parse(R"({"jsonrpc":"2.0","id":1,"error":{"code":1.5}})")).era == Era::legacy);
  CHECK(classify_discover_reply(Json::parse(R"({"jsonrpc":"2.0","id":1,"result":[]})")).era == Era::legacy);
  Json answered = initialize_result_from_discover(Json::array(), "2025-06-18");
  CHECK(answered["capabilities"] == Json::object());
  CHECK(answered["serverInfo"]["name"] == "mcp-server");
  // A client's revision that is not a string is replaced, not dereferenced as one.
  Json request = Json::parse(R"({"jsonrpc":"2.0","id":2,"method":"tools/list",
    "params":{"_meta":{"io.modelcontextprotocol/protocolVersion":5}}})");
  ModernClientContext context;
  context.version = "2026-07-28";
  auto headers = shape_modern_request(request, context);
  CHECK(request["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"] == "2026-07-28");
  CHECK(headers.front().second == "2026-07-28");
}
