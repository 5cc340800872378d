// Import and export on both backends: exports are byte-for-byte stable and
// import back unchanged (into the same database and into an emptied one);
// every kind of bad input is reported with its line and column and leaves
// the database untouched.
#include "organisation/exchange.hpp"

#include <gtest/gtest.h>

#include "core/csv.hpp"

#include <algorithm>
#include <map>

#include "app/platform.hpp"
#include "audit/audit.hpp"
#include "organisation/canonical.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/directory.hpp"
#include "organisation/exchange_routes.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"
#include "web/site.hpp"

namespace ploeg::organisation {
namespace {

using exchange::InputFile;
using exchange::Problem;

class ExchangeTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    auto o = generate_demo(300, 1);
    db_->transaction([&](store::Connection& c) {
      sql::save(c, o);
      directory::reindex_people(c);
    });
    demo_ = load();
  }

  Organisation load() {
    return db_->transaction([](store::Connection& c) { return sql::load(c); });
  }
  std::string snapshot() { return to_text(load()); }

  exchange::ImportResult import(std::vector<InputFile> files, bool dry_run = false) {
    exchange::ImportOptions options;
    options.dry_run = dry_run;
    options.actor = "test";
    return exchange::import_files(*db_, files, options);
  }

  // Imports files that must be refused: nothing may be written, not even an
  // audit entry. Returns the problems.
  std::vector<Problem> refused(std::vector<InputFile> files) {
    auto before = snapshot();
    auto audits = count("audit_log");
    auto result = import(std::move(files));
    EXPECT_FALSE(result.ok());
    EXPECT_FALSE(result.written);
    EXPECT_EQ(snapshot(), before) << "a refused import wrote something";
    EXPECT_EQ(count("audit_log"), audits);
    return result.problems;
  }

  // The person line of `p` with `changes` applied ("column" -> value).
  static std::string person_line(const Person& p, std::map<std::string, std::string> changes = {}) {
    Organisation one;
    one.people = {p};
    auto csv = exchange::people_csv(one);
    auto line = csv.substr(csv.find("\r\n") + 2);
    if (changes.empty()) return line;
    static const std::vector<std::string> columns = {"email",     "name",          "languages",
                                                     "fte",       "home_postcode", "competences",
                                                     "expertise", "ask_me_about"};
    std::vector<std::string> values;
    values.push_back(p.email);
    values.push_back(p.name);
    std::string languages;
    for (auto& l : p.languages) languages += (languages.empty() ? "" : ";") + l;
    values.push_back(languages);
    values.push_back(exchange::fte_decimal(p.fte_permille));
    values.push_back(p.home_postcode);
    std::string competences;
    for (auto& c : p.competences) {
      competences += (competences.empty() ? "" : ";") + c.code + ":" + std::to_string(c.level);
    }
    values.push_back(competences);
    std::string tags;
    for (auto& t : p.expertise) tags += (tags.empty() ? "" : ";") + t;
    values.push_back(tags);
    values.push_back(p.ask_me_about);
    for (auto& [column, value] : changes) {
      values[std::find(columns.begin(), columns.end(), column) - columns.begin()] = value;
    }
    std::string out;
    for (auto& v : values) out += (out.empty() ? "" : ",") + std::string("\"") + v + "\"";
    return out + "\n";
  }

  const std::string people_header =
      "email,name,languages,fte,home_postcode,competences,expertise,ask_me_about\n";
  const std::string teams_header =
      "code,name,kind,region,min_size,max_size,required,coach,vision,values\n";

  Person new_person(const std::string& email) const {
    Person p;
    p.email = email;
    p.name = "New Person";
    p.languages = {"nl"};
    p.fte_permille = 800;
    p.home_postcode = demo_.regions[0].postcodes[0];
    p.competences = {{demo_.competences[0].code, 2}};
    p.expertise = {"zebra crossings"};
    return p;
  }

  static std::string describe_all(const std::vector<Problem>& problems) {
    std::string all;
    for (auto& p : problems) all += "\n  " + exchange::describe(p);
    return all;
  }

  static void expect_problem(const std::vector<Problem>& problems, const std::string& file,
                             std::size_t line, const std::string& column,
                             const std::string& words) {
    for (auto& p : problems) {
      if (p.file == file && p.line == line && p.column == column &&
          p.message.find(words) != std::string::npos) {
        return;
      }
    }
    ADD_FAILURE() << "no problem " << file << ":" << line << " column " << column << " saying \""
                  << words << "\" among:" << describe_all(problems);
  }

