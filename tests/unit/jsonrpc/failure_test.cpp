#include "core/jsonrpc/failure.hpp"

#include <set>
#include <tuple>

#include <catch2/catch.hpp>

using namespace mcpgw::jsonrpc;

TEST_CASE("every failure has its row, and no two share code, status and reason", "[jsonrpc][failure]") {
  std::set<std::tuple<int, int, std::string_view>> seen;
  for (int k = 0; k <= static_cast<int>(Failure::unsupported_protocol_version); ++k) {
    const FailureRow& row = row_of(static_cast<Failure>(k));
    CHECK(row.code <= -32000);
    CHECK(row.http_status >= 400);
    CHECK(row.http_status < 600);
    seen.insert({row.code, row.http_status, row.reason});
  }
  // unavailable and too_many_sessions share everything a peer sees but their message: both
  // tell a client to come back later.
  CHECK(seen.size() == static_cast<std::size_t>(Failure::unsupported_protocol_version));
}

TEST_CASE("the wire values peers depend on are kept", "[jsonrpc][failure]") {
  CHECK(row_of(Failure::parse_error).code == -32700);
  CHECK(row_of(Failure::invalid_params).code == -32602);
  CHECK(row_of(Failure::upstream_failed).code == -32000);
  CHECK(row_of(Failure::session_not_found).code == -32001);
  CHECK(row_of(Failure::session_not_found).http_status == 404);
  CHECK(row_of(Failure::not_acceptable).http_status == 406);
  CHECK(row_of(Failure::rate_limited).http_status == 429);
  CHECK(row_of(Failure::unsupported_protocol_version).code == -32022);
}

TEST_CASE("a hop failure says so in data.reason, and only a hop failure does", "[jsonrpc][failure]") {
  Json hop = make_failure(7, Failure::upstream_failed, "connection refused");
  CHECK(hop["id"] == 7);
  CHECK(hop["error"]["code"] == -32000);
  CHECK(hop["error"]["message"] == "connection refused");
  CHECK(is_hop_failure(hop["error"]));

  // The same code from the upstream server itself is its own error, not a failed hop.
  Json servers_own = make_error(7, -32000, "the tool broke");
  CHECK_FALSE(is_hop_failure(servers_own["error"]));
  for (Failure other : {Failure::not_acceptable, Failure::session_required, Failure::stream_taken, Failure::timed_out,
                        Failure::unavailable}) {
    CHECK_FALSE(is_hop_failure(make_failure(1, other, "x")["error"]));
  }
  CHECK_FALSE(is_hop_failure(Json("transport")));
  CHECK_FALSE(is_hop_failure(Json{{"code", -32000}, {"data", {{"reason", 3}}}}));
  CHECK_FALSE(is_hop_failure(Json{{"code", -32000}, {"data", "transport"}}));
}

TEST_CASE("a failure's reason joins the data given, which keeps its own fields", "[jsonrpc][failure]") {
  Json refused = make_failure(1, Failure::circuit_open, "open", Json{{"retryAfterSeconds", 5}});
  CHECK(refused["error"]["code"] == -32003);
  CHECK(refused["error"]["data"]["reason"] == "circuit_open");
  CHECK(refused["error"]["data"]["retryAfterSeconds"] == 5);
  Json plain = make_failure(1, Failure::invalid_params, "bad");
  CHECK_FALSE(plain["error"].contains("data"));
  Json with_status = make_failure(1, Failure::upstream_failed, "502", Json{{"httpStatus", 502}});
  CHECK(with_status["error"]["data"]["httpStatus"] == 502);
  CHECK(is_hop_failure(with_status["error"]));
}

TEST_CASE("an upstream session that ended is no answer, but not a failed hop", "[jsonrpc][failure]") {
  Json closed = make_failure(2, Failure::upstream_closed, "the MCP server exited");
  CHECK(closed["error"]["code"] == -32000);
  CHECK(reason_of(closed["error"]) == kUpstreamClosed);
  CHECK(is_no_answer(closed["error"]));
  CHECK_FALSE(is_hop_failure(closed["error"]));
  CHECK(is_no_answer(make_failure(2, Failure::upstream_failed, "refused")["error"]));
  // The upstream's own answers, errors included, are answers.
  CHECK_FALSE(is_no_answer(make_error(2, -32000, "busy")["error"]));
  CHECK_FALSE(is_no_answer(make_failure(2, Failure::invalid_params, "bad")["error"]));
}

TEST_CASE("error_object is the error member of make_failure", "[jsonrpc][failure]") {
  CHECK(make_failure(3, Failure::method_not_found, "nope")["error"] == error_object(Failure::method_not_found, "nope"));
  CHECK(error_object(Failure::upstream_failed, "x")["data"]["reason"] == "transport");
}
