#include "core/auth/secret_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/auth/defaults.hpp"
#include "core/error.hpp"

namespace mcpgw::auth {

namespace {

constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

}  // namespace

std::optional<std::filesystem::path> find_default_secret_file(const std::filesystem::path& dir) {
  auto path = dir / kDefaultSecretFileName;
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return path;
  return std::nullopt;
}

std::string read_secret_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read the secret file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  if (secret.size() > kMaxSecretFileBytes) {
    throw ConfigError("the secret file " + path.string() +
                      " is over 64 KiB; is it the right file?");
  }
  // Editors and `echo` add a line break that is not part of the secret.
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty()) throw ConfigError("the secret file " + path.string() + " is empty");
  return secret;
}

bool readable_by_others(const std::filesystem::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0;
}

void write_new_file(const std::filesystem::path& path, std::string_view contents, mode_t mode,
                    bool overwrite) {
  if (overwrite) ::unlink(path.c_str());
  // O_EXCL: never write through a file (or symlink) that appeared in the meantime.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    int err = errno;
    if (err == EEXIST) {
      throw ConfigError(path.string() + " already exists; remove it or pass --force");
    }
    throw ConfigError("cannot create " + path.string() + ": " + std::strerror(err));
  }
  // The umask may have narrowed `mode`; set exactly what was asked.
  bool ok = ::fchmod(fd, mode) == 0;
  std::size_t written = 0;
  while (ok && written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<std::size_t>(n);
  }
  int err = errno;
  if (::close(fd) != 0) ok = false;
  if (!ok) {
    ::unlink(path.c_str());
    throw ConfigError("cannot write " + path.string() + ": " + std::strerror(err));
  }
}

void write_secret_file(const std::filesystem::path& path, std::string_view secret, bool overwrite) {
  write_new_file(path, std::string(secret) + "\n", 0600, overwrite);
}

}  // namespace mcpgw::auth
