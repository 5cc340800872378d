#include "organisation/team_map.hpp"

#include <algorithm>
#include <cmath>

namespace ploeg::organisation::team_map {

Status status_of(const Coverage& coverage) {
  for (auto& c : coverage.competences) {
    if (c.shortfall > 0) return Status::lacking;
  }
  if (coverage.below_min > 0 || coverage.above_max > 0) return Status::size;
  return Status::complete;
}

const char* status_name(Status status) {
  switch (status) {
    case Status::lacking:
      return "lacking";
    case Status::size:
      return "size";
    case Status::complete:
      break;
  }
  return "complete";
}

double radius(int members) {
  // 15 members give about 26 units, so a regional team fills most of its cell
  // while an empty team stays visible and large communities stay in theirs.
  double r = min_radius + 4.5 * std::sqrt(static_cast<double>(std::max(0, members)));
  return std::min(r, max_radius);
}

std::string shortened(const std::string& text, std::size_t max) {
  if (max == 0) return "";
  std::size_t characters = 0;
  std::size_t cut = text.size();  // where character number `max` starts
  for (std::size_t i = 0; i < text.size(); ++i) {
    // A UTF-8 continuation byte belongs to the character before it.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (characters == max - 1) cut = i;
    ++characters;
  }
  if (characters <= max) return text;
  std::string result = text.substr(0, cut);
  while (!result.empty() && result.back() == ' ') result.pop_back();
  return result + "…";
}

bool natural_less(const std::string& a, const std::string& b) {
  auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t ei = i, ej = j;
      while (ei < a.size() && digit(a[ei])) ++ei;
      while (ej < b.size() && digit(b[ej])) ++ej;
      // Without leading zeros, the longer run is the larger number.
      std::size_t zi = i, zj = j;
      while (zi + 1 < ei && a[zi] == '0') ++zi;
      while (zj + 1 < ej && b[zj] == '0') ++zj;
      if (ei - zi != ej - zj) return ei - zi < ej - zj;
      int c = a.compare(zi, ei - zi, b, zj, ej - zj);
      if (c != 0) return c < 0;
      i = ei;
      j = ej;
    } else {
      if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
      ++i;
      ++j;
    }
  }
  if ((a.size() - i) != (b.size() - j)) return a.size() - i < b.size() - j;
  return a < b;  // "Team 01" and "Team 1": any fixed order
}

std::vector<teams::TeamStatus> in_map_order(std::vector<teams::TeamStatus> statuses) {
  std::vector<std::pair<std::size_t, std::size_t>> keys;  // group index, position
  std::size_t group = 0;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    if (i > 0 && statuses[i].region_code != statuses[i - 1].region_code) ++group;
    keys.push_back({group, i});
  }
  std::stable_sort(keys.begin(), keys.end(), [&](const auto& x, const auto& y) {
    if (x.first != y.first) return x.first < y.first;
    return natural_less(statuses[x.second].name, statuses[y.second].name);
  });
  std::vector<teams::TeamStatus> ordered;
  ordered.reserve(statuses.size());
  for (auto& k : keys) ordered.push_back(std::move(statuses[k.second]));
  return ordered;
}

std::vector<Group> layout(const std::vector<teams::TeamStatus>& given, int columns) {
  columns = std::max(1, columns);
  auto statuses = in_map_order(given);
  std::vector<Group> groups;
  for (auto& team : statuses) {
    if (groups.empty() || groups.back().region_code != team.region_code) {
      groups.push_back({team.region_code, team.region_name, 0, 0, 0, 0, 0, {}});
    }
    auto& group = groups.back();
    Shape shape;
    shape.code = team.code;
    shape.name = team.name;
    shape.label = shortened(team.name, label_length);
    shape.status = status_of(team.coverage);
    shape.members = team.coverage.size;
    int index = static_cast<int>(group.shapes.size());
    double left = (index % columns) * cell_width;
    double top = (index / columns) * cell_height;
    shape.r = radius(shape.members);
    shape.cx = left + cell_width / 2.0;
    shape.cy = top + 44;  // the centre of a circle of max_radius, 6 units below the cell's top
    shape.label_x = shape.cx;
    shape.label_y = top + cell_height - 6;
    // On the circle's upper right, at 45 degrees.
    shape.marker_x = shape.cx + shape.r * 0.7071;
    shape.marker_y = shape.cy - shape.r * 0.7071;
    switch (shape.status) {
      case Status::complete:
        ++group.complete;
        break;
      case Status::lacking:
        ++group.lacking;
        break;
      case Status::size:
        ++group.size;
        break;
    }
    group.shapes.push_back(std::move(shape));
  }
  for (auto& group : groups) {
    int n = static_cast<int>(group.shapes.size());
    group.width = std::min(n, columns) * cell_width;
    group.height = ((n + columns - 1) / columns) * cell_height;
  }
  return groups;
}

}  // namespace ploeg::organisation::team_map
