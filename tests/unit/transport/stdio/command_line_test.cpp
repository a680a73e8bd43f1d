#include "core/transport/stdio/command_line.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"

using mcpgw::ConfigError;
using mcpgw::transport::stdio::split_command_line;
using Words = std::vector<std::string>;

TEST_CASE("a command splits into words at runs of blanks", "[stdio][command_line]") {
  CHECK(split_command_line("node server.js --port 3000") ==
        Words{"node", "server.js", "--port", "3000"});
  CHECK(split_command_line("  uvx \t mcp-server-git\n") == Words{"uvx", "mcp-server-git"});
}

TEST_CASE("quotes group blanks into one word and may abut other text", "[stdio][command_line]") {
  CHECK(split_command_line(R"(cmd 'a b' "c d")") == Words{"cmd", "a b", "c d"});
  CHECK(split_command_line(R"(pre'fix'"post" x)") == Words{"prefixpost", "x"});
  CHECK(split_command_line(R"(cmd "" '')") == Words{"cmd", "", ""});
}

TEST_CASE("backslashes escape like sh, without any expansion", "[stdio][command_line]") {
  SECTION("outside quotes a backslash escapes any character") {
    CHECK(split_command_line(R"(a\ b \'c)") == Words{"a b", "'c"});
  }
  SECTION("inside double quotes only \" \\ $ and ` are escaped") {
    CHECK(split_command_line(R"("a\"b" "c\\d" "\$HOME" "e\nf")") ==
          Words{R"(a"b)", R"(c\d)", "$HOME", R"(e\nf)"});
  }
  SECTION("inside single quotes a backslash is literal") {
    CHECK(split_command_line(R"('a\b')") == Words{R"(a\b)"});
  }
  SECTION("variables are passed through unexpanded") {
    CHECK(split_command_line("echo $HOME") == Words{"echo", "$HOME"});
  }
}

TEST_CASE("an empty command is a config error", "[stdio][command_line]") {
  CHECK_THROWS_AS(split_command_line(""), ConfigError);
  CHECK_THROWS_AS(split_command_line(" \t\n"), ConfigError);
}

TEST_CASE("an unclosed quote is a config error that names the command", "[stdio][command_line]") {
  CHECK_THROWS_AS(split_command_line("run 'abc"), ConfigError);
  CHECK_THROWS_WITH(split_command_line("run 'abc"), Catch::Contains("run 'abc"));
  CHECK_THROWS_AS(split_command_line(R"(run "abc)"), ConfigError);
  SECTION("an escaped quote does not close the string") {
    CHECK_THROWS_AS(split_command_line(R"(run "abc\")"), ConfigError);
  }
}
