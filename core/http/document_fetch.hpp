#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "core/async/awaitable.hpp"
#include "core/http/destination_policy.hpp"
#include "core/http/url.hpp"

namespace mcpgw::http {

/// What fetch_document() brought back: the body of a 200 answer, or why there is none.
struct FetchedDocument {
  int status = 0;       // 0 = fetched; else the HTTP status the admin API should answer with
  std::string problem;  // why not, naming the URL
  std::string body;
};

/// GETs one document (an OpenAPI description, say) from `url` over a fresh connection that the
/// destination `policy` guards: no redirects, at most `limit` bytes, everything within
/// `timeout`. Failures say who is at fault: 403 for a blocked address, 504 for no answer in
/// time, 502 for a server that cannot be reached or answers anything but 200 (never a 4xx,
/// which would blame the request). Runs on `ex`.
awaitable<FetchedDocument> fetch_document(const asio::any_io_executor& ex, const Url& url,
                                          std::shared_ptr<const DestinationPolicy> policy,
                                          std::chrono::milliseconds timeout, std::size_t limit);

}  // namespace mcpgw::http
