// The tables of proposals and their advice (migration 110).
#include "advice/proposals.hpp"

namespace ploeg::advice {

void register_proposal_migrations(store::Migrations& migrations) {
  migrations.add(store::with_ids(110, "advice: proposals, advisers, advice and decisions", R"(
CREATE TABLE proposals (
  id {{id}},
  reference TEXT NOT NULL UNIQUE,
  author_id BIGINT NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
  decider_kind TEXT NOT NULL DEFAULT 'author' CHECK (decider_kind IN ('author', 'team', 'group')),
  decider_code TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  problem TEXT NOT NULL,
  proposal TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'draft'
    CHECK (state IN ('draft', 'asking', 'decided', 'withdrawn')),
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  advice_working_days INTEGER NOT NULL DEFAULT 10 CHECK (advice_working_days BETWEEN 1 AND 60),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  asked_at BIGINT,
  advice_due_day BIGINT,
  review_day BIGINT,
  decided_at BIGINT,
  decision TEXT NOT NULL DEFAULT '',
  reviewed_at BIGINT,
  review TEXT NOT NULL DEFAULT ''
);
CREATE INDEX proposals_state ON proposals (state, decided_at);
CREATE INDEX proposals_author ON proposals (author_id, state);
CREATE TABLE proposal_versions (
  proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  problem TEXT NOT NULL,
  proposal TEXT NOT NULL,
  saved_at BIGINT NOT NULL,
  PRIMARY KEY (proposal_id, version)
);
CREATE TABLE proposal_teams (
  proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE RESTRICT,
  PRIMARY KEY (proposal_id, team_id)
);
CREATE INDEX proposal_teams_team ON proposal_teams (team_id);
CREATE TABLE proposal_regions (
  proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  region_id BIGINT NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
  PRIMARY KEY (proposal_id, region_id)
);
CREATE TABLE proposal_advisers (
  proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  reasons TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (proposal_id, person_id)
);
CREATE INDEX proposal_advisers_person ON proposal_advisers (person_id);
CREATE TABLE advice (
  id {{id}},
  proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  stance TEXT NOT NULL CHECK (stance IN ('support', 'concern', 'objection', 'pass')),
  text TEXT NOT NULL,
  author_only INTEGER NOT NULL DEFAULT 0 CHECK (author_only IN (0, 1)),
  asked INTEGER NOT NULL CHECK (asked IN (0, 1)),
  version INTEGER NOT NULL,
  at BIGINT NOT NULL,
  answer TEXT NOT NULL DEFAULT '',
  answered_at BIGINT
);
CREATE INDEX advice_proposal ON advice (proposal_id, at);
CREATE INDEX advice_person ON advice (person_id);
CREATE TABLE proposal_questions (
  id {{id}},
  proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  question TEXT NOT NULL,
  asked_at BIGINT NOT NULL,
  answer TEXT NOT NULL DEFAULT '',
  answered_at BIGINT
);
CREATE INDEX proposal_questions_proposal ON proposal_questions (proposal_id, asked_at);
)"));
}

}  // namespace ploeg::advice
