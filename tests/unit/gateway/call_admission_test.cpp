#include "core/gateway/call_admission.hpp"

#include <catch2/catch.hpp>

using mcpgw::gateway::CallAdmission;
using mcpgw::gateway::CatalogView;
using mcpgw::store::Tool;
using nlohmann::json;

namespace {

CatalogView with_tools() {
  Tool scarce{.id = "t1", .name = "scarce"};
  scarce.rate_limit = 2;
  Tool plenty{.id = "t2", .name = "plenty"};
  return CatalogView({}, {scarce, plenty}, {}, {}, {}, {}, {});
}

std::string call(int id, const std::string& name) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "tools/call"},
              {"params", {{"arguments", {{"name", "not this"}, {"deep", {{"name", "nor this"}}}}}, {"name", name}}}}
      .dump();
}

}  // namespace

TEST_CASE("a body's calls are counted per user and per tool; other messages are not", "[gateway][admission]") {
  CallAdmission admission({true, 3, 100});
  const CatalogView view = with_tools();
  json parsed;
  CHECK(admission.admit_body("ann", call(1, "scarce"), view, "", parsed).allowed);
  auto second = admission.admit_body("ann", call(2, "scarce"), view, "", parsed);
  CHECK(second.allowed);
  CHECK(second.scope == "tool");  // the tool's own limit (2) is the one closest to refusing
  CHECK(second.limit.remaining == 0);
  auto third = admission.admit_body("bob", call(3, "scarce"), view, "", parsed);
  CHECK_FALSE(third.allowed);
  CHECK(third.scope == "tool");
  CHECK(third.limit.retry_after_seconds == 30);
  // Not calls, or not requests, or not JSON: never counted, never refused.
  for (const char* body : {R"({"jsonrpc":"2.0","id":9,"method":"tools/list"})",
                           R"({"jsonrpc":"2.0","method":"tools/call","params":{"name":"plenty"}})", "{not json",
                           R"({"jsonrpc":"2.0","id":9,"result":{}})"}) {
    auto d = admission.admit_body("ann", body, view, "", parsed);
    CHECK(d.allowed);
    CHECK_FALSE(d.limited);
  }
  CHECK(admission.admit_body("ann", call(4, "plenty"), view, "", parsed).allowed);  // ann's third call
  auto over = admission.admit_body("ann", call(5, "plenty"), view, "", parsed);
  CHECK_FALSE(over.allowed);
  CHECK(over.scope == "user");
  json error = CallAdmission::error(5, over);
  CHECK(error["error"]["code"] == -32005);
  CHECK(error["error"]["data"]["retryAfterSeconds"] == 20);
}

TEST_CASE("a batch is refused as soon as one of its calls is", "[gateway][admission]") {
  CallAdmission admission({true, 0, 100});
  const CatalogView view = with_tools();
  json parsed;
  const std::string batch = "[" + call(1, "scarce") + "," + call(2, "scarce") + "," + call(3, "scarce") + "]";
  auto d = admission.admit_body("ann", batch, view, "", parsed);
  CHECK_FALSE(d.allowed);
  REQUIRE(parsed.is_array());
  json answer = CallAdmission::refusal(parsed, d);
  REQUIRE(answer.size() == 3);
  CHECK(answer[2]["id"] == 3);
  CHECK(answer[2]["error"]["code"] == -32005);
}
