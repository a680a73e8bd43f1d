#include "core/protocol/uri_template.hpp"

#include <boost/url/parse.hpp>

namespace mcpgw::protocol {

namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::string uri_template_problem(std::string_view t) {
  if (t.empty()) return "uri_template is empty";
  if (t.size() > 2048) return "uri_template is longer than 2048 characters";
  std::string concrete;
  int variables = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '}') return "uri_template: '}' without '{' at offset " + std::to_string(i);
    if (t[i] != '{') {
      concrete += t[i];
      continue;
    }
    auto close = t.find('}', i);
    if (close == std::string_view::npos) return "uri_template: '{' without '}' at offset " + std::to_string(i);
    std::string_view name = t.substr(i + 1, close - i - 1);
    if (name.empty()) return "uri_template: an empty {} at offset " + std::to_string(i);
    for (char c : name)
      if (!name_char(c))
        return "uri_template: {" + std::string(name) +
               "} is not a simple variable: only {name} (letters, digits, _) is supported, no operators or lists";
    if (close + 1 < t.size() && t[close + 1] == '{')
      return "uri_template: two variables in a row ({" + std::string(name) + "}{...}) cannot be told apart";
    concrete += 'x';
    ++variables;
    i = close;
  }
  if (variables == 0) return "uri_template has no {variable}: register it as a resource with uri";
  if (!boost::urls::parse_uri(concrete)) return "uri_template must be an absolute URI (scheme:...) of RFC 3986 characters";
  return {};
}

std::optional<std::map<std::string, std::string>> match_uri_template(std::string_view t, std::string_view uri) {
  std::map<std::string, std::string> values;
  std::size_t at = 0;  // in uri
  std::size_t i = 0;   // in t
  while (i < t.size()) {
    if (t[i] != '{') {
      auto next = t.find('{', i);
      std::string_view literal = t.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i);
      if (uri.substr(at, literal.size()) != literal) return std::nullopt;
      at += literal.size();
      i += literal.size();
      continue;
    }
    auto close = t.find('}', i);
    if (close == std::string_view::npos) return std::nullopt;
    std::string name(t.substr(i + 1, close - i - 1));
    i = close + 1;
    // The value runs to the next literal (or the end), and never across '/', '?' or '#'.
    auto next = t.find('{', i);
    std::string_view follow = t.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i);
    std::size_t end = follow.empty() ? uri.size() : uri.find(follow, at);
    if (end == std::string_view::npos || end == at) return std::nullopt;
    std::string_view value = uri.substr(at, end - at);
    if (value.find_first_of("/?#") != std::string_view::npos) return std::nullopt;
    auto [it, fresh] = values.emplace(std::move(name), std::string(value));
    if (!fresh && it->second != value) return std::nullopt;  // {x} twice must be the same value
    at = end;
  }
  if (at != uri.size()) return std::nullopt;
  return values;
}

std::string fill_uri_variables(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      auto close = text.find('}', i);
      if (close != std::string_view::npos) {
        auto found = values.find(std::string(text.substr(i + 1, close - i - 1)));
        if (found != values.end()) {
          out += found->second;
          i = close;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace mcpgw::protocol
