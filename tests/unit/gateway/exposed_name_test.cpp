#include <set>

#include <catch2/catch.hpp>

#include "core/gateway/exposed_name.hpp"

using mcpgw::gateway::exposed_name;
using mcpgw::gateway::kMaxExposedName;

TEST_CASE("exposed names join prefix, separator and upstream name", "[gateway]") {
  CHECK(exposed_name("time", "-", "now") == "time-now");
  CHECK(exposed_name("time", "__", "now") == "time__now");
  CHECK(exposed_name("", "-", "now") == "now");
}

TEST_CASE("long exposed names are cut to 64 characters with a stable hash suffix", "[gateway]") {
  std::string tool(80, 'a');
  std::string a = exposed_name("gateway", "-", tool);
  CHECK(a.size() == kMaxExposedName);
  CHECK(a == exposed_name("gateway", "-", tool));  // the same on every refresh and restart
  CHECK(a.starts_with("gateway-aaaa"));
  CHECK(a[kMaxExposedName - 9] == '_');
  // Names that share their first 64 characters still differ.
  std::set<std::string> names;
  for (int i = 0; i < 50; ++i) names.insert(exposed_name("gateway", "-", tool + std::to_string(i)));
  CHECK(names.size() == 50);
  // Exactly at the limit nothing changes.
  std::string fits(64 - 8, 'b');
  CHECK(exposed_name("gateway", "-", fits) == "gateway-" + fits);
}
