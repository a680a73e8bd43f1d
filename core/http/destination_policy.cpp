#include "core/http/destination_policy.hpp"

#include <array>
#include <charconv>
#include <stdexcept>

namespace mcpgw::http {

namespace {

namespace ip = boost::asio::ip;

/// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) reach the IPv4 host: judge them as such.
ip::address canonical(const ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  return a;
}

template <std::size_t N>
bool prefix_equal(const std::array<unsigned char, N>& a, const std::array<unsigned char, N>& b, unsigned bits) {
  for (std::size_t i = 0; i < N && bits > 0; ++i, bits = bits >= 8 ? bits - 8 : 0) {
    unsigned char mask = bits >= 8 ? 0xff : static_cast<unsigned char>(0xff << (8 - bits));
    if ((a[i] & mask) != (b[i] & mask)) return false;
  }
  return true;
}

template <std::size_t N>
bool host_bits_zero(const std::array<unsigned char, N>& bytes, unsigned prefix) {
  for (std::size_t i = 0; i < N; ++i) {
    unsigned kept = prefix >= 8 * (i + 1) ? 8 : prefix > 8 * i ? prefix - 8 * i : 0;
    unsigned char host = kept >= 8 ? 0 : static_cast<unsigned char>(0xff >> kept);
    if (bytes[i] & host) return false;
  }
  return true;
}

std::vector<Network> parse_all(const std::vector<std::string>& texts) {
  std::vector<Network> out;
  for (const auto& t : texts) {
    auto n = parse_network(t);
    if (!n) throw std::invalid_argument("'" + t + "' is not a network in CIDR notation (like 10.0.0.0/8 or fd00::/8)");
    out.push_back(*n);
  }
  return out;
}

}  // namespace

bool Network::contains(const ip::address& address) const {
  ip::address a = canonical(address);
  if (a.is_v4() != base.is_v4()) return false;
  if (a.is_v4()) return prefix_equal(a.to_v4().to_bytes(), base.to_v4().to_bytes(), prefix);
  return prefix_equal(a.to_v6().to_bytes(), base.to_v6().to_bytes(), prefix);
}

std::string Network::to_string() const { return base.to_string() + "/" + std::to_string(prefix); }

std::optional<Network> parse_network(std::string_view text) {
  auto slash = text.find('/');
  boost::system::error_code ec;
  auto written = ip::make_address(std::string(text.substr(0, slash)), ec);
  if (ec) return std::nullopt;
  const bool mapped = written.is_v6() && written.to_v6().is_v4_mapped();
  Network n{canonical(written), 0};
  const unsigned max = n.base.is_v4() ? 32 : 128;
  n.prefix = max;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    unsigned prefix = 0;
    auto [p, rec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || rec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
    if (mapped) {
      if (prefix < 96 || prefix > 128) return std::nullopt;
      prefix -= 96;
    }
    if (prefix > max) return std::nullopt;
    n.prefix = prefix;
  }
  // 10.0.0.1/8 is a typo for a host or for 10.0.0.0/8: refuse it rather than guess.
  if (n.base.is_v4()) {
    auto bytes = n.base.to_v4().to_bytes();
    if (!host_bits_zero(bytes, n.prefix)) return std::nullopt;
  } else {
    auto bytes = n.base.to_v6().to_bytes();
    if (!host_bits_zero(bytes, n.prefix)) return std::nullopt;
  }
  return n;
}

const std::vector<std::string>& DestinationPolicy::default_blocked() {
  static const std::vector<std::string> kDefaults = {
      "169.254.0.0/16",      // IPv4 link-local, where AWS, GCP, Azure and others serve instance metadata
      "fe80::/10",           // IPv6 link-local
      "fd00:ec2::254/128",   // AWS instance metadata over IPv6
      "100.100.100.200/32",  // Alibaba Cloud instance metadata
  };
  return kDefaults;
}

DestinationPolicy::DestinationPolicy(const std::vector<std::string>& blocked, const std::vector<std::string>& allowed)
    : blocked_(parse_all(default_blocked())), allowed_(parse_all(allowed)) {
  for (auto& n : parse_all(blocked)) blocked_.push_back(n);
}

bool DestinationPolicy::allows(const ip::address& address) const {
  for (const auto& b : blocked_) {
    if (!b.contains(address)) continue;
    for (const auto& a : allowed_)
      if (a.contains(address)) return true;
    return false;
  }
  return true;
}

}  // namespace mcpgw::http
