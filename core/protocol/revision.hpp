#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace mcpgw::protocol {

/// The MCP revisions we speak, oldest first.
inline constexpr std::array<std::string_view, 5> kRevisions = {
    "2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"};
inline constexpr std::string_view kLatestLegacy = "2025-11-25";
inline constexpr std::string_view kModern = "2026-07-28";
/// 2025-06-18 transports: a server may assume this when MCP-Protocol-Version is absent.
inline constexpr std::string_view kAssumedWithoutHeader = "2025-03-26";

/// _meta keys of the stateless (2026-07-28) era.
inline constexpr std::string_view kMetaProtocolVersion = "io.modelcontextprotocol/protocolVersion";
inline constexpr std::string_view kMetaClientCapabilities =
    "io.modelcontextprotocol/clientCapabilities";
inline constexpr std::string_view kMetaClientInfo = "io.modelcontextprotocol/clientInfo";
inline constexpr std::string_view kMetaServerInfo = "io.modelcontextprotocol/serverInfo";
inline constexpr std::string_view kMetaLogLevel = "io.modelcontextprotocol/logLevel";
inline constexpr std::string_view kMetaSubscriptionId = "io.modelcontextprotocol/subscriptionId";

enum class Era { legacy, modern };

bool is_known(std::string_view revision);
bool is_legacy(std::string_view revision);
Era era_of(std::string_view revision);

/// Lifecycle negotiation (legacy initialize): the client's version if we speak it as a legacy
/// revision, otherwise our latest legacy revision (the client then decides whether to go on).
std::string_view negotiate_legacy(std::string_view requested);

}  // namespace mcpgw::protocol
