#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/error_code.hpp>

namespace mcpgw {

namespace asio = boost::asio;
using boost::system::error_code;
template <class T = void>
using awaitable = asio::awaitable<T>;

/// Completion token for the I/O path: errors come back as values, never as exceptions.
inline constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

}  // namespace mcpgw
