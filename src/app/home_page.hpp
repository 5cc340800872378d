// The home page: for a co-worker, their work first (casework's steps and
// queues, what colleagues took over from them, the star-role rotations due in
// their teams); for everyone, what ploeg is for.
#pragma once

#include "http/message.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::app {

// Rotations due within this many days are on the home page.
inline constexpr int rotation_reminder_days = 30;

http::Response home_page(store::Database& db, web::Site& site, http::Request& request);

}  // namespace ploeg::app
