#include "core/rest/openapi_import.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <boost/algorithm/string/case_conv.hpp>

#include "core/http/url.hpp"
#include "core/jsonrpc/json_reader.hpp"
#include "core/rest/openapi_resolver.hpp"
#include "core/rest/yaml_json.hpp"

namespace mcpgw::rest {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxNameLength = 128;
constexpr std::size_t kMaxDescription = 65536;
constexpr const char* kOnlyVersions = "only OpenAPI 3.0 and 3.1 documents can be imported: ";

using boost::algorithm::to_lower_copy;
using boost::algorithm::to_upper_copy;

std::string string_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}
bool name_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '/'; }
/// What a path template needs: ToolCaller fills `{name}` for names of [A-Za-z0-9_] only.
std::string template_name(const std::string& name) {
  std::string out = name;
  for (auto& c : out)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return out.empty() ? "_" : out;
}

/// The operationId with characters tool names cannot hold made '_', or method_path without one.
std::string base_name(const std::string& operation_id, const std::string& method, const std::string& path) {
  std::string out;
  if (!operation_id.empty()) {
    for (unsigned char c : operation_id) out += name_char(c) ? static_cast<char>(c) : '_';
    return out;
  }
  out = method;
  for (unsigned char c : path) {
    if (c == '{' || c == '}') continue;
    if (std::isalnum(c) || c == '-' || c == '.') out += static_cast<char>(c);
    else if (out.back() != '_') out += '_';
  }
  while (out.size() > 1 && out.back() == '_') out.pop_back();
  return out;
}

std::string version_problem(const json& doc, bool& openapi_30) {
  if (auto s = doc.find("swagger"); s != doc.end())
    return kOnlyVersions + std::string("this is Swagger ") + (s->is_string() ? s->get<std::string>() : s->dump(-1, ' ', false, json::error_handler_t::replace)) +
           " (convert it to OpenAPI 3 first)";
  auto v = doc.find("openapi");
  if (v == doc.end() || !v->is_string())
    return kOnlyVersions + std::string("the document has no \"openapi\" version string");
  const std::string& version = v->get_ref<const std::string&>();
  if (version == "3.0" || version.starts_with("3.0.")) openapi_30 = true;
  else if (version == "3.1" || version.starts_with("3.1.")) openapi_30 = false;
  else return kOnlyVersions + std::string("this one is OpenAPI ") + version;
  return {};
}

/// The URL of the first server in `holder`'s "servers", `{variables}` at their defaults; "" if none.
std::string first_server(const json& holder) {
  auto servers = holder.find("servers");
  if (servers == holder.end() || !servers->is_array() || servers->empty() || !(*servers)[0].is_object()) return {};
  const json& server = (*servers)[0];
  std::string url = string_at(server, "url");
  if (auto vars = server.find("variables"); vars != server.end() && vars->is_object())
    for (const auto& [name, var] : vars->items()) {
      if (!var.is_object()) continue;
      const std::string value = string_at(var, "default"), key = "{" + name + "}";
      for (std::size_t at = url.find(key); at != std::string::npos; at = url.find(key, at + value.size()))
        url.replace(at, key.size(), value);
    }
  return url;
}

/// `raw` made absolute (against where the document came from) and checked; "" with `problem`.
std::string absolute_base(const std::string& raw, const std::string& document_url, std::string& problem) {
  std::string url = raw;
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    auto from = document_url.empty() ? std::nullopt : http::parse_url(document_url);
    auto resolved = from ? http::resolve_url(*from, raw) : std::nullopt;
    if (!resolved) {
      problem = "the server URL '" + raw + "' is not an absolute http(s) URL: give base_url";
      return {};
    }
    url = resolved->to_string();
  }
  if (!http::parse_url(url) || url.find_first_of("?#") != std::string::npos) {
    problem = "the base URL '" + url + "' is not an http:// or https:// URL without query or fragment";
    return {};
  }
  while (url.ends_with('/')) url.pop_back();
  return url;
}

struct Parameter {
  std::string name, in;
  bool required = false;
  json schema;
};

