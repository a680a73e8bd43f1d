#include <catch2/catch.hpp>

#include "core/admin/table.hpp"
#include "core/admin/yaml_writer.hpp"
#include "core/rest/yaml_json.hpp"

using namespace mcpgw::admin;
using nlohmann::json;

TEST_CASE("a table pads its columns and cuts the widest to fit", "[admin][table]") {
  Table t{{"ID", "NAME", "DESCRIPTION"}, {{"1", "echo", "Echoes its input back"}, {"22", "add", "Adds"}}};
  CHECK(render_table(t) ==
        "ID  NAME  DESCRIPTION\n"
        "1   echo  Echoes its input back\n"
        "22  add   Adds\n");
  std::string narrow = render_table(t, 24);
  INFO(narrow);
  CHECK(narrow.find("Echoes its in…") != std::string::npos);
  for (std::size_t start = 0, end; (end = narrow.find('\n', start)) != std::string::npos; start = end + 1) {
    std::string line = narrow.substr(start, end - start);
    std::size_t points = 0;
    for (char c : line) points += (c & 0xC0) != 0x80;
    CHECK(points <= 24);
  }
}

TEST_CASE("YAML output reads back as the same JSON, ambiguous strings quoted", "[admin][yaml]") {
  json value = {{"name", "x"},
                {"strings", {"true", "123", "null", "", "yes", "0x1F", "a: b", "- item", "#c", "multi\nline\n"}},
                {"numbers", {1, -2, 2.5}},
                {"flags", {true, false}},
                {"nothing", nullptr},
                {"empty", {{"o", json::object()}, {"a", json::array()}}}};
  std::string text = to_yaml(value);
  CHECK(text.rfind("name: x\n", 0) == 0);  // the name comes first
  std::string error;
  json back = mcpgw::rest::read_yaml_as_json(text, error);
  INFO(text << error);
  CHECK(back == value);
}
