// The virtual server's MCP face, driven as a Channel the way a client session drives it, over
// a real stdio gateway (the echo_server fixture, built beside this binary).
#include "core/gateway/virtual_server_session.hpp"

#include <unistd.h>

#include <filesystem>
#include <vector>

#include <boost/asio/this_coro.hpp>
#include <catch2/catch.hpp>

#include "core/async/signal.hpp"
#include "core/gateway/federation.hpp"
#include "core/gateway/metrics.hpp"
#include "core/gateway/store_worker.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/store/memory_store.hpp"
#include "tests/unit/run_async.hpp"

using namespace mcpgw;
using namespace std::chrono_literals;
using gateway::VirtualServerSession;
using jsonrpc::Json;

namespace {

std::string echo_server_path() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (self.parent_path() / "echo_server").string();
}

/// A federation with one stdio gateway, "local", serving echo_server's `echo` as `local-echo`.
struct Gateway {
  gateway::StoreWorker worker{std::make_unique<store::MemoryStore>()};
  std::unique_ptr<gateway::Federation> federation;
  gateway::Metrics metrics;

  awaitable<void> start() {
    auto ex = co_await asio::this_coro::executor;
    gateway::FederationOptions options;
    options.tool_timeout = 5s;
    federation = std::make_unique<gateway::Federation>(ex, worker, store::SecretBox("unit-test-secret"), options);
    co_await federation->start();
    store::Gateway local;
    local.name = "local";
    local.transport = "STDIO";
    local.command = echo_server_path();
    auto err = co_await federation->add_gateway(local, {});
    INFO(err.message);
    REQUIRE(err.status == 0);
  }
  awaitable<void> stop() { co_await federation->close(100ms); }
};

/// Sends `message` and returns the next message the face has for the client (its answer).
awaitable<jsonrpc::Envelope> ask(VirtualServerSession& face, jsonrpc::Envelope message) {
  REQUIRE_FALSE(face.send(std::move(message)));
  auto answer = co_await face.receive_within(5s);
  REQUIRE(answer);
  co_return std::move(*answer);
}

void with_face(const std::function<awaitable<void>(VirtualServerSession&)>& body) {
  test::run_async(
      [&]() -> awaitable<void> {
        Gateway g;
        co_await g.start();
        auto face = std::make_shared<VirtualServerSession>(co_await asio::this_coro::executor, *g.federation,
                                                           g.metrics, "");
        face->start();
        co_await body(*face);
        co_await face->close();
        co_await g.stop();
      }(),
      20s);
}

}  // namespace

// Requests are built into locals: g++ 12 mishandles temporaries inside co_await expressions.

TEST_CASE("the virtual server answers initialize and lists the gateway's tools", "[gateway][virtual_server]") {
  with_face([](VirtualServerSession& face) -> awaitable<void> {
    Json request = jsonrpc::make_request(0, "initialize", {{"protocolVersion", "2025-06-18"}, {"capabilities", Json::object()}});
    auto init = co_await ask(face, std::move(request));
    CHECK(init.json()["result"]["protocolVersion"] == "2025-06-18");
    CHECK(init.json()["result"]["capabilities"].contains("tools"));
    REQUIRE_FALSE(face.send(jsonrpc::make_notification("notifications/initialized")));
    request = jsonrpc::make_request(1, "tools/list", Json::object());
    auto list = co_await ask(face, std::move(request));
    const Json& tools = list.json()["result"]["tools"];
    REQUIRE(tools.is_array());
    bool found = false;
    for (const auto& t : tools) found = found || t["name"] == "local-echo";
    CHECK(found);
    request = jsonrpc::make_request(2, "ping");
    auto pong = co_await ask(face, std::move(request));
    CHECK(pong.json()["result"] == Json::object());
  });
}

TEST_CASE("a tools/call reaches the owning gateway under its own name and its answer comes back parsed",
          "[gateway][virtual_server]") {
  with_face([](VirtualServerSession& face) -> awaitable<void> {
    Json request = jsonrpc::make_request("c1", "tools/call", {{"name", "local-echo"}, {"arguments", {{"message", "hi"}}}});
    auto answer = co_await ask(face, std::move(request));
    // No string between the gateway's session and the client's: the transport serializes it once.
    CHECK(answer.parsed());
    CHECK_FALSE(answer.serialized());
    CHECK(answer.json()["id"] == "c1");
    CHECK(answer.json()["result"]["content"][0]["text"] == "hi");
  });
}

TEST_CASE("the virtual server refuses what it cannot serve, with the error's own code", "[gateway][virtual_server]") {
  with_face([](VirtualServerSession& face) -> awaitable<void> {
    Json request = jsonrpc::make_request(3, "tools/call", {{"name", "nope"}});
    auto unknown = co_await ask(face, std::move(request));
    CHECK(unknown.json()["error"]["code"] == jsonrpc::code::invalid_params);
    request = jsonrpc::make_request(4, "no/such/method");
    auto method = co_await ask(face, std::move(request));
    CHECK(method.json()["error"]["code"] == jsonrpc::code::method_not_found);
    std::string broken = "{not json";
    auto bad = co_await ask(face, std::move(broken));
    CHECK(bad.json()["error"]["code"] == jsonrpc::code::parse_error);
    CHECK(bad.json()["id"].is_null());
  });
}

TEST_CASE("given a sink, the virtual server hands each answer over as it makes it, not through receive()",
          "[gateway][virtual_server]") {
  with_face([](VirtualServerSession& face) -> awaitable<void> {
    std::vector<jsonrpc::Envelope> delivered;
    async::Signal arrived;
    REQUIRE(face.deliver_to([&](jsonrpc::Envelope message) {
      delivered.push_back(std::move(message));
      arrived.notify();
    }));
    Json request = jsonrpc::make_request("t", "tools/call", {{"name", "local-echo"}, {"arguments", {{"message", "yo"}}}});
    REQUIRE_FALSE(face.send(std::move(request)));
    for (int i = 0; i < 100 && delivered.empty(); ++i) co_await arrived.wait(50ms);
    REQUIRE(delivered.size() == 1);
    CHECK(delivered[0].json()["id"] == "t");
    CHECK(delivered[0].json()["result"]["content"][0]["text"] == "yo");
    auto queued = co_await face.receive_within(50ms);
    CHECK_FALSE(queued);
    face.deliver_to({});
  });
}
