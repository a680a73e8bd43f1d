#include "commands/translate.hpp"

#include "commands/name_value.hpp"
#include "core/bridge/remote_bridge.hpp"
#include "core/bridge/stdio_bridge.hpp"
#include "core/http/url.hpp"
#include "core/error.hpp"
#include "core/log/logger.hpp"
#include "core/transport/stdio/command_line.hpp"

namespace mcpgw::commands {

CLI::App* register_translate(CLI::App& app, TranslateOptions& o) {
  auto* sub = app.add_subcommand(
      "translate", "Bridge a stdio MCP server to HTTP (SSE and streamable HTTP), or a remote one to stdio");
  auto* stdio = sub->add_option("--stdio,--stdioCommand", o.stdio_command,
                                "Command of the stdio MCP server to serve, e.g. \"npx -y "
                                "@modelcontextprotocol/server-everything\"");
  auto* connect = sub->add_option("--connect", o.connect_url,
                                  "Expose the remote MCP server at URL on stdin/stdout (streamable HTTP, "
                                  "falling back to SSE)");
  auto* connect_sse = sub->add_option("--connect-sse", o.connect_sse_url,
                                      "Like --connect, for a server that speaks legacy HTTP+SSE only");
  auto* connect_streamable = sub->add_option("--connect-streamable-http", o.connect_streamable_url,
                                             "Like --connect, streamable HTTP only");
  stdio->excludes(connect)->excludes(connect_sse)->excludes(connect_streamable);
  connect->excludes(connect_sse)->excludes(connect_streamable);
  connect_sse->excludes(connect_streamable);
  sub->add_option("--oauth2-bearer,--oauth2Bearer", o.oauth2_bearer,
                  "With --connect: send Authorization: Bearer TOKEN")
      ->envname("MCPGW_OAUTH2_BEARER");
  sub->add_option("--host", o.host, "Address to listen on")->capture_default_str();
  sub->add_option("--port", o.port, "Port to listen on (0 picks a free one)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  sub->add_flag("--expose-sse", o.expose_sse, "Serve legacy HTTP+SSE (alone unless --expose-streamable-http)");
  sub->add_flag("--expose-streamable-http", o.expose_streamable_http,
                "Serve streamable HTTP (alone unless --expose-sse)");
  sub->add_flag("--json-response,--jsonResponse", o.json_response,
                "Answer streamable HTTP requests with JSON, never SSE");
  sub->add_flag("--stateless", o.stateless,
                "No sessions: every streamable HTTP client shares one child that mcpgw initializes itself");
  sub->add_option("--cors", o.cors, "Origins allowed to call from a browser (\"*\" for any)");
  sub->add_option("--header", o.headers,
                  "\"Name: value\" (repeatable): added to every response, or with --connect to every request");
  sub->add_option("--env", o.env, "Environment variable for the child, NAME=value (repeatable)");
  sub->add_flag("--enable-dynamic-env", o.enable_dynamic_env,
                "Pass request headers into each session's child environment (see --header-to-env)");
  sub->add_option("--header-to-env", o.header_to_env,
                  "With --enable-dynamic-env: HEADER=ENV copies a request header into the child's environment");
  sub->add_option("--allowed-host", o.allowed_hosts,
                  "Host name accepted besides loopback names (DNS-rebinding protection)");
  sub->add_option("--keep-alive,--keepAlive", o.keep_alive, "Seconds between SSE keep-alive comments")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  sub->add_option("--request-timeout", o.request_timeout,
                  "Seconds of upstream silence before a request fails")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  sub->add_option("--session-ttl", o.session_ttl, "Seconds an idle session (and its child) is kept")
      ->check(CLI::Range(1, 604800))
      ->capture_default_str();
  sub->add_option("--max-sessions", o.max_sessions,
                  "Most sessions (each with its child) open at once; more get 503 (0: no limit)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  sub->add_option("--max-body-bytes", o.body_limit, "Largest request body accepted")->capture_default_str();
  sub->add_option("--max-connections", o.max_connections,
                  "Open HTTP connections at most; more wait in the listen backlog")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  sub->add_option("--sse-path,--ssePath", o.sse_path, "Path of the SSE stream")->capture_default_str();
  sub->add_option("--message-path,--messagePath", o.message_path, "Path SSE clients POST to")
      ->capture_default_str();
  sub->add_option("--mcp-path,--streamableHttpPath", o.mcp_path, "Path of the streamable HTTP endpoint")
      ->capture_default_str();
  sub->add_option("--log-level,--logLevel", o.log_level, "off, error, warn, info or debug")
      ->capture_default_str();
  return sub;
}

namespace {

void require_path(const std::string& path, const char* flag) {
  if (path.empty() || path.front() != '/') throw ConfigError(std::string(flag) + " must start with '/'");
}

int run_connect(const TranslateOptions& o) {
  bridge::RemoteBridgeConfig config;
  std::string url = o.connect_url;
  if (!o.connect_sse_url.empty()) {
    url = o.connect_sse_url;
    config.transport = bridge::RemoteTransport::sse;
  } else if (!o.connect_streamable_url.empty()) {
    url = o.connect_streamable_url;
    config.transport = bridge::RemoteTransport::streamable_http;
  }
  auto parsed = http::parse_url(url);
  if (!parsed) throw ConfigError("not an http(s) URL: '" + url + "'");
  config.remote.url = *parsed;
  for (const auto& h : o.headers) config.remote.headers.push_back(split_name_value(h, ':', "--header"));
  if (!o.oauth2_bearer.empty()) config.remote.headers.emplace_back("Authorization", "Bearer " + o.oauth2_bearer);
  config.request_timeout = std::chrono::seconds(o.request_timeout);
  return bridge::run_remote_bridge(config);
}

}  // namespace

int run_translate(const TranslateOptions& o) {
  log::set_level(log::parse_level(o.log_level));
  if (!o.connect_url.empty() || !o.connect_sse_url.empty() || !o.connect_streamable_url.empty())
    return run_connect(o);
  if (o.stdio_command.empty())
    throw ConfigError("translate needs --stdio COMMAND, or --connect URL for the reverse direction");
  bridge::StdioBridgeConfig config;
  config.command = transport::stdio::split_command_line(o.stdio_command);
  config.host = o.host;
  config.port = static_cast<std::uint16_t>(o.port);
  if (o.expose_sse || o.expose_streamable_http) {
    config.expose_sse = o.expose_sse;
    config.expose_streamable_http = o.expose_streamable_http;
  }
  config.json_response = o.json_response;
  config.stateless = o.stateless;
  config.cors_origins = o.cors;
  config.allowed_hosts = o.allowed_hosts;
  for (const auto& h : o.headers) config.response_headers.push_back(split_name_value(h, ':', "--header"));
  for (const auto& e : o.env) config.env.insert(split_name_value(e, '=', "--env"));
  if (!o.header_to_env.empty() && !o.enable_dynamic_env)
    throw ConfigError("--header-to-env needs --enable-dynamic-env");
  for (const auto& h : o.header_to_env) config.header_to_env.push_back(split_name_value(h, '=', "--header-to-env"));
  config.keep_alive = std::chrono::seconds(o.keep_alive);
  config.request_timeout = std::chrono::seconds(o.request_timeout);
  config.session_idle_ttl = std::chrono::seconds(o.session_ttl);
  config.max_sessions = static_cast<std::size_t>(o.max_sessions);
  config.body_limit = o.body_limit;
  config.max_connections = o.max_connections;
  require_path(o.sse_path, "--sse-path");
  require_path(o.message_path, "--message-path");
  require_path(o.mcp_path, "--mcp-path");
  config.sse_path = o.sse_path;
  config.message_path = o.message_path;
  config.mcp_path = o.mcp_path;
  return bridge::run_stdio_bridge(config);
}

}  // namespace mcpgw::commands
