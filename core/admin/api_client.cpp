#include "core/admin/api_client.hpp"

#include <boost/asio/co_spawn.hpp>

#include "core/error.hpp"
#include "core/http/client.hpp"
#include "core/jsonrpc/message.hpp"

namespace mcpgw::admin {

namespace bhttp = boost::beast::http;
using nlohmann::json;

json ApiResponse::json() const {
  if (body.empty()) return nullptr;
  return json::parse(body, nullptr, false);
}

namespace {

/// FastAPI's 422 detail is a list of {loc: [...], msg}; ours and ContextForge's is a string.
std::string detail_text(const json& detail) {
  if (detail.is_string()) return detail.get<std::string>();
  if (detail.is_array()) {
    std::string out;
    for (const auto& item : detail) {
      if (!out.empty()) out += "; ";
      if (item.is_object() && item.contains("msg") && item["msg"].is_string()) {
        if (auto loc = item.find("loc"); loc != item.end() && loc->is_array()) {
          std::string where;
          for (const auto& part : *loc) where += (where.empty() ? "" : ".") + (part.is_string() ? part.get<std::string>() : part.dump());
          if (!where.empty()) out += where + ": ";
        }
        out += item["msg"].get<std::string>();
      } else {
        out += item.is_string() ? item.get<std::string>() : item.dump(-1, ' ', false, json::error_handler_t::replace);
      }
    }
    return out;
  }
  if (detail.is_null()) return {};
  return detail.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string ApiResponse::failure() const {
  if (status == 0) return problem.empty() ? "no answer from the gateway" : problem;
  std::string line = "the gateway answered " + std::to_string(status);
  nlohmann::json doc = this->json();
  std::string why;
  if (doc.is_object()) {
    for (const char* key : {"detail", "message", "error"}) {
      if (auto it = doc.find(key); it != doc.end()) {
        why = key == std::string_view("error") && it->is_object() && it->contains("message")
                  ? detail_text((*it)["message"])
                  : detail_text(*it);
        if (!why.empty()) break;
      }
    }
    if (why.empty())
      if (auto errors = doc.find("errors"); errors != doc.end()) why = detail_text(*errors);
  } else if (!body.empty() && body.size() < 300 && body.find('\n') == std::string::npos) {
    why = body;
  }
  if (status == 401) why += std::string(why.empty() ? "" : " ") + "(check --token, MCPGATEWAY_BEARER_TOKEN or the JWT secret)";
  return why.empty() ? line : line + ": " + why;
}

ApiClient::ApiClient(const std::string& base_url, std::string token, std::chrono::milliseconds timeout)
    : token_(std::move(token)), timeout_(timeout) {
  auto url = http::parse_url(base_url);
  if (!url) throw ConfigError("--url '" + base_url + "' is not an http(s) URL");
  base_ = *url;
  prefix_ = base_.target;
  if (auto q = prefix_.find('?'); q != std::string::npos) prefix_.erase(q);
  while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
  base_.target = "/";
  base_text_ = base_.origin() + prefix_;
}

ApiClient::~ApiClient() = default;

ApiResponse ApiClient::send(bhttp::verb method, std::string_view path, const json* body) {
  http::Request request{method, prefix_ + std::string(path), 11};
  request.set(bhttp::field::user_agent, "mcpgw/" MCPGW_VERSION);
  request.set(bhttp::field::accept, "application/json");
  if (!token_.empty()) request.set(bhttp::field::authorization, "Bearer " + token_);
  if (body) {
    request.set(bhttp::field::content_type, "application/json");
    request.body() = body->dump(-1, ' ', false, json::error_handler_t::replace);
  }
  request.prepare_payload();
  request.keep_alive(true);
  if (!connection_ || !connection_->reusable())
    connection_ = std::make_unique<http::ClientConnection>(io_.get_executor(), base_);

  ApiResponse out;
  error_code ec;
  const bool idempotent = method == bhttp::verb::get || method == bhttp::verb::put || method == bhttp::verb::delete_;
  asio::co_spawn(
      io_,
      [&]() -> awaitable<void> {
        ec = co_await connection_->send(request, timeout_, timeout_, idempotent);
        if (!ec) ec = co_await connection_->read_body(timeout_);
      },
      [&](std::exception_ptr e) {
        if (e && !ec) ec = make_error_code(Errc::upstream_unreachable);
      });
  io_.restart();
  io_.run();
  if (ec) {
    connection_.reset();
    out.problem = "cannot reach the gateway at " + base_text_ + ": " + ec.message();
    return out;
  }
  auto& response = connection_->parser().get();
  out.status = response.result_int();
  out.body = std::move(response.body());
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace mcpgw::admin
