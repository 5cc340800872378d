// Accounts from the web, the commands on both backends: only administrators
// act; every change is audited with who, what and which account; the last
// active administrator stays; disabling ends sessions at once; one-time
// links are stored as hashes, work once, expire, and an invitation creates
// the account linked to its person. And the audit viewer's reading.
#include <gtest/gtest.h>

#include "accounts/administration.hpp"
#include "accounts/commands.hpp"
#include "app/platform.hpp"
#include "audit/viewer.hpp"
#include "core/clock.hpp"
#include "store/backend.hpp"

namespace ploeg::accounts::administration {
namespace {

Actor acting(const std::string& username, const std::string& role, std::int64_t id = 1) {
  Actor a;
  a.name = "user:" + username;
  a.user_id = id;
  a.role = role;
  a.remote_address = "10.1.2.3";
  a.request_id = "req-1";
  return a;
}

const Actor admin = acting("boss", "admin");
const Actor coach = acting("cora", "coach", 2);
const Actor coworker = acting("an", "coworker", 3);

class AccountAdminTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    auto cli = command_line_actor();
    ASSERT_TRUE(create_user(*db_, {"boss", "Bo Ss", "admin", "correct horse battery"}, cli).ok());
    ASSERT_TRUE(create_user(*db_, {"cora", "Cora Coach", "coach", "correct horse battery"}, cli));
    ASSERT_TRUE(create_user(*db_, {"an", "An Peeters", "coworker", "correct horse battery"}, cli));
    query("INSERT INTO regions (code, name, office_address) VALUES ('r1', 'Region', 'Street 1')");
    query(
        "INSERT INTO region_postcodes (postcode, region_id) SELECT '1000', id FROM regions WHERE "
        "code = 'r1'");
    for (auto [email, name] : {std::pair{"els.janssens@example.org", "Els Janssens"},
                               std::pair{"jan.peeters@example.org", "Jan Peeters"}}) {
      query(
          "INSERT INTO people (email, name, fte_permille, home_postcode) VALUES ($1, $2, 1000, "
          "'1000')",
          {std::string(email), std::string(name)});
    }
  }
  std::int64_t audited(const std::string& action, const std::string& subject) {
    return query(
               "SELECT count(*) FROM audit_log WHERE action = $1 AND subject = $2 AND actor = "
               "'user:boss' AND remote_address = '10.1.2.3'",
               {action, subject})
        .rows.at(0)
        .integer(0);
  }
  std::int64_t person_id(const std::string& email) {
    return query("SELECT id FROM people WHERE email = $1", {email}).rows.at(0).integer(0);
  }
  std::string sign_in_token(const std::string& username, const std::string& password) {
    Actor from;
    from.name = "anonymous";
    from.remote_address = "10.9.9.9";
    auto s = sign_in(*db_, username, password, SessionPolicy{}, from);
    return s.answer == SignIn::Answer::signed_in ? s.session_token : "";
  }
};

TEST_P(AccountAdminTest, OnlyAdministratorsMayDoAnything) {
  for (const Actor* who : {&coach, &coworker}) {
    EXPECT_TRUE(list_accounts(*db_, *who, "", 0).is(Verdict::forbidden));
    EXPECT_TRUE(find_account(*db_, *who, "an").is(Verdict::forbidden));
    EXPECT_TRUE(
        create_account(*db_, *who, {"new.one", "New One", "coworker", ""}).is(Verdict::forbidden));
    EXPECT_TRUE(set_disabled(*db_, *who, "an", true).is(Verdict::forbidden));
    EXPECT_TRUE(change_role(*db_, *who, "an", "admin").is(Verdict::forbidden));
    EXPECT_TRUE(link_person(*db_, *who, "an", "jan.peeters@example.org").is(Verdict::forbidden));
    EXPECT_TRUE(start_reset(*db_, *who, "an").is(Verdict::forbidden));
    EXPECT_TRUE(end_sessions(*db_, *who, "an").is(Verdict::forbidden));
    EXPECT_TRUE(people_without_account(*db_, *who, "", 0).is(Verdict::forbidden));
    EXPECT_TRUE(invite(*db_, *who, person_id("jan.peeters@example.org"), "jan", "coworker")
                    .is(Verdict::forbidden));
    EXPECT_TRUE(audit::viewer::view(*db_, *who, {}, 10, 0).is(Verdict::forbidden));
    EXPECT_TRUE(audit::viewer::export_csv(*db_, *who, {}).is(Verdict::forbidden));
  }
  // Nothing changed, nothing made.
  EXPECT_EQ(count("users"), 3);
  EXPECT_EQ(count("account_links"), 0);
  EXPECT_EQ(query("SELECT role FROM users WHERE username = 'an'").rows[0].text(0), "coworker");
  EXPECT_EQ(
      query("SELECT count(*) FROM audit_log WHERE action LIKE 'account.%'").rows[0].integer(0), 0);
}

