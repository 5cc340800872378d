// /admin/names: administrators name the organisation's things in Dutch,
// French and English (store/names.hpp). Here, in the part that puts the
// features together, because it lists the things of every feature: request
// types, conditions and steps (casework), competences, roles, regions and
// teams (organisation), offices and desk features (workplace) and the
// organisation itself.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::app {

void register_names_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::app
