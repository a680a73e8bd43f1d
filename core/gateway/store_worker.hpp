#pragma once

#include <memory>
#include <thread>
#include <type_traits>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/async/awaitable.hpp"
#include "core/store/store.hpp"

namespace mcpgw::gateway {

/// Runs the Store on a thread of its own, so that SQLite's fsyncs never stall the network
/// thread. Every use goes through run(), which hops to the store thread and back; the store
/// is never touched anywhere else (it is not thread-safe).
class StoreWorker {
 public:
  explicit StoreWorker(std::unique_ptr<store::Store> store)
      : store_(std::move(store)), work_(ctx_.get_executor()), thread_([this] { ctx_.run(); }) {}
  ~StoreWorker() {
    work_.reset();
    thread_.join();
  }
  StoreWorker(const StoreWorker&) = delete;
  StoreWorker& operator=(const StoreWorker&) = delete;

  /// `f(Store&)` on the store thread; the caller resumes on its own executor with the result.
  template <class F>
  awaitable<std::invoke_result_t<F&, store::Store&>> run(F f) {
    using R = std::invoke_result_t<F&, store::Store&>;
    // A plain coroutine, not a lambda one: g++ 12 mishandles the captures of coroutine lambdas.
    R result = co_await asio::co_spawn(ctx_.get_executor(), call_on_store<F, R>(store_.get(), std::move(f)),
                                       asio::use_awaitable);
    co_return result;
  }

  /// For start-up and tests, before any coroutine runs: `f(Store&)` on the calling thread.
  /// Safe only while nothing else uses the worker.
  store::Store& unsafe_direct() { return *store_; }

 private:
  template <class F, class R>
  static awaitable<R> call_on_store(store::Store* store, F f) {
    co_return f(*store);
  }

  std::unique_ptr<store::Store> store_;
  asio::io_context ctx_{1};
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
};

}  // namespace mcpgw::gateway
