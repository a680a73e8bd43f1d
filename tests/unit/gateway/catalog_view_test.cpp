#include <catch2/catch.hpp>

#include "core/gateway/catalog_view.hpp"

using namespace mcpgw::store;
using mcpgw::gateway::CatalogView;

namespace {

Tool tool(std::string id, std::string gateway, std::string name, bool enabled = true) {
  Tool t;
  t.id = std::move(id);
  t.gateway_id = std::move(gateway);
  t.name = name;
  t.original_name = name;
  t.enabled = enabled;
  return t;
}

Gateway gateway(std::string id, bool enabled = true) {
  Gateway g;
  g.id = std::move(id);
  g.name = g.id;
  g.enabled = enabled;
  return g;
}

CatalogView sample(std::unordered_set<std::string> down = {}) {
  Resource r;
  r.id = "r1";
  r.gateway_id = "ga";
  r.uri = "file:///a.txt";
  ResourceTemplate t;
  t.id = "t1";
  t.gateway_id = "gb";
  t.uri_template = "test://items/{id}";
  Server s;
  s.id = "s1";
  s.name = "bundle";
  s.tool_ids = {"t-b1", "t-a1", "t-missing"};
  s.resource_ids = {"r1"};
  return CatalogView({gateway("ga"), gateway("gb"), gateway("gc", false)},
                     {tool("t-a1", "ga", "a-echo"), tool("t-a2", "ga", "a-off", false), tool("t-b1", "gb", "b-echo"),
                      tool("t-c1", "gc", "c-echo"), tool("t-local", "", "local")},
                     {r}, {t}, {}, {s}, std::move(down));
}

std::vector<std::string> names(const std::vector<const Tool*>& tools) {
  std::vector<std::string> out;
  for (const auto* t : tools) out.push_back(t->name);
  return out;
}

}  // namespace

TEST_CASE("the whole-gateway scope serves enabled tools of live gateways", "[gateway]") {
  auto view = sample();
  CHECK(names(view.tools("")) == std::vector<std::string>{"a-echo", "b-echo", "local"});
  CHECK(view.tool("", "a-echo"));
  CHECK_FALSE(view.tool("", "a-off"));   // disabled tool
  CHECK_FALSE(view.tool("", "c-echo"));  // disabled gateway
}

TEST_CASE("a virtual server serves its chosen tools in its order", "[gateway]") {
  auto view = sample();
  CHECK(names(view.tools("s1")) == std::vector<std::string>{"b-echo", "a-echo"});
  CHECK(view.tool("s1", "b-echo"));
  CHECK_FALSE(view.tool("s1", "local"));
  CHECK(view.tools("no-such-server").empty());
}

TEST_CASE("a gateway that is down drops out until it is back", "[gateway]") {
  auto view = sample({"ga"});
  CHECK(names(view.tools("")) == std::vector<std::string>{"b-echo", "local"});
  CHECK(names(view.tools("s1")) == std::vector<std::string>{"b-echo"});
  CHECK(view.resources("").empty());
  auto back = view.with_down({});
  CHECK(names(back->tools("s1")) == std::vector<std::string>{"b-echo", "a-echo"});
}

TEST_CASE("resources route by exact uri, then by the longest template prefix", "[gateway]") {
  using Owners = std::vector<std::string>;
  auto view = sample();
  CHECK(view.resource_owners("", "file:///a.txt") == Owners{"ga"});
  CHECK(view.resource_owners("", "test://items/42") == Owners{"gb"});
  CHECK(view.resource_owners("", "unknown://x").empty());
  // The server holds r1 of ga, so it offers ga's templates only.
  CHECK(view.resource_owners("s1", "test://items/42").empty());
}

TEST_CASE("a URI that several gateways serve names them all; a virtual server narrows it to one", "[gateway]") {
  using Owners = std::vector<std::string>;
  auto resource = [](std::string id, std::string gateway, std::string uri) {
    Resource r;
    r.id = std::move(id);
    r.gateway_id = std::move(gateway);
    r.uri = std::move(uri);
    return r;
  };
  auto uri_template = [](std::string id, std::string gateway, std::string text) {
    ResourceTemplate t;
    t.id = std::move(id);
    t.gateway_id = std::move(gateway);
    t.uri_template = std::move(text);
    return t;
  };
  Server s;
  s.id = "s1";
  s.resource_ids = {"rb"};
  CatalogView view({gateway("ga"), gateway("gb")}, {},
                   {resource("ra", "ga", "file:///shared"), resource("rb", "gb", "file:///shared")},
                   {uri_template("ta", "ga", "test://items/{id}"), uri_template("tb", "gb", "test://items/{id}"),
                    uri_template("tc", "gb", "test://{path}")},
                   {}, {s}, {});
  CHECK(view.resource_owners("", "file:///shared") == Owners{"ga", "gb"});
  CHECK(view.resource_owners("", "test://items/1") == Owners{"ga", "gb"});  // equal prefixes
  CHECK(view.resource_owners("", "test://other") == Owners{"gb"});         // only the shorter one fits
  CHECK(view.resource_owners("s1", "file:///shared") == Owners{"gb"});
}

TEST_CASE("a tool of a gateway that is down is told apart from an unknown one", "[gateway]") {
  auto view = sample({"ga"});
  CHECK_FALSE(view.tool("", "a-echo"));
  REQUIRE(view.tool_of_down_gateway("", "a-echo"));
  CHECK(view.tool_of_down_gateway("s1", "a-echo"));      // in the server, gateway down
  CHECK_FALSE(view.tool_of_down_gateway("", "b-echo"));  // up
  CHECK_FALSE(view.tool_of_down_gateway("", "nope"));
  CHECK_FALSE(view.tool_of_down_gateway("", "a-off"));   // disabled tool
}
