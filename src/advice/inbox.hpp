// Notifications without fatigue (issue 20, item 7): each person's in-app
// inbox of what the advice process asks of them or tells them (asked for
// advice, a question on their proposal, advice received, a decision that
// affects their team, a review due, a working-group invitation, a proposal
// they advise on changed), read and unread; and mail, through the outbox
// (mail/outbox.hpp), only as the person chose: by default one daily digest
// of what they have not read, never more than one a day; immediately only
// for the kinds they picked.
//
// notify() writes in the caller's transaction (the command whose change it
// announces), so an item, and its immediate mail, exists exactly when that
// change was committed. queue_digests() is the periodic work: at most one
// digest per person per local calendar day (core/clock.hpp), idempotent.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/actor.hpp"
#include "core/outcome.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "web/catalogue.hpp"

namespace ploeg::advice {

// The kinds of inbox item; each has its label "inbox_kind_<kind>" and its
// immediate mail "mail_advice_<kind>_subject" / "_body" in the catalogue.
namespace inbox_kinds {
inline constexpr const char* asked_for_advice = "asked_for_advice";
inline constexpr const char* question_on_my_proposal = "question_on_my_proposal";
inline constexpr const char* advice_received = "advice_received";
inline constexpr const char* decision_affects_my_team = "decision_affects_my_team";
inline constexpr const char* review_due = "review_due";
inline constexpr const char* group_invitation = "group_invitation";
inline constexpr const char* proposal_changed = "proposal_changed";
}  // namespace inbox_kinds

// Every kind, in the order a settings page lists them.
const std::vector<std::string>& all_inbox_kinds();
bool known_inbox_kind(std::string_view kind);

// The longest reference and title an item keeps (bytes; a longer title is
// cut at a character boundary and ends with "…").
inline constexpr std::size_t max_about_reference = 100;
inline constexpr std::size_t max_about_title = 300;
// The most items one page of the inbox shows.
inline constexpr int max_inbox_page = 100;
// The most items a digest lists; the rest are counted ("and 12 more").
inline constexpr std::size_t digest_lines = 30;
// The page the mails link to (its path on this site).
inline constexpr const char* inbox_path = "/inbox";

struct InboxItem {
  std::int64_t id = 0;
  std::string kind;
  std::string about_reference;  // "proposal:2026-0042", "group:telework"
  std::string about_title;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> read_at;
  std::optional<std::int64_t> mailed_at;  // in a digest or immediately
};

struct InboxPage {
  std::vector<InboxItem> items;  // newest first
  std::int64_t unread = 0;       // of the whole inbox, not only this page
  std::int64_t total = 0;
};

struct InboxSettings {
  std::string digest = "daily";        // daily | none
  std::vector<std::string> immediate;  // kinds mailed at once, in all_inbox_kinds() order
  std::optional<std::int64_t> last_digest_day;
};

// Adds an item to the person's inbox in the caller's transaction; when the
// person chose `kind` for immediate mail (and has a deliverable address),
// queues that mail in the same transaction and marks the item mailed, so no
// digest repeats it. Answers the item's id. Throws std::invalid_argument for
// an unknown kind or an empty reference (a caller's mistake, not input).
std::int64_t notify(store::Connection& c, std::int64_t person_id, const std::string& kind,
                    const std::string& about_reference, const std::string& about_title,
                    std::int64_t now);

// One page of the person's inbox, newest first; limit is held to
// 1..max_inbox_page, offset to >= 0.
InboxPage inbox(store::Connection& c, std::int64_t person_id, int limit, int offset);

// The person's settings (the defaults when they never chose).
InboxSettings preferences(store::Connection& c, std::int64_t person_id);

// The actor marks one item of their own inbox read. Someone else's item, or
// none: not_found; an actor who is nobody of the organisation: forbidden.
// Reading an item already read changes nothing and is ok.
Outcome mark_read(store::Database& db, const Actor& actor, std::int64_t item_id);
// The actor marks every unread item of their own inbox read.
Outcome mark_all_read(store::Database& db, const Actor& actor);

// The actor's own settings: digest "daily" or "none" (field "digest"), the
// kinds mailed at once (field "immediate": each a known kind, duplicates
// counted once). Invalid input changes nothing.
Outcome set_preferences(store::Database& db, const Actor& actor, const std::string& digest,
                        const std::vector<std::string>& immediate_kinds);

struct DigestRun {
  int digests = 0;  // mails queued
  int items = 0;    // items they list
};

// Queues the daily digests due at `now`: for every person whose digest is
// daily (the default) and who had none yet on the local calendar day of
// `now`, one mail in their language listing their unread items not yet
// mailed, which are then marked mailed. Running it again the same day
// queues nothing; two processes running it at once queue one each person.
// The texts (the kinds' labels, the counts) are made here, from `catalogue`.
// Schedule it once a day after the hour the digest should leave (see
// digest_due), or more often: it is idempotent.
DigestRun queue_digests(store::Database& db, const web::Catalogue& catalogue, std::int64_t now);

// The local time of day after which the day's digests go (07:00): whether
// queue_digests should run at `now`.
inline constexpr int digest_minutes = 7 * 60;
bool digest_due(std::int64_t now);

// The digests on a thread of their own, for `ploeg serve`: every `interval`
// (and once at start) it runs queue_digests when digest_due; a failure is
// logged and tried again at the next look. Stopped and joined on
// destruction. Declare it after the mail sender it feeds (enqueue wakes it).
class DigestScheduler {
 public:
  DigestScheduler(store::Database& db, const web::Catalogue& catalogue,
                  std::chrono::milliseconds interval = std::chrono::minutes(5));

 private:
  std::condition_variable_any wakeup_;
  std::jthread thread_;  // last: stopped and joined first
};

// Migration 113: inbox_items and inbox_settings.
void register_inbox_migrations(store::Migrations& migrations);

}  // namespace ploeg::advice
