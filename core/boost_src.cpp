// The one translation unit that compiles Asio (with its OpenSSL layer), Beast, Process v2 and
// URL (separate compilation).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
#include <boost/process/v2/src.hpp>
#include <boost/url/src.hpp>