TEST_P(AccountAdminTest, ListsAndSearchesAccountsWithTheirPerson) {
  ASSERT_TRUE(link_person(*db_, admin, "an", "JAN.PEETERS@example.org "));
  auto all = list_accounts(*db_, admin, "", 0);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all.total, 3);
  ASSERT_EQ(all.accounts.size(), 3u);
  EXPECT_EQ(all.accounts[0].username, "an");
  EXPECT_EQ(all.accounts[0].person_name, "Jan Peeters");
  EXPECT_EQ(all.accounts[1].username, "boss");
  EXPECT_EQ(all.accounts[1].person_id, 0);
  auto found = list_accounts(*db_, admin, "COACH", 0);
  ASSERT_EQ(found.accounts.size(), 1u);
  EXPECT_EQ(found.accounts[0].username, "cora");
  // LIKE's own characters are searched for as themselves.
  EXPECT_EQ(list_accounts(*db_, admin, "%", 0).total, 0);
  EXPECT_EQ(list_accounts(*db_, admin, "_", 0).total, 0);
  EXPECT_TRUE(find_account(*db_, admin, "nobody").is(Verdict::not_found));
  // Text that is not UTF-8 never reaches the database (PostgreSQL refuses it).
  EXPECT_TRUE(find_account(*db_, admin, "\xff").is(Verdict::not_found));
  EXPECT_EQ(list_accounts(*db_, admin, "an\xff", 0).total, 0);
  EXPECT_EQ(people_without_account(*db_, admin, "\xc3", 0).total, 0);
  EXPECT_TRUE(link_person(*db_, admin, "an", "\xff@example.org").is(Verdict::invalid));
}

TEST_P(AccountAdminTest, CreatingGivesASetUpLinkStoredOnlyAsAHash) {
  auto refused = create_account(*db_, admin, {"Bad Name", "", "boss", "nobody@example.org"});
  EXPECT_TRUE(refused.is(Verdict::invalid));
  std::set<std::string> fields;
  for (auto& e : refused.errors) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"username", "display_name", "role"}));
  EXPECT_TRUE(create_account(*db_, admin, {"an", "Another", "coworker", ""}).is(Verdict::conflict));
  auto unknown_person = create_account(*db_, admin, {"els", "Els", "coworker", "x@example.org"});
  EXPECT_TRUE(unknown_person.is(Verdict::invalid));
  EXPECT_EQ(unknown_person.first_key(), "account_person_unknown");

  auto made =
      create_account(*db_, admin, {"els", "Els Janssens", "coach", "els.janssens@example.org"});
  ASSERT_TRUE(made.ok());
  EXPECT_GE(made.token.size(), 40u);
  EXPECT_EQ(made.expires_at, now_seconds() + link_seconds);
  auto stored = query("SELECT token_hash, purpose FROM account_links").rows;
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_NE(stored[0].text(0), made.token);
  EXPECT_EQ(stored[0].text(0).find(made.token), std::string::npos);
  EXPECT_EQ(stored[0].text(1), "reset");
  auto els = find_account(*db_, admin, "els").account;
  EXPECT_EQ(els.role, "coach");
  EXPECT_EQ(els.person_email, "els.janssens@example.org");
  EXPECT_EQ(audited("account.create", "user:els"), 1);
  // Nobody can sign in before the link is used.
  EXPECT_EQ(sign_in_token("els", "correct horse battery"), "");
  ASSERT_TRUE(use_link(*db_, made.token, "a brand new password", "a brand new password", {}).ok());
  EXPECT_NE(sign_in_token("els", "a brand new password"), "");
}

