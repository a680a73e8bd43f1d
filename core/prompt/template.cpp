#include "core/prompt/template.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <optional>

namespace mcpgw::prompt {

using nlohmann::json;

std::string TemplateError::to_string() const {
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message;
}

namespace {

/// A value while rendering: nullopt is Jinja's Undefined (prints nothing, is false).
using Value = std::optional<json>;

struct Failure {
  std::size_t offset;
  std::string message;
};

struct Expr {
  enum Kind { kLiteral, kName, kAttr, kIndex, kNot, kAnd, kOr, kCompare, kFilter } kind = kLiteral;
  json literal;
  std::string name;  // kName, kAttr: the name; kCompare: the operator; kFilter: the filter
  std::vector<std::unique_ptr<Expr>> args;
};

/// How deep statements (if, for) and expressions may nest: far beyond what prompts need.
constexpr int kMaxNesting = 64;
constexpr int kMaxLinks = 256;

const char* const kFilters[] = {"default", "d",     "upper",  "lower", "title", "capitalize", "trim",  "replace",
                                "join",    "length", "count", "first", "last",  "string",     "int",   "tojson"};

// ---- expressions -------------------------------------------------------------------------

struct Token {
  enum Kind { kEnd, kName, kString, kNumber, kOp } kind = kEnd;
  std::string text;
  json value;
  std::size_t offset = 0;
};

class ExprParser {
 public:
  ExprParser(std::string_view text, std::size_t base) : text_(text), base_(base) { next(); }

