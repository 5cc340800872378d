#include "organisation/page_support.hpp"

#include "core/clock.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

#include "http/message.hpp"
#include "organisation/editing.hpp"
#include "organisation/store.hpp"
#include "store/names.hpp"

namespace ploeg::organisation::pages {

std::string units(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string today_text() {
  return date_text(today());
}

std::string a_year_after(const std::string& date) {
  if (!editing::valid_date(date)) return "";
  int year = std::stoi(date.substr(0, 4)) + 1;
  std::string rest = date.substr(4);
  if (rest == "-02-29") rest = "-02-28";
  return std::to_string(year) + rest;
}

std::string kind_text(const web::Catalogue& catalogue, const std::string& lang,
                      const std::string& kind) {
  return catalogue.text(lang, "teams_kind_" + kind);
}

std::string bounds_text(int min_size, int max_size) {
  return std::to_string(min_size) + "–" + std::to_string(max_size);
}

std::string status_text(const web::Catalogue& catalogue, const std::string& lang,
                        const Coverage& coverage, const std::map<std::string, std::string>& names) {
  std::vector<std::string> parts;
  std::string lacking;
  for (auto& c : coverage.competences) {
    if (c.shortfall == 0) continue;
    if (!lacking.empty()) lacking += ", ";
    lacking += catalogue.format(
        lang, "teams_short_of",
        {{"competence", name_of(names, c.competence)}, {"count", std::to_string(c.shortfall)}});
  }
  if (!lacking.empty()) parts.push_back(catalogue.format(lang, "teams_lacks", {{"what", lacking}}));
  if (coverage.below_min > 0) {
    parts.push_back(
        catalogue.format(lang, "teams_below_min", {{"count", std::to_string(coverage.below_min)}}));
  }
  if (coverage.above_max > 0) {
    parts.push_back(
        catalogue.format(lang, "teams_above_max", {{"count", std::to_string(coverage.above_max)}}));
  }
  if (parts.empty()) return catalogue.text(lang, "teams_status_complete");
  std::string text;
  for (auto& p : parts) text += (text.empty() ? "" : "; ") + p;
  return text;
}

std::string team_href(const std::string& code) {
  return "/teams/" + http::url_encode(code);
}

std::string region_href(const std::string& region_code) {
  return "/teams?region=" + http::url_encode(region_code.empty() ? no_region : region_code);
}

}  // namespace ploeg::organisation::pages
