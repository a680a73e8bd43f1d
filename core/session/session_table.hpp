#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/session/client_session.hpp"

namespace mcpgw::session {

/// The live sessions of one server, by id, at most `max_sessions` of them (0: no cap). Sessions
/// idle longer than the TTL with no open stream and nothing in flight are expired: not found
/// from that moment, and closed by the lookup that notices or by sweep(). Lives on one executor.
class SessionTable {
 public:
  explicit SessionTable(std::chrono::seconds idle_ttl = std::chrono::minutes(30), std::size_t max_sessions = 0)
      : idle_ttl_(idle_ttl), max_sessions_(max_sessions) {}

  /// The open session with that id; an expired one is removed, closed and not returned.
  std::shared_ptr<ClientSession> find(const std::string& id);
  void insert(std::shared_ptr<ClientSession> session);
  std::shared_ptr<ClientSession> remove(const std::string& id);
  std::size_t size() const { return sessions_.size(); }
  /// No room for another session, even after dropping the expired ones (answer 503).
  bool full();

  /// Closes and removes idle and dead sessions. Call periodically.
  awaitable<void> sweep();
  /// sweep() every `interval` until `stopping` is set (the server's shutdown has begun); the
  /// task every server that holds sessions runs beside its listener.
  awaitable<void> sweep_until(const bool& stopping, std::chrono::seconds interval = std::chrono::seconds(30));
  /// Closes every session (shutdown).
  awaitable<void> close_all();

 private:
  bool expired(const ClientSession& s, ClientSession::Clock::time_point now) const;
  /// Closes a session already taken out of the table, in the background.
  static void close_later(std::shared_ptr<ClientSession> session);

  std::chrono::seconds idle_ttl_;
  std::size_t max_sessions_;
  std::unordered_map<std::string, std::shared_ptr<ClientSession>> sessions_;
};

}  // namespace mcpgw::session
