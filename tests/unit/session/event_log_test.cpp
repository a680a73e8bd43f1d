#include "core/session/event_log.hpp"

#include <catch2/catch.hpp>

using mcpgw::session::EventLog;

TEST_CASE("event ids name their stream and replay only that stream", "[session][resume]") {
  EventLog log;
  auto a1 = log.record(1, "a1");
  log.record(2, "b1");
  auto a2 = log.record(1, "a2");
  log.record(1, "a3");
  CHECK(EventLog::parse_id(a1)->first == 1);

  auto replay = log.after(a1);
  REQUIRE(replay);
  REQUIRE(replay->size() == 2);
  CHECK((*replay)[0].first == a2);
  CHECK((*replay)[0].second == "a2");
  CHECK((*replay)[1].second == "a3");
}

TEST_CASE("an id we never issued, or one too old to replay in full, gives no replay", "[session][resume]") {
  EventLog log(2);
  auto first = log.record(1, "x");
  log.record(1, "y");
  log.record(1, "z");  // evicts "x"... and the replay after "x" is still complete
  CHECK(log.after(first));
  log.record(1, "w");  // evicts "y": after "x" something is now missing
  CHECK_FALSE(log.after(first));
  CHECK_FALSE(log.after("garbage"));
  CHECK_FALSE(log.after("1-"));
}

TEST_CASE("evicting another stream's events does not spoil a replay", "[session][resume]") {
  EventLog log(2);
  auto mine = log.record(7, "m1");
  log.record(8, "o1");
  log.record(8, "o2");  // evicts m1 itself, which the client already has
  auto replay = log.after(mine);
  REQUIRE(replay);
  CHECK(replay->empty());
}

TEST_CASE("a mark is an id without an event: resuming from it replays what came after", "[session][event_log]") {
  mcpgw::session::EventLog log;
  log.record(2, "before");
  std::string priming = log.mark(2);
  log.record(2, "answer");
  log.record(3, "other stream");
  auto replay = log.after(priming);
  REQUIRE(replay);
  REQUIRE(replay->size() == 1);
  CHECK((*replay)[0].second == "answer");
}
