#include "core/admin/located_document.hpp"

#include <set>
#include <sstream>

#include <toml++/toml.h>
#include <yaml-cpp/yaml.h>

#include "core/jsonrpc/message.hpp"
#include "core/rest/yaml_json.hpp"

namespace mcpgw::admin {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxValues = 200'000;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(),
                                                 [](char a, char b) { return std::tolower(a) == std::tolower(b); });
}

// ---- YAML (and JSON, which YAML 1.2 reads) ------------------------------------------------------

class YamlReader {
 public:
  YamlReader(LocatedDocument& doc, std::string& error) : doc_(doc), error_(error) {}

  bool read(const YAML::Node& node, json& out, const std::string& pointer, std::size_t depth) {
    if (++values_ > kMaxValues) return fail(node.Mark(), "the document has more than 200000 values");
    if (depth > jsonrpc::kMaxJsonDepth) return fail(node.Mark(), "nested too deep");
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out = nullptr;
        return true;
      case YAML::NodeType::Scalar: {
        const std::string& tag = node.Tag();
        static const std::string kCore = "tag:yaml.org,2002:";
        if (tag == "?" || tag == kCore + "int" || tag == kCore + "float" || tag == kCore + "bool" || tag == kCore + "null")
          out = rest::resolve_plain_scalar(node.Scalar());
        else
          out = node.Scalar();
        return true;
      }
      case YAML::NodeType::Sequence: {
        out = json::array();
        std::size_t i = 0;
        for (const auto& item : node) {
          const std::string at = pointer + "/" + std::to_string(i++);
          note(at, item.Mark());
          json value;
          if (!read(item, value, at, depth + 1)) return false;
          out.push_back(std::move(value));
        }
        return true;
      }
      case YAML::NodeType::Map: {
        out = json::object();
        for (const auto& entry : node) {
          if (!entry.first.IsScalar()) return fail(entry.first.Mark(), "a key must be a plain string");
          const std::string key = entry.first.Scalar();
          if (out.contains(key)) return fail(entry.first.Mark(), "'" + key + "' is given twice");
          const std::string at = pointer + "/" + pointer_token(key);
          note(at, entry.first.Mark());
          json value;
          if (!read(entry.second, value, at, depth + 1)) return false;
          out[key] = std::move(value);
        }
        return true;
      }
    }
    return true;
  }

  bool fail(const YAML::Mark& mark, const std::string& what) {
    error_ = Location{doc_.file, mark.line + 1, mark.column + 1}.text() + ": " + what;
    return false;
  }

 private:
  void note(const std::string& pointer, const YAML::Mark& mark) {
    if (!mark.is_null()) doc_.where[pointer] = Location{doc_.file, mark.line + 1, mark.column + 1};
  }

  LocatedDocument& doc_;
  std::string& error_;
  std::size_t values_ = 0;
};

bool read_yaml(LocatedDocument& doc, std::string_view text, std::string& error) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    error = Location{doc.file, e.mark.line + 1, e.mark.column + 1}.text() + ": " + e.msg;
    return false;
  }
  YamlReader reader(doc, error);
  doc.where[""] = Location{doc.file, 1, 1};
  return reader.read(root, doc.value, "", 0);
}

/// A strict JSON syntax check first (YAML would take some non-JSON), with the line and column.
bool check_json(const std::string& file, std::string_view text, std::string& error) {
  try {
    json parsed = json::parse(text);
    (void)parsed;
    return true;
  } catch (const json::parse_error& e) {
    std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    int line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string what = e.what();
    if (auto colon = what.find("syntax error"); colon != std::string::npos) what = what.substr(colon);
    error = Location{file, line, column}.text() + ": " + what;
    return false;
  } catch (const json::exception& e) {
    // Well-formed but unreadable, e.g. a number too large for a double (406).
    error = file + ": " + e.what();
    return false;
  }
}

// ---- TOML ---------------------------------------------------------------------------------------

void note_toml(LocatedDocument& doc, const std::string& pointer, const toml::node& node) {
  const auto& begin = node.source().begin;
  if (begin.line > 0) doc.where[pointer] = Location{doc.file, static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

json toml_value(LocatedDocument& doc, const toml::node& node, const std::string& pointer) {
  note_toml(doc, pointer, node);
  if (auto* table = node.as_table()) {
    json out = json::object();
    for (const auto& [key, value] : *table) {
      const std::string k(key.str());
      out[k] = toml_value(doc, value, pointer + "/" + pointer_token(k));
    }
    return out;
  }
  if (auto* array = node.as_array()) {
    json out = json::array();
    std::size_t i = 0;
    for (const auto& value : *array) out.push_back(toml_value(doc, value, pointer + "/" + std::to_string(i++)));
    return out;
  }
  if (auto v = node.value<std::string>(); node.is_string()) return *v;
  if (node.is_integer()) return *node.value<std::int64_t>();
  if (node.is_floating_point()) return *node.value<double>();
  if (node.is_boolean()) return *node.value<bool>();
  // Dates and times: their TOML text.
  std::ostringstream text;
  if (auto* d = node.as_date()) text << *d;
  else if (auto* t = node.as_time()) text << *t;
  else if (auto* dt = node.as_date_time()) text << *dt;
  return text.str();
}

bool read_toml(LocatedDocument& doc, std::string_view text, std::string& error) {
  try {
    toml::table table = toml::parse(text, doc.file);
    doc.value = toml_value(doc, table, "");
    doc.where[""] = Location{doc.file, 1, 1};
    return true;
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    error = Location{doc.file, static_cast<int>(begin.line), static_cast<int>(begin.column)}.text() + ": " +
            std::string(e.description());
    return false;
  }
}

}  // namespace

std::string Location::text() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

Location LocatedDocument::at(const std::string& pointer) const {
  std::string p = pointer;
  for (;;) {
    if (auto it = where.find(p); it != where.end()) return it->second;
    if (p.empty()) return Location{file, 0, 0};
    p.erase(p.rfind('/'));
  }
}

std::string pointer_token(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::optional<LocatedDocument> read_located(const std::string& file, std::string_view text, std::string& error) {
  LocatedDocument doc;
  doc.file = file;
  bool ok = false;
  if (ends_with(file, ".toml")) {
    ok = read_toml(doc, text, error);
  } else if (ends_with(file, ".json")) {
    ok = check_json(file, text, error) && read_yaml(doc, text, error);
  } else {
    ok = read_yaml(doc, text, error);
  }
  if (!ok) return std::nullopt;
  return doc;
}

}  // namespace mcpgw::admin