  std::unique_ptr<Expr> parse_all() {
    auto e = parse_or();
    if (tok_.kind != Token::kEnd) fail("unexpected '" + tok_.text + "'");
    return e;
  }
  std::unique_ptr<Expr> parse_or() {
    // Parentheses and `not` nest by recursion: bounded, so no text can exhaust the stack.
    if (++depth_ > kMaxNesting) fail("expressions nest deeper than " + std::to_string(kMaxNesting) + " levels");
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{depth_};
    auto left = parse_and();
    while (is_word("or")) {
      link();
      next();
      auto e = std::make_unique<Expr>();
      e->kind = Expr::kOr;
      e->args.push_back(std::move(left));
      e->args.push_back(parse_and());
      left = std::move(e);
    }
    return left;
  }
  const Token& token() const { return tok_; }
  void next() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    tok_ = Token{};
    tok_.offset = base_ + pos_;
    if (pos_ >= text_.size()) return;
    char c = text_[pos_];
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = pos_;
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
      tok_.kind = Token::kName;
      tok_.text = std::string(text_.substr(start, pos_ - start));
      return;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t start = pos_;
      while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) ++pos_;
      tok_.kind = Token::kNumber;
      tok_.text = std::string(text_.substr(start, pos_ - start));
      tok_.value = json::parse(tok_.text, nullptr, false);
      if (tok_.value.is_discarded()) fail("'" + tok_.text + "' is not a number");
      return;
    }
    if (c == '"' || c == '\'') {
      std::string s;
      ++pos_;
      while (pos_ < text_.size() && text_[pos_] != c) {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
          char e = text_[++pos_];
          s += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        } else {
          s += text_[pos_];
        }
        ++pos_;
      }
      if (pos_ >= text_.size()) fail("a string is not closed");
      ++pos_;
      tok_.kind = Token::kString;
      tok_.text = s;
      tok_.value = s;
      return;
    }
    static const char* const kOps[] = {"==", "!=", "<=", ">=", "<", ">", "|", ".", "(", ")", "[", "]", ",", "-"};
    for (const char* op : kOps) {
      std::string_view o(op);
      if (text_.substr(pos_, o.size()) == o) {
        pos_ += o.size();
        tok_.kind = Token::kOp;
        tok_.text = std::string(o);
        return;
      }
    }
    fail(std::string("'") + c + "' is not supported here");
  }
  [[noreturn]] void fail(const std::string& message) const { throw Failure{tok_.offset, message}; }
  /// Chains (a.b.c, x | f | g, a and b and c) nest the expression tree as deep as they are
  /// long, and rendering and freeing it recurse: one expression has at most kMaxLinks links.
  void link() {
    if (++links_ > kMaxLinks) fail("the expression is longer than " + std::to_string(kMaxLinks) + " operations");
  }
  bool is_word(std::string_view w) const { return tok_.kind == Token::kName && tok_.text == w; }
  bool is_op(std::string_view o) const { return tok_.kind == Token::kOp && tok_.text == o; }
  void expect_op(std::string_view o) {
    if (!is_op(o)) fail("expected '" + std::string(o) + "'");
    next();
  }

 private:
  std::unique_ptr<Expr> parse_and() {
    auto left = parse_not();
    while (is_word("and")) {
      link();
      next();
      auto e = std::make_unique<Expr>();
      e->kind = Expr::kAnd;
      e->args.push_back(std::move(left));
      e->args.push_back(parse_not());
      left = std::move(e);
    }
    return left;
  }
  std::unique_ptr<Expr> parse_not() {
    if (is_word("not")) {
      if (++nots_ > kMaxNesting) fail("too many 'not's in a row");
      next();
      auto e = std::make_unique<Expr>();
      e->kind = Expr::kNot;
      e->args.push_back(parse_not());
      return e;
    }
    return parse_compare();
  }
  std::unique_ptr<Expr> parse_compare() {
    auto left = parse_filtered();
    std::string op;
    if (tok_.kind == Token::kOp && (tok_.text == "==" || tok_.text == "!=" || tok_.text == "<" || tok_.text == ">" ||
                                    tok_.text == "<=" || tok_.text == ">="))
      op = tok_.text;
    else if (is_word("in"))
      op = "in";
    if (op.empty()) return left;
    next();
    auto e = std::make_unique<Expr>();
    e->kind = Expr::kCompare;
    e->name = op;
    e->args.push_back(std::move(left));
    e->args.push_back(parse_filtered());
    return e;
  }
  std::unique_ptr<Expr> parse_filtered() {
    auto value = parse_postfix();
    while (is_op("|")) {
      link();
      next();
      if (tok_.kind != Token::kName) fail("expected a filter name after '|'");
      if (std::none_of(std::begin(kFilters), std::end(kFilters), [&](const char* f) { return tok_.text == f; }))
        fail("unknown filter '" + tok_.text + "'");
      auto e = std::make_unique<Expr>();
      e->kind = Expr::kFilter;
      e->name = tok_.text;
      e->args.push_back(std::move(value));
      next();
      if (is_op("(")) {
        next();
        while (!is_op(")")) {
          e->args.push_back(parse_or());
          if (!is_op(")")) expect_op(",");
        }
        next();
      }
      value = std::move(e);
    }
    return value;
  }
  std::unique_ptr<Expr> parse_postfix() {
    auto value = parse_primary();
    for (;;) {
      if (is_op(".") || is_op("[")) link();
      if (is_op(".")) {
        next();
        if (tok_.kind != Token::kName && tok_.kind != Token::kNumber) fail("expected a name after '.'");
        auto e = std::make_unique<Expr>();
        e->kind = Expr::kAttr;
        e->name = tok_.text;
        e->args.push_back(std::move(value));
        value = std::move(e);
        next();
      } else if (is_op("[")) {
        next();
        auto e = std::make_unique<Expr>();
        e->kind = Expr::kIndex;
        e->args.push_back(std::move(value));
        e->args.push_back(parse_or());
        expect_op("]");
        value = std::move(e);
      } else if (is_op("(")) {
        fail("calling functions or methods is not supported");
      } else {
        return value;
      }
    }
  }
  std::unique_ptr<Expr> parse_primary() {
    auto e = std::make_unique<Expr>();
    if (is_op("-")) {  // a negative number; arithmetic is not supported
      next();
      if (tok_.kind != Token::kNumber) fail("'-' is not supported here");
      e->literal = tok_.value.is_number_unsigned() && tok_.value.get<std::uint64_t>() > 9223372036854775807ULL
                       ? json(-tok_.value.get<double>())
                   : tok_.value.is_number_float() ? json(-tok_.value.get<double>())
                                                  : json(-tok_.value.get<long long>());
      next();
      return e;
    }
    if (tok_.kind == Token::kString || tok_.kind == Token::kNumber) {
      e->literal = tok_.value;
      next();
      return e;
    }
    if (tok_.kind == Token::kName) {
      static const std::pair<const char*, json> kConstants[] = {
          {"true", true}, {"True", true}, {"false", false}, {"False", false}, {"none", nullptr}, {"None", nullptr}};
      for (const auto& [word, value] : kConstants)
        if (tok_.text == word) {
          e->literal = value;
          next();
          return e;
        }
      static const char* const kReserved[] = {"and", "or", "not", "in", "if", "else", "elif", "for", "is"};
      if (std::any_of(std::begin(kReserved), std::end(kReserved), [&](const char* r) { return tok_.text == r; }))
        fail("'" + tok_.text + "' is not supported here");
      e->kind = Expr::kName;
      e->name = tok_.text;
      next();
      return e;
    }
    if (is_op("(")) {
      next();
      auto inner = parse_or();
      expect_op(")");
      return inner;
    }
    if (tok_.kind == Token::kEnd) fail("an expression is missing");
    fail("'" + tok_.text + "' is not supported here");
  }

  std::string_view text_;
  std::size_t base_;
  std::size_t pos_ = 0;
  Token tok_;
  int depth_ = 0;
  int nots_ = 0;
  int links_ = 0;
};