TEST_P(AccountAdminTest, DisablingEndsSessionsAndEnablingLetsBackIn) {
  auto token = sign_in_token("an", "correct horse battery");
  ASSERT_FALSE(token.empty());
  ASSERT_TRUE(find_session(*db_, token, SessionPolicy{}).has_value());
  ASSERT_TRUE(set_disabled(*db_, admin, "an", true).ok());
  EXPECT_FALSE(find_session(*db_, token, SessionPolicy{}).has_value());
  EXPECT_EQ(query("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE "
                  "u.username = 'an'")
                .rows[0]
                .integer(0),
            0);
  EXPECT_EQ(sign_in_token("an", "correct horse battery"), "");
  EXPECT_TRUE(find_account(*db_, admin, "an").account.disabled);
  EXPECT_TRUE(start_reset(*db_, admin, "an").is(Verdict::conflict));
  EXPECT_EQ(audited("account.disable", "user:an"), 1);
  ASSERT_TRUE(set_disabled(*db_, admin, "an", false).ok());
  EXPECT_NE(sign_in_token("an", "correct horse battery"), "");
  EXPECT_EQ(audited("account.enable", "user:an"), 1);
  EXPECT_TRUE(set_disabled(*db_, admin, "nobody", true).is(Verdict::not_found));
}

TEST_P(AccountAdminTest, TheLastActiveAdministratorStays) {
  auto disabled = set_disabled(*db_, admin, "boss", true);
  EXPECT_TRUE(disabled.is(Verdict::conflict));
  EXPECT_EQ(disabled.first_key(), "account_last_admin");
  auto demoted = change_role(*db_, admin, "boss", "coach");
  EXPECT_TRUE(demoted.is(Verdict::conflict));
  EXPECT_EQ(demoted.first_key(), "account_last_admin");
  EXPECT_EQ(find_account(*db_, admin, "boss").account.role, "admin");
  // With a second administrator, the first may step down.
  ASSERT_TRUE(change_role(*db_, admin, "cora", "admin").ok());
  EXPECT_EQ(audited("account.role", "user:cora"), 1);
  ASSERT_TRUE(change_role(*db_, admin, "boss", "coworker").ok());
  EXPECT_EQ(find_account(*db_, admin, "boss").account.role, "coworker");
  // A disabled administrator does not count as the other one.
  ASSERT_TRUE(change_role(*db_, admin, "an", "admin").ok());
  ASSERT_TRUE(set_disabled(*db_, admin, "an", true).ok());
  EXPECT_TRUE(set_disabled(*db_, admin, "cora", true).is(Verdict::conflict));
  EXPECT_TRUE(change_role(*db_, admin, "cora", "bogus").is(Verdict::invalid));
}

TEST_P(AccountAdminTest, SeveralChangesAtOnceAreAllOrNone) {
  // Cora becomes administrator and boss is switched off: but then Cora's link
  // is refused, so neither happens.
  AccountChange refused;
  refused.role = "admin";
  refused.person_email = "nobody@example.org";
  auto outcome = update_account(*db_, admin, "cora", refused);
  EXPECT_TRUE(outcome.is(Verdict::invalid));
  EXPECT_EQ(outcome.first_key(), "account_person_unknown");
  EXPECT_EQ(find_account(*db_, admin, "cora").account.role, "coach");
  EXPECT_EQ(
      query("SELECT count(*) FROM audit_log WHERE action = 'account.role'").rows[0].integer(0), 0);
  AccountChange fine;
  fine.role = "admin";
  fine.disabled = true;
  fine.person_email = "els.janssens@example.org";
  ASSERT_TRUE(update_account(*db_, admin, "cora", fine).ok());
  auto cora = find_account(*db_, admin, "cora").account;
  EXPECT_EQ(cora.role, "admin");
  EXPECT_TRUE(cora.disabled);
  EXPECT_EQ(cora.person_email, "els.janssens@example.org");
  EXPECT_TRUE(update_account(*db_, admin, "nobody", fine).is(Verdict::not_found));
  EXPECT_TRUE(update_account(*db_, coach, "cora", fine).is(Verdict::forbidden));
}

