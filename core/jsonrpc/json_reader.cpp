#include "core/jsonrpc/json_reader.hpp"

#include <set>
#include <vector>

namespace mcpgw::jsonrpc {
namespace {

/// nlohmann's own DOM builder with a depth check on every array and object it opens, so a
/// refused text is never built deeper than the limit (the parser itself is iterative).
class BoundedDom : public nlohmann::detail::json_sax_dom_parser<Json> {
 public:
  BoundedDom(Json& root, JsonError& error, bool reject_duplicate_keys)
      : json_sax_dom_parser(root, /*allow_exceptions=*/false),
        error_(error),
        reject_duplicate_keys_(reject_duplicate_keys) {}

  bool start_object(std::size_t size) {
    if (!enter()) return false;
    if (reject_duplicate_keys_) keys_.emplace_back();
    return json_sax_dom_parser::start_object(size);
  }
  bool end_object() {
    --depth_;
    if (reject_duplicate_keys_) keys_.pop_back();
    return json_sax_dom_parser::end_object();
  }
  bool start_array(std::size_t size) { return enter() && json_sax_dom_parser::start_array(size); }
  bool end_array() {
    --depth_;
    return json_sax_dom_parser::end_array();
  }
  bool key(string_t& name) {
    if (reject_duplicate_keys_ && !keys_.back().insert(name).second) {
      error_ = {JsonFault::duplicate_key, name};
      return false;
    }
    return json_sax_dom_parser::key(name);
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& ex) {
    if (error_.fault == JsonFault::none) error_.fault = JsonFault::invalid;
    return json_sax_dom_parser::parse_error(position, token, ex);
  }

 private:
  bool enter() {
    if (++depth_ <= kMaxJsonDepth) return true;
    error_.fault = JsonFault::too_deep;
    return false;
  }

  JsonError& error_;
  bool reject_duplicate_keys_;
  std::size_t depth_ = 0;
  std::vector<std::set<std::string>> keys_;
};

}  // namespace

std::string JsonError::describe() const {
  switch (fault) {
    case JsonFault::none: return "valid JSON";
    case JsonFault::invalid: return "invalid JSON";
    case JsonFault::too_deep: return "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    case JsonFault::duplicate_key: return "JSON object repeats the member \"" + key + "\"";
  }
  return "invalid JSON";
}

Json read_json(std::string_view text, JsonError* error, bool reject_duplicate_keys) {
  Json result;
  JsonError local;
  JsonError& e = error ? *error : local;
  e = {};
  BoundedDom dom(result, e, reject_duplicate_keys);
  if (!Json::sax_parse(text, &dom, nlohmann::json::input_format_t::json, /*strict=*/true) ||
      e.fault != JsonFault::none) {
    if (e.fault == JsonFault::none) e.fault = JsonFault::invalid;
    return Json(Json::value_t::discarded);
  }
  return result;
}

}  // namespace mcpgw::jsonrpc
