#include "core/session/session_table.hpp"

#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>

#include "core/log/logger.hpp"

namespace mcpgw::session {

std::shared_ptr<BridgeSession> SessionTable::find(const std::string& id) const {
  auto it = sessions_.find(id);
  if (it == sessions_.end() || it->second->closed()) return nullptr;
  return it->second;
}

void SessionTable::insert(std::shared_ptr<BridgeSession> session) {
  sessions_[session->id()] = std::move(session);
}

std::shared_ptr<BridgeSession> SessionTable::remove(const std::string& id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  auto session = std::move(it->second);
  sessions_.erase(it);
  return session;
}

awaitable<void> SessionTable::sweep() {
  auto now = BridgeSession::Clock::now();
  std::vector<std::shared_ptr<BridgeSession>> expired;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    auto& s = it->second;
    bool idle = !s->has_stream() && s->in_flight() == 0 && now - s->last_activity() > idle_ttl_;
    if (s->closed() || idle) {
      if (idle && !s->closed()) MCPGW_LOG(info, "session_expired", "session=" << s->id());
      expired.push_back(std::move(s));
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& s : expired) co_await s->close();
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
