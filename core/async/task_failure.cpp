#include "core/async/task_failure.hpp"

#include "core/log/logger.hpp"

namespace mcpgw::async {

void log_task_failure(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    MCPGW_LOG(error, "task_failed", "what=\"" << ex.what() << "\"");
  } catch (...) {
    MCPGW_LOG(error, "task_failed", "what=\"unknown exception\"");
  }
}

}  // namespace mcpgw::async
