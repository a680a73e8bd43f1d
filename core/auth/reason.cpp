#include "core/auth/reason.hpp"

namespace mcpgw::auth {

std::string_view reason_name(Reason reason) {
  switch (reason) {
    case Reason::ok:
      return "ok";
    case Reason::too_large:
      return "too_large";
    case Reason::malformed:
      return "malformed";
    case Reason::bad_encoding:
      return "bad_encoding";
    case Reason::bad_json:
      return "bad_json";
    case Reason::bad_header:
      return "bad_header";
    case Reason::algorithm_rejected:
      return "algorithm_rejected";
    case Reason::bad_signature:
      return "bad_signature";
    case Reason::bad_claim:
      return "bad_claim";
    case Reason::missing_claim:
      return "missing_claim";
    case Reason::expired:
      return "expired";
    case Reason::not_yet_valid:
      return "not_yet_valid";
    case Reason::wrong_issuer:
      return "wrong_issuer";
    case Reason::wrong_audience:
      return "wrong_audience";
    case Reason::revoked:
      return "revoked";
  }
  return "unknown";
}

}  // namespace mcpgw::auth
