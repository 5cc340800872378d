// End to end: the decision as a letter on the real `ploeg serve` with a demo
// organisation. A decided request's PDF letter, read back with pdftotext, says
// the reference, the decision, the motivation, the legal basis, the appeal
// route and the appeal deadline in the citizen's language; only the handling
// team and the citizen get it (every look and refusal audited); the status
// page shows the same; administrators edit what the letters say.
#include <date/tz.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"
#include "support/pdf_text.hpp"

namespace ploeg::test {
namespace {

constexpr const char* password = "letter-pages-secret";
constexpr const char* citizen_name = "Élodie Lefèvre-Dupré";
constexpr const char* citizen_email = "elodie.lefevre@example.be";

// Moments the decisions are taken at, in UTC.
constexpr std::int64_t november_30_2300_utc = 1796079600;  // 1 December 2026 in Brussels
constexpr std::int64_t november_30_1200_utc = 1796040000;  // 30 November 2026 in Brussels

struct Decided {
  std::string link;  // the citizen's status page
  std::string reference;
  std::int64_t team_id = 0;
};

// The appeal deadline as the letter should state it, computed here on its own:
// the decision's date in Brussels, `months` later (the month's last day when
// that day does not exist), in the letter's words.
std::string deadline_in(const std::string& lang, std::int64_t decided_at, int months) {
  using namespace std::chrono;
  auto local = date::make_zoned("Europe/Brussels", sys_seconds{seconds{decided_at}});
  date::year_month_day day{date::floor<date::days>(local.get_local_time())};
  auto moved = day + date::months{months};
  if (!moved.ok())
    moved = date::year_month_day{
        date::year_month_day_last{moved.year(), date::month_day_last{moved.month()}}};
  static const std::map<std::string, std::vector<std::string>> month_names = {
      {"nl",
       {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
        "oktober", "november", "december"}},
      {"fr",
       {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"}},
      {"en",
       {"January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December"}}};
  return std::to_string(static_cast<unsigned>(moved.day())) + " " +
         month_names.at(lang).at(static_cast<unsigned>(moved.month()) - 1) + " " +
         std::to_string(static_cast<int>(moved.year()));
}

bool has(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

class LetterPagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-letter-pages-"); }
  static void TearDownTestSuite() { demo_.reset(); }

  static std::unique_ptr<store::Database> db() { return store::Database::open(demo_->database()); }

  // A request of `type` filed by a citizen in `lang`, decided at `at`.
  static Decided decided(const std::string& type, const std::string& lang,
                         const std::string& decision, const std::string& motivation,
                         std::int64_t at) {
    Decided d = filed(type, lang);
    db()->acquire()->query(
        "UPDATE requests SET decision = $1, motivation = $2, decided_at = $3 WHERE reference = $4",
        {decision, motivation, at, d.reference});
    return d;
  }
  static Decided filed(const std::string& type, const std::string& lang) {
    Decided d;
    d.link = file_as_citizen(demo_->port(), {{"type", type},
                                             {"postcode", "9000"},
                                             {"name", citizen_name},
                                             {"email", citizen_email},
                                             {"description", "I can no longer walk far."}});
    d.reference = reference_on(Visitor(demo_->port()).get(d.link).body);
    auto d_db = db();
    auto c = d_db->acquire();
    c->query("UPDATE requests SET language = $1 WHERE reference = $2", {lang, d.reference});
    d.team_id = c->query("SELECT team_id FROM requests WHERE reference = $1", {d.reference})
                    .rows.at(0)
                    .integer(0);
    return d;
  }

  // A visitor signed in with an account (of `role`) linked to `person_id`.
  static Visitor as(std::int64_t person_id, const std::string& role = "coworker") {
    auto& username = accounts_[person_id];
    if (username.empty()) {
      username = "lt" + std::to_string(person_id);
      auto email = db()->acquire()
                       ->query("SELECT email FROM people WHERE id = $1", {person_id})
                       .rows.at(0)
                       .text(0);
      add_linked_account(demo_->database(), username, email, password, role);
    }
    Visitor v(demo_->port());
    EXPECT_TRUE(v.sign_in(username, password)) << username;
    return v;
  }
  static std::string username_of(std::int64_t person_id) { return accounts_[person_id]; }

  static std::int64_t number(const std::string& sql, const std::vector<store::Value>& params) {
    return db()->acquire()->query(sql, params).rows.at(0).integer(0);
  }
  static std::int64_t member_of(std::int64_t team_id) {
    return number("SELECT min(person_id) FROM memberships WHERE team_id = $1", {team_id});
  }
  // A member of another regional team, who is no member of this one.
  static std::int64_t outsider_of(std::int64_t team_id) {
    return number(
        "SELECT min(m.person_id) FROM memberships m JOIN teams t ON t.id = m.team_id WHERE "
        "t.kind = 'regional' AND t.id <> $1 AND m.person_id NOT IN (SELECT person_id FROM "
        "memberships WHERE team_id = $1) AND m.person_id NOT IN (SELECT coach_id FROM teams WHERE "
        "coach_id IS NOT NULL)",
        {team_id});
  }
  // A coach of other teams: coaches some, not this one, and is no member of it.
  static std::int64_t coach_of_others(std::int64_t team_id) {
    return number(
        "SELECT min(coach_id) FROM teams WHERE coach_id IS NOT NULL AND coach_id NOT IN (SELECT "
        "coach_id FROM teams WHERE id = $1 AND coach_id IS NOT NULL) AND coach_id NOT IN (SELECT "
        "person_id FROM memberships WHERE team_id = $1)",
        {team_id});
  }
  static std::int64_t audited(const std::string& actor, const std::string& action,
                              const std::string& reference) {
    return number(
        "SELECT count(*) FROM audit_log WHERE actor = $1 AND action = $2 AND subject = $3",
        {actor, action, "request:" + reference});
  }

  static inline std::unique_ptr<DemoServer> demo_;
  static inline std::map<std::int64_t, std::string> accounts_;
};

TEST_F(LetterPagesTest, TheDutchLetterSaysItAllInDutch) {
  const std::string motivation =
      "Uw mobiliteit is sterk beperkt: de arts stelde vast dat u minder dan 100 meter stapt.";
  auto d = decided("parking_card", "nl", "granted", motivation, november_30_2300_utc);
  auto member = member_of(d.team_id);
  auto team = as(member);
  auto pdf = team.get("/requests/" + d.reference + "/letter.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.header("Content-Type").value_or(""), "application/pdf");
  EXPECT_EQ(pdf.header("Content-Disposition").value_or(""),
            "attachment; filename=\"" + d.reference + ".pdf\"");
  EXPECT_EQ(pdf.header("Cache-Control").value_or(""), "no-store");
  ASSERT_EQ(pdf.body.substr(0, 5), "%PDF-");
  auto text = pdf_text(pdf.body);
  auto deadline = deadline_in("nl", november_30_2300_utc, 3);
  EXPECT_EQ(deadline, "1 maart 2027");  // the decision is of 1 December in Brussels
  for (const std::string& expected :
       {std::string(citizen_name), std::string("9000"), d.reference,
        std::string("Datum: 1 december 2026"), std::string("Uw aanvraag is toegekend."), motivation,
        std::string("Ministerieel besluit van 7 mei 1999 betreffende de parkeerkaart"),
        std::string("arbeidsrechtbank van uw woonplaats"),
        "Uw beroep moet uiterlijk op " + deadline + " ingesteld zijn (3 maanden na de datum"}) {
    EXPECT_TRUE(has(text, expected)) << expected << "\n" << text;
  }
  EXPECT_FALSE(has(text, "Your request"));

  // The citizen's own copy is the same letter.
  Visitor citizen(demo_->port());
  auto own = citizen.get(d.link + "/letter.pdf");
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.header("Cache-Control").value_or(""), "no-store");
  EXPECT_EQ(pdf_text(own.body), text);
  // Both looks are audited, by reference only.
  EXPECT_EQ(audited("user:" + username_of(member), "request.letter", d.reference), 1);
  EXPECT_EQ(audited("citizen:" + d.reference, "request.letter", d.reference), 1);
  EXPECT_EQ(number("SELECT count(*) FROM audit_log WHERE detail LIKE $1 OR subject LIKE $1",
                   {std::string("%Lef%")}),
            0);
}

TEST_F(LetterPagesTest, TheFrenchLetterSaysItAllInFrench) {
  const std::string motivation =
      "Votre perte d’autonomie n’atteint pas les 7 points requis : l’examen médical a donné 5 "
      "points.";
  auto d = decided("income_replacement", "fr", "refused", motivation, november_30_1200_utc);
  auto text =
      pdf_text(as(member_of(d.team_id)).get("/requests/" + d.reference + "/letter.pdf").body);
  // 30 November + 3 months: 30 February does not exist, the end of February does.
  auto deadline = deadline_in("fr", november_30_1200_utc, 3);
  EXPECT_EQ(deadline, "28 février 2027");
  for (const std::string& expected :
       {d.reference, std::string("Date : 30 novembre 2026"),
        std::string("Votre demande est refusée."), motivation,
        std::string("Loi du 27 février 1987 relative aux allocations aux personnes handicapées, "
                    "article 2, § 1"),
        std::string("tribunal du travail de votre domicile"),
        "Votre recours doit être introduit au plus tard le " + deadline + " (3 mois après"}) {
    EXPECT_TRUE(has(text, expected)) << expected << "\n" << text;
  }
  EXPECT_FALSE(has(text, "arbeidsrechtbank"));
}

TEST_F(LetterPagesTest, OnlyTheHandlingTeamGetsTheLetterAndTheDecision) {
  const std::string motivation = "The medical assessment confirms that walking is hard for you.";
  auto d = decided("parking_card", "en", "granted", motivation, november_30_2300_utc);
  auto letter = "/requests/" + d.reference + "/letter.pdf";
  auto page = "/requests/" + d.reference;

  // Anonymous: to the sign-in page, nothing of the request.
  Visitor anonymous(demo_->port());
  for (auto& target : {letter, page}) {
    auto r = anonymous.get(target);
    EXPECT_EQ(r.status, 303) << target;
    EXPECT_EQ(r.header("Location").value_or("").rfind("/login?next=", 0), 0u) << target;
  }

  // A member of the handling team: the letter, and the decision page with its section.
  auto member = as(member_of(d.team_id));
  EXPECT_EQ(member.get(letter).status, 200);
  auto decision = member.get(page);
  ASSERT_EQ(decision.status, 200);
  EXPECT_TRUE(has(decision.body, "href=\"" + letter + "\""));
  EXPECT_TRUE(has(decision.body, "Act of 27 February 1987") ||
              has(decision.body, "Ministerial decree of 7 May 1999"));
  EXPECT_TRUE(has(decision.body, "labour court"));
  EXPECT_TRUE(
      has(decision.body, "by " + deadline_in("en", november_30_2300_utc, 3) + " at the latest"));
  EXPECT_TRUE(has(decision.body, "Language of the letter: English"));
  EXPECT_EQ(member.get("/requests/2020-NONE-NONE/letter.pdf").status, 404);

  // Everyone else who is signed in: 403, no personal data, the refusal audited.
  struct Refused {
    const char* who;
    Visitor visitor;
    std::string actor;
  };
  auto outsider = outsider_of(d.team_id);
  auto coach = coach_of_others(d.team_id);
  ASSERT_GT(coach, 0);
  std::vector<Refused> refused;
  refused.push_back({"member of another team", as(outsider), "user:" + username_of(outsider)});
  refused.push_back({"coach of other teams", as(coach, "coach"), "user:" + username_of(coach)});
  refused.push_back({"administrator", demo_->signed_in("admin"), "user:admin"});
  for (auto& r : refused) {
    SCOPED_TRACE(r.who);
    auto pdf = r.visitor.get(letter);
    EXPECT_EQ(pdf.status, 403);
    auto view = r.visitor.get(page);
    EXPECT_EQ(view.status, 403);
    for (auto* body : {&pdf.body, &view.body}) {
      EXPECT_FALSE(has(*body, citizen_name));
      EXPECT_FALSE(has(*body, motivation));
      EXPECT_FALSE(has(*body, "%PDF"));
    }
    EXPECT_EQ(audited(r.actor, "request.letter.refused", d.reference), 1);
    EXPECT_EQ(audited(r.actor, "request.view.refused", d.reference), 1);
  }

  // A status link that leads nowhere.
  EXPECT_EQ(anonymous.get("/status/no-such-token/letter.pdf").status, 404);
}

TEST_F(LetterPagesTest, AnUndecidedRequestHasNoLetterYet) {
  auto d = filed("parking_card", "nl");
  auto member = as(member_of(d.team_id));
  auto refused = member.get("/requests/" + d.reference + "/letter.pdf");
  EXPECT_EQ(refused.status, 409);
  EXPECT_TRUE(has(refused.body, "not been decided")) << refused.body;
  Visitor citizen(demo_->port());
  EXPECT_EQ(citizen.get(d.link + "/letter.pdf").status, 409);
  EXPECT_FALSE(has(citizen.get(d.link).body, "letter.pdf"));
  EXPECT_FALSE(has(member.get("/requests/" + d.reference).body, "letter.pdf"));
  EXPECT_EQ(audited("citizen:" + d.reference, "request.letter", d.reference), 0);
}

TEST_F(LetterPagesTest, TheStatusPageShowsWhatTheLetterSays) {
  const std::string motivation = "Uw inkomen ligt boven de grens van € 15.000 per jaar.";
  auto d = decided("integration_allowance", "nl", "refused", motivation, november_30_2300_utc);
  Visitor citizen(demo_->port());
  citizen.cookies()["ploeg_lang"] = "nl";
  auto page = citizen.get(d.link);
  ASSERT_EQ(page.status, 200);
  for (const std::string& expected :
       {std::string("Beslist op 1 december 2026"), motivation,
        std::string("Wet van 27 februari 1987 betreffende de tegemoetkomingen aan personen met "
                    "een handicap, artikel 2, § 2"),
        std::string("arbeidsrechtbank van uw woonplaats"),
        "uiterlijk op " + deadline_in("nl", november_30_2300_utc, 3) + " ingesteld",
        "href=\"" + d.link + "/letter.pdf\""}) {
    EXPECT_TRUE(has(page.body, expected)) << expected;
  }
  // In English for a visitor who reads English; the letter stays in Dutch.
  citizen.cookies()["ploeg_lang"] = "en";
  auto english = citizen.get(d.link);
  EXPECT_TRUE(has(english.body, "Decided on 1 December 2026"));
  EXPECT_TRUE(has(english.body, "labour court"));
  EXPECT_TRUE(has(english.body, "Language of the letter: Nederlands"));
  EXPECT_TRUE(has(pdf_text(citizen.get(d.link + "/letter.pdf").body), "Uw aanvraag is geweigerd."));
}

// The form's fields for the assistance for the elderly's terms, with `change` applied.
http::Fields terms(const std::map<std::string, std::string>& change = {}) {
  std::map<std::string, std::string> fields = {
      {"legal_basis_nl", "Koninklijk besluit van 1 januari 2027 over de parkeerkaart."},
      {"legal_basis_fr", "Arrêté royal du 1er janvier 2027 relatif à la carte de stationnement."},
      {"legal_basis_en", "Royal decree of 1 January 2027 on the parking card."},
      {"appeal_route_nl", "Beroep bij de arbeidsrechtbank van Gent, per aangetekende brief."},
      {"appeal_route_fr", "Recours auprès du tribunal du travail de Gand, par recommandé."},
      {"appeal_route_en", "Appeal to the labour court of Ghent, by registered letter."},
      {"appeal_amount", "45"},
      {"appeal_unit", "days"}};
  for (auto& [name, value] : change) fields[name] = value;
  return http::Fields(fields.begin(), fields.end());
}

TEST_F(LetterPagesTest, AdministratorsSetWhatTheLettersSay) {
  auto admin = demo_->signed_in("admin");
  auto page = admin.get("/admin/process");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, "action=\"/admin/process/parking_card/letter\""));
  EXPECT_TRUE(has(page.body, "Ministerieel besluit van 7 mei 1999"));  // the demo's

  const std::string target = "/admin/process/elderly_assistance/letter";
  auto stored = [&] {
    return db()
        ->acquire()
        ->query(
            "SELECT l.legal_basis_en, l.appeal_amount, l.appeal_unit FROM "
            "request_type_letters l JOIN request_types t ON t.id = l.request_type_id WHERE "
            "t.code = 'elderly_assistance'")
        .rows.at(0)
        .text(0);
  };
  auto before = stored();
  // Each bad field: 422, the field named next to its input, nothing saved.
  const std::vector<std::pair<std::map<std::string, std::string>, std::string>> bad = {
      {{{"legal_basis_fr", "  "}}, "legal_basis_fr"},
      {{{"appeal_route_en", ""}}, "appeal_route_en"},
      {{{"legal_basis_en", std::string(1001, 'x')}}, "legal_basis_en"},
      {{{"appeal_route_nl", std::string(1001, 'x')}}, "appeal_route_nl"},
      {{{"appeal_amount", "0"}}, "appeal_amount"},
      {{{"appeal_amount", "366"}}, "appeal_amount"},
      {{{"appeal_amount", "25"}, {"appeal_unit", "months"}}, "appeal_amount"},
      {{{"appeal_amount", "three"}}, "appeal_amount"},
      {{{"appeal_unit", "weeks"}}, "appeal_unit"},
  };
  for (auto& [change, field] : bad) {
    SCOPED_TRACE(field);
    auto r = admin.post(target, terms(change));
    EXPECT_EQ(r.status, 422);
    EXPECT_TRUE(has(r.body, "id=\"letter-elderly_assistance-" + field + "-error\"")) << r.body;
    EXPECT_EQ(stored(), before);
  }
  // Someone else, or no CSRF token, or an unknown type: refused.
  auto coworker = demo_->signed_in("coworker");
  EXPECT_EQ(coworker.post(target, terms()).status, 403);
  EXPECT_EQ(admin.post(target, terms(), "").status, 403);
  EXPECT_EQ(admin.post("/admin/process/no_such_type/letter", terms()).status, 404);
  EXPECT_EQ(stored(), before);

  // Saved: audited, on the page, and in the next letter.
  auto saved = admin.post(target, terms());
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(stored(), "Royal decree of 1 January 2027 on the parking card.");
  EXPECT_EQ(number("SELECT count(*) FROM audit_log WHERE actor = 'user:admin' AND action = "
                   "'casework.letter_terms' AND subject = 'request_type:elderly_assistance'",
                   {}),
            1);
  auto d = decided("elderly_assistance", "en", "granted",
                   "Walking is hard for you, the doctor found.", november_30_2300_utc);
  auto text = pdf_text(Visitor(demo_->port()).get(d.link + "/letter.pdf").body);
  EXPECT_TRUE(has(text, "Royal decree of 1 January 2027 on the parking card.")) << text;
  EXPECT_TRUE(has(text, "Appeal to the labour court of Ghent, by registered letter.")) << text;
  // 1 December + 45 days.
  EXPECT_TRUE(has(text, "filed by 15 January 2027 at the latest (45 days after")) << text;
}

}  // namespace
}  // namespace ploeg::test
