// The tables of the figures' pages as CSV files people open in a
// spreadsheet: the same rows as the page, headed in the visitor's language,
// numbers plain (a dot for decimals, no % sign, empty when unknown) so the
// spreadsheet reads them as numbers. Internal to casework.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "casework/figures_read.hpp"
#include "http/message.hpp"
#include "store/database.hpp"
#include "web/catalogue.hpp"

namespace ploeg::casework::dashboard {

struct CsvTable {
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;
  // The file: head and rows, every cell neutralised against formulas.
  std::string text() const;
};

// A number as a spreadsheet reads it: "12", "3.5", "" when unknown; at
// most two decimals.
std::string csv_number(std::optional<double> value);
std::string csv_whole(std::optional<std::int64_t> value);
// A share (0..1) as a percentage, to go under a heading that says "(%)".
std::string csv_percent(std::optional<double> share);
// A heading with "(%)" after it, in the visitor's language.
std::string percent_heading(const web::Catalogue& catalogue, const std::string& lang,
                            const std::string& key);

// The codes of the tables every figures page has, in the order shown: the
// key figures, then the four trend charts' tables.
inline const std::vector<std::string> common_tables = {"key", "flow", "throughput", "backlog",
                                                       "satisfaction"};

// The key figures of the range, one a row: figure, value.
CsvTable key_table(const web::Catalogue& catalogue, const std::string& lang,
                   const figures::Figures& sum, const figures::Backlog& now);
// One trend chart's table ("flow", "throughput", "backlog", "satisfaction"):
// the period's first day, then the chart's lines; nullopt for another code.
std::optional<CsvTable> trend_table(const web::Catalogue& catalogue, const std::string& lang,
                                    const std::string& code,
                                    const std::vector<figures::Figures>& points, bool month);

// The teams (or, `regions`, the regions) side by side, in the order given,
// with the page's columns.
CsvTable teams_table(const web::Catalogue& catalogue, const std::string& lang,
                     const std::vector<figures::TeamFigures>& rows, bool regions);
// The similar teams that do better on `measure`, and whom there to ask.
CsvTable peers_table(const web::Catalogue& catalogue, const std::string& lang,
                     const figures::PeerSearch& found, figures::Measure measure);

// The download: `table` as `file`, never kept by a cache, and in the audit
// log as figures.export with its scope ("organisation", "region:CODE",
// "team:CODE"), the table and its number of rows, as every export is.
http::Response csv_file(store::Database& db, http::Request& request, const CsvTable& table,
                        const std::string& scope, const std::string& code, const std::string& file);

}  // namespace ploeg::casework::dashboard