  Organisation demo_;
};

TEST_P(ExchangeTest, TheSameOrganisationExportsTheSameBytes) {
  auto generated = generate_demo(300, 1);
  sort_canonically(generated);
  EXPECT_EQ(exchange::people_csv(demo_), exchange::people_csv(generated));
  EXPECT_EQ(exchange::teams_csv(demo_), exchange::teams_csv(generated));
  EXPECT_EQ(exchange::memberships_csv(demo_), exchange::memberships_csv(generated));
  EXPECT_EQ(exchange::to_json(demo_), exchange::to_json(generated));
  EXPECT_EQ(exchange::fte_decimal(800), "0.8");
  EXPECT_EQ(exchange::fte_decimal(1000), "1");
  EXPECT_EQ(exchange::fte_decimal(125), "0.125");
  EXPECT_EQ(exchange::fte_decimal(50), "0.05");
}

TEST_P(ExchangeTest, AnExportImportedBackChangesNothingAndSaysSo) {
  auto before = snapshot();
  std::string unchanged = "people: 0 added, 0 changed, 300 unchanged; teams: 0 added, 0 changed, " +
                          std::to_string(demo_.teams.size()) +
                          " unchanged; memberships: 0 added, 0 changed, " +
                          std::to_string(demo_.memberships.size()) + " unchanged";
  auto csv = import({{"teams.csv", exchange::teams_csv(demo_)},
                     {"people.csv", exchange::people_csv(demo_)},
                     {"memberships.csv", exchange::memberships_csv(demo_)}});
  ASSERT_TRUE(csv.ok()) << exchange::describe(csv.problems[0]);
  EXPECT_EQ(csv.summary(), unchanged);
  // With the names, in three languages, of every competence, region, role and team.
  std::size_t names = 0;
  for (auto& x : demo_.competences) names += x.names.size();
  for (auto& x : demo_.regions) names += x.names.size();
  for (auto& x : demo_.roles) names += x.names.size();
  for (auto& x : demo_.teams) names += x.names.size();
  EXPECT_EQ(names, 3 * (demo_.competences.size() + demo_.regions.size() + demo_.roles.size() +
                        demo_.teams.size()));
  unchanged += "; names: 0 added, 0 changed, " + std::to_string(names) + " unchanged";
  auto with_names = import({{"names.csv", exchange::names_csv(demo_)}});
  ASSERT_TRUE(with_names.ok()) << exchange::describe(with_names.problems[0]);
  EXPECT_EQ(with_names.names, (exchange::Counts{0, 0, names}));
  auto json = import({{"organisation.json", exchange::to_json(demo_)}});
  ASSERT_TRUE(json.ok()) << exchange::describe(json.problems[0]);
  EXPECT_EQ(json.summary(), unchanged);
  EXPECT_EQ(snapshot(), before);
  auto entries = audit::recent(*db_, 1);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].event.action, "organisation.import");
  EXPECT_EQ(entries[0].event.actor, "test");
  EXPECT_EQ(entries[0].event.detail, unchanged);
}

TEST_P(ExchangeTest, AnExportIntoAnEmptiedDatabaseReproducesItself) {
  for (bool as_json : {false, true}) {
    auto people = exchange::people_csv(demo_), teams = exchange::teams_csv(demo_),
         memberships = exchange::memberships_csv(demo_), json = exchange::to_json(demo_);
    // The same catalogue, no people, teams or memberships.
    for (const char* table :
         {"role_assignments", "memberships", "team_requirements", "teams", "person_languages",
          "person_competences", "person_expertise", "people"}) {
      query(std::string("DELETE FROM ") + table);
    }
    auto result =
        as_json
            ? import({{"organisation.json", json}})
            : import(
                  {{"memberships.csv", memberships}, {"people.csv", people}, {"teams.csv", teams}});
    ASSERT_TRUE(result.ok()) << exchange::describe(result.problems[0]);
    EXPECT_EQ(result.people.added, 300u);
    EXPECT_EQ(result.memberships.added, demo_.memberships.size());
    auto again = load();
    EXPECT_EQ(exchange::people_csv(again), people);
    EXPECT_EQ(exchange::teams_csv(again), teams);
    EXPECT_EQ(exchange::memberships_csv(again), memberships);
    EXPECT_EQ(exchange::to_json(again), json);
  }
  // The search index was rebuilt with them.
  auto lease = db_->acquire();
  EXPECT_EQ(directory::search(*lease, "", 1).total, 300);
}

