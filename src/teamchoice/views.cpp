#include "teamchoice/views.hpp"

#include <boost/json.hpp>
#include <cstdio>

namespace ploeg::teamchoice::views {
namespace {

std::string name_of(const Names& names, const std::string& code) {
  auto found = names.find(code);
  return found == names.end() ? code : found->second;
}

struct TeamTexts {
  std::string state;  // "complete", "lacking", "size": the card's colour
  std::string size;
  std::string status;
  std::vector<std::string> lacking;
};

TeamTexts texts(const web::Catalogue& catalogue, const std::string& lang, const BoardTeam& t,
                const Names& names) {
  TeamTexts out;
  out.size = catalogue.format(lang, "rounds_board_size",
                              {{"size", std::to_string(t.size)},
                               {"min", std::to_string(t.team.min_size)},
                               {"max", std::to_string(t.team.max_size)}});
  for (auto& l : t.lacking) {
    out.lacking.push_back(catalogue.format(lang, "rounds_board_lacks",
                                           {{"competence", name_of(names, l.competence)},
                                            {"have", std::to_string(l.have)},
                                            {"need", std::to_string(l.need)}}));
  }
  if (t.below_min()) {
    out.state = "size";
    out.status = catalogue.format(lang, "rounds_board_below",
                                  {{"count", std::to_string(t.team.min_size - t.size)}});
  } else if (t.above_max()) {
    out.state = "size";
    out.status = catalogue.format(lang, "rounds_board_above",
                                  {{"count", std::to_string(t.size - t.team.max_size)}});
  } else if (!t.lacking.empty()) {
    out.state = "lacking";
    out.status = catalogue.text(lang, "rounds_board_lacking");
  } else {
    out.state = "complete";
    out.status = catalogue.text(lang, "rounds_board_complete");
  }
  return out;
}

std::string chosen_text(const web::Catalogue& catalogue, const std::string& lang,
                        const Board& board) {
  return catalogue.format(
      lang, "rounds_board_chosen",
      {{"chosen", std::to_string(board.chosen)}, {"people", std::to_string(board.people)}},
      board.chosen);
}

}  // namespace

std::string number(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string s = buffer;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string status_text(const web::Catalogue& catalogue, const std::string& lang,
                        const std::string& status) {
  return catalogue.text(lang, "rounds_status_" + status);
}

std::string choice_text(const web::Catalogue& catalogue, const std::string& lang,
                        const Placement& placement, bool to_them) {
  std::string prefix = to_them ? "rounds_choice_" : "rounds_placed_";
  if (!placement.stated) {
    return catalogue.text(lang, to_them ? "rounds_choice_nothing" : "rounds_placed_none");
  }
  return catalogue.text(lang, prefix + std::to_string(placement.choice));
}

std::optional<OwnOutcome> own_outcome(const web::Catalogue& catalogue, const std::string& lang,
                                      const Round& round, const Proposal& proposal,
                                      std::int64_t person_id, const std::optional<Choice>& choice,
                                      const Names& names) {
  for (auto& placement : proposal.placements) {
    if (placement.person_id != person_id) continue;
    OwnOutcome own;
    own.placement = &placement;
    own.team = round.team(placement.team_id);
    own.choice_text = choice_text(catalogue, lang, placement, true);
    std::string wanted;
    if (choice && !choice->teams.empty() && round.team(choice->teams[0])) {
      wanted = round.team(choice->teams[0])->name;
    }
    own.reason = reason_text(catalogue, lang, round, placement, wanted, names);
    return own;
  }
  return std::nullopt;
}

web::List changes(const web::Catalogue& catalogue, const std::string& lang, const Round& round,
                  const Proposal& proposal) {
  web::List list;
  for (auto& placement : proposal.placements) {
    if (!placement.changed) continue;
    auto* from = placement.previous_team_id ? round.team(*placement.previous_team_id) : nullptr;
    auto* to = round.team(placement.team_id);
    web::Data item;
    item.set("text",
             catalogue.format(lang, "rounds_change_line",
                              {{"name", placement.person_name},
                               {"from", from ? from->name : catalogue.text(lang, "rounds_no_team")},
                               {"to", to ? to->name : ""}}));
    list.push_back(item);
  }
  return list;
}

web::Data board(const web::Catalogue& catalogue, const std::string& lang, const Board& board,
                const Names& names) {
  web::Data data;
  web::List teams;
  for (auto& t : board.teams) {
    auto x = texts(catalogue, lang, t, names);
    web::Data item;
    item.set("code", t.team.code);
    item.set("name", t.team.name);
    item.set("state", x.state);
    item.set("size_text", x.size);
    item.set("status_text", x.status);
    item.set("lacking", web::texts(x.lacking));
    item.set("members", web::texts(t.members, "name"));
    item.set("has_members", !t.members.empty());
    item.set("members_summary", catalogue.format(lang, "rounds_board_members", {},
                                                 static_cast<long long>(t.members.size())));
    teams.push_back(item);
  }
  data.set("teams", teams);
  data.set("chosen_text", chosen_text(catalogue, lang, board));
  return data;
}

std::string board_json(const web::Catalogue& catalogue, const std::string& lang, const Round& round,
                       const Board& board, const Names& names) {
  return boost::json::serialize(board_object(catalogue, lang, round, board, names));
}

boost::json::object board_object(const web::Catalogue& catalogue, const std::string& lang,
                                 const Round& round, const Board& board, const Names& names) {
  boost::json::object out;
  out["round"] = round.summary.id;
  out["status"] = round.summary.status;
  out["chosen"] = board.chosen;
  out["people"] = board.people;
  out["chosen_text"] = chosen_text(catalogue, lang, board);
  boost::json::array teams;
  for (auto& t : board.teams) {
    auto x = texts(catalogue, lang, t, names);
    boost::json::object team;
    team["code"] = t.team.code;
    team["name"] = t.team.name;
    team["size"] = t.size;
    team["min_size"] = t.team.min_size;
    team["max_size"] = t.team.max_size;
    team["state"] = x.state;
    team["size_text"] = x.size;
    team["status_text"] = x.status;
    team["members_summary"] = catalogue.format(lang, "rounds_board_members", {},
                                               static_cast<long long>(t.members.size()));
    boost::json::array members;
    for (auto& m : t.members) members.emplace_back(m);
    team["members"] = std::move(members);
    boost::json::array lacking;
    for (std::size_t i = 0; i < t.lacking.size(); ++i) {
      boost::json::object l;
      l["competence"] = t.lacking[i].competence;
      l["have"] = t.lacking[i].have;
      l["need"] = t.lacking[i].need;
      l["text"] = x.lacking[i];
      lacking.emplace_back(std::move(l));
    }
    team["lacking"] = std::move(lacking);
    teams.emplace_back(std::move(team));
  }
  out["teams"] = std::move(teams);
  return out;
}

std::string reason_text(const web::Catalogue& catalogue, const std::string& lang,
                        const Round& round, const Placement& placement, const std::string& wanted,
                        const Names& names) {
  if (placement.reason_kind.empty()) return placement.reason;
  auto* team = round.team(placement.team_id);
  std::string name = team ? team->name : "";
  auto got = placement.choice == 2 || placement.choice == 3
                 ? catalogue.format(lang, "rounds_reason_got_" + std::to_string(placement.choice),
                                    {{"team", name}})
                 : catalogue.format(lang, "rounds_reason_in", {{"team", name}});
  auto why = catalogue.format(lang, "rounds_reason_" + placement.reason_kind,
                              {{"team", name},
                               {"wanted_team", wanted},
                               {"wanted", std::to_string(placement.wanted)},
                               {"places", std::to_string(placement.places)},
                               {"competence", name_of(names, placement.reason_competence)},
                               {"min", std::to_string(team ? team->min_size : 0)}},
                              placement.liked_together);
  return got + " " + why;
}

web::List violations(const web::Catalogue& catalogue, const std::string& lang, const Round& round,
                     const Proposal& proposal, const Names& names) {
  if (proposal.violation_data.empty()) return web::texts(proposal.violations);
  std::vector<std::string> lines;
  for (auto& v : proposal.violation_data) {
    const RoundPerson* person = nullptr;
    if (!v.person.empty() && v.person.find_first_not_of("0123456789") == std::string::npos) {
      person = round.person(std::stoll(v.person));
    }
    std::string team = v.team;
    for (auto& t : round.teams) {
      if (t.code == v.team) team = t.name;
    }
    auto region = v.region == round.summary.region_code ? round.summary.region_name : v.region;
    auto key = "rounds_violation_" + v.kind;
    if (v.each > 0 && (v.kind == "competence_short" || v.kind == "region_competence_short")) {
      key += "_each";
    }
    // How many people or members there are ({have}) picks the sentence's form.
    lines.push_back(catalogue.format(lang, key,
                                     {{"person", person ? person->name : v.person},
                                      {"team", team},
                                      {"region", region},
                                      {"competence", name_of(names, v.competence)},
                                      {"have", std::to_string(v.have)},
                                      {"need", std::to_string(v.need)},
                                      {"teams", std::to_string(v.teams)},
                                      {"each", std::to_string(v.each)}},
                                     v.have));
  }
  return web::texts(lines);
}

namespace {

// The engine's progress messages (English) as phases in the catalogue.
std::string phase(const web::Catalogue& catalogue, const std::string& lang,
                  const std::string& message) {
  static const std::pair<const char*, const char*> phases[] = {
      {"looking for a feasible", "rounds_run_phase_start"},
      {"no feasible assignment found yet", "rounds_run_phase_searching"},
      {"solving the LP", "rounds_run_phase_bound"},
      {"a feasible assignment found", "rounds_run_phase_improving"},
      {"improving", "rounds_run_phase_improving"},
      {"proving", "rounds_run_phase_proving"},
      {"done", "rounds_run_phase_done"},
  };
  if (message.empty()) return catalogue.text(lang, "rounds_run_phase_queued");
  for (auto& [prefix, key] : phases) {
    if (message.rfind(prefix, 0) == 0) return catalogue.text(lang, key);
  }
  return message;
}

}  // namespace

RunView run_view(const web::Catalogue& catalogue, const std::string& lang,
                 const std::optional<Run>& run, const Proposal& proposal) {
  RunView view;
  if (!run) return view;
  view.percent = static_cast<int>(run->progress * 100 + 0.5);
  if (run->active()) {
    view.show = view.active = true;
    view.text = catalogue.format(lang, "rounds_run_progress",
                                 {{"percent", std::to_string(view.percent)},
                                  {"message", phase(catalogue, lang, run->message)}});
    return view;
  }
  bool failed = run->stale || run->status == "failed";
  // A failure matters until a proposal newer than it exists. (Same second: the
  // proposal is older, as a run that failed stored none.)
  if (!failed || (proposal.exists && proposal.made_at > run->started_at)) return view;
  view.show = view.failed = true;
  auto key = run->stale ? "rounds_run_stale" : run->outcome_key;
  if (key.empty() || !catalogue.messages(lang).count(key)) key = "rounds_run_error";
  view.text = catalogue.format(lang, key, {{"problem", run->message}});
  return view;
}

web::Data run_data(const RunView& view) {
  web::Data data;
  data.set("active", view.active);
  data.set("failed", view.failed);
  data.set("percent", std::to_string(view.percent));
  data.set("text", view.text);
  return data;
}

std::string run_json(const RunView& view) {
  boost::json::object out;
  out["active"] = view.active;
  out["failed"] = view.failed;
  out["percent"] = view.percent;
  out["text"] = view.text;
  return boost::json::serialize(out);
}

web::Data proposal(const web::Catalogue& catalogue, const std::string& lang, const Round& round,
                   const Proposal& p, const Names& names) {
  web::Data data;
  data.set("feasible", p.feasible);
  data.set("objective", std::to_string(p.objective));
  data.set("preference_points", std::to_string(p.preference_points));
  data.set("colleague_points", std::to_string(p.colleague_points));
  data.set("move_penalty", std::to_string(p.move_penalty));
  data.set("bound", number(p.bound, 2));
  data.set("gap", number(p.gap * 100, 2));
  data.set("proven_optimal", p.proven_optimal);
  data.set("violations", violations(catalogue, lang, round, p, names));
  std::map<std::int64_t, web::List> per_team;
  int first = 0, moved = 0;
  for (auto& placement : p.placements) {
    web::Data line;
    line.set("name", placement.person_name);
    line.set("choice_text", choice_text(catalogue, lang, placement, false));
    line.set("choice", std::to_string(placement.choice));
    line.set("moved", placement.moved);
    per_team[placement.team_id].push_back(line);
    first += placement.choice == 1 ? 1 : 0;
    moved += placement.moved ? 1 : 0;
  }
  data.set("summary", catalogue.format(lang, "rounds_proposal_summary",
                                       {{"first", std::to_string(first)},
                                        {"people", std::to_string(p.placements.size())},
                                        {"moved", std::to_string(moved)}},
                                       first));
  web::List teams;
  for (auto& t : round.teams) {
    web::Data team;
    team.set("code", t.code);
    team.set("name", t.name);
    auto& people = per_team[t.id];
    team.set("size_text", catalogue.format(lang, "rounds_proposal_team_size",
                                           {{"min", std::to_string(t.min_size)},
                                            {"max", std::to_string(t.max_size)}},
                                           static_cast<long long>(people.size())));
    team.set("people", people);
    teams.push_back(team);
  }
  data.set("teams", teams);
  return data;
}

}  // namespace ploeg::teamchoice::views
