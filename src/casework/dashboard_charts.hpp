// The dashboard's numbers in words and its SVG trend charts, each with the
// same numbers as a table beside it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "casework/figures_read.hpp"
#include "web/catalogue.hpp"
#include "web/views.hpp"

namespace ploeg::casework::dashboard {

// What a page shows for a figure that has no value (no decisions, say).
extern const std::string none;

std::string fixed(double value, int decimals);
std::string whole(std::optional<std::int64_t> n);
std::string percent(std::optional<double> share);
std::string decimal(std::optional<double> value);
std::optional<double> real(std::optional<std::int64_t> n);
// "2026-11-23", or "2026-11" for a month.
std::string date_text(std::int64_t day, bool month);
// The same day `months` months earlier, the last of that month when it is
// shorter: where the range of the figures' pages and API starts.
std::int64_t months_before(std::int64_t day, int months);

// The four trend charts (flow, throughput time, backlog, satisfaction) of
// `points`, weeks or months. The period that holds `today` is not over yet:
// it is shaded and labelled so its lower counts do not read as a drop.
web::List trend_charts(const web::Catalogue& catalogue, const std::string& lang,
                       const std::vector<figures::Figures>& points, bool month, std::int64_t today);

}  // namespace ploeg::casework::dashboard
