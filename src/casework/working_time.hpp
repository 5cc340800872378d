// Working time: Monday to Friday, 09:00 to 16:36 on the organisation's wall
// clock, 38 hours a week — the clock the capacity model counts in
// (capacity::Clock::office_hours). The demo history lays its work and waits
// out on it, and staffing reads the event log back on it, so an hour in the
// log is an hour in the model. Public holidays are not left out.
#pragma once

#include <cstdint>

namespace ploeg::casework {

inline constexpr int work_start_minute = 9 * 60;
inline constexpr int work_end_minute = 16 * 60 + 36;
inline constexpr double working_hours_per_week = 38;

// Working hours between two moments (0 when `to` is not after `from`).
double working_hours(std::int64_t from, std::int64_t to);
// The moment `hours` working hours after `from` (from itself for 0 or less;
// a start outside working time counts from the next working moment).
std::int64_t after_working_hours(std::int64_t from, double hours);

// Working days (Monday to Friday) after `from_day` up to and including
// `to_day`, both calendar days; 0 when to_day is not after from_day.
int working_days_after(std::int64_t from_day, std::int64_t to_day);

}  // namespace ploeg::casework
