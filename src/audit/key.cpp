#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "audit/sealing.hpp"
#include "core/crypto.hpp"

namespace ploeg::audit {
namespace {

struct Sealing {
  std::string key;
  std::string id;
};
Sealing& sealing() {
  static Sealing state;
  return state;
}

constexpr std::size_t shortest_key = 32;

}  // namespace

namespace detail {
const std::string& key() {
  return sealing().key;
}
const std::string& key_id() {
  return sealing().id;
}
}  // namespace detail

std::string key_id(const std::string& key) {
  if (key.empty()) return {};
  // A fingerprint, not the key: a hash of it under a fixed label, shortened.
  return crypto::sha256_hex("ploeg audit key\n" + key).substr(0, 16);
}

void use_key(std::string key) {
  sealing().id = key_id(key);
  sealing().key = std::move(key);
}

std::string read_key_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw std::invalid_argument("audit key file " + file.string() +
                                " cannot be read; make one with `ploeg audit new-key --out " +
                                file.string() + "`");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string key = buffer.str();
  auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!key.empty() && space(key.back())) key.pop_back();
  std::size_t start = 0;
  while (start < key.size() && space(key[start])) ++start;
  key.erase(0, start);
  if (key.size() < shortest_key) {
    throw std::invalid_argument("audit key file " + file.string() + " holds " +
                                std::to_string(key.size()) + " characters; a key needs at least " +
                                std::to_string(shortest_key) +
                                " (make one with `ploeg audit new-key --out FILE`)");
  }
  return key;
}

void write_new_key_file(const std::filesystem::path& file) {
  if (std::filesystem::exists(file)) {
    throw std::invalid_argument(file.string() +
                                " already exists; a new key would make the entries it sealed "
                                "impossible to check. Choose another file.");
  }
  // Created unreadable to others before the key goes in.
  const auto old_mask = ::umask(077);
  std::ofstream out(file, std::ios::binary);
  ::umask(old_mask);
  if (!out) throw std::invalid_argument("cannot write " + file.string());
  out << crypto::random_token() << "\n";
  if (!out.flush()) throw std::invalid_argument("cannot write " + file.string());
}

bool seal(store::Database& db) {
  if (detail::key().empty()) return false;
  bool sealed = false;
  db.transaction([&](store::Connection& c) {
    auto last = c.query("SELECT key_id FROM audit_log ORDER BY id DESC LIMIT 1");
    if (last.empty() || !last.rows[0].text(0).empty()) return;
    append(c, {"system", "audit.sealed", "audit_log", "key " + detail::key_id(), "", ""});
    sealed = true;
  });
  return sealed;
}

}  // namespace ploeg::audit
