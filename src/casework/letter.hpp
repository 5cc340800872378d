// The decision as a letter: what a request type's letters say besides the
// decision (the legal basis, the appeal route and its deadline, set by the
// administrators per request type in nl, fr and en), and the facts of one
// decided request's letter, read for the handling team or the citizen.
//
// Privacy: the letter holds the citizen's name and postcode. Only members of
// the handling team and the citizen (through the status link) get it; every
// look and every refusal is in the audit log, which names the request by its
// reference only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "casework/handling.hpp"
#include "core/actor.hpp"
#include "core/field_error.hpp"
#include "core/outcome.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::casework {

namespace handling {
struct Case;  // casework/handling_support.hpp, internal to casework
}  // namespace handling

inline constexpr std::size_t max_legal_basis_length = 1000;
inline constexpr std::size_t max_appeal_route_length = 1000;
// An appeal deadline is a number of days or months within these bounds.
inline constexpr int max_appeal_days = 365;
inline constexpr int max_appeal_months = 24;

// What every letter of one request type says besides the decision.
struct LetterTerms {
  std::map<std::string, std::string> legal_basis;   // by language: nl, fr, en
  std::map<std::string, std::string> appeal_route;  // the body to appeal to and how
  int appeal_amount = 3;
  std::string appeal_unit = "months";  // months or days
  bool operator==(const LetterTerms&) const = default;
};

// A text in `language`, else in English, else in any language it has.
std::string in_language(const std::map<std::string, std::string>& texts,
                        const std::string& language);

// The day `months` calendar months after `day` (days since 1970-01-01); the
// last day of the month when that month is shorter (31 January + 1 month:
// the 28th or 29th of February).
std::int64_t add_months(std::int64_t day, int months);
// The last day to appeal a decision taken on `decided_day`.
std::int64_t appeal_deadline(std::int64_t decided_day, const LetterTerms& terms);

// The problems of the terms, field by field ("legal_basis_fr",
// "appeal_amount", ...); empty when they may be saved.
std::vector<FieldError> check_terms(const LetterTerms& terms);

// The demo agency's terms for its request types: Belgian social-security
// allowances, appealed to the labour court within three months.
LetterTerms demo_letter_terms(const std::string& type_code);

namespace sql {
// The terms of every request type that has them, by type code.
std::map<std::string, LetterTerms> letter_terms(store::Connection& c);
std::optional<LetterTerms> letter_terms(store::Connection& c, const std::string& type_code);
// Sets a type's terms; false when there is no such type.
bool save_letter_terms(store::Connection& c, const std::string& type_code,
                       const LetterTerms& terms);
}  // namespace sql

// An administrator sets a request type's terms: invalid with the problems
// field by field, not_found for an unknown type, forbidden for anyone else.
// Audited.
Outcome set_letter_terms(store::Database& db, const Actor& actor, const std::string& type_code,
                         const LetterTerms& terms);

// One decided request's letter, before it is put into words.
struct LetterFacts {
  std::string reference;
  std::string type_code;
  std::string type_name;  // the fallback name
  std::string language;   // the citizen's: what the letter is written in
  std::string citizen_name;
  std::string postcode;
  std::int64_t decided_at = 0;
  std::int64_t decided_day = 0;  // in the organisation's time zone
  std::string decision;          // granted or refused
  std::string motivation;
  std::optional<std::int64_t> amount_cents;  // granted, where the type grants an amount
  std::string amount_period;                 // monthly or once
  std::optional<LetterTerms> terms;          // absent when the type has none yet
  std::optional<std::int64_t> deadline_day;
};

// The facts of a request's letter; absent when it is not decided.
std::optional<LetterFacts> letter_facts(store::Connection& c, const handling::Case& k);

struct LetterAnswer {
  // forbidden: not a member of the handling team (audited); not_found: no
  // such request or link; conflict: not decided yet.
  Verdict verdict = Verdict::ok;
  std::optional<LetterFacts> facts;
};
// The letter for a member of the handling team; the look is audited as
// request.letter, a refusal as request.letter.refused.
LetterAnswer team_letter(store::Database& db, const Actor& actor, const std::string& reference);
// The letter behind a citizen's status link, audited as the citizen's.
LetterAnswer citizen_letter(store::Database& db, const Citizen& citizen);
// The letter the mail sender attaches to the decision mail, audited as
// request.letter.mailed by "system:mail".
LetterAnswer mailed_letter(store::Database& db, const std::string& reference);

void register_letter_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework
