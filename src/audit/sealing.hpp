// Inside the audit module: the process's key and the entry columns, shared by
// appending (audit.cpp) and checking (verify.cpp).
#pragma once

#include <string>

#include "audit/audit.hpp"
#include "store/database.hpp"

namespace ploeg::audit::detail {

// The chain starts from this value, so the first entry is covered too.
inline const std::string genesis(64, '0');

inline constexpr const char* columns =
    "id, at, actor, action, subject, detail, remote_address, request_id, previous_hash, hash, "
    "key_id";

const std::string& key();     // empty: none
const std::string& key_id();  // of key(); empty when there is none

Entry entry_from(const store::Row& row);

}  // namespace ploeg::audit::detail
