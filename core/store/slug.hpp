#pragma once

#include <string>
#include <string_view>

namespace mcpgw::store {

/// A gateway's name as it appears in exposed tool and prompt names: ASCII letters and digits
/// lower-cased, every other run of characters one '-', none at either end ("My Time
/// Server!" → "my-time-server").
std::string slugify(std::string_view name);

}  // namespace mcpgw::store
