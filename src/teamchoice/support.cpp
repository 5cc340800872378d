#include "teamchoice/support.hpp"

#include "audit/audit.hpp"

namespace ploeg::teamchoice::detail {

FieldError problem(std::string field, std::string key, std::string message,
                   std::vector<std::pair<std::string, std::string>> values) {
  return {std::move(field), std::move(key), std::move(message), std::move(values)};
}

Result failed(Verdict verdict, FieldError error) {
  Result r;
  r.verdict = verdict;
  r.errors.push_back(std::move(error));
  return r;
}

Result not_found() {
  return failed(Verdict::not_found, problem("round", "rounds_unknown", "no round"));
}

Result not_open() {
  return failed(Verdict::invalid,
                problem("round", "rounds_error_not_open", "the round takes no more choices"));
}

void record(store::Connection& c, const Actor& actor, const std::string& action,
            std::int64_t round_id, const std::string& detail) {
  audit::append(c, {actor.name, action, "round:" + std::to_string(round_id), detail,
                    actor.remote_address, actor.request_id});
}

Result refused(store::Connection& c, const Actor& actor, const std::string& action,
               std::int64_t round_id) {
  record(c, actor, action + ".refused", round_id, actor.role + ", coaches no team of the region");
  return failed(Verdict::forbidden,
                problem("round", "rounds_error_refused",
                        "only an administrator or a coach of the region's teams may do this"));
}

std::string id_text(std::int64_t id) {
  return std::to_string(id);
}

std::string status_of(store::Connection& c, std::int64_t round_id) {
  auto found = c.query("SELECT status FROM team_rounds WHERE id = $1", {round_id});
  return found.empty() ? "" : found.rows[0].text(0);
}

std::int64_t region_of(store::Connection& c, std::int64_t round_id) {
  auto found = c.query("SELECT region_id FROM team_rounds WHERE id = $1", {round_id});
  return found.empty() ? 0 : found.rows[0].integer(0);
}

}  // namespace ploeg::teamchoice::detail