/// The path item's parameters, replaced by the operation's own of the same name and location.
std::string read_parameters(const json& item, const json& op, OpenApiResolver& r, std::vector<Parameter>& out) {
  for (const json* holder : {&item, &op}) {
    auto list = holder->find("parameters");
    if (list == holder->end() || !list->is_array()) continue;
    for (const auto& raw : *list) {
      const json* p = r.follow(raw);
      if (!p) return "a parameter is not an object";
      Parameter param;
      param.name = string_at(*p, "name");
      param.in = string_at(*p, "in");
      if (param.name.empty() || param.in.empty()) return "a parameter has no name or no \"in\"";
      // A document's fields may be of any type: compare, never convert.
      auto required = p->find("required");
      param.required = (required != p->end() && *required == true) || param.in == "path";
      json schema = p->value("schema", json::object());
      if (auto content = p->find("content"); !p->contains("schema") && content != p->end() && content->is_object() &&
                                             !content->empty() && content->begin()->is_object())
        schema = content->begin()->value("schema", json::object());
      param.schema = r.schema(schema);
      if (auto d = p->find("description"); d != p->end() && d->is_string() && param.schema.is_object() &&
                                           !param.schema.contains("description"))
        param.schema["description"] = *d;
      auto same = [&](const Parameter& q) { return q.name == param.name && q.in == param.in; };
      out.erase(std::remove_if(out.begin(), out.end(), same), out.end());
      out.push_back(std::move(param));
    }
  }
  return {};
}

/// The JSON media type of a content map ("application/json", else any "+json"); nullptr if none.
const json* json_media(const json& content) {
  const json* found = nullptr;
  for (const auto& [type, media] : content.items()) {
    std::string t = to_lower_copy(type.substr(0, type.find(';')));
    t.erase(std::remove(t.begin(), t.end(), ' '), t.end());
    if (t == "application/json" && media.is_object()) return &media;
    if (t.ends_with("+json") && media.is_object() && !found) found = &media;
  }
  return found;
}

/// Adds the properties (and required names) of an object schema, allOf members merged.
bool object_shape(const json& s, json& properties, std::vector<std::string>& required) {
  if (!s.is_object()) return false;
  auto type = s.find("type");
  const bool object = type == s.end() ? s.contains("properties") || s.contains("allOf") || s.empty()
                                      : *type == "object" || (type->is_array() && std::find(type->begin(), type->end(), "object") != type->end());
  if (!object) return false;
  if (auto all = s.find("allOf"); all != s.end() && all->is_array())
    for (const auto& member : *all)
      if (!object_shape(member, properties, required)) return false;
  if (auto props = s.find("properties"); props != s.end() && props->is_object())
    for (const auto& [k, v] : props->items()) properties[k] = v;
  if (auto req = s.find("required"); req != s.end() && req->is_array())
    for (const auto& name : *req)
      if (name.is_string() && std::find(required.begin(), required.end(), name) == required.end())
        required.push_back(name.get<std::string>());
  return true;
}

struct Body {
  json properties = json::object();
  std::vector<std::string> required;
};

/// The operation's JSON object request body as arguments; a reason to skip the operation, or "".
std::string read_body(const json& op, const std::string& method, OpenApiResolver& r, Body& body,
                      std::vector<std::string>& warnings, const std::string& operation) {
  auto raw = op.find("requestBody");
  if (raw == op.end()) return {};
  const json* rb = r.follow(*raw);
  if (!rb) return r.error().empty() ? "its requestBody is not an object" : std::string();
  auto required_field = rb->find("required");
  const bool required = required_field != rb->end() && *required_field == true;
  if (method == "get") {
    warnings.push_back(operation + ": the request body of a GET is left out (a GET sends its arguments as the query)");
    return {};
  }
  const json content = rb->value("content", json::object());
  const json* media = content.is_object() ? json_media(content) : nullptr;
  if (!media) {
    std::string types;
    for (const auto& [type, _] : content.items()) types += (types.empty() ? "" : ", ") + type;
    if (required) return "its request body is " + (types.empty() ? std::string("not described") : types) +
                         ", and a REST tool sends JSON";
    warnings.push_back(operation + ": the optional request body (" + types + ") is left out: a REST tool sends JSON");
    return {};
  }
  json schema = r.schema(media->value("schema", json::object()));
  std::vector<std::string> wanted;
  if (!object_shape(schema, body.properties, wanted))
    return "its request body is not a JSON object, and a REST tool sends its arguments as one JSON object";
  if (required) body.required = std::move(wanted);
  return {};
}

/// Argument names: body properties keep theirs; a parameter whose name is taken gets a prefix.
class ArgumentNames {
 public:
  void reserve(const std::string& name) { taken_.insert(name); }
  std::string claim(const std::string& wanted, const std::string& prefix) {
    std::string name = wanted;
    if (taken_.count(name)) name = prefix + wanted;
    for (int n = 2; taken_.count(name); ++n) name = prefix + wanted + "_" + std::to_string(n);
    taken_.insert(name);
    return name;
  }

 private:
  std::set<std::string> taken_;
};

