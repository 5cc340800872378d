// An actor for tests of a feature's rules: the person as the web layer would
// find them for a signed-in account (organisation::acting_person), so rules
// see the same teams, competences and coached teams as in a request.
#pragma once

#include <cstdint>
#include <string>

#include "core/actor.hpp"
#include "organisation/acting_person.hpp"
#include "store/database.hpp"

namespace ploeg::testing {

inline Actor acting_as(store::Database& db, std::int64_t person_id, const std::string& name,
                       const std::string& role = "coworker") {
  Actor a;
  a.name = name;
  a.role = role;
  a.person = organisation::acting_person(*db.acquire(), person_id);
  a.remote_address = "127.0.0.1";
  a.request_id = "test";
  return a;
}

}  // namespace ploeg::testing
