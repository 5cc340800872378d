// The decision letter's rules alone (the appeal deadline, the checks of a
// request type's terms), its terms in the database on SQLite and PostgreSQL,
// and its PDF read back with pdftotext.
#include "casework/letter.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>

#include "app/platform.hpp"
#include "casework/demo_backend.hpp"
#include "casework/letter_pdf.hpp"
#include "casework/process.hpp"
#include "casework/requests.hpp"
#include "casework/store.hpp"
#include "core/clock.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"
#include "support/acting.hpp"
#include "support/pdf_text.hpp"

namespace ploeg::casework {
namespace {

using test::pdf_text;

std::int64_t day(const std::string& date) {
  return day_of_date(date).value();
}

TEST(LetterDeadline, MonthsAreCalendarMonthsEndingOnTheMonthsLastDay) {
  struct Case {
    const char* decided;
    int months;
    const char* deadline;
  };
  const Case cases[] = {
      {"2026-12-01", 3, "2027-03-01"},  {"2026-11-30", 3, "2027-02-28"},
      {"2027-11-30", 3, "2028-02-29"},  // a leap year
      {"2027-01-31", 1, "2027-02-28"},  {"2027-01-31", 2, "2027-03-31"},
      {"2026-10-15", 3, "2027-01-15"},  {"2026-06-30", 12, "2027-06-30"},
      {"2026-03-31", 24, "2028-03-31"},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.decided);
    EXPECT_EQ(date_text(add_months(day(c.decided), c.months)), c.deadline);
    LetterTerms terms;
    terms.appeal_amount = c.months;
    terms.appeal_unit = "months";
    EXPECT_EQ(date_text(appeal_deadline(day(c.decided), terms)), c.deadline);
  }
  LetterTerms days;
  days.appeal_amount = 45;
  days.appeal_unit = "days";
  EXPECT_EQ(date_text(appeal_deadline(day("2026-12-01"), days)), "2027-01-15");
}

TEST(LetterTerms, TheDemosTermsAreValidForEveryTypeAndCiteTheLabourCourt) {
  for (auto& type : default_process().types) {
    SCOPED_TRACE(type.code);
    auto terms = demo_letter_terms(type.code);
    EXPECT_TRUE(check_terms(terms).empty());
    EXPECT_EQ(terms.appeal_amount, 3);
    EXPECT_EQ(terms.appeal_unit, "months");
    EXPECT_NE(terms.appeal_route.at("nl").find("arbeidsrechtbank"), std::string::npos);
    EXPECT_NE(terms.appeal_route.at("fr").find("tribunal du travail"), std::string::npos);
    EXPECT_NE(terms.appeal_route.at("en").find("labour court"), std::string::npos);
  }
}

TEST(LetterTerms, EachProblemNamesItsField) {
  auto valid = demo_letter_terms("parking_card");
  struct Case {
    const char* field;
    std::function<void(LetterTerms&)> change;
  };
  const std::vector<Case> cases = {
      {"legal_basis_nl", [](LetterTerms& t) { t.legal_basis["nl"] = " \n "; }},
      {"legal_basis_fr", [](LetterTerms& t) { t.legal_basis.erase("fr"); }},
      {"appeal_route_en",
       [](LetterTerms& t) {
         t.appeal_route["en"] = std::string(max_appeal_route_length + 1, 'a');
       }},
      {"legal_basis_en",
       [](LetterTerms& t) { t.legal_basis["en"] = std::string(max_legal_basis_length + 1, 'a'); }},
      {"appeal_amount", [](LetterTerms& t) { t.appeal_amount = 0; }},
      {"appeal_amount", [](LetterTerms& t) { t.appeal_amount = max_appeal_months + 1; }},
      {"appeal_amount",
       [](LetterTerms& t) {
         t.appeal_unit = "days";
         t.appeal_amount = max_appeal_days + 1;
       }},
      {"appeal_unit", [](LetterTerms& t) { t.appeal_unit = "weeks"; }},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.field);
    auto terms = valid;
    c.change(terms);
    auto problems = check_terms(terms);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, c.field);
  }
  // At the limits: fine. Accented text counts in characters, not bytes.
  auto limits = valid;
  limits.legal_basis["fr"] = std::string(max_legal_basis_length / 2, 'a');
  for (std::size_t i = 0; i < max_legal_basis_length / 2; ++i) limits.legal_basis["fr"] += "é";
  limits.appeal_unit = "days";
  limits.appeal_amount = max_appeal_days;
  EXPECT_TRUE(check_terms(limits).empty());
}

