// The team's side of a request: the queue, where a co-worker who holds the
// competence of a request's next step takes it (pull: nobody assigns); the
// request page with its timeline, notes and the outcome of each step; the
// decision with its motivation; hand-over within the team and to another
// team when the citizen moves. The citizen's rating and complaints.
//
// Privacy: only members of the team handling a request see it (personal data
// included), and medical notes and outcomes only those of them who hold the
// medical competence. Every view, every refusal and every change is in the
// audit log, which names the request by its reference only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/outcome.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::casework {

// The competence whose holders read medical notes and outcomes.
inline constexpr const char* medical_competence = "medical";
// The step whose completion decides the request (with a decision and its motivation).
inline constexpr const char* decision_step = "decision";
inline constexpr std::size_t max_note_length = 4000;
inline constexpr std::size_t min_motivation_length = 20;

// Who acts (core/actor.hpp): a signed-in account and the person it is; a
// person who is nobody of the organisation is a member of no team.
using ploeg::Actor;

// What came of an action (core/outcome.hpp): forbidden: the actor is not a
// member of the handling team (audited); not_found: no such request (or the
// actor may not know whether there is one); conflict: the request moved on
// meanwhile; invalid: bad input.
struct Outcome : ploeg::Outcome {
  std::string reference;  // the request acted on (take_next tells which)
  // The decision was proposed and waits for a second co-worker (review.hpp).
  bool awaiting_confirmation = false;
  Outcome() = default;
  Outcome(ploeg::Outcome o) : ploeg::Outcome(std::move(o)) {}
};

struct QueueItem {
  std::string reference;
  std::string type_code;
  std::string type_name;
  std::string step_code;
  std::string step_name;
  std::string competence;  // the current step's
  std::int64_t submitted_at = 0;
  int target_days = 0;
  std::int64_t holder_id = 0;  // who has taken the step; 0: waiting in the queue
  std::string holder_name;
  bool decided = false;   // decided; notification or payment may be left
  bool can_take = false;  // waiting, and the viewer holds the competence
  std::int64_t taken_at = 0;
  std::string citizen_name;    // only when the queue was searched
  int held_working_days = 0;   // since it was taken
  bool held_too_long = false;  // longer than the team's setting
  // A decision proposed, waiting for a second co-worker (casework/review.hpp).
  bool awaiting_confirmation = false;
};

struct Queue {
  std::string team_code;
  std::string team_name;
  std::vector<std::string> my_competences;
  std::vector<QueueItem> items;  // every request not finished, oldest first
  int held_too_long_days = 0;    // the team's setting (casework/holding.hpp)
};

// What a member looks for in the queue; empty fields do not filter.
inline constexpr std::size_t max_queue_search_length = 100;
struct QueueFilter {
  std::string type;         // a request type's code
  std::string step;         // a step's code
  int older_than_days = 0;  // received more than this many days ago
  std::string search;       // a reference's start, or part of the citizen's name
};

// A team's queue, for its members only (403 and an audited refusal for
// anyone else; 404 for a team that does not exist; 422 for a search longer
// than max_queue_search_length). A search shows the citizens' names of what
// it finds, so each search is in the audit log with the references shown.
struct QueueAnswer {
  Verdict verdict = Verdict::ok;
  std::optional<Queue> queue;
};
QueueAnswer team_queue(store::Database& db, const Actor& actor, const std::string& team_code,
                       const QueueFilter& filter = {});

// The team the actor is a member of that handles requests (the first
// regional one), if any: where "my queue" leads.
std::optional<std::string> home_team(store::Connection& c, std::int64_t person_id);

struct StepState {
  std::string code;
  std::string name;
  std::string competence;
  enum class State { done, current, waiting } state = State::waiting;
  std::string outcome;  // of a done step; hidden (empty) when medical and not for the viewer
  std::string by;       // who did it
  std::int64_t done_at = 0;
  bool hidden = false;  // a medical outcome the viewer may not read
};