// ---- values ------------------------------------------------------------------------------

bool truthy(const Value& v) {
  if (!v || v->is_null()) return false;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_number()) return v->get<double>() != 0;
  if (v->is_string()) return !v->get_ref<const std::string&>().empty();  // json::empty() is false for strings
  if (v->is_array() || v->is_object()) return !v->empty();
  return true;
}

std::string number_text(const json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  double d = v.get<double>();
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e16) {
    std::string s = std::to_string(static_cast<long long>(d));
    return s + ".0";
  }
  return v.dump();
}

/// Python's repr, as Jinja prints the items of a list or dict.
std::string repr(const json& v);

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "'";
}

/// How Jinja prints a value: strings as they are, True/False/None, lists and dicts as Python.
std::string print(const Value& v) {
  if (!v) return {};
  if (v->is_string()) return v->get<std::string>();
  return repr(*v);
}

std::string repr(const json& v) {
  if (v.is_string()) return quoted(v.get<std::string>());
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_null()) return "None";
  if (v.is_number()) return number_text(v);
  std::string out;
  if (v.is_array()) {
    out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + repr(v[i]);
    return out + "]";
  }
  out = "{";
  bool first = true;
  for (const auto& [k, item] : v.items()) {
    out += (first ? "" : ", ") + quoted(k) + ": " + repr(item);
    first = false;
  }
  return out + "}";
}

bool equal(const Value& a, const Value& b) {
  if (!a || !b) return !a && !b;
  if (a->is_number() && b->is_number()) return a->get<double>() == b->get<double>();
  return *a == *b;
}

std::string transform(std::string s, int (*f)(int)) {
  std::transform(s.begin(), s.end(), s.begin(), [f](unsigned char c) { return static_cast<char>(f(c)); });
  return s;
}

struct Scope {
  const json& context;
  std::vector<std::pair<std::string, json>> locals;  // innermost last
  const json* find(const std::string& name) const {
    for (auto it = locals.rbegin(); it != locals.rend(); ++it)
      if (it->first == name) return &it->second;
    auto found = context.find(name);
    return found == context.end() ? nullptr : &*found;
  }
};

Value eval(const Expr& e, const Scope& scope);

