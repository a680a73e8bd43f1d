#include "core/protocol/params_check.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw;
using jsonrpc::Json;
using protocol::params_problem;

TEST_CASE("well-formed params have no problem", "[protocol][params]") {
  CHECK(params_problem("tools/call", {{"name", "echo"}, {"arguments", {{"a", 1}}}}).empty());
  CHECK(params_problem("tools/call", {{"name", "echo"}}).empty());
  CHECK(params_problem("prompts/get", {{"name", "p"}, {"arguments", nullptr}}).empty());
  CHECK(params_problem("resources/read", {{"uri", "file:///a"}}).empty());
  CHECK(params_problem("completion/complete", {{"ref", {{"type", "ref/prompt"}, {"name", "p"}}},
                                               {"argument", {{"name", "a"}, {"value", ""}}}})
            .empty());
  CHECK(params_problem("completion/complete", {{"ref", {{"type", "ref/resource"}, {"uri", "x://{id}"}}},
                                               {"argument", {{"name", "id"}, {"value", "1"}}}})
            .empty());
  CHECK(params_problem("logging/setLevel", {{"level", "info"}}).empty());
  CHECK(params_problem("subscriptions/listen", {{"notifications", Json::object()}}).empty());
  SECTION("methods it does not read pass whatever their params") {
    CHECK(params_problem("ping", Json()).empty());
    CHECK(params_problem("tools/list", Json::array()).empty());
    CHECK(params_problem("no/such", {{"x", 1}}).empty());
  }
}

TEST_CASE("malformed params are named", "[protocol][params]") {
  CHECK(params_problem("completion/complete", {{"ref", 5}}) == "completion/complete needs \"ref\" (an object)");
  CHECK_FALSE(params_problem("completion/complete", {{"ref", {{"type", 5}}}}).empty());
  CHECK_FALSE(params_problem("completion/complete", {{"ref", {{"type", "ref/prompt"}}}}).empty());
  CHECK_FALSE(params_problem("completion/complete", {{"ref", {{"type", "ref/resource"}, {"uri", 1}}}}).empty());
  CHECK_FALSE(params_problem("completion/complete", {{"ref", {{"type", "ref/other"}}}}).empty());
  CHECK_FALSE(params_problem("completion/complete",
                             {{"ref", {{"type", "ref/prompt"}, {"name", "p"}}}, {"argument", "a"}})
                  .empty());
  CHECK_FALSE(params_problem("completion/complete",
                             {{"ref", {{"type", "ref/prompt"}, {"name", "p"}}}, {"argument", {{"name", 1}}}})
                  .empty());
  CHECK(params_problem("tools/call", Json()) == "tools/call needs \"name\" (a string)");
  CHECK(params_problem("tools/call", Json::array({1})) == "tools/call: params must be an object");
  CHECK_FALSE(params_problem("tools/call", {{"name", "x"}, {"arguments", "y"}}).empty());
  CHECK_FALSE(params_problem("prompts/get", {{"name", 3}}).empty());
  CHECK_FALSE(params_problem("resources/read", Json::object()).empty());
  CHECK_FALSE(params_problem("resources/subscribe", {{"uri", nullptr}}).empty());
  CHECK_FALSE(params_problem("logging/setLevel", {{"level", 1}}).empty());
  CHECK_FALSE(params_problem("subscriptions/listen", {{"notifications", 5}}).empty());
}
