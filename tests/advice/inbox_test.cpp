// The inbox (issue 20, item 7) on SQLite and PostgreSQL: an item is there
// unread until its person reads it, nobody reads another's; the settings
// are checked field by field; the daily digest is one mail per person per
// local day however many items came and however often it runs, none for a
// person who chose none, and an item mailed at once is not in it again.
#include "advice/inbox.hpp"

#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "app/platform.hpp"
#include "core/clock.hpp"
#include "mail/outbox.hpp"
#include "mail/sender.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"
#include "support/acting.hpp"
#include "support/smtp_sink.hpp"

namespace ploeg::advice {
namespace {

const web::Catalogue& catalogue() {
  static const auto loaded = web::Catalogue::load(std::string(PLOEG_SOURCE_DIR) + "/web/locales");
  return loaded;
}

std::string from_base64(const std::string& text) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0;
  std::uint32_t buffer = 0;
  for (char ch : text) {
    auto at = alphabet.find(ch);
    if (at == std::string::npos) continue;  // line breaks, padding
    buffer = (buffer << 6) | static_cast<std::uint32_t>(at);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

// A composed message as its reader sees it: the subject's encoded words and
// the base64 body decoded, "Subject: ...\n" then the body.
std::string readable(const std::string& message) {
  std::string subject;
  auto at = message.find("Subject: ");
  auto headers_end = message.find("\r\n\r\n");
  while ((at = message.find("=?UTF-8?B?", at)) != std::string::npos && at < headers_end) {
    auto end = message.find("?=", at + 10);
    subject += from_base64(message.substr(at + 10, end - at - 10));
    at = end + 2;
  }
  return "Subject: " + subject + "\n" + from_base64(message.substr(headers_end + 4));
}

// Monday 7 December 2026, 09:00 in Brussels.
std::int64_t monday_at(int hour, int minute = 0, int days_later = 0) {
  auto day = *day_of_date("2026-12-07") + days_later;
  return utc_of_local(day, hour * 60 + minute);
}

class InboxTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    auto o = organisation::generate_demo(50, 1);
    db_->transaction([&](store::Connection& c) { organisation::sql::save(c, o); });
    auto rows = query("SELECT id, email FROM people ORDER BY id LIMIT 3").rows;
    ASSERT_EQ(rows.size(), 3u);
    for (auto& r : rows) {
      ids_.push_back(r.integer(0));
      emails_.push_back(r.text(1));
    }
    // The first speaks Dutch only, the second French only.
    query("DELETE FROM person_languages WHERE person_id IN ($1, $2)", {ids_[0], ids_[1]});
    query("INSERT INTO person_languages (person_id, language) VALUES ($1, 'nl'), ($2, 'fr')",
          {ids_[0], ids_[1]});
    clock::set_now(monday_at(9));
  }
  void TearDown() override {
    clock::use_real_time();
    BackendTest::TearDown();
  }

  Actor actor(int i) { return testing::acting_as(*db_, ids_[i], "user:p" + std::to_string(i)); }

  std::int64_t notify_at(int person, const std::string& kind, const std::string& title,
                         std::int64_t at) {
    clock::set_now(at);
    return db_->transaction([&](store::Connection& c) {
      return notify(c, ids_[person], kind, "proposal:2026-" + title.substr(0, 4), title, at);
    });
  }

  DigestRun digests_at(std::int64_t at) {
    clock::set_now(at);
    return queue_digests(*db_, catalogue(), at);
  }

  std::int64_t mails(int person, const std::string& kind = "advice_digest") {
    return query("SELECT count(*) FROM mail_outbox WHERE kind = $1 AND recipient = $2",
                 {kind, emails_[person]})
        .rows.at(0)
        .integer(0);
  }

