// The message catalogue: every user-facing string, in English, Dutch and
// French, from web/locales/<lang>.toml. A message is `key = "text"` with
// {name} placeholders; one that shows a count has a form per plural category,
// `key = { one = "1 person", other = "{count} people" }`, and the count picks
// the form by the language's plural rule (plural_category below).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ploeg::web {

// The plural category of the whole number `n` in `lang`, after the Unicode
// CLDR plural rules (https://cldr.unicode.org/index/cldr-spec/plural-rules,
// the "cardinal" rules of https://www.unicode.org/cldr/charts/latest/
// supplemental/language_plural_rules.html): English and Dutch say "one" for 1
// only ("0 people", "0 mensen"); French says "one" for 0 and 1 ("0 personne",
// "1 personne"). CLDR gives French a third category, "many", for whole
// millions ("un million de personnes"); no count here comes near one, so it
// is read as "other". A language without a rule here follows English.
std::string_view plural_category(std::string_view lang, long long n);
// The categories a message with plural forms needs in `lang`.
const std::vector<std::string>& plural_categories(std::string_view lang);

class Catalogue {
 public:
  using Values = std::vector<std::pair<std::string, std::string>>;
  using Forms = std::map<std::string, std::string, std::less<>>;  // category -> text

  // Loads every <lang>.toml in `dir`; English must be there. Throws
  // std::invalid_argument naming the file and the problem.
  static Catalogue load(const std::filesystem::path& dir);

  const std::vector<std::string>& languages() const { return languages_; }  // nl, fr, en
  bool supports(std::string_view lang) const;
  // Whether `lang` has `key`, as one text or with plural forms.
  bool has(std::string_view lang, std::string_view key) const;
  // Whether `key` is a message with plural forms (in English).
  bool is_plural(std::string_view key) const;
  // The text in `lang`, else the English one, else the key itself. A message
  // with plural forms has no one text: it shows its key, as a missing one
  // does, so that a page test catches the call that gave no count.
  const std::string& text(std::string_view lang, std::string_view key) const;
  // text() with {name} placeholders replaced.
  std::string format(std::string_view lang, std::string_view key, const Values& values) const;
  // The form of `key` for `count` in `lang` (else the English forms, chosen
  // by the English rule) with {name} placeholders replaced, and {count} by
  // the count unless `values` names it. A message without plural forms is
  // formatted as it is.
  std::string format(std::string_view lang, std::string_view key, const Values& values,
                     long long count) const;
  // The messages of one text (plural ones are left out: a template cannot
  // give a count, so the code builds those).
  const std::map<std::string, std::string, std::less<>>& messages(std::string_view lang) const;
  // The messages with plural forms.
  const std::map<std::string, Forms, std::less<>>& plurals(std::string_view lang) const;
  // The best supported language for an Accept-Language header, else "en".
  std::string negotiate(std::string_view accept_language) const;
  // Keys missing from or extra in a language compared with English, plural
  // forms a language's rule needs and lacks or does not use, and a message
  // with plural forms in one language but one text in another.
  std::vector<std::string> problems() const;

 private:
  std::vector<std::string> languages_;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> messages_;
  std::map<std::string, std::map<std::string, Forms, std::less<>>, std::less<>> plurals_;
};

}  // namespace ploeg::web
