#include "core/bridge/stdio_bridge.hpp"

#include <iostream>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/empty_body.hpp>

#include "core/async/run_until_signalled.hpp"
#include "core/async/task_failure.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "core/http/cors.hpp"
#include "core/http/origin_check.hpp"
#include "core/http/server.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/session/era_probing_channel.hpp"
#include "core/session/modern_session_channel.hpp"
#include "core/transport/jsonrpc_over_http.hpp"
#include "core/transport/sse/server.hpp"
#include "core/transport/stdio/child_process.hpp"
#include "core/transport/streamable_http/server.hpp"

namespace mcpgw::bridge {

namespace bhttp = boost::beast::http;

namespace {

/// The HTTP front of the bridge: DNS-rebinding checks, CORS, then one route per path.
class Front {
 public:
  Front(const StdioBridgeConfig& config, asio::any_io_executor ex)
      : config_(config),
        ex_(std::move(ex)),
        origins_(config.host, config.cors_origins, config.allowed_hosts),
        sessions_(config.session_idle_ttl, config.max_sessions),
        shared_(shared_child(true)),
        shared_legacy_(config.stateless ? shared_child(false) : nullptr),
        modern_({config.json_response, config.cache_ttl_ms, config.keep_alive, config.request_timeout,
                 config.request_timeout},
                shared_),
        stateless_({config.json_response, config.request_timeout}, shared_legacy_),
        streamable_({config.json_response, config.keep_alive, config.request_timeout},
                    [this](const http::Exchange& e) { return session_channel(e); }, sessions_, &modern_,
                    config.stateless ? &stateless_ : nullptr),
        sse_({config.message_path, config.keep_alive},
             [this](const http::Exchange& e) { return session_channel(e); }, sessions_) {}

  /// Closes every session and the shared upstreams (shutdown).
  awaitable<void> close_all() {
    co_await sessions_.close_all();
    co_await shared_->close();
    if (shared_legacy_) co_await shared_legacy_->close();
  }
  session::SessionTable& sessions() { return sessions_; }

  awaitable<void> handle(http::Exchange& exchange) {
    for (const auto& [k, v] : config_.response_headers) exchange.add_response_header(k, v);
    std::string_view origin = exchange.header("Origin");
    http::allow_cors(exchange, origins_);
    std::string_view path = exchange.path();
    std::string_view methods = route_methods(path);
    if (!methods.empty() && !exchange.allow_methods(methods)) {
      co_await exchange.respond(bhttp::status::method_not_allowed, "text/plain", "method not allowed\n");
      co_return;
    }
    if (path == config_.health_path) {
      co_await exchange.respond(bhttp::status::ok, "text/plain", "ok\n");
      co_return;
    }
    if (auto why = origins_.check(exchange.header("Host"), origin); !why.empty()) {
      MCPGW_LOG(warn, "request_rejected", "reason=\"" << why << "\"");
      co_await transport::respond_failure(exchange, nullptr, jsonrpc::Failure::origin_rejected, "Forbidden: " + why);
      co_return;
    }
    if (methods.empty()) {
      co_await exchange.respond(bhttp::status::not_found, "text/plain", "not found\n");
    } else if (exchange.request().method() == bhttp::verb::options) {
      co_await http::respond_preflight(exchange, origins_, methods);
    } else if (config_.expose_streamable_http && path == config_.mcp_path) {
      co_await streamable_.handle(exchange);
    } else if (config_.expose_sse && path == config_.sse_path) {
      co_await sse_.handle_stream(exchange);
    } else if (config_.expose_sse && path == config_.message_path) {
      co_await sse_.handle_message(exchange);
    }
  }

 private:
  /// The methods a path takes, as an `Allow` list; "" when nothing is served there.
  std::string_view route_methods(std::string_view path) const {
    if (path == config_.health_path) return "GET, HEAD";
    if (config_.expose_streamable_http && path == config_.mcp_path)
      return config_.stateless ? "POST, OPTIONS" : "GET, POST, DELETE, OPTIONS";
    if (config_.expose_sse && path == config_.sse_path) return "GET, OPTIONS";
    if (config_.expose_sse && path == config_.message_path) return "POST, OPTIONS";
    return {};
  }

