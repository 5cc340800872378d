#include "accounts/permissions.hpp"

namespace ploeg::accounts {

bool allows(const http::Request& /*request*/, const web::Visitor& visitor,
            std::string_view permission) {
  const bool signed_in = visitor.user_id.has_value();
  if (permission == "public") return true;
  if (permission == "signed_in") return signed_in;
  if (permission == "admin") return signed_in && visitor.role == "admin";
  return false;
}

}  // namespace ploeg::accounts
