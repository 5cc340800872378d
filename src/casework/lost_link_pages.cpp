// A new status link by reference and e-mail (lost_link_pages.hpp).
#include "casework/lost_link_pages.hpp"

#include <algorithm>
#include <cctype>

#include "audit/audit.hpp"
#include "casework/citizen_mail.hpp"
#include "casework/handling_support.hpp"
#include "casework/requests.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "mail/outbox.hpp"
#include "web/rate_limit.hpp"

namespace ploeg::casework {
namespace {

constexpr web::RateLimit per_reference{"casework.lost_link.reference",
                                       lost_link_per_reference_per_day, 24 * 3600};
constexpr web::RateLimit per_email{"casework.lost_link.email", lost_link_per_email_per_day,
                                   24 * 3600};
constexpr web::RateLimit per_address{"casework.lost_link.address", lost_link_per_address_per_hour,
                                     3600};

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return text;
}

http::Response lost_page(web::Site& site, http::Request& request, const std::string& reference,
                         const std::string& email, const web::Data& errors, int status) {
  web::Data data;
  data.set("reference", reference);
  data.set("email", email);
  data.set("errors", errors);
  data.set("sent", status == 200 && http::field(request.query, "sent").has_value());
  auto response = site.page(request, "casework/status_lost", "title_status_lost", data, status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

http::Response post_lost(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = request.form();
  auto reference = text::trimmed(http::field(fields, "reference").value_or(""));
  auto email = text::trimmed(http::field(fields, "email").value_or(""));
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  web::Data errors;
  bool invalid = false;
  if (reference.empty() || reference.size() > 40) {
    errors.set("reference", catalogue.text(lang, "status_lost_reference_missing"));
    invalid = true;
  }
  if (email.empty() || email.size() > max_contact_length || !mail::deliverable(email)) {
    errors.set("email", catalogue.text(lang, "status_lost_email_missing"));
    invalid = true;
  }
  if (invalid) {
    return lost_page(site, request, reference.substr(0, 40), email.substr(0, max_contact_length),
                     errors, 422);
  }
  // Upper case, as references are written; e-mail compared without case.
  std::transform(reference.begin(), reference.end(), reference.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  auto address_key = lowered(email);
  auto wait = db.transaction([&](store::Connection& c) -> std::int64_t {
    // Every limit is read first, so a refused try counts for none of them.
    for (auto [limit, key] :
         {std::pair{&per_address, request.remote_address}, std::pair{&per_email, address_key},
          std::pair{&per_reference, reference}}) {
      if (auto w = web::wait_seconds(c, *limit, key)) return w;
    }
    web::admit(c, per_address, request.remote_address);
    web::admit(c, per_email, address_key);
    web::admit(c, per_reference, reference);
    auto found = c.query(
        "SELECT id, decided_at FROM requests WHERE reference = $1 AND LOWER(contact_email) = $2",
        {reference, address_key});
    bool matched = !found.empty();
    if (matched) {
      auto decided = found.rows[0].optional_integer(1);
      // A link would not open a request decided over a year ago: nothing to send.
      matched = !decided || now_seconds() <= *decided + handling::status_link_lifetime_seconds;
    }
    if (matched) tell_citizen(c, found.rows[0].integer(0), mail::kinds::new_link);
    // The audit names the request only when the address was its own.
    audit::append(c, {matched ? "citizen:" + reference : std::string("anonymous"),
                      matched ? "request.link_resent" : "request.link_not_resent",
                      matched ? "request:" + reference : std::string("request:unknown"), "",
                      request.remote_address, request.request_id});
    return 0;
  });
  if (wait > 0) return web::too_many(site, request, wait);
  return http::Response::redirect("/status/lost?sent=1");
}

}  // namespace

void register_lost_link_pages(http::Router& router, store::Database& db, web::Site& site) {
  router.add("GET", "/status/lost", "public", site.guard([&site](http::Request& request) {
    return lost_page(site, request, "", "", web::Data{}, 200);
  }));
  router.add("POST", "/status/lost", "public", site.guard([&db, &site](http::Request& request) {
    return post_lost(db, site, request);
  }));
}

}  // namespace ploeg::casework