TEST(LetterTerms, ATextInTheLanguageElseEnglishElseAny) {
  std::map<std::string, std::string> texts = {{"nl", "Wet"}, {"en", "Act"}, {"fr", ""}};
  EXPECT_EQ(in_language(texts, "nl"), "Wet");
  EXPECT_EQ(in_language(texts, "fr"), "Act");
  EXPECT_EQ(in_language({{"nl", "Wet"}}, "fr"), "Wet");
  EXPECT_EQ(in_language({}, "fr"), "");
}

TEST(LetterPdf, AccentsAndTheEuroSignComeBackAndLongTextRunsOnToTheNextPage) {
  using Kind = LetterBlock::Kind;
  std::string long_text;
  for (int i = 0; i < 300; ++i)
    long_text += "Zin " + std::to_string(i) + " van een lange motivering. ";
  std::vector<LetterBlock> blocks = {
      {Kind::sender, "Agence des allocations"},
      {Kind::address, "Françoise Müller-Ñúñez\n1050"},
      {Kind::title, "Décision concernant votre demande"},
      {Kind::paragraph, "Montant : 1 234,56 € par mois ; à partir du 1er février."},
      {Kind::paragraph, long_text},
      {Kind::closing, "Veuillez agréer nos salutations distinguées,"}};
  auto pdf = letter_pdf(blocks, "2026-AAAA-BBBB");
  ASSERT_EQ(pdf.substr(0, 5), "%PDF-");
  auto text = pdf_text(pdf);
  EXPECT_NE(text.find("Françoise Müller-Ñúñez"), std::string::npos) << text;
  EXPECT_NE(text.find("1 234,56 € par mois ; à partir du 1er février."), std::string::npos);
  EXPECT_NE(text.find("Zin 299 van een lange motivering."), std::string::npos);
  EXPECT_NE(text.find("Veuillez agréer"), std::string::npos);
  // More than one page: pdftotext ends each with a form feed.
  EXPECT_GE(std::count(text.begin(), text.end(), '\f'), 2) << text;
}

class LetterStoreTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    auto organisation = organisation::generate_demo(300, 1);
    db_->transaction([&](store::Connection& c) {
      organisation::sql::save(c, organisation);
      sql::save_process(c, default_process());
    });
  }
};

TEST_P(LetterStoreTest, TermsComeBackAsSavedAndReplaceTheOldOnes) {
  EXPECT_TRUE(sql::letter_terms(*db_->acquire()).empty());
  auto terms = demo_letter_terms("parking_card");
  db_->transaction([&](store::Connection& c) {
    EXPECT_TRUE(sql::save_letter_terms(c, "parking_card", terms));
    EXPECT_FALSE(sql::save_letter_terms(c, "no_such_type", terms));
  });
  EXPECT_EQ(sql::letter_terms(*db_->acquire(), "parking_card"), terms);
  terms.appeal_amount = 30;
  terms.appeal_unit = "days";
  terms.legal_basis["fr"] = "Loi du 1er janvier 2027 – article 3, § 2 (montant en €).";
  db_->transaction([&](store::Connection& c) { sql::save_letter_terms(c, "parking_card", terms); });
  auto all = sql::letter_terms(*db_->acquire());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all.at("parking_card"), terms);
  EXPECT_FALSE(sql::letter_terms(*db_->acquire(), "income_replacement"));
}

