#include "core/rest/jq_filter.hpp"

#include <list>
#include <mutex>
#include <unordered_map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

extern "C" {
#include <jq.h>
}

#include "core/jsonrpc/json_reader.hpp"
#include "core/log/logger.hpp"

namespace mcpgw::rest {
namespace {

// Shadows the built-ins that read the process's environment, further input or write to its
// stderr. On the program's own line, so jq's line numbers stay the user's; and since jq wants
// `import` and `include` before any definition, those become syntax errors.
constexpr std::string_view kSandbox =
    "def env: error(\"env is not available here\"); def input: error(\"input is not available here\"); "
    "def inputs: error(\"inputs is not available here\"); def input_filename: null; def input_line_number: 0; "
    "def debug: .; def stderr: .; def get_search_list: []; {} as $ENV | ";

void keep_first_message(void* data, jv message) {
  auto* into = static_cast<std::string*>(data);
  if (into->empty()) {
    std::string text;
    if (jv_get_kind(message) == JV_KIND_STRING) {
      text = jv_string_value(message);
    } else {
      jv dumped = jv_dump_string(jv_copy(message), 0);
      text = jv_string_value(dumped);
      jv_free(dumped);
    }
    std::string_view first = text;
    first = first.substr(0, first.find('\n'));
    if (first.starts_with("jq: error: ")) first.remove_prefix(11);
    *into = first;
  }
  jv_free(message);
}

/// One compiled program; not thread-safe (used on the worker's thread only).
struct Program {
  jq_state* jq = nullptr;
  std::string error;  // compile errors, then run errors of the current run
  explicit Program(std::string_view source) {
    jq = jq_init();
    if (!jq) {
      error = "out of memory";
      return;
    }
    jq_set_error_cb(jq, keep_first_message, &error);
    std::string text(kSandbox);
    text += source;
    if (!jq_compile(jq, text.c_str()) && error.empty()) error = "the program does not compile";
    // The sandbox prefix is no part of what the user wrote.
    if (auto at = error.find(kSandbox); at != std::string::npos) error.erase(at, kSandbox.size());
  }
  ~Program() {
    if (jq) jq_teardown(&jq);
  }
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
};

JqOutput run_program(Program& program, const nlohmann::json& input) {
  JqOutput out;
  if (!program.error.empty()) {
    out.error = program.error;
    return out;
  }
  std::string text = input.dump();
  jv value = jv_parse_sized(text.data(), static_cast<int>(text.size()));
  if (!jv_is_valid(value)) {
    jv_free(value);
    out.error = "the answer is not JSON jq can read";
    return out;
  }
  std::vector<nlohmann::json> results;
  jq_start(program.jq, value, 0);
  for (;;) {
    jv next = jq_next(program.jq);
    if (!jv_is_valid(next)) {
      if (jv_invalid_has_msg(jv_copy(next))) {
        jv message = jv_invalid_get_msg(next);
        if (jv_get_kind(message) == JV_KIND_STRING) {
          out.error = jv_string_value(message);
        } else {
          jv dumped = jv_dump_string(message, 0);
          out.error = std::string(jv_string_value(dumped)) + " (not a string)";
          message = dumped;
        }
        jv_free(message);
      } else {
        jv_free(next);
      }
      break;
    }
    jv dumped = jv_dump_string(next, 0);
    nlohmann::json value = jsonrpc::read_json(jv_string_value(dumped));
    jv_free(dumped);
    if (value.is_discarded()) {
      out.error = "the program made a value nested deeper than " + std::to_string(jsonrpc::kMaxJsonDepth) + " levels";
      break;
    }
    results.push_back(std::move(value));
    if (results.size() > 100000) {
      out.error = "the program made more than 100000 outputs";
      break;
    }
  }
  if (!out.error.empty()) return out;
  if (results.size() == 1) out.value = std::move(results.front());
  else if (!results.empty()) out.value = nlohmann::json(std::move(results));
  return out;
}

}  // namespace

std::string jq_problem(std::string_view program) {
  if (program.size() > 65536) return "the program is longer than 65536 characters";
  Program compiled(program);
  return compiled.error;
}

/// The thread jq runs on and its compiled programs (touched on that thread only).
struct JqRunner::Worker {
  asio::thread_pool pool{1};
  std::list<std::pair<std::string, std::unique_ptr<Program>>> programs;  // most recent first
  std::unordered_map<std::string, decltype(programs)::iterator> by_source;

  Program& program(const std::string& source) {
    if (auto it = by_source.find(source); it != by_source.end()) {
      programs.splice(programs.begin(), programs, it->second);
      return *it->second->second;
    }
    programs.emplace_front(source, std::make_unique<Program>(source));
    by_source[source] = programs.begin();
    if (programs.size() > kCachedPrograms) {
      by_source.erase(programs.back().first);
      programs.pop_back();
    }
    return *programs.front().second;
  }
};

JqRunner::JqRunner(std::chrono::milliseconds limit) : limit_(limit), worker_(std::make_shared<Worker>()) {}

JqRunner::~JqRunner() {
  // A worker stuck in a runaway program cannot be joined; the others stop cleanly.
  if (worker_) worker_->pool.join();
}

awaitable<JqOutput> JqRunner::run(std::string program, nlohmann::json input) {
  using namespace asio::experimental::awaitable_operators;
  auto worker = worker_;
  auto ex = co_await asio::this_coro::executor;
  // What the job and this call share. Once the call gives up (abandoned), the job never touches
  // the caller's executor or timer again: they may be gone by the time a runaway program ends,
  // so the job holds the timer only weakly and never destroys it.
  struct Shared {
    std::mutex mutex;
    bool abandoned = false;
    JqOutput result;
  };
  auto shared = std::make_shared<Shared>();
  auto done = std::make_shared<asio::steady_timer>(ex, asio::steady_timer::time_point::max());
  asio::post(worker->pool, [worker, shared, weak_done = std::weak_ptr<asio::steady_timer>(done),
                            program = std::move(program), input = std::move(input)] {
    JqOutput out = run_program(worker->program(program), input);
    std::lock_guard lock(shared->mutex);
    if (shared->abandoned) {
      // This worker was given up for a program that ran too long and has now ended: its
      // compiled programs go (the thread itself stays, idle).
      worker->programs.clear();
      worker->by_source.clear();
      return;
    }
    shared->result = std::move(out);
    if (auto timer = weak_done.lock()) {
      auto timer_ex = timer->get_executor();
      asio::post(timer_ex, [timer = std::move(timer)] { timer->cancel(); });
    }
  });
  asio::steady_timer limit(ex, limit_);
  auto which = co_await (done->async_wait(use_nothrow) || limit.async_wait(use_nothrow));
  {
    std::lock_guard lock(shared->mutex);
    if (which.index() == 0) co_return std::move(shared->result);
    shared->abandoned = true;
  }
  MCPGW_LOG(error, "jq_filter_runaway",
            "limit_ms=" << limit_.count() << " reason=\"a jq filter ran past its limit; its thread is given up\"");
  // Kept for good: joining a thread that never returns would hang.
  static std::vector<std::shared_ptr<Worker>>* abandoned = new std::vector<std::shared_ptr<Worker>>();
  abandoned->push_back(std::move(worker_));
  worker_ = std::make_shared<Worker>();
  JqOutput out;
  out.error = "the jq filter did not finish within " + std::to_string(limit_.count()) + " ms";
  co_return out;
}

}  // namespace mcpgw::rest
