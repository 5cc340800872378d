// The organisation feature's SQL; every function runs on the caller's
// connection (inside the caller's transaction when it has one).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "organisation/model.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::organisation::sql {

// Inserts a whole organisation into empty tables with multi-row INSERTs (one
// round trip per few hundred rows, not per row). E-mails are stored
// lower-cased. Throws store::ConstraintError on a duplicate key or a
// reference to something the organisation does not hold; run it in a
// transaction so nothing stays behind then.
void save(store::Connection& c, const Organisation& organisation);

std::optional<Person> find_person(store::Connection& c, const std::string& email);

// Every team with its member count, by code.
std::vector<TeamSummary> list_teams(store::Connection& c);

// Everything, in canonical order (see sort_canonically).
Organisation load(store::Connection& c);

std::int64_t count_people(store::Connection& c);

bool person_exists(store::Connection& c, std::int64_t person_id);

// The team a person gives the largest share of their time (by code on a tie);
// none when they are in no team.
std::optional<std::int64_t> main_team(store::Connection& c, std::int64_t person_id);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::organisation::sql
