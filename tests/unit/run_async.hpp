#pragma once

#include <chrono>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "core/async/awaitable.hpp"

namespace mcpgw::test {

/// Runs `task` on a fresh io_context and returns its value or rethrows its exception. A task
/// still running after `deadline` throws instead, so a hang fails the test rather than CI.
/// Whatever else the task spawned is stopped and destroyed with the io_context.
/// Never write co_await inside a Catch assertion: under GCC the macro also passes its expression
/// to __builtin_constant_p, and the await then runs twice. Await into a local, then check it.
template <class T>
T run_async(awaitable<T> task,
            std::chrono::steady_clock::duration deadline = std::chrono::seconds(5)) {
  asio::io_context io;
  std::exception_ptr error;
  bool done = false;
  std::optional<std::conditional_t<std::is_void_v<T>, bool, T>> value;
  if constexpr (std::is_void_v<T>) {
    asio::co_spawn(io, std::move(task), [&](std::exception_ptr e) {
      error = e;
      done = true;
      io.stop();
    });
  } else {
    asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T v) {
      error = e;
      if (!e) value.emplace(std::move(v));
      done = true;
      io.stop();
    });
  }
  io.run_for(deadline);
  if (!done) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline).count();
    throw std::runtime_error("async test did not finish within " + std::to_string(ms) + " ms");
  }
  if (error) std::rethrow_exception(error);
  if constexpr (!std::is_void_v<T>) return std::move(*value);
}

}  // namespace mcpgw::test
