#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mcpgw::auth {

// JWS ES* signatures are R || S, each big-endian and left-padded to the curve's size
// (RFC 7518 §3.4); OpenSSL reads and writes a DER ECDSA-Sig-Value. These convert between them.

/// DER → R||S with `coordinate_bytes` per half; nullopt if the DER is bad or too wide.
std::optional<std::string> ecdsa_der_to_jose(std::string_view der, std::size_t coordinate_bytes);

/// R||S → DER; nullopt unless `raw` is exactly 2 × `coordinate_bytes` long.
std::optional<std::string> ecdsa_jose_to_der(std::string_view raw, std::size_t coordinate_bytes);

}  // namespace mcpgw::auth
