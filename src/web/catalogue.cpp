#include "web/catalogue.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace ploeg::web {

std::string_view plural_category(std::string_view lang, long long n) {
  // CLDR cardinal rules for whole numbers (i = n, v = 0):
  //   fr  one: i = 0,1          (many: whole millions, read as other here)
  //   en  one: i = 1 and v = 0
  //   nl  one: i = 1 and v = 0
  if (lang == "fr") return n == 0 || n == 1 ? "one" : "other";
  return n == 1 ? "one" : "other";
}

const std::vector<std::string>& plural_categories(std::string_view) {
  // English, Dutch and French all need "one" and "other" (see above).
  static const std::vector<std::string> one_other{"one", "other"};
  return one_other;
}

Catalogue Catalogue::load(const std::filesystem::path& dir) {
  Catalogue c;
  std::error_code ec;
  for (auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".toml") continue;
    std::string lang = entry.path().stem().string();
    toml::table table;
    try {
      table = toml::parse_file(entry.path().string());
    } catch (const toml::parse_error& e) {
      throw std::invalid_argument(entry.path().string() + ":" +
                                  std::to_string(e.source().begin.line) + ": " +
                                  std::string(e.description()));
    }
    auto& messages = c.messages_[lang];
    auto& plurals = c.plurals_[lang];
    for (auto& [key, node] : table) {
      std::string name(key.str());
      auto where = entry.path().string() + ": \"" + name + "\"";
      if (auto forms = node.as_table()) {
        // { one = "...", other = "..." }: a form per CLDR plural category.
        Forms read;
        for (auto& [category, form] : *forms) {
          static const std::vector<std::string_view> cldr{"zero", "one",  "two",
                                                          "few",  "many", "other"};
          auto value = form.value<std::string>();
          if (std::find(cldr.begin(), cldr.end(), category.str()) == cldr.end() || !value) {
            throw std::invalid_argument(where + " has plural forms: \"" +
                                        std::string(category.str()) +
                                        "\" must be zero, one, two, few, many or other, "
                                        "each a string");
          }
          read.emplace(std::string(category.str()), *value);
        }
        plurals.emplace(name, std::move(read));
        continue;
      }
      auto value = node.value<std::string>();
      if (!value) {
        throw std::invalid_argument(where + " must be a string or a table of plural forms");
      }
      messages.emplace(name, *value);
    }
    c.languages_.push_back(lang);
  }
  if (ec) throw std::invalid_argument("cannot read the message catalogue in " + dir.string());
  if (!c.messages_.count("en")) {
    throw std::invalid_argument("the message catalogue in " + dir.string() + " has no en.toml");
  }
  // Belgium's public services speak Dutch and French first; then the others.
  auto rank = [](const std::string& lang) {
    return lang == "nl" ? 0 : lang == "fr" ? 1 : lang == "de" ? 2 : lang == "en" ? 3 : 4;
  };
  std::sort(c.languages_.begin(), c.languages_.end(), [&](const auto& a, const auto& b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
  });
  return c;
}

bool Catalogue::supports(std::string_view lang) const {
  return messages_.count(lang) > 0;
}

bool Catalogue::has(std::string_view lang, std::string_view key) const {
  auto language = messages_.find(lang);
  auto plural = plurals_.find(lang);
  return (language != messages_.end() && language->second.count(key)) ||
         (plural != plurals_.end() && plural->second.count(key));
}

bool Catalogue::is_plural(std::string_view key) const {
  return plurals_.at("en").count(key) > 0;
}

const std::string& Catalogue::text(std::string_view lang, std::string_view key) const {
  for (std::string_view l : {lang, std::string_view("en")}) {
    auto language = messages_.find(l);
    if (language == messages_.end()) continue;
    auto found = language->second.find(key);
    if (found != language->second.end()) return found->second;
  }
  // An unknown key shows itself, which a page test then catches.
  static thread_local std::string missing;
  missing = std::string(key);
  return missing;
}

namespace {

void fill(std::string& out, const std::string& name, const std::string& value) {
  std::string placeholder = "{" + name + "}";
  for (auto at = out.find(placeholder); at != std::string::npos;
       at = out.find(placeholder, at + value.size())) {
    out.replace(at, placeholder.size(), value);
  }
}

}  // namespace

