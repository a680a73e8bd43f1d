#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace mcpgw::test {

/// A fresh directory under the system temp dir, removed with everything in it at scope exit.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mcpgw-test-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// Writes `text` to `name` inside the directory and returns its path.
  std::filesystem::path write(const std::string& name, std::string_view text) const {
    auto file = path / name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
};

}  // namespace mcpgw::test
