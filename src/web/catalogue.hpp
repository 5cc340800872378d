// The message catalogue: every user-facing string, in English, Dutch and
// French, from web/locales/<lang>.toml (flat `key = "text"`).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ploeg::web {

class Catalogue {
 public:
  // Loads every <lang>.toml in `dir`; English must be there. Throws
  // std::invalid_argument naming the file and the problem.
  static Catalogue load(const std::filesystem::path& dir);

  const std::vector<std::string>& languages() const { return languages_; }  // nl, fr, en
  bool supports(std::string_view lang) const;
  // The text in `lang`, else the English one, else the key itself.
  const std::string& text(std::string_view lang, std::string_view key) const;
  // text() with {name} placeholders replaced.
  std::string format(std::string_view lang, std::string_view key,
                     const std::vector<std::pair<std::string, std::string>>& values) const;
  const std::map<std::string, std::string, std::less<>>& messages(std::string_view lang) const;
  // The best supported language for an Accept-Language header, else "en".
  std::string negotiate(std::string_view accept_language) const;
  // Keys missing from or extra in a language compared with English.
  std::vector<std::string> problems() const;

 private:
  std::vector<std::string> languages_;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> messages_;
};

}  // namespace ploeg::web
