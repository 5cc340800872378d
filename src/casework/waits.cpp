#include "casework/waits.hpp"

namespace ploeg::casework {

void start_wait(store::Connection& c, std::int64_t request_id, std::int64_t team_id,
                const std::string& step_code, std::string_view reason, std::int64_t at) {
  c.query(
      "INSERT INTO request_waits (request_id, team_id, step_code, reason, started_at) SELECT $1, "
      "$2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM request_waits WHERE request_id = $1 AND "
      "ended_at IS NULL)",
      {request_id, team_id, step_code, std::string(reason), at});
}

void end_waits(store::Connection& c, std::int64_t request_id, std::int64_t at) {
  c.query("UPDATE request_waits SET ended_at = $2 WHERE request_id = $1 AND ended_at IS NULL",
          {request_id, at});
}

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
