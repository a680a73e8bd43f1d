#include "core/gateway/upstream.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/http/url.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/transport/sse/client.hpp"
#include "core/transport/stdio/child_process.hpp"
#include "core/transport/stdio/command_line.hpp"
#include "core/transport/streamable_http/client.hpp"

namespace mcpgw::gateway {

using jsonrpc::Json;
using ChannelResult = boost::system::result<std::shared_ptr<transport::Channel>>;

Json gateway_client_capabilities() {
  return {{"sampling", Json::object()}, {"elicitation", Json::object()}, {"roots", {{"listChanged", true}}}};
}

Upstream::Upstream(const asio::any_io_executor& ex, store::Gateway gateway, HeaderPairs auth_headers,
                   UpstreamLimits limits)
    : ex_(ex),
      gateway_(std::move(gateway)),
      auth_headers_(std::move(auth_headers)),
      limits_(std::move(limits)),
      session_(std::make_shared<session::SharedSession>(
          session::SharedSession::AsyncFactory([this]() { return open_channel(); }), gateway_client_capabilities(),
          Json{{"name", "mcpgw"}, {"version", MCPGW_VERSION}})) {
  session_->set_initialize_timeout(limits_.initialize_timeout);
  // 2026-07-28 versioning: stdio and streamable HTTP upstreams may speak the stateless era; a
  // legacy SSE endpoint never does.
  if (gateway_.transport != "SSE")
    session_->set_detect_modern(true, std::min<std::chrono::milliseconds>(limits_.initialize_timeout, std::chrono::seconds(5)));
  session_->set_listen_for_changes(true);  // the catalog follows a modern upstream's changes
}

awaitable<ChannelResult> Upstream::open_channel() {
  open_failure_.clear();
  if (gateway_.transport == "STDIO") {
    transport::stdio::ChildOptions options;
    try {
      options.argv = transport::stdio::split_command_line(gateway_.command);
    } catch (const ConfigError&) {
      co_return ChannelResult(make_error_code(Errc::upstream_exited));
    }
    if (gateway_.env.is_object())
      for (const auto& [k, v] : gateway_.env.items()) options.env[k] = v.is_string() ? v.get<std::string>() : v.dump();
    auto child = transport::stdio::ChildProcess::spawn(ex_, options);
    if (!child) co_return ChannelResult(child.error());
    co_return ChannelResult(std::shared_ptr<transport::Channel>(std::move(*child)));
  }
  auto url = http::parse_url(gateway_.url);
  if (!url) co_return ChannelResult(make_error_code(Errc::upstream_unreachable));
  transport::RemoteOptions options;
  options.url = *url;
  options.headers = auth_headers_;
  options.connect_timeout = limits_.connect_timeout;
  options.destinations = limits_.destinations;
  if (gateway_.transport == "SSE") {
    auto client = std::make_shared<transport::sse::Client>(ex_, options);
    if (auto ec = co_await client->connect()) {
      open_failure_ = client->failure_detail();
      MCPGW_LOG(warn, "gateway_connect_failed", "gateway=" << gateway_.slug << " reason=\"" << open_failure_ << "\"");
      co_return ChannelResult(ec);
    }
    co_return ChannelResult(std::shared_ptr<transport::Channel>(std::move(client)));
  }
  options.sse_fallback = false;
  options.tag_related_requests = true;
  co_return ChannelResult(std::shared_ptr<transport::Channel>(
      std::make_shared<transport::streamable_http::Client>(ex_, options)));
}

std::string Upstream::failure() const {
  const std::string& session = session_->failure();
  if (open_failure_.empty()) return session;
  return session.empty() ? open_failure_ : session + " (" + open_failure_ + ")";
}

awaitable<error_code> Upstream::ready() { co_return co_await session_->ready(); }

awaitable<boost::system::result<Json>> Upstream::request(std::string method, Json params,
                                                         std::chrono::milliseconds timeout) {
  auto session = session_;
  if (auto ec = co_await session->ready()) co_return ec;
  auto queue = std::make_shared<session::SharedSession::Queue>();
  Json message = jsonrpc::make_request("mcpgw-" + std::to_string(next_own_id_++), method, std::move(params));
  auto call = session->start(std::move(message), queue);
  if (!call) co_return call.error();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    auto raw = co_await queue->pop(left);
    if (!raw) {
      if (queue->closed()) co_return make_error_code(Errc::upstream_exited);
      break;
    }
    Json reply = std::move(*raw).take_json();
    if (!reply.is_object()) continue;
    if (reply.contains("method")) {
      // The gateway's own requests cannot answer sampling or elicitation.
      if (reply.contains("id"))
        session->answer(reply["id"], {{"error", jsonrpc::error_object(jsonrpc::Failure::method_not_found,
                                                                      "the gateway itself cannot answer this")}});
      continue;
    }
    co_return reply;
  }
  session->cancel(**call, "timed out");
  co_return make_error_code(Errc::upstream_timeout);
}

awaitable<void> Upstream::close() {
  auto session = session_;
  co_await session->close();
}

}  // namespace mcpgw::gateway