Value filter(const Expr& e, const Scope& scope) {
  Value v = eval(*e.args[0], scope);
  auto arg = [&](std::size_t i) -> Value { return i < e.args.size() ? eval(*e.args[i], scope) : Value(); };
  const std::string& f = e.name;
  if (f == "default" || f == "d") {
    const bool on_false = truthy(arg(2));
    if (!v || (on_false && !truthy(v))) return arg(1) ? arg(1) : Value(json(""));
    return v;
  }
  if (f == "length" || f == "count") {
    if (!v) return json(0);
    if (v->is_string()) return json(v->get_ref<const std::string&>().size());
    return json(v->is_array() || v->is_object() ? v->size() : 0);
  }
  if (f == "tojson") return json(v ? v->dump(-1, ' ', false, json::error_handler_t::replace) : std::string("null"));
  if (f == "first" || f == "last") {
    if (!v || !v->is_array() || v->empty()) return Value();
    return f == "first" ? v->front() : v->back();
  }
  if (f == "join") {
    const std::string sep = arg(1) ? print(arg(1)) : "";
    std::string out;
    if (v && v->is_array())
      for (std::size_t i = 0; i < v->size(); ++i) out += (i ? sep : "") + print((*v)[i]);
    return json(out);
  }
  if (f == "int") {
    if (v && (v->is_number_integer())) return *v;
    if (v && v->is_number()) {
      const double d = v->get<double>();
      if (!std::isfinite(d) || std::fabs(d) >= 9.2e18) return json(0);  // no long long holds it
      return json(static_cast<long long>(d));
    }
    if (v && v->is_string()) {
      try {
        return json(std::stoll(v->get<std::string>()));
      } catch (const std::exception&) {
      }
    }
    return json(0);
  }
  std::string s = print(v);
  if (f == "upper") return json(transform(s, ::toupper));
  if (f == "lower") return json(transform(s, ::tolower));
  if (f == "string") return json(s);
  if (f == "trim") {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return json("");
    return json(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
  }
  if (f == "capitalize") {
    s = transform(s, ::tolower);
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return json(s);
  }
  if (f == "title") {
    bool start = true;
    for (auto& c : s) {
      unsigned char u = static_cast<unsigned char>(c);
      c = static_cast<char>(start ? std::toupper(u) : std::tolower(u));
      start = !std::isalnum(u);
    }
    return json(s);
  }
  if (f == "replace") {
    const std::string from = print(arg(1)), to = print(arg(2));
    if (from.empty()) return json(s);
    std::string out;
    std::size_t at = 0;
    for (std::size_t hit; (hit = s.find(from, at)) != std::string::npos; at = hit + from.size())
      out += s.substr(at, hit - at) + to;
    return json(out + s.substr(at));
  }
  return v;
}

Value eval(const Expr& e, const Scope& scope) {
  switch (e.kind) {
    case Expr::kLiteral:
      return e.literal;
    case Expr::kName: {
      const json* found = scope.find(e.name);
      return found ? Value(*found) : Value();
    }
    case Expr::kAttr:
    case Expr::kIndex: {
      Value base = eval(*e.args[0], scope);
      if (!base) return Value();
      Value key = e.kind == Expr::kAttr ? Value(json(e.name)) : eval(*e.args[1], scope);
      if (!key) return Value();
      if (base->is_object() && key->is_string()) {
        auto it = base->find(key->get<std::string>());
        return it == base->end() ? Value() : Value(*it);
      }
      if (base->is_array()) {
        // An index is an integer a list can have; anything else (a float, 1e60) is undefined.
        if (!key->is_number_integer()) return Value();
        if (key->is_number_unsigned() && key->get<std::uint64_t>() > base->size()) return Value();
        long long i = key->get<long long>();
        if (i < 0) i += static_cast<long long>(base->size());
        if (i < 0 || i >= static_cast<long long>(base->size())) return Value();
        return (*base)[static_cast<std::size_t>(i)];
      }
      return Value();
    }
    case Expr::kNot:
      return json(!truthy(eval(*e.args[0], scope)));
    case Expr::kAnd: {
      Value left = eval(*e.args[0], scope);
      return truthy(left) ? eval(*e.args[1], scope) : left;
    }
    case Expr::kOr: {
      Value left = eval(*e.args[0], scope);
      return truthy(left) ? left : eval(*e.args[1], scope);
    }
    case Expr::kCompare: {
      Value a = eval(*e.args[0], scope), b = eval(*e.args[1], scope);
      if (e.name == "==") return json(equal(a, b));
      if (e.name == "!=") return json(!equal(a, b));
      if (e.name == "in") {
        if (!b) return json(false);
        if (b->is_string()) return json(a && b->get_ref<const std::string&>().find(print(a)) != std::string::npos);
        if (b->is_array())
          return json(std::any_of(b->begin(), b->end(), [&](const json& item) { return equal(a, Value(item)); }));
        if (b->is_object()) return json(a && a->is_string() && b->contains(a->get<std::string>()));
        return json(false);
      }
      if (!a || !b) return json(false);
      int order = 0;
      if (a->is_number() && b->is_number()) order = a->get<double>() < b->get<double>() ? -1 : a->get<double>() > b->get<double>();
      else if (a->is_string() && b->is_string()) order = a->get<std::string>().compare(b->get<std::string>());
      else return json(false);
      if (e.name == "<") return json(order < 0);
      if (e.name == "<=") return json(order <= 0);
      if (e.name == ">") return json(order > 0);
      return json(order >= 0);
    }
    case Expr::kFilter:
      return filter(e, scope);
  }
  return Value();
}

}  // namespace

