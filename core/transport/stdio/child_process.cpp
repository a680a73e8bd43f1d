#include "core/transport/stdio/child_process.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/process/v2/environment.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/stdio.hpp>

#include "core/async/task_failure.hpp"
#include "core/error.hpp"
#include "core/log/logger.hpp"

extern char** environ;

namespace mcpgw::transport::stdio {
namespace bp = boost::process::v2;

namespace {

/// Prepares the child between fork and exec, after stdio is in place:
/// - keeps our sockets and pipes out of it: without this a child inherits the listening socket
///   (the port stays taken after we exit) and other upstreams' connections;
/// - makes it lead a process group of its own, so a stop reaches what a launcher started;
/// - gives it default signal handling, whatever thread (and signal mask) forked it;
/// - has the kernel kill it when we die without a chance to stop it (SIGKILL, a crash). Only the
///   child itself: what a launcher started then sees its stdin close.
struct PrepareChild {
  pid_t parent = ::getpid();

  template <class Launcher>
  error_code on_exec_setup(Launcher&, const bp::filesystem::path&, const char* const*&) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // we died before the line above took effect
    if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
      long max = std::min(::sysconf(_SC_OPEN_MAX), 65536L);
      for (int fd = 3; fd < max; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    ::setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    return {};
  }
};

std::vector<std::string> child_environment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos || !inherited_by_children(kv.substr(0, eq))) continue;
    if (overrides.count(std::string(kv.substr(0, eq)))) continue;
    env.emplace_back(kv);
  }
  for (const auto& [k, v] : overrides) env.push_back(k + "=" + v);
  return env;
}

/// Reaps the child if it has exited, without ever blocking. Returns its exit code, or -2 while
/// it runs.
int reap_if_exited(int pidfd) {
  siginfo_t info{};
  if (::waitid(P_PIDFD, static_cast<id_t>(pidfd), &info, WEXITED | WNOHANG) != 0)
    return errno == EINTR ? -2 : -1;  // ECHILD: reaped elsewhere; nothing left to wait for
  if (info.si_pid == 0) return -2;
  return info.si_code == CLD_EXITED ? info.si_status : 128 + info.si_status;
}

/// Whether any process of the group `pgid` is left.
bool group_alive(int pgid) { return ::kill(-pgid, 0) == 0 || errno == EPERM; }

}  // namespace

bool inherited_by_children(std::string_view name) {
  // What a launcher (sh, node, npx, uvx) needs to find programs, its cache and the user's locale.
  static constexpr std::array<std::string_view, 11> kNames{
      "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TERM", "PWD"};
  if (name.rfind("LC_", 0) == 0) return true;
  for (auto allowed : kNames)
    if (name == allowed) return true;
  return false;
}

ChildProcess::ChildProcess(const asio::any_io_executor& ex, const ChildOptions& options)
    : options_(options), stdin_(ex), stdout_(ex), stderr_(ex), pidfd_(ex) {}

ChildProcess::~ChildProcess() {
  // A child still running when its owner lets go (the io_context is going away) is killed
  // with its group rather than leaked.
  if (pid_ > 0 && !group_gone_) ::kill(-pid_, SIGKILL);
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
  try {
    bp::process process(ex, exe, args, bp::process_stdio{child->stdin_, child->stdout_, child->stderr_},
                        bp::process_environment(child_environment(options.env)), PrepareChild{});
    child->pid_ = process.id();
    // We wait for the child ourselves: Process v2's async_wait ends in a blocking waitpid()
    // when the descriptor reports ready while the child still runs, which freezes the loop.
    process.detach();
  } catch (const boost::system::system_error& e) {
    return e.code();
  }
  // A child that already exited is still a zombie here (only we reap it), so this cannot fail
  // for lack of a process.
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, child->pid_, 0));
  if (pidfd < 0) {
    error_code ec(errno, boost::system::system_category());
    ::kill(-child->pid_, SIGKILL);
    ::waitpid(child->pid_, nullptr, 0);  // SIGKILL ends it at once; never leave a zombie
    child->pid_ = -1;
    return ec;
  }
  child->pidfd_.assign(pidfd);
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

