// Each person's week plan as an iCalendar feed (RFC 5545), at a private URL
// /calendar/{token}.ics that their calendar application subscribes to: one
// all-day event a planned day, where they work and at which desk, and a
// timed event for each citizen's appointment they take. The token is looked
// up by its hash; making a new one ends the old link, and so does a change
// of the password of the person's account. The token is never logged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::weekplan {

struct CalendarDay {
  std::int64_t day = 0;  // days since 1970
  std::string summary;   // "Office, desk antwerpen-01-3"
  std::string location;  // the office's name and address
};

// A citizen's appointment the person takes: a timed event at a wall time in
// the organisation's zone.
struct CalendarAppointment {
  std::int64_t id = 0;
  std::int64_t day = 0;
  int starts = 0, minutes = 60;  // minutes after midnight, length
  std::string summary, location;
};

// The VCALENDAR text: CRLF line ends, lines folded at 75 octets, TEXT escaped.
std::string icalendar(const std::string& person_key, const std::vector<CalendarDay>& days,
                      std::int64_t now_seconds,
                      const std::vector<CalendarAppointment>& appointments = {});

// A new token for the person (the old link stops working); returns the token.
std::string new_calendar_token(store::Connection& c, std::int64_t person_id, std::int64_t now);

// The person's current calendar link, for their own week page only.
// `token` is empty for a link made before tokens were kept (migration 44):
// it works, but cannot be shown again. `ended`: the password of an account
// of the person changed at or after the link was made, so it opens nothing.
struct CalendarLink {
  std::string token;
  std::int64_t created_at = 0;
  bool ended = false;
};
std::optional<CalendarLink> calendar_link(store::Connection& c, std::int64_t person_id);

// Whose feed a token opens, and the language of their account (the feed has
// no session to ask; "en" without an account); none for an unknown token, or
// one made before the last password change of an account of the person.
struct CalendarOwner {
  std::int64_t person_id = 0;
  std::string language;
};
std::optional<CalendarOwner> calendar_owner(store::Connection& c, const std::string& token);

void register_calendar(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::weekplan
