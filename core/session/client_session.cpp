#include "core/session/client_session.hpp"

#include <boost/asio/co_spawn.hpp>

#include "core/error.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/session/upstream_message.hpp"

namespace mcpgw::session {
namespace {
constexpr std::size_t kMaxBacklog = 1024;
}

ClientSession::ClientSession(std::string id, std::shared_ptr<transport::Channel> upstream)
    : id_(std::move(id)), upstream_(std::move(upstream)) {}

ClientSession::~ClientSession() = default;

void ClientSession::start(const asio::any_io_executor& ex) {
  ex_ = ex;
  // serve's virtual server hands its messages over as it makes them; pump() then only waits for
  // the channel's end.
  upstream_->deliver_to([weak = weak_from_this()](jsonrpc::Envelope message) {
    if (auto self = weak.lock(); self && !self->closed_) {
      self->last_activity_ = Clock::now();
      self->route(std::move(message));
    }
  });
  asio::co_spawn(ex, [self = shared_from_this()] { return self->pump(); },
                 [id = id_](std::exception_ptr e) {
                   if (!e) return;
                   try {
                     std::rethrow_exception(e);
                   } catch (const std::exception& ex) {
                     MCPGW_LOG(error, "session_pump_failed", "session=" << id << " what=\"" << ex.what() << "\"");
                   }
                 });
}

error_code ClientSession::send_request(jsonrpc::Envelope envelope, std::shared_ptr<Queue> queue,
                                       bool accepts_related, bool close_queue_after) {
  if (closed_) return make_error_code(Errc::upstream_exited);
  const jsonrpc::Json& request = envelope.json();
  last_activity_ = Clock::now();
  // Two requests with one id would share one answer: the second is refused, the first unharmed.
  if (routes_.count(jsonrpc::id_key(request["id"]))) return make_error_code(Errc::request_id_in_use);
  Route r{request["id"], std::string(jsonrpc::method_of(request)), std::move(queue), accepts_related,
          close_queue_after, {}, next_order_++};
  std::string key = jsonrpc::id_key(r.id);
  if (auto params = request.find("params"); params != request.end() && params->is_object()) {
    if (auto meta = params->find("_meta"); meta != params->end() && meta->is_object()) {
      if (auto token = meta->find("progressToken"); token != meta->end()) {
        r.progress_key = token->dump();
        progress_[r.progress_key] = key;
      }
    }
  }
  auto& route = routes_[key] = std::move(r);
  if (auto ec = upstream_->send(std::move(envelope))) {
    forget_request(route.id);
    return ec;
  }
  return {};
}

void ClientSession::forget_request(const jsonrpc::Json& id) {
  auto it = routes_.find(jsonrpc::id_key(id));
  if (it == routes_.end()) return;
  if (!it->second.progress_key.empty()) progress_.erase(it->second.progress_key);
  routes_.erase(it);
}

error_code ClientSession::send(jsonrpc::Envelope envelope) {
  if (closed_) return make_error_code(Errc::upstream_exited);
  last_activity_ = Clock::now();
  const jsonrpc::Json& message = envelope.json();
  if (jsonrpc::method_of(message) == "notifications/cancelled") {
    // 2025-06-18 cancellation: the receiver sends no response for a cancelled request.
    const auto params = message.find("params");
    if (params != message.end() && params->is_object() && params->contains("requestId")) {
      auto it = routes_.find(jsonrpc::id_key((*params)["requestId"]));
      if (it != routes_.end()) {
        if (!it->second.progress_key.empty()) progress_.erase(it->second.progress_key);
        if (it->second.close_queue_after) it->second.queue->close();
        routes_.erase(it);
      }
    }
  }
  return upstream_->send(std::move(envelope));
}

void ClientSession::attach_stream(std::shared_ptr<Queue> queue) {
  stream_ = std::move(queue);
  while (!backlog_.empty() && stream_->offer(backlog_.front())) backlog_.pop_front();
}

void ClientSession::park_stream(std::uint64_t stream, std::shared_ptr<Queue> queue) {
  // Bounded: a client that never resumes must not make us hold streams forever.
  if (parked_.size() >= 64) parked_.erase(parked_.begin());
  parked_[stream] = std::move(queue);
  stream_parked_.notify();
}

awaitable<std::shared_ptr<Queue>> ClientSession::await_parked(std::uint64_t stream, std::chrono::milliseconds limit) {
  auto self = shared_from_this();
  auto deadline = Clock::now() + limit;
  for (;;) {
    if (auto queue = unpark_stream(stream)) co_return queue;
    if (closed_ || stream >= next_stream_ || Clock::now() >= deadline) co_return nullptr;
    co_await stream_parked_.wait(deadline - Clock::now());
  }
}

std::shared_ptr<Queue> ClientSession::unpark_stream(std::uint64_t stream) {
  auto it = parked_.find(stream);
  if (it == parked_.end()) return nullptr;
  auto queue = std::move(it->second);
  parked_.erase(it);
  return queue;
}

void ClientSession::detach_stream(const Queue* queue) {
  if (stream_.get() == queue) stream_.reset();
  last_activity_ = Clock::now();
}

awaitable<std::string> ClientSession::upstream_failure(error_code ec) {
  auto upstream = upstream_;  // close() may run while we wait
  std::string detail = co_await upstream->settled_failure_detail();
  co_return "upstream MCP server closed the connection (" + ec.message() + (detail.empty() ? "" : "; " + detail) + ")";
}

awaitable<void> ClientSession::pump() {
  auto self = shared_from_this();
  for (;;) {
    auto [ec, message] = co_await upstream_->receive();
    if (ec) {
      if (!closed_) {
        std::string why = co_await upstream_failure(ec);
        MCPGW_LOG(warn, "upstream_closed", "session=" << id_ << " reason=\"" << why << "\"");
        // closed_ may have been set by close() while we waited for the child's last words.
        if (!closed_) fail_all(why);
      }
      break;
    }
    last_activity_ = Clock::now();
    route(std::move(message));
  }
}

void ClientSession::route(jsonrpc::Envelope envelope) {
  // Parsed here for a child's line; already parsed when serve's virtual server answers.
  auto kind = classify_upstream_message(envelope, id_);
  if (!kind) return;
  const jsonrpc::Json& message = envelope.json();
  if (*kind == jsonrpc::Kind::response) {
    auto it = routes_.find(jsonrpc::id_key(message["id"]));
    if (it == routes_.end()) {
      MCPGW_LOG(debug, "upstream_unmatched_response", "session=" << id_ << " id=" << message["id"].dump());
      return;
    }
    Route route = std::move(it->second);
    routes_.erase(it);
    if (!route.progress_key.empty()) progress_.erase(route.progress_key);
    if (route.method == "initialize" && message.contains("result")) {
      std::string v = jsonrpc::member_or(message["result"], "protocolVersion", std::string());
      if (!v.empty()) protocol_version_ = std::move(v);
    }
    route.queue->push(std::move(envelope));
    if (route.close_queue_after) route.queue->close();
    return;
  }
  if (jsonrpc::method_of(message) == "notifications/progress") {
    const auto params = message.find("params");
    if (params != message.end() && params->is_object()) {
      if (auto token = params->find("progressToken"); token != params->end()) {
        auto p = progress_.find(token->dump());
        if (p != progress_.end()) {
          auto r = routes_.find(p->second);
          if (r != routes_.end() && r->second.accepts_related && r->second.queue->offer(envelope)) return;
        }
      }
    }
  }
  deliver_unrouted(std::move(envelope));
}

void ClientSession::deliver_unrouted(jsonrpc::Envelope raw) {
  // stdio carries no link between a server request and the call that caused it; the newest
  // streaming call is the best owner (a sampling request usually comes from the running tool).
  const Route* newest = nullptr;
  for (const auto& [key, r] : routes_) {
    if (r.accepts_related && r.close_queue_after && !r.queue->closed() && (!newest || r.order > newest->order)) newest = &r;
  }
  if (newest && newest->queue->offer(raw)) return;
  if (stream_ && stream_->offer(raw)) return;
  if (backlog_.size() >= kMaxBacklog) {
    MCPGW_LOG(warn, "session_backlog_full", "session=" << id_ << " dropped=1");
    backlog_.pop_front();
  }
  backlog_.push_back(std::move(raw));
}

void ClientSession::fail_all(const std::string& why) {
  closed_ = true;
  for (auto& [key, r] : routes_) {
    r.queue->push(jsonrpc::make_failure(r.id, jsonrpc::Failure::upstream_closed, why));
    if (r.close_queue_after) r.queue->close();
  }
  routes_.clear();
  progress_.clear();
  if (stream_) stream_->close();
}

awaitable<void> ClientSession::close() {
  if (closed_) co_return;
  closed_ = true;
  auto self = shared_from_this();
  for (auto& [key, r] : routes_) {
    r.queue->push(jsonrpc::make_failure(r.id, jsonrpc::Failure::upstream_closed, "session closed"));
    if (r.close_queue_after) r.queue->close();
  }
  routes_.clear();
  progress_.clear();
  if (stream_) stream_->close();
  co_await upstream_->close();
}

}  // namespace mcpgw::session
