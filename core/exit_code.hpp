#pragma once

namespace mcpgw {

/// What mcpgw's exit status means; supervisors key restarts on it.
inline constexpr int kExitOk = 0;
inline constexpr int kExitStartupFailed = 1;  // bad config or flags: restarting will not help
inline constexpr int kExitRuntimeFailed = 2;  // failed while running (a peer went away, a task threw)
inline constexpr int kExitUsage = 2;          // register, catalog: the command line is wrong
inline constexpr int kExitChangesPending = 2; // register apply --dry-run: the plan is not empty
/// SIGINT/SIGTERM ended a stdio tool (wrapper, translate --connect), as a shell reports an
/// interrupted pipeline (128 + SIGINT). Servers (serve, translate serving a child) exit kExitOk
/// instead: they were asked to stop, and stopped cleanly.
inline constexpr int kExitInterrupted = 130;

}  // namespace mcpgw
