// The directory's pages: "who knows about X?" (/people) and the person page
// (/people/{id}). Both for signed-in visitors only.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::organisation {

// What another feature adds to the person page (casework: the request types
// the person may decide), as a section with a heading and lines of text.
// Sections are kept by key: adding one twice replaces it.
struct PersonSection {
  std::string heading;
  std::vector<std::string> lines;
  std::string empty;  // shown when there are no lines
};
using PersonSectionSource = std::function<std::optional<PersonSection>(
    store::Connection& c, std::int64_t person_id, const std::string& language,
    const web::Catalogue& catalogue)>;
void add_person_section(const std::string& key, PersonSectionSource source);

void register_directory_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::organisation