  // The whole message of the newest mail of that kind to the person, as the
  // sender composes it.
  std::string last_mail(int person, const std::string& kind = "advice_digest") {
    auto claimed = mail::claim(*db_, "test", 100, 60);
    std::string message;
    for (auto& row : claimed) {
      if (row.kind == kind && row.recipient == emails_[person]) {
        mail::SenderOptions options;
        options.smtp.from = "noreply@agency.example.be";
        options.link_base = "https://ploeg.example.be";
        message = readable(mail::compose(row, catalogue(), options));
      }
      mail::release(*db_, row.id, "test");  // left queued, for the next look
    }
    return message;
  }

  InboxPage inbox_of(int person) { return inbox(*db_->acquire(), ids_[person], 50, 0); }

  std::vector<std::int64_t> ids_;
  std::vector<std::string> emails_;
};

TEST_P(InboxTest, NotifiedItemsAreUnreadNewestFirstUntilRead) {
  auto first = notify_at(0, inbox_kinds::asked_for_advice, "Telework on Fridays", monday_at(9));
  auto second = notify_at(0, inbox_kinds::advice_received, "A shared car pool", monday_at(10));
  notify_at(1, inbox_kinds::review_due, "Longer opening hours", monday_at(10));

  auto page = inbox_of(0);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(page.unread, 2);
  EXPECT_EQ(page.items[0].id, second);
  EXPECT_EQ(page.items[0].kind, "advice_received");
  EXPECT_EQ(page.items[0].about_title, "A shared car pool");
  EXPECT_EQ(page.items[0].about_reference, "proposal:2026-A sh");
  EXPECT_EQ(page.items[0].created_at, monday_at(10));
  EXPECT_FALSE(page.items[0].read_at);
  EXPECT_FALSE(page.items[0].mailed_at);
  EXPECT_EQ(page.items[1].id, first);

  clock::set_now(monday_at(11));
  EXPECT_TRUE(mark_read(*db_, actor(0), first).ok());
  page = inbox_of(0);
  EXPECT_EQ(page.unread, 1);
  EXPECT_EQ(page.items[1].read_at, monday_at(11));
  EXPECT_FALSE(page.items[0].read_at);
  // Reading it again changes nothing.
  clock::set_now(monday_at(12));
  EXPECT_TRUE(mark_read(*db_, actor(0), first).ok());
  EXPECT_EQ(inbox_of(0).items[1].read_at, monday_at(11));

  // A page of one, and the next.
  auto one = inbox(*db_->acquire(), ids_[0], 1, 1);
  ASSERT_EQ(one.items.size(), 1u);
  EXPECT_EQ(one.items[0].id, first);
  EXPECT_EQ(one.total, 2);

  // The other person's inbox is their own.
  EXPECT_EQ(inbox_of(1).unread, 1);
  EXPECT_EQ(inbox_of(2).total, 0);

  // A title too long is cut, not refused.
  notify_at(2, inbox_kinds::group_invitation, std::string(400, 'x'), monday_at(13));
  auto cut = inbox_of(2).items.at(0).about_title;
  EXPECT_LE(cut.size(), max_about_title);
  EXPECT_EQ(cut.substr(cut.size() - 3), "…");

  EXPECT_THROW(notify_at(0, "liked_your_post", "Anything", monday_at(13)), std::invalid_argument);
}

TEST_P(InboxTest, NobodyReadsAnotherPersonsItems) {
  auto theirs = notify_at(1, inbox_kinds::asked_for_advice, "Telework on Fridays", monday_at(9));
  notify_at(0, inbox_kinds::advice_received, "A shared car pool", monday_at(9));

  EXPECT_TRUE(mark_read(*db_, actor(0), theirs).is(Verdict::not_found));
  EXPECT_TRUE(mark_read(*db_, actor(0), theirs + 1000).is(Verdict::not_found));
  EXPECT_TRUE(mark_read(*db_, command_line_actor(), theirs).is(Verdict::forbidden));
  EXPECT_EQ(inbox_of(1).unread, 1);

  // Marking all read marks only one's own.
  EXPECT_TRUE(mark_all_read(*db_, actor(0)).ok());
  EXPECT_EQ(inbox_of(0).unread, 0);
  EXPECT_EQ(inbox_of(1).unread, 1);
  EXPECT_EQ(
      query("SELECT count(*) FROM audit_log WHERE action = 'inbox.read_all'").rows.at(0).integer(0),
      1);
}

TEST_P(InboxTest, SettingsAreCheckedFieldByField) {
  auto unknown = set_preferences(*db_, actor(0), "daily", {"review_due", "liked_your_post"});
  ASSERT_TRUE(unknown.is(Verdict::invalid));
  ASSERT_EQ(unknown.errors.size(), 1u);
  EXPECT_EQ(unknown.errors[0].field, "immediate");
  EXPECT_EQ(unknown.errors[0].key, "inbox_kind_unknown");
  EXPECT_NE(unknown.errors[0].message.find("liked_your_post"), std::string::npos);

  auto weekly = set_preferences(*db_, actor(0), "weekly", {});
  ASSERT_TRUE(weekly.is(Verdict::invalid));
  EXPECT_EQ(weekly.errors.at(0).field, "digest");
  EXPECT_EQ(weekly.errors.at(0).key, "inbox_digest_invalid");

  EXPECT_TRUE(set_preferences(*db_, command_line_actor(), "none", {}).is(Verdict::forbidden));

  // Nothing was written: still the defaults.
  auto settings = preferences(*db_->acquire(), ids_[0]);
  EXPECT_EQ(settings.digest, "daily");
  EXPECT_TRUE(settings.immediate.empty());
  EXPECT_EQ(count("inbox_settings"), 0);

  ASSERT_TRUE(
      set_preferences(*db_, actor(0), "none", {"review_due", "asked_for_advice", "review_due"})
          .ok());
  settings = preferences(*db_->acquire(), ids_[0]);
  EXPECT_EQ(settings.digest, "none");
  EXPECT_EQ(settings.immediate, (std::vector<std::string>{"asked_for_advice", "review_due"}));
  EXPECT_EQ(query("SELECT count(*) FROM audit_log WHERE action = 'inbox.preferences'")
                .rows.at(0)
                .integer(0),
            1);
}

TEST_P(InboxTest, OneDigestPerPersonPerDayHoweverOftenItRuns) {
  for (int i = 0; i < 6; ++i) {
    notify_at(0, inbox_kinds::advice_received, "Advice number " + std::to_string(i),
              monday_at(8 + i));
  }
  for (int i = 0; i < 3; ++i) {
    notify_at(1, inbox_kinds::asked_for_advice, "Avis numéro " + std::to_string(i),
              monday_at(9, 10 * i));
  }
  // The first one read is not in the digest.
  auto read = inbox_of(0).items.back().id;
  ASSERT_TRUE(mark_read(*db_, actor(0), read).ok());

  auto run = digests_at(monday_at(18));
  EXPECT_EQ(run.digests, 2);
  EXPECT_EQ(run.items, 5 + 3);
  EXPECT_EQ(mails(0), 1);
  EXPECT_EQ(mails(1), 1);
  EXPECT_EQ(mails(2), 0);
  EXPECT_EQ(count("mail_outbox"), 2);

  auto dutch = last_mail(0);
  EXPECT_NE(dutch.find("ploeg: nieuw voor u (2026-12-07)"), std::string::npos) << dutch;
  EXPECT_NE(dutch.find("5 nieuwe berichten"), std::string::npos) << dutch;
  EXPECT_NE(dutch.find("- Advies over uw voorstel: „Advice number 5”"), std::string::npos) << dutch;
  EXPECT_EQ(dutch.find("Advice number 0"), std::string::npos) << dutch;
  EXPECT_NE(dutch.find("https://ploeg.example.be/inbox"), std::string::npos) << dutch;
  auto french = last_mail(1);
  EXPECT_NE(french.find("3 nouveaux "), std::string::npos) << french;
  EXPECT_NE(french.find("Avis num"), std::string::npos) << french;

  // More that day, and the digest run again (and again): still one each.
  notify_at(0, inbox_kinds::review_due, "Late in the evening", monday_at(20));
  EXPECT_EQ(digests_at(monday_at(21)).digests, 0);
  EXPECT_EQ(digests_at(monday_at(23, 59)).digests, 0);
  EXPECT_EQ(mails(0), 1);
  EXPECT_EQ(mails(1), 1);
  for (auto& item : inbox_of(0).items) {
    if (item.about_title == "Late in the evening") {
      EXPECT_FALSE(item.mailed_at);
    }
  }

  // The next day: a new one for the person with something new, none for the
  // person without.
  auto tuesday = monday_at(7, 30, 1);
  run = digests_at(tuesday);
  EXPECT_EQ(run.digests, 1);
  EXPECT_EQ(run.items, 1);
  EXPECT_EQ(mails(0), 2);
  EXPECT_EQ(mails(1), 1);
  EXPECT_EQ(preferences(*db_->acquire(), ids_[0]).last_digest_day, local_day(tuesday));
  auto second = last_mail(0);
  EXPECT_NE(second.find("Late in the evening"), std::string::npos) << second;
  EXPECT_EQ(second.find("Advice number"), std::string::npos) << second;
  EXPECT_EQ(digests_at(tuesday + 3600).digests, 0);
  EXPECT_EQ(mails(0), 2);
}

TEST_P(InboxTest, NoDigestForWhoChoseNone) {
  ASSERT_TRUE(set_preferences(*db_, actor(2), "none", {}).ok());
  for (int i = 0; i < 4; ++i) {
    notify_at(2, inbox_kinds::decision_affects_my_team, "Decision " + std::to_string(i),
              monday_at(9 + i));
  }
  notify_at(0, inbox_kinds::decision_affects_my_team, "Decision 0", monday_at(9));
  EXPECT_EQ(digests_at(monday_at(18)).digests, 1);
  EXPECT_EQ(digests_at(monday_at(8, 0, 1)).digests, 0);
  EXPECT_EQ(mails(2), 0);
  EXPECT_EQ(mails(0), 1);
  EXPECT_EQ(inbox_of(2).unread, 4);
  EXPECT_EQ(count("mail_outbox"), 1);
}

TEST_P(InboxTest, ChosenKindsAreMailedAtOnceAndNotAgainInTheDigest) {
  ASSERT_TRUE(set_preferences(*db_, actor(1), "daily", {"asked_for_advice"}).ok());
  auto asked = notify_at(1, inbox_kinds::asked_for_advice, "Télétravail le vendredi", monday_at(9));
  notify_at(1, inbox_kinds::advice_received, "Un parc de voitures partagé", monday_at(10));
  // Queued in notify's transaction, one for the chosen kind only.
  EXPECT_EQ(mails(1, "advice_asked_for_advice"), 1);
  EXPECT_EQ(mails(1, "advice_advice_received"), 0);
  EXPECT_EQ(count("mail_outbox"), 1);
  auto items = inbox_of(1).items;
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].id, asked);
  EXPECT_EQ(items[1].mailed_at, monday_at(9));
  EXPECT_FALSE(items[1].read_at);  // mailed is not read
  EXPECT_FALSE(items[0].mailed_at);
  auto at_once = last_mail(1, "advice_asked_for_advice");
  EXPECT_NE(at_once.find("On vous demande votre avis"), std::string::npos) << at_once;

  // A notify whose transaction rolls back leaves neither item nor mail.
  EXPECT_THROW(db_->transaction([&](store::Connection& c) {
    notify(c, ids_[1], inbox_kinds::asked_for_advice, "proposal:2026-X", "Rolled back",
           monday_at(11));
    throw std::runtime_error("the proposal's command failed");
  }),
               std::runtime_error);
  EXPECT_EQ(mails(1, "advice_asked_for_advice"), 1);
  EXPECT_EQ(inbox_of(1).total, 2);

  auto run = digests_at(monday_at(18));
  EXPECT_EQ(run.digests, 1);
  EXPECT_EQ(run.items, 1);
  auto digest = last_mail(1);
  EXPECT_NE(digest.find("Un parc de voitures partag"), std::string::npos) << digest;
  EXPECT_EQ(digest.find("vendredi"), std::string::npos) << digest;
  EXPECT_EQ(count("mail_outbox"), 2);
}

