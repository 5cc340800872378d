// Who may do what: the one place every route's permission is decided.
#pragma once

#include <string_view>

#include "http/message.hpp"
#include "web/site.hpp"

namespace ploeg::accounts {

// Deny by default: a permission not named here is refused to everyone.
bool allows(const http::Request& request, const web::Visitor& visitor, std::string_view permission);

}  // namespace ploeg::accounts
