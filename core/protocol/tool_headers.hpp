#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/jsonrpc/message.hpp"

namespace mcpgw::protocol {

using jsonrpc::Json;

/// The `x-mcp-header` annotations of the tools a server listed (2026-07-28 transports, custom
/// headers from tool parameters): which call arguments a tools/call must mirror into
/// `Mcp-Param-{name}` headers. Pure; filled from tools/list results as they pass.
class ToolHeaders {
 public:
  /// A tool left out of a list because of an invalid annotation, and why.
  struct Rejected {
    std::string tool;
    std::string reason;
  };

  /// Records the annotations of every tool in a tools/list result and removes the tools whose
  /// annotations break the rules (clients MUST exclude them from the list).
  std::vector<Rejected> learn(Json& list_result);

  /// The Mcp-Param-* headers for a tools/call request's params; none for a tool never listed.
  std::vector<std::pair<std::string, std::string>> headers_for(const Json& call_params) const;

  /// Whether a list named this tool (with or without annotations).
  bool knows(std::string_view tool) const { return listed_.count(std::string(tool)) != 0; }
  /// Server side: what is wrong with a tools/call's Mcp-Param-* headers (`header` looks one up
  /// by name, "" when absent), or nullopt. A value in the arguments needs its header, Base64
  /// only in the sentinel form and valid, decoding to the value; a header with no value in the
  /// arguments is wrong too. The caller answers -32020 (HeaderMismatch) with HTTP 400.
  std::optional<std::string> mismatch(const Json& call_params,
                                      const std::function<std::string_view(std::string_view)>& header) const;

 private:
  struct Param {
    std::string header;               // the name part of Mcp-Param-{name}
    std::vector<std::string> path;    // property names from the arguments' root
  };

  std::unordered_map<std::string, std::vector<Param>> by_tool_;
  std::set<std::string> listed_;
};

}  // namespace mcpgw::protocol
