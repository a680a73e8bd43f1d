#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/async/awaitable.hpp"
#include "core/gateway/catalog_view.hpp"
#include "core/gateway/stdio_policy.hpp"
#include "core/gateway/store_worker.hpp"
#include "core/gateway/upstream.hpp"
#include "core/gateway/upstream_guard.hpp"
#include "core/rest/tool_call.hpp"
#include "core/store/secret_box.hpp"

namespace mcpgw::gateway {

struct FederationOptions {
  std::string separator = "-";
  std::chrono::seconds tool_timeout{60};         // silence from an upstream before a call fails
  std::chrono::seconds federation_timeout{120};  // connect + discovery of one gateway
  std::chrono::seconds health_interval{60};
  std::chrono::seconds health_timeout{30};
  int unhealthy_threshold = 3;                   // failed checks in a row before a gateway is down
  StdioPolicy stdio;                             // what stdio gateways may run
  std::shared_ptr<const http::DestinationPolicy> destinations;  // SSRF policy for HTTP upstreams
  GuardOptions guard;                            // retries, circuit breakers, call slots
};

/// Why an admin operation failed: an HTTP status for the API and a message for the user.
struct OpError {
  int status = 0;  // 0 = no error
  std::string message;
  explicit operator bool() const { return status != 0; }
};

/// What changed, for list_changed notifications: a bitmask.
inline constexpr unsigned kToolsKind = 1, kResourcesKind = 2, kPromptsKind = 4,
                          kAllKinds = kToolsKind | kResourcesKind | kPromptsKind;

/// Told when what clients may see changes, so MCP sessions can send their list_changed
/// notifications. Called on the network executor.
class CatalogListener {
 public:
  virtual ~CatalogListener() = default;
  virtual void catalog_changed(unsigned kinds) = 0;
  /// The content of a resource kept in the gateway changed (resources/subscribe's
  /// notifications/resources/updated).
  virtual void resource_updated(const std::string& uri) {}
};

/// The federating core of `serve`: registered gateways, one pooled Upstream each, their
/// discovered catalogs in the store, and the CatalogView the MCP endpoints serve from.
/// Admin operations write through the store first and then swap in a new view, so what is
/// served always matches what is stored. Lives on the network executor.
class Federation {
 public:
  Federation(const asio::any_io_executor& ex, StoreWorker& store, store::SecretBox secrets, FederationOptions options);

  /// Loads what the store holds and opens every enabled gateway in the background; the
  /// catalog is served from the store at once, without waiting for upstreams.
  awaitable<void> start();
  /// Health checks until close().
  awaitable<void> run_health_checks();
  /// Drains calls in flight for at most `grace`, then closes every upstream session.
  awaitable<void> close(std::chrono::milliseconds grace);

  const std::shared_ptr<const CatalogView>& view() const { return view_; }
  std::shared_ptr<Upstream> upstream(const std::string& gateway_id) const;
  const FederationOptions& options() const { return options_; }
  StoreWorker& store() { return store_; }
  /// A call could not reach the gateway at all: it is down now, and reconnecting starts.
  void report_unreachable(const std::string& gateway_id, const std::string& problem);
  /// Failure text of a gateway that is down ("" when up).
  std::string gateway_problem(const std::string& gateway_id) const;

  /// Registers a gateway: connects, discovers its catalog and stores both, or stores nothing.
  awaitable<OpError> add_gateway(store::Gateway& gateway, const HeaderPairs& auth);
  /// Replaces a gateway's settings (`auth` nullopt keeps its credentials) and rediscovers.
  awaitable<OpError> update_gateway(store::Gateway& gateway, const std::optional<HeaderPairs>& auth);
  awaitable<OpError> remove_gateway(const std::string& id);
  /// Rediscovers a gateway's catalog; `catalog` receives what is now stored.
  awaitable<OpError> refresh_gateway(const std::string& id, store::Catalog& catalog);
  awaitable<OpError> set_gateway_enabled(const std::string& id, bool enabled, store::Gateway& gateway);

  /// Rebuilds the view from the store after a change made directly through the store (servers);
  /// `kinds` (a mask of k*Kind) are announced to listeners.
  awaitable<void> reload(unsigned kinds);

  void subscribe(std::weak_ptr<CatalogListener> listener);
  /// Tells listeners that the resource at `uri` changed.
  void announce_resource_updated(const std::string& uri);
  /// The stored credentials of a gateway, decrypted (empty when none or unreadable).
  HeaderPairs credentials(const store::Gateway& gateway) const;
  std::string seal_credentials(const std::string& gateway_id, const HeaderPairs& headers) const;
  /// The same for a REST tool's credentials (sealed under the tool's id).
  HeaderPairs credentials(const store::Tool& tool) const;
  std::string seal_tool_credentials(const std::string& tool_id, const HeaderPairs& headers) const;

  /// AUTH_ENCRYPTION_SECRET's box (export and import re-seal credentials with it).
  const store::SecretBox& secrets() const { return secrets_; }
  /// Calls REST tools (integration_type "REST"): their HTTP client, filters and schemas.
  rest::ToolCaller& rest_tools() { return rest_tools_; }
  /// Circuit breakers and call slots of every upstream (gateways and REST APIs).
  UpstreamGuard& guard() { return guard_; }
  const UpstreamGuard& guard() const { return guard_; }
  /// The key of a gateway's circuit and call slots.
  static std::string guard_key(const std::string& gateway_id) { return "gateway:" + gateway_id; }

 private:
  struct Health {
    int failures = 0;
    std::string problem;
  };

  std::shared_ptr<Upstream> make_upstream(const store::Gateway& gateway);
  /// FEDERATION_TIMEOUT bounds every step of reaching a gateway: connecting (at most 30 s),
  /// the initialize handshake, and each list request of discovery.
  UpstreamLimits upstream_limits() const;
  awaitable<void> watch_upstream(std::shared_ptr<Upstream> upstream);
  awaitable<void> connect_in_background(std::shared_ptr<Upstream> upstream);
  awaitable<void> check_one(std::shared_ptr<Upstream> upstream);
  /// While a gateway is down: tries it after 1 s, 2 s, 4 s, ... up to the health-check interval.
  awaitable<void> reconnect_with_backoff(std::shared_ptr<Upstream> upstream);
  /// Discovers a gateway's catalog and checks it against what other gateways serve.
  awaitable<OpError> discover(const std::shared_ptr<Upstream>& upstream, store::Catalog& found);
  awaitable<OpError> discover_and_store(const std::shared_ptr<Upstream>& upstream, store::Catalog& stored);
  void set_down(const std::string& gateway_id, bool down, const std::string& problem);
  void announce(unsigned kinds);
  HeaderPairs open_credentials(const std::string& sealed, const std::string& context, const std::string& whose) const;
  std::string seal(const HeaderPairs& headers, const std::string& context) const;

  asio::any_io_executor ex_;
  StoreWorker& store_;
  store::SecretBox secrets_;
  FederationOptions options_;
  std::shared_ptr<const CatalogView> view_ = std::make_shared<const CatalogView>();
  std::unordered_map<std::string, std::shared_ptr<Upstream>> upstreams_;
  std::unordered_map<std::string, Health> health_;
  std::unordered_set<std::string> down_;
  std::vector<std::weak_ptr<CatalogListener>> listeners_;
  rest::ToolCaller rest_tools_;
  UpstreamGuard guard_;
  bool closing_ = false;
};

}  // namespace mcpgw::gateway