// ---- statements --------------------------------------------------------------------------

struct Template::Node {
  enum Kind { kText, kOutput, kIf, kFor } kind = kText;
  std::string text;
  std::unique_ptr<Expr> expr;  // kOutput, kFor (the list)
  std::vector<std::pair<std::unique_ptr<Expr>, std::vector<std::unique_ptr<Node>>>> branches;  // kIf; else: null
  std::string var;                                                                             // kFor
  std::vector<std::unique_ptr<Node>> body;                                                     // kFor
};

namespace {

using Nodes = std::vector<std::unique_ptr<Template::Node>>;

struct Tag {
  char kind;  // '{' output, '%' statement, 't' text
  std::string_view inner;  // without delimiters and whitespace-control dashes
  std::size_t offset;      // of `inner` in the template
  std::size_t start;       // of the tag itself
  std::string text;        // kind 't'
};

std::vector<Tag> split(std::string_view text) {
  std::vector<Tag> tags;
  std::size_t at = 0;
  bool strip_next = false;
  auto add_text = [&](std::string s, std::size_t start) {
    if (strip_next) s.erase(0, s.find_first_not_of(" \t\r\n") == std::string::npos ? s.size() : s.find_first_not_of(" \t\r\n"));
    strip_next = false;
    tags.push_back(Tag{'t', {}, start, start, std::move(s)});
  };
  while (at < text.size()) {
    std::size_t open = text.find('{', at);
    while (open != std::string_view::npos && open + 1 < text.size() && text[open + 1] != '{' && text[open + 1] != '%' &&
           text[open + 1] != '#')
      open = text.find('{', open + 1);
    if (open == std::string_view::npos || open + 1 >= text.size()) {
      add_text(std::string(text.substr(at)), at);
      break;
    }
    add_text(std::string(text.substr(at, open - at)), at);
    const char kind = text[open + 1];
    const std::string close = kind == '{' ? "}}" : kind == '%' ? "%}" : "#}";
    std::size_t end = open + 2;
    char quote = 0;
    for (; end + 1 < text.size(); ++end) {
      if (kind != '#' && (text[end] == '"' || text[end] == '\'')) quote = quote == text[end] ? 0 : quote ? quote : text[end];
      if (!quote && text.substr(end, 2) == close) break;
    }
    if (end + 1 >= text.size()) throw Failure{open, std::string("'{") + kind + "' is not closed"};
    std::size_t inner_start = open + 2, inner_end = end;
    if (inner_start < inner_end && text[inner_start] == '-') {
      ++inner_start;
      if (!tags.empty() && tags.back().kind == 't') {
        auto& t = tags.back().text;
        t.erase(t.find_last_not_of(" \t\r\n") == std::string::npos ? 0 : t.find_last_not_of(" \t\r\n") + 1);
      }
    }
    if (inner_end > inner_start && text[inner_end - 1] == '-') {
      --inner_end;
      strip_next = true;
    }
    if (kind != '#') tags.push_back(Tag{kind, text.substr(inner_start, inner_end - inner_start), inner_start, open, {}});
    at = end + 2;
  }
  return tags;
}

class StatementParser {
 public:
  explicit StatementParser(std::vector<Tag> tags) : tags_(std::move(tags)) {}

