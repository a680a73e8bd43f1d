// SharedSession's era detection (2026-07-28 versioning over stdio): server/discover first, then
// initialize only for a legacy upstream.
#include "core/session/shared_session.hpp"

#include <functional>

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/protocol/revision.hpp"
#include "tests/unit/run_async.hpp"
#include "tests/unit/session/fake_channel.hpp"

using namespace mcpgw;
using namespace std::chrono_literals;
using jsonrpc::Json;
using session::SharedSession;

namespace {

using test::ScriptedChannel;

Json discover_result() {
  return {{"supportedVersions", {"2026-07-28"}}, {"capabilities", {{"tools", Json::object()}}},
          {"serverInfo", {{"name", "modern"}, {"version", "1"}}}};
}

Json initialize_result() {
  return {{"protocolVersion", "2025-11-25"}, {"capabilities", Json::object()}, {"serverInfo", {{"name", "legacy"}, {"version", "1"}}}};
}

/// A legacy server: initialize answered, anything else before it refused with -32601.
Json legacy(const Json& m) {
  if (!m.contains("id")) return nullptr;
  if (jsonrpc::method_of(m) == "initialize") return jsonrpc::make_result(m["id"], initialize_result());
  return jsonrpc::make_error(m["id"], jsonrpc::code::method_not_found, "Method not found");
}

struct Rig {
  std::vector<std::shared_ptr<ScriptedChannel>> spawned;
  std::shared_ptr<SharedSession> upstream;

  explicit Rig(std::vector<ScriptedChannel::Respond> scripts, bool detect = true) {
    upstream = std::make_shared<SharedSession>(
        [this, scripts = std::move(scripts)]() -> boost::system::result<std::shared_ptr<transport::Channel>> {
          auto channel = std::make_shared<ScriptedChannel>(scripts.at(std::min(spawned.size(), scripts.size() - 1)));
          spawned.push_back(channel);
          return std::shared_ptr<transport::Channel>(channel);
        },
        Json{{"sampling", Json::object()}}, Json{{"name", "mcpgw"}, {"version", "test"}});
    upstream->set_detect_modern(detect, 100ms);
  }
};

}  // namespace

TEST_CASE("an upstream that answers server/discover is spoken to as 2026-07-28", "[session][shared][era]") {
  test::run_async([]() -> awaitable<void> {
    Rig rig({[](const Json& m) -> Json {
      if (jsonrpc::method_of(m) == "server/discover") return jsonrpc::make_result(m["id"], discover_result());
      if (jsonrpc::method_of(m) == "tools/call")
        return jsonrpc::make_result(m["id"], {{"resultType", "input_required"}, {"requestState", "opaque"},
                                              {"inputRequests", {{"user_name", {{"method", "elicitation/create"}}}}}});
      return nullptr;
    }});
    auto ec = co_await rig.upstream->ready();
    REQUIRE_FALSE(ec);
    CHECK(rig.upstream->modern());
    CHECK(rig.upstream->discover_result()["serverInfo"]["name"] == "modern");
    REQUIRE(rig.spawned.size() == 1);
    CHECK(rig.spawned[0]->methods == std::vector<std::string>{"server/discover"});
    Json probe = Json::parse(rig.spawned[0]->sent[0]);
    CHECK(probe["params"]["_meta"][std::string(protocol::kMetaProtocolVersion)] == "2026-07-28");

    // A request goes as the client shaped it; its input_required result comes back untouched.
    Json meta = {{std::string(protocol::kMetaProtocolVersion), "2026-07-28"}};
    Json request = jsonrpc::make_request("client-7", "tools/call", {{"name", "ask"}, {"_meta", meta}});
    auto queue = std::make_shared<SharedSession::Queue>();
    auto call = rig.upstream->start(request, queue);
    REQUIRE(call);
    Json sent = Json::parse(rig.spawned[0]->sent.back());
    CHECK(sent["params"]["_meta"] == meta);
    auto reply = co_await queue->pop(1s);
    REQUIRE(reply);
    Json answer = Json::parse(reply->text());
    CHECK(answer["id"] == "client-7");
    CHECK(answer["result"]["requestState"] == "opaque");
    CHECK(answer["result"]["inputRequests"].contains("user_name"));
  }());
}

namespace {
std::string header_of(const transport::HeaderList& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}
}  // namespace

TEST_CASE("a request with no _meta goes to a modern upstream as this session's, with the era's headers",
          "[session][shared][era]") {
  test::run_async([]() -> awaitable<void> {
    Rig rig({[](const Json& m) -> Json {
      if (jsonrpc::method_of(m) == "server/discover") return jsonrpc::make_result(m["id"], discover_result());
      if (jsonrpc::method_of(m) == "tools/list")
        return jsonrpc::make_result(m["id"], Json::parse(R"({"tools":[{"name":"geo","inputSchema":{"type":"object",
            "properties":{"region":{"type":"string","x-mcp-header":"Region"}}}}]})"));
      return m.contains("id") ? jsonrpc::make_result(m["id"], Json::object()) : Json();
    }});
    auto ec = co_await rig.upstream->ready();
    REQUIRE_FALSE(ec);
    CHECK(header_of(rig.spawned[0]->sent_headers.at(0), "MCP-Protocol-Version") == "2026-07-28");
    CHECK(header_of(rig.spawned[0]->sent_headers.at(0), "Mcp-Method") == "server/discover");

    auto list_queue = std::make_shared<SharedSession::Queue>();
    Json list = jsonrpc::make_request("l", "tools/list", Json::object());
    REQUIRE(rig.upstream->start(list, list_queue));
    auto listed = co_await list_queue->pop(1s);
    REQUIRE(listed);
    Json sent_list = Json::parse(rig.spawned[0]->sent.back());
    const Json& meta = sent_list["params"]["_meta"];
    CHECK(meta[std::string(protocol::kMetaProtocolVersion)] == "2026-07-28");
    CHECK(meta[std::string(protocol::kMetaClientCapabilities)] == Json{{"sampling", Json::object()}});
    CHECK(meta[std::string(protocol::kMetaClientInfo)]["name"] == "mcpgw");

    // The list taught which argument travels as a header.
    auto call_queue = std::make_shared<SharedSession::Queue>();
    Json call = jsonrpc::make_request("c", "tools/call", {{"name", "geo"}, {"arguments", {{"region", "eu"}}}});
    REQUIRE(rig.upstream->start(call, call_queue));
    const auto& headers = rig.spawned[0]->sent_headers.back();
    CHECK(header_of(headers, "Mcp-Method") == "tools/call");
    CHECK(header_of(headers, "Mcp-Name") == "geo");
    CHECK(header_of(headers, "Mcp-Param-Region") == "eu");
  }());
}

