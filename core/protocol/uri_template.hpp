#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mcpgw::protocol {

/// RFC 6570 level 1 URI templates, as resource templates (MCP 2025-11-25 §resources/templates)
/// kept in the gateway use them: literal text and `{name}` variables.

/// Empty when `uri_template` is a level 1 template with at least one variable (names of
/// letters, digits and '_'; no operators such as {+x} or {?x}, no nesting) whose literal text,
/// the variables filled, is an absolute URI; else what is wrong.
std::string uri_template_problem(std::string_view uri_template);

/// The variables' values when `uri` is an expansion of `uri_template`, else nullopt. A value is
/// at least one character and never holds '/', '?' or '#' (a simple expansion percent-encodes
/// them), and stops at the first occurrence of the literal that follows it.
std::optional<std::map<std::string, std::string>> match_uri_template(std::string_view uri_template,
                                                                     std::string_view uri);

/// `text` with each `{name}` whose name is in `values` replaced by its value; other braces stay.
std::string fill_uri_variables(std::string_view text, const std::map<std::string, std::string>& values);

}  // namespace mcpgw::protocol
