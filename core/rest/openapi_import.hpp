#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store/records.hpp"

namespace mcpgw::rest {

/// What an import is asked for besides the document (POST /tools/openapi).
struct OpenApiOptions {
  std::string base_url{};              // replaces the document's servers; "" = theirs
  std::string document_url{};          // where the document came from: relative server URLs resolve against it
  std::string name_prefix{};           // put before every tool name as it is ("pets_" → "pets_listPets")
  std::vector<std::string> include{};  // operationIds (or generated names) to import; empty: all
};

/// An operation the import leaves out, and why.
struct SkippedOperation {
  std::string operation{};  // "GET /pets/{petId}"
  std::string name{};       // the tool it would have become
  std::string reason{};
};

/// One operation as a REST tool: its fields of the request only (no id, credentials, headers or tags).
struct OpenApiTool {
  std::string operation{};  // "GET /pets/{petId}"
  store::Tool tool{};
};

/// The REST tools an OpenAPI document describes.
struct OpenApiTools {
  std::string error{};                      // the document cannot be imported at all: nothing else is set
  std::vector<OpenApiTool> tools{};         // in the order of the paths (sorted) and methods
  std::vector<SkippedOperation> skipped{};  // operations a REST tool cannot call
  std::vector<std::string> warnings{};      // cyclic schemas cut, parameters left out
};

/// Reads an OpenAPI document sent as text: JSON (depth-bounded, jsonrpc::read_json) when it
/// starts with '{', else YAML (read_yaml_as_json). A discarded value with `error` on failure.
nlohmann::json read_openapi_text(std::string_view text, std::string& error);

/// One REST tool per operation of an OpenAPI 3.0.x or 3.1.x document:
/// - name: the operationId (letters, digits, '_', '-', '.', '/'; others become '_'), or
///   method_path ("get_pets_petId") without one; name_prefix before it; a name taken by an
///   earlier operation skips the later one;
/// - description: summary and description; request_type: the method (GET, POST, PUT, PATCH,
///   DELETE; HEAD, OPTIONS and TRACE are skipped); url: the base URL (base_url, else the
///   operation's, path's or document's first server, `{variables}` at their defaults) + the path,
///   its `{name}` templates filled from arguments;
/// - input_schema: an object whose properties are the path, query and header parameters
///   (each one's schema; `required` from required parameters, path ones always) and the
///   properties of a JSON object request body (its `required` too when the body is required).
///   Body properties keep their names; a parameter whose name is taken (or, on the path, is
///   not made of [A-Za-z0-9_]) is renamed ("path_id", "query_id", "header_X-Id"), and
///   query_mapping / header_mapping send it under its real name. Query parameters are mapped
///   when renamed or when the method sends a body (else they would go in it). Cookie
///   parameters and Accept/Content-Type/Authorization headers are left out; an operation
///   that requires a cookie, or a body that is not a JSON object, is skipped, since a REST
///   tool sends its remaining arguments as one JSON object;
/// - output_schema: the first 2xx response's JSON schema, when it is an object schema.
/// Errors (the whole import fails): not an object, not OpenAPI 3.0/3.1 ("only OpenAPI 3.0 and
/// 3.1"), no paths, no usable base URL, a bad name_prefix, an include naming no operation,
/// an external or dangling $ref, schemas too large once inlined. Pure; any thread.
OpenApiTools tools_from_openapi(const nlohmann::json& document, const OpenApiOptions& options);

}  // namespace mcpgw::rest
