#include "core/store/sqlite_error.hpp"

#include <sqlite3.h>

#include <string>

#include "core/error.hpp"

namespace mcpgw::store {
namespace {

class Category : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "sqlite"; }
  std::string message(int ev) const override { return sqlite3_errstr(ev); }
};

}  // namespace

const boost::system::error_category& sqlite_category() noexcept {
  static const Category category;
  return category;
}

boost::system::error_code sqlite_error(int rc) noexcept {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return make_error_code(Errc::record_conflict);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return make_error_code(Errc::dangling_reference);
    default:
      return {rc, sqlite_category()};
  }
}

}  // namespace mcpgw::store