TEST_P(AccountAdminTest, LinkingToAPersonRefusesOneLinkedElsewhere) {
  ASSERT_TRUE(link_person(*db_, admin, "an", "jan.peeters@example.org").ok());
  EXPECT_EQ(audited("account.link", "user:an"), 1);
  auto taken = link_person(*db_, admin, "cora", "jan.peeters@example.org");
  EXPECT_TRUE(taken.is(Verdict::conflict));
  EXPECT_EQ(taken.first_key(), "account_person_taken");
  EXPECT_TRUE(link_person(*db_, admin, "cora", "who@example.org").is(Verdict::invalid));
  EXPECT_TRUE(link_person(*db_, admin, "cora", std::string(300, 'x')).is(Verdict::invalid));
  ASSERT_TRUE(link_person(*db_, admin, "an", "").ok());
  EXPECT_EQ(find_account(*db_, admin, "an").account.person_id, 0);
  EXPECT_EQ(audited("account.unlink", "user:an"), 1);
}

TEST_P(AccountAdminTest, AResetLinkWorksOnceAndEndsTheSessions) {
  auto token = sign_in_token("an", "correct horse battery");
  auto first = start_reset(*db_, admin, "an");
  auto second = start_reset(*db_, admin, "an");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(audited("account.reset.start", "user:an"), 2);
  // The newer link replaces the older.
  EXPECT_FALSE(check_link(*db_, first.token).has_value());
  auto purpose = check_link(*db_, second.token);
  ASSERT_TRUE(purpose.has_value());
  EXPECT_FALSE(purpose->invitation);
  EXPECT_EQ(purpose->username, "an");
  auto mismatch = use_link(*db_, second.token, "a brand new password", "another one", {});
  EXPECT_TRUE(mismatch.is(Verdict::invalid));
  EXPECT_TRUE(use_link(*db_, second.token, "short", "short", {}).is(Verdict::invalid));
  ASSERT_TRUE(use_link(*db_, second.token, "a brand new password", "a brand new password", {}));
  EXPECT_FALSE(find_session(*db_, token, SessionPolicy{}).has_value());
  EXPECT_EQ(query("SELECT count(*) FROM audit_log WHERE action = 'account.reset.finish' AND "
                  "actor = 'user:an'")
                .rows[0]
                .integer(0),
            1);
  EXPECT_TRUE(use_link(*db_, second.token, "yet another password", "yet another password", {})
                  .is(Verdict::not_found));
  EXPECT_EQ(sign_in_token("an", "correct horse battery"), "");
  EXPECT_NE(sign_in_token("an", "a brand new password"), "");
  EXPECT_TRUE(use_link(*db_, "", "a brand new password", "a brand new password", {})
                  .is(Verdict::not_found));
  EXPECT_TRUE(
      use_link(*db_, std::string(500, 'a'), "a brand new password", "a brand new password", {})
          .is(Verdict::not_found));
}

TEST_P(AccountAdminTest, ALinkExpiresAfterADay) {
  auto start = now_seconds();
  clock::set_now(start);
  auto reset = start_reset(*db_, admin, "an");
  clock::set_now(start + link_seconds - 1);
  EXPECT_TRUE(check_link(*db_, reset.token).has_value());
  clock::set_now(start + link_seconds);
  EXPECT_FALSE(check_link(*db_, reset.token).has_value());
  EXPECT_TRUE(use_link(*db_, reset.token, "a brand new password", "a brand new password", {})
                  .is(Verdict::not_found));
  clock::use_real_time();
}