  /// The child that stateless requests share. Modern clients' child is probed with
  /// server/discover and, when it answers, spoken to in 2026-07-28; --stateless legacy clients
  /// get a child of their own that is always initialized (legacy), started on first use.
  std::shared_ptr<session::SharedSession> shared_child(bool detect_modern) {
    auto shared = std::make_shared<session::SharedSession>(
        [this] { return spawn_child(nullptr); },
        jsonrpc::Json{{"sampling", jsonrpc::Json::object()}, {"elicitation", jsonrpc::Json::object()},
                      {"roots", jsonrpc::Json::object()}},
        jsonrpc::Json{{"name", "mcpgw"}, {"version", MCPGW_VERSION}});
    shared->set_detect_modern(detect_modern);
    return shared;
  }

  /// What serves one legacy client session. 2026-07-28 versioning: the first session finds
  /// the server's era (EraProbingChannel); after that a legacy server gives each session a child
  /// of its own, and a 2026-07-28-only server serves every session through the shared child.
  boost::system::result<std::shared_ptr<transport::Channel>> session_channel(const http::Exchange& exchange) {
    if (child_modern_ && *child_modern_)
      return std::shared_ptr<transport::Channel>(std::make_shared<session::ModernSessionChannel>(
          ex_, shared_, std::chrono::duration_cast<std::chrono::milliseconds>(config_.request_timeout)));
    if (child_modern_) return spawn_child(&exchange);
    auto probing = std::make_shared<session::EraProbingChannel>(
        ex_, [this, options = child_options(&exchange)] { return spawn(options); }, shared_,
        std::chrono::duration_cast<std::chrono::milliseconds>(config_.request_timeout),
        [this](bool modern) {
          if (!child_modern_) MCPGW_LOG(info, "server_era", "era=" << (modern ? "modern" : "legacy"));
          child_modern_ = modern;
        });
    if (auto ec = probing->start()) return ec;
    return std::shared_ptr<transport::Channel>(std::move(probing));
  }

  /// How a child starts; `exchange` (absent for the shared upstream) supplies header-to-env.
  transport::stdio::ChildOptions child_options(const http::Exchange* exchange) const {
    transport::stdio::ChildOptions options;
    options.argv = config_.command;
    options.env = config_.env;
    for (const auto& [header, var] : config_.header_to_env) {
      std::string_view value = exchange ? exchange->header(header) : std::string_view();
      if (!value.empty()) options.env[var] = std::string(value);
    }
    return options;
  }

  boost::system::result<std::shared_ptr<transport::Channel>> spawn(const transport::stdio::ChildOptions& options) {
    auto child = transport::stdio::ChildProcess::spawn(ex_, options);
    if (!child) return child.error();
    return std::shared_ptr<transport::Channel>(std::move(*child));
  }

  boost::system::result<std::shared_ptr<transport::Channel>> spawn_child(const http::Exchange* exchange) {
    return spawn(child_options(exchange));
  }

  const StdioBridgeConfig& config_;
  asio::any_io_executor ex_;
  http::OriginCheck origins_;
  session::SessionTable sessions_;
  std::shared_ptr<session::SharedSession> shared_;         // modern clients
  std::shared_ptr<session::SharedSession> shared_legacy_;  // --stateless legacy clients
  std::optional<bool> child_modern_;                         // the server's era, once a session found it
  transport::streamable_http::ModernHandler modern_;
  transport::streamable_http::StatelessHandler stateless_;
  transport::streamable_http::Server streamable_;
  transport::sse::Server sse_;
};

}  // namespace

int run_stdio_bridge(const StdioBridgeConfig& config) {
  if (config.command.empty()) throw ConfigError("--stdio needs a command to run");
  asio::io_context ctx(1);
  Front front(config, ctx.get_executor());
  http::ServerOptions options{config.host, config.port, config.body_limit};
  options.max_connections = config.max_connections;
  http::Server server(ctx.get_executor(), options,
                      [&front](http::Exchange& e) { return front.handle(e); });
  server.listen();

  std::string base = "http://" + config.host + ":" + std::to_string(server.port());
  MCPGW_LOG(info, "listening", "address=" << config.host << ":" << server.port());
  if (config.expose_streamable_http) MCPGW_LOG(info, "endpoint", "transport=streamable_http url=" << base << config.mcp_path);
  if (config.expose_sse) MCPGW_LOG(info, "endpoint", "transport=sse url=" << base << config.sse_path);

  bool stopping = false;
  asio::co_spawn(ctx, server.run(), async::log_task_failure);
  asio::co_spawn(ctx, front.sessions().sweep_until(stopping), async::log_task_failure);
  return async::run_until_signalled(ctx, {kExitOk, [&]() -> awaitable<void> {
                                            stopping = true;
                                            server.stop();
                                            co_await front.close_all();
                                          }});
}

}  // namespace mcpgw::bridge
