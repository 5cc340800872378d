#include "casework/handling.hpp"

#include <stdexcept>

namespace ploeg::casework {
namespace {
[[noreturn]] void not_yet() {
  throw std::logic_error("casework handling: not written yet");
}
}  // namespace

QueueAnswer team_queue(store::Database&, const Actor&, const std::string&) {
  not_yet();
}
std::optional<std::string> home_team(store::Connection&, std::int64_t) {
  not_yet();
}
Opened open_request(store::Database&, const Actor&, const std::string&) {
  not_yet();
}
Outcome take_step(store::Database&, const Actor&, const std::string&, const std::string&) {
  not_yet();
}
Outcome take_next(store::Database&, const Actor&, const std::string&) {
  not_yet();
}
Outcome release_step(store::Database&, const Actor&, const std::string&) {
  not_yet();
}
Outcome hand_over(store::Database&, const Actor&, const std::string&, std::int64_t) {
  not_yet();
}
Outcome complete_step(store::Database&, const Actor&, const std::string&, const StepResult&) {
  not_yet();
}
Outcome add_note(store::Database&, const Actor&, const std::string&, const std::string&, bool) {
  not_yet();
}
Outcome move_to_postcode(store::Database&, const Actor&, const std::string&, const std::string&,
                         const std::string&) {
  not_yet();
}
Outcome rate(store::Database&, const Citizen&, int, const std::string&) {
  not_yet();
}
Outcome complain(store::Database&, const Citizen&, const std::string&) {
  not_yet();
}

}  // namespace ploeg::casework
