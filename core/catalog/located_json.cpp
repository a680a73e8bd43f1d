#include "core/catalog/located_json.hpp"

#include <yaml-cpp/yaml.h>

#include "core/jsonrpc/json_reader.hpp"
#include "core/rest/yaml_json.hpp"

namespace mcpgw::catalog {

using nlohmann::json;

namespace {

TextPosition position_of(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

class Reader {
 public:
  explicit Reader(LocatedJson& out) : out_(out) {}

  bool read(const YAML::Node& node, json& value, const std::string& pointer, std::size_t depth) {
    if (++count_ > rest::kMaxYamlValues) {
      return fail(node, "the document expands to more than " + std::to_string(rest::kMaxYamlValues) +
                            " values (aliases included)");
    }
    out_.values.emplace(pointer, position_of(node.Mark()));
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        value = nullptr;
        return true;
      case YAML::NodeType::Scalar:
        value = rest::resolve_yaml_scalar(node.Tag(), node.Scalar());
        return true;
      case YAML::NodeType::Sequence: {
        if (depth >= jsonrpc::kMaxJsonDepth) return too_deep(node);
        value = json::array();
        std::size_t i = 0;
        for (const auto& item : node) {
          json v;
          if (!read(item, v, pointer + "/" + std::to_string(i++), depth + 1)) return false;
          value.push_back(std::move(v));
        }
        return true;
      }
      case YAML::NodeType::Map:
        if (depth >= jsonrpc::kMaxJsonDepth) return too_deep(node);
        value = json::object();
        for (const auto& entry : node) {
          if (!entry.first.IsScalar() && !entry.first.IsNull()) return fail(entry.first, "a mapping key must be a scalar");
          std::string key = entry.first.IsNull() ? std::string("null") : entry.first.Scalar();
          std::string child = pointer + "/" + pointer_token(key);
          if (value.contains(key)) {
            out_.repeated_keys.emplace_back(child, position_of(entry.first.Mark()));
            continue;
          }
          out_.keys.emplace(child, position_of(entry.first.Mark()));
          json v;
          if (!read(entry.second, v, child, depth + 1)) return false;
          value[key] = std::move(v);
        }
        return true;
    }
    return true;
  }

  std::string error;
  TextPosition at;

 private:
  bool too_deep(const YAML::Node& node) {
    return fail(node, "nested deeper than " + std::to_string(jsonrpc::kMaxJsonDepth) + " levels");
  }
  bool fail(const YAML::Node& node, std::string what) {
    error = std::move(what);
    at = position_of(node.Mark());
    return false;
  }

  LocatedJson& out_;
  std::size_t count_ = 0;
};

}  // namespace

std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

TextPosition LocatedJson::where(const std::string& pointer, bool key) const {
  const auto& map = key ? keys : values;
  if (auto it = map.find(pointer); it != map.end()) return it->second;
  std::string p = pointer;
  while (!p.empty()) {
    p.erase(p.rfind('/'));
    if (auto it = values.find(p); it != values.end()) return it->second;
  }
  return {};
}

bool read_located(std::string_view text, LocatedJson& out, std::string& error, TextPosition& at) {
  out = {};
  Reader reader(out);
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (reader.read(root, out.value, "", 0)) return true;
    error = reader.error;
    at = reader.at;
  } catch (const YAML::Exception& e) {
    error = e.msg;
    at = position_of(e.mark);
  }
  return false;
}

}  // namespace mcpgw::catalog
