#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mcpgw::prompt {

/// Where and why a template cannot be used; line and column count from 1.
struct TemplateError {
  int line = 0;
  int column = 0;
  std::string message;
  std::string to_string() const;  // "line 3, column 7: unknown filter 'shout'"
};

/// A prompt template in the Jinja syntax ContextForge's users write, the subset that prompts
/// need: `{{ expression }}`, `{% if %}…{% elif %}…{% else %}…{% endif %}`,
/// `{% for x in list %}…{% endfor %}` (with loop.index, loop.index0, loop.first, loop.last),
/// `{# comments #}` and the `-` whitespace control. Expressions: names with `.attr` and
/// `[index]`, string, number, true/false/none literals, `==`, `!=`, `<`, `<=`, `>`, `>=`, `in`,
/// `not`, `and`, `or`, parentheses, and the filters default (d), upper, lower, title,
/// capitalize, trim, replace, join, length (count), first, last, string, int and tojson.
/// Anything else is refused when the template is parsed, naming the line and column, so a
/// template is never rendered other than Jinja would. Values print as Jinja prints them
/// (True, None, ['a', 1]); an undefined name prints nothing. Immutable; any thread.
class Template {
 public:
  /// The parsed template, or nullptr with `error` set.
  static std::shared_ptr<const Template> parse(std::string_view text, TemplateError& error);

  /// The text for `context` (an object: argument name → value).
  std::string render(const nlohmann::json& context) const;

  struct Node;
  ~Template();

 private:
  Template();
  std::vector<std::unique_ptr<Node>> nodes_;
};

}  // namespace mcpgw::prompt
