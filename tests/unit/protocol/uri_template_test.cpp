#include "core/protocol/uri_template.hpp"

#include <catch2/catch.hpp>

using mcpgw::protocol::fill_uri_variables;
using mcpgw::protocol::match_uri_template;
using mcpgw::protocol::uri_template_problem;
using Values = std::map<std::string, std::string>;

TEST_CASE("level 1 URI templates are accepted, anything else is refused with why", "[protocol][uri_template]") {
  CHECK(uri_template_problem("notes://team/{member}.md").empty());
  CHECK(uri_template_problem("users://{org}/{id}/profile").empty());
  CHECK_THAT(uri_template_problem("notes://{+path}"), Catch::Contains("simple variable"));
  CHECK_THAT(uri_template_problem("notes://{?q}"), Catch::Contains("simple variable"));
  CHECK_THAT(uri_template_problem("notes://{a}{b}"), Catch::Contains("in a row"));
  CHECK_THAT(uri_template_problem("notes://{a"), Catch::Contains("without '}'"));
  CHECK_THAT(uri_template_problem("notes://a}"), Catch::Contains("without '{'"));
  CHECK_THAT(uri_template_problem("notes://{}"), Catch::Contains("empty"));
  CHECK_THAT(uri_template_problem("notes://plain"), Catch::Contains("no {variable}"));
  CHECK_THAT(uri_template_problem("relative/{x}"), Catch::Contains("absolute URI"));
  CHECK_THAT(uri_template_problem("notes://a b/{x}"), Catch::Contains("absolute URI"));
}

TEST_CASE("a URI matches a template when its literal parts line up; values never cross '/'", "[protocol][uri_template]") {
  CHECK(match_uri_template("notes://team/{member}.md", "notes://team/ann.md") == Values{{"member", "ann"}});
  CHECK(match_uri_template("users://{org}/{id}/profile", "users://acme/42/profile") == Values{{"org", "acme"}, {"id", "42"}});
  CHECK(match_uri_template("files:///{name}", "files:///report.pdf") == Values{{"name", "report.pdf"}});
  CHECK_FALSE(match_uri_template("notes://team/{member}.md", "notes://team/a/b.md"));
  CHECK_FALSE(match_uri_template("notes://team/{member}.md", "notes://team/.md"));
  CHECK_FALSE(match_uri_template("notes://team/{member}.md", "notes://other/ann.md"));
  CHECK_FALSE(match_uri_template("users://{org}/{id}/profile", "users://acme/42"));
  CHECK_FALSE(match_uri_template("users://{org}/{id}/profile", "users://acme/42/profile/x"));
  CHECK(match_uri_template("a://{x}/{x}", "a://1/1") == Values{{"x", "1"}});
  CHECK_FALSE(match_uri_template("a://{x}/{x}", "a://1/2"));
}

TEST_CASE("known {name}s are filled in content; other braces stay", "[protocol][uri_template]") {
  CHECK(fill_uri_variables("{\"id\":\"{id}\"} {other} {", Values{{"id", "42"}}) == "{\"id\":\"42\"} {other} {");
}
