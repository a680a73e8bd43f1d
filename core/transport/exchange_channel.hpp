#pragma once

#include <memory>
#include <string>
#include <tuple>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>

#include "core/async/message_queue.hpp"
#include "core/error.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/transport/delivery.hpp"
#include "core/transport/remote_options.hpp"

namespace mcpgw::transport {

/// Channel::send() for a client with a request-level exchange(body, parsed, sink, headers): runs
/// it on its own and puts what comes back into `inbound`, where a request that could not be
/// delivered gets an error answer with its own id. `client` keeps `inbound` alive. `headers`
/// go with this message only. A client with track_abandonable()/untrack_abandonable() is given
/// each request's cancellation signal while it runs (Channel::abandon()).
template <class Client>
void send_through_exchange(std::shared_ptr<Client> client, jsonrpc::Envelope message, async::MessageQueue& inbound,
                           HeaderList headers = {}, bool tag_related = false) {
  constexpr bool abandonable = requires(Client& c, std::shared_ptr<asio::cancellation_signal> s) {
    c.track_abandonable(std::string(), s);
    c.untrack_abandonable(std::string(), s.get());
  };
  auto signal = abandonable ? std::make_shared<asio::cancellation_signal>() : nullptr;
  auto run = [client, &inbound, message = std::move(message), headers = std::move(headers), tag_related,
              signal]() mutable -> awaitable<void> {
    // Parsed by whoever made the message (serve's pooled session), or here, once.
    const jsonrpc::Json& parsed = message.json();
    if (!parsed.is_object()) co_return;
    const jsonrpc::Json id = parsed.contains("method") && parsed.contains("id") ? parsed["id"] : jsonrpc::Json();
    // While it runs, a request can be abandoned by its id (its stream closed: a modern cancel).
    struct Tracked {
      Client* client = nullptr;
      std::string key;
      asio::cancellation_signal* signal = nullptr;
      ~Tracked() {
        if constexpr (abandonable) {
          if (client) client->untrack_abandonable(key, signal);
        }
      }
    } tracked;
    if constexpr (abandonable) {
      if (!id.is_null()) {
        tracked.key = jsonrpc::id_key(id);
        tracked.signal = signal.get();
        tracked.client = client.get();
        client->track_abandonable(tracked.key, signal);
      }
    }
    // Named, not temporaries in the co_await expression: g++ 12 destroys those twice.
    MessageSink sink = [&inbound, &id, tag_related](jsonrpc::Envelope received) {
      const jsonrpc::Json& m = received.json();
      if (tag_related && !id.is_null() && m.is_object() && m.contains("method") && m.contains("id")) {
        auto& params = received.edit()["params"];
        if (params.is_null()) params = jsonrpc::Json::object();
        if (params.is_object()) params["_meta"][kRelatedRequestMeta] = id;
      }
      inbound.push(std::move(received));
    };
    // The body is a copy of the text: `parsed` (in `message`) stays valid while it is sent.
    auto delivery = co_await client->exchange(message.text(), parsed, std::move(sink), std::move(headers));
    if (delivery || id.is_null()) co_return;
    jsonrpc::Json error = delivery.rpc_error.is_object()
                              ? jsonrpc::Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", delivery.rpc_error}}
                              : jsonrpc::make_failure(id, jsonrpc::Failure::upstream_failed, delivery.detail);
    inbound.push(std::move(error));
  };
  auto done = [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      MCPGW_LOG(error, "upstream_send_failed", "what=\"" << ex.what() << "\"");
    }
  };
  if constexpr (abandonable) {
    auto slot = signal->slot();
    asio::co_spawn(client->executor(), std::move(run), asio::bind_cancellation_slot(slot, std::move(done)));
  } else {
    asio::co_spawn(client->executor(), std::move(run), std::move(done));
  }
}

/// Channel::receive() for those clients: the next message in `inbound`; upstream_exited once it
/// is closed and drained.
inline awaitable<std::tuple<error_code, jsonrpc::Envelope>> receive_from(async::MessageQueue& inbound) {
  auto message = co_await inbound.pop();
  if (!message) co_return std::tuple{make_error_code(Errc::upstream_exited), jsonrpc::Envelope()};
  co_return std::tuple{error_code{}, std::move(*message)};
}

}  // namespace mcpgw::transport
