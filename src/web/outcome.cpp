#include "web/outcome.hpp"

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

}  // namespace ploeg::web