/// The first 2xx response's JSON schema when it describes an object; null otherwise.
json output_schema_of(const json& op, OpenApiResolver& r) {
  auto responses = op.find("responses");
  if (responses == op.end() || !responses->is_object()) return nullptr;
  for (const auto& [status, raw] : responses->items()) {
    if (!status.starts_with('2')) continue;
    const json* response = r.follow(raw);
    auto content = response ? response->find("content") : json::const_iterator();
    if (!response || content == response->end() || !content->is_object()) return nullptr;
    const json* media = json_media(*content);
    if (!media || !media->contains("schema")) return nullptr;
    json schema = r.schema((*media)["schema"]);
    return schema.is_object() && schema.value("type", json()) == "object" ? schema : json();
  }
  return nullptr;
}

std::string description_of(const json& op) {
  std::string summary = string_at(op, "summary"), text = string_at(op, "description");
  std::string out = summary.empty() || text.empty() ? summary + text : summary + "\n\n" + text;
  if (out.size() <= kMaxDescription) return out;
  std::size_t cut = kMaxDescription;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return out.substr(0, cut);
}

/// A path as literal text and {templates}: ("/pets/", ""), ("", "petId"), ...
std::vector<std::pair<std::string, std::string>> path_parts(const std::string& path) {
  std::vector<std::pair<std::string, std::string>> parts;
  for (std::size_t at = 0; at < path.size();) {
    std::size_t open = path.find('{', at), close = open == std::string::npos ? open : path.find('}', open);
    if (close == std::string::npos) {
      parts.emplace_back(path.substr(at), "");
      break;
    }
    parts.emplace_back(path.substr(at, open - at), "");
    parts.emplace_back("", path.substr(open + 1, close - open - 1));
    at = close + 1;
  }
  return parts;
}

struct Operation {
  std::string method, path, label;  // "get", "/pets/{id}", "GET /pets/{id}"
  const json* item;
  const json* op;
  std::string base;
};

/// The operation's first server, else its path's, else the document's (3.0.3 §4.7.1: "/" when
/// none), made absolute; "" with `problem`. `own`: the server is the operation's or path's.
std::string operation_base(const json& doc, const Operation& o, const std::string& document_url, bool& own,
                           std::string& problem) {
  std::string raw = first_server(*o.op);
  if (raw.empty()) raw = first_server(*o.item);
  own = !raw.empty();
  if (raw.empty()) raw = first_server(doc);
  if (raw.empty()) raw = "/";
  return absolute_base(raw, document_url, problem);
}

/// Fills `t` from one operation; a reason to skip it, or "" (check r.error() too).
std::string build_tool(const Operation& o, OpenApiResolver& r, store::Tool& t, std::vector<std::string>& warnings) {
  std::vector<Parameter> params;
  if (auto why = read_parameters(*o.item, *o.op, r, params); !why.empty()) return why;
  Body body;
  if (auto why = read_body(*o.op, o.method, r, body, warnings, o.label); !why.empty()) return why;
  ArgumentNames names;
  for (const auto& [k, _] : body.properties.items()) names.reserve(k);
  json properties = json::object();
  std::vector<std::string> required;
  std::map<std::string, std::string> path_args;  // template name → argument
  const bool sends_body = o.method != "get";
  for (const auto& p : params) {
    std::string arg;
    const std::string lname = to_lower_copy(p.name);
    if (p.in == "path") {
      arg = path_args[p.name] = names.claim(template_name(p.name), "path_");
    } else if (p.in == "query") {
      arg = names.claim(p.name, "query_");
      if (arg != p.name || sends_body) t.query_mapping[arg] = p.name;
    } else if (p.in == "header" && (lname == "accept" || lname == "content-type" || lname == "authorization")) {
      continue;  // OpenAPI 3.0.3 §4.7.12.1: these header parameters are ignored
    } else if (p.in == "header") {
      arg = names.claim(p.name, "header_");
      t.header_mapping[arg] = p.name;
    } else if (p.in == "cookie") {
      if (p.required) return "it requires the cookie parameter '" + p.name + "', which a REST tool cannot send";
      warnings.push_back(o.label + ": the cookie parameter '" + p.name + "' is left out");
      continue;
    } else {
      return "its parameter '" + p.name + "' is in '" + p.in + "', which is not path, query, header or cookie";
    }
    properties[arg] = p.schema;
    if (p.required) required.push_back(arg);
  }
  std::string url = o.base;
  for (const auto& [text, name] : path_parts(o.path)) {
    if (name.empty()) {
      url += text;
      continue;
    }
    if (!path_args.count(name)) {
      path_args[name] = names.claim(template_name(name), "path_");
      properties[path_args[name]] = {{"type", "string"}};
      required.push_back(path_args[name]);
      warnings.push_back(o.label + ": the path template {" + name + "} has no parameter: it takes a string");
    }
    url += "{" + path_args[name] + "}";
  }
  for (auto& [k, v] : body.properties.items()) properties[k] = v;
  for (auto& k : body.required)
    if (std::find(required.begin(), required.end(), k) == required.end()) required.push_back(k);
  t.input_schema = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) t.input_schema["required"] = required;
  t.output_schema = output_schema_of(*o.op, r);
  t.url = url;
  t.request_type = to_upper_copy(o.method);
  t.integration_type = "REST";
  t.description = description_of(*o.op);
  return {};
}

}  // namespace

