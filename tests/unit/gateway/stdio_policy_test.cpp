#include <catch2/catch.hpp>

#include "core/gateway/stdio_policy.hpp"

using namespace mcpgw::gateway;

TEST_CASE("stdio policy: off refuses every command, naming the setting", "[gateway]") {
  StdioPolicy off{false, {}};
  CHECK(off.refuse("npx -y server").find("STDIO_GATEWAYS_ENABLED") != std::string::npos);
  CHECK(StdioPolicy{}.refuse("/bin/sh -c 'anything'").empty());
}

TEST_CASE("stdio policy: an allow-list matches the command's first word exactly", "[gateway]") {
  StdioPolicy listed{true, {"npx", "/usr/bin/uvx"}};
  CHECK(listed.refuse("npx -y @modelcontextprotocol/server-everything").empty());
  CHECK(listed.refuse("'/usr/bin/uvx' mcp-server-git").empty());
  CHECK(listed.refuse("uvx mcp-server-git").find("STDIO_ALLOWED_COMMANDS") != std::string::npos);
  CHECK(listed.refuse("/bin/sh -c 'npx x'").find("'/bin/sh'") != std::string::npos);
  CHECK(listed.refuse("npx-evil").find("STDIO_ALLOWED_COMMANDS") != std::string::npos);
  CHECK_FALSE(listed.refuse("'unclosed").empty());
}

TEST_CASE("loader and interpreter variables are recognised", "[gateway]") {
  for (const char* name : {"LD_PRELOAD", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "NODE_OPTIONS", "PYTHONSTARTUP",
                           "PERL5OPT", "PATH", "JAVA_TOOL_OPTIONS"})
    CHECK(loader_variable(name));
  for (const char* name : {"HOME", "API_KEY", "LANG", "OLD_PRELOAD", "ld_preload"}) CHECK_FALSE(loader_variable(name));
  CHECK(refuse_env({{"LD_PRELOAD", "/x.so"}}).find("LD_PRELOAD") != std::string::npos);
  CHECK(refuse_env({{"API_KEY", "k"}}).empty());
}
