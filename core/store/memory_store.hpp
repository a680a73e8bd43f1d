#pragma once

#include <memory>
#include <type_traits>

#include "core/store/store.hpp"

namespace mcpgw::store {

/// A Store in memory, for tests and for trying things out: same rules as SqliteStore
/// (uniqueness, references, cascades, creation-order keyset pagination), nothing persisted.
class MemoryStore final : public Store {
 public:
  MemoryStore();
  ~MemoryStore() override;

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

 private:
  /// Runs `f` (returning a Result) restoring a snapshot when it fails.
  template <class F>
  std::invoke_result_t<F&> all_or_nothing(F f);

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace mcpgw::store
