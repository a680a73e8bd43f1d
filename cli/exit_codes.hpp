#pragma once

namespace mcpgw::cli {

/// What mcpgw's exit status means; supervisors key restarts on it.
inline constexpr int kExitOk = 0;
inline constexpr int kExitStartupFailed = 1;  // bad config or flags: restarting will not help
inline constexpr int kExitRuntimeFailed = 2;  // failed while running
inline constexpr int kExitUsage = 2;          // register, catalog: the command line is wrong
inline constexpr int kExitInterrupted = 130;

}  // namespace mcpgw::cli