// A cell a spreadsheet would run as a formula leaves neutralised and comes
// back as it was.
TEST_P(ExchangeTest, FormulaCellsAreNeutralisedAndImportBackUnchanged) {
  auto changed = demo_;
  changed.people[0].name = "=HYPERLINK(\"http://evil.example\",\"x\")";
  changed.people[1].ask_me_about = "+1 and -2";
  changed.people[2].name = "@SUM(A1)";
  auto people = exchange::people_csv(changed);
  EXPECT_NE(people.find(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\","),
            std::string::npos);
  EXPECT_NE(people.find(",'@SUM(A1),"), std::string::npos);
  EXPECT_EQ(people.find(",=HYPERLINK"), std::string::npos);
  auto result = import({{"people.csv", people}});
  ASSERT_TRUE(result.ok()) << exchange::describe(result.problems[0]);
  EXPECT_EQ(result.people.changed, 3u);
  auto again = load();
  EXPECT_EQ(exchange::people_csv(again), people);
  auto stored = std::find_if(again.people.begin(), again.people.end(),
                             [&](const Person& p) { return p.email == changed.people[0].email; });
  ASSERT_NE(stored, again.people.end());
  EXPECT_EQ(stored->name, changed.people[0].name);
}

TEST_P(ExchangeTest, CoworkersExportsNamePeopleWithoutTheirPersonalData) {
  auto people = exchange::people_csv(demo_, exchange::Audience::coworker);
  auto memberships = exchange::memberships_csv(demo_, exchange::Audience::coworker);
  auto teams = exchange::teams_csv(demo_, exchange::Audience::coworker);
  for (const auto& person : demo_.people) {
    EXPECT_EQ(people.find(person.email), std::string::npos);
    EXPECT_EQ(memberships.find(person.email), std::string::npos);
    EXPECT_EQ(teams.find(person.email), std::string::npos);
    if (!person.home_postcode.empty()) {
      EXPECT_EQ(people.find("," + person.home_postcode + ","), std::string::npos);
    }
  }
  EXPECT_NE(people.find(demo_.people[0].name), std::string::npos);
  // Each membership names its person.
  const auto& first = demo_.memberships.at(0);
  auto person = std::find_if(demo_.people.begin(), demo_.people.end(),
                             [&](const Person& p) { return p.email == first.person; });
  ASSERT_NE(person, demo_.people.end());
  EXPECT_NE(memberships.find(csv::spreadsheet_row({person->name, first.team})), std::string::npos);
}

TEST_P(ExchangeTest, NamesAreImportedForTheOrganisationsThingsAndExportedBack) {
  auto team = demo_.teams[0].code;
  std::string names =
      "kind,code,language,name\r\n"
      "competence,social_work,nl, Sociaal werk \r\n"
      "team," +
      team +
      ",fr,Équipe du Nord\r\n"
      "role,quality,en,Quality\r\n";  // as it is
  auto result = import({{"names.csv", names}});
  ASSERT_TRUE(result.ok()) << exchange::describe(result.problems[0]);
  EXPECT_EQ(result.names, (exchange::Counts{0, 2, 1}));
  EXPECT_EQ(result.people, (exchange::Counts{0, 0, 0}));
  auto loaded = load();
  auto social = std::find_if(loaded.competences.begin(), loaded.competences.end(),
                             [](const Competence& c) { return c.code == "social_work"; });
  ASSERT_NE(social, loaded.competences.end());
  EXPECT_EQ(social->names.at("nl"), "Sociaal werk");
  EXPECT_EQ(social->names.at("fr"), "Travail social");  // the other languages stay
  EXPECT_NE(exchange::names_csv(loaded).find("team," + team + ",fr,Équipe du Nord\r\n"),
            std::string::npos);
  EXPECT_NE(exchange::to_json(loaded).find(
                "{\"kind\":\"competence\",\"code\":\"social_work\",\"language\":\"nl\","
                "\"name\":\"Sociaal werk\"}"),
            std::string::npos);
  // The directory finds people by the new name.
  EXPECT_GT(directory::search(*db_->acquire(), "sociaal", 1).total, 0);

  // The JSON document carries them too.
  auto json = import({{"org.json", R"js({"format":"ploeg-organisation","version":1,"names":[
    {"kind":"region","code":"gent","language":"en","name":"Ghent (East Flanders)"}]})js"}});
  ASSERT_TRUE(json.ok()) << exchange::describe(json.problems[0]);
  EXPECT_EQ(json.names, (exchange::Counts{0, 1, 0}));
}

