#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/field_error.hpp"

namespace ploeg::accounts {

// argon2id through libsodium, with its "interactive" cost (64 MiB, 2 passes).
std::string hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
// Spends the same time as a real verification; used when the account does not
// exist, so timing does not tell whether it does.
void verify_dummy(const std::string& password);

// True when `password` is one of the common passwords shipped with ploeg
// (src/accounts/common_passwords.txt), ignoring case, digits and signs around
// it ("Password2024!"), or a short pattern repeated ("abcabcabcabc").
bool is_common_password(std::string_view password);

// What is wrong with `password` as the new password of the account named
// `username` / `display_name`, under `field`, each with what to do instead:
// too short or too long, a common password, or mostly the account's names.
void check_new_password(std::vector<FieldError>& errors, const std::string& field,
                        const std::string& password, const std::string& username,
                        const std::string& display_name);

}  // namespace ploeg::accounts
