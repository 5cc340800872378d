#pragma once

#include <string>

namespace ploeg::accounts {

// argon2id through libsodium, with its "interactive" cost (64 MiB, 2 passes).
std::string hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
// Spends the same time as a real verification; used when the account does not
// exist, so timing does not tell whether it does.
void verify_dummy(const std::string& password);

}  // namespace ploeg::accounts
