#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::transport::stdio {

/// Splits a command string into argv the way a POSIX shell splits words (quotes and backslashes),
/// without running a shell: no expansion, no redirection. Throws ConfigError on an unclosed quote
/// or an empty command.
std::vector<std::string> split_command_line(std::string_view command);

}  // namespace mcpgw::transport::stdio