struct TimelineEntry {
  std::int64_t at = 0;
  std::string kind;       // filed, taken, released, handed, done, note, decided, moved, rated,
                          // complaint
  std::string step_code;  // empty when the event names no step of the type
  std::string step_name;
  std::string person_name;  // the co-worker; empty for the citizen
  std::string text;
  bool medical = false;
};

struct Colleague {
  std::int64_t person_id = 0;
  std::string name;
};

struct RequestView {
  std::string reference;
  std::string type_code;
  std::string type_name;
  std::vector<std::string> conditions;
  std::string team_code;
  std::string team_name;
  // Personal data: members of the handling team only.
  std::string postcode;
  std::string contact_name;
  std::string contact_email;
  std::string contact_phone;
  std::string description;
  std::int64_t submitted_at = 0;
  int target_days = 0;
  std::vector<StepState> steps;
  std::int64_t holder_id = 0;
  std::string holder_name;
  std::optional<std::int64_t> decided_at;
  std::string decision;  // granted, refused
  std::string motivation;
  std::optional<std::int64_t> amount_cents;  // granted, where the type grants an amount
  std::string amount_period;                 // monthly or once
  bool awaiting_confirmation = false;        // a proposed decision waits (review.hpp)
  std::optional<int> rating;
  bool finished = false;  // every step done
  bool viewer_is_holder = false;
  bool viewer_can_take = false;
  // Held by a colleague, and the viewer holds its competence (holding.hpp).
  bool viewer_can_take_over = false;
  bool viewer_reads_medical = false;
  int hidden_medical = 0;  // medical notes left out for this viewer
  std::vector<TimelineEntry> timeline;
  // Members who hold the current step's competence: whom it can go to.
  std::vector<Colleague> can_take_over;
};

struct Opened {
  Verdict verdict = Verdict::ok;  // forbidden: not a member (audited); not_found: unknown
  std::optional<RequestView> view;
};
// Opens a request for `actor`; the view (or the refusal) is audited.
Opened open_request(store::Database& db, const Actor& actor, const std::string& reference);

// Takes the current step of the request (it must be `step_code`, as the page
// showed it) or, with take_next, the oldest waiting request of the team whose
// step the actor can do.
Outcome take_step(store::Database& db, const Actor& actor, const std::string& reference,
                  const std::string& step_code);
Outcome take_next(store::Database& db, const Actor& actor, const std::string& team_code);
// Gives the taken step back to the queue.
Outcome release_step(store::Database& db, const Actor& actor, const std::string& reference);
// Hands the taken step to a colleague of the team who holds its competence.
Outcome hand_over(store::Database& db, const Actor& actor, const std::string& reference,
                  std::int64_t to_person_id);

struct StepResult {
  std::string step_code;   // the step the page showed
  std::string outcome;     // what came of it: required
  std::string decision;    // the decision step only: granted or refused
  std::string motivation;  // the decision step only: required
  // The decision step only, when granting and the type grants an amount
  // (casework/review.hpp): euros as typed, required.
  std::string amount = {};
};
// Completes the step the actor has taken.
Outcome complete_step(store::Database& db, const Actor& actor, const std::string& reference,
                      const StepResult& result);

Outcome add_note(store::Database& db, const Actor& actor, const std::string& reference,
                 const std::string& text, bool medical);

// The citizen moved: the request goes to the team of the new postcode, with
// its history; its taken step goes back to the queue of the new team.
Outcome move_to_postcode(store::Database& db, const Actor& actor, const std::string& reference,
                         const std::string& postcode, const std::string& reason);

// The citizen's side, by the status link's token.
struct Citizen {
  std::string status_token;
  std::string remote_address;
  std::string request_id;
};
// Once, after the decision: 1 to 5 and an optional comment.
Outcome rate(store::Database& db, const Citizen& citizen, int score, const std::string& comment);
// The first complaint is counted in the team's figures; later ones from the
// citizen are added to it (with their time), not counted again, up to
// max_complaint_length in all.
inline constexpr std::size_t max_complaint_length = 5 * max_note_length;
Outcome complain(store::Database& db, const Citizen& citizen, const std::string& text);

void register_handling_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework
