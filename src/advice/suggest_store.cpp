#include "advice/suggest_store.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.hpp"
#include "organisation/directory.hpp"

namespace ploeg::advice {
namespace {

bool mentions(const std::string& haystack, const std::string& word) {
  return !word.empty() &&
         text::ascii_lower(haystack).find(text::ascii_lower(word)) != std::string::npos;
}

}  // namespace

std::vector<std::string> subject_words(const std::string& title) {
  std::vector<std::string> words;
  for (auto& w : organisation::directory::query_words(title)) {
    auto word = text::ascii_lower(w);
    if (word.size() < 4 || std::find(words.begin(), words.end(), word) != words.end()) continue;
    words.push_back(word);
    if (words.size() == 6) break;
  }
  return words;
}

std::vector<Suggestion> suggested_advisers(store::Connection& c, const std::string& reference,
                                           const std::string& language) {
  auto found =
      c.query("SELECT id, author_id, title, problem, proposal FROM proposals WHERE reference = $1",
              {reference});
  if (found.empty()) return {};
  auto& p = found.rows[0];
  auto id = p.integer(0);
  SuggestInput in;
  in.author_id = p.integer(1);
  auto title = p.text(2);
  auto text = title + "\n" + p.text(3) + "\n" + p.text(4);

  // The star role the proposal is about: the first whose name or code it mentions.
  for (auto& r : c.query("SELECT code, name FROM roles ORDER BY code").rows) {
    if (mentions(text, r.text(1)) || mentions(text, r.text(0))) {
      in.star_role = r.text(0);
      break;
    }
  }
  // Each affected team: its members (largest share first), their star roles, its coach.
  for (auto& t : c.query("SELECT t.id, t.code, t.coach_id, p.name FROM proposal_teams x JOIN "
                         "teams t ON t.id = x.team_id LEFT JOIN people p ON p.id = t.coach_id "
                         "WHERE x.proposal_id = $1 ORDER BY t.code",
                         {id})
                     .rows) {
    TeamFacts team;
    team.code = t.text(1);
    std::map<std::int64_t, std::vector<std::string>> roles;
    for (auto& r : c.query("SELECT a.person_id, r.code FROM role_assignments a JOIN roles r ON "
                           "r.id = a.role_id WHERE a.team_id = $1",
                           {t.integer(0)})
                       .rows)
      roles[r.integer(0)].push_back(r.text(1));
    for (auto& m : c.query("SELECT m.person_id, p.name FROM memberships m JOIN people p ON p.id "
                           "= m.person_id WHERE m.team_id = $1 ORDER BY m.share_percent DESC, "
                           "p.name, p.id",
                           {t.integer(0)})
                       .rows)
      team.members.push_back({m.integer(0), m.text(1), roles[m.integer(0)]});
    if (!t.is_null(2)) team.coaches.emplace_back(t.integer(2), t.text(3));
    in.teams.push_back(std::move(team));
  }
  // Who the directory finds for each word, with the expertise or
  // competence that matched it.
  auto words = subject_words(title);
  std::set<std::int64_t> matched;
  for (auto& word : words) {
    auto results = organisation::directory::search(c, word, 1, language);
    for (auto& hit : results.hits) {
      if (matched.count(hit.id)) continue;
      auto match = [&](const std::vector<std::string>& list, const char* kind) {
        for (auto& what : list) {
          if (text::ascii_lower(what).find(word) == std::string::npos) continue;
          in.matches.push_back({hit.id, hit.name, kind, what});
          matched.insert(hit.id);
          return true;
        }
        return false;
      };
      if (!match(hit.expertise, "expertise")) match(hit.competences, "competence");
    }
  }
  // Earlier decisions whose title shares a word: their authors have been
  // through the subject.
  for (auto& word : words) {
    for (auto& e : c.query("SELECT p.author_id, a.name, p.reference FROM proposals p JOIN people "
                           "a ON a.id = p.author_id WHERE p.state = 'decided' AND p.id <> $1 AND "
                           "lower(p.title) LIKE $2 ORDER BY p.decided_at DESC LIMIT 5",
                           {id, "%" + word + "%"})
                       .rows)
      in.earlier.push_back({e.integer(0), e.text(1), e.text(2)});
  }
  return suggest_advisers(in);
}

}  // namespace ploeg::advice
