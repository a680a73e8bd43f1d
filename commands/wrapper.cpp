#include "commands/wrapper.hpp"

#include <chrono>

#include "commands/name_value.hpp"
#include "core/bridge/wrapper_bridge.hpp"
#include "core/error.hpp"
#include "core/http/url.hpp"
#include "core/log/logger.hpp"

namespace mcpgw::commands {

CLI::App* register_wrapper(CLI::App& app, WrapperOptions& o) {
  auto* sub = app.add_subcommand(
      "wrapper", "Serve a remote MCP server (a gateway's virtual server) on stdin/stdout, for desktop clients");
  sub->add_option("--url", o.url,
                  "The remote server's MCP endpoint, e.g. http://localhost:4444/servers/UUID/mcp "
                  "(a .../servers/UUID URL gets /mcp appended)")
      ->envname("MCP_SERVER_URL");
  sub->add_option("--auth", o.auth, "The Authorization header value, e.g. \"Bearer TOKEN\"")->envname("MCP_AUTH");
  sub->add_option("--timeout", o.timeout, "Seconds a request may take before it fails")
      ->envname("MCP_TOOL_CALL_TIMEOUT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_option("--log-level", o.log_level, "OFF, ERROR, INFO or DEBUG (logs go to stderr only)")
      ->envname("MCP_WRAPPER_LOG_LEVEL")
      ->capture_default_str();
  sub->add_option("--header", o.headers, "\"Name: value\" sent with every request (repeatable)");
  sub->add_option("--era", o.era,
                  "Protocol era to speak to the server: auto (probe with server/discover), legacy "
                  "(initialize and sessions) or modern (2026-07-28, stateless)")
      ->check(CLI::IsMember({"auto", "legacy", "modern"}))
      ->capture_default_str();
  return sub;
}

int run_wrapper(const WrapperOptions& o) {
  // Precedence: defaults < environment < flags (CLI11 gives a flag priority over its envname).
  log::set_level(log::parse_level(o.log_level));
  if (o.url.empty())
    throw ConfigError("wrapper needs the remote server's URL: set MCP_SERVER_URL or pass --url");
  auto url = http::parse_url(o.url);
  if (!url) throw ConfigError("MCP_SERVER_URL (--url) is not an http(s) URL: '" + o.url + "'");
  if (http::complete_gateway_server_path(*url))
    MCPGW_LOG(info, "url_completed", "url=" << url->to_string() << " reason=\"a gateway server URL names its /mcp endpoint\"");

  bridge::WrapperConfig config;
  config.remote.url = *url;
  for (const auto& h : o.headers) config.remote.headers.push_back(split_name_value(h, ':', "--header"));
  if (!o.auth.empty()) config.remote.headers.emplace_back("Authorization", o.auth);
  config.request_timeout = std::chrono::milliseconds(static_cast<long long>(o.timeout * 1000));
  config.era = o.era == "legacy"   ? bridge::EraChoice::legacy
               : o.era == "modern" ? bridge::EraChoice::modern
                                   : bridge::EraChoice::automatic;
  return bridge::run_wrapper(config);
}

}  // namespace mcpgw::commands
