#include "casework/requests.hpp"

#include <algorithm>
#include <ctime>

#include "audit/audit.hpp"
#include "casework/citizen_mail.hpp"
#include "casework/figures.hpp"
#include "casework/handling_support.hpp"
#include "casework/process.hpp"
#include "casework/store.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "mail/outbox.hpp"
#include "web/rate_limit.hpp"

namespace ploeg::casework {
namespace {

std::string citizen_language(const std::string& language) {
  return language == "nl" || language == "fr" ? language : "en";
}

bool plausible_email(const std::string& e) {
  auto at = e.find('@');
  return at != std::string::npos && at > 0 && e.find('.', at) != std::string::npos &&
         e.find_first_of(" \t\r\n<>,;\"()") == std::string::npos && e.back() != '.' &&
         mail::deliverable(e);
}

bool plausible_phone(const std::string& p) {
  int digits = 0;
  for (char ch : p) {
    if (ch >= '0' && ch <= '9') {
      ++digits;
    } else if (std::string_view(" +-/.()").find(ch) == std::string_view::npos) {
      return false;
    }
  }
  return digits >= 6 && digits <= 15;
}

// "2026-4KQ7-M2XD": the year and eight characters of an alphabet without
// look-alikes (no I, L, O, U), read from a random token.
std::string new_reference() {
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  static const std::string base64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string reference = local_text(now_seconds(), "%Y") + "-";
  auto token = crypto::random_token();
  for (int i = 0; i < 8; ++i) {
    if (i == 4) reference += '-';
    reference += alphabet[base64.find(token[static_cast<std::size_t>(i)]) % 32];
  }
  return reference;
}

FieldError problem(const std::string& field, const std::string& key, const std::string& message,
                   std::vector<std::pair<std::string, std::string>> values = {}) {
  return {field, key, message, std::move(values)};
}

std::vector<FieldError> check(const NewRequest& r, const Process& process,
                              const std::optional<sql::Route>& route) {
  std::vector<FieldError> errors;
  auto type = std::find_if(process.types.begin(), process.types.end(),
                           [&](const RequestType& t) { return t.code == r.type; });
  if (type == process.types.end()) {
    errors.push_back(problem("type", "request_type_unknown", "choose one of the request types"));
  } else {
    for (auto& c : r.conditions) {
      if (std::find(type->conditions.begin(), type->conditions.end(), c) ==
          type->conditions.end()) {
        errors.push_back(problem("conditions", "request_condition_unknown",
                                 "'" + c + "' does not apply to this request type: untick it"));
      }
    }
  }
  if (text::trimmed(r.postcode).empty()) {
    errors.push_back(problem("postcode", "request_postcode_missing", "fill in your postcode"));
  } else if (text::characters(text::trimmed(r.postcode)) > max_postcode_length) {
    errors.push_back(problem("postcode", "request_too_long", "shorten the postcode",
                             {{"max", std::to_string(max_postcode_length)}}));
  } else if (!route) {
    errors.push_back(problem("postcode", "request_postcode_unknown",
                             "the postcode " + text::trimmed(r.postcode) +
                                 " is in none of our regions: check it, or contact the office "
                                 "of the region you live in",
                             {{"postcode", text::trimmed(r.postcode)}}));
  } else if (route->team.empty()) {
    errors.push_back(problem("postcode", "request_region_without_team",
                             "no team handles requests from this region yet: contact its office"));
  }
  auto name = text::trimmed(r.name);
  if (name.empty()) errors.push_back(problem("name", "request_name_missing", "fill in your name"));
  if (text::characters(name) > max_name_length) {
    errors.push_back(problem("name", "request_too_long", "shorten your name",
                             {{"max", std::to_string(max_name_length)}}));
  }
  auto email = text::trimmed(r.email);
  auto phone = text::trimmed(r.phone);
  if (email.empty() && phone.empty()) {
    errors.push_back(problem("email", "request_contact_missing",
                             "give an e-mail address or a phone number so we can reach you"));
  }
  if (!email.empty() && (text::characters(email) > max_contact_length || !plausible_email(email))) {
    errors.push_back(problem("email", "request_email_invalid",
                             "the e-mail address is not valid: write it like name@example.be"));
  }
  if (text::characters(phone) > max_phone_length) {
    errors.push_back(problem("phone", "request_too_long", "shorten the phone number",
                             {{"max", std::to_string(max_phone_length)}}));
  } else if (!phone.empty() && !plausible_phone(phone)) {
    errors.push_back(problem("phone", "request_phone_invalid",
                             "the phone number is not valid: digits, spaces and + only"));
  }
  auto description = text::trimmed(r.description);
  if (description.empty()) {
    errors.push_back(
        problem("description", "request_description_missing", "tell us what you are asking for"));
  } else if (text::characters(description) > max_description_length) {
    errors.push_back(problem(
        "description", "request_too_long",
        "shorten the description to " + std::to_string(max_description_length) + " characters",
        {{"max", std::to_string(max_description_length)}}));
  }
  if (r.submission_key.empty() || r.submission_key.size() > max_submission_key_length) {
    errors.push_back(problem("submission_key", "request_form_stale",
                             "the form is out of date: reload the page and send it again"));
  }
  return errors;
}

// A new private link to request `id`: only its hash is kept.
std::string add_link(store::Connection& c, std::int64_t id) {
  return new_status_link(c, id);
}

// What is stored of a form's key and of the browser that sent it: hashes, so
// neither a copy of the database nor a guessed key opens a request.
std::string key_hash(const std::string& key) {
  return crypto::sha256_hex("submission key\n" + key);
}
std::string browser_hash(const std::string& browser) {
  return browser.empty() ? "" : crypto::sha256_hex("browser\n" + browser);
}

// The hash of what the form says, as it is filed (trimmed; conditions in
// order); each part with its length, so no two forms run together.
std::string content_hash(const NewRequest& r) {
  auto conditions = r.conditions;
  std::sort(conditions.begin(), conditions.end());
  std::string all;
  auto add = [&all](const std::string& part) {
    all += std::to_string(part.size());
    all += ':';
    all += part;
  };
  add(r.type);
  add(std::to_string(conditions.size()));
  for (auto& c : conditions) add(c);
  for (auto* part : {&r.postcode, &r.name, &r.email, &r.phone, &r.description}) {
    add(text::trimmed(*part));
  }
  return crypto::sha256_hex(all);
}

// A form filed before under the same key: its receipt again (with a fresh
// link) when this is its resend, else only that the key is taken.
struct Earlier {
  std::optional<Receipt> resent;
};

std::optional<Earlier> earlier(store::Connection& c, const NewRequest& r) {
  if (r.submission_key.empty() || r.submission_key.size() > max_submission_key_length) {
    return std::nullopt;
  }
  auto found = c.query(
      "SELECT r.id, r.reference, t.code, r.submission_browser, r.submission_content, "
      "r.submitted_at FROM requests r JOIN teams t ON t.id = r.team_id WHERE r.submission_key = "
      "$1",
      {key_hash(r.submission_key)});
  if (found.empty()) return std::nullopt;
  auto& row = found.rows[0];
  // The same browser (a secret only it holds), the same words, not long after.
  const bool resend = crypto::same_secret(row.text(3), browser_hash(r.browser)) &&
                      row.text(4) == content_hash(r) &&
                      now_seconds() - row.integer(5) <= resend_window_seconds;
  if (!resend) return Earlier{};
  return Earlier{Receipt{row.text(1), add_link(c, row.integer(0)), row.text(2), true}};
}

// The answer to a key filed before: the receipt of a resend, or a refusal
// that tells nothing of the earlier request.
void answer_earlier(Filed& filed, Earlier earlier) {
  if (earlier.resent) {
    filed.receipt = std::move(earlier.resent);
    return;
  }
  filed.errors.push_back(problem("submission_key", "request_form_used",
                                 "this form was already sent: to file a new request, check what "
                                 "you typed and send it again"));
}

// New requests per client address: see max_filings_per_address_per_hour.
constexpr web::RateLimit filing_limit{"casework.filing", max_filings_per_address_per_hour, 3600};

}  // namespace

Filed file_request(store::Database& db, const NewRequest& r) {
  Filed filed;
  auto attempt = [&](store::Connection& c) {
    if (auto before = earlier(c, r)) {
      answer_earlier(filed, std::move(*before));
      return true;
    }
    auto process = sql::load_process(c);
    auto postcode = text::trimmed(r.postcode);
    auto route = postcode.empty() || text::characters(postcode) > max_postcode_length
                     ? std::nullopt
                     : sql::route(c, postcode);
    filed.errors = check(r, process, route);
    if (!filed.errors.empty()) return false;
    if (!r.remote_address.empty()) {
      filed.retry_after = web::admit(c, filing_limit, r.remote_address);
      if (filed.retry_after > 0) return false;
    }
    auto reference = new_reference();
    // RETURNING gives what the events and the figures need, in one statement.
    auto inserted = c.query(
        "INSERT INTO requests (reference, submission_key, submission_browser, "
        "submission_content, request_type_id, conditions, postcode, team_id, contact_name, "
        "contact_email, contact_phone, description, submitted_at, step_index, decided_at, "
        "language) "
        "SELECT $1, $2, $3, $4, t.id, $5, $6, m.id, $7, $8, $9, $10, $11, 0, NULL, $14 FROM "
        "request_types t, teams m WHERE t.code = $12 AND m.code = $13 RETURNING id, team_id, "
        "submitted_at, request_type_id",
        {reference, key_hash(r.submission_key), browser_hash(r.browser), content_hash(r),
         sql::joined_codes(r.conditions), text::trimmed(r.postcode), text::trimmed(r.name),
         text::trimmed(r.email), text::trimmed(r.phone), text::trimmed(r.description),
         now_seconds(), r.type, route->team, citizen_language(r.language)});
    const auto& row = inserted.rows.at(0);
    auto id = row.integer(0);
    filed.receipt = Receipt{reference, add_link(c, id), route->team, false};
    c.query(
        "INSERT INTO request_events (request_id, at, kind, team_id) VALUES ($1, $2, 'filed', $3)",
        {id, row.integer(2), row.integer(1)});
    figures::Tally tally(c);
    tally.received(row.integer(1), row.integer(2), row.integer(3));
    tally.save(c);
    // "We received your request", with the reference and a link of its own,
    // sent after this transaction commits (mail/outbox.hpp).
    tell_citizen(c, id, mail::kinds::request_received);
    // Who filed it is the citizen; the audit keeps no personal data.
    audit::append(c, {"citizen:" + reference, "request.file", "request:" + reference,
                      r.type + " for team " + route->team, r.remote_address, r.request_id});
    return true;
  };
  for (int tries = 1;; ++tries) {
    try {
      db.transaction(attempt);
      return filed;
    } catch (const store::ConstraintError&) {
      // The same key filed at the same moment by a second click: answer as
      // to any key filed before.
      filed = {};
      bool taken = db.transaction([&](store::Connection& c) {
        auto before = earlier(c, r);
        if (before) answer_earlier(filed, std::move(*before));
        return before.has_value();
      });
      if (taken) return filed;
      // Else the new reference was taken (one chance in 10^12): draw another.
      if (tries == 3) throw;
    }
  }
}

std::optional<Status> status(store::Connection& c, const std::string& status_token) {
  auto found = handling::case_of_link(c, status_token);
  if (!found) return std::nullopt;
  Status s;
  s.reference = found->reference;
  s.team_id = found->team_id;
  s.team_code = found->team_code;
  s.team_name = found->team_name;
  s.decided = found->decided_at.has_value();
  s.target_days = found->type.target_days;
  s.submitted_at = found->submitted_at;
  s.type_code = found->type.code;
  s.type_name = found->type.name;
  if (!s.decided && found->current()) {
    s.stage = found->current()->name;
    s.stage_code = found->current()->code;
  }
  auto row = c.query("SELECT decision, motivation, rating, language FROM requests WHERE id = $1",
                     {found->id})
                 .rows.at(0);
  s.decision = row.optional_text(0).value_or("");
  s.motivation = row.text(1);
  s.rated = !row.is_null(2);
  s.language = row.text(3);
  return s;
}

void register_request_migrations(store::Migrations& migrations) {
  // Personal data (contact, description) lives only here; the audit log
  // refers to a request by its reference. step_index counts the steps done
  // among those the request's conditions leave.
  const char* script = R"(
CREATE TABLE requests (
  id {{id}},
  reference TEXT NOT NULL UNIQUE,
  submission_key TEXT NOT NULL UNIQUE,
  request_type_id BIGINT NOT NULL REFERENCES request_types (id) ON DELETE RESTRICT,
  conditions TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL,
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE RESTRICT,
  contact_name TEXT NOT NULL,
  contact_email TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL,
  submitted_at BIGINT NOT NULL,
  step_index INTEGER NOT NULL DEFAULT 0 CHECK (step_index >= 0),
  decided_at BIGINT
);
CREATE INDEX requests_team_open ON requests (team_id, decided_at);
CREATE TABLE request_links (
  token_hash TEXT PRIMARY KEY,
  request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL
);
CREATE INDEX request_links_request ON request_links (request_id);
)";
  migrations.add(
      store::with_ids(21, "casework: citizens' requests and their private status links", script));
  // The form's key was stored as the browser sent it and opened its request
  // to anyone who sent it again. Now only hashes: of the key, of the browser
  // that sent it (its session or CSRF cookie) and of what it said. The keys
  // stored before cannot be hashed in SQL the same way on both backends: they
  // are voided, so none of them is a resend any more.
  migrations.add({25, "casework: a form's key is a hash, bound to its browser and content",
                  R"(
UPDATE requests SET submission_key = 'void:' || reference;
ALTER TABLE requests ADD COLUMN submission_browser TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN submission_content TEXT NOT NULL DEFAULT '';
)",
                  ""});
  // What mail and letters to the citizen are written in; requests filed
  // before this was kept are written to in the fallback language.
  migrations.add({27, "casework: the language a citizen filed in",
                  "ALTER TABLE requests ADD COLUMN language TEXT NOT NULL DEFAULT 'en' "
                  "CHECK (language IN ('nl', 'fr', 'en'));",
                  ""});
}

}  // namespace ploeg::casework
