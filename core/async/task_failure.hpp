#pragma once

#include <exception>

namespace mcpgw::async {

/// Completion for co_spawn'd tasks: an exception that escaped the task is logged
/// (event=task_failed), never rethrown, so one failed task cannot stop the io_context.
void log_task_failure(std::exception_ptr e);

}  // namespace mcpgw::async
