#include "core/transport/retry_policy.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw::transport;
using std::chrono::milliseconds;

TEST_CASE("a tool call goes again only when the server cannot have seen it", "[retry]") {
  CHECK(may_resend("tools/call", SendFailure::not_sent));
  CHECK_FALSE(may_resend("tools/call", SendFailure::lost_in_flight));
  CHECK_FALSE(may_resend("tools/call", SendFailure::server_error));
}

TEST_CASE("idempotent requests, notifications and responses may go again", "[retry]") {
  for (auto method : {"tools/list", "resources/read", "prompts/get", "initialize", "notifications/cancelled", ""}) {
    CHECK(may_resend(method, SendFailure::lost_in_flight));
    CHECK(may_resend(method, SendFailure::server_error));
  }
}

TEST_CASE("backoff doubles from the first delay up to the cap", "[retry]") {
  RetryPolicy policy{5, milliseconds(100), milliseconds(500)};
  CHECK(policy.delay(1) == milliseconds(100));
  CHECK(policy.delay(2) == milliseconds(200));
  CHECK(policy.delay(3) == milliseconds(400));
  CHECK(policy.delay(4) == milliseconds(500));
  CHECK(policy.delay(30) == milliseconds(500));
}

TEST_CASE("only 429 and the temporary 5xx statuses are transient", "[retry]") {
  for (int s : {429, 500, 502, 503, 504}) CHECK(is_transient_status(s));
  for (int s : {400, 401, 403, 404, 405, 501}) CHECK_FALSE(is_transient_status(s));
}
