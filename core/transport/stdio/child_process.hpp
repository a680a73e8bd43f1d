#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/system/result.hpp>

#include "core/async/signal.hpp"
#include "core/transport/channel.hpp"

namespace mcpgw::transport::stdio {

struct ChildOptions {
  std::vector<std::string> argv;               // argv[0] is looked up on PATH
  std::map<std::string, std::string> env;      // added to (or replacing in) our environment
  std::size_t max_line_bytes = 64 * 1024 * 1024;
  std::size_t max_queued_bytes = 64 * 1024 * 1024;
  std::chrono::milliseconds grace{2000};       // per shutdown step
  std::size_t stderr_tail_lines = 20;
};

/// An MCP server run as a child process: newline-delimited JSON-RPC on its stdin/stdout, its
/// stderr forwarded to our log. Owned through shared_ptr by its session; its internal
/// coroutines (writer, stderr drain, exit watch) keep it alive until the child is gone.
/// All calls on the executor it was spawned on.
class ChildProcess : public Channel, public std::enable_shared_from_this<ChildProcess> {
 public:
  static boost::system::result<std::shared_ptr<ChildProcess>> spawn(
      const asio::any_io_executor& ex, const ChildOptions& options);
  ~ChildProcess() override;

  error_code send(std::string message) override;
  awaitable<std::tuple<error_code, std::string>> receive() override;
  awaitable<void> close() override;
  std::string failure_detail() const override;

  int pid() const { return pid_; }
  bool exited() const { return exited_; }
  int exit_code() const { return exit_code_; }

  ChildProcess(const asio::any_io_executor& ex, const ChildOptions& options);

 private:
  void start();
  awaitable<void> write_loop();
  awaitable<void> drain_stderr();
  awaitable<void> watch_exit();
  awaitable<bool> wait_exit_for(std::chrono::milliseconds limit);

  ChildOptions options_;
  asio::writable_pipe stdin_;
  asio::readable_pipe stdout_;
  asio::readable_pipe stderr_;
  std::unique_ptr<boost::process::v2::process> process_;
  int pid_ = -1;

  std::deque<std::string> outbox_;
  std::size_t outbox_bytes_ = 0;
  async::Signal outbox_signal_;
  bool stdin_closed_ = false;

  std::string read_buffer_;
  std::deque<std::string> stderr_tail_;
  bool exited_ = false;
  int exit_code_ = -1;
  async::Signal exit_signal_;
};

}  // namespace mcpgw::transport::stdio
