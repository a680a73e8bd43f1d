#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/system/result.hpp>

#include "core/async/message_queue.hpp"
#include "core/async/signal.hpp"
#include "core/session/shared_session.hpp"
#include "core/transport/channel.hpp"

namespace mcpgw::session {

/// A legacy client session on a stdio server whose era is not known yet (translate's first
/// session). 2026-07-28 versioning, legacy client → server of unknown era: the session's own
/// child gets server/discover and, right behind it, the client's initialize. An initialize that
/// succeeds means a legacy server (one that speaks both eras too): the session goes on with that
/// child, its answer to the probe dropped. An initialize refused while server/discover answered
/// means a 2026-07-28-only server: the child is stopped and the session is served by a
/// ModernSessionChannel over `modern_upstream`. A child that dies of the probe is started again
/// without it. `verdict` hears the era once, so later sessions can skip the probe. Once the era
/// is known, receive() reads from the chosen channel directly: no hop for the session's life.
/// Lives on one executor.
class EraProbingChannel : public transport::Channel, public std::enable_shared_from_this<EraProbingChannel> {
 public:
  using Spawn = std::function<boost::system::result<std::shared_ptr<transport::Channel>>()>;
  using Verdict = std::function<void(bool modern)>;

  EraProbingChannel(const asio::any_io_executor& ex, Spawn spawn, std::shared_ptr<SharedSession> modern_upstream,
                    std::chrono::milliseconds ask_timeout, Verdict verdict);

  /// Starts the child; an error when it cannot be started.
  error_code start();

  error_code send(jsonrpc::Envelope message) override;
  awaitable<std::tuple<error_code, jsonrpc::Envelope>> receive() override;
  awaitable<void> close() override;
  std::string failure_detail() const override;
  awaitable<std::string> settled_failure_detail() override;

 private:
  enum class Mode { probing, legacy, modern };

  awaitable<void> pump(std::shared_ptr<transport::Channel> child);
  /// Sorts what the child says while probing: the probe's answer, the initialize's, or other.
  void on_probing_message(jsonrpc::Envelope message);
  awaitable<void> decide_after_refusal(jsonrpc::Envelope refusal);
  void become_legacy();
  void become_modern();
  /// From now on receive() reads `to` directly, once what was queued is read.
  void hand_off(std::shared_ptr<transport::Channel> to);
  awaitable<void> restart_without_probe();

  asio::any_io_executor ex_;
  Spawn spawn_;
  std::shared_ptr<SharedSession> modern_upstream_;
  std::chrono::milliseconds ask_timeout_;
  Verdict verdict_;
  Mode mode_ = Mode::probing;
  std::shared_ptr<transport::Channel> child_;
  std::shared_ptr<transport::Channel> modern_;   // the ModernSessionChannel, in modern mode
  std::shared_ptr<transport::Channel> direct_;   // what receive() reads once inbound_ is drained
  async::MessageQueue inbound_{1 << 16};         // from the child while probing, for receive()
  std::deque<jsonrpc::Envelope> held_;           // the client's messages while probing
  std::optional<jsonrpc::Envelope> initialize_;  // the client's initialize, as sent
  std::string initialize_id_;                    // its id_key
  int probe_answer_ = 0;                         // 0 not yet, 1 a DiscoverResult, -1 anything else
  async::Signal probe_answered_;
  bool restarted_ = false;
  bool closed_ = false;
};

}  // namespace mcpgw::session
