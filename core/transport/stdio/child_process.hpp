#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <boost/system/result.hpp>

#include "core/async/signal.hpp"
#include "core/transport/channel.hpp"

namespace mcpgw::transport::stdio {

struct ChildOptions {
  std::vector<std::string> argv;               // argv[0] is looked up on PATH
  std::map<std::string, std::string> env;      // added to the allow-listed part of ours
  std::size_t max_line_bytes = 64 * 1024 * 1024;
  std::size_t max_queued_bytes = 64 * 1024 * 1024;
  std::chrono::milliseconds grace{2000};       // per shutdown step
  std::size_t stderr_tail_lines = 20;
};

/// The variables of our environment a child inherits (PATH, HOME, LANG, LC_*, ...); everything
/// else (JWT_SECRET_KEY, AUTH_ENCRYPTION_SECRET, ...) stays with us. `env` adds to these.
bool inherited_by_children(std::string_view name);

/// An MCP server run as a child process: newline-delimited JSON-RPC on its stdin/stdout, its
/// stderr forwarded to our log. The child leads a process group of its own, so stopping it
/// also stops what a launcher (`sh -c`, `npx`) started. Owned through shared_ptr by its
/// session; its internal coroutines (writer, stderr drain, exit watch) keep it alive until
/// the whole group is gone. All calls on the executor it was spawned on.
class ChildProcess : public Channel, public std::enable_shared_from_this<ChildProcess> {
 public:
  static boost::system::result<std::shared_ptr<ChildProcess>> spawn(
      const asio::any_io_executor& ex, const ChildOptions& options);
  ~ChildProcess() override;

  error_code send(jsonrpc::Envelope message) override;
  awaitable<std::tuple<error_code, jsonrpc::Envelope>> receive() override;
  awaitable<void> close() override;
  std::string failure_detail() const override;
  /// Waits until the child has exited and its stderr reached end of file, at most
  /// kSettleLimit (a grandchild may hold stderr open for good).
  awaitable<std::string> settled_failure_detail() override;
  static constexpr std::chrono::milliseconds kSettleLimit{1000};

  int pid() const { return pid_; }
  /// The child itself has exited and been reaped (its process group may still be ending).
  bool exited() const { return exited_; }
  int exit_code() const { return exit_code_; }

  ChildProcess(const asio::any_io_executor& ex, const ChildOptions& options);

 private:
  void start();
  awaitable<void> write_loop();
  awaitable<void> drain_stderr();
  awaitable<void> watch_exit();
  awaitable<bool> reap();
  awaitable<void> end_group();
  awaitable<bool> wait_exit_for(std::chrono::milliseconds limit);
  awaitable<bool> wait_group_gone_for(std::chrono::milliseconds limit);

  ChildOptions options_;
  asio::writable_pipe stdin_;
  asio::readable_pipe stdout_;
  asio::readable_pipe stderr_;
  asio::posix::stream_descriptor pidfd_;  // readable once the child has exited
  int pid_ = -1;                          // also the id of its process group

  std::deque<std::string> outbox_;
  std::size_t outbox_bytes_ = 0;
  async::Signal outbox_signal_;
  bool stdin_closed_ = false;

  std::string read_buffer_;
  std::deque<std::string> stderr_tail_;
  bool stderr_done_ = false;  // stderr reached end of file (or failed)
  bool exited_ = false;
  int exit_code_ = -1;
  bool group_gone_ = false;
  async::Signal exit_signal_;  // exit, group gone, stderr done
};

}  // namespace mcpgw::transport::stdio