TEST_P(ExchangeTest, BadNamesAreRefusedWithTheirLineAndNothingIsWritten) {
  auto before = snapshot();
  auto names_before = exchange::names_csv(load());
  std::string names =
      "kind,code,language,name\r\n"
      "competence,social_work,de,Sozialarbeit\r\n"  // line 2
      "person,social_work,nl,Iemand\r\n"            // line 3
      "competence,no_such_code,nl,Niets\r\n"        // line 4
      "region,gent,fr,\r\n"                         // line 5
      "role,quality,nl,Kwaliteit\r\n"               // line 6
      "role,quality,nl,Kwaliteitszorg\r\n"          // line 7
      "team," +
      demo_.teams[0].code + ",nl," + std::string(201, 'x') + "\r\n";
  auto result = import({{"names.csv", names}});
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(result.written);
  expect_problem(result.problems, "names.csv", 2, "language", "unknown language \"de\"");
  expect_problem(result.problems, "names.csv", 3, "kind", "unknown kind \"person\"");
  expect_problem(result.problems, "names.csv", 4, "code", "unknown competence \"no_such_code\"");
  expect_problem(result.problems, "names.csv", 5, "name", "the name is empty");
  expect_problem(result.problems, "names.csv", 7, "name", "keep one");
  expect_problem(result.problems, "names.csv", 8, "name", "longer than 200 characters");
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(exchange::names_csv(load()), names_before);
  auto json = import({{"org.json", R"({"format":"ploeg-organisation","version":1,"names":[
    {"kind":"role","code":"quality","language":"nl","name":"Kwaliteit","extra":1}]})"}});
  expect_problem(json.problems, "org.json", 0, "names[0].extra", "unknown field");
}

TEST_P(ExchangeTest, AddsAndUpdatesAcrossFilesInOneImport) {
  auto team = demo_.teams[0];
  auto existing = demo_.people[5];
  auto fresh = new_person("New.Comer@Demo.Ploeg.Example");
  std::string people = people_header + person_line(fresh) +
                       person_line(existing, {{"name", "Renamed Person"},
                                              {"competences", demo_.competences[1].code},
                                              {"expertise", "x;y"}});
  std::string teams = teams_header + "new-team,The New Team,working_group,,1,5," +
                      demo_.competences[0].code + "=1,new.comer@demo.ploeg.example,Vision,\n";
  std::string memberships =
      "team,email,share_percent\r\nnew-team,new.comer@demo.ploeg.example,20\r\n";

  auto dry = import({{"m.csv", memberships}, {"p.csv", people}, {"t.csv", teams}}, true);
  ASSERT_TRUE(dry.ok()) << exchange::describe(dry.problems[0]);
  EXPECT_FALSE(dry.written);
  EXPECT_FALSE(sql::find_person(*db_->acquire(), "new.comer@demo.ploeg.example").has_value());

  auto result = import({{"m.csv", memberships}, {"p.csv", people}, {"t.csv", teams}});
  ASSERT_TRUE(result.ok()) << exchange::describe(result.problems[0]);
  EXPECT_TRUE(result.written);
  EXPECT_EQ(result.people, (exchange::Counts{1, 1, 0}));
  EXPECT_EQ(result.teams, (exchange::Counts{1, 0, 0}));
  EXPECT_EQ(result.memberships, (exchange::Counts{1, 0, 0}));
  EXPECT_EQ(dry.summary(), result.summary());

  auto lease = db_->acquire();
  auto added = sql::find_person(*lease, "new.comer@demo.ploeg.example");
  ASSERT_TRUE(added.has_value());
  fresh.email = "new.comer@demo.ploeg.example";
  EXPECT_TRUE(*added == fresh);
  auto updated = sql::find_person(*lease, existing.email);
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->name, "Renamed Person");
  EXPECT_EQ(updated->competences, (std::vector<PersonCompetence>{{demo_.competences[1].code, 1}}));
  EXPECT_EQ(updated->expertise, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(updated->languages, existing.languages);
  auto o = sql::load(*lease);
  auto t =
      std::find_if(o.teams.begin(), o.teams.end(), [](auto& t) { return t.code == "new-team"; });
  ASSERT_NE(t, o.teams.end());
  EXPECT_EQ(t->coach.value_or(""), "new.comer@demo.ploeg.example");
  EXPECT_FALSE(t->region.has_value());
  EXPECT_EQ(o.people.size(), 301u);
  EXPECT_EQ(directory::search(*lease, "zebra", 1).total, 1);  // reindexed
  EXPECT_EQ(directory::search(*lease, "Renamed", 1).total, 1);
  (void)team;
}

