#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

namespace mcpgw::http {

/// An IP network in CIDR notation ("10.0.0.0/8", "fe80::/10"; a bare address is one host).
struct Network {
  boost::asio::ip::address base;
  unsigned prefix = 0;

  bool contains(const boost::asio::ip::address& address) const;
  std::string to_string() const;
};

/// Parses one CIDR network; nullopt when it is not one (or has host bits set past the prefix).
std::optional<Network> parse_network(std::string_view text);

/// Where serve may connect for upstreams (SSRF protection), checked on every resolved address
/// just before connecting. An address is refused when it lies in a blocked network and in no
/// allowed one: the allowed list names exceptions to the block list. Immutable; any thread.
class DestinationPolicy {
 public:
  /// Link-local and cloud metadata networks, blocked whatever the settings say.
  static const std::vector<std::string>& default_blocked();

  /// The defaults plus `blocked`, with `allowed` as exceptions; throws std::invalid_argument
  /// naming the first entry that is not a network.
  DestinationPolicy(const std::vector<std::string>& blocked, const std::vector<std::string>& allowed);

  bool allows(const boost::asio::ip::address& address) const;

 private:
  std::vector<Network> blocked_;
  std::vector<Network> allowed_;
};

}  // namespace mcpgw::http