TEST_P(AccountAdminTest, AnInvitationCreatesTheAccountLinkedToItsPerson) {
  auto people = people_without_account(*db_, admin, "", 0);
  ASSERT_TRUE(people.ok());
  ASSERT_EQ(people.total, 2);
  EXPECT_EQ(people.people[0].name, "Els Janssens");
  EXPECT_EQ(people.people[0].suggested_username, "els.janssens");
  EXPECT_EQ(people_without_account(*db_, admin, "peeters", 0).total, 1);

  auto jan = person_id("jan.peeters@example.org");
  EXPECT_TRUE(invite(*db_, admin, jan, "an", "coworker").is(Verdict::conflict));
  EXPECT_TRUE(invite(*db_, admin, jan, "Jan!", "coworker").is(Verdict::invalid));
  EXPECT_TRUE(invite(*db_, admin, 999999, "jan", "coworker").is(Verdict::not_found));
  auto invited = invite(*db_, admin, jan, "jan.peeters", "coach");
  ASSERT_TRUE(invited.ok());
  EXPECT_EQ(audited("account.invite", "user:jan.peeters"), 1);
  EXPECT_EQ(count("users"), 3);  // not before the link is used
  auto purpose = check_link(*db_, invited.token);
  ASSERT_TRUE(purpose.has_value());
  EXPECT_TRUE(purpose->invitation);
  EXPECT_EQ(purpose->display_name, "Jan Peeters");
  ASSERT_TRUE(use_link(*db_, invited.token, "jans own password", "jans own password", {}).ok());
  auto account = find_account(*db_, admin, "jan.peeters");
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account.account.role, "coach");
  EXPECT_EQ(account.account.display_name, "Jan Peeters");
  EXPECT_EQ(account.account.person_id, jan);
  EXPECT_NE(sign_in_token("jan.peeters", "jans own password"), "");
  EXPECT_EQ(people_without_account(*db_, admin, "", 0).total, 1);
  EXPECT_TRUE(invitee(*db_, admin, jan).is(Verdict::not_found));
  EXPECT_FALSE(check_link(*db_, invited.token).has_value());
}

TEST_P(AccountAdminTest, EndingSessionsSignsTheAccountOutEverywhere) {
  auto one = sign_in_token("an", "correct horse battery");
  auto two = sign_in_token("an", "correct horse battery");
  auto ended = end_sessions(*db_, admin, "an");
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended.ended, 2);
  EXPECT_FALSE(find_session(*db_, one, SessionPolicy{}).has_value());
  EXPECT_FALSE(find_session(*db_, two, SessionPolicy{}).has_value());
  EXPECT_EQ(audited("account.sessions.end", "user:an"), 1);
}

