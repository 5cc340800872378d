// Reading the organisation the history is made for, and writing the history
// in one transaction: requests and events in batches, the figures tallied
// from the same events.
#include <algorithm>
#include <map>

#include "audit/audit.hpp"
#include "casework/complaints.hpp"
#include "casework/demo_history.hpp"
#include "casework/figures.hpp"
#include "casework/review.hpp"
#include "casework/store.hpp"
#include "core/crypto.hpp"
#include "store/batch_insert.hpp"

namespace ploeg::casework::history {
namespace {

// The language a citizen from `postcode` most likely files in, by Belgium's
// language areas as the postcodes follow them (bpost): 1000–1299 Brussels,
// bilingual (mostly French here, some Dutch, a few English); 1300–1499 and
// 4000–7999 French; 1500–3999 and 8000–9999 Dutch. `id` spreads Brussels.
std::string demo_language(const std::string& postcode, std::int64_t id) {
  int code = 0;
  for (char ch : postcode) {
    if (ch < '0' || ch > '9') break;
    code = code * 10 + (ch - '0');
  }
  if (code >= 1000 && code < 1300) {
    auto spread = id % 10;
    return spread < 7 ? "fr" : spread < 9 ? "nl" : "en";
  }
  if ((code >= 1300 && code < 1500) || (code >= 4000 && code < 8000)) return "fr";
  return "nl";
}

}  // namespace

Input load_input(store::Connection& c) {
  Input in;
  in.process = sql::load_process(c);
  in.people = c.query("SELECT count(*) FROM people").rows.at(0).integer(0);
  // A region's postcodes are shared among its regional teams in blocks, in
  // the order of the teams' codes, as sql::route shares them.
  std::map<std::int64_t, std::vector<std::string>> postcodes;  // region id -> postcodes
  for (auto& row : c.query("SELECT region_id, postcode FROM region_postcodes").rows) {
    postcodes[row.integer(0)].push_back(row.text(1));
  }
  for (auto& [region, codes] : postcodes) std::sort(codes.begin(), codes.end());
  std::map<std::int64_t, std::vector<std::pair<std::string, std::int64_t>>> region_teams;
  std::map<std::int64_t, Team> teams;
  for (auto& row : c.query("SELECT t.id, t.code, t.region_id, r.code FROM teams t JOIN regions r "
                           "ON r.id = t.region_id WHERE t.kind = 'regional'")
                       .rows) {
    teams[row.integer(0)] = Team{row.integer(0), row.text(1), row.text(3), {}, {}};
    region_teams[row.integer(2)].push_back({row.text(1), row.integer(0)});
  }
  for (auto& [region, list] : region_teams) {
    std::sort(list.begin(), list.end());
    auto& codes = postcodes[region];
    for (std::size_t i = 0; i < codes.size(); ++i) {
      auto block = std::min(i * list.size() / codes.size(), list.size() - 1);
      teams[list[block].second].postcodes.push_back(codes[i]);
    }
  }
  for (auto& row : c.query("SELECT m.team_id, m.person_id, k.code FROM memberships m JOIN teams t "
                           "ON t.id = m.team_id LEFT JOIN person_competences p ON p.person_id = "
                           "m.person_id LEFT JOIN competences k ON k.id = p.competence_id WHERE "
                           "t.kind = 'regional' ORDER BY m.team_id, m.person_id, k.code")
                       .rows) {
    auto& members = teams[row.integer(0)].members;
    if (members.empty() || members.back().person_id != row.integer(1)) {
      members.push_back({row.integer(1), {}});
    }
    if (!row.is_null(2)) members.back().competences.push_back(row.text(2));
  }
  for (auto& [id, team] : teams) {
    if (!team.postcodes.empty() && !team.members.empty()) in.teams.push_back(std::move(team));
  }
  std::sort(in.teams.begin(), in.teams.end(),
            [](const Team& a, const Team& b) { return a.code < b.code; });
  return in;
}

namespace {

// Rows go in chunks: a chunk's requests first, then their events, whose
// foreign keys need them. One chunk is one round trip per table on
// PostgreSQL (BatchInsert's batch there).
constexpr std::size_t chunk_requests = 5000;

class Writer {
 public:
  Writer(store::Connection& c, const Input& in) : c_(c), in_(in), tally_(c) {
    for (auto& row : c.query("SELECT code, id FROM request_types").rows) {
      type_ids_[row.text(0)] = row.integer(1);
    }
    first_id_ = c.query("SELECT coalesce(max(id), 0) FROM requests").rows.at(0).integer(0);
  }