std::string Catalogue::format(std::string_view lang, std::string_view key,
                              const Values& values) const {
  std::string out = text(lang, key);
  for (auto& [name, value] : values) fill(out, name, value);
  return out;
}

std::string Catalogue::format(std::string_view lang, std::string_view key, const Values& values,
                              long long count) const {
  const std::string* chosen = nullptr;
  for (std::string_view l : {lang, std::string_view("en")}) {
    auto language = plurals_.find(l);
    if (language == plurals_.end()) continue;
    auto found = language->second.find(key);
    if (found == language->second.end()) continue;
    auto form = found->second.find(plural_category(l, count));
    if (form == found->second.end()) form = found->second.find("other");
    if (form != found->second.end()) chosen = &form->second;
    break;
  }
  std::string out = chosen ? *chosen : text(lang, key);
  for (auto& [name, value] : values) fill(out, name, value);
  fill(out, "count", std::to_string(count));
  return out;
}

const std::map<std::string, std::string, std::less<>>& Catalogue::messages(
    std::string_view lang) const {
  auto found = messages_.find(lang);
  return found != messages_.end() ? found->second : messages_.find("en")->second;
}

const std::map<std::string, Catalogue::Forms, std::less<>>& Catalogue::plurals(
    std::string_view lang) const {
  auto found = plurals_.find(lang);
  return found != plurals_.end() ? found->second : plurals_.find("en")->second;
}

std::string Catalogue::negotiate(std::string_view header) const {
  // "nl-BE,nl;q=0.9,fr;q=0.8,en;q=0.5": the highest q whose primary tag we have.
  std::string best = "en";
  double best_q = -1;
  std::stringstream items{std::string(header)};
  std::string item;
  while (std::getline(items, item, ',')) {
    auto semicolon = item.find(';');
    std::string tag = item.substr(0, semicolon);
    tag.erase(std::remove_if(tag.begin(), tag.end(), ::isspace), tag.end());
    double q = 1.0;
    if (semicolon != std::string::npos) {
      auto qpos = item.find("q=", semicolon);
      if (qpos != std::string::npos) {
        try {
          q = std::stod(item.substr(qpos + 2));
        } catch (...) {
          q = 0;
        }
      }
    }
    std::string primary = tag.substr(0, tag.find('-'));
    std::transform(primary.begin(), primary.end(), primary.begin(), ::tolower);
    if (q > best_q && q > 0 && supports(primary)) {
      best = primary;
      best_q = q;
    }
  }
  return best;
}

std::vector<std::string> Catalogue::problems() const {
  std::vector<std::string> found;
  const auto& english = messages_.at("en");
  const auto& english_plurals = plurals_.at("en");
  for (auto& [lang, messages] : messages_) {
    auto& plurals = plurals_.at(lang);
    for (auto& [key, text] : english) {
      if (!messages.count(key) && !plurals.count(key)) found.push_back(lang + ": missing " + key);
    }
    for (auto& [key, text] : messages) {
      if (!english.count(key) && !english_plurals.count(key))
        found.push_back(lang + ": " + key + " is not in en");
      if (text.empty()) found.push_back(lang + ": " + key + " is empty");
    }
  }
  for (auto& [lang, plurals] : plurals_) {
    auto& messages = messages_.at(lang);
    for (auto& [key, forms] : english_plurals) {
      if (!plurals.count(key) && !messages.count(key)) found.push_back(lang + ": missing " + key);
    }
    for (auto& [key, forms] : plurals) {
      if (!english_plurals.count(key)) {
        found.push_back(
            lang + ": " + key +
            (english.count(key) ? " has plural forms, but is one text in en" : " is not in en"));
      }
      auto& needed = plural_categories(lang);
      for (auto& category : needed) {
        auto form = forms.find(category);
        if (form == forms.end()) {
          found.push_back(lang + ": " + key + " lacks its plural form " + category);
        } else if (form->second.empty()) {
          found.push_back(lang + ": " + key + "." + category + " is empty");
        }
      }
      for (auto& [category, text] : forms) {
        if (std::find(needed.begin(), needed.end(), category) == needed.end())
          found.push_back(lang + ": " + key + " has a plural form " + category + " that " + lang +
                          " does not use");
      }
    }
    for (auto& [key, text] : messages) {
      if (english_plurals.count(key))
        found.push_back(lang + ": " + key + " is one text, but has plural forms in en");
    }
  }
  return found;
}

}  // namespace ploeg::web
