// "kill -9 loses nothing acknowledged": a child writes records and reports each one through
// a pipe only after create() returned; the parent SIGKILLs it mid-loop and reopens the file.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "core/store/sqlite_store.hpp"
#include "tests/unit/store/store_fixtures.hpp"

using namespace mcpgw::store;
using namespace mcpgw::test;

namespace {

// The child: writes gateways forever, acknowledging each id on `fd`. Never returns.
[[noreturn]] void write_until_killed(const std::string& path, const std::string& prefix, int fd) {
  try {
    SqliteStore store(path);
    for (int i = 0;; ++i) {
      auto created = store.gateways().create(make_gateway(prefix + std::to_string(i)));
      if (!created) _exit(3);
      std::string line = created->id + "\n";
      if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(4);
    }
  } catch (...) {
    _exit(5);
  }
}

// Reads complete lines from `fd` into `lines` until `want` of them, EOF, or the deadline.
void read_lines(int fd, std::string& buffer, std::vector<std::string>& lines, std::size_t want,
                std::chrono::steady_clock::time_point deadline) {
  while (lines.size() < want && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char chunk[4096];
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) return;
    buffer.append(chunk, static_cast<std::size_t>(n));
    for (auto nl = buffer.find('\n'); nl != std::string::npos; nl = buffer.find('\n')) {
      lines.push_back(buffer.substr(0, nl));
      buffer.erase(0, nl + 1);
    }
  }
}

// Runs one child until it has acknowledged `want` records, waits `delay` so the kill lands at
// another point of a transaction each round, SIGKILLs it and returns every id it acknowledged.
std::vector<std::string> kill_writer(const std::string& path, const std::string& prefix,
                                     std::size_t want, std::chrono::microseconds delay) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    write_until_killed(path, prefix, fds[1]);
  }
  ::close(fds[1]);
  std::string buffer;
  std::vector<std::string> acknowledged;
  auto now = std::chrono::steady_clock::now;
  read_lines(fds[0], buffer, acknowledged, want, now() + std::chrono::seconds(30));
  std::this_thread::sleep_for(delay);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  // Whatever the child acknowledged before it died counts too.
  read_lines(fds[0], buffer, acknowledged, SIZE_MAX, now() + std::chrono::seconds(5));
  ::close(fds[0]);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  return acknowledged;
}

std::size_t count_gateways(Store& store) {
  std::size_t stored = 0;
  ListQuery query{.limit = kMaxPageSize};
  do {
    auto page = store.gateways().list(query);
    REQUIRE(page);
    stored += page->items.size();
    query.cursor = page->next_cursor;
  } while (!query.cursor.empty());
  return stored;
}

}  // namespace

TEST_CASE("SIGKILL in the middle of writes loses nothing that was acknowledged",
          "[store][sqlite]") {
  TempDir dir;
  const std::string path = (dir.path / "mcp.db").string();
  { SqliteStore created(path); }  // schema in place before the first child starts
  std::vector<std::string> acknowledged;
  for (int round = 0; round < 5; ++round) {
    INFO("round " << round);
    auto more = kill_writer(path, "r" + std::to_string(round) + "-", 50,
                            std::chrono::microseconds(round * 150));
    REQUIRE(more.size() >= 50);
    acknowledged.insert(acknowledged.end(), more.begin(), more.end());

    SqliteStore reopened(path);
    std::size_t missing = 0;
    for (const auto& id : acknowledged) missing += reopened.gateways().get(id) ? 0 : 1;
    CHECK(missing == 0);
    // Each round may have committed one record it did not live to report.
    std::size_t stored = count_gateways(reopened);
    CHECK(stored >= acknowledged.size());
    CHECK(stored <= acknowledged.size() + round + 1);
  }
}
