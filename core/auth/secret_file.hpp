#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace mcpgw::auth {

/// `dir`/.mcpgw_jwt_secret when it is a regular file. `mcpgw serve` writes this file (mode
/// 0600) on first start; `mcpgw token` uses it when no secret is given.
std::optional<std::filesystem::path> find_default_secret_file(
    const std::filesystem::path& dir = std::filesystem::current_path());

/// The secret in `path`, without its trailing line break. Throws ConfigError when the file
/// cannot be read or holds nothing.
std::string read_secret_file(const std::filesystem::path& path);

/// Whether group or others may read `path` (a secret file should be 0600).
bool readable_by_others(const std::filesystem::path& path);

/// Creates `path` with `contents` and permission `mode` set from the start (never briefly
/// wider). Refuses to replace an existing file unless `overwrite`. Throws ConfigError.
void write_new_file(const std::filesystem::path& path, std::string_view contents, mode_t mode,
                    bool overwrite = false);

/// write_new_file with mode 0600 and a trailing newline.
void write_secret_file(const std::filesystem::path& path, std::string_view secret,
                       bool overwrite = false);

}  // namespace mcpgw::auth