  void add(const Request& r) {
    const auto& team = in_.teams[r.team];
    const auto& type = in_.process.types[r.type];
    auto id = first_id_ + r.number;
    auto optional = [](std::int64_t v) { return v ? store::Value{v} : store::Value{nullptr}; };
    // A form key nobody knows (the hash of a random one): a demo request is
    // never the resend of a form, and no key opens it.
    auto submission_key = crypto::sha256_hex(crypto::random_token());
    // A grant of an allowance records its monthly amount (review.hpp), from
    // € 600 to € 1.490: some above income replacement's four-eyes threshold
    // (decisions of the past count as confirmed).
    auto period = demo_review_rule(type.code).amount;
    bool amount = r.decision == "granted" && period != "none";
    auto cents = std::int64_t{60000} + (r.number * 7919 % 90) * 1000;
    requests_.push_back({id,
                         r.reference,
                         submission_key,
                         type_ids_.at(type.code),
                         sql::joined_codes(r.conditions),
                         r.postcode,
                         team.id,
                         r.contact_name,
                         r.contact_email,
                         r.contact_phone,
                         r.description,
                         r.submitted_at,
                         std::int64_t{r.step_index},
                         optional(r.decided_at),
                         optional(r.holder_id),
                         optional(r.taken_at),
                         r.decision.empty() ? store::Value{nullptr} : store::Value{r.decision},
                         r.motivation,
                         optional(r.finished_at),
                         optional(r.rating),
                         optional(r.rated_at),
                         amount ? store::Value{cents} : store::Value{nullptr},
                         amount ? store::Value{period} : store::Value{nullptr},
                         demo_language(r.postcode, id)});
    for (auto& e : r.events) {
      events_.push_back({id, e.at, e.kind, e.step_code, optional(e.person_id), team.id, e.body,
                         std::int64_t{e.medical ? 1 : 0}});
    }
    for (auto& w : r.waits) {
      waits_.push_back({id, team.id, w.step_code, w.reason, w.started_at, optional(w.ended_at)});
    }
    summary_.waits += static_cast<std::int64_t>(r.waits.size());
    tally_.received(team.id, r.submitted_at, type_ids_.at(type.code));
    if (r.decided_at) tally_.decided(team.id, r.submitted_at, r.decided_at, type.target_days);
    if (r.rating) tally_.rated(team.id, r.rated_at, r.rating);
    if (r.complained_at) tally_.complained(team.id, r.complained_at);
    ++summary_.requests;
    if (!r.decided_at) ++summary_.open;
    summary_.events += static_cast<std::int64_t>(r.events.size());
    if (requests_.size() == chunk_requests) flush();
  }

  Summary finish(std::int64_t now) {
    flush();
    // The team answers its complaints (complaints.hpp): those of the last
    // days still wait, on the queues and home pages.
    answer_demo_complaints(c_, now, tally_);
    auto started = std::chrono::steady_clock::now();
    tally_.save(c_);
    summary_.figures_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (c_.dialect() == store::Dialect::postgresql && summary_.requests > 0) {
      // The ids were given here: the identity goes on after them.
      c_.query(
          "SELECT setval(pg_get_serial_sequence('requests', 'id'), (SELECT max(id) FROM "
          "requests))");
    }
    return summary_;
  }

 private:
  void flush() {
    store::BatchInsert requests(
        c_,
        "INSERT INTO requests (id, reference, submission_key, request_type_id, conditions, "
        "postcode, team_id, contact_name, contact_email, contact_phone, description, "
        "submitted_at, step_index, decided_at, holder_id, taken_at, decision, motivation, "
        "finished_at, rating, rated_at, amount_cents, amount_period, language)",
        {"bigint", "text", "text",   "bigint",  "text",    "text",   "bigint", "text",
         "text",   "text", "text",   "bigint",  "integer", "bigint", "bigint", "bigint",
         "text",   "text", "bigint", "integer", "bigint",  "bigint", "text",   "text"});
    for (auto& row : requests_) requests.add(row);
    requests.finish();
    store::BatchInsert events(
        c_,
        "INSERT INTO request_events (request_id, at, kind, step_code, "
        "person_id, team_id, body, medical)",
        {"bigint", "bigint", "text", "text", "bigint", "bigint", "text", "integer"});
    for (auto& row : events_) events.add(row);
    events.finish();
    store::BatchInsert waits(c_,
                             "INSERT INTO request_waits (request_id, team_id, step_code, reason, "
                             "started_at, ended_at)",
                             {"bigint", "bigint", "text", "text", "bigint", "bigint"});
    for (auto& row : waits_) waits.add(row);
    waits.finish();
    requests_.clear();
    events_.clear();
    waits_.clear();
  }

  store::Connection& c_;
  const Input& in_;
  figures::Tally tally_;
  std::map<std::string, std::int64_t> type_ids_;
  std::int64_t first_id_ = 0;
  std::vector<std::vector<store::Value>> requests_;
  std::vector<std::vector<store::Value>> events_;
  std::vector<std::vector<store::Value>> waits_;
  Summary summary_;
};

}  // namespace

std::optional<Summary> create(store::Database& db, const Options& options,
                              const std::function<void(std::int64_t, std::int64_t)>& progress) {
  auto started = std::chrono::steady_clock::now();
  std::optional<Summary> summary;
  db.transaction([&](store::Connection& c) {
    if (!c.query("SELECT 1 FROM requests LIMIT 1").empty()) return false;
    auto input = load_input(c);
    // SQLite: a cache that holds the indexes being filled saves rewriting
    // their pages over and over; the connection gets its own back after.
    std::optional<std::int64_t> cache;
    if (c.dialect() == store::Dialect::sqlite) {
      cache = c.query("PRAGMA cache_size").rows.at(0).integer(0);
      c.query("PRAGMA cache_size = -262144");  // 256 MiB
    }
    std::int64_t total = options.requests_per_person * input.people;
    Writer writer(c, input);
    generate(input, options, [&](const Request& r) {
      writer.add(r);
      if (progress && r.number % 100000 == 0) progress(r.number, total);
    });
    summary = writer.finish(options.now);
    if (cache) c.query("PRAGMA cache_size = " + std::to_string(*cache));
    audit::append(c, {"cli:demo", "casework.demo_history", "requests",
                      std::to_string(summary->requests) + " requests over a year, seed " +
                          std::to_string(options.seed),
                      "", ""});
    return true;
  });
  if (summary) {
    summary->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  return summary;
}

}  // namespace ploeg::casework::history
