#include "core/prompt/template.hpp"

#include <catch2/catch.hpp>

using mcpgw::prompt::Template;
using mcpgw::prompt::TemplateError;
using nlohmann::json;

namespace {

std::string render(std::string_view text, const json& context = json::object()) {
  TemplateError error;
  auto t = Template::parse(text, error);
  if (!t) FAIL("does not parse: " << error.to_string());
  return t->render(context);
}

TemplateError refused(std::string_view text) {
  TemplateError error;
  CHECK_FALSE(Template::parse(text, error));
  return error;
}

}  // namespace

TEST_CASE("variables, attributes and filters render as Jinja renders them", "[prompt][template]") {
  const json ctx = json::parse(R"({"name": "ann lee", "n": 3, "x": 1.5, "ok": true, "none": null,
    "tags": ["a", "b"], "user": {"city": "Oslo"}, "nums": [1, 2]})");
  CHECK(render("Hello {{ name }}!", ctx) == "Hello ann lee!");
  CHECK(render("{{name|upper}} {{ name | title }} {{ name|capitalize }}", ctx) == "ANN LEE Ann Lee Ann lee");
  CHECK(render("{{ missing }}|{{ missing | default(\"x\") }}|{{ none | default('y') }}", ctx) == "|x|None");
  CHECK(render("{{ '' | default('e', true) }}", ctx) == "e");
  CHECK(render("{{ user.city }} {{ user['city'] }} {{ tags[1] }} {{ tags[-1] }}", ctx) == "Oslo Oslo b b");
  CHECK(render("{{ n }} {{ x }} {{ ok }} {{ none }} {{ tags }} {{ user }}", ctx) ==
        "3 1.5 True None ['a', 'b'] {'city': 'Oslo'}");
  CHECK(render("{{ tags | join(', ') }} {{ tags | length }} {{ tags | first }} {{ user | tojson }}", ctx) ==
        "a, b 2 a {\"city\":\"Oslo\"}");
  CHECK(render("{{ '  pad ' | trim }}-{{ 'a-b' | replace('-', '+') }}-{{ '42' | int }}", ctx) == "pad-a+b-42");
  CHECK(render("{# a comment #}text", ctx) == "text");
  // Found by fuzzing: numbers no index or int can hold are undefined or 0, never undefined behaviour.
  CHECK(render("[{{ tags[5055555555555555555555555555555] }}][{{ tags[1.5] }}]", ctx) == "[][]");
  CHECK(render("{{ 1000000000000000000000000000000.0 | int }} {{ 2.9 | int }} {{ -9223372036854775808 }}", ctx) ==
        "0 2 -9.223372036854776e+18");
}

TEST_CASE("if, elif, else and for render their branches", "[prompt][template]") {
  const json ctx = json::parse(R"({"lang": "fr", "items": ["x", "y", "z"], "n": 5, "empty": []})");
  CHECK(render("{% if lang == 'en' %}Hi{% elif lang == 'fr' %}Salut{% else %}?{% endif %}", ctx) == "Salut");
  CHECK(render("{% if missing %}a{% else %}b{% endif %}", ctx) == "b");
  CHECK(render("{% if n > 3 and not empty %}big{% endif %}", ctx) == "big");
  CHECK(render("{% if 'y' in items %}has y{% endif %}", ctx) == "has y");
  CHECK(render("{% for i in items %}{{ loop.index }}.{{ i }}{% if not loop.last %}, {% endif %}{% endfor %}", ctx) ==
        "1.x, 2.y, 3.z");
  CHECK(render("{% for i in empty %}never{% endfor %}done", ctx) == "done");
  CHECK(render("{% for c in 'añb' %}[{{ c }}]{% endfor %}", ctx) == "[a][ñ][b]");
  CHECK(render("a\n  {%- if true -%}\n  b\n{%- endif %}", ctx) == "ab");
}

TEST_CASE("templates outside the subset are refused with line and column", "[prompt][template]") {
  auto e = refused("ok\nline two {{ name | shout }}");
  CHECK(e.line == 2);
  CHECK(e.column == 20);
  CHECK_THAT(e.message, Catch::Contains("unknown filter 'shout'"));
  CHECK_THAT(refused("{% macro m() %}{% endmacro %}").message, Catch::Contains("'macro' is not supported"));
  CHECK_THAT(refused("{% if a %}open").message, Catch::Contains("'endif' is missing"));
  CHECK(refused("x\n\n  {% for a in b %}").line == 3);
  CHECK_THAT(refused("{% endfor %}").message, Catch::Contains("without its opening"));
  CHECK_THAT(refused("{{ name.upper() }}").message, Catch::Contains("calling functions"));
  CHECK_THAT(refused("{{ a + b }}").message, Catch::Contains("'+' is not supported"));
  CHECK_THAT(refused("{{ name ").message, Catch::Contains("not closed"));
  CHECK_THAT(refused("{% for k, v in d %}{% endfor %}").message, Catch::Contains("unpacking"));
  CHECK_THAT(refused("{% set x = 1 %}").message, Catch::Contains("'set' is not supported"));
  CHECK_THAT(refused("{{ }}").message, Catch::Contains("missing"));
}

TEST_CASE("deep nesting is refused, never a stack overflow", "[prompt][template]") {
  std::string ifs, parens = "{{ ", nots = "{{ ";
  for (int i = 0; i < 100000; ++i) ifs += "{% if x %}";
  for (int i = 0; i < 100000; ++i) parens += "(";
  for (int i = 0; i < 100000; ++i) nots += "not ";
  CHECK_THAT(refused(ifs).message, Catch::Contains("nest deeper"));
  CHECK_THAT(refused(parens + "x }}").message, Catch::Contains("nest deeper"));
  CHECK_THAT(refused(nots + "x }}").message, Catch::Contains("'not'"));
  std::string chain = "{{ a";
  for (int i = 0; i < 100000; ++i) chain += " | upper";
  CHECK_THAT(refused(chain + " }}").message, Catch::Contains("longer than"));
  std::string attrs = "{{ a";
  for (int i = 0; i < 100000; ++i) attrs += ".b";
  CHECK_THAT(refused(attrs + " }}").message, Catch::Contains("longer than"));
  std::string fine;
  for (int i = 0; i < 20; ++i) fine += "{% if true %}";
  fine += "deep";
  for (int i = 0; i < 20; ++i) fine += "{% endif %}";
  CHECK(render(fine) == "deep");
}