json read_openapi_text(std::string_view text, std::string& error) {
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    error = "the document is empty";
    return json(json::value_t::discarded);
  }
  if (text[first] != '{') {
    json doc = read_yaml_as_json(text, error);
    if (!doc.is_discarded()) return doc;
    error = "the document is not valid YAML: " + error;
    return doc;
  }
  jsonrpc::JsonError fault;
  json doc = jsonrpc::read_json(text, &fault);
  if (doc.is_discarded()) error = "the document is not valid JSON: " + fault.describe();
  return doc;
}

OpenApiTools tools_from_openapi(const json& doc, const OpenApiOptions& options) {
  auto failed = [](std::string error) {
    OpenApiTools f;
    f.error = std::move(error);
    return f;
  };
  if (!doc.is_object()) return failed("the document must be an object (an OpenAPI 3.0 or 3.1 document)");
  bool openapi_30 = false;
  if (auto problem = version_problem(doc, openapi_30); !problem.empty()) return failed(problem);
  if (!std::all_of(options.name_prefix.begin(), options.name_prefix.end(), name_char) ||
      options.name_prefix.size() >= kMaxNameLength)
    return failed("name_prefix may hold only letters, digits, '_', '-', '.' or '/'");
  auto paths = doc.find("paths");
  if (paths == doc.end() || !paths->is_object() || paths->empty())
    return failed("the document has no paths: there is no operation to import");
  std::string forced_base;
  if (!options.base_url.empty()) {
    std::string problem;
    forced_base = absolute_base(options.base_url, options.document_url, problem);
    if (forced_base.empty()) return failed("base_url: " + problem);
  }
  OpenApiTools out;
  OpenApiResolver r(doc, openapi_30);
  std::map<std::string, std::string> named;  // tool name → the operation that has it
  std::set<std::string> included;
  static const char* const kMethods[] = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};
  for (const auto& [path, raw_item] : paths->items()) {
    const json* item = r.follow(raw_item);
    if (!r.error().empty()) return failed(r.error());
    if (!item) continue;
    for (const char* method : kMethods) {
      auto op = item->find(method);
      if (op == item->end() || !op->is_object()) continue;
      Operation o{method, path, to_upper_copy(std::string(method)) + " " + path, item, &*op, forced_base};
      const std::string operation_id = string_at(*op, "operationId"), base = base_name(operation_id, method, path);
      if (!options.include.empty()) {
        bool wanted = false;
        for (const auto& x : options.include)
          if (x == operation_id || x == base) wanted = true, included.insert(x);
        if (!wanted) continue;
      }
      const std::string name = options.name_prefix + base;
      auto skip = [&](std::string reason) { out.skipped.push_back({o.label, name, std::move(reason)}); };
      if (o.method == "head" || o.method == "options" || o.method == "trace") {
        skip("a REST tool calls GET, POST, PUT, PATCH or DELETE");
        continue;
      }
      if (name.size() > kMaxNameLength) {
        skip("the tool name would be longer than 128 characters");
        continue;
      }
      if (auto taken = named.find(name); taken != named.end()) {
        skip("the tool name '" + name + "' is taken by " + taken->second);
        continue;
      }
      named[name] = o.label;
      if (o.base.empty()) {
        bool own = false;
        std::string problem;
        o.base = operation_base(doc, o, options.document_url, own, problem);
        if (o.base.empty() && !own) return failed(problem);
        if (o.base.empty()) {
          skip(problem);
          continue;
        }
      }
      store::Tool t;
      t.name = t.original_name = name;
      std::string reason = build_tool(o, r, t, out.warnings);
      if (!r.error().empty()) return failed(r.error());
      if (!reason.empty()) skip(std::move(reason));
      else out.tools.push_back({o.label, std::move(t)});
    }
  }
  for (const auto& x : options.include)
    if (!included.count(x)) return failed("include: no operation has the operationId or name '" + x + "'");
  out.warnings.insert(out.warnings.end(), r.warnings().begin(), r.warnings().end());
  return out;
}

}  // namespace mcpgw::rest
