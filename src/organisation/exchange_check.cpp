// Checking an import: each record on its own, then all of them together
// against the database's organisation; every problem is collected.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "core/text.hpp"
#include "organisation/exchange_records.hpp"

namespace ploeg::organisation::exchange::detail {

std::string describe_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

namespace {

template <typename T, typename Key>
bool has_repeats(const std::vector<T>& items, Key key) {
  std::set<std::string> seen;
  for (auto& item : items) {
    if (!seen.insert(key(item)).second) return true;
  }
  return false;
}

std::string first_few(const std::set<std::string>& items) {
  std::vector<std::string> shown;
  for (auto& item : items) {
    if (shown.size() == 12) {
      shown.push_back("...");
      break;
    }
    shown.push_back(item);
  }
  return describe_list(shown);
}

}  // namespace

void check_person(const PersonRecord& r, std::vector<Problem>& out) {
  auto& p = r.person;
  std::string who = "person " + (p.email.empty() ? "on " + r.origin.where() : p.email);
  if (p.email.empty()) {
    out.push_back(r.origin.problem("email", who + ": the e-mail is empty: fill it in"));
  } else if (!valid_email(p.email)) {
    out.push_back(r.origin.problem(
        "email",
        who + ": \"" + p.email + "\" is not an e-mail address: write it like name@example.org"));
  }
  if (text::trimmed(p.name).empty()) {
    out.push_back(r.origin.problem("name", who + ": the name is empty: fill it in"));
  }
  if (p.fte_permille == missing) {
    out.push_back(r.origin.problem(
        "fte",
        who + ": the FTE is empty or not a number: write a number from 0.001 to 1, like 0.8"));
  } else if (p.fte_permille < 1 || p.fte_permille > 1000) {
    out.push_back(r.origin.problem("fte", who + ": the FTE is out of range: write a number from "
                                                "0.001 to 1, like 0.8"));
  }
  if (p.home_postcode.empty()) {
    out.push_back(
        r.origin.problem("home_postcode", who + ": the home postcode is empty: fill it in"));
  }
  for (auto& l : p.languages) {
    if (std::find(languages.begin(), languages.end(), l) == languages.end()) {
      out.push_back(r.origin.problem("languages", who + ": unknown language \"" + l + "\": use " +
                                                      describe_list(languages) +
                                                      ", separated by ;"));
    }
  }
  if (has_repeats(p.languages, [](auto& l) { return l; })) {
    out.push_back(
        r.origin.problem("languages", who + ": a language is listed twice: list it once"));
  }
  for (auto& c : p.competences) {
    if (c.level < 1 || c.level > 3) {
      out.push_back(r.origin.problem(
          "competences", who + ": the level of " + c.code +
                             " must be 1 (learning), 2 (independent) or 3 (can teach it), like " +
                             c.code + ":2"));
    }
  }
  if (has_repeats(p.competences, [](auto& c) { return c.code; })) {
    out.push_back(
        r.origin.problem("competences", who + ": a competence is listed twice: list it once"));
  }
  // ';' separates tags in CSV: a tag holding one could not be exported and read back.
  for (auto& tag : p.expertise) {
    if (tag.empty() || tag.find(';') != std::string::npos) {
      out.push_back(r.origin.problem("expertise", who + ": the tag \"" + tag +
                                                      "\" is empty or holds a ';': split it or "
                                                      "leave it out"));
    }
  }
  if (has_repeats(p.expertise, [](auto& t) { return t; })) {
    out.push_back(r.origin.problem("expertise", who + ": a tag is listed twice: list it once"));
  }
}

void check_team(const TeamRecord& r, std::vector<Problem>& out) {
  auto& t = r.team;
  std::string who = "team " + (t.code.empty() ? "on " + r.origin.where() : t.code);
  if (t.code.empty())
    out.push_back(r.origin.problem("code", who + ": the code is empty: fill it in"));
  if (text::trimmed(t.name).empty()) {
    out.push_back(r.origin.problem("name", who + ": the name is empty: fill it in"));
  }
  if (std::find(team_kinds.begin(), team_kinds.end(), t.kind) == team_kinds.end()) {
    out.push_back(r.origin.problem("kind", who + ": unknown kind \"" + t.kind + "\": use one of " +
                                               describe_list(team_kinds)));
  }
  bool sizes = true;
  for (auto [field, value] : {std::pair{"min_size", t.min_size}, {"max_size", t.max_size}}) {
    if (value == missing || value < 0) {
      out.push_back(
          r.origin.problem(field, who + ": " + field + " must be a whole number, 0 or more"));
      sizes = false;
    }
  }
  if (sizes && t.min_size > t.max_size) {
    out.push_back(r.origin.problem(
        "min_size", who + ": min_size " + std::to_string(t.min_size) + " is above max_size " +
                        std::to_string(t.max_size) + ": make min_size at most max_size"));
  }
  for (auto& [code, minimum] : t.required_mix) {
    if (minimum < 1) {
      out.push_back(r.origin.problem("required", who + ": the minimum for " + code +
                                                     " must be a whole number, 1 or more, "
                                                     "like " +
                                                     code + "=2"));
    }
  }
  if (t.coach && !valid_email(*t.coach)) {
    out.push_back(r.origin.problem("coach", who + ": the coach \"" + *t.coach +
                                                "\" is not an e-mail address: give the coach's "
                                                "e-mail or leave it empty"));
  }
}

void check_membership(const MembershipRecord& r, std::vector<Problem>& out) {
  auto& m = r.membership;
  std::string who = "membership of " + m.person + " in " + m.team;
  if (m.person.empty()) {
    out.push_back(r.origin.problem("email", who + ": the e-mail is empty: fill it in"));
  } else if (!valid_email(m.person)) {
    out.push_back(r.origin.problem("email", who + ": \"" + m.person +
                                                "\" is not an e-mail address: write it like "
                                                "name@example.org"));
  }
  if (m.team.empty())
    out.push_back(r.origin.problem("team", who + ": the team is empty: fill it in"));
  if (m.share_percent == missing || m.share_percent < 1 || m.share_percent > 100) {
    out.push_back(r.origin.problem("share_percent",
                                   who + ": share_percent must be a whole number from 1 to 100"));
  }
}

void check_name(const NameRecord& r, std::vector<Problem>& out) {
  std::string who = r.kind + " " + r.code;
  if (std::find(name_kinds.begin(), name_kinds.end(), r.kind) == name_kinds.end()) {
    out.push_back(r.origin.problem(
        "kind", "unknown kind \"" + r.kind + "\": use one of " + describe_list(name_kinds)));
  }
  if (r.code.empty()) out.push_back(r.origin.problem("code", "the code is missing: add it"));
  if (std::find(store::name_languages.begin(), store::name_languages.end(), r.language) ==
      store::name_languages.end()) {
    out.push_back(r.origin.problem(
        "language", who + ": unknown language \"" + r.language + "\": use nl, fr or en"));
  }
  if (r.name.empty()) {
    out.push_back(r.origin.problem("name", who + ": the name is empty: give one, or leave the "
                                                 "line out to keep the one there is"));
  } else if (text::characters(r.name) > store::name_limit) {
    out.push_back(r.origin.problem("name", who + ": the name is longer than " +
                                               std::to_string(store::name_limit) +
                                               " characters: shorten it"));
  } else if (std::any_of(r.name.begin(), r.name.end(), [](char ch) {
               return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f;
             })) {
    out.push_back(r.origin.problem("name", who + ": a name is one line, without tabs"));
  }
}

namespace {

// Names of things that are there, or come with this import (teams), once each.
template <typename Teams>
void plan_names(const Organisation& existing, Parsed& parsed, const Teams& imported_teams,
                Plan& plan) {
  auto& out = parsed.problems;
  std::map<std::string, std::map<std::string, const Names*>> things;  // kind -> code -> names
  for (auto& x : existing.competences) things["competence"][x.code] = &x.names;
  for (auto& x : existing.regions) things["region"][x.code] = &x.names;
  for (auto& x : existing.roles) things["role"][x.code] = &x.names;
  for (auto& x : existing.teams) things["team"][x.code] = &x.names;
  std::map<std::tuple<std::string, std::string, std::string>, const NameRecord*> seen;
  for (auto& r : parsed.names) {
    auto& of_kind = things[r.kind];
    auto thing = of_kind.find(r.code);
    bool new_team = r.kind == "team" && imported_teams.count(r.code);
    if (std::find(name_kinds.begin(), name_kinds.end(), r.kind) == name_kinds.end()) continue;
    if (thing == of_kind.end() && !new_team) {
      std::set<std::string> codes;
      for (auto& [code, names] : of_kind) codes.insert(code);
      out.push_back(r.origin.problem(
          "code", "unknown " + r.kind + " \"" + r.code + "\": use one of " + first_few(codes)));
      continue;
    }
    auto [first, fresh] = seen.emplace(std::tuple(r.kind, r.code, r.language), &r);
    if (!fresh) {
      out.push_back(r.origin.problem("name", r.kind + " " + r.code + " has a " + r.language +
                                                 " name on " + first->second->origin.where() +
                                                 " and on " + r.origin.where() + ": keep one"));
      continue;
    }
    std::string was;
    if (thing != of_kind.end()) {
      auto found = thing->second->find(r.language);
      if (found != thing->second->end()) was = found->second;
    }
    if (was == r.name) {
      ++plan.names.unchanged;
      continue;
    }
    ++(was.empty() ? plan.names.added : plan.names.changed);
    plan.names_written.push_back({r.kind, r.code, r.language, r.name});
  }
}

}  // namespace

Plan plan_import(const Organisation& existing, Parsed& parsed) {
  auto& out = parsed.problems;
  Plan plan;
  for (auto& r : parsed.people) check_person(r, out);
  for (auto& r : parsed.teams) check_team(r, out);
  for (auto& r : parsed.memberships) check_membership(r, out);
  for (auto& r : parsed.names) check_name(r, out);

  std::set<std::string> competences, regions, postcodes;
  for (auto& c : existing.competences) competences.insert(c.code);
  for (auto& r : existing.regions) {
    regions.insert(r.code);
    postcodes.insert(r.postcodes.begin(), r.postcodes.end());
  }
  std::unordered_map<std::string, const Person*> people;
  for (auto& p : existing.people) people[p.email] = &p;
  std::unordered_map<std::string, const Team*> teams;
  for (auto& t : existing.teams) teams[t.code] = &t;
  // Each person's memberships as they will be: (team -> share).
  std::unordered_map<std::string, std::map<std::string, int>> shares;
  std::unordered_map<std::string, int> members;  // team -> member count
  for (auto& m : existing.memberships) {
    shares[m.person][m.team] = m.share_percent;
    ++members[m.team];
  }

  std::unordered_map<std::string, const PersonRecord*> imported_people;
  for (auto& r : parsed.people) {
    auto p = r.person;
    std::string who = "person " + p.email;
    if (!p.email.empty()) {
      auto [first, fresh] = imported_people.emplace(p.email, &r);
      if (!fresh) {
        out.push_back(r.origin.problem(
            "email", who + " is on " + first->second->origin.where() + " and on " +
                         r.origin.where() + " (e-mails are compared without case): keep one"));
        continue;
      }
    }
    for (auto& c : p.competences) {
      if (!competences.count(c.code)) {
        out.push_back(r.origin.problem(
            "competences", who + ": unknown competence \"" + c.code + "\": use one of " +
                               first_few(competences) +
                               " (the catalogue is not imported; an administrator adds to it)"));
      }
    }
    if (!p.home_postcode.empty() && !postcodes.count(p.home_postcode)) {
      out.push_back(r.origin.problem("home_postcode",
                                     who + ": the postcode " + p.home_postcode +
                                         " is in no region: use a postcode of one of the regions " +
                                         first_few(regions)));
    }
    auto found = people.find(p.email);
    const Person* old = found == people.end() ? nullptr : found->second;
    if (old) {
      if (!r.has("languages")) p.languages = old->languages;
      if (!r.has("competences")) p.competences = old->competences;
      if (!r.has("expertise")) p.expertise = old->expertise;
      if (!r.has("ask_me_about")) p.ask_me_about = old->ask_me_about;
    }
    std::sort(p.languages.begin(), p.languages.end());
    std::sort(p.competences.begin(), p.competences.end(),
              [](auto& a, auto& b) { return a.code < b.code; });
    std::sort(p.expertise.begin(), p.expertise.end());
    if (!old) {
      plan.people_added.push_back(std::move(p));
      ++plan.people.added;
    } else if (!(*old == p)) {
      plan.people_changed.push_back(std::move(p));
      ++plan.people.changed;
    } else {
      ++plan.people.unchanged;
    }
  }

  std::unordered_map<std::string, const TeamRecord*> imported_teams;
  std::unordered_map<std::string, int> max_size;  // team -> max after the import
  for (auto& t : existing.teams) max_size[t.code] = t.max_size;
  for (auto& r : parsed.teams) {
    auto t = r.team;
    std::string who = "team " + t.code;
    if (!t.code.empty()) {
      auto [first, fresh] = imported_teams.emplace(t.code, &r);
      if (!fresh) {
        out.push_back(r.origin.problem("code", who + " is on " + first->second->origin.where() +
                                                   " and on " + r.origin.where() + ": keep one"));
        continue;
      }
    }
    if (t.region && !regions.count(*t.region)) {
      out.push_back(r.origin.problem("region", who + ": unknown region \"" + *t.region +
                                                   "\": use one of " + first_few(regions) +
                                                   " or leave it empty"));
    }
    if (t.coach && valid_email(*t.coach) && !people.count(*t.coach) &&
        !imported_people.count(*t.coach)) {
      out.push_back(r.origin.problem(
          "coach", who + ": the coach " + *t.coach +
                       " is not a person of the organisation: import that person too, or "
                       "correct the e-mail"));
    }
    for (auto& [code, minimum] : t.required_mix) {
      if (!competences.count(code)) {
        out.push_back(r.origin.problem("required", who + ": unknown competence \"" + code +
                                                       "\": use one of " + first_few(competences)));
      }
    }
    auto found = teams.find(t.code);
    const Team* old = found == teams.end() ? nullptr : found->second;
    if (old) {
      if (!r.has("region")) t.region = old->region;
      if (!r.has("required")) t.required_mix = old->required_mix;
      if (!r.has("coach")) t.coach = old->coach;
      if (!r.has("vision")) t.vision = old->vision;
      if (!r.has("values")) t.values = old->values;
      t.names = old->names;  // names come as names records
    }
    max_size[t.code] = t.max_size;
    if (!old) {
      plan.teams_added.push_back(std::move(t));
      ++plan.teams.added;
    } else if (!(*old == t)) {
      plan.teams_changed.push_back(std::move(t));
      ++plan.teams.changed;
    } else {
      ++plan.teams.unchanged;
    }
  }

  // Imports never remove a membership, so no star role can end up held by a
  // non-member: every holder stays a member of the team it holds a role in.
  std::set<std::pair<std::string, std::string>> seen;
  std::map<std::string, const MembershipRecord*> first_new_in_team;
  std::map<std::string, const MembershipRecord*> first_of_person;
  for (auto& r : parsed.memberships) {
    auto& m = r.membership;
    std::string who = "membership of " + m.person + " in " + m.team;
    if (m.person.empty() || m.team.empty()) continue;
    if (!seen.emplace(m.person, m.team).second) {
      out.push_back(r.origin.problem("team", who + " is listed twice: keep one line"));
      continue;
    }
    bool known = true;
    if (valid_email(m.person) && !people.count(m.person) && !imported_people.count(m.person)) {
      out.push_back(r.origin.problem("email", who + ": unknown person " + m.person +
                                                  ": import that person too, or correct the "
                                                  "e-mail"));
      known = false;
    }
    if (!teams.count(m.team) && !imported_teams.count(m.team)) {
      out.push_back(r.origin.problem("team", who + ": unknown team \"" + m.team +
                                                 "\": import that team too, or correct the code"));
      known = false;
    }
    // A share out of range is reported already; it counts for nothing.
    if (!known || m.share_percent < 1 || m.share_percent > 100) continue;
    first_of_person.emplace(m.person, &r);
    auto& person_shares = shares[m.person];
    auto old = person_shares.find(m.team);
    if (old == person_shares.end()) {
      ++members[m.team];
      first_new_in_team.emplace(m.team, &r);
      plan.memberships_written.push_back(m);
      ++plan.memberships.added;
    } else if (old->second != m.share_percent) {
      plan.memberships_written.push_back(m);
      ++plan.memberships.changed;
    } else {
      ++plan.memberships.unchanged;
    }
    person_shares[m.team] = m.share_percent;
  }

  for (auto& [email, r] : first_of_person) {
    int total = 0;
    std::vector<std::string> parts;
    for (auto& [team, share] : shares[email]) {
      total += share;
      parts.push_back(team + " " + std::to_string(share) + "%");
    }
    if (total > 100) {
      out.push_back(r->origin.problem("share_percent",
                                      "person " + email + " would work " + std::to_string(total) +
                                          "% of their time in teams (" + describe_list(parts) +
                                          "): lower the shares so they add up to 100 or less"));
    }
  }
  for (auto& [code, count] : members) {
    auto max = max_size.find(code);
    if (max == max_size.end() || count <= max->second) continue;
    std::string message = "team " + code + " would have " + std::to_string(count) +
                          " members, above its maximum of " + std::to_string(max->second) +
                          ": import fewer members or raise max_size";
    if (auto added = first_new_in_team.find(code); added != first_new_in_team.end()) {
      out.push_back(added->second->origin.problem("team", message));
    } else if (auto team = imported_teams.find(code); team != imported_teams.end()) {
      out.push_back(team->second->origin.problem("max_size", message));
    }
  }
  plan_names(existing, parsed, imported_teams, plan);
  return plan;
}

}  // namespace ploeg::organisation::exchange::detail
