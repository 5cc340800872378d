#include "casework/waits.hpp"

namespace ploeg::casework {

void register_wait_migrations(store::Migrations& migrations) {
  migrations.add(store::with_ids(81, "casework: waits that are not work, step by step", R"(
CREATE TABLE request_waits (
  id {{id}},
  request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  team_id BIGINT REFERENCES teams (id) ON DELETE SET NULL,
  step_code TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('citizen', 'report', 'service')),
  started_at BIGINT NOT NULL,
  ended_at BIGINT CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX request_waits_request ON request_waits (request_id, started_at);
CREATE INDEX request_waits_team ON request_waits (team_id, started_at);
)"));
}

}  // namespace ploeg::casework
