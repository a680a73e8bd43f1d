#include "core/session/session_table.hpp"

#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include "core/async/task_failure.hpp"
#include "core/log/logger.hpp"

namespace mcpgw::session {

bool SessionTable::expired(const ClientSession& s, ClientSession::Clock::time_point now) const {
  return !s.has_stream() && s.in_flight() == 0 && now - s.last_activity() > idle_ttl_;
}

void SessionTable::close_later(std::shared_ptr<ClientSession> session) {
  MCPGW_LOG(info, "session_expired", "session=" << session->id());
  if (!session->executor()) return;  // never started: nothing runs that needs closing
  auto ex = session->executor();
  asio::co_spawn(ex, [s = std::move(session)]() { return s->close(); }, async::log_task_failure);
}

std::shared_ptr<ClientSession> SessionTable::find(const std::string& id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end() || it->second->closed()) return nullptr;
  // 2025-06-18 transports, session management: an ended session's id gets 404 at once, not
  // only after the next sweep.
  if (expired(*it->second, ClientSession::Clock::now())) {
    auto session = std::move(it->second);
    sessions_.erase(it);
    close_later(std::move(session));
    return nullptr;
  }
  return it->second;
}

bool SessionTable::full() {
  if (max_sessions_ == 0 || sessions_.size() < max_sessions_) return false;
  auto now = ClientSession::Clock::now();
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second->closed() || expired(*it->second, now)) {
      if (!it->second->closed()) close_later(std::move(it->second));
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
  return sessions_.size() >= max_sessions_;
}

void SessionTable::insert(std::shared_ptr<ClientSession> session) {
  sessions_[session->id()] = std::move(session);
}

std::shared_ptr<ClientSession> SessionTable::remove(const std::string& id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  auto session = std::move(it->second);
  sessions_.erase(it);
  return session;
}

awaitable<void> SessionTable::sweep_until(const bool& stopping, std::chrono::seconds interval) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (!stopping) {
    timer.expires_after(interval);
    co_await timer.async_wait(use_nothrow);
    if (!stopping) co_await sweep();
  }
}

awaitable<void> SessionTable::sweep() {
  auto now = ClientSession::Clock::now();
  std::vector<std::shared_ptr<ClientSession>> ended;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    auto& s = it->second;
    bool idle = expired(*s, now);
    if (s->closed() || idle) {
      if (idle && !s->closed()) MCPGW_LOG(info, "session_expired", "session=" << s->id());
      ended.push_back(std::move(s));
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& s : ended) co_await s->close();
}

awaitable<void> SessionTable::close_all() {
  auto sessions = std::move(sessions_);
  sessions_.clear();
  // Close them side by side: each may wait out its child's grace periods.
  auto ex = co_await asio::this_coro::executor;
  std::size_t open = sessions.size();
  async::Signal done;
  for (auto& [id, s] : sessions) {
    asio::co_spawn(ex, s->close(), [&open, &done](std::exception_ptr) {
      if (--open == 0) done.notify();
    });
  }
  while (open > 0) co_await done.wait();
}

}  // namespace mcpgw::session
