// The queries behind what a co-worker sees of the team's casework: the queue
// and one request, read for the pages (handling_pages.cpp) and the API.
#include <algorithm>
#include <map>

#include "audit/audit.hpp"
#include "casework/handling.hpp"
#include "casework/handling_support.hpp"
#include "casework/holding.hpp"
#include "casework/process.hpp"
#include "casework/store.hpp"
#include "casework/working_time.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"

namespace ploeg::casework {

std::optional<std::string> home_team(store::Connection& c, std::int64_t person_id) {
  if (person_id == 0) return std::nullopt;
  auto found = c.query(
      "SELECT t.code FROM memberships m JOIN teams t ON t.id = m.team_id WHERE m.person_id = $1 "
      "AND t.kind = 'regional' ORDER BY t.code LIMIT 1",
      {person_id});
  if (found.empty()) return std::nullopt;
  return found.rows[0].text(0);
}

namespace {

// `text` for a LIKE pattern: its own % and _ match only themselves.
std::string like_escaped(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '\\' || ch == '%' || ch == '_') out += '\\';
    out += ch;
  }
  return out;
}

std::string ascii_case(std::string text, bool upper) {
  for (auto& ch : text) {
    if (upper && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (!upper && ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return text;
}

}  // namespace

QueueAnswer team_queue(store::Database& db, const Actor& actor, const std::string& team_code,
                       const QueueFilter& filter) {
  QueueAnswer answer;
  auto lease = db.acquire();
  auto& c = *lease;
  auto team = c.query("SELECT id, name FROM teams WHERE code = $1", {team_code});
  if (team.empty()) {
    answer.verdict = Verdict::not_found;
    return answer;
  }
  auto team_id = team.rows[0].integer(0);
  auto s = handling::standing(actor, team_id);
  if (!s.member) {
    answer.verdict = Verdict::forbidden;
    db.transaction([&](store::Connection& t) {
      audit::append(t, {actor.name, "queue.view.refused", "team:" + team_code,
                        "not a member of the team", actor.remote_address, actor.request_id});
      return true;
    });
    return answer;
  }
  auto search = text::trimmed(filter.search);
  if (text::characters(search) > max_queue_search_length) {
    answer.verdict = Verdict::invalid;
    return answer;
  }
  Queue q;
  q.team_code = team_code;
  q.team_name = team.rows[0].text(1);
  q.my_competences.assign(s.competences.begin(), s.competences.end());
  auto process = sql::load_process(c);
  std::map<std::string, const RequestType*> types;
  for (auto& t : process.types) types[t.code] = &t;
  q.held_too_long_days = held_too_long_days(c, team_id);
  auto now_day = today();
  std::string sql =
      "SELECT r.reference, t.code, r.conditions, r.step_index, r.submitted_at, r.holder_id, "
      "p.name, r.decided_at, r.taken_at, r.contact_name, (SELECT count(*) FROM "
      "decision_proposals dp WHERE dp.request_id = r.id) FROM requests r JOIN request_types t ON "
      "t.id = r.request_type_id LEFT JOIN people p ON p.id = r.holder_id WHERE r.team_id = $1 "
      "AND r.finished_at IS NULL";
  std::vector<store::Value> params = {team_id};
  if (!filter.type.empty()) {
    params.push_back(filter.type);
    sql += " AND t.code = $" + std::to_string(params.size());
  }
  if (filter.older_than_days > 0) {
    params.push_back(now_seconds() - std::int64_t{filter.older_than_days} * 24 * 3600);
    sql += " AND r.submitted_at < $" + std::to_string(params.size());
  }
  if (!search.empty()) {
    // A reference is matched from its start, whatever the case; a name
    // anywhere in it (case folded for ASCII letters on both backends).
    params.push_back(like_escaped(ascii_case(search, true)) + "%");
    params.push_back("%" + like_escaped(ascii_case(search, false)) + "%");
    auto n = params.size();
    sql += " AND (upper(r.reference) LIKE $" + std::to_string(n - 1) +
           " ESCAPE '\\' OR lower(r.contact_name) LIKE $" + std::to_string(n) + " ESCAPE '\\')";
  }
  sql += " ORDER BY r.submitted_at, r.id";
  for (auto& r : c.query(sql, params).rows) {
    auto type = types.find(r.text(1));
    if (type == types.end()) continue;
    auto steps = steps_for(*type->second, sql::split_codes(r.text(2)));
    auto at = static_cast<std::size_t>(r.integer(3));
    if (at >= steps.size()) continue;
    if (!filter.step.empty() && steps[at]->code != filter.step) continue;
    QueueItem item;
    item.reference = r.text(0);
    item.type_code = type->second->code;
    item.type_name = type->second->name;
    item.step_code = steps[at]->code;
    item.step_name = steps[at]->name;
    item.competence = steps[at]->competence;
    item.submitted_at = r.integer(4);
    item.target_days = type->second->target_days;
    item.holder_id = r.optional_integer(5).value_or(0);
    item.holder_name = r.optional_text(6).value_or("");
    item.decided = !r.is_null(7);
    item.awaiting_confirmation = r.integer(10) > 0;
    item.can_take = item.holder_id == 0 && s.holds(item.competence) && !item.awaiting_confirmation;
    if (item.holder_id != 0 && !r.is_null(8)) {
      item.taken_at = r.integer(8);
      item.held_working_days = working_days_after(local_day(item.taken_at), now_day);
      item.held_too_long = item.held_working_days > q.held_too_long_days;
    }
    if (!search.empty()) item.citizen_name = r.text(9);
    q.items.push_back(std::move(item));
  }
  if (!search.empty()) {
    // The names shown are personal data: who searched, and what they saw.
    std::string shown;
    for (std::size_t i = 0; i < q.items.size() && i < 50; ++i) {
      shown += (i ? " " : "") + q.items[i].reference;
    }
    db.transaction([&](store::Connection& t) {
      audit::append(
          t, {actor.name, "queue.search", "team:" + team_code,
              std::to_string(q.items.size()) + " shown" + (shown.empty() ? "" : ": " + shown),
              actor.remote_address, actor.request_id});
      return true;
    });
  }
  answer.queue = std::move(q);
  return answer;
}

namespace {

using handling::Case;

void fill_steps(store::Connection& c, const Case& k, RequestView& v) {
  // The latest 'done' event of each step gives its outcome.
  std::map<std::string, StepState> done;
  for (auto& r : c.query("SELECT e.step_code, e.body, p.name, e.at FROM request_events e LEFT "
                         "JOIN people p ON p.id = e.person_id WHERE e.request_id = $1 AND e.kind "
                         "= 'done' ORDER BY e.at, e.id",
                         {k.id})
                     .rows) {
    auto& s = done[r.text(0)];
    s.outcome = r.text(1);
    s.by = r.optional_text(2).value_or("");
    s.done_at = r.integer(3);
  }
  for (std::size_t i = 0; i < k.steps.size(); ++i) {
    auto& step = k.steps[i];
    StepState s;
    if (i < k.step_index && done.count(step.code)) s = done[step.code];
    s.code = step.code;
    s.name = step.name;
    s.competence = step.competence;
    s.state = i < k.step_index    ? StepState::State::done
              : i == k.step_index ? StepState::State::current
                                  : StepState::State::waiting;
    if (step.competence == medical_competence && !v.viewer_reads_medical && !s.outcome.empty()) {
      s.outcome.clear();
      s.hidden = true;
    }
    v.steps.push_back(std::move(s));
  }
}

void fill_timeline(store::Connection& c, const Case& k, RequestView& v) {
  std::map<std::string, std::string> step_names;
  for (auto& s : k.type.steps) step_names[s.code] = s.name;
  // The answers to complaints (complaints.hpp) are entries of the timeline too.
  for (auto& r : c.query("SELECT e.at, e.kind, e.step_code, p.name, e.body, e.medical, 0, e.id "
                         "FROM request_events e LEFT JOIN people p ON p.id = e.person_id WHERE "
                         "e.request_id = $1 UNION ALL SELECT a.answered_at, "
                         "'complaint_answered', '', p.name, a.answer, 0, 1, a.id FROM "
                         "complaint_answers a LEFT JOIN people p ON p.id = a.person_id WHERE "
                         "a.request_id = $1 ORDER BY 1, 7, 8",
                         {k.id})
                     .rows) {
    TimelineEntry e;
    e.at = r.integer(0);
    e.kind = r.text(1);
    e.step_name = step_names.count(r.text(2)) ? step_names[r.text(2)] : r.text(2);
    if (step_names.count(r.text(2))) e.step_code = r.text(2);
    e.person_name = r.optional_text(3).value_or("");
    e.text = r.text(4);
    e.medical = r.integer(5) != 0;
    if (e.medical && !v.viewer_reads_medical) {
      ++v.hidden_medical;
      continue;
    }
    v.timeline.push_back(std::move(e));
  }
}

}  // namespace

Opened open_request(store::Database& db, const Actor& actor, const std::string& reference) {
  Opened opened;
  db.transaction([&](store::Connection& c) {
    auto k = handling::load_case(c, reference);
    if (!k) {
      opened.verdict = Verdict::not_found;
      return false;
    }
    auto s = handling::standing(actor, k->team_id);
    if (!s.member) {
      opened.verdict = Verdict::forbidden;
      handling::audit_case(c, actor, "request.view.refused", reference, "not a member of the team");
      return true;
    }
    auto row = c.query(
                    "SELECT r.postcode, r.contact_name, r.contact_email, r.contact_phone, "
                    "r.description, p.name, r.decision, r.motivation, r.rating, r.amount_cents, "
                    "r.amount_period, (SELECT count(*) FROM decision_proposals dp WHERE "
                    "dp.request_id = r.id) FROM requests r "
                    "LEFT JOIN people p ON p.id = r.holder_id WHERE r.id = $1",
                    {k->id})
                   .rows.at(0);
    RequestView v;
    v.reference = k->reference;
    v.type_code = k->type.code;
    v.type_name = k->type.name;
    v.conditions = k->conditions;
    v.team_code = k->team_code;
    v.team_name = k->team_name;
    v.postcode = row.text(0);
    v.contact_name = row.text(1);
    v.contact_email = row.text(2);
    v.contact_phone = row.text(3);
    v.description = row.text(4);
    v.submitted_at = k->submitted_at;
    v.target_days = k->type.target_days;
    v.holder_id = k->holder_id;
    v.holder_name = row.optional_text(5).value_or("");
    v.decided_at = k->decided_at;
    v.decision = row.optional_text(6).value_or("");
    v.motivation = row.text(7);
    if (auto rating = row.optional_integer(8)) v.rating = static_cast<int>(*rating);
    v.amount_cents = row.optional_integer(9);
    v.amount_period = row.optional_text(10).value_or("");
    v.awaiting_confirmation = row.integer(11) > 0;
    v.finished = k->current() == nullptr;
    v.viewer_reads_medical = s.holds(medical_competence);
    v.viewer_is_holder = k->holder_id != 0 && k->holder_id == actor.person.id;
    v.viewer_can_take = k->current() && !k->holder_id && s.holds(k->current()->competence) &&
                        !v.awaiting_confirmation;
    v.viewer_can_take_over = k->current() && k->holder_id && k->holder_id != actor.person.id &&
                             s.holds(k->current()->competence);
    fill_steps(c, *k, v);
    fill_timeline(c, *k, v);
    if (k->current()) {
      for (auto& r : c.query("SELECT p.id, p.name FROM memberships m JOIN people p ON p.id = "
                             "m.person_id JOIN person_competences pc ON pc.person_id = p.id JOIN "
                             "competences k ON k.id = pc.competence_id WHERE m.team_id = $1 AND "
                             "k.code = $2 ORDER BY p.name",
                             {k->team_id, k->current()->competence})
                         .rows) {
        if (r.integer(0) == k->holder_id) continue;
        v.can_take_over.push_back({r.integer(0), r.text(1)});
      }
    }
    // Every look at a citizen's personal data is in the audit log.
    handling::audit_case(c, actor, "request.view", reference);
    opened.view = std::move(v);
    return true;
  });
  return opened;
}

}  // namespace ploeg::casework