TEST_P(LetterStoreTest, OnlyAnAdministratorSetsTermsAndEachChangeIsAudited) {
  Actor admin;
  admin.name = "user:admin";
  admin.role = "admin";
  Actor coworker;
  coworker.name = "user:coworker";
  coworker.role = "coworker";
  auto terms = demo_letter_terms("income_replacement");
  EXPECT_TRUE(set_letter_terms(*db_, coworker, "income_replacement", terms).is(Verdict::forbidden));
  EXPECT_TRUE(set_letter_terms(*db_, admin, "no_such_type", terms).is(Verdict::not_found));
  auto bad = terms;
  bad.appeal_amount = 0;
  auto refused = set_letter_terms(*db_, admin, "income_replacement", bad);
  EXPECT_TRUE(refused.is(Verdict::invalid));
  EXPECT_EQ(refused.first_key(), "letter_terms_amount");
  EXPECT_FALSE(sql::letter_terms(*db_->acquire(), "income_replacement"));
  EXPECT_TRUE(set_letter_terms(*db_, admin, "income_replacement", terms).ok());
  EXPECT_EQ(sql::letter_terms(*db_->acquire(), "income_replacement"), terms);
  auto audited = db_->acquire()->query(
      "SELECT count(*) FROM audit_log WHERE actor = 'user:admin' AND action = "
      "'casework.letter_terms' AND subject = 'request_type:income_replacement'");
  EXPECT_EQ(audited.rows.at(0).integer(0), 1);
}

TEST_P(LetterStoreTest, RemovingARequestTypeRemovesItsTerms) {
  db_->transaction([&](store::Connection& c) {
    sql::save_letter_terms(c, "parking_card", demo_letter_terms("parking_card"));
    auto process = default_process();
    std::erase_if(process.types, [](const RequestType& t) { return t.code == "parking_card"; });
    sql::save_process(c, process);
  });
  EXPECT_TRUE(sql::letter_terms(*db_->acquire()).empty());
}

PLOEG_INSTANTIATE_BACKENDS(LetterStoreTest);

// A request's letter: for the handling team and the citizen only, once decided.
class RequestLetterTest : public testing::DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    auto lease = db_->acquire();
    for (auto& r : lease->query("SELECT postcode FROM region_postcodes ORDER BY postcode").rows) {
      auto route = sql::route(*lease, r.text(0));
      if (!route || route->team.empty()) continue;
      postcode_ = r.text(0);
      team_id_ =
          lease->query("SELECT id FROM teams WHERE code = $1", {route->team}).rows.at(0).integer(0);
      break;
    }
  }
  Receipt file(const std::string& type, const std::string& key) {
    NewRequest r;
    r.type = type;
    r.postcode = postcode_;
    r.name = "Amélie Dubois";
    r.email = "amelie@example.be";
    r.description = "Je ne peux plus travailler depuis mon accident.";
    r.language = "fr";
    r.submission_key = key;
    auto filed = file_request(*db_, r);
    EXPECT_TRUE(filed.receipt);
    return *filed.receipt;
  }
  void decide(const std::string& reference, std::int64_t at) {
    db_->acquire()->query(
        "UPDATE requests SET decision = 'refused', motivation = 'Vos revenus dépassent le "
        "plafond.', decided_at = $1 WHERE reference = $2",
        {at, reference});
  }
  Actor person(const std::string& sql, const std::string& name) {
    auto id = db_->acquire()->query(sql, {team_id_}).rows.at(0).integer(0);
    return ::ploeg::testing::acting_as(*db_, id, name);
  }
  Actor member() {
    return person("SELECT min(person_id) FROM memberships WHERE team_id = $1", "user:member");
  }
  Actor outsider() {
    return person(
        "SELECT min(m.person_id) FROM memberships m JOIN teams t ON t.id = m.team_id WHERE "
        "t.kind = 'regional' AND t.id <> $1 AND m.person_id NOT IN (SELECT person_id FROM "
        "memberships WHERE team_id = $1)",
        "user:outsider");
  }
  std::int64_t audited(const std::string& actor, const std::string& action,
                       const std::string& reference) {
    return db_->acquire()
        ->query("SELECT count(*) FROM audit_log WHERE actor = $1 AND action = $2 AND subject = $3",
                {actor, action, "request:" + reference})
        .rows.at(0)
        .integer(0);
  }
  std::string postcode_;
  std::int64_t team_id_ = 0;
};

