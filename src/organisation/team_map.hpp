// The geometry of the team-of-teams map: one group per region (teams
// without a region in a group of their own), each team a circle whose area
// grows with its members, laid out in a grid of cells. Pure: the teams'
// statuses in, shapes in SVG user units out; the template draws them.
#pragma once

#include <string>
#include <vector>

#include "organisation/teams.hpp"

namespace ploeg::organisation::team_map {

// What the map tells about a team. A team lacking a competence shows as
// lacking even when its size is off too: that is the harder gap to fill.
enum class Status { complete, lacking, size };
Status status_of(const Coverage& coverage);
const char* status_name(Status status);  // "complete", "lacking", "size"

inline constexpr int cell_width = 96;
inline constexpr int cell_height = 100;
inline constexpr double min_radius = 9;
inline constexpr double max_radius = 38;
inline constexpr std::size_t label_length = 13;  // characters under a circle

// The circle's radius for a team of `members`: its area grows with the
// members (radius with their square root), within [min_radius, max_radius].
double radius(int members);

// `text` cut to `max` characters (not bytes) with "…" when it was longer.
std::string shortened(const std::string& text, std::size_t max);

// "Antwerpen 2" before "Antwerpen 10": runs of digits compare as numbers.
bool natural_less(const std::string& a, const std::string& b);

// The teams grouped as they come (by region), within a region by name in
// natural order: the order of the map and of the table beside it.
std::vector<teams::TeamStatus> in_map_order(std::vector<teams::TeamStatus> statuses);

struct Shape {
  std::string code;
  std::string name;
  std::string label;  // the name, shortened to fit under the circle
  Status status = Status::complete;
  int members = 0;
  double cx = 0, cy = 0, r = 0;
  double label_x = 0, label_y = 0;
  // The marker beside a team that is not complete ("!" or "±").
  double marker_x = 0, marker_y = 0;
};

struct Group {
  std::string region_code;  // empty: teams without a region
  std::string region_name;
  int width = 0;  // SVG user units: the group's own viewBox
  int height = 0;
  int complete = 0, lacking = 0, size = 0;  // teams per status
  std::vector<Shape> shapes;
};

// The groups in the order of `statuses` (team_statuses(): by region name,
// teams without a region last), the teams in in_map_order(), each group
// `columns` cells wide at most.
std::vector<Group> layout(const std::vector<teams::TeamStatus>& statuses, int columns);

}  // namespace ploeg::organisation::team_map
