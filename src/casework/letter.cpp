// The letter's terms per request type (migration 28), the appeal deadline,
// and the facts of a decided request's letter for the team or the citizen.
#include "casework/letter.hpp"

#include <chrono>

#include "audit/audit.hpp"
#include "casework/handling_support.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "store/names.hpp"

namespace ploeg::casework {
namespace {

const std::vector<std::string> letter_languages = {"nl", "fr", "en"};

// The columns of request_type_letters beside the reader of one of its rows.
constexpr const char* terms_columns =
    "t.code, l.appeal_amount, l.appeal_unit, l.legal_basis_nl, l.legal_basis_fr, "
    "l.legal_basis_en, l.appeal_route_nl, l.appeal_route_fr, l.appeal_route_en";

LetterTerms terms_from(const store::Row& r) {
  LetterTerms t;
  t.appeal_amount = static_cast<int>(r.integer(1));
  t.appeal_unit = r.text(2);
  for (std::size_t i = 0; i < letter_languages.size(); ++i) {
    t.legal_basis[letter_languages[i]] = r.text(3 + i);
    t.appeal_route[letter_languages[i]] = r.text(6 + i);
  }
  return t;
}

}  // namespace

std::string in_language(const std::map<std::string, std::string>& texts,
                        const std::string& language) {
  for (auto& lang : {language, std::string("en")}) {
    auto found = texts.find(lang);
    if (found != texts.end() && !found->second.empty()) return found->second;
  }
  for (auto& [lang, text] : texts) {
    if (!text.empty()) return text;
  }
  return "";
}

std::int64_t add_months(std::int64_t day, int months) {
  using namespace std::chrono;
  year_month_day date{sys_days{days{day}}};
  auto month = date.year() / date.month() + std::chrono::months{months};
  auto last = year_month_day_last{month.year(), month_day_last{month.month()}}.day();
  year_month_day moved{month.year(), month.month(), std::min(date.day(), last)};
  return sys_days{moved}.time_since_epoch().count();
}

std::int64_t appeal_deadline(std::int64_t decided_day, const LetterTerms& terms) {
  return terms.appeal_unit == "days" ? decided_day + terms.appeal_amount
                                     : add_months(decided_day, terms.appeal_amount);
}

std::vector<FieldError> check_terms(const LetterTerms& terms) {
  std::vector<FieldError> problems;
  auto check_text = [&](const std::map<std::string, std::string>& texts, const std::string& field,
                        std::size_t limit) {
    for (auto& lang : letter_languages) {
      auto found = texts.find(lang);
      auto text = found == texts.end() ? std::string() : found->second;
      auto name = field + "_" + lang;
      if (text::trimmed(text).empty()) {
        problems.push_back({name, "letter_terms_required", name + " is required", {}});
      } else if (text::characters(text) > limit) {
        problems.push_back({name,
                            "letter_terms_too_long",
                            "shorten " + name + " to " + std::to_string(limit) + " characters",
                            {{"max", std::to_string(limit)}}});
      }
    }
  };
  check_text(terms.legal_basis, "legal_basis", max_legal_basis_length);
  check_text(terms.appeal_route, "appeal_route", max_appeal_route_length);
  if (terms.appeal_unit != "days" && terms.appeal_unit != "months") {
    problems.push_back({"appeal_unit", "letter_terms_unit", "choose days or months", {}});
  } else {
    int most = terms.appeal_unit == "days" ? max_appeal_days : max_appeal_months;
    if (terms.appeal_amount < 1 || terms.appeal_amount > most) {
      problems.push_back(
          {"appeal_amount",
           "letter_terms_amount",
           "give a deadline from 1 to " + std::to_string(most) + " " + terms.appeal_unit,
           {{"max", std::to_string(most)}}});
    }
  }
  return problems;
}

LetterTerms demo_letter_terms(const std::string& type_code) {
  LetterTerms t;
  t.appeal_amount = 3;
  t.appeal_unit = "months";
  // The law of 27 February 1987 on allowances for persons with a disability
  // (article 2: income replacement, integration, assistance for the elderly);
  // the parking card by the ministerial decree of 7 May 1999.
  std::string article = type_code == "income_replacement"      ? "2, § 1"
                        : type_code == "integration_allowance" ? "2, § 2"
                                                               : "2, § 3";
  if (type_code == "parking_card") {
    t.legal_basis = {
        {"nl",
         "Ministerieel besluit van 7 mei 1999 betreffende de parkeerkaart voor personen "
         "met een handicap."},
        {"fr",
         "Arrêté ministériel du 7 mai 1999 relatif à la carte de stationnement pour "
         "personnes handicapées."},
        {"en",
         "Ministerial decree of 7 May 1999 on the parking card for persons with a "
         "disability."}};
  } else {
    t.legal_basis = {
        {"nl",
         "Wet van 27 februari 1987 betreffende de tegemoetkomingen aan personen met een "
         "handicap, artikel " +
             article + ", en het Handvest van de sociaal verzekerde (wet van 11 april 1995)."},
        {"fr",
         "Loi du 27 février 1987 relative aux allocations aux personnes handicapées, "
         "article " +
             article + ", et la Charte de l’assuré social (loi du 11 avril 1995)."},
        {"en", "Act of 27 February 1987 on allowances for persons with a disability, article " +
                   article + ", and the Charter of the Insured Person (Act of 11 April 1995)."}};
  }
  t.appeal_route = {
      {"nl",
       "U kunt tegen deze beslissing beroep instellen bij de arbeidsrechtbank van uw "
       "woonplaats, met een verzoekschrift dat u neerlegt bij de griffie of aangetekend "
       "opstuurt. Het beroep is kosteloos. U kunt zich laten bijstaan door een advocaat of "
       "een afgevaardigde van een representatieve werknemersorganisatie."},
      {"fr",
       "Vous pouvez introduire un recours contre cette décision auprès du tribunal du "
       "travail de votre domicile, par une requête déposée au greffe ou envoyée par "
       "recommandé. Le recours est gratuit. Vous pouvez vous faire assister par un avocat ou "
       "par un délégué d’une organisation représentative des travailleurs."},
      {"en",
       "You may appeal against this decision to the labour court of the place where you "
       "live, by a petition filed at its registry or sent by registered post. The appeal is "
       "free of charge. A lawyer or a delegate of a representative workers’ organisation "
       "may assist you."}};
  return t;
}

namespace sql {

std::map<std::string, LetterTerms> letter_terms(store::Connection& c) {
  std::map<std::string, LetterTerms> all;
  for (auto& r : c.query(std::string("SELECT ") + terms_columns +
                         " FROM request_type_letters l JOIN request_types t ON t.id = "
                         "l.request_type_id")
                     .rows) {
    all[r.text(0)] = terms_from(r);
  }
  return all;
}

std::optional<LetterTerms> letter_terms(store::Connection& c, const std::string& type_code) {
  auto found = c.query(std::string("SELECT ") + terms_columns +
                           " FROM request_type_letters l JOIN request_types t ON t.id = "
                           "l.request_type_id WHERE t.code = $1",
                       {type_code});
  if (found.empty()) return std::nullopt;
  return terms_from(found.rows[0]);
}

bool save_letter_terms(store::Connection& c, const std::string& type_code,
                       const LetterTerms& terms) {
  auto type = c.query("SELECT id FROM request_types WHERE code = $1", {type_code});
  if (type.empty()) return false;
  auto text = [](const std::map<std::string, std::string>& texts, const std::string& lang) {
    auto found = texts.find(lang);
    return found == texts.end() ? std::string() : found->second;
  };
  c.query(
      "INSERT INTO request_type_letters (request_type_id, appeal_amount, appeal_unit, "
      "legal_basis_nl, legal_basis_fr, legal_basis_en, appeal_route_nl, appeal_route_fr, "
      "appeal_route_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT "
      "(request_type_id) DO UPDATE SET appeal_amount = excluded.appeal_amount, appeal_unit = "
      "excluded.appeal_unit, legal_basis_nl = excluded.legal_basis_nl, legal_basis_fr = "
      "excluded.legal_basis_fr, legal_basis_en = excluded.legal_basis_en, appeal_route_nl = "
      "excluded.appeal_route_nl, appeal_route_fr = excluded.appeal_route_fr, appeal_route_en = "
      "excluded.appeal_route_en",
      {type.rows[0].integer(0), std::int64_t{terms.appeal_amount}, terms.appeal_unit,
       text(terms.legal_basis, "nl"), text(terms.legal_basis, "fr"), text(terms.legal_basis, "en"),
       text(terms.appeal_route, "nl"), text(terms.appeal_route, "fr"),
       text(terms.appeal_route, "en")});
  return true;
}

}  // namespace sql

Outcome set_letter_terms(store::Database& db, const Actor& actor, const std::string& type_code,
                         const LetterTerms& terms) {
  if (!actor.admin()) {
    return Outcome::refused(Verdict::forbidden, {"", "letter_terms_refused",
                                                 "only administrators set a letter's terms"});
  }
  Outcome outcome;
  db.transaction([&](store::Connection& c) {
    if (c.query("SELECT 1 FROM request_types WHERE code = $1", {type_code}).empty()) {
      outcome.verdict = Verdict::not_found;
      return false;
    }
    outcome = Outcome::invalid_if(check_terms(terms));
    if (!outcome.ok()) return false;
    sql::save_letter_terms(c, type_code, terms);
    audit::append(c,
                  {actor.name, "casework.letter_terms", "request_type:" + type_code,
                   "appeal within " + std::to_string(terms.appeal_amount) + " " + terms.appeal_unit,
                   actor.remote_address, actor.request_id});
    return true;
  });
  return outcome;
}

std::optional<LetterFacts> letter_facts(store::Connection& c, const handling::Case& k) {
  if (!k.decided_at) return std::nullopt;
  auto row = c.query(
                  "SELECT contact_name, postcode, language, decision, motivation, amount_cents, "
                  "amount_period FROM requests WHERE id = $1",
                  {k.id})
                 .rows.at(0);
  LetterFacts f;
  f.reference = k.reference;
  f.type_code = k.type.code;
  f.type_name = k.type.name;
  f.citizen_name = row.text(0);
  f.postcode = row.text(1);
  f.language = row.text(2);
  f.decision = row.optional_text(3).value_or("");
  f.motivation = row.text(4);
  f.amount_cents = row.optional_integer(5);
  f.amount_period = row.optional_text(6).value_or("");
  f.decided_at = *k.decided_at;
  f.decided_day = local_day(f.decided_at);
  f.terms = sql::letter_terms(c, k.type.code);
  if (f.terms) f.deadline_day = appeal_deadline(f.decided_day, *f.terms);
  return f;
}

LetterAnswer team_letter(store::Database& db, const Actor& actor, const std::string& reference) {
  LetterAnswer answer;
  db.transaction([&](store::Connection& c) {
    auto k = handling::load_case(c, reference);
    if (!k) {
      answer.verdict = Verdict::not_found;
      return false;
    }
    if (!handling::standing(actor, k->team_id).member) {
      answer.verdict = Verdict::forbidden;
      handling::audit_case(c, actor, "request.letter.refused", reference,
                           "not a member of the team");
      return true;  // keeps the refusal's audit entry
    }
    answer.facts = letter_facts(c, *k);
    if (!answer.facts) {
      answer.verdict = Verdict::conflict;
      return false;
    }
    // The letter holds the citizen's name and postcode: the look is audited.
    handling::audit_case(c, actor, "request.letter", reference);
    return true;
  });
  return answer;
}

LetterAnswer citizen_letter(store::Database& db, const Citizen& citizen) {
  LetterAnswer answer;
  db.transaction([&](store::Connection& c) {
    auto k = handling::case_of_link(c, citizen.status_token);
    if (!k) {
      answer.verdict = Verdict::not_found;
      return false;
    }
    answer.facts = letter_facts(c, *k);
    if (!answer.facts) {
      answer.verdict = Verdict::conflict;
      return false;
    }
    Actor actor;  // the citizen behind the status link: nobody of the organisation
    actor.name = "citizen:" + k->reference;
    actor.remote_address = citizen.remote_address;
    actor.request_id = citizen.request_id;
    handling::audit_case(c, actor, "request.letter", k->reference);
    return true;
  });
  return answer;
}

LetterAnswer mailed_letter(store::Database& db, const std::string& reference) {
  LetterAnswer answer;
  db.transaction([&](store::Connection& c) {
    auto k = handling::load_case(c, reference);
    if (k) answer.facts = letter_facts(c, *k);
    if (!answer.facts) {
      answer.verdict = k ? Verdict::conflict : Verdict::not_found;
      return false;
    }
    Actor actor;
    actor.name = "system:mail";
    handling::audit_case(c, actor, "request.letter.mailed", reference);
    return true;
  });
  return answer;
}

void register_letter_migrations(store::Migrations& migrations) {
  // One row per request type that has its letter's terms; the texts in each
  // language the organisation writes to citizens in.
  migrations.add({28, "casework: a request type's legal basis and appeal route, for its letters",
                  R"(
CREATE TABLE request_type_letters (
  request_type_id BIGINT PRIMARY KEY REFERENCES request_types (id) ON DELETE CASCADE,
  appeal_amount INTEGER NOT NULL CHECK (appeal_amount BETWEEN 1 AND 730),
  appeal_unit TEXT NOT NULL CHECK (appeal_unit IN ('days', 'months')),
  legal_basis_nl TEXT NOT NULL DEFAULT '',
  legal_basis_fr TEXT NOT NULL DEFAULT '',
  legal_basis_en TEXT NOT NULL DEFAULT '',
  appeal_route_nl TEXT NOT NULL DEFAULT '',
  appeal_route_fr TEXT NOT NULL DEFAULT '',
  appeal_route_en TEXT NOT NULL DEFAULT ''
);
)",
                  ""});
}

}  // namespace ploeg::casework