TEST_P(RequestLetterTest, TheTeamAndTheCitizenGetTheLetterOnceDecided) {
  db_->transaction([&](store::Connection& c) {
    sql::save_letter_terms(c, "income_replacement", demo_letter_terms("income_replacement"));
  });
  auto receipt = file("income_replacement", "k1");
  const auto& reference = receipt.reference;
  Citizen citizen{receipt.status_token, "192.0.2.1", "r1"};

  // Not decided: no letter, nothing audited as seen.
  EXPECT_EQ(team_letter(*db_, member(), reference).verdict, Verdict::conflict);
  EXPECT_EQ(citizen_letter(*db_, citizen).verdict, Verdict::conflict);
  EXPECT_EQ(audited("user:member", "request.letter", reference), 0);

  // 30 November 2026, 23:30 UTC: 1 December in Brussels.
  const std::int64_t at = 1796081400;
  decide(reference, at);
  auto letter = team_letter(*db_, member(), reference);
  ASSERT_EQ(letter.verdict, Verdict::ok);
  ASSERT_TRUE(letter.facts);
  auto& f = *letter.facts;
  EXPECT_EQ(f.reference, reference);
  EXPECT_EQ(f.language, "fr");
  EXPECT_EQ(f.citizen_name, "Amélie Dubois");
  EXPECT_EQ(f.postcode, postcode_);
  EXPECT_EQ(f.decision, "refused");
  EXPECT_EQ(f.motivation, "Vos revenus dépassent le plafond.");
  EXPECT_EQ(date_text(f.decided_day), "2026-12-01");
  ASSERT_TRUE(f.deadline_day);
  EXPECT_EQ(date_text(*f.deadline_day), "2027-03-01");
  EXPECT_EQ(f.terms, demo_letter_terms("income_replacement"));
  EXPECT_EQ(audited("user:member", "request.letter", reference), 1);

  auto own = citizen_letter(*db_, citizen);
  ASSERT_EQ(own.verdict, Verdict::ok);
  EXPECT_EQ(own.facts->citizen_name, "Amélie Dubois");
  EXPECT_EQ(audited("citizen:" + reference, "request.letter", reference), 1);

  // Anyone else: refused and audited, nothing of the letter given.
  auto refused = team_letter(*db_, outsider(), reference);
  EXPECT_EQ(refused.verdict, Verdict::forbidden);
  EXPECT_FALSE(refused.facts);
  EXPECT_EQ(audited("user:outsider", "request.letter.refused", reference), 1);
  EXPECT_EQ(team_letter(*db_, member(), "2020-NONE-NONE").verdict, Verdict::not_found);
  Citizen stranger{"no-such-token", "192.0.2.1", "r2"};
  EXPECT_EQ(citizen_letter(*db_, stranger).verdict, Verdict::not_found);
}

TEST_P(RequestLetterTest, ATypeWithoutTermsHasALetterWithoutDeadline) {
  auto receipt = file("parking_card", "k2");
  decide(receipt.reference, 1796081400);
  auto letter = team_letter(*db_, member(), receipt.reference);
  ASSERT_EQ(letter.verdict, Verdict::ok);
  EXPECT_FALSE(letter.facts->terms);
  EXPECT_FALSE(letter.facts->deadline_day);
}

PLOEG_INSTANTIATE_BACKENDS(RequestLetterTest);

}  // namespace
}  // namespace ploeg::casework
