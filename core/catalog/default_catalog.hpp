#pragma once

#include <string_view>

namespace mcpgw::catalog {

/// share/catalog.yaml as it was when the binary was built (CMake writes it into a generated
/// source file), so the default catalog needs no file at run time.
std::string_view default_catalog_text();

}  // namespace mcpgw::catalog
