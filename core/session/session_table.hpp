#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/session/bridge_session.hpp"

namespace mcpgw::session {

/// The live sessions of one server, by id. Sessions idle longer than the TTL with no open stream
/// and nothing in flight are closed by sweep(). Lives on one executor.
class SessionTable {
 public:
  explicit SessionTable(std::chrono::seconds idle_ttl = std::chrono::minutes(30)) : idle_ttl_(idle_ttl) {}

  std::shared_ptr<BridgeSession> find(const std::string& id) const;
  void insert(std::shared_ptr<BridgeSession> session);
  std::shared_ptr<BridgeSession> remove(const std::string& id);
  std::size_t size() const { return sessions_.size(); }

  /// Closes and removes idle and dead sessions. Call periodically.
  awaitable<void> sweep();
  /// Closes every session (shutdown).
  awaitable<void> close_all();

 private:
  std::chrono::seconds idle_ttl_;
  std::unordered_map<std::string, std::shared_ptr<BridgeSession>> sessions_;
};

}  // namespace mcpgw::session