  /// Nodes up to a statement whose keyword is in `ends` (returned in `ended`, its Tag in `end_tag`).
  Nodes parse(const std::vector<std::string>& ends, std::string& ended, const Tag*& end_tag) {
    if (++depth_ > kMaxNesting)
      throw Failure{i_ < tags_.size() ? tags_[i_].start : 0,
                    "statements nest deeper than " + std::to_string(kMaxNesting) + " levels"};
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{depth_};
    Nodes nodes;
    while (i_ < tags_.size()) {
      const Tag& tag = tags_[i_++];
      if (tag.kind == 't') {
        if (!tag.text.empty()) {
          auto n = std::make_unique<Template::Node>();
          n->text = tag.text;
          nodes.push_back(std::move(n));
        }
        continue;
      }
      if (tag.kind == '{') {
        auto n = std::make_unique<Template::Node>();
        n->kind = Template::Node::kOutput;
        n->expr = ExprParser(tag.inner, tag.offset).parse_all();
        nodes.push_back(std::move(n));
        continue;
      }
      ExprParser words(tag.inner, tag.offset);
      if (words.token().kind != Token::kName) words.fail("expected a statement (if, for, …)");
      const std::string keyword = words.token().text;
      if (std::find(ends.begin(), ends.end(), keyword) != ends.end()) {
        ended = keyword;
        end_tag = &tag;
        return nodes;
      }
      words.next();
      if (keyword == "if") {
        nodes.push_back(parse_if(words, tag));
      } else if (keyword == "for") {
        nodes.push_back(parse_for(words, tag));
      } else if (keyword == "elif" || keyword == "else" || keyword == "endif" || keyword == "endfor") {
        throw Failure{tag.offset, "'" + keyword + "' without its opening statement"};
      } else {
        throw Failure{tag.offset, "the statement '" + keyword + "' is not supported (if, elif, else, endif, for, endfor are)"};
      }
    }
    if (!ends.empty()) throw Failure{unclosed_, "'" + ends.back() + "' is missing"};
    return nodes;
  }

 private:
  std::unique_ptr<Template::Node> parse_if(ExprParser& words, const Tag& tag) {
    auto n = std::make_unique<Template::Node>();
    n->kind = Template::Node::kIf;
    auto condition = words.parse_all();
    for (;;) {
      std::string ended;
      const Tag* end_tag = nullptr;
      unclosed_ = tag.start;
      Nodes body = parse({"elif", "else", "endif"}, ended, end_tag);
      n->branches.emplace_back(std::move(condition), std::move(body));
      ExprParser rest(end_tag->inner, end_tag->offset);
      rest.next();  // the keyword
      if (ended == "elif") {
        condition = rest.parse_all();
        continue;
      }
      if (rest.token().kind != Token::kEnd) rest.fail("unexpected '" + rest.token().text + "'");
      if (ended == "endif") return n;
      // else: its body runs to endif
      std::string last;
      Nodes otherwise = parse({"endif"}, last, end_tag);
      ExprParser after(end_tag->inner, end_tag->offset);
      after.next();
      if (after.token().kind != Token::kEnd) after.fail("unexpected '" + after.token().text + "'");
      n->branches.emplace_back(nullptr, std::move(otherwise));
      return n;
    }
  }

