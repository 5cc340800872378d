// Every message key a template or the code asks for exists in English, Dutch
// and French. A key that is missing shows on the page as itself: a refused
// form once came back titled `error_422_heading`. The keys are read from the
// sources as they stand, not from a list kept by hand, so a new page that asks
// for a key nobody wrote fails here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "web/catalogue.hpp"

namespace ploeg::web {
namespace {

const std::filesystem::path source_root = PLOEG_SOURCE_DIR;

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A C++ source without its comments and with each run of white space made one
// space, so that a call reads the same however it was wrapped; and where its
// string literals stand in that text. Raw strings (SQL, JSON) are left out.
struct Flat {
  struct Literal {
    std::size_t begin, end;  // the quotes included
    std::string text;
  };
  std::string text;
  std::vector<Literal> literals;
};

Flat flatten(const std::string& s) {
  Flat out;
  auto space = [&out] {
    if (!out.text.empty() && out.text.back() != ' ') out.text += ' ';
  };
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      i = s.find('\n', i);
      if (i == std::string::npos) break;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      auto close = s.find("*/", i + 2);
      i = close == std::string::npos ? s.size() : close + 2;
      space();
    } else if (c == 'R' && i + 1 < s.size() && s[i + 1] == '"' &&
               (i == 0 ||
                !(std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_'))) {
      auto open = s.find('(', i + 2);
      auto close = s.find(")" + s.substr(i + 2, open - i - 2) + "\"", open);
      i = close == std::string::npos ? s.size() : close + (open - i - 2) + 2;
      out.text += "R\"\"";
    } else if (c == '"') {
      std::size_t j = i + 1;
      std::string text;
      while (j < s.size() && s[j] != '"') {
        if (s[j] == '\\' && j + 1 < s.size()) text += s[j++];
        text += s[j++];
      }
      out.literals.push_back({out.text.size(), out.text.size() + text.size() + 2, text});
      out.text += '"' + text + '"';
      i = j + 1;
    } else if (c == '\'' && i > 0 && std::isxdigit(static_cast<unsigned char>(s[i - 1]))) {
      ++i;  // a digit separator: 10'000
    } else if (c == '\'') {
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != '\'') j += s[j] == '\\' ? 2 : 1;
      out.text += s.substr(i, j + 1 - i);
      i = j + 1;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      space();
      ++i;
    } else {
      out.text += c;
      ++i;
    }
  }
  return out;
}

// The feature modules and the web layer: the code that speaks to people. The
// engines, the HTTP server and the store know no catalogue.
const char* const speaking_modules[] = {"accounts",     "app",      "audit",      "casework",
                                        "organisation", "staffing", "teamchoice", "web",
                                        "weekplan",     "workplace"};

struct CodeKeys {
  std::map<std::string, std::string> keys;      // key -> where it is asked for
  std::map<std::string, std::string> prefixes;  // "week_day_" + ... -> where
  std::set<int> error_statuses;                 // Site::error(request, NNN, ...)
  std::set<int> error_pages;                    // statuses the error hook gives a page of their own
};

CodeKeys keys_in_code() {
  // Where the code asks for a message, what stands just before the key:
  //   cat.text(lang, K)  catalogue.format(lang, K, ...)  site.text(request, K)   a text
  //   t(K)                                   the dashboard's charts' shorthand
  //   site.error(request, 404, K)            an error page's message
  //   site.page(request, "x/y", K, ...)      a page's title
  //   site.add_nav({"/path", K, ...})        a menu item
  //   problem("field", K, ...)  failure(Verdict::invalid, "field", K, ...)
  //   refuse(422, K)  refuse("field", K, ...)  refuse(K, "message")
  //   check_text("field", text, K)           a field's problem
  //   refused = K   key = K                  a refusal passed on
  //   add(K, ...)                            a problem list's or a figure list's helper
  // each also as either side of `cond ? K1 : K2`.
  const std::string arg = R"((?:[^,()]|\([^()]*\))+)";
  const std::string ternary = R"((?:(?:[^,;(){}"]|\([^()]*\))*\?\s*)?(?:"[a-z0-9_]+"\s*:\s*)?$)";
  const std::regex before_key(
      R"((?:\b(?:cat|catalogue_?|catalogue\(\)|site)\.(?:text|format)\(\s*)" + arg +
      R"(,\s*|\bt\(\s*|\berror\(\s*request\s*,\s*)" + arg +
      R"(,\s*|\bpage\(\s*request\s*,\s*"[^"]*"\s*,\s*|\badd_nav\(\s*\{\s*"[^"]*"\s*,\s*)"
      R"(|\bproblem\(\s*"[^"]*"\s*,\s*|\bfailure\(\s*(?:\d+|Verdict::\w+)\s*,\s*)" +
      arg + R"(,\s*|\brefuse\(\s*(?:\d+\s*,\s*|"[a-z]+"\s*,\s*)?|\bcheck_text\(\s*"[^"]*"\s*,\s*)" +
      arg + R"(,\s*|\b(?:refused|key)\s*=\s*|\badd\(\s*))" + ternary);
  // A FieldError written out: {"field", K, "the English message"}.
  const std::regex field_error_before(R"(\{\s*(?:"[a-z0-9_]+"|\w+)\s*,\s*$)");
  const std::regex field_error_after(R"(^\s*,\s*"[^"]* )");
  const std::regex key_shape("[a-z][a-z0-9]*(?:_[a-z0-9]+)+");
  const std::regex prefix_shape("[a-z][a-z0-9]*(?:_[a-z0-9]+)+_");
  const std::regex error_status(R"(\berror\(\s*request\s*,\s*(\d{3})\b)");
  const std::regex hook_pages(R"(\bknown\[\]\s*=\s*\{([\d,\s]+)\})");

  CodeKeys found;
  for (auto module : speaking_modules) {
    for (auto& entry :
         std::filesystem::recursive_directory_iterator(source_root / "src" / module)) {
      auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      auto flat = flatten(read(entry.path()));
      auto where = std::filesystem::relative(entry.path(), source_root).generic_string();
      for (auto& literal : flat.literals) {
        if (std::regex_match(literal.text, prefix_shape)) {
          found.prefixes.emplace(literal.text, where);
          continue;
        }
        if (!std::regex_match(literal.text, key_shape)) continue;
        auto from = literal.begin > 160 ? literal.begin - 160 : 0;
        auto before = flat.text.substr(from, literal.begin - from);
        auto after = flat.text.substr(literal.end, 80);
        if (std::regex_search(before, before_key) ||
            (std::regex_search(before, field_error_before) &&
             std::regex_search(after, field_error_after))) {
          found.keys.emplace(literal.text, where);
        }
      }
      for (std::sregex_iterator it(flat.text.begin(), flat.text.end(), error_status), end;
           it != end; ++it) {
        found.error_statuses.insert(std::stoi((*it)[1]));
      }
      for (std::sregex_iterator it(flat.text.begin(), flat.text.end(), hook_pages), end; it != end;
           ++it) {
        std::string list = (*it)[1];
        std::regex number(R"(\d{3})");
        for (std::sregex_iterator n(list.begin(), list.end(), number), none; n != none; ++n)
          found.error_pages.insert(std::stoi(n->str()));
      }
    }
  }
  return found;
}

class MessageKeys : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    catalogue_ = std::make_unique<Catalogue>(Catalogue::load(source_root / "web" / "locales"));
    code_ = std::make_unique<CodeKeys>(keys_in_code());
  }
  static void TearDownTestSuite() {
    catalogue_.reset();
    code_.reset();
  }
  // Fails for each language that lacks `key`, naming who asked for it.
  // A key with plural forms counts as there when every language has it: the
  // forms each language needs are Catalogue::problems()'s to check.
  static void expect_everywhere(const std::string& key, const std::string& asked_by) {
    for (auto& lang : catalogue_->languages()) {
      EXPECT_TRUE(catalogue_->has(lang, key))
          << asked_by << " asks for " << key << ", which " << lang << ".toml lacks";
    }
  }
  static inline std::unique_ptr<Catalogue> catalogue_;
  static inline std::unique_ptr<CodeKeys> code_;  // read once: the sources are many
};

TEST_F(MessageKeys, TheTemplatesAskOnlyForKeysEveryLanguageHas) {
  // {{t.key}}, and {{#t.key}}, {{^t.key}}, {{{t.key}}}, {{&t.key}}.
  std::regex use(R"(\{\{\s*[#^/&{]?\s*t\.([a-z0-9_]+))");
  std::set<std::string> seen;
  for (auto& entry :
       std::filesystem::recursive_directory_iterator(source_root / "web" / "templates")) {
    if (entry.path().extension() != ".mustache") continue;
    auto text = read(entry.path());
    auto where = std::filesystem::relative(entry.path(), source_root).generic_string();
    for (std::sregex_iterator it(text.begin(), text.end(), use), end; it != end; ++it) {
      auto key = (*it)[1].str();
      if (!seen.insert(key + " " + where).second) continue;
      // A template has no count to choose a form by: the code formats those.
      EXPECT_FALSE(catalogue_->is_plural(key))
          << where << " shows t." << key << ", which has plural forms: format it in the code "
          << "with its count";
      expect_everywhere(key, where);
    }
  }
  EXPECT_GT(seen.size(), 400u) << "the templates' keys were not found: has their form changed?";
}

TEST_F(MessageKeys, TheCodeAsksOnlyForKeysEveryLanguageHas) {
  auto& found = *code_;
  for (auto& [key, where] : found.keys) expect_everywhere(key, where);
  // The code's keys are found where it asks for them in the ways listed in
  // keys_in_code(); far fewer means a common way has changed.
  EXPECT_GT(found.keys.size(), 280u);
  EXPECT_TRUE(found.keys.count("week_appointment_no_holder"));  // refuse("competence", K, ...)
  EXPECT_TRUE(found.keys.count("case_competence_missing"));  // failure(Verdict::invalid, "step", K
  EXPECT_TRUE(found.keys.count("week_rules_too_few_holders"));  // refuse(K, "...")
  EXPECT_TRUE(found.keys.count("password_mismatch"));           // {"confirm", K, "..."}
}

TEST_F(MessageKeys, EveryKeyTheCodeBuildsFromAPrefixHasOne) {
  // cat.text(lang, "week_day_" + std::to_string(d)): at least one key begins
  // so in every language (which ones the code builds cannot be read here).
  auto& found = *code_;
  EXPECT_TRUE(found.prefixes.count("week_day_"));
  for (auto& [prefix, where] : found.prefixes) {
    for (auto& lang : catalogue_->languages()) {
      auto begins = [&prefix](auto& messages) {
        auto next = messages.lower_bound(prefix);
        return next != messages.end() && next->first.rfind(prefix, 0) == 0;
      };
      EXPECT_TRUE(begins(catalogue_->messages(lang)) || begins(catalogue_->plurals(lang)))
          << where << " builds keys from " << prefix << ", but " << lang
          << ".toml has no key that begins so";
    }
  }
}

TEST_F(MessageKeys, EveryErrorPageHasItsHeading) {
  // Site::error shows error_NNN_heading above the message: for each status
  // the code gives it, and for those the error hook gives a page of their own
  // (heading and message both).
  auto& found = *code_;
  EXPECT_TRUE(found.error_statuses.count(404));
  EXPECT_TRUE(found.error_pages.count(500));
  for (int status : found.error_statuses) {
    expect_everywhere("error_" + std::to_string(status) + "_heading",
                      "Site::error(request, " + std::to_string(status) + ", ...)");
  }
  for (int status : found.error_pages) {
    expect_everywhere("error_" + std::to_string(status) + "_heading", "the error hook");
    expect_everywhere("error_" + std::to_string(status) + "_message", "the error hook");
  }
}

}  // namespace
}  // namespace ploeg::web
