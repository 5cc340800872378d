// The decision letter as a PDF and as a section of the team's request page
// and the citizen's status page.
#include "casework/letter_pages.hpp"

#include <chrono>
#include <stdexcept>

#include "casework/handling_support.hpp"
#include "casework/letter_pdf.hpp"
#include "casework/review_pages.hpp"
#include "core/clock.hpp"
#include "mail/outbox.hpp"
#include "store/names.hpp"

namespace ploeg::casework {
namespace {

// The deadline as a sentence: "... by 7 March 2027 at the latest (3 months
// after the date of this decision)."
std::string deadline_text(const web::Catalogue& catalogue, const std::string& lang,
                          const LetterFacts& facts) {
  if (!facts.terms || !facts.deadline_day) return "";
  auto amount = facts.terms->appeal_amount;
  auto period = catalogue.format(lang, "letter_period_" + facts.terms->appeal_unit,
                                 {{"count", std::to_string(amount)}}, amount);
  return catalogue.format(
      lang, "letter_deadline",
      {{"date", long_date(catalogue, lang, *facts.deadline_day)}, {"period", period}});
}

// The letter in the citizen's language, block by block.
std::vector<LetterBlock> letter_blocks(const web::Site& site, const LetterFacts& f,
                                       const store::Names& names) {
  const auto& catalogue = site.catalogue();
  const auto& lang = f.language;
  auto text = [&](const char* key) { return catalogue.text(lang, key); };
  auto type = names.of(store::kinds::request_type, f.type_code, f.type_name);
  using Kind = LetterBlock::Kind;
  std::vector<LetterBlock> blocks;
  auto organisation = site.organisation_name(lang);
  blocks.push_back({Kind::sender, organisation});
  blocks.push_back({Kind::address, f.citizen_name + "\n" + f.postcode});
  blocks.push_back({Kind::title, text("letter_title")});
  blocks.push_back(
      {Kind::fact, catalogue.format(lang, "letter_date_line",
                                    {{"date", long_date(catalogue, lang, f.decided_day)}})});
  blocks.push_back(
      {Kind::fact, catalogue.format(lang, "letter_reference_line", {{"reference", f.reference}})});
  blocks.push_back({Kind::fact, catalogue.format(lang, "letter_type_line", {{"type", type}})});
  blocks.push_back({Kind::heading, text("letter_decision")});
  blocks.push_back({Kind::paragraph, text(("letter_decision_" + f.decision).c_str())});
  if (f.amount_cents) {
    blocks.push_back(
        {Kind::paragraph, catalogue.format(lang, "letter_amount_line",
                                           {{"amount", amount_text(catalogue, lang, *f.amount_cents,
                                                                   f.amount_period)}})});
  }
  blocks.push_back({Kind::heading, text("letter_motivation")});
  blocks.push_back({Kind::paragraph, f.motivation});
  blocks.push_back({Kind::heading, text("letter_legal_basis")});
  if (f.terms) {
    blocks.push_back({Kind::paragraph, in_language(f.terms->legal_basis, lang)});
    blocks.push_back({Kind::heading, text("letter_appeal")});
    blocks.push_back({Kind::paragraph, in_language(f.terms->appeal_route, lang)});
    blocks.push_back({Kind::paragraph, deadline_text(catalogue, lang, f)});
  } else {
    blocks.push_back({Kind::paragraph, text("letter_terms_missing")});
  }
  blocks.push_back({Kind::closing, text("letter_closing") + "\n" + organisation});
  return blocks;
}

http::Response pdf_response(const web::Site& site, const LetterFacts& facts,
                            const store::Names& names) {
  http::Response r;
  r.body = letter_pdf(letter_blocks(site, facts, names), facts.reference);
  r.set_header("Content-Type", "application/pdf");
  // The reference is letters, digits and dashes only: safe in the header.
  r.set_header("Content-Disposition", "attachment; filename=\"" + facts.reference + ".pdf\"");
  // The citizen's name and postcode: no cache along the way keeps them.
  r.set_header("Cache-Control", "no-store");
  return r;
}

http::Response letter_answer(store::Database& db, web::Site& site, http::Request& request,
                             const LetterAnswer& answer, const char* unknown_key) {
  if (answer.verdict == Verdict::forbidden) return site.error(request, 403, "case_refused");
  if (answer.verdict == Verdict::not_found) return site.error(request, 404, unknown_key);
  if (!answer.facts) return site.error(request, 409, "letter_not_decided");
  store::Names names;
  {
    auto lease = db.acquire();
    names = store::names::load(*lease, answer.facts->language);
  }
  return pdf_response(site, *answer.facts, names);
}

http::Response team_pdf(store::Database& db, web::Site& site, http::Request& request) {
  auto reference = request.param("reference").value_or("");
  return letter_answer(db, site, request, team_letter(db, web::actor(request), reference),
                       "case_unknown");
}

http::Response citizen_pdf(store::Database& db, web::Site& site, http::Request& request) {
  Citizen citizen{request.param("token").value_or(""), request.remote_address, request.request_id};
  return letter_answer(db, site, request, citizen_letter(db, citizen), "status_unknown");
}

}  // namespace

std::string long_date(const web::Catalogue& catalogue, const std::string& lang, std::int64_t day) {
  using namespace std::chrono;
  year_month_day date{sys_days{days{day}}};
  auto month = static_cast<unsigned>(date.month());
  return catalogue.format(lang, "letter_long_date",
                          {{"day", std::to_string(static_cast<unsigned>(date.day()))},
                           {"month", catalogue.text(lang, "letter_month_" + std::to_string(month))},
                           {"year", std::to_string(static_cast<int>(date.year()))}});
}

void set_letter_data(const web::Site& site, const std::string& page_lang,
                     const std::string& text_lang, const LetterFacts& facts,
                     const std::string& letter_href, web::Data& data) {
  const auto& catalogue = site.catalogue();
  const auto& lang = text_lang;
  web::Data letter;
  letter.set("decided_date", long_date(catalogue, page_lang, facts.decided_day));
  letter.set("terms", facts.terms.has_value());
  letter.set("text_lang", text_lang);  // for screen readers, when it is not the page's
  if (facts.terms) {
    letter.set("legal_basis", in_language(facts.terms->legal_basis, lang));
    letter.set("appeal_route", in_language(facts.terms->appeal_route, lang));
    letter.set("deadline_text", deadline_text(catalogue, lang, facts));
  }
  if (facts.amount_cents) {
    letter.set("amount_text",
               catalogue.format(page_lang, "letter_amount_line",
                                {{"amount", amount_text(catalogue, page_lang, *facts.amount_cents,
                                                        facts.amount_period)}}));
  }
  letter.set("href", letter_href);
  letter.set("language_text",
             catalogue.format(page_lang, "letter_language",
                              {{"language", catalogue.text(facts.language, "language_name")}}));
  data.set("letter", letter);
}

void set_status_letter(store::Database& db, const web::Site& site, http::Request& request,
                       const std::string& token, web::Data& data) {
  std::optional<LetterFacts> facts;
  {
    auto lease = db.acquire();
    if (auto k = handling::case_of_link(*lease, token)) facts = letter_facts(*lease, *k);
  }
  if (!facts) return;
  const auto& lang = web::visitor(request).lang;
  set_letter_data(site, lang, lang, *facts, "/status/" + token + "/letter.pdf", data);
}

void set_request_letter(store::Database& db, const web::Site& site, http::Request& request,
                        const std::string& reference, web::Data& data) {
  std::optional<LetterFacts> facts;
  {
    auto lease = db.acquire();
    if (auto k = handling::load_case(*lease, reference)) facts = letter_facts(*lease, *k);
  }
  if (!facts) return;
  set_letter_data(site, web::visitor(request).lang, facts->language, *facts,
                  "/requests/" + reference + "/letter.pdf", data);
}

std::vector<mail::Attachment> mail_attachments(store::Database& db, const web::Site& site,
                                               const mail::Row& row) {
  const std::string prefix = "request:";
  if (row.kind != mail::kinds::decision_taken || row.about.rfind(prefix, 0) != 0) return {};
  auto reference = row.about.substr(prefix.size());
  auto answer = mailed_letter(db, reference);
  if (!answer.facts) throw std::runtime_error("no letter for the decision of " + reference);
  store::Names names;
  {
    auto lease = db.acquire();
    names = store::names::load(*lease, answer.facts->language);
  }
  return {{reference + ".pdf", "application/pdf",
           letter_pdf(letter_blocks(site, *answer.facts, names), reference)}};
}

void register_letter_pages(http::Router& router, store::Database& db, web::Site& site) {
  // Members of the handling team (the command says who; signed in to ask).
  router.add(
      "GET", "/requests/{reference}/letter.pdf", "signed_in",
      site.guard([&db, &site](http::Request& request) { return team_pdf(db, site, request); }));
  // The citizen, by the private link's token.
  router.add(
      "GET", "/status/{token}/letter.pdf", "public",
      site.guard([&db, &site](http::Request& request) { return citizen_pdf(db, site, request); }));
}

}  // namespace ploeg::casework
