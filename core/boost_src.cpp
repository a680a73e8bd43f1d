// The one translation unit that compiles Asio (with its OpenSSL layer), Beast, Process v2 and
// URL (separate compilation).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
#include <boost/process/v2/src.hpp>
#include <boost/url/src.hpp>

#if defined(BOOST_ENABLE_ASSERT_HANDLER)
// The sanitizer tree keeps Boost's asserts on, through this handler: any failed assert aborts,
// except one that Boost 1.81 has wrong. Beast's chunked-body parser asserts at least 5 bytes
// when it re-reads a final chunk, but a body that is only "0\r\n", offered a byte at a time,
// legitimately comes back with 3 or 4 (the code after it handles that); Beast relaxed the
// assert in boostorg/beast#2861 (Boost 1.86).
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace boost {

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file, long line) {
  if (std::strstr(file, "beast/http/impl/basic_parser.ipp") && std::strcmp(expr, "n >= 5") == 0) return;
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed%s%s\n", file, line, function, expr, msg ? ": " : "",
               msg ? msg : "");
  std::abort();
}

void assertion_failed(char const* expr, char const* function, char const* file, long line) {
  assertion_failed_msg(expr, nullptr, function, file, line);
}

}  // namespace boost
#endif
