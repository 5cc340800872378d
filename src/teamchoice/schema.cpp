// The team choice round's tables (migration 30). A round keeps the teams and
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
}

}  // namespace ploeg::teamchoice
