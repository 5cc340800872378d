#include "weekplan/unmet_text.hpp"

#include <map>

namespace ploeg::weekplan {
namespace {

using roster::Place;

std::string competence_name(const TeamWeek& t, const std::string& code) {
  auto found = t.competence_names.find(code);
  return found == t.competence_names.end() ? code : found->second;
}

roster::Assignment appointments_given(const TeamWeek& t, roster::Assignment a, bool proposed) {
  a.appointment_member.clear();
  for (auto& ap : t.appointments)
    a.appointment_member.push_back(
        member_index(t, proposed ? ap.proposed_person_id : ap.person_id));
  return a;
}

}  // namespace

roster::Assignment rows_as_plan(const TeamWeek& t) {
  roster::Assignment a;
  for (auto& m : t.members) {
    std::vector<Place> row;
    for (std::size_t d = 0; d < m.mine.size(); ++d)
      row.push_back(!m.works[d] ? Place::off
                                : m.mine[d].value_or(m.plan[d].value_or(Place::office)));
    a.place.push_back(row);
  }
  return appointments_given(t, std::move(a), false);
}

roster::Assignment proposal_as_plan(const TeamWeek& t) {
  roster::Assignment a;
  for (auto& m : t.members) {
    std::vector<Place> row;
    for (auto& p : m.proposal) row.push_back(p.value_or(Place::office));
    a.place.push_back(row);
  }
  return appointments_given(t, std::move(a), true);
}

std::string appointment_label(const web::Catalogue& cat, const std::string& lang, const TeamWeek& t,
                              const AppointmentRow& a) {
  return cat.format(
      lang, "week_appointment_label",
      {{"day", cat.text(lang, "week_day_" + std::to_string(a.day - t.monday))},
       {"time", clock_text(a.starts)},
       {"competence", competence_name(t, a.competence)},
       {"where", cat.text(lang, std::string("week_where_") + roster::where_name(a.where))}});
}

std::vector<std::string> unmet_texts(const web::Catalogue& cat, const std::string& lang,
                                     const TeamWeek& t, const roster::Assignment& plan,
                                     const roster::Score& score, Checked checked) {
  auto day = [&](int d) { return cat.text(lang, "week_day_" + std::to_string(d)); };
  auto place = [&](Place p) {
    return cat.text(lang, std::string("week_place_") + roster::place_name(p));
  };
  auto name = [&](int m) { return t.members[static_cast<std::size_t>(m)].name; };
  // "at home", "in the office", "on field visits": where someone works, in a sentence.
  auto where = [&](Place p) {
    return cat.text(lang, std::string("week_at_") + roster::place_name(p));
  };
  // The members who hold a competence, named in a list, and how many they are.
  auto holders_of = [&](const std::string& competence) {
    std::pair<std::string, int> holders{"", 0};
    for (std::size_t m = 0; m < t.members.size(); ++m) {
      if (t.week.members[m].holds(competence)) {
        holders.first += (holders.first.empty() ? "" : ", ") + t.members[m].name;
        ++holders.second;
      }
    }
    return holders;
  };
  std::map<std::string, const AppointmentRow*> appointment;
  for (auto& a : t.appointments) appointment[std::to_string(a.id)] = &a;

  std::vector<std::string> lines;
  for (auto& u : score.unmet) {
    if (u.kind == "rule") {
      std::string others;
      for (auto& h : u.holders) {
        auto key = "week_holder_" + h.reason;
        others += (others.empty() ? "" : ", ") + cat.format(lang, key,
                                                            {{"name", name(h.member)},
                                                             {"place", place(h.place)},
                                                             {"where", where(h.place)}});
      }
      lines.push_back(cat.format(
          lang, "week_unmet_rule",
          {{"day", day(u.day)},
           {"asked", std::to_string(u.asked)},
           {"present", std::to_string(u.present)},
           {"competence", competence_name(t, u.competence)},
           {"place", where(u.place)},
           {"others", others.empty() ? cat.text(lang, "week_nobody_else")
                                     : cat.format(lang, "week_others", {{"list", others}})}}));
    } else if (u.kind == "team_office_day") {
      lines.push_back(cat.format(
          lang, "week_unmet_team_day",
          {{"day", day(u.day)},
           {"name", name(u.member)},
           {"why", cat.format(lang, "week_why_" + u.reason,
                              {{"place", place(u.place)}, {"where", where(u.place)}})}}));
    } else if (auto found = appointment.find(u.appointment); found != appointment.end()) {
      // Not given to anyone: in the rows nobody took it yet; in a proposal nobody could.
      auto reason = u.reason == "nobody_free" && checked == Checked::rows ? "untaken" : u.reason;
      auto [holders, holding] = holders_of(u.competence);
      // "Anna holds it", "Anna and Bram hold it": the verb agrees with the holders.
      lines.push_back(cat.format(
          lang, "week_unmet_appointment",
          {{"appointment", appointment_label(cat, lang, t, *found->second)},
           {"why",
            cat.format(lang, "week_appointment_why_" + reason,
                       {{"competence", competence_name(t, u.competence)}, {"holders", holders}},
                       holding)}}));
    }
  }
  if (checked == Checked::proposal) return lines;
  // The rows may break limits a proposal never does: an appointment's member
  // elsewhere or with two at once, more in the office than desks.
  std::map<std::pair<int, std::int64_t>, int> taken;  // (member, day*2+part) -> appointments
  for (std::size_t k = 0; k < t.appointments.size(); ++k) {
    auto& a = t.appointments[k];
    int m = plan.appointment_member[k];
    if (m < 0) continue;
    auto d = static_cast<std::size_t>(a.day - t.monday);
    Place p = plan.place[static_cast<std::size_t>(m)][d];
    auto label = appointment_label(cat, lang, t, a);
    if (!roster::fits(a.where, p))
      lines.push_back(cat.format(lang, "week_unmet_appointment_elsewhere",
                                 {{"appointment", label}, {"name", name(m)}, {"where", where(p)}}));
    if (++taken[{m, a.day * 2 + a.part()}] == 2)
      lines.push_back(cat.format(lang, "week_unmet_appointment_double",
                                 {{"appointment", label}, {"name", name(m)}}));
  }
  for (std::size_t m = 0; m < plan.place.size(); ++m) {
    int home = 0;
    for (auto p : plan.place[m]) home += p == Place::home;
    if (home > t.week.policy.max_home_days)
      lines.push_back(cat.format(
          lang, "week_unmet_home_days",
          {{"name", t.members[m].name}, {"max", std::to_string(t.week.policy.max_home_days)}},
          home));
  }
  for (std::size_t d = 0; d < 5; ++d) {
    int office = 0;
    for (auto& row : plan.place) office += row[d] == Place::office;
    if (office > t.week.desks[d])
      lines.push_back(cat.format(lang, "week_unmet_desks",
                                 {{"day", day(static_cast<int>(d))},
                                  {"count", std::to_string(office)},
                                  {"desks", std::to_string(t.week.desks[d])}}));
  }
  return lines;
}

Unmet unmet_now(const web::Catalogue& cat, const std::string& lang, const TeamWeek& t) {
  Unmet unmet;
  auto rows = rows_as_plan(t);
  unmet.rows = unmet_texts(cat, lang, t, rows, roster::evaluate(t.week, rows), Checked::rows);
  if (t.has_proposal) {
    auto proposal = proposal_as_plan(t);
    unmet.proposal =
        unmet_texts(cat, lang, t, proposal, roster::evaluate(t.week, proposal), Checked::proposal);
  }
  return unmet;
}

}  // namespace ploeg::weekplan
