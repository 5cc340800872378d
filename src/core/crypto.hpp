// Small cryptographic helpers over libsodium.
#pragma once

#include <string>

namespace ploeg::crypto {

std::string sha256_hex(const std::string& input);
// HMAC-SHA-256 of `input` under `key` (any length), as 64 hex digits.
std::string hmac_sha256_hex(const std::string& key, const std::string& input);
// 32 random bytes, URL-safe base64 without padding.
std::string random_token();
bool same_secret(const std::string& a, const std::string& b);  // constant time; empty never matches

}  // namespace ploeg::crypto
