#include "core/transport/stdio/child_process.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/process/v2/environment.hpp>
#include <boost/process/v2/stdio.hpp>

#include "core/async/task_failure.hpp"
#include "core/error.hpp"
#include "core/log/logger.hpp"

extern char** environ;

namespace mcpgw::transport::stdio {
namespace bp = boost::process::v2;

namespace {

/// Keeps our sockets and pipes out of the child: without it a child inherits the listening
/// socket (the port stays taken after we exit) and other upstreams' connections. Runs in the
/// child between fork and exec, after stdio is in place.
struct CloseInheritedFds {
  template <class Launcher>
  error_code on_exec_setup(Launcher&, const bp::filesystem::path&, const char* const*&) {
    if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
      long max = std::min(::sysconf(_SC_OPEN_MAX), 65536L);
      for (int fd = 3; fd < max; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    return {};
  }
};

std::vector<std::string> child_environment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string_view::npos && overrides.count(std::string(kv.substr(0, eq)))) continue;
    env.emplace_back(kv);
  }
  for (const auto& [k, v] : overrides) env.push_back(k + "=" + v);
  return env;
}

}  // namespace

ChildProcess::ChildProcess(const asio::any_io_executor& ex, const ChildOptions& options)
    : options_(options), stdin_(ex), stdout_(ex), stderr_(ex) {}

ChildProcess::~ChildProcess() {
  // A child still running when its owner lets go is killed rather than leaked.
  if (process_ && !exited_) {
    error_code ec;
    ::kill(pid_, SIGKILL);
    process_->detach();
  }
}

boost::system::result<std::shared_ptr<ChildProcess>> ChildProcess::spawn(
    const asio::any_io_executor& ex, const ChildOptions& options) {
  if (options.argv.empty()) return make_error_code(boost::system::errc::invalid_argument);
  auto child = std::make_shared<ChildProcess>(ex, options);

  bp::filesystem::path exe = options.argv[0];
  if (options.argv[0].find('/') == std::string::npos) {
    exe = bp::environment::find_executable(options.argv[0]);
    if (exe.empty()) return make_error_code(boost::system::errc::no_such_file_or_directory);
  }
  std::vector<std::string> args(options.argv.begin() + 1, options.argv.end());
  error_code ec;
  try {
    child->process_ = std::make_unique<bp::process>(
        ex, exe, args, bp::process_stdio{child->stdin_, child->stdout_, child->stderr_},
        bp::process_environment(child_environment(options.env)), CloseInheritedFds{});
  } catch (const boost::system::system_error& e) {
    return e.code();
  }
  child->pid_ = child->process_->id();
  child->start();
  MCPGW_LOG(info, "child_start", "pid=" << child->pid_ << " command=" << options.argv[0]);
  return child;
}

void ChildProcess::start() {
  auto self = shared_from_this();
  auto ex = stdout_.get_executor();
  asio::co_spawn(ex, [self]() { return self->write_loop(); }, async::log_task_failure);
  asio::co_spawn(ex, [self]() { return self->drain_stderr(); }, async::log_task_failure);
  asio::co_spawn(ex, [self]() { return self->watch_exit(); }, async::log_task_failure);
}

error_code ChildProcess::send(std::string message) {
  if (stdin_closed_ || exited_) return make_error_code(Errc::upstream_exited);
  if (outbox_bytes_ + message.size() > options_.max_queued_bytes)
    return make_error_code(Errc::body_too_large);
  message.push_back('\n');
  outbox_bytes_ += message.size();
  outbox_.push_back(std::move(message));
  outbox_signal_.notify();
  return {};
}

