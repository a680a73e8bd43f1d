#include "core/rest/jq_filter.hpp"

#include <catch2/catch.hpp>

#include "tests/unit/run_async.hpp"

using mcpgw::awaitable;
using mcpgw::rest::jq_problem;
using mcpgw::rest::JqOutput;
using mcpgw::rest::JqRunner;
using mcpgw::test::run_async;
using nlohmann::json;

namespace {

awaitable<JqOutput> run(JqRunner& runner, std::string program, json input) {
  JqOutput out = co_await runner.run(std::move(program), std::move(input));
  co_return out;
}

}  // namespace

TEST_CASE("jq programs behave as the jq tool: one output as is, several as an array, none as null", "[rest][jq]") {
  JqRunner runner;
  const json users = json::parse(R"([{"name":"Ann","age":30},{"name":"Bob","age":20}])");
  CHECK(run_async(run(runner, ".[0].name", users)).value == "Ann");
  CHECK(run_async(run(runner, ".[].name", users)).value == json::array({"Ann", "Bob"}));
  CHECK(run_async(run(runner, "map(select(.age > 25)) | length", users)).value == 1);
  CHECK(run_async(run(runner, "empty", users)).value.is_null());
  JqOutput failed = run_async(run(runner, "error(\"no\")", users));
  CHECK(failed.error == "no");
  CHECK(run_async(run(runner, ".[0].name | ascii_downcase", users)).value == "ann");  // cached program, new input
}

TEST_CASE("jq programs cannot read the environment, more input, or modules", "[rest][jq]") {
  JqRunner runner;
  CHECK(run_async(run(runner, "$ENV", json::object())).value == json::object());
  CHECK(run_async(run(runner, "env", json::object())).error == "env is not available here");
  CHECK(run_async(run(runner, "[inputs]", json::object())).error == "inputs is not available here");
  CHECK(run_async(run(runner, "input", json::object())).error == "input is not available here");
  CHECK(run_async(run(runner, ".a | debug", json{{"a", 1}})).value == 1);
  CHECK_FALSE(jq_problem("import \"x\" as x; .").empty());
  CHECK_FALSE(jq_problem("include \"x\"; .").empty());
}

TEST_CASE("a program that does not compile is refused with jq's message", "[rest][jq]") {
  CHECK(jq_problem(".a | map(.b)").empty());
  const std::string problem = jq_problem(".[");
  CHECK_THAT(problem, Catch::Contains("syntax error"));
  CHECK_THAT(problem, Catch::Contains("line 1"));
  CHECK(problem.find("def env") == std::string::npos);  // the sandbox is not the user's text
  CHECK_THAT(jq_problem("nosuchfunction"), Catch::Contains("nosuchfunction/0 is not defined"));
}

TEST_CASE("a program that runs too long fails the call in time, and the next program runs", "[rest][jq]") {
  JqRunner runner(std::chrono::milliseconds(200));
  const auto started = std::chrono::steady_clock::now();
  // About 2 s of work (`def f: f; f` would be endless, and spin a core until the tests end).
  JqOutput stuck = run_async(run(runner, "reduce range(0; 6e6) as $i (0; . + 1)", json::object()));
  CHECK_THAT(stuck.error, Catch::Contains("did not finish within 200 ms"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  CHECK(run_async(run(runner, ".a", json{{"a", 2}})).value == 2);
}
