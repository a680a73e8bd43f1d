#include "core/rest/yaml_json.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include <yaml-cpp/yaml.h>

#include "core/jsonrpc/json_reader.hpp"

namespace mcpgw::rest {

using nlohmann::json;

namespace {

bool all_digits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                         : c >= '0' && c < static_cast<char>('0' + base);
    if (!ok) return false;
  }
  return true;
}

/// An integer of the core schema (or a float, when it does not fit in 64 bits).
json integer(std::string_view digits, bool negative, int base) {
  std::uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    double big = 0;
    for (char c : digits) big = big * base + (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(c) - 'a' + 10);
    return negative ? -big : big;
  }
  if (!negative) return magnitude;
  if (magnitude <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1)
    return static_cast<std::int64_t>(0 - magnitude);
  return -static_cast<double>(magnitude);
}

/// Whether `s` is a float of the YAML 1.2 core schema: [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE][-+]?[0-9]+ )?
bool core_float(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t whole = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  bool digits = i > whole;
  if (i < s.size() && s[i] == '.') {
    std::size_t frac = ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    digits = digits || i > frac;
  }
  if (!digits) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!all_digits(s.substr(i), 10)) return false;
    i = s.size();
  }
  return i == s.size();
}

/// A plain scalar resolved with the YAML 1.2 core schema (§10.3.2).
json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  std::string_view v = s;
  if (v.starts_with("0o") && all_digits(v.substr(2), 8)) return integer(v.substr(2), false, 8);
  if (v.starts_with("0x") && all_digits(v.substr(2), 16)) return integer(v.substr(2), false, 16);
  const bool negative = v.starts_with('-');
  std::string_view unsigned_part = (negative || v.starts_with('+')) ? v.substr(1) : v;
  if (all_digits(unsigned_part, 10)) return integer(unsigned_part, negative, 10);
  if (unsigned_part == ".inf" || unsigned_part == ".Inf" || unsigned_part == ".INF")
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  if (v == ".nan" || v == ".NaN" || v == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  if (core_float(v)) return std::strtod(s.c_str(), nullptr);
  return s;
}

std::string at_line(const YAML::Mark& mark) {
  return mark.is_null() ? std::string() : "line " + std::to_string(mark.line + 1) + ": ";
}

class Converter {
 public:
  explicit Converter(std::string& error) : error_(error) {}

  bool convert(const YAML::Node& node, json& out, std::size_t depth) {
    if (++values_ > kMaxYamlValues) return fail(node, "the document expands to more than " +
                                                          std::to_string(kMaxYamlValues) + " values (aliases included)");
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out = nullptr;
        return true;
      case YAML::NodeType::Scalar:
        out = scalar(node);
        return true;
      case YAML::NodeType::Sequence:
        if (depth >= jsonrpc::kMaxJsonDepth) return too_deep(node);
        out = json::array();
        for (const auto& item : node) {
          json value;
          if (!convert(item, value, depth + 1)) return false;
          out.push_back(std::move(value));
        }
        return true;
      case YAML::NodeType::Map:
        if (depth >= jsonrpc::kMaxJsonDepth) return too_deep(node);
        out = json::object();
        for (const auto& entry : node) {
          if (!entry.first.IsScalar() && !entry.first.IsNull()) return fail(entry.first, "a mapping key must be a scalar");
          json value;
          if (!convert(entry.second, value, depth + 1)) return false;
          out[entry.first.IsNull() ? std::string("null") : entry.first.Scalar()] = std::move(value);
        }
        return true;
    }
    return true;
  }

 private:
  static json scalar(const YAML::Node& node) {
    const std::string& tag = node.Tag();
    if (tag == "?") return plain_scalar(node.Scalar());
    static const std::string kCore = "tag:yaml.org,2002:";
    if (tag == kCore + "int" || tag == kCore + "float" || tag == kCore + "bool" || tag == kCore + "null")
      return plain_scalar(node.Scalar());
    return node.Scalar();  // quoted ("!"), !!str, and tags of other schemas: the text
  }
  bool too_deep(const YAML::Node& node) {
    return fail(node, "nested deeper than " + std::to_string(jsonrpc::kMaxJsonDepth) + " levels");
  }
  bool fail(const YAML::Node& node, const std::string& what) {
    error_ = at_line(node.Mark()) + what;
    return false;
  }

  std::string& error_;
  std::size_t values_ = 0;
};

}  // namespace

json read_yaml_as_json(std::string_view text, std::string& error) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    error = at_line(e.mark) + e.msg;
    return json(json::value_t::discarded);
  }
  json out;
  Converter converter(error);
  try {
    if (!converter.convert(root, out, 0)) return json(json::value_t::discarded);
  } catch (const YAML::Exception& e) {
    error = at_line(e.mark) + e.msg;
    return json(json::value_t::discarded);
  }
  return out;
}

json resolve_plain_scalar(const std::string& text) { return plain_scalar(text); }

}  // namespace mcpgw::rest
