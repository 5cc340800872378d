#include "web/form.hpp"

#include <charconv>

namespace ploeg::web {

std::optional<std::int64_t> positive_number(const std::optional<std::string>& text) {
  if (!text || text->empty() || text->size() > 18) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 1) return std::nullopt;
  return value;
}

Data field_messages(const Catalogue& catalogue, const std::string& lang,
                    const std::vector<FieldError>& errors) {
  Data messages;
  for (auto& e : errors) messages.set(e.field, catalogue.format(lang, e.key, e.values));
  return messages;
}

std::string Submitted::value(std::string_view name, std::string_view field,
                             const std::string& otherwise) const {
  if (!is(name)) return otherwise;
  return http::field(values, field).value_or("");
}

std::vector<std::string> Submitted::all(std::string_view name, std::string_view field) const {
  std::vector<std::string> out;
  if (!is(name)) return out;
  for (auto& [key, value] : values) {
    if (key == field) out.push_back(value);
  }
  return out;
}

Data Submitted::errors_of(std::string_view name, const Catalogue& catalogue,
                          const std::string& lang) const {
  if (!is(name)) return Data(false);
  return field_messages(catalogue, lang, errors);
}

Data Submitted::alert(const std::string& anchor, const Catalogue& catalogue,
                      const std::string& lang) const {
  if (!came_back()) return Data(false);
  Data data;
  data.set("anchor", anchor);
  List problems;
  for (auto& e : errors) {
    if (e.field == "form")
      problems.push_back(Data("text", catalogue.format(lang, e.key, e.values)));
  }
  data.set("problems", problems);
  return data;
}

}  // namespace ploeg::web