TEST_P(ExchangeTest, AFileWithoutOptionalColumnsKeepsTheirStoredValues) {
  auto p = demo_.people[7];
  auto result = import({{"p.csv", "email,name,fte,home_postcode\n" + p.email + ",Other Name,0.5," +
                                      p.home_postcode + "\n"}});
  ASSERT_TRUE(result.ok()) << exchange::describe(result.problems[0]);
  auto stored = sql::find_person(*db_->acquire(), p.email);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->name, "Other Name");
  EXPECT_EQ(stored->fte_permille, 500);
  EXPECT_EQ(stored->competences, p.competences);
  EXPECT_EQ(stored->expertise, p.expertise);
}

TEST_P(ExchangeTest, EveryProblemOfAPeopleFileIsReportedWithItsLineAndColumn) {
  auto other = demo_.people[1];
  auto problems = refused(
      {{"people.csv",
        people_header + person_line(new_person("ok@demo.ploeg.example")) +                   // 2
            person_line(new_person("a@demo.ploeg.example"), {{"competences", "intak:2"}}) +  // 3
            person_line(new_person("b@demo.ploeg.example"), {{"home_postcode", "0001"}}) +   // 4
            person_line(new_person("not-an-email")) +                                        // 5
            person_line(new_person("c@demo.ploeg.example"), {{"fte", "1.5"}}) +              // 6
            person_line(new_person("d@demo.ploeg.example"),
                        {{"competences", demo_.competences[0].code + ":4"}}) +           // 7
            person_line(new_person("e@demo.ploeg.example"), {{"name", ""}}) +            // 8
            person_line(new_person("OK@demo.ploeg.example")) +                           // 9
            person_line(new_person("f@demo.ploeg.example"), {{"languages", "nl;xx"}}) +  // 10
            person_line(new_person("g@demo.ploeg.example"), {{"fte", "abc"}}) +          // 11
            "\"h@demo.ploeg.example\",\"multi\nline name\",nl,1,0001,,,\n" +             // 12-13
            person_line(other, {{"fte", "0"}})}});                                       // 14
  expect_problem(problems, "people.csv", 3, "competences", "unknown competence \"intak\"");
  expect_problem(problems, "people.csv", 4, "home_postcode", "0001 is in no region");
  expect_problem(problems, "people.csv", 5, "email", "not an e-mail address");
  expect_problem(problems, "people.csv", 6, "fte", "out of range");
  expect_problem(problems, "people.csv", 7, "competences", "level");
  expect_problem(problems, "people.csv", 8, "name", "name is empty");
  expect_problem(problems, "people.csv", 9, "email", "people.csv line 2 and on people.csv line 9");
  expect_problem(problems, "people.csv", 10, "languages", "unknown language \"xx\"");
  expect_problem(problems, "people.csv", 11, "fte", "not a number");
  expect_problem(problems, "people.csv", 12, "home_postcode", "0001");
  expect_problem(problems, "people.csv", 14, "fte", "out of range");
  EXPECT_EQ(problems.size(), 11u) << describe_all(problems);
  for (auto& p : problems) EXPECT_NE(p.line, 2u) << exchange::describe(p);
}

TEST_P(ExchangeTest, DuplicateEmailsAcrossFilesNameBothLines) {
  auto problems =
      refused({{"a.csv", people_header + person_line(new_person("x@demo.ploeg.example"))},
               {"b.csv", people_header + "\n" + person_line(new_person("X@Demo.Ploeg.Example"))}});
  ASSERT_EQ(problems.size(), 1u);
  expect_problem(problems, "b.csv", 3, "email", "a.csv line 2 and on b.csv line 3");
}