TEST_P(AccountAdminTest, TheAuditViewerFiltersPagesAndIsAuditedItself) {
  ASSERT_TRUE(change_role(*db_, admin, "an", "coach"));
  ASSERT_TRUE(set_disabled(*db_, admin, "cora", true));
  auto found = audit::viewer::view(*db_, admin, {"", "ACCOUNT.", "user:an", "", ""}, 10, 0);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found.total, 1);
  EXPECT_EQ(found.entries[0].event.action, "account.role");
  EXPECT_EQ(found.entries[0].event.detail, "coworker -> coach");
  // Looking was recorded, with the filter.
  auto looked = query("SELECT actor, detail FROM audit_log WHERE action = 'audit.view'").rows;
  ASSERT_EQ(looked.size(), 1u);
  EXPECT_EQ(looked[0].text(0), "user:boss");
  EXPECT_NE(looked[0].text(1).find("subject=user:an"), std::string::npos);
  // Newest first, a page at a time.
  auto page = audit::viewer::view(*db_, admin, {"user:boss", "", "", "", ""}, 2, 0);
  ASSERT_EQ(page.entries.size(), 2u);
  EXPECT_GT(page.entries[0].id, page.entries[1].id);
  // The next page reads up to the first's newest entry: the looking, recorded
  // meanwhile, does not push the list along.
  audit::viewer::Filter same{"user:boss", "", "", "", ""};
  same.until = page.newest;
  EXPECT_EQ(page.newest, page.entries[0].id);
  auto next = audit::viewer::view(*db_, admin, same, 2, 2);
  EXPECT_EQ(next.total, page.total);
  ASSERT_FALSE(next.entries.empty());
  EXPECT_LT(next.entries[0].id, page.entries[1].id);
  // Days in the organisation's zone.
  auto today = local_date(now_seconds());
  EXPECT_GE(audit::viewer::view(*db_, admin, {"", "", "", today, today}, 10, 0).total, 3);
  EXPECT_EQ(audit::viewer::view(*db_, admin, {"", "", "", "2000-01-01", "2000-01-02"}, 10, 0).total,
            0);
  auto bad =
      audit::viewer::view(*db_, admin, {std::string(201, 'a'), "", "", "2026-02-30", "x"}, 10, 0);
  EXPECT_TRUE(bad.is(Verdict::invalid));
  std::set<std::string> fields;
  for (auto& e : bad.errors) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"actor", "from", "to"}));
  auto garbled = audit::viewer::view(*db_, admin, {"", "\xff\xfe", "", "", ""}, 10, 0);
  EXPECT_TRUE(garbled.is(Verdict::invalid));
  EXPECT_EQ(garbled.first_key(), "audit_filter_text");
}

TEST_P(AccountAdminTest, TheCsvExportNeutralisesFormulas) {
  // What a client sends ends up in the log (its request id, an e-mail
  // searched for): a spreadsheet must not run it.
  Actor sneaky = admin;
  sneaky.request_id = "=HYPERLINK(\"http://evil\")";
  sneaky.remote_address = "@SUM(1)";
  ASSERT_TRUE(link_person(*db_, sneaky, "cora", "els.janssens@example.org").ok());
  auto exported = audit::viewer::export_csv(*db_, admin, {"", "account.link", "", "", ""});
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(exported.rows, 1);
  EXPECT_EQ(
      exported.csv.rfind("id,at,actor,action,subject,detail,remote_address,request_id\r\n", 0), 0u);
  EXPECT_NE(exported.csv.find(",user:boss,account.link,user:cora,person els.janssens@example.org,"
                              "'@SUM(1),\"'=HYPERLINK(\"\"http://evil\"\")\"\r\n"),
            std::string::npos)
      << exported.csv;
  EXPECT_EQ(
      query("SELECT count(*) FROM audit_log WHERE action = 'audit.export'").rows[0].integer(0), 1);
}

TEST(CutTest, CutsBeforeACharacterNeverInsideOne) {
  EXPECT_EQ(cut("abc", 5), "abc");
  EXPECT_EQ(cut("abc", 2), "ab");
  EXPECT_EQ(cut("caf\xc3\xa9s", 4), "caf");  // "é" is two bytes: not half of it
  EXPECT_EQ(cut("caf\xc3\xa9s", 5), "caf\xc3\xa9");
  EXPECT_EQ(cut("\xe2\x80\x99x", 2), "");
}

TEST(CsvCellTest, FormulaStartsGetAnApostropheAndQuotesAreDoubled) {
  using audit::viewer::csv_cell;
  const std::pair<std::string, std::string> cases[] = {
      {"plain", "plain"},
      {"=SUM(A1)", "'=SUM(A1)"},
      {"+1", "'+1"},
      {"-1", "'-1"},
      {"@cmd", "'@cmd"},
      {"\tx", "'\tx"},
      {"\rx", "\"'\rx\""},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"=a,b", "\"'=a,b\""},
      {"", ""},
      {"a=b", "a=b"},
  };
  for (auto& [in, out] : cases) EXPECT_EQ(csv_cell(in), out) << in;
}

PLOEG_INSTANTIATE_BACKENDS(AccountAdminTest);

}  // namespace
}  // namespace ploeg::accounts::administration
