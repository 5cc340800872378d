// A form the page shows again after it was refused: the page the form is on,
// with what the visitor sent still in the form and each problem next to its
// field, in the visitor's language (status 422), rather than an error page
// that loses what was typed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/field_error.hpp"
#include "http/message.hpp"
#include "web/catalogue.hpp"
#include "web/views.hpp"

namespace ploeg::web {

// A whole number of at least 1, or nothing (an id or a page in a URL or a form).
std::optional<std::int64_t> positive_number(const std::optional<std::string>& text);

// Each problem's text in `lang` by its field, for a template's
// {{#errors.time}}<p class="field__error">{{errors.time}}</p>{{/errors.time}}.
Data field_messages(const Catalogue& catalogue, const std::string& lang,
                    const std::vector<FieldError>& errors);

struct Submitted {
  std::string form;  // which of the page's forms came back; empty: none did
  http::Fields values;
  std::vector<FieldError> errors;
  int status = 422;  // 409 when the form raced someone else's change

  Submitted() = default;
  // Form `form_name` with what was sent in it; its problems are added after.
  Submitted(std::string form_name, http::Fields sent)
      : form(std::move(form_name)), values(std::move(sent)) {}
  Submitted(std::string form_name, http::Fields sent, std::vector<FieldError> problems)
      : form(std::move(form_name)), values(std::move(sent)), errors(std::move(problems)) {}
  Submitted(std::string form_name, http::Fields sent, FieldError error, int status_code = 422)
      : form(std::move(form_name)),
        values(std::move(sent)),
        errors{std::move(error)},
        status(status_code) {}

  bool came_back() const { return !form.empty(); }
  bool is(std::string_view name) const { return came_back() && form == name; }
  // What was sent in `field` when `name` is the form that came back; `otherwise` if not.
  std::string value(std::string_view name, std::string_view field,
                    const std::string& otherwise) const;
  // Every value sent in `field` (checkboxes) when `name` came back.
  std::vector<std::string> all(std::string_view name, std::string_view field) const;
  // The problems of form `name` by field (see field_messages); false, which
  // keeps a template's {{#x.field}} shut, when another form or none came back.
  Data errors_of(std::string_view name, const Catalogue& catalogue, const std::string& lang) const;
  // The alert at the top of the page, given as `refused` to {{>refused_alert}}:
  // the form may be far down, so it links to `anchor` (an element id); a
  // problem of the form as a whole (field "form") is told there, as it has no
  // field to stand next to. False when nothing came back.
  Data alert(const std::string& anchor, const Catalogue& catalogue, const std::string& lang) const;
  // The page's status: 200 when nothing came back.
  int page_status() const { return came_back() ? status : 200; }
};

}  // namespace ploeg::web
