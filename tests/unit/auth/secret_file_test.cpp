#include "core/auth/secret_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "core/error.hpp"

using namespace mcpgw::auth;
using mcpgw::ConfigError;
namespace fs = std::filesystem;

namespace {

// A fresh directory removed when the test ends.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "mcpgw-auth-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

mode_t mode_of(const fs::path& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("secret files are written 0600 and read back without the newline", "[auth]") {
  TempDir dir;
  auto path = dir.path / "secret";
  write_secret_file(path, "s3cret");
  CHECK(mode_of(path) == 0600);
  CHECK_FALSE(readable_by_others(path));
  CHECK(read_secret_file(path) == "s3cret");
  SECTION("an existing file is never replaced silently") {
    CHECK_THROWS_WITH(write_secret_file(path, "other"), Catch::Contains("--force"));
    CHECK(read_secret_file(path) == "s3cret");
    write_secret_file(path, "other", true);
    CHECK(read_secret_file(path) == "other");
  }
}

TEST_CASE("write_new_file sets the mode it is given, whatever the umask", "[auth]") {
  TempDir dir;
  mode_t old = ::umask(077);
  write_new_file(dir.path / "public.pem", "pub", 0644);
  ::umask(old);
  CHECK(mode_of(dir.path / "public.pem") == 0644);
  CHECK(readable_by_others(dir.path / "public.pem"));
}

TEST_CASE("reading a secret file fails clearly", "[auth]") {
  TempDir dir;
  CHECK_THROWS_AS(read_secret_file(dir.path / "missing"), ConfigError);
  std::ofstream(dir.path / "empty") << "\n";
  CHECK_THROWS_WITH(read_secret_file(dir.path / "empty"), Catch::Contains("empty"));
  std::ofstream(dir.path / "crlf") << "abc\r\n";
  CHECK(read_secret_file(dir.path / "crlf") == "abc");
}

TEST_CASE("the default secret file is found only where serve writes it", "[auth]") {
  TempDir dir;
  CHECK_FALSE(find_default_secret_file(dir.path));
  fs::create_directory(dir.path / ".mcpgw_jwt_secret");
  CHECK_FALSE(find_default_secret_file(dir.path));
  fs::remove(dir.path / ".mcpgw_jwt_secret");
  write_secret_file(dir.path / ".mcpgw_jwt_secret", "k");
  CHECK(find_default_secret_file(dir.path) == dir.path / ".mcpgw_jwt_secret");
}
