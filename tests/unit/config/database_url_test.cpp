#include "core/config/database_url.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw::config;

TEST_CASE("sqlite URLs give the file path the way SQLAlchemy reads them", "[config]") {
  std::string error;
  CHECK(parse_database_url("sqlite:///./mcp.db", error)->path == "./mcp.db");
  CHECK(parse_database_url("sqlite:////data/mcp.db", error)->path == "/data/mcp.db");
  CHECK(parse_database_url("sqlite:///:memory:", error)->path == ":memory:");
  CHECK(parse_database_url("sqlite:///mcp.db", error)->backend == DatabaseUrl::Backend::sqlite);
}

TEST_CASE("postgres URLs are recognised; others are refused with a reason", "[config]") {
  std::string error;
  for (auto url : {"postgresql://u:p@h/db", "postgres://h/db", "postgresql+psycopg://h:5432/db"}) {
    auto parsed = parse_database_url(url, error);
    REQUIRE(parsed);
    CHECK(parsed->backend == DatabaseUrl::Backend::postgresql);
  }
  for (auto url : {"", "sqlite://", "sqlite:///", "sqlite:///a.db?mode=ro", "mysql://h/db",
                   "postgresql://", "postgresqlx://h/db"}) {
    error.clear();
    CHECK_FALSE(parse_database_url(url, error));
    CHECK_THAT(error, Catch::StartsWith("expected "));
  }
}
