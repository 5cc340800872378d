#include "casework/handling.hpp"

namespace ploeg::casework {

void register_handling_migrations(store::Migrations& migrations) {
  // A request's current step is its step_index among the steps its
  // conditions leave; holder_id is who has taken that step (NULL: waiting in
  // the queue). decided_at is set by the decision step, finished_at by the
  // last one. The timeline keeps every event, notes and step outcomes
  // included; `medical` marks those only medical competence holders read.
  const char* script = R"(
ALTER TABLE requests ADD COLUMN holder_id BIGINT REFERENCES people (id) ON DELETE SET NULL;
ALTER TABLE requests ADD COLUMN taken_at BIGINT;
ALTER TABLE requests ADD COLUMN decision TEXT CHECK (decision IN ('granted', 'refused'));
ALTER TABLE requests ADD COLUMN motivation TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN finished_at BIGINT;
ALTER TABLE requests ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE requests ADD COLUMN rated_at BIGINT;
CREATE INDEX requests_team_unfinished ON requests (team_id, finished_at, submitted_at);
CREATE INDEX requests_holder ON requests (holder_id);
CREATE TABLE request_events (
  id {{id}},
  request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('filed', 'taken', 'released', 'handed', 'done', 'note',
    'decided', 'moved', 'rated', 'complaint')),
  step_code TEXT NOT NULL DEFAULT '',
  person_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
  team_id BIGINT REFERENCES teams (id) ON DELETE SET NULL,
  body TEXT NOT NULL DEFAULT '',
  medical INTEGER NOT NULL DEFAULT 0 CHECK (medical IN (0, 1))
);
CREATE INDEX request_events_request ON request_events (request_id, at);
CREATE INDEX request_events_person ON request_events (person_id);
)";
  migrations.add(
      store::with_ids(22, "casework: the team's handling of a request, step by step", script));
}

}  // namespace ploeg::casework
