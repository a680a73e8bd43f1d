#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/async/awaitable.hpp"

namespace mcpgw::rest {

/// Why a jq program cannot be used: jq's own compile message, first line only ("syntax error,
/// unexpected ... at <top-level>, line 1"); empty when it compiles. Built-ins that reach
/// outside the answer (env, $ENV, input, inputs, input_filename, debug, stderr, import,
/// include) are not available to these programs.
std::string jq_problem(std::string_view program);

/// What a jq program made of one value.
struct JqOutput {
  std::string error;                // jq's run-time error, or why it did not finish; empty: fine
  nlohmann::json value = nullptr;   // one output as it is; several as an array; none: null
};

/// Runs jq programs (ContextForge's jsonpath_filter: libjq, so filters behave as the jq tool
/// does) on a thread of their own, off the network thread: a program that loops forever costs
/// that thread, which is then given up for a new one, never the gateway. Compiled programs are
/// kept (at most kCachedPrograms). Create on the network executor; run() from there.
class JqRunner {
 public:
  explicit JqRunner(std::chrono::milliseconds limit = std::chrono::seconds(5));
  ~JqRunner();
  JqRunner(const JqRunner&) = delete;
  JqRunner& operator=(const JqRunner&) = delete;

  /// `program` applied to `input`; at most `limit` of running, else an error.
  awaitable<JqOutput> run(std::string program, nlohmann::json input);

  static constexpr std::size_t kCachedPrograms = 256;

 private:
  struct Worker;
  std::chrono::milliseconds limit_;
  std::shared_ptr<Worker> worker_;
};

}  // namespace mcpgw::rest
