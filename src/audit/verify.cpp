#include <charconv>

#include "audit/sealing.hpp"

namespace ploeg::audit {

std::optional<Anchor> parse_anchor(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  Anchor anchor;
  auto digits = text.substr(0, colon);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), anchor.id);
  if (ec != std::errc() || end != digits.data() + digits.size() || anchor.id < 0) {
    return std::nullopt;
  }
  anchor.hash = std::string(text.substr(colon + 1));
  if (anchor.hash.size() != 64) return std::nullopt;
  for (char c : anchor.hash) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  return anchor;
}

std::string to_string(const Anchor& anchor) {
  return std::to_string(anchor.id) + ":" + anchor.hash;
}

Anchor head(store::Database& db) {
  auto lease = db.acquire();
  auto last = lease->query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  if (last.empty()) return {0, detail::genesis};
  return {last.rows[0].integer(0), last.rows[0].text(1)};
}

Verification verify(store::Database& db, const std::optional<Anchor>& anchor) {
  Verification v;
  auto lease = db.acquire();
  const std::string& key = detail::key();
  std::string previous = detail::genesis;
  std::int64_t expected_id = 1;
  std::optional<std::int64_t> first_sealed;
  std::string last_key_id;
  bool anchor_seen = anchor && anchor->id == 0 && anchor->hash == detail::genesis;
  // In pages, so a long log does not have to fit in memory at once.
  const std::int64_t page = 5000;
  for (std::int64_t after = 0;;) {
    auto result = lease->query(std::string("SELECT ") + detail::columns +
                                   " FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
                               {after, page});
    for (auto& row : result.rows) {
      Entry e = detail::entry_from(row);
      auto broken = [&](std::string problem) {
        v.first_broken_id = e.id;
        v.problem = std::move(problem);
      };
      if (e.id != expected_id) {
        broken("entry " + std::to_string(expected_id) + " is missing (the next one is " +
               std::to_string(e.id) + ")");
      } else if (e.previous_hash != previous) {
        broken("its previous_hash does not match the entry before it (removed or reordered)");
      } else if (e.key_id.empty() && first_sealed) {
        broken("it is not sealed, but entry " + std::to_string(*first_sealed) +
               " before it is: it was written without the key (rewritten?)");
      } else if (!e.key_id.empty() && key.empty()) {
        broken("it is sealed with a key (" + e.key_id +
               "); give that key (audit_key_file) to check it");
      } else if (!e.key_id.empty() && e.key_id != detail::key_id()) {
        broken("it is sealed with another key (" + e.key_id + ") than the one given (" +
               detail::key_id() + ")");
      } else if (entry_hash(previous, e.id, e.at, e.event, e.key_id.empty() ? "" : key) != e.hash) {
        broken("its content does not match its hash (edited)");
      } else if (anchor && anchor->id == e.id && anchor->hash != e.hash) {
        broken("it is not the entry the anchor " + to_string(*anchor) +
               " recorded: the log before it was rewritten");
      }
      if (v.first_broken_id) return v;
      if (!e.key_id.empty()) {
        ++v.sealed;
        if (!first_sealed) first_sealed = e.id;
      }
      anchor_seen = anchor_seen || (anchor && anchor->id == e.id);
      last_key_id = e.key_id;
      ++v.checked;
      ++expected_id;
      previous = e.hash;
      after = e.id;
    }
    if (static_cast<std::int64_t>(result.rows.size()) < page) break;
  }
  if (anchor && !anchor_seen) {
    v.first_broken_id = anchor->id;
    v.problem = "the anchor's entry is gone: the log ends at entry " +
                std::to_string(expected_id - 1) + ", so entries were removed from its end";
  } else if (!key.empty() && v.checked > 0 && last_key_id.empty()) {
    // Without this, whoever can write the database could cut the sealed
    // entries and write plain ones in their place.
    v.first_broken_id = expected_id - 1;
    v.problem =
        "the newest entry is not sealed with the key; a server started with the key seals "
        "the log (entry \"audit.sealed\")";
  }
  return v;
}

}  // namespace ploeg::audit
