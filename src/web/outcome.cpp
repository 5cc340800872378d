#include "web/outcome.hpp"

#include "web/api_answer.hpp"

namespace ploeg::web {

int status_of(Verdict verdict) {
  switch (verdict) {
    case Verdict::ok:
      return 200;
    case Verdict::invalid:
      return 422;
    case Verdict::forbidden:
      return 403;
    case Verdict::not_found:
      return 404;
    case Verdict::conflict:
      return 409;
  }
  return 500;
}

Submitted submitted(std::string form, http::Fields values, const Outcome& outcome) {
  Submitted sent;
  sent.form = std::move(form);
  sent.values = std::move(values);
  sent.errors = outcome.errors;
  sent.status = status_of(outcome);
  return sent;
}

http::Response refused_page(const Site& site, http::Request& request, const Outcome& outcome,
                            const std::string& otherwise) {
  auto key = outcome.first_key();
  return site.error(request, status_of(outcome), key.empty() ? otherwise : key);
}

namespace api {

http::Response refusal(const Outcome& outcome) {
  static const char* const names[] = {"ok", "invalid", "forbidden", "not_found", "conflict"};
  auto verdict_name = names[static_cast<int>(outcome.verdict)];
  if (outcome.errors.empty()) return error(status_of(outcome), verdict_name, verdict_name);
  auto& first = outcome.errors.front();
  std::optional<std::string> field;
  if (!first.field.empty() && first.field != "form") field = first.field;
  return error(status_of(outcome), first.key.empty() ? verdict_name : first.key,
               first.message.empty() ? first.key : first.message, field,
               outcome.errors.size() > 1 ? outcome.errors : std::vector<FieldError>{});
}

}  // namespace api
}  // namespace ploeg::web