error_code ChildProcess::send(jsonrpc::Envelope envelope) {
  if (stdin_closed_ || exited_) return make_error_code(Errc::upstream_exited);
  std::string message = std::move(envelope).take_text();
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

awaitable<std::tuple<error_code, jsonrpc::Envelope>> ChildProcess::receive() {
  for (;;) {
    auto [ec, n] = co_await asio::async_read_until(
        stdout_, asio::dynamic_buffer(read_buffer_, options_.max_line_bytes), '\n', use_nothrow);
    if (ec) {
      if (ec == asio::error::not_found) {
        MCPGW_LOG(error, "child_line_too_long", "pid=" << pid_ << " limit=" << options_.max_line_bytes);
        co_return std::tuple{make_error_code(Errc::line_too_long), jsonrpc::Envelope()};
      }
      co_return std::tuple{make_error_code(Errc::upstream_exited), jsonrpc::Envelope()};
    }
    std::string line = read_buffer_.substr(0, n - 1);
    read_buffer_.erase(0, n);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Blank lines carry no message; skip them rather than report a parse error.
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    co_return std::tuple{error_code{}, jsonrpc::Envelope(std::move(line))};
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
  stderr_done_ = true;
  exit_signal_.notify();
}

awaitable<void> ChildProcess::watch_exit() {
  if (!co_await reap()) co_return;
  MCPGW_LOG(info, "child_exit", "pid=" << pid_ << " code=" << exit_code_);
  stdin_closed_ = true;
  outbox_signal_.notify();
  exit_signal_.notify();
  // The child is gone; what it started (a launcher's server) goes with it.
  co_await end_group();
  group_gone_ = true;
  exit_signal_.notify();
}

awaitable<bool> ChildProcess::reap() {
  // Check before each wait: the descriptor may report ready spuriously, and an exit that came
  // before the wait was queued is only seen by asking.
  for (;;) {
    int code = reap_if_exited(pidfd_.native_handle());
    if (code != -2) {
      exit_code_ = code;
      break;
    }
    auto [ec] = co_await pidfd_.async_wait(asio::posix::descriptor_base::wait_read, use_nothrow);
    if (ec == asio::error::operation_aborted) co_return false;
  }
  exited_ = true;
  error_code ignored;
  pidfd_.close(ignored);
  co_return true;
}

awaitable<void> ChildProcess::end_group() {
  if (!group_alive(pid_)) co_return;
  MCPGW_LOG(debug, "child_group_stop", "pid=" << pid_);
  ::kill(-pid_, SIGTERM);
  if (co_await wait_group_gone_for(options_.grace)) co_return;
  MCPGW_LOG(warn, "child_group_kill", "pid=" << pid_);
  ::kill(-pid_, SIGKILL);
  co_await wait_group_gone_for(options_.grace);
}

awaitable<bool> ChildProcess::wait_group_gone_for(std::chrono::milliseconds limit) {
  // A group has no descriptor to wait on: poll it, briefly and without blocking.
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (group_alive(pid_)) {
    if (std::chrono::steady_clock::now() >= deadline) co_return false;
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(use_nothrow);
  }
  co_return true;
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
  // Close stdin, then SIGTERM, then SIGKILL, each after a grace period (MCP stdio shutdown);
  // the signals go to the child's whole process group.
  stdin_closed_ = true;
  outbox_signal_.notify();
  if (!co_await wait_exit_for(options_.grace)) {
    ::kill(-pid_, SIGTERM);
    if (!co_await wait_exit_for(options_.grace)) {
      MCPGW_LOG(warn, "child_kill", "pid=" << pid_);
      ::kill(-pid_, SIGKILL);
      co_await wait_exit_for(options_.grace);
    }
  }
  // Then the rest of the group, which watch_exit() ends once the child is reaped.
  auto deadline = std::chrono::steady_clock::now() + 3 * options_.grace;
  while (!group_gone_ && std::chrono::steady_clock::now() < deadline)
    co_await exit_signal_.wait(deadline - std::chrono::steady_clock::now());
}

awaitable<std::string> ChildProcess::settled_failure_detail() {
  auto self = shared_from_this();
  auto deadline = std::chrono::steady_clock::now() + kSettleLimit;
  while (!(exited_ && stderr_done_)) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    co_await exit_signal_.wait(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
  }
  co_return failure_detail();
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