  std::unique_ptr<Template::Node> parse_for(ExprParser& words, const Tag& tag) {
    auto n = std::make_unique<Template::Node>();
    n->kind = Template::Node::kFor;
    if (words.token().kind != Token::kName || words.token().text == "in") words.fail("expected a loop variable");
    n->var = words.token().text;
    if (n->var == "loop") words.fail("'loop' is the loop's own variable");
    words.next();
    if (words.is_op(",")) words.fail("unpacking several loop variables is not supported");
    if (!words.is_word("in")) words.fail("expected 'in'");
    words.next();
    n->expr = words.parse_or();
    if (words.token().kind != Token::kEnd) words.fail("'" + words.token().text + "' is not supported in a for loop");
    std::string ended;
    const Tag* end_tag = nullptr;
    unclosed_ = tag.start;
    n->body = parse({"endfor"}, ended, end_tag);
    ExprParser after(end_tag->inner, end_tag->offset);
    after.next();
    if (after.token().kind != Token::kEnd) after.fail("unexpected '" + after.token().text + "'");
    return n;
  }

  std::vector<Tag> tags_;
  std::size_t i_ = 0;
  std::size_t unclosed_ = 0;
  int depth_ = 0;
};

void render_nodes(const Nodes& nodes, Scope& scope, std::string& out) {
  for (const auto& n : nodes) {
    switch (n->kind) {
      case Template::Node::kText:
        out += n->text;
        break;
      case Template::Node::kOutput:
        out += print(eval(*n->expr, scope));
        break;
      case Template::Node::kIf:
        for (const auto& [condition, body] : n->branches) {
          if (!condition || truthy(eval(*condition, scope))) {
            render_nodes(body, scope, out);
            break;
          }
        }
        break;
      case Template::Node::kFor: {
        Value list = eval(*n->expr, scope);
        if (!list) break;
        std::vector<json> items;
        if (list->is_array()) items.assign(list->begin(), list->end());
        else if (list->is_object())
          for (const auto& [k, v] : list->items()) items.emplace_back(k);  // Jinja iterates a dict's keys
        else if (list->is_string()) {  // its characters (UTF-8 sequences), as Jinja iterates a str
          const std::string& text = list->get_ref<const std::string&>();
          for (std::size_t i = 0; i < text.size();) {
            std::size_t n = 1;
            while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
            items.emplace_back(text.substr(i, n));
            i += n;
          }
        }
        for (std::size_t i = 0; i < items.size(); ++i) {
          json loop = {{"index", i + 1}, {"index0", i}, {"first", i == 0}, {"last", i + 1 == items.size()},
                       {"length", items.size()}};
          scope.locals.emplace_back("loop", std::move(loop));
          scope.locals.emplace_back(n->var, std::move(items[i]));
          render_nodes(n->body, scope, out);
          scope.locals.pop_back();
          scope.locals.pop_back();
        }
        break;
      }
    }
  }
}

}  // namespace

Template::Template() = default;
Template::~Template() = default;

std::shared_ptr<const Template> Template::parse(std::string_view text, TemplateError& error) {
  std::shared_ptr<Template> t(new Template());
  try {
    StatementParser parser(split(text));
    std::string ended;
    const Tag* end_tag = nullptr;
    t->nodes_ = parser.parse({}, ended, end_tag);
    return t;
  } catch (const Failure& f) {
    std::size_t offset = std::min(f.offset, text.size());
    error.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
    std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    line_start = line_start == std::string_view::npos || offset == 0 ? 0 : line_start + 1;
    error.column = 1 + static_cast<int>(offset - line_start);
    error.message = f.message;
    return nullptr;
  }
}

std::string Template::render(const json& context) const {
  static const json kEmpty = json::object();
  Scope scope{context.is_object() ? context : kEmpty, {}};
  std::string out;
  render_nodes(nodes_, scope, out);
  return out;
}

}  // namespace mcpgw::prompt
