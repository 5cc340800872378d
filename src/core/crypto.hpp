// Small cryptographic helpers over libsodium.
#pragma once

#include <string>

namespace ploeg::crypto {

std::string sha256_hex(const std::string& input);
// HMAC-SHA-256 of `input` under `key` (any length), as 64 hex digits.
std::string hmac_sha256_hex(const std::string& key, const std::string& input);
// 32 random bytes, URL-safe base64 without padding.
std::string random_token();
// A password to read out and type: `groups` groups of `group_length`
// lower-case letters and digits, joined by '-', without the look-alikes
// l, o, 0 and 1 (32 signs: 5 bits each, 100 bits for 4 groups of 5).
std::string random_password(int groups = 4, int group_length = 5);
bool same_secret(const std::string& a, const std::string& b);  // constant time; empty never matches

}  // namespace ploeg::crypto
