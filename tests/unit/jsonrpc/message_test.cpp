#include "core/jsonrpc/message.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw::jsonrpc;

TEST_CASE("requests, notifications and responses are told apart", "[jsonrpc]") {
  CHECK(classify(Json::parse(R"({"jsonrpc":"2.0","id":1,"method":"ping"})")) == Kind::request);
  CHECK(classify(Json::parse(R"({"jsonrpc":"2.0","id":"a","method":"x","params":{}})")) ==
        Kind::request);
  CHECK(classify(Json::parse(R"({"jsonrpc":"2.0","method":"notifications/initialized"})")) ==
        Kind::notification);
  CHECK(classify(Json::parse(R"({"jsonrpc":"2.0","id":1,"result":{}})")) == Kind::response);
  CHECK(classify(Json::parse(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}})")) ==
        Kind::response);
}

TEST_CASE("malformed messages are invalid with a reason", "[jsonrpc]") {
  std::string why;
  SECTION("wrong version") {
    CHECK(classify(Json::parse(R"({"jsonrpc":"1.0","id":1,"method":"x"})"), &why) == Kind::invalid);
    CHECK(why.find("2.0") != std::string::npos);
  }
  SECTION("float id") {
    CHECK(classify(Json::parse(R"({"jsonrpc":"2.0","id":1.5,"method":"x"})"), &why) ==
          Kind::invalid);
  }
  SECTION("null id on a request") {
    CHECK(classify(Json::parse(R"({"jsonrpc":"2.0","id":null,"method":"x"})"), &why) ==
          Kind::invalid);
  }
  SECTION("params that are a string") {
    CHECK(classify(Json::parse(R"({"jsonrpc":"2.0","id":1,"method":"x","params":"p"})"), &why) ==
          Kind::invalid);
    CHECK(why.find("params") != std::string::npos);
  }
  SECTION("both result and error") {
    CHECK(classify(Json::parse(R"({"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":""}})"),
                   &why) == Kind::invalid);
  }
  SECTION("not an object") { CHECK(classify(Json::parse("42"), &why) == Kind::invalid); }
}

TEST_CASE("parse answers bad text with the standard error codes", "[jsonrpc]") {
  Json error;
  SECTION("invalid JSON is -32700 with a null id") {
    CHECK_FALSE(parse("{not json", error));
    CHECK(error["error"]["code"] == code::parse_error);
    CHECK(error["id"].is_null());
  }
  SECTION("valid JSON that is not JSON-RPC is -32600 and keeps the id") {
    CHECK_FALSE(parse(R"({"jsonrpc":"2.0","id":7,"method":3})", error));
    CHECK(error["error"]["code"] == code::invalid_request);
    CHECK(error["id"] == 7);
  }
  SECTION("a good request parses") {
    auto m = parse(R"({"jsonrpc":"2.0","id":"x","method":"tools/list"})", error);
    REQUIRE(m);
    CHECK(method_of(*m) == "tools/list");
  }
}

TEST_CASE("id keys keep the id's type", "[jsonrpc]") {
  CHECK(id_key(Json(1)) != id_key(Json("1")));
  CHECK(id_key(Json(1)) == id_key(Json::parse("1")));
}

TEST_CASE("member_or reads a peer's fields of any shape without throwing", "[jsonrpc]") {
  using mcpgw::jsonrpc::member_or;
  auto error = Json::parse(R"({"code":"-32000","message":5,"isError":"yes","ok":true,"n":3})");
  CHECK(member_or(error, "code", 0) == 0);                      // a string where a number belongs
  CHECK(member_or(error, "message", std::string("none")) == "none");
  CHECK(member_or(error, "isError", false) == false);
  CHECK(member_or(error, "ok", false) == true);
  CHECK(member_or(error, "n", 0) == 3);
  CHECK(member_or(error, "missing", "x") == "x");
  CHECK(member_or(Json::array({1, 2}), "code", 7) == 7);        // not an object at all
  CHECK(member_or(Json(), "code", 7) == 7);
}
