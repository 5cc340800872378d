#include "accounts/passwords.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

#include "accounts/model.hpp"
#include "core/crypto.hpp"

namespace ploeg::accounts {
namespace {

// The list as one string, made from common_passwords.txt at build time.
constexpr std::string_view common_list =
#include "common_passwords.inc"
    ;

// Lower case for ASCII and for the accented capitals of Latin-1 ("É" is
// 0xC3 0x89, "é" 0xC3 0xA9), which Dutch and French names use.
std::string lower(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto ch = static_cast<unsigned char>(out[i]);
    if (ch < 0x80) {
      out[i] = static_cast<char>(std::tolower(ch));
    } else if (ch == 0xC3 && i + 1 < out.size()) {
      auto next = static_cast<unsigned char>(out[i + 1]);
      if (next >= 0x80 && next <= 0x9E && next != 0x97) out[i + 1] = static_cast<char>(next + 0x20);
      ++i;
    }
  }
  return out;
}

const std::unordered_set<std::string>& common_passwords() {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> words;
    std::string_view rest = common_list;
    while (!rest.empty()) {
      auto end = rest.find('\n');
      auto line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line.rfind("#!comment:", 0) == 0) continue;
      words.insert(lower(line));
    }
    return words;
  }();
  return set;
}

bool is_letter(unsigned char ch) {
  return std::isalpha(ch) || ch >= 0x80;  // a UTF-8 byte is part of a letter
}

// Characters, not bytes: a UTF-8 continuation byte does not start one.
std::size_t characters(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](unsigned char ch) { return (ch & 0xC0) != 0x80; }));
}

// "abcabcabcabc" is "abc" three more times.
bool repeats_a_short_unit(const std::string& s) {
  for (std::size_t unit = 1; unit <= 4 && unit < s.size(); ++unit) {
    bool repeats = true;
    for (std::size_t i = unit; i < s.size() && repeats; ++i) repeats = s[i] == s[i % unit];
    if (repeats) return true;
  }
  return false;
}

// The account's names as a person would type them into a password: the user
// name, its parts and the display name's parts ("an.peeters", "peeters"), of
// 3 characters or more, longest first.
std::vector<std::string> names_of(const std::string& username, const std::string& display_name) {
  std::vector<std::string> names;
  auto add_parts = [&](const std::string& text) {
    std::string part;
    for (char ch : text + " ") {
      if (is_letter(static_cast<unsigned char>(ch)) ||
          std::isdigit(static_cast<unsigned char>(ch))) {
        part += ch;
      } else {
        if (characters(part) >= 3) names.push_back(part);
        part.clear();
      }
    }
  };
  std::string user = lower(username), display = lower(display_name);
  if (characters(user) >= 3) names.push_back(user);
  add_parts(user);
  add_parts(display);
  std::string joined;  // "An Peeters" typed as "anpeeters"
  for (char ch : display) {
    if (is_letter(static_cast<unsigned char>(ch))) joined += ch;
  }
  if (characters(joined) >= 3) names.push_back(joined);
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return names;
}

}  // namespace

std::string hash_password(const std::string& password) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return out;
}

bool verify_password(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void verify_dummy(const std::string& password) {
  static const std::string dummy = hash_password(crypto::random_token());
  verify_password(dummy, password);
}

bool is_common_password(std::string_view password) {
  const auto& common = common_passwords();
  std::string all = lower(password);
  if (common.count(all) || repeats_a_short_unit(all)) return true;
  // What is left without the digits and signs around it: "Sunshine2024!".
  auto first = std::find_if(all.begin(), all.end(), [](unsigned char ch) { return is_letter(ch); });
  auto last =
      std::find_if(all.rbegin(), all.rend(), [](unsigned char ch) { return is_letter(ch); });
  if (first == all.end()) return false;
  std::string core(first, last.base());
  if (common.count(core) || repeats_a_short_unit(core)) return true;
  // The same word twice: "passwordpassword".
  if (core.size() % 2 == 0 && core.substr(0, core.size() / 2) == core.substr(core.size() / 2)) {
    return common.count(core.substr(0, core.size() / 2)) > 0;
  }
  return false;
}

void check_new_password(std::vector<FieldError>& errors, const std::string& field,
                        const std::string& password, const std::string& username,
                        const std::string& display_name) {
  if (password.size() > max_password_length) {
    errors.push_back({field,
                      "password_too_long",
                      "use at most " + std::to_string(max_password_length) + " characters",
                      {{"max", std::to_string(max_password_length)}}});
    return;
  }
  if (password.size() < min_password_length) {
    errors.push_back({field,
                      "password_too_short",
                      "use at least " + std::to_string(min_password_length) + " characters",
                      {{"min", std::to_string(min_password_length)}}});
    return;
  }
  if (is_common_password(password)) {
    errors.push_back({field, "password_common",
                      "this is one of the most common passwords, which are tried first: choose "
                      "one that is harder to guess"});
    return;
  }
  std::string rest = lower(password);
  bool had_name = false;
  for (auto& name : names_of(username, display_name)) {
    for (auto at = rest.find(name); at != std::string::npos; at = rest.find(name)) {
      rest.erase(at, name.size());
      had_name = true;
    }
  }
  if (had_name && characters(rest) < min_length_without_names) {
    errors.push_back({field,
                      "password_has_name",
                      "your name or user name does not count: without it, the password needs "
                      "at least " +
                          std::to_string(min_length_without_names) + " characters",
                      {{"min", std::to_string(min_length_without_names)}}});
  }
}

}  // namespace ploeg::accounts
