// The inbox, its settings, immediate mail and the daily digest (inbox.hpp).
#include "advice/inbox.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "mail/outbox.hpp"

namespace ploeg::advice {
namespace {

// A digest's people are handled this many to a transaction (one audit entry
// each), so a large organisation does not hold the write lock long.
constexpr std::size_t digest_batch = 100;

// At most `bytes` bytes, cut at a character boundary, "…" marking the cut.
std::string capped(const std::string& text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  std::size_t end = bytes - 3;  // room for "…"
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "…";
}

std::vector<std::string> split_kinds(const std::string& text) {
  std::vector<std::string> kinds;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) kinds.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return kinds;
}

bool contains(const std::vector<std::string>& kinds, const std::string& kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

// The columns item_from reads, in its order.
constexpr const char* item_columns =
    "id, kind, about_reference, about_title, created_at, read_at, mailed_at";

InboxItem item_from(const store::Row& r) {
  InboxItem i;
  i.id = r.integer(0);
  i.kind = r.text(1);
  i.about_reference = r.text(2);
  i.about_title = r.text(3);
  i.created_at = r.integer(4);
  i.read_at = r.optional_integer(5);
  i.mailed_at = r.optional_integer(6);
  return i;
}

// Where a person's mail goes, and in which language: the first of Dutch,
// French and English they speak, else Dutch (the organisation's default).
struct Recipient {
  std::string email, name, language = "nl";
};

std::optional<Recipient> recipient_of(store::Connection& c, std::int64_t person_id) {
  auto r = c.query(
      "SELECT p.email, p.name, (SELECT l.language FROM person_languages l WHERE l.person_id = "
      "p.id AND l.language IN ('nl', 'fr', 'en') ORDER BY CASE l.language WHEN 'nl' THEN 0 WHEN "
      "'fr' THEN 1 ELSE 2 END LIMIT 1) FROM people p WHERE p.id = $1",
      {person_id});
  if (r.rows.empty()) return std::nullopt;
  Recipient to;
  to.email = r.rows[0].text(0);
  to.name = r.rows[0].text(1);
  if (auto language = r.rows[0].optional_text(2)) to.language = *language;
  if (!mail::deliverable(to.email)) return std::nullopt;
  return to;
}

void record(store::Connection& c, const Actor& actor, const std::string& action,
            const std::string& subject, const std::string& detail) {
  audit::append(c, {actor.name, action, subject, detail, actor.remote_address, actor.request_id});
}

}  // namespace

const std::vector<std::string>& all_inbox_kinds() {
  static const std::vector<std::string> kinds = {
      inbox_kinds::asked_for_advice, inbox_kinds::question_on_my_proposal,
      inbox_kinds::advice_received,  inbox_kinds::decision_affects_my_team,
      inbox_kinds::review_due,       inbox_kinds::group_invitation,
      inbox_kinds::proposal_changed};
  return kinds;
}

bool known_inbox_kind(std::string_view kind) {
  auto& kinds = all_inbox_kinds();
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

InboxSettings preferences(store::Connection& c, std::int64_t person_id) {
  InboxSettings s;
  auto r = c.query(
      "SELECT digest, immediate_kinds, last_digest_day FROM inbox_settings WHERE person_id = $1",
      {person_id});
  if (r.rows.empty()) return s;
  s.digest = r.rows[0].text(0);
  auto chosen = split_kinds(r.rows[0].text(1));
  for (auto& kind : all_inbox_kinds()) {
    if (contains(chosen, kind)) s.immediate.push_back(kind);
  }
  s.last_digest_day = r.rows[0].optional_integer(2);
  return s;
}

std::int64_t notify(store::Connection& c, std::int64_t person_id, const std::string& kind,
                    const std::string& about_reference, const std::string& about_title,
                    std::int64_t now) {
  if (!known_inbox_kind(kind)) {
    throw std::invalid_argument("advice::notify: unknown inbox kind \"" + kind + "\"");
  }
  if (about_reference.empty() || about_reference.size() > max_about_reference) {
    throw std::invalid_argument("advice::notify: the reference is empty or too long");
  }
  auto title = capped(about_title, max_about_title);
  auto id = c.query(
                 "INSERT INTO inbox_items (person_id, kind, about_reference, about_title, "
                 "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                 {person_id, kind, about_reference, title, now})
                .rows.at(0)
                .integer(0);
  if (!contains(preferences(c, person_id).immediate, kind)) return id;
  auto to = recipient_of(c, person_id);
  if (!to) return id;  // no address to write to: the inbox and digest keep it
  mail::Message m;
  m.kind = "advice_" + kind;
  m.about = about_reference;
  m.recipient = to->email;
  m.language = to->language;
  m.values = {
      {"name", to->name}, {"title", title}, {"reference", about_reference}, {"link", inbox_path}};
  mail::enqueue(c, m);
  c.query("UPDATE inbox_items SET mailed_at = $1 WHERE id = $2", {now, id});
  return id;
}

InboxPage inbox(store::Connection& c, std::int64_t person_id, int limit, int offset) {
  limit = std::clamp(limit, 1, max_inbox_page);
  offset = std::max(offset, 0);
  InboxPage page;
  auto rows = c.query(std::string("SELECT ") + item_columns +
                          " FROM inbox_items WHERE person_id = $1 ORDER BY created_at DESC, id "
                          "DESC LIMIT $2 OFFSET $3",
                      {person_id, std::int64_t{limit}, std::int64_t{offset}});
  for (auto& r : rows.rows) page.items.push_back(item_from(r));
  auto counts = c.query(
      "SELECT count(*), coalesce(sum(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END), 0) FROM "
      "inbox_items WHERE person_id = $1",
      {person_id});
  page.total = counts.rows.at(0).integer(0);
  page.unread = counts.rows.at(0).integer(1);
  return page;
}

Outcome mark_read(store::Database& db, const Actor& actor, std::int64_t item_id) {
  if (actor.person.nobody()) return Outcome::refused(Verdict::forbidden);
  return db.transaction([&](store::Connection& c) {
    auto found = c.query("SELECT read_at FROM inbox_items WHERE id = $1 AND person_id = $2",
                         {item_id, actor.person.id});
    if (found.rows.empty()) return Outcome::refused(Verdict::not_found);
    if (!found.rows[0].is_null(0)) return Outcome{};
    c.query("UPDATE inbox_items SET read_at = $1 WHERE id = $2", {now_seconds(), item_id});
    record(c, actor, "inbox.read", "inbox:" + std::to_string(item_id), "");
    return Outcome{};
  });
}

Outcome mark_all_read(store::Database& db, const Actor& actor) {
  if (actor.person.nobody()) return Outcome::refused(Verdict::forbidden);
  return db.transaction([&](store::Connection& c) {
    auto changed =
        c.query("UPDATE inbox_items SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL",
                {now_seconds(), actor.person.id});
    if (changed.affected > 0) {
      record(c, actor, "inbox.read_all", "person:" + std::to_string(actor.person.id),
             std::to_string(changed.affected) + " items");
    }
    return Outcome{};
  });
}

Outcome set_preferences(store::Database& db, const Actor& actor, const std::string& digest,
                        const std::vector<std::string>& immediate_kinds) {
  if (actor.person.nobody()) return Outcome::refused(Verdict::forbidden);
  std::vector<FieldError> problems;
  if (digest != "daily" && digest != "none") {
    problems.push_back({"digest", "inbox_digest_invalid", "The digest is \"daily\" or \"none\"."});
  }
  for (auto& kind : immediate_kinds) {
    if (!known_inbox_kind(kind)) {
      problems.push_back({"immediate",
                          "inbox_kind_unknown",
                          "\"" + capped(kind, 60) + "\" is not a kind of notification.",
                          {{"kind", capped(kind, 60)}}});
      break;
    }
  }
  if (!problems.empty()) return Outcome::invalid_if(std::move(problems));
  std::string immediate;
  for (auto& kind : all_inbox_kinds()) {
    if (!contains(immediate_kinds, kind)) continue;
    if (!immediate.empty()) immediate += ",";
    immediate += kind;
  }
  return db.transaction([&](store::Connection& c) {
    c.query(
        "INSERT INTO inbox_settings (person_id, digest, immediate_kinds) VALUES ($1, $2, $3) "
        "ON CONFLICT (person_id) DO UPDATE SET digest = excluded.digest, immediate_kinds = "
        "excluded.immediate_kinds",
        {actor.person.id, digest, immediate});
    record(c, actor, "inbox.preferences", "person:" + std::to_string(actor.person.id),
           "digest " + digest + ", immediate: " + (immediate.empty() ? "none" : immediate));
    return Outcome{};
  });
}

bool digest_due(std::int64_t now) {
  return now >= utc_of_local(local_day(now), digest_minutes);
}

DigestRun queue_digests(store::Database& db, const web::Catalogue& catalogue, std::int64_t now) {
  auto day = local_day(now);
  DigestRun run;
  // Who may be due: unread, unmailed items, and no digest yet today. Each is
  // checked again, and the day claimed, inside the transaction that queues.
  std::vector<std::int64_t> people;
  {
    auto lease = db.acquire();
    auto rows = lease->query(
        "SELECT DISTINCT i.person_id FROM inbox_items i LEFT JOIN inbox_settings s ON "
        "s.person_id = i.person_id WHERE i.read_at IS NULL AND i.mailed_at IS NULL AND "
        "i.created_at <= $1 AND (s.person_id IS NULL OR (s.digest = 'daily' AND "
        "(s.last_digest_day IS NULL OR s.last_digest_day < $2))) ORDER BY i.person_id",
        {now, day});
    for (auto& r : rows.rows) people.push_back(r.integer(0));
  }
  for (std::size_t start = 0; start < people.size(); start += digest_batch) {
    auto end = std::min(people.size(), start + digest_batch);
    auto done = db.transaction([&](store::Connection& c) {
      DigestRun batch;
      for (auto i = start; i < end; ++i) {
        auto person_id = people[i];
        auto items = c.query(std::string("SELECT ") + item_columns +
                                 " FROM inbox_items WHERE person_id = $1 AND read_at IS NULL AND "
                                 "mailed_at IS NULL AND created_at <= $2 ORDER BY created_at, id",
                             {person_id, now});
        if (items.rows.empty()) continue;
        auto to = recipient_of(c, person_id);
        if (!to) continue;
        // The day is claimed here: a second run, or another process, finds
        // it taken and queues nothing.
        auto claimed = c.query(
            "INSERT INTO inbox_settings (person_id, last_digest_day) VALUES ($1, $2) ON CONFLICT "
            "(person_id) DO UPDATE SET last_digest_day = excluded.last_digest_day WHERE "
            "inbox_settings.digest = 'daily' AND (inbox_settings.last_digest_day IS NULL OR "
            "inbox_settings.last_digest_day < excluded.last_digest_day) RETURNING person_id",
            {person_id, day});
        if (claimed.rows.empty()) continue;
        auto& lang = to->language;
        std::string lines;
        std::size_t listed = 0;
        for (auto& r : items.rows) {
          if (listed == digest_lines) break;
          auto item = item_from(r);
          lines += catalogue.format(lang, "inbox_digest_line",
                                    {{"kind", catalogue.text(lang, "inbox_kind_" + item.kind)},
                                     {"title", item.about_title}}) +
                   "\n";
          ++listed;
        }
        auto count = static_cast<long long>(items.rows.size());
        if (items.rows.size() > listed) {
          lines += catalogue.format(lang, "inbox_digest_more", {},
                                    count - static_cast<long long>(listed)) +
                   "\n";
        }
        mail::Message m;
        m.kind = "advice_digest";
        m.about = "inbox:" + date_text(day);
        m.recipient = to->email;
        m.language = lang;
        m.values = {{"name", to->name},
                    {"date", date_text(day)},
                    {"count", catalogue.format(lang, "inbox_digest_count", {}, count)},
                    {"items", lines},
                    {"reference", date_text(day)},
                    {"link", inbox_path}};
        mail::enqueue(c, m);
        for (auto& r : items.rows) {
          c.query("UPDATE inbox_items SET mailed_at = $1 WHERE id = $2", {now, r.integer(0)});
        }
        ++batch.digests;
        batch.items += static_cast<int>(items.rows.size());
      }
      if (batch.digests > 0) {
        audit::append(c, {"system", "inbox.digest", "inbox:" + date_text(day),
                          std::to_string(batch.digests) + " digests, " +
                              std::to_string(batch.items) + " items",
                          "", ""});
      }
      return batch;
    });
    run.digests += done.digests;
    run.items += done.items;
  }
  return run;
}

DigestScheduler::DigestScheduler(store::Database& db, const web::Catalogue& catalogue,
                                 std::chrono::milliseconds interval)
    : thread_([this, &db, &catalogue, interval](std::stop_token stop) {
        std::mutex mutex;
        std::unique_lock lock(mutex);
        while (!stop.stop_requested()) {
          try {
            auto now = now_seconds();
            if (digest_due(now)) {
              auto run = queue_digests(db, catalogue, now);
              if (run.digests > 0) {
                log::info("inbox.digests", {{"digests", run.digests}, {"items", run.items}});
              }
            }
          } catch (const std::exception& e) {
            log::warn("inbox.digests_failed", {{"error", e.what()}});
          }
          wakeup_.wait_for(lock, stop, interval, [] { return false; });
        }
      }) {}

void register_inbox_migrations(store::Migrations& migrations) {
  // inbox_items.mailed_at: when it went out, in a digest or immediately; an
  // item read or mailed is never in a digest. inbox_settings.immediate_kinds:
  // the kinds mailed at once, comma-separated; last_digest_day: the local
  // calendar day of the last digest, which holds a person to one a day.
  migrations.add(store::with_ids(113, "advice: the inbox and its settings", R"(
CREATE TABLE inbox_items (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('asked_for_advice', 'question_on_my_proposal',
    'advice_received', 'decision_affects_my_team', 'review_due', 'group_invitation',
    'proposal_changed')),
  about_reference TEXT NOT NULL,
  about_title TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at BIGINT,
  mailed_at BIGINT
);
CREATE INDEX inbox_items_person ON inbox_items (person_id, created_at, id);
CREATE INDEX inbox_items_waiting ON inbox_items (person_id) WHERE read_at IS NULL AND mailed_at IS NULL;
CREATE TABLE inbox_settings (
  person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  digest TEXT NOT NULL DEFAULT 'daily' CHECK (digest IN ('daily', 'none')),
  immediate_kinds TEXT NOT NULL DEFAULT '',
  last_digest_day BIGINT
);
)"));
}

}  // namespace ploeg::advice
