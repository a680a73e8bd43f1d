#include "core/http/cors.hpp"

#include <catch2/catch.hpp>

using mcpgw::http::is_field_name_list;

TEST_CASE("a preflight's header list is echoed only when every entry is a field name", "[http][cors]") {
  CHECK(is_field_name_list("content-type"));
  CHECK(is_field_name_list("content-type, mcp-param-city,x-tenant-id"));
  CHECK(is_field_name_list("Mcp-Session-Id ,  Authorization"));
  CHECK(is_field_name_list("a,,b"));  // empty list elements are allowed (RFC 9110 5.6.1)
  CHECK_FALSE(is_field_name_list(""));
  CHECK_FALSE(is_field_name_list(" , "));
  CHECK_FALSE(is_field_name_list("bad header"));
  CHECK_FALSE(is_field_name_list("x-ok, bad(header"));
  CHECK_FALSE(is_field_name_list("x\r\nInjected: yes"));
  CHECK_FALSE(is_field_name_list("x:y"));
}