TEST_CASE("a legacy upstream's refusal of server/discover leads to initialize on the same child",
          "[session][shared][era]") {
  test::run_async([]() -> awaitable<void> {
    Rig rig({legacy});
    auto ec = co_await rig.upstream->ready();
    REQUIRE_FALSE(ec);
    CHECK_FALSE(rig.upstream->modern());
    CHECK(rig.upstream->initialize_result()["serverInfo"]["name"] == "legacy");
    REQUIRE(rig.spawned.size() == 1);
    CHECK(rig.spawned[0]->methods ==
          std::vector<std::string>{"server/discover", "initialize", "notifications/initialized"});
  }());
}

TEST_CASE("silence on server/discover means legacy after the probe timeout", "[session][shared][era]") {
  test::run_async([]() -> awaitable<void> {
    Rig rig({[](const Json& m) -> Json { return jsonrpc::method_of(m) == "server/discover" ? Json() : legacy(m); }});
    auto started = std::chrono::steady_clock::now();
    auto ec = co_await rig.upstream->ready();
    REQUIRE_FALSE(ec);
    CHECK(std::chrono::steady_clock::now() - started >= 100ms);
    CHECK_FALSE(rig.upstream->modern());
    CHECK(rig.spawned[0]->methods ==
          std::vector<std::string>{"server/discover", "initialize", "notifications/initialized"});
  }());
}

TEST_CASE("a -32022 naming 2026-07-28 is asked again with that revision", "[session][shared][era]") {
  test::run_async([]() -> awaitable<void> {
    int asked = 0;
    Rig rig({[&asked](const Json& m) -> Json {
      if (jsonrpc::method_of(m) != "server/discover") return nullptr;
      if (++asked == 1)
        return jsonrpc::make_error(m["id"], jsonrpc::code::unsupported_protocol_version, "Unsupported protocol version",
                                   {{"supported", {"2026-07-28"}}, {"requested", "2026-07-28"}});
      return jsonrpc::make_result(m["id"], discover_result());
    }});
    auto ec = co_await rig.upstream->ready();
    REQUIRE_FALSE(ec);
    CHECK(rig.upstream->modern());
    CHECK(asked == 2);
  }());
}

TEST_CASE("a child that dies of the probe is started again and initialized without it", "[session][shared][era]") {
  test::run_async([]() -> awaitable<void> {
    Rig rig({[](const Json& m) -> Json { return jsonrpc::method_of(m) == "server/discover" ? Json("die") : legacy(m); },
             legacy});
    auto ec = co_await rig.upstream->ready();
    REQUIRE_FALSE(ec);
    CHECK_FALSE(rig.upstream->modern());
    REQUIRE(rig.spawned.size() == 2);
    CHECK(rig.spawned[0]->closed);
    CHECK(rig.spawned[1]->methods == std::vector<std::string>{"initialize", "notifications/initialized"});
  }());
}

TEST_CASE("without detection no server/discover is sent", "[session][shared][era]") {
  test::run_async([]() -> awaitable<void> {
    Rig rig({legacy}, false);
    auto ec = co_await rig.upstream->ready();
    REQUIRE_FALSE(ec);
    CHECK(rig.spawned[0]->methods == std::vector<std::string>{"initialize", "notifications/initialized"});
  }());
}

TEST_CASE("a listen stream's notifications reach its call under the client's id", "[session][shared][era]") {
  test::run_async([]() -> awaitable<void> {
    Rig rig({[](const Json& m) -> Json {
      if (jsonrpc::method_of(m) == "server/discover") return jsonrpc::make_result(m["id"], discover_result());
      return nullptr;
    }});
    auto ec = co_await rig.upstream->ready();
    REQUIRE_FALSE(ec);
    auto queue = std::make_shared<SharedSession::Queue>();
    auto call = rig.upstream->start(jsonrpc::make_request("listen-1", "subscriptions/listen", Json::object()), queue);
    REQUIRE(call);
    const std::int64_t ours = (*call)->upstream_id;
    Json sid = {{std::string(protocol::kMetaSubscriptionId), ours}};
    rig.spawned[0]->push(jsonrpc::make_notification("notifications/subscriptions/acknowledged", {{"_meta", sid}}).dump());
    rig.spawned[0]->push(jsonrpc::make_notification("notifications/tools/list_changed", {{"_meta", sid}}).dump());
    for (const char* method : {"notifications/subscriptions/acknowledged", "notifications/tools/list_changed"}) {
      auto next = co_await queue->pop(1s);
      REQUIRE(next);
      Json message = Json::parse(next->text());
      CHECK(message["method"] == method);
      CHECK(message["params"]["_meta"][std::string(protocol::kMetaSubscriptionId)] == "listen-1");
    }
  }());
}
