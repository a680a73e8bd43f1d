#pragma once

#include <string>

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/store/memory_store.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/unit/temp_dir.hpp"

namespace mcpgw::test {

/// The stores the contract tests run against: TEMPLATE_TEST_CASE(..., MemoryFixture,
/// SqliteFixture), then `TestType fx; store::Store& store = fx.store;`.
struct MemoryFixture {
  store::MemoryStore store;
};

struct SqliteFixture {
  TempDir dir;
  store::SqliteStore store{(dir.path / "mcp.db").string()};
};

inline store::Gateway make_gateway(const std::string& name) {
  store::Gateway g;
  g.name = name;
  g.url = "http://127.0.0.1:9000/mcp";
  g.transport = "STREAMABLEHTTP";
  return g;
}

inline store::Tool make_tool(const std::string& gateway_id, const std::string& original_name,
                             const std::string& prefix = "gw") {
  // Built whole, and json values assigned with their type named: in these tests, clang 14 with
  // ASan leaked the previous value of a json member assigned a bare braced list (LeakSanitizer
  // reports it; the same assignment with the type named does not leak).
  return store::Tool{.gateway_id = gateway_id,
                     .name = prefix + "-" + original_name,
                     .original_name = original_name,
                     .description = "does " + original_name,
                     .input_schema = nlohmann::json{{"type", "object"}}};
}

/// The error a Result holds, as our own code (or the default when it holds a value).
template <class T>
Errc error_of(const boost::system::result<T>& r) {
  return r ? Errc{} : static_cast<Errc>(r.error().value());
}

}  // namespace mcpgw::test

/// Catch shows a failed Result as its error message.
template <class T>
struct Catch::StringMaker<boost::system::result<T, boost::system::error_code>> {
  static std::string convert(const boost::system::result<T, boost::system::error_code>& r) {
    return r ? "(a value)" : "(error: " + r.error().message() + ")";
  }
};
