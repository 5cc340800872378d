// Mail to the citizen about their request (citizen_mail.hpp).
#include "casework/citizen_mail.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "mail/outbox.hpp"
#include "store/names.hpp"

namespace ploeg::casework {

std::string new_status_link(store::Connection& c, std::int64_t request_id) {
  auto token = crypto::random_token();
  c.query("INSERT INTO request_links (token_hash, request_id, created_at) VALUES ($1, $2, $3)",
          {crypto::sha256_hex(token), request_id, now_seconds()});
  return token;
}

bool tell_citizen(store::Connection& c, std::int64_t request_id, const std::string& kind) {
  // The request type's name in the citizen's language ($2 is that language).
  auto found =
      c.query("SELECT r.reference, r.contact_email, r.language, " +
                  store::names::sql(store::kinds::request_type, "t.code", "t.name", "r.language") +
                  " FROM requests r JOIN request_types t ON t.id = r.request_type_id "
                  "WHERE r.id = $1",
              {request_id});
  if (found.empty()) return false;
  auto& row = found.rows[0];
  auto email = row.text(1);
  if (!mail::deliverable(email)) return false;  // none given (or one the form let through before)
  mail::Message message;
  message.kind = kind;
  message.about = "request:" + row.text(0);
  message.recipient = email;
  message.language = row.text(2);
  message.values = {{"reference", row.text(0)},
                    {"type", row.text(3)},
                    {"link", "/status/" + new_status_link(c, request_id)}};
  mail::enqueue(c, message);
  return true;
}

}  // namespace ploeg::casework
