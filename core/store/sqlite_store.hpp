#pragma once

#include <memory>
#include <string>
#include <type_traits>

#include "core/store/store.hpp"

namespace mcpgw::store {

class SqliteConnection;

/// The default Store: one SQLite database file (DATABASE_URL=sqlite:///path).
///
/// Blocking by nature. The class is synchronous and not thread-safe: call it only from the
/// store's own thread (serve gives it a dedicated thread and executor; network threads never
/// call it directly).
///
/// On open: journal_mode=WAL (readers never block the writer), foreign_keys=ON (cascades and
/// dangling_reference), busy_timeout (wait for a lock instead of failing at once), and
/// synchronous=FULL. With WAL, a transaction is in the log once COMMIT returns, so killing
/// the process (even with SIGKILL) loses nothing that was acknowledged under NORMAL or FULL;
/// NORMAL can still lose the last commits on power loss or an OS crash, FULL fsyncs the log
/// on every commit and does not. Our writes are rare (admin API calls, catalog refreshes,
/// revocations) and a 201 Created should mean stored, so FULL's one fsync per commit is
/// worth it. Then the migrations in core/store/migrations/ run in one transaction.
class SqliteStore final : public Store {
 public:
  /// Opens or creates the database at `path` (":memory:" for a private in-memory one) and
  /// migrates it. Throws ConfigError when it cannot be opened, Fatal when it cannot be
  /// configured or migrated.
  explicit SqliteStore(const std::string& path, int busy_timeout_ms = 5000);
  ~SqliteStore() override;

  Collection<Gateway>& gateways() override;
  Collection<Tool>& tools() override;
  Collection<Resource>& resources() override;
  Collection<ResourceTemplate>& resource_templates() override;
  Collection<Prompt>& prompts() override;
  Collection<Server>& servers() override;

  Result<Catalog> replace_catalog(std::string_view gateway_id, Catalog catalog) override;
  Result<Gateway> register_gateway(Gateway gateway, Catalog& catalog) override;
  Result<Gateway> update_gateway(Gateway gateway, Catalog* catalog) override;
  Result<void> atomically(const std::function<Result<void>(Store&)>& steps) override;
  Result<void> revoke_token(RevokedToken token) override;
  Result<bool> is_token_revoked(std::string_view jti) override;
  Result<std::vector<std::string>> revoked_jtis() override;
  Result<std::size_t> purge_revocations(Timestamp now) override;

  /// The open connection, for checks of its settings and schema.
  SqliteConnection& connection();

 private:
  /// Runs `f` (returning a Result) in one transaction.
  template <class F>
  std::invoke_result_t<F&> all_or_nothing(F f);

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace mcpgw::store