TEST_P(ExchangeTest, TeamProblemsAreReportedWithTheirLineAndColumn) {
  auto code = demo_.teams[0].code;
  auto problems = refused(
      {{"teams.csv", teams_header + "t1,Team One,regional,nowhere,1,5,,,,\n" +  // 2 region
                         "t2,Team Two,working_group,,1,5,,nobody@demo.ploeg.example,,\n" +  // 3
                         "t3,Team Three,department,,1,5,,,,\n" +                            // 4
                         "t4,Team Four,support,,9,5,,,,\n" +                                // 5
                         "t5,Team Five,support,,1,5,cooking=2,,,\n" +                       // 6
                         "t1,Team One Again,support,,1,5,,,,\n" +                           // 7
                         ",,support,,1,5,,,,\n" +                                           // 8
                         "t6,Team Six,support,,x,5,,,,\n"}});                               // 9
  expect_problem(problems, "teams.csv", 2, "region", "unknown region \"nowhere\"");
  expect_problem(problems, "teams.csv", 3, "coach", "nobody@demo.ploeg.example");
  expect_problem(problems, "teams.csv", 4, "kind", "unknown kind \"department\"");
  expect_problem(problems, "teams.csv", 5, "min_size", "min_size 9 is above max_size 5");
  expect_problem(problems, "teams.csv", 6, "required", "unknown competence \"cooking\"");
  expect_problem(problems, "teams.csv", 7, "code", "teams.csv line 2 and on teams.csv line 7");
  expect_problem(problems, "teams.csv", 8, "code", "code is empty");
  expect_problem(problems, "teams.csv", 8, "name", "name is empty");
  expect_problem(problems, "teams.csv", 9, "min_size", "whole number");
  EXPECT_EQ(problems.size(), 9u) << describe_all(problems);
  (void)code;
}

TEST_P(ExchangeTest, MembershipProblemsIncludingSizesAndShares) {
  // A regional team filled to its maximum and one more.
  auto team = std::find_if(demo_.teams.begin(), demo_.teams.end(),
                           [](auto& t) { return t.kind == "regional"; });
  ASSERT_NE(team, demo_.teams.end());
  int members = static_cast<int>(std::count_if(demo_.memberships.begin(), demo_.memberships.end(),
                                               [&](auto& m) { return m.team == team->code; }));
  std::string people = people_header;
  std::string memberships = "email,team,share_percent\n";
  int extra = team->max_size - members + 1;
  for (int i = 0; i < extra; ++i) {
    auto email = "extra" + std::to_string(i) + "@demo.ploeg.example";
    people += person_line(new_person(email));
    memberships += email + "," + team->code + ",50\n";
  }
  std::size_t line = static_cast<std::size_t>(extra) + 2;
  // Someone already working 100% joins another team for 50%.
  auto busy = std::find_if(demo_.people.begin(), demo_.people.end(), [&](auto& p) {
    int total = 0;
    for (auto& m : demo_.memberships) total += m.person == p.email ? m.share_percent : 0;
    return total == 100;
  });
  ASSERT_NE(busy, demo_.people.end());
  auto other_team = std::find_if(demo_.teams.begin(), demo_.teams.end(), [&](auto& t) {
    auto size = std::count_if(demo_.memberships.begin(), demo_.memberships.end(),
                              [&](auto& m) { return m.team == t.code; });
    return std::none_of(demo_.memberships.begin(), demo_.memberships.end(),
                        [&](auto& m) { return m.person == busy->email && m.team == t.code; }) &&
           t.code != team->code && size < t.max_size;
  });
  ASSERT_NE(other_team, demo_.teams.end());
  memberships += busy->email + "," + other_team->code + ",50\n";            // line
  memberships += "extra0@demo.ploeg.example,no-such-team,10\n";             // line + 1
  memberships += "ghost@demo.ploeg.example," + team->code + ",10\n";        // line + 2
  memberships += "extra0@demo.ploeg.example," + other_team->code + ",0\n";  // line + 3
  memberships += "extra0@demo.ploeg.example," + team->code + ",10\n";       // line + 4
  auto problems = refused({{"people.csv", people}, {"memberships.csv", memberships}});
  expect_problem(problems, "memberships.csv", 2, "team",
                 "team " + team->code + " would have " + std::to_string(team->max_size + 1) +
                     " members, above its maximum of " + std::to_string(team->max_size));
  expect_problem(problems, "memberships.csv", line, "share_percent",
                 "person " + busy->email + " would work 150%");
  expect_problem(problems, "memberships.csv", line + 1, "team", "unknown team \"no-such-team\"");
  expect_problem(problems, "memberships.csv", line + 2, "email",
                 "unknown person ghost@demo.ploeg.example");
  expect_problem(problems, "memberships.csv", line + 3, "share_percent", "from 1 to 100");
  expect_problem(problems, "memberships.csv", line + 4, "team", "listed twice");
  EXPECT_EQ(problems.size(), 6u) << describe_all(problems);
}

