// The decision letter on the web: the PDF for the handling team
// (/requests/{reference}/letter.pdf) and for the citizen
// (/status/{token}/letter.pdf), and the letter's section of the request page
// and of the citizen's status page. Who may read it is decided by
// casework/letter.hpp; these only put it into words.
#pragma once

#include <string>

#include "casework/letter.hpp"
#include "http/router.hpp"
#include "mail/sender.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::casework {

// A day as a letter writes it in `lang`: "7 december 2026", "7 décembre 2026".
std::string long_date(const web::Catalogue& catalogue, const std::string& lang, std::int64_t day);

// The letter's facts for a page, as `letter`: the legal basis, appeal route
// and deadline in `text_lang`, the decision date and the letter's language
// in `page_lang`, and `href`, the PDF's address.
void set_letter_data(const web::Site& site, const std::string& page_lang,
                     const std::string& text_lang, const LetterFacts& facts,
                     const std::string& letter_href, web::Data& data);

// What the citizen's status page shows of the letter (nothing before the
// decision), by the link's token; the status page audits nothing, nor does this.
void set_status_letter(store::Database& db, const web::Site& site, http::Request& request,
                       const std::string& token, web::Data& data);

// What the team's request page shows of the letter, as the citizen reads it
// (in their language), once decided. The page's look is audited already.
void set_request_letter(store::Database& db, const web::Site& site, http::Request& request,
                        const std::string& reference, web::Data& data);

// The files the sender attaches to an outbox row's mail: the letter, as a
// PDF, with the mail that tells the decision; none with any other mail.
// Throws when the decision mail's request has no letter (tried again later).
std::vector<mail::Attachment> mail_attachments(store::Database& db, const web::Site& site,
                                               const mail::Row& row);

void register_letter_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::casework
