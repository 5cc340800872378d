// A demo organisation served by the real `ploeg serve`, and what the tests
// of the team's casework pages do in it: file as a citizen, find a member
// of a team who holds (or lacks) a competence, sign in as them.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"

namespace ploeg::test {

constexpr const char* casework_password = "casework-pages-secret";
constexpr const char* citizen_name = "Lotte Vermeulen";
constexpr const char* citizen_email = "lotte.vermeulen@example.be";

class CaseworkPagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = std::make_unique<DemoServer>("ploeg-casework-pages-");
    accounts_.clear();  // each suite has a database of its own
  }
  static void TearDownTestSuite() { demo_.reset(); }

  static std::unique_ptr<store::Database> db() { return store::Database::open(demo_->database()); }

  // Files a request as a citizen would; returns its status link.
  static std::string file(const std::string& type, const std::string& postcode) {
    return file_as_citizen(demo_->port(), {{"type", type},
                                           {"postcode", postcode},
                                           {"name", citizen_name},
                                           {"email", citizen_email},
                                           {"description", "I can no longer walk far."}});
  }

  // A member of `team_id` holding `competence` (one is given it when nobody
  // does), or, with `holding` false, a member who does not hold it.
  static std::int64_t member(std::int64_t team_id, const std::string& competence,
                             bool holding = true) {
    auto d = db();
    auto holders =
        "SELECT pc.person_id FROM person_competences pc JOIN competences c ON c.id = "
        "pc.competence_id WHERE c.code = $2";
    auto found = d->acquire()->query(
        std::string("SELECT person_id FROM memberships WHERE team_id = $1 AND person_id ") +
            (holding ? "IN (" : "NOT IN (") + holders + ") ORDER BY person_id LIMIT 1",
        {team_id, competence});
    if (!found.empty() || !holding) return found.rows.at(0).integer(0);
    auto someone = d->acquire()
                       ->query(
                           "SELECT person_id FROM memberships WHERE team_id = $1 ORDER BY "
                           "person_id DESC LIMIT 1",
                           {team_id})
                       .rows.at(0)
                       .integer(0);
    d->acquire()->query(
        "INSERT INTO person_competences (person_id, competence_id, level) SELECT $1, id, 2 FROM "
        "competences WHERE code = $2",
        {someone, competence});
    return someone;
  }

  // A visitor signed in with an account of its own linked to `person_id`.
  static Visitor as(std::int64_t person_id) {
    auto& username = accounts_[person_id];
    if (username.empty()) {
      username = "cw" + std::to_string(person_id);
      auto email = db()->acquire()
                       ->query("SELECT email FROM people WHERE id = $1", {person_id})
                       .rows.at(0)
                       .text(0);
      add_linked_account(demo_->database(), username, email, casework_password);
    }
    Visitor v(demo_->port());
    EXPECT_TRUE(v.sign_in(username, casework_password)) << username;
    return v;
  }
  static std::string username_of(std::int64_t person_id) { return accounts_[person_id]; }

  static std::int64_t count(const std::string& sql, const std::vector<store::Value>& params) {
    return db()->acquire()->query(sql, params).rows.at(0).integer(0);
  }

  static inline std::unique_ptr<DemoServer> demo_;
  static inline std::map<std::int64_t, std::string> accounts_;
};

inline bool has(const HttpResponse& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

}  // namespace ploeg::test
