#include "core/gateway/serve.hpp"

#include <filesystem>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/auth/algorithm.hpp"
#include "core/auth/defaults.hpp"
#include "core/auth/keys.hpp"
#include "core/auth/random.hpp"
#include "core/auth/secret_file.hpp"
#include "core/async/run_until_signalled.hpp"
#include "core/async/task_failure.hpp"
#include "core/catalog/catalog_file.hpp"
#include "core/config/database_url.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "core/gateway/federation.hpp"
#include "core/gateway/serve_front.hpp"
#include "core/gateway/store_worker.hpp"
#include "core/http/destination_policy.hpp"
#include "core/http/server.hpp"
#include "core/log/logger.hpp"
#include "core/store/sqlite_store.hpp"

namespace mcpgw::gateway {

namespace fs = std::filesystem;

namespace {

constexpr auto kDrainGrace = std::chrono::seconds(10);
constexpr std::string_view kEncryptionSecretFileName = ".mcpgw_encryption_secret";

/// The secret in `dir/name`, made (mode 0600) when it does not exist yet.
std::string secret_beside_database(const fs::path& dir, std::string_view name, const char* what) {
  fs::path path = dir / name;
  std::error_code ec;
  if (fs::exists(path, ec)) {
    if (auth::readable_by_others(path))
      MCPGW_LOG(warn, "secret_file_readable", "path=" << path.string() << " fix=\"chmod 600\"");
    return auth::read_secret_file(path);
  }
  std::string secret = auth::new_secret(32);
  auth::write_secret_file(path, secret);
  MCPGW_LOG(info, "secret_generated", "what=" << what << " path=" << path.string());
  return secret;
}

auth::VerifierConfig verifier_config(const config::Settings& s, const fs::path& dir) {
  auto algorithm = auth::parse_algorithm(s.jwt_algorithm);
  if (!algorithm) throw ConfigError("JWT_ALGORITHM: '" + s.jwt_algorithm + "' is not a JWT algorithm we accept");
  auth::VerifierConfig config;
  if (auth::family_of(*algorithm) == auth::AlgorithmFamily::hmac) {
    std::string secret = s.jwt_secret_key;
    if (secret.empty()) secret = secret_beside_database(dir, auth::kDefaultSecretFileName, "jwt_secret");
    config.key = auth::HmacSecret{secret};
  } else {
    if (s.jwt_public_key_path.empty())
      throw ConfigError("JWT_ALGORITHM=" + s.jwt_algorithm + " needs JWT_PUBLIC_KEY_PATH (a PEM public key)");
    config.key = auth::Key::load_public_file(s.jwt_public_key_path);
  }
  config.algorithms = {*algorithm};
  config.issuer = s.jwt_issuer;
  config.audience = s.jwt_audience;
  config.require_exp = s.require_token_expiration;
  config.require_jti = s.require_jti;
  return config;
}

}  // namespace

int run_serve(const config::SettingsSources& sources) {
  config::Settings settings = config::load_settings(sources);
  log::set_level(settings.log_level);
  // Read (and checked) once at start-up: a catalog file with a problem is a ConfigError naming it.
  CatalogEntries catalog_entries;
  if (settings.mcpgateway_catalog_enabled)
    catalog_entries = std::make_shared<const std::vector<catalog::CatalogEntry>>(
        catalog::load_catalogs(settings.mcpgateway_catalog_file));

  std::string why;
  auto db = config::parse_database_url(settings.database_url, why);
  if (!db) throw ConfigError("DATABASE_URL: " + why);
  if (db->backend != config::DatabaseUrl::Backend::sqlite)
    throw ConfigError("DATABASE_URL: only sqlite:/// databases are supported by this build");
  fs::path dir = db->path == ":memory:" ? fs::current_path() : fs::absolute(fs::path(db->path)).parent_path();

  RequestAuth request_auth(verifier_config(settings, dir), {settings.auth_required, settings.basic_auth_user,
                                                           settings.basic_auth_password, settings.api_allow_basic_auth});
  if (!settings.auth_required)
    MCPGW_LOG(warn, "auth_disabled", "reason=\"AUTH_REQUIRED=false: anyone who can reach the port may use it\"");
  std::string encryption = settings.auth_encryption_secret;
  if (encryption.empty()) encryption = secret_beside_database(dir, kEncryptionSecretFileName, "auth_encryption_secret");

  auto started = std::chrono::steady_clock::now();
  StoreWorker worker(std::make_unique<store::SqliteStore>(db->path, settings.db_sqlite_busy_timeout));
  // Before any coroutine runs, so the worker is still ours alone.
  store::Store& direct = worker.unsafe_direct();
  (void)direct.purge_revocations(store::current_time());
  auto revoked = direct.revoked_jtis();
  if (!revoked) throw Fatal("cannot read revoked tokens: " + revoked.error().message());
  request_auth.load_revoked(std::move(*revoked));
  asio::io_context ctx(1);
  FederationOptions federation_options;
  federation_options.separator = settings.gateway_tool_name_separator;
  federation_options.tool_timeout = std::chrono::seconds(settings.tool_timeout);
  federation_options.federation_timeout = std::chrono::seconds(settings.federation_timeout);
  federation_options.health_interval = std::chrono::seconds(settings.health_check_interval);
  federation_options.health_timeout = std::chrono::seconds(settings.health_check_timeout);
  federation_options.unhealthy_threshold = settings.unhealthy_threshold;
  federation_options.stdio = {settings.stdio_gateways_enabled, settings.stdio_allowed_commands};
  federation_options.destinations =
      std::make_shared<const http::DestinationPolicy>(settings.ssrf_blocked_networks, settings.ssrf_allowed_networks);
  federation_options.guard.breaker_threshold = settings.circuit_breaker_failure_threshold;
  federation_options.guard.breaker_reset = std::chrono::seconds(settings.circuit_breaker_reset_seconds);
  federation_options.guard.max_concurrent = settings.max_concurrent_calls_per_gateway;
  federation_options.guard.slot_wait = std::chrono::milliseconds(settings.max_concurrent_wait_ms);
  federation_options.guard.retry = {settings.retry_max_attempts, std::chrono::milliseconds(settings.retry_base_delay_ms),
                                    std::chrono::milliseconds(settings.retry_max_delay_ms)};
  Federation federation(ctx.get_executor(), worker, store::SecretBox(encryption), federation_options);
  Metrics metrics;
  FrontOptions front_options;
  front_options.host = settings.host;
  front_options.allowed_origins = settings.allowed_origins;
  front_options.root_path = settings.app_root_path;
  front_options.keep_alive = std::chrono::seconds(settings.sse_keepalive_interval);
  front_options.request_timeout = std::chrono::seconds(std::max(settings.tool_timeout, 1) + 5);
  front_options.database = "sqlite:///" + db->path;
  front_options.session_ttl = std::chrono::seconds(settings.session_ttl);
  front_options.max_sessions = static_cast<std::size_t>(settings.max_sessions);
  front_options.admin_api = settings.mcpgateway_admin_api_enabled;
  front_options.rate_limits = {settings.rate_limiting_enabled, settings.rate_limit_per_user_rpm, settings.tool_rate_limit};
  front_options.catalog = catalog_entries;
  ServeFront front(ctx.get_executor(), front_options, federation, metrics, request_auth);

  http::ServerOptions http_options;
  http_options.host = settings.host;
  http_options.port = settings.port;
  http_options.body_limit = settings.max_body_bytes;
  http_options.max_connections = settings.max_connections;
  http::Server server(ctx.get_executor(), http_options, [&front](http::Exchange& e) { return front.handle(e); });
  server.listen();
  MCPGW_LOG(info, "listening", "address=" << settings.host << ":" << server.port() << " database=" << db->path
                                          << " auth=" << (settings.auth_required ? "required" : "off"));

  bool stopping = false;
  asio::co_spawn(ctx, server.run(), async::log_task_failure);
  asio::co_spawn(
      ctx,
      [&]() -> awaitable<void> {
        co_await federation.start();
        front.set_ready(true);
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        MCPGW_LOG(info, "ready", "gateways=" << federation.view()->gateways().size()
                                             << " tools=" << federation.view()->all_tools().size()
                                             << " startup_ms=" << ms.count());
        co_await federation.run_health_checks();
      },
      async::log_task_failure);
  asio::co_spawn(ctx, front.sessions().sweep_until(stopping), async::log_task_failure);

  asio::signal_set reload_signal(ctx, SIGHUP);
  std::function<void()> wait_reload = [&] {
    reload_signal.async_wait([&](error_code ec, int) {
      if (ec) return;
      try {
        config::Settings fresh = config::load_settings(sources);
        log::set_level(fresh.log_level);
        MCPGW_LOG(info, "config_reloaded",
                  "applied=log_level note=\"listening, database and auth settings take effect on restart\"");
      } catch (const std::exception& e) {
        MCPGW_LOG(error, "config_reload_failed", "reason=\"" << e.what() << "\" kept=previous");
      }
      wait_reload();
    });
  };
  wait_reload();

  int status = async::run_until_signalled(ctx, {kExitOk, [&]() -> awaitable<void> {
                                                   stopping = true;
                                                   server.stop();
                                                   reload_signal.cancel();
                                                   co_await federation.close(kDrainGrace);
                                                   // Let the last answers reach their clients
                                                   // before the sessions go.
                                                   asio::steady_timer settle(ctx, std::chrono::milliseconds(200));
                                                   co_await settle.async_wait(use_nothrow);
                                                   co_await front.close_all();
                                                 }});
  MCPGW_LOG(info, "stopped", "");
  return status;
}

}  // namespace mcpgw::gateway
