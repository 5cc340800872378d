#include "accounts/permissions.hpp"

namespace ploeg::accounts {
namespace {

bool loopback(const std::string& address) {
  return address == "::1" || address.rfind("127.", 0) == 0 || address.rfind("::ffff:127.", 0) == 0;
}

}  // namespace

bool allows(const http::Request& request, const web::Visitor& visitor,
            std::string_view permission) {
  const bool signed_in = visitor.user_id.has_value();
  if (permission == "public") return true;
  if (permission == "signed_in") return signed_in;
  if (permission == "admin") return signed_in && visitor.role == "admin";
  // Scrapers run beside the server; anyone else must be an administrator.
  if (permission == "metrics") {
    return loopback(request.remote_address) || (signed_in && visitor.role == "admin");
  }
  return false;
}

}  // namespace ploeg::accounts