TEST_P(ExchangeTest, LoweringATeamsMaximumBelowItsMembersIsRefused) {
  auto team = *std::find_if(demo_.teams.begin(), demo_.teams.end(),
                            [](auto& t) { return t.kind == "regional"; });
  Organisation one;
  team.max_size = 1;
  team.min_size = 0;
  one.teams = {team};
  auto problems = refused({{"teams.csv", exchange::teams_csv(one)}});
  ASSERT_EQ(problems.size(), 1u);
  expect_problem(problems, "teams.csv", 2, "max_size", "above its maximum of 1");
}

TEST_P(ExchangeTest, FileLevelProblems) {
  auto unknown =
      refused({{"p.csv", "email,name,fte,home_postcode,shoe_size\nx@y.be,X,1,1000,44\n"}});
  ASSERT_EQ(unknown.size(), 1u);
  expect_problem(unknown, "p.csv", 1, "shoe_size", "unknown column \"shoe_size\"");

  auto missing = refused({{"p.csv", "email,name,languages\nx@y.be,X,nl\n"}});
  expect_problem(missing, "p.csv", 1, "fte", "required column fte is missing");
  expect_problem(missing, "p.csv", 1, "home_postcode", "required column home_postcode");

  auto unknown_kind = refused({{"x.csv", "what,is,this\n1,2,3\n"}});
  expect_problem(unknown_kind, "x.csv", 1, "", "cannot tell what the file holds");

  auto fields = refused({{"m.csv", "email,team,share_percent\nx@y.be,t1\n"}});
  expect_problem(fields, "m.csv", 2, "", "2 fields where the header has 3");

  auto utf8 = refused({{"p.csv", people_header + person_line(new_person("q@demo.ploeg.example"),
                                                             {{"name", "Bad \xC3\x28 Name"}})}});
  expect_problem(utf8, "p.csv", 2, "", "invalid UTF-8");

  auto quote = refused({{"p.csv", people_header + "\"x@y.be,X\n"}});
  expect_problem(quote, "p.csv", 2, "", "never closed");

  // A BOM and CRLF line ends are fine.
  auto bom = import({{"p.csv",
                      "\xEF\xBB\xBF"
                      "email,name,fte,home_postcode\r\n" +
                          demo_.people[0].email + "," + demo_.people[0].name + "," +
                          exchange::fte_decimal(demo_.people[0].fte_permille) + "," +
                          demo_.people[0].home_postcode + "\r\n"}},
                    true);
  EXPECT_TRUE(bom.ok()) << (bom.ok() ? "" : exchange::describe(bom.problems[0]));
  EXPECT_EQ(bom.people, (exchange::Counts{0, 0, 1}));
}