TEST_P(InboxTest, TheSchedulerQueuesTheDaysDigestOnceDue) {
  notify_at(0, inbox_kinds::review_due, "Looking back on telework", monday_at(6));
  clock::set_now(monday_at(6, 30));  // not yet due
  {
    DigestScheduler early(*db_, catalogue(), std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(mails(0), 0);
  clock::set_now(monday_at(7, 5));
  {
    DigestScheduler due(*db_, catalogue(), std::chrono::milliseconds(20));
    for (int i = 0; i < 250 && mails(0) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // it looks again, and again
  }
  EXPECT_EQ(mails(0), 1);
  EXPECT_EQ(count("mail_outbox"), 1);
}

TEST_P(InboxTest, OneDigestReachesTheMailServerPerPersonPerDay) {
  test::SmtpSink sink;
  for (int i = 0; i < 10; ++i) {
    notify_at(i % 2, inbox_kinds::asked_for_advice, "Proposal " + std::to_string(i),
              monday_at(8, 5 * i));
  }
  mail::SenderOptions o;
  o.smtp.url = sink.url();
  o.smtp.from = "noreply@agency.example.be";
  o.smtp.tls = "none";
  o.smtp.timeout = std::chrono::seconds(5);
  o.link_base = "https://ploeg.example.be";
  mail::Sender sender(*db_, catalogue(), o);
  EXPECT_EQ(digests_at(monday_at(12)).digests, 2);
  EXPECT_EQ(sender.run_once(), 2);
  notify_at(0, inbox_kinds::asked_for_advice, "Proposal 10", monday_at(13));
  EXPECT_EQ(digests_at(monday_at(14)).digests, 0);
  EXPECT_EQ(sender.run_once(), 0);
  ASSERT_TRUE(sink.wait_for(2, std::chrono::seconds(10)));
  auto received = sink.mails();
  ASSERT_EQ(received.size(), 2u);
  std::map<std::string, test::ReceivedMail> to;
  for (auto& m : received) to[m.recipients.at(0)] = m;
  auto& dutch = to.at(emails_[0]);
  EXPECT_EQ(dutch.language, "nl");
  EXPECT_EQ(dutch.subject, "ploeg: nieuw voor u (2026-12-07)");
  EXPECT_NE(dutch.body.find("5 nieuwe berichten"), std::string::npos) << dutch.body;
  EXPECT_NE(dutch.body.find("Uw advies wordt gevraagd: „Proposal 8”"), std::string::npos)
      << dutch.body;
  EXPECT_EQ(dutch.body.find("Proposal 10"), std::string::npos) << dutch.body;
  auto& french = to.at(emails_[1]);
  EXPECT_EQ(french.language, "fr");
  EXPECT_EQ(french.subject, "ploeg : du nouveau pour vous (2026-12-07)");
  EXPECT_NE(french.body.find("« Proposal 9 »"), std::string::npos) << french.body;
}

TEST_P(InboxTest, DigestsAreDueFromSevenLocalTime) {
  EXPECT_FALSE(digest_due(monday_at(6, 59)));
  EXPECT_TRUE(digest_due(monday_at(7)));
  EXPECT_TRUE(digest_due(monday_at(23, 59)));
  // Every text the inbox uses is in every language.
  EXPECT_TRUE(catalogue().problems().empty());
  for (auto& kind : all_inbox_kinds()) {
    for (auto& lang : {"nl", "fr", "en"}) {
      EXPECT_TRUE(catalogue().has(lang, "inbox_kind_" + kind)) << kind;
      EXPECT_TRUE(catalogue().has(lang, "mail_advice_" + kind + "_body")) << kind;
    }
  }
}

PLOEG_INSTANTIATE_BACKENDS(InboxTest);

}  // namespace
}  // namespace ploeg::advice