awaitable<void> ChildProcess::write_loop() {
  for (;;) {
    while (outbox_.empty() && !stdin_closed_) co_await outbox_signal_.wait();
    if (outbox_.empty()) break;
    std::string line = std::move(outbox_.front());
    outbox_.pop_front();
    outbox_bytes_ -= line.size();
    auto [ec, n] = co_await asio::async_write(stdin_, asio::buffer(line), use_nothrow);
    if (ec) {
      MCPGW_LOG(debug, "child_stdin_closed", "pid=" << pid_ << " error=\"" << ec.message() << "\"");
      stdin_closed_ = true;
      outbox_.clear();
      break;
    }
  }
  error_code ignored;
  stdin_.close(ignored);
}

awaitable<std::tuple<error_code, std::string>> ChildProcess::receive() {
  for (;;) {
    auto [ec, n] = co_await asio::async_read_until(
        stdout_, asio::dynamic_buffer(read_buffer_, options_.max_line_bytes), '\n', use_nothrow);
    if (ec) {
      if (ec == asio::error::not_found) {
        MCPGW_LOG(error, "child_line_too_long", "pid=" << pid_ << " limit=" << options_.max_line_bytes);
        co_return std::tuple{make_error_code(Errc::line_too_long), std::string()};
      }
      co_return std::tuple{make_error_code(Errc::upstream_exited), std::string()};
    }
    std::string line = read_buffer_.substr(0, n - 1);
    read_buffer_.erase(0, n);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Blank lines carry no message; skip them rather than report a parse error.
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    co_return std::tuple{error_code{}, std::move(line)};
  }
}

awaitable<void> ChildProcess::drain_stderr() {
  std::string buffer;
  for (;;) {
    auto [ec, n] = co_await asio::async_read_until(
        stderr_, asio::dynamic_buffer(buffer, 64 * 1024), '\n', use_nothrow);
    std::string line;
    if (ec) {
      if (ec == asio::error::not_found) {
        line = std::move(buffer);
        buffer.clear();
      } else {
        if (buffer.empty()) break;
        line = std::move(buffer);
        buffer.clear();
      }
    } else {
      line = buffer.substr(0, n - 1);
      buffer.erase(0, n);
    }
    if (!line.empty()) {
      MCPGW_LOG(info, "child_stderr", "pid=" << pid_ << " line=\"" << line << "\"");
      stderr_tail_.push_back(std::move(line));
      if (stderr_tail_.size() > options_.stderr_tail_lines) stderr_tail_.pop_front();
    }
    if (ec && ec != asio::error::not_found) break;
  }
}

awaitable<void> ChildProcess::watch_exit() {
  auto [ec, code] = co_await process_->async_wait(use_nothrow);
  exited_ = true;
  exit_code_ = ec ? -1 : code;
  MCPGW_LOG(info, "child_exit", "pid=" << pid_ << " code=" << exit_code_);
  stdin_closed_ = true;
  outbox_signal_.notify();
  exit_signal_.notify();
}

awaitable<bool> ChildProcess::wait_exit_for(std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!exited_) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) co_return false;
    co_await exit_signal_.wait(deadline - now);
  }
  co_return true;
}

awaitable<void> ChildProcess::close() {
  auto self = shared_from_this();  // the caller may drop its reference while we wait
  // Close stdin, then SIGTERM, then SIGKILL, each after a grace period (MCP stdio shutdown).
  stdin_closed_ = true;
  outbox_signal_.notify();
  if (co_await wait_exit_for(options_.grace)) co_return;
  ::kill(pid_, SIGTERM);
  if (co_await wait_exit_for(options_.grace)) co_return;
  MCPGW_LOG(warn, "child_kill", "pid=" << pid_);
  ::kill(pid_, SIGKILL);
  co_await wait_exit_for(options_.grace);
}

std::string ChildProcess::failure_detail() const {
  std::string detail;
  if (exited_) detail = "exit code " + std::to_string(exit_code_);
  if (!stderr_tail_.empty()) {
    if (!detail.empty()) detail += "; ";
    detail += "last stderr: ";
    for (std::size_t i = 0; i < stderr_tail_.size(); ++i) {
      if (i) detail += " | ";
      detail += stderr_tail_[i];
    }
  }
  return detail;
}

}  // namespace mcpgw::transport::stdio
