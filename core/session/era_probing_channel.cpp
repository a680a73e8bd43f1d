#include "core/session/era_probing_channel.hpp"

#include <boost/asio/co_spawn.hpp>

#include "core/async/task_failure.hpp"
#include "core/error.hpp"
#include "core/log/logger.hpp"
#include "core/protocol/era_mapping.hpp"
#include "core/session/modern_session_channel.hpp"

namespace mcpgw::session {

using jsonrpc::Json;

namespace {
constexpr std::string_view kProbeId = "mcpgw-era-probe";
/// After the server refused initialize, how long its answer to the probe may still take.
constexpr std::chrono::seconds kProbeGrace{1};
}  // namespace

EraProbingChannel::EraProbingChannel(const asio::any_io_executor& ex, Spawn spawn,
                                     std::shared_ptr<SharedSession> modern_upstream,
                                     std::chrono::milliseconds ask_timeout, Verdict verdict)
    : ex_(ex),
      spawn_(std::move(spawn)),
      modern_upstream_(std::move(modern_upstream)),
      ask_timeout_(ask_timeout),
      verdict_(std::move(verdict)) {}

error_code EraProbingChannel::start() {
  auto child = spawn_();
  if (!child) return child.error();
  child_ = *child;
  asio::co_spawn(ex_, pump(child_), async::log_task_failure);
  return {};
}

error_code EraProbingChannel::send(jsonrpc::Envelope raw) {
  if (closed_) return make_error_code(Errc::stream_ended);
  if (mode_ == Mode::legacy) return child_ ? child_->send(std::move(raw)) : make_error_code(Errc::upstream_exited);
  if (mode_ == Mode::modern) return modern_->send(std::move(raw));
  if (initialize_) {
    held_.push_back(std::move(raw));  // the verdict comes with initialize's answer
    return {};
  }
  const Json& message = raw.json();
  if (!message.is_object() || jsonrpc::method_of(message) != "initialize" || !message.contains("id")) {
    become_legacy();  // not a session start we can probe around: speak as the client does
    return child_->send(std::move(raw));
  }
  initialize_id_ = jsonrpc::id_key(message["id"]);
  initialize_ = raw;
  protocol::ModernClientContext context = protocol::context_from_initialize(message);
  // A child that dies of the probe is started again by pump(), which sends initialize anew:
  // a failed send here is no failure of the session.
  if (!child_->send(protocol::make_discover_request(Json(std::string(kProbeId)), context)))
    child_->send(std::move(raw));
  return {};
}

awaitable<std::tuple<error_code, jsonrpc::Envelope>> EraProbingChannel::receive() {
  if (auto message = co_await inbound_.pop()) co_return std::tuple{error_code{}, std::move(*message)};
  if (auto direct = direct_) co_return co_await direct->receive();
  co_return std::tuple{make_error_code(Errc::upstream_exited), jsonrpc::Envelope()};
}

void EraProbingChannel::hand_off(std::shared_ptr<transport::Channel> to) {
  direct_ = std::move(to);
  inbound_.close();  // a receive() waiting on it wakes and goes to direct_
}

awaitable<void> EraProbingChannel::pump(std::shared_ptr<transport::Channel> from) {
  auto self = shared_from_this();
  for (;;) {
    auto [ec, line] = co_await from->receive();
    if (from != child_ && from != modern_) co_return;  // a child we let go of
    if (ec) {
      if (mode_ == Mode::probing && !restarted_ && !closed_) {
        // A legacy server that cannot bear a request before initialize: once more, no probe.
        MCPGW_LOG(info, "era_probe_fatal", "next=initialize");
        co_await restart_without_probe();
        co_return;
      }
      inbound_.close();
      co_return;
    }
    if (mode_ != Mode::probing) {
      inbound_.push(std::move(line));
      continue;
    }
    on_probing_message(std::move(line));
    if (mode_ == Mode::legacy && from == child_) {
      hand_off(child_);  // initialize succeeded: the session reads its child directly from now on
      co_return;
    }
  }
}

void EraProbingChannel::on_probing_message(jsonrpc::Envelope raw) {
  const Json& message = raw.json();
  if (message.is_object() && jsonrpc::classify(message) == jsonrpc::Kind::response) {
    const std::string key = jsonrpc::id_key(message["id"]);
    if (key == jsonrpc::id_key(Json(std::string(kProbeId)))) {
      probe_answer_ = message.contains("result") && protocol::classify_discover_reply(message).era == protocol::Era::modern ? 1 : -1;
      probe_answered_.notify();
      return;
    }
    if (key == initialize_id_) {
      if (message.contains("result")) {
        become_legacy();
        inbound_.push(std::move(raw));
      } else {
        asio::co_spawn(ex_, decide_after_refusal(std::move(raw)), async::log_task_failure);
      }
      return;
    }
  }
  inbound_.push(std::move(raw));  // a log line before the handshake, say: the client may see it
}

awaitable<void> EraProbingChannel::decide_after_refusal(jsonrpc::Envelope refusal) {
  auto self = shared_from_this();
  if (probe_answer_ == 0) co_await probe_answered_.wait(kProbeGrace);
  if (closed_ || mode_ != Mode::probing) co_return;
  if (probe_answer_ == 1) {
    become_modern();
    co_return;
  }
  become_legacy();
  inbound_.push(std::move(refusal));
}

void EraProbingChannel::become_legacy() {
  mode_ = Mode::legacy;
  if (verdict_) verdict_(false);
  while (!held_.empty()) {
    child_->send(std::move(held_.front()));
    held_.pop_front();
  }
}

void EraProbingChannel::become_modern() {
  mode_ = Mode::modern;
  if (verdict_) verdict_(true);
  MCPGW_LOG(info, "session_era", "era=modern reason=\"initialize refused, server/discover answered\"");
  // The session's own child is not needed: 2026-07-28 servers are stateless and shared.
  auto child = std::move(child_);
  asio::co_spawn(ex_, [child]() -> awaitable<void> { co_await child->close(); }, async::log_task_failure);
  auto modern = std::make_shared<ModernSessionChannel>(ex_, modern_upstream_, ask_timeout_);
  modern_ = modern;
  hand_off(modern_);
  if (initialize_) modern->send(std::move(*initialize_));
  initialize_.reset();
  while (!held_.empty()) {
    modern->send(std::move(held_.front()));
    held_.pop_front();
  }
}

awaitable<void> EraProbingChannel::restart_without_probe() {
  restarted_ = true;
  if (auto old = std::move(child_)) co_await old->close();
  auto child = spawn_();
  if (!child || closed_) {
    inbound_.close();
    co_return;
  }
  child_ = *child;
  if (initialize_) held_.push_front(std::move(*initialize_));
  initialize_.reset();
  become_legacy();
  hand_off(child_);
}

awaitable<void> EraProbingChannel::close() {
  auto self = shared_from_this();
  closed_ = true;
  if (auto modern = std::move(modern_)) co_await modern->close();
  if (auto child = child_) co_await child->close();
  inbound_.close();
}

std::string EraProbingChannel::failure_detail() const {
  if (child_) return child_->failure_detail();
  return modern_ ? modern_->failure_detail() : std::string();
}

awaitable<std::string> EraProbingChannel::settled_failure_detail() {
  if (auto child = child_) co_return co_await child->settled_failure_detail();
  co_return failure_detail();
}

}  // namespace mcpgw::session
