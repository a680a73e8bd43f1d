// EraProbingChannel: a legacy client's first session finds the stdio server's era from the
// answers to server/discover and to the client's own initialize, sent one behind the other.
#include "core/session/era_probing_channel.hpp"

#include <catch2/catch.hpp>

#include "core/protocol/revision.hpp"
#include "tests/unit/run_async.hpp"
#include "tests/unit/session/fake_channel.hpp"

using namespace mcpgw;
using namespace std::chrono_literals;
using jsonrpc::Json;
using session::EraProbingChannel;
using session::SharedSession;
using test::ScriptedChannel;

namespace {

const Json kInitialize = jsonrpc::make_request(
    1, "initialize",
    {{"protocolVersion", "2025-06-18"}, {"capabilities", {{"elicitation", Json::object()}}}, {"clientInfo", {{"name", "c"}, {"version", "1"}}}});

Json probe_discover_result() {
  return {{"supportedVersions", {"2026-07-28"}}, {"capabilities", {{"tools", Json::object()}}},
          {"serverInfo", {{"name", "modern-only"}, {"version", "1"}}}};
}

/// A server that speaks 2026-07-28 only: discover answered, initialize refused.
Json modern_only_answer(const Json& m) {
  if (!m.contains("id")) return nullptr;
  if (jsonrpc::method_of(m) == "server/discover") return jsonrpc::make_result(m["id"], probe_discover_result());
  if (jsonrpc::method_of(m) == "initialize") return jsonrpc::make_error(m["id"], -32601, "Method not found");
  return jsonrpc::make_result(m["id"], {{"content", Json::array()}, {"seen", m["params"]}});
}

/// A legacy server: initialize answered, anything before it refused.
Json legacy_answer(const Json& m) {
  if (!m.contains("id")) return nullptr;
  if (jsonrpc::method_of(m) == "initialize")
    return jsonrpc::make_result(m["id"], {{"protocolVersion", "2025-06-18"}, {"capabilities", Json::object()},
                                          {"serverInfo", {{"name", "legacy"}, {"version", "1"}}}});
  return jsonrpc::make_error(m["id"], -32601, "Method not found");
}

struct ProbeRig {
  std::vector<std::shared_ptr<ScriptedChannel>> spawned;
  std::shared_ptr<SharedSession> shared;
  std::shared_ptr<EraProbingChannel> channel;
  std::optional<bool> verdict;

  ProbeRig(std::vector<ScriptedChannel::Respond> scripts, const asio::any_io_executor& ex) {
    auto spawn = [this, scripts]() -> boost::system::result<std::shared_ptr<transport::Channel>> {
      auto c = std::make_shared<ScriptedChannel>(scripts.at(std::min(spawned.size(), scripts.size() - 1)));
      spawned.push_back(c);
      return std::shared_ptr<transport::Channel>(c);
    };
    shared = std::make_shared<SharedSession>(spawn, Json{{"sampling", Json::object()}}, Json{{"name", "mcpgw"}, {"version", "t"}});
    shared->set_detect_modern(true, 100ms);
    channel = std::make_shared<EraProbingChannel>(ex, spawn, shared, 1s, [this](bool modern) { verdict = modern; });
  }
};

awaitable<Json> next_message(transport::Channel& channel) {
  auto [ec, raw] = co_await channel.receive();
  REQUIRE_FALSE(ec);
  co_return Json::parse(raw.text());
}

}  // namespace

TEST_CASE("a legacy server keeps the session's own child; its answer to the probe is dropped", "[session][era]") {
  test::run_async([]() -> awaitable<void> {
    auto ex = co_await asio::this_coro::executor;
    ProbeRig rig({legacy_answer}, ex);
    REQUIRE_FALSE(rig.channel->start());
    REQUIRE_FALSE(rig.channel->send(kInitialize.dump()));
    Json first = co_await next_message(*rig.channel);
    CHECK(first["id"] == 1);
    CHECK(first["result"]["serverInfo"]["name"] == "legacy");
    CHECK(rig.verdict == std::optional<bool>(false));
    REQUIRE(rig.spawned.size() == 1);
    CHECK(rig.spawned[0]->methods == std::vector<std::string>{"server/discover", "initialize"});
    // Later messages go straight to the child.
    rig.channel->send(jsonrpc::make_request(2, "tools/list", Json::object()).dump());
    Json second = co_await next_message(*rig.channel);
    CHECK(second["id"] == 2);
    CHECK(rig.spawned[0]->methods.back() == "tools/list");
    co_await rig.channel->close();
  }());
}

TEST_CASE("a 2026-07-28-only server: the session is served through the shared upstream with the client's _meta",
          "[session][era]") {
  test::run_async([]() -> awaitable<void> {
    auto ex = co_await asio::this_coro::executor;
    ProbeRig rig({modern_only_answer}, ex);
    REQUIRE_FALSE(rig.channel->start());
    REQUIRE_FALSE(rig.channel->send(kInitialize.dump()));
    Json init = co_await next_message(*rig.channel);
    CHECK(init["id"] == 1);
    CHECK(init["result"]["protocolVersion"] == "2025-06-18");
    CHECK(init["result"]["serverInfo"]["name"] == "modern-only");
    CHECK(rig.verdict == std::optional<bool>(true));
    CHECK(rig.spawned.at(0)->closed);  // the session's own child is let go

    rig.channel->send(jsonrpc::make_request(2, "tools/call", {{"name", "t"}}).dump());
    Json answer = co_await next_message(*rig.channel);
    CHECK(answer["id"] == 2);
    const Json& meta = answer["result"]["seen"]["_meta"];
    CHECK(meta[std::string(protocol::kMetaProtocolVersion)] == "2026-07-28");
    CHECK(meta[std::string(protocol::kMetaClientCapabilities)] == Json{{"elicitation", Json::object()}});
    co_await rig.channel->close();
    co_await rig.shared->close();
  }());
}

TEST_CASE("a legacy server that dies of the probe is started again and initialized without it", "[session][era]") {
  test::run_async([]() -> awaitable<void> {
    auto ex = co_await asio::this_coro::executor;
    ProbeRig rig({[](const Json& m) -> Json { return jsonrpc::method_of(m) == "server/discover" ? Json("die") : legacy_answer(m); },
             legacy_answer},
            ex);
    REQUIRE_FALSE(rig.channel->start());
    REQUIRE_FALSE(rig.channel->send(kInitialize.dump()));
    Json first = co_await next_message(*rig.channel);
    CHECK(first["id"] == 1);
    CHECK(first["result"]["serverInfo"]["name"] == "legacy");
    REQUIRE(rig.spawned.size() == 2);
    CHECK(rig.spawned[1]->methods == std::vector<std::string>{"initialize"});
    CHECK(rig.verdict == std::optional<bool>(false));
    co_await rig.channel->close();
  }());
}
