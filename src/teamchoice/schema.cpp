// The team choice round's tables (migrations 30 and 31). A round keeps the teams and
// people it covers as they were when it opened, so people who join or leave a
// team meanwhile do not change who may choose. Numbers are stored whole:
// the bound in hundredths of a point and the gap in parts per million. On
// acceptance each proposal row records whether the person's membership
// changed and from which team, so the page can say what changed.
#include "teamchoice/rounds.hpp"

namespace ploeg::teamchoice {

void register_migrations(store::Migrations& migrations) {
  migrations.add(store::with_ids(30, "teamchoice: team choice rounds, choices and proposals", R"(
CREATE TABLE team_rounds (
  id {{id}},
  title TEXT NOT NULL,
  region_id BIGINT NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
  opened_by_user BIGINT REFERENCES users (id) ON DELETE SET NULL,
  opened_by_person BIGINT REFERENCES people (id) ON DELETE SET NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'proposed', 'accepted', 'closed')),
  opened_at BIGINT NOT NULL,
  proposal_at BIGINT,
  feasible INTEGER NOT NULL DEFAULT 0,
  proven_optimal INTEGER NOT NULL DEFAULT 0,
  objective BIGINT NOT NULL DEFAULT 0,
  preference_points BIGINT NOT NULL DEFAULT 0,
  colleague_points BIGINT NOT NULL DEFAULT 0,
  move_penalty BIGINT NOT NULL DEFAULT 0,
  bound_hundredths BIGINT NOT NULL DEFAULT 0,
  gap_ppm BIGINT NOT NULL DEFAULT 0,
  violations TEXT NOT NULL DEFAULT '',
  published_at BIGINT,
  accepted_at BIGINT,
  accepted_by_user BIGINT REFERENCES users (id) ON DELETE SET NULL,
  accepted_changes BIGINT
);
CREATE INDEX team_rounds_region ON team_rounds (region_id);
CREATE TABLE team_round_teams (
  round_id BIGINT NOT NULL REFERENCES team_rounds (id) ON DELETE CASCADE,
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  PRIMARY KEY (round_id, team_id)
);
CREATE TABLE team_round_people (
  round_id BIGINT NOT NULL REFERENCES team_rounds (id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  current_team_id BIGINT REFERENCES teams (id) ON DELETE SET NULL,
  PRIMARY KEY (round_id, person_id)
);
CREATE INDEX team_round_people_person ON team_round_people (person_id);
CREATE TABLE team_round_choices (
  round_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  preference INTEGER NOT NULL CHECK (preference BETWEEN 1 AND 3),
  team_id BIGINT NOT NULL,
  PRIMARY KEY (round_id, person_id, preference),
  UNIQUE (round_id, person_id, team_id),
  FOREIGN KEY (round_id, person_id) REFERENCES team_round_people (round_id, person_id)
    ON DELETE CASCADE,
  FOREIGN KEY (round_id, team_id) REFERENCES team_round_teams (round_id, team_id)
    ON DELETE CASCADE
);
CREATE TABLE team_round_likes (
  round_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  liked_id BIGINT NOT NULL,
  PRIMARY KEY (round_id, person_id, liked_id),
  CHECK (liked_id <> person_id),
  FOREIGN KEY (round_id, person_id) REFERENCES team_round_people (round_id, person_id)
    ON DELETE CASCADE,
  FOREIGN KEY (round_id, liked_id) REFERENCES team_round_people (round_id, person_id)
    ON DELETE CASCADE
);
CREATE TABLE team_round_chosen (
  round_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  chosen_at BIGINT NOT NULL,
  PRIMARY KEY (round_id, person_id),
  FOREIGN KEY (round_id, person_id) REFERENCES team_round_people (round_id, person_id)
    ON DELETE CASCADE
);
CREATE TABLE team_round_proposal (
  round_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  team_id BIGINT NOT NULL,
  choice INTEGER NOT NULL CHECK (choice BETWEEN 0 AND 3),
  moved INTEGER NOT NULL DEFAULT 0,
  stated INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '',
  changed INTEGER NOT NULL DEFAULT 0,
  previous_team_id BIGINT,
  PRIMARY KEY (round_id, person_id),
  FOREIGN KEY (round_id, person_id) REFERENCES team_round_people (round_id, person_id)
    ON DELETE CASCADE,
  FOREIGN KEY (round_id, team_id) REFERENCES team_round_teams (round_id, team_id)
    ON DELETE CASCADE
);
)"));
  // Migration 31: what the pages need to say reasons and violations in the
  // reader's language (the English text stays for rows from before), the
  // optimiser's runs in the background, and the star roles an acceptance
  // ended. At most one run of a round is queued or running at a time; a run
  // whose updated_at stops moving is given up by the next start (runs.cpp).
  migrations.add(store::with_ids(31, "teamchoice: reasons and violations as data, optimiser runs",
                                 R"(
ALTER TABLE team_round_proposal ADD COLUMN reason_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE team_round_proposal ADD COLUMN reason_competence TEXT NOT NULL DEFAULT '';
ALTER TABLE team_round_proposal ADD COLUMN reason_wanted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE team_round_proposal ADD COLUMN reason_places INTEGER NOT NULL DEFAULT 0;
ALTER TABLE team_round_proposal ADD COLUMN liked_together INTEGER NOT NULL DEFAULT 0;
ALTER TABLE team_rounds ADD COLUMN accepted_roles_ended BIGINT;
CREATE TABLE team_round_violations (
  round_id BIGINT NOT NULL REFERENCES team_rounds (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  person TEXT NOT NULL DEFAULT '',
  team TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '',
  competence TEXT NOT NULL DEFAULT '',
  have INTEGER NOT NULL DEFAULT 0,
  need INTEGER NOT NULL DEFAULT 0,
  teams INTEGER NOT NULL DEFAULT 0,
  each_need INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (round_id, seq)
);
CREATE TABLE team_round_runs (
  id {{id}},
  round_id BIGINT NOT NULL REFERENCES team_rounds (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress_permille INTEGER NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  outcome_key TEXT NOT NULL DEFAULT '',
  started_by_user BIGINT REFERENCES users (id) ON DELETE SET NULL,
  started_by TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX team_round_runs_round ON team_round_runs (round_id, id);
CREATE UNIQUE INDEX team_round_runs_one_active ON team_round_runs (round_id)
  WHERE status IN ('queued', 'running');
)"));
  // How many casework steps an acceptance gave back to the queue: those
  // taken by people who left a team with it (casework/holding.hpp).
  migrations.add({32, "teamchoice: casework steps released on acceptance",
                  "ALTER TABLE team_rounds ADD COLUMN accepted_steps_released BIGINT;", ""});
}

}  // namespace ploeg::teamchoice
