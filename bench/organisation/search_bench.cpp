// Directory search latency against a peer in the same process: the same
// queries answered by the full-text index (directory::search, what /people
// runs) and by the obvious query without one (LIKE '%word%' over names,
// expertise and competences, with the same count and first page).
//
//   search_bench DATABASE_URL [ROUNDS]
//
// The database must hold an organisation (`ploeg demo --people 50000`). The
// queries come from the data itself (tags, competences, first names and their
// prefixes), so every backend gets the same ones. Prints one line per engine:
//   engine=<fts|like> queries=<n> p50_ms=<x> p99_ms=<y> mean_ms=<z>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "organisation/directory.hpp"
#include "store/database.hpp"

namespace {

using namespace ploeg;
using Clock = std::chrono::steady_clock;

std::vector<std::string> every_nth(const std::vector<std::string>& all, std::size_t want) {
  std::vector<std::string> out;
  if (all.empty()) return out;
  std::size_t step = std::max<std::size_t>(1, all.size() / want);
  for (std::size_t i = 0; i < all.size() && out.size() < want; i += step) out.push_back(all[i]);
  return out;
}

std::vector<std::string> column(store::Connection& c, const char* sql) {
  std::set<std::string> distinct;
  for (auto& row : c.query(sql).rows) distinct.insert(row.text(0));
  return {distinct.begin(), distinct.end()};
}

std::vector<std::string> queries(store::Connection& c) {
  std::vector<std::string> out;
  auto tags = every_nth(column(c, "SELECT tag FROM person_expertise"), 40);
  auto competences = column(c, "SELECT name FROM competences");
  std::vector<std::string> first_names;
  for (auto& name : column(c, "SELECT name FROM people")) {
    first_names.push_back(name.substr(0, name.find(' ')));
  }
  std::sort(first_names.begin(), first_names.end());
  first_names.erase(std::unique(first_names.begin(), first_names.end()), first_names.end());
  first_names = every_nth(first_names, 40);
  for (auto* list : {&tags, &competences, &first_names}) {
    for (auto& q : *list) {
      out.push_back(q);
      // What someone types before they finish the word: four characters
      // (not bytes: a cut character is no query anyone types).
      std::size_t end = 0;
      for (int chars = 0; end < q.size() && chars < 4; ++chars) {
        do ++end;
        while (end < q.size() && (static_cast<unsigned char>(q[end]) & 0xC0) == 0x80);
      }
      if (end < q.size()) out.push_back(q.substr(0, end));
    }
  }
  return out;
}

// The first word of the query, as a LIKE pattern; the peer matches one word.
std::string like_pattern(const std::string& query) {
  auto words = organisation::directory::query_words(query);
  std::string pattern = "%";  // appended: GCC 12 warns falsely on "%" + std::string
  if (!words.empty()) pattern += words.front();
  return pattern + "%";
}

void like_search(store::Connection& c, const std::string& query) {
  const char* where =
      " FROM people p WHERE lower(p.name) LIKE $1 OR lower(p.ask_me_about) LIKE $1 OR EXISTS "
      "(SELECT 1 FROM person_expertise e WHERE e.person_id = p.id AND lower(e.tag) LIKE $1) OR "
      "EXISTS (SELECT 1 FROM person_competences pc JOIN competences k ON k.id = "
      "pc.competence_id WHERE pc.person_id = p.id AND lower(k.name) LIKE $1)";
  auto pattern = like_pattern(query);
  c.query(std::string("SELECT count(*)") + where, {pattern});
  c.query(std::string("SELECT p.id, p.name") + where + " ORDER BY p.name, p.id LIMIT 51",
          {pattern});
}

struct Stats {
  double p50 = 0, p99 = 0, mean = 0;
};

Stats stats(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    auto i = static_cast<std::size_t>(q * static_cast<double>(ms.size() - 1) + 0.5);
    return ms[std::min(i, ms.size() - 1)];
  };
  double sum = 0;
  for (double x : ms) sum += x;
  return {at(0.50), at(0.99), sum / static_cast<double>(ms.size())};
}

template <typename Search>
std::vector<double> measure(const std::vector<std::string>& qs, int rounds, Search search) {
  for (auto& q : qs) search(q);  // warm-up: caches and statement plans
  std::vector<double> ms;
  for (int r = 0; r < rounds; ++r) {
    for (auto& q : qs) {
      auto start = Clock::now();
      search(q);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: search_bench DATABASE_URL [ROUNDS]\n";
    return 2;
  }
  int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  try {
    auto db = store::Database::open(argv[1]);
    auto lease = db->acquire();
    auto& c = *lease;
    auto qs = queries(c);
    if (qs.empty()) {
      std::cerr << "search_bench: the database holds nobody; run `ploeg demo` first\n";
      return 1;
    }
    auto fts = stats(measure(
        qs, rounds, [&](const std::string& q) { organisation::directory::search(c, q, 1); }));
    auto like = stats(measure(qs, 1, [&](const std::string& q) { like_search(c, q); }));
    auto print = [&](const char* engine, const Stats& s, std::size_t n) {
      std::printf("engine=%s queries=%zu p50_ms=%.3f p99_ms=%.3f mean_ms=%.3f\n", engine, n, s.p50,
                  s.p99, s.mean);
    };
    print("fts", fts, qs.size() * static_cast<std::size_t>(rounds));
    print("like", like, qs.size());
  } catch (const std::exception& e) {
    std::cerr << "search_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
