#include "web/catalogue.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace ploeg::web {

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
    for (auto& [key, node] : table) {
      auto value = node.value<std::string>();
      if (!value) {
        throw std::invalid_argument(entry.path().string() + ": \"" + std::string(key.str()) +
                                    "\" must be a string");
      }
      messages.emplace(std::string(key.str()), *value);
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

std::string Catalogue::format(
    std::string_view lang, std::string_view key,
    const std::vector<std::pair<std::string, std::string>>& values) const {
  std::string out = text(lang, key);
  for (auto& [name, value] : values) {
    std::string placeholder = "{" + name + "}";
    for (auto at = out.find(placeholder); at != std::string::npos;
         at = out.find(placeholder, at + value.size())) {
      out.replace(at, placeholder.size(), value);
    }
  }
  return out;
}

const std::map<std::string, std::string, std::less<>>& Catalogue::messages(
    std::string_view lang) const {
  auto found = messages_.find(lang);
  return found != messages_.end() ? found->second : messages_.find("en")->second;
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
  for (auto& [lang, messages] : messages_) {
    for (auto& [key, text] : english) {
      if (!messages.count(key)) found.push_back(lang + ": missing " + key);
    }
    for (auto& [key, text] : messages) {
      if (!english.count(key)) found.push_back(lang + ": " + key + " is not in en");
      if (text.empty()) found.push_back(lang + ": " + key + " is empty");
    }
  }
  return found;
}

}  // namespace ploeg::web