TEST_P(ExchangeTest, JsonProblemsNameTheirPath) {
  auto problems = refused({{"org.json",
                            R"({"format":"ploeg-organisation","version":1,
"people":[{"email":"ok@demo.ploeg.example","name":"A","fte":0.8,"home_postcode":")" +
                                demo_.regions[0].postcodes[0] + R"("},
 {"email":"bad","name":"B","fte":"x","home_postcode":"0001","colour":"red",
  "competences":[{"code":"intake","level":7}],"expertise":["a;b"]}],
"teams":[{"code":"t","name":"T","kind":"regional","min_size":"three","max_size":5,
  "required":{"nothing":1}}],
"memberships":[{"email":"ok@demo.ploeg.example","team":"nope","share_percent":10}],
"extra":[]})"}});
  expect_problem(problems, "org.json", 0, "people[1].email", "not an e-mail address");
  expect_problem(problems, "org.json", 0, "people[1].fte", "not a number");
  expect_problem(problems, "org.json", 0, "people[1].home_postcode", "in no region");
  expect_problem(problems, "org.json", 0, "people[1].colour", "unknown field");
  expect_problem(problems, "org.json", 0, "people[1].competences", "level");
  expect_problem(problems, "org.json", 0, "teams[0].min_size", "whole number");
  expect_problem(problems, "org.json", 0, "teams[0].required", "unknown competence \"nothing\"");
  expect_problem(problems, "org.json", 0, "memberships[0].team", "unknown team \"nope\"");
  expect_problem(problems, "org.json", 0, "extra", "unknown section");
  expect_problem(problems, "org.json", 0, "people[1].expertise", "holds a ';'");
  for (auto& p : problems) EXPECT_EQ(p.column.rfind("people[0]", 0), std::string::npos);

  auto syntax = refused({{"broken.json",
                          "{\"format\":\"ploeg-organisation\",\n\"version\":1,\n"
                          "\"people\":[\n{\"email\" \"x\"}]}"}});
  ASSERT_EQ(syntax.size(), 1u);
  EXPECT_EQ(syntax[0].line, 4u);
  EXPECT_EQ(exchange::describe(problems[0]).rfind("org.json: people[1].", 0), 0u)
      << exchange::describe(problems[0]);
}

// The page's handlers in process (the real server's wiring is tested in
// tests/organisation/server/exchange_server_test.cpp).
TEST_P(ExchangeTest, TheUploadPageChecksImportsAndOffersDownloads) {
  std::filesystem::path web = std::filesystem::path(PLOEG_SOURCE_DIR) / "web";
  web::Site site(web::Views(web / "templates"), web::Catalogue::load(web / "locales"), "ploeg",
                 [](http::Request&, const std::string&) { return true; });
  http::Router router;
  register_exchange_routes(router, *db_, site);
  auto call = [&](const std::string& method, const std::string& path, const std::string& body,
                  const std::string& type) {
    http::Request r;
    r.method = method;
    r.path = r.target = path;
    r.body = body;
    if (!type.empty()) r.headers.emplace("Content-Type", type);
    auto m = router.match(method, path);
    EXPECT_EQ(m.kind, http::Match::Kind::found) << path;
    r.path_params = m.params;
    auto& v = web::visitor(r);
    v.user_id = 1;
    v.username = "admin";
    v.role = "admin";
    v.csrf = "tok";
    return m.route->handler(r);
  };
  auto upload = [&](const std::string& name, const std::string& contents, bool check_only) {
    std::string b = "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n";
    b += "--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name +
         "\"\r\n\r\n" + contents + "\r\n";
    if (check_only) b += "--XyZ\r\nContent-Disposition: form-data; name=check_only\r\n\r\n1\r\n";
    return call("POST", "/organisation/import", b + "--XyZ--\r\n",
                "multipart/form-data; boundary=XyZ");
  };

  auto page = call("GET", "/organisation/import", "", "");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"_csrf\" value=\"tok\""), std::string::npos) << page.body;

  auto before = snapshot();
  auto bad = upload("people.csv", people_header + person_line(new_person("nope")), false);
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("<td>people.csv</td>"), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("<code>email</code>"), std::string::npos);
  EXPECT_EQ(snapshot(), before);

  auto good = people_header + person_line(new_person("web@demo.ploeg.example"));
  auto checked = upload("people.csv", good, true);
  EXPECT_EQ(checked.status, 200);
  EXPECT_EQ(snapshot(), before);
  auto imported = upload("people.csv", good, false);
  EXPECT_EQ(imported.status, 200) << imported.body;
  EXPECT_TRUE(sql::find_person(*db_->acquire(), "web@demo.ploeg.example").has_value());
  EXPECT_EQ(audit::recent(*db_, 1).at(0).event.actor, "user:admin");

  auto csv = call("GET", "/organisation/export/people.csv", "", "");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("Content-Disposition").value_or(""), "attachment; filename=\"people.csv\"");
  EXPECT_EQ(csv.body, exchange::people_csv(load()));
  auto json = call("GET", "/organisation/export.json", "", "");
  EXPECT_EQ(json.body, exchange::to_json(load()));
  EXPECT_EQ(call("GET", "/organisation/export/other.csv", "", "").status, 404);
}

PLOEG_INSTANTIATE_BACKENDS(ExchangeTest);

}  // namespace
}  // namespace ploeg::organisation
