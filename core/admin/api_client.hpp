#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>

#include "core/http/url.hpp"

namespace mcpgw::http {
class ClientConnection;
}

namespace mcpgw::admin {

/// One answer of the gateway's REST API, or why there is none.
struct ApiResponse {
  unsigned status = 0;  // 0: no answer (see problem)
  std::string body;
  std::string problem;  // set when the gateway could not be reached or did not answer

  bool ok() const { return status >= 200 && status < 300; }
  /// The body as JSON; null when it is empty or not JSON.
  nlohmann::json json() const;
  /// One line saying why the call failed: the connection problem, or the status with the
  /// gateway's `detail` (FastAPI's shape, also a list of {loc, msg}) or `message`.
  std::string failure() const;
};

/// A blocking client of one gateway's REST API (the routes a curl user has), for the CLI: each
/// call runs its own io_context until the answer is in. One keep-alive connection, reused;
/// `Authorization: Bearer <token>` on every request when a token is given. Not thread-safe.
class ApiClient {
 public:
  /// `base_url`: the gateway's root, e.g. http://127.0.0.1:4444 or https://host/gw (a path is
  /// a prefix of every route). Throws ConfigError when it is not an http(s) URL.
  ApiClient(const std::string& base_url, std::string token,
            std::chrono::milliseconds timeout = std::chrono::seconds(120));
  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  /// `path` starts with '/' and may carry a query string (already percent-encoded).
  ApiResponse send(boost::beast::http::verb method, std::string_view path, const nlohmann::json* body = nullptr);
  ApiResponse get(std::string_view path) { return send(boost::beast::http::verb::get, path); }
  ApiResponse post(std::string_view path, const nlohmann::json& body) {
    return send(boost::beast::http::verb::post, path, &body);
  }
  ApiResponse put(std::string_view path, const nlohmann::json& body) {
    return send(boost::beast::http::verb::put, path, &body);
  }
  ApiResponse remove(std::string_view path) { return send(boost::beast::http::verb::delete_, path); }

  const std::string& base_url() const { return base_text_; }

 private:
  boost::asio::io_context io_;
  http::Url base_;
  std::string base_text_;
  std::string prefix_;  // the base URL's path, without a trailing '/'
  std::string token_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<http::ClientConnection> connection_;
};

/// `text` percent-encoded for a path segment or query value (RFC 3986 unreserved kept).
std::string percent_encode(std::string_view text);

}  // namespace mcpgw::admin
