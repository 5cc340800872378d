#include "casework/process_pages.hpp"

#include <algorithm>

#include "audit/audit.hpp"
#include "casework/letter.hpp"
#include "casework/process.hpp"
#include "casework/review.hpp"
#include "casework/store.hpp"
#include "core/text.hpp"
#include "organisation/store.hpp"
#include "web/form.hpp"
#include "web/outcome.hpp"

namespace ploeg::casework {
namespace {

// A type's steps as the form shows them, one a line:
// "code | name | competence | conditions that skip it".
std::string steps_text(const RequestType& t) {
  std::string out;
  for (auto& s : t.steps) {
    out += s.code + " | " + s.name + " | " + s.competence;
    if (!s.skip_when.empty()) out += " | " + sql::joined_codes(s.skip_when);
    out += "\n";
  }
  return out;
}

// The steps typed in the form; a problem per line that does not read.
std::vector<ProcessStep> parse_steps(const std::string& text,
                                     std::vector<ProcessProblem>& problems) {
  std::vector<ProcessStep> steps;
  int number = 0;
  for (auto& line : text::lines(text)) {
    ++number;
    if (text::trimmed(line).empty()) continue;
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
      auto bar = line.find('|', start);
      parts.push_back(text::trimmed(line.substr(start, bar - start)));
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    if (parts.size() < 3 || parts.size() > 4) {
      problems.push_back({"process_steps_line", {{"line", std::to_string(number)}}, ""});
      continue;
    }
    steps.push_back({parts[0], parts[1], parts[2],
                     parts.size() == 4 ? sql::split_codes(parts[3]) : std::vector<std::string>{}});
  }
  return steps;
}

struct Typed {
  std::string code;  // the type the form is about; empty on the new-type form
  RequestType type;
  std::string steps;
  std::string target;
  std::vector<ProcessProblem> problems;
};

// The first problem of `field` in `lang`; empty when it has none.
std::string problem_text(const web::Catalogue& catalogue, const std::string& lang,
                         const std::vector<FieldError>& problems, const std::string& field) {
  for (auto& p : problems) {
    if (p.field == field) return catalogue.format(lang, p.key, p.values);
  }
  return "";
}

// A type's letter terms as the form sent them, with their problems.
struct TypedTerms {
  std::string code;
  LetterTerms terms;
  std::string amount;  // as typed
  std::vector<FieldError> problems;
};

// The letter terms' form of one type: a text field per language for the
// legal basis and the appeal route, and the appeal deadline.
web::Data terms_form(const web::Catalogue& catalogue, const std::string& lang,
                     const LetterTerms& terms, const std::string& amount,
                     const std::vector<FieldError>& problems) {
  web::Data form;
  auto problem_of = [&](const std::string& field) {
    return problem_text(catalogue, lang, problems, field);
  };
  web::List texts;
  for (auto [field, max] :
       {std::pair<std::string, std::size_t>{"legal_basis", max_legal_basis_length},
        {"appeal_route", max_appeal_route_length}}) {
    auto& by_language = field == "legal_basis" ? terms.legal_basis : terms.appeal_route;
    for (auto& language : store::name_languages) {
      web::Data item;
      auto name = field + "_" + language;
      auto found = by_language.find(language);
      item.set("field", name);
      item.set("label",
               catalogue.format(lang, "process_letter_" + field,
                                {{"language", catalogue.text(language, "language_name")}}));
      item.set("value", found == by_language.end() ? "" : found->second);
      item.set("max", std::to_string(max));
      item.set("lang", language);
      if (auto error = problem_of(name); !error.empty()) item.set("error", error);
      texts.push_back(item);
    }
  }
  form.set("texts", texts);
  form.set("amount", amount);
  form.set("months", terms.appeal_unit != "days");
  form.set("days", terms.appeal_unit == "days");
  form.set("max_months", std::to_string(max_appeal_months));
  form.set("max_days", std::to_string(max_appeal_days));
  if (auto error = problem_of("appeal_amount"); !error.empty()) form.set("amount_error", error);
  if (auto error = problem_of("appeal_unit"); !error.empty()) form.set("unit_error", error);
  form.set("has_problems", !problems.empty());
  return form;
}

// A type's four-eyes rule as the form sent it, with its problems.
struct TypedRule {
  std::string code;
  ReviewRule rule;
  std::string threshold;  // as typed
  std::vector<FieldError> problems;
};

// The rule's form of one type: what a grant records, when a second
// co-worker confirms, above which amount, at which level.
web::Data rule_form(const web::Catalogue& catalogue, const std::string& lang,
                    const ReviewRule& rule, const std::string& threshold,
                    const std::vector<FieldError>& problems) {
  web::Data form;
  auto problem_of = [&](const std::string& field) {
    return problem_text(catalogue, lang, problems, field);
  };
  auto options = [&](const std::vector<std::string>& codes, const std::string& chosen,
                     const std::string& prefix) {
    web::List list;
    for (auto& code : codes) {
      web::Data item;
      item.set("code", code);
      item.set("label", catalogue.text(lang, prefix + code));
      item.set("selected", code == chosen);
      list.push_back(item);
    }
    return list;
  };
  form.set("amounts", options({"none", "monthly", "once"}, rule.amount, "review_amount_"));
  form.set("whens", options({"never", "always", "refusing", "above"}, rule.when, "review_when_"));
  form.set("levels", options({"1", "2", "3"}, std::to_string(rule.level), "person_level_"));
  form.set("threshold", threshold);
  for (auto* field : {"amount", "when", "threshold", "level"}) {
    if (auto error = problem_of(field); !error.empty()) {
      form.set(std::string(field) + "_error", error);
    }
  }
  form.set("has_problems", !problems.empty());
  return form;
}

std::vector<std::string> competence_codes(store::Connection& c) {
  std::vector<std::string> codes;
  for (auto& r : c.query("SELECT code FROM competences ORDER BY code").rows) {
    codes.push_back(r.text(0));
  }
  return codes;
}

web::Data type_form(const RequestType& t, const std::string& steps, const std::string& target,
                    std::int64_t open, const std::vector<std::string>& problems) {
  web::Data form;
  form.set("code", t.code);
  form.set("name", t.name);
  form.set("target_days", target);
  form.set("conditions", sql::joined_codes(t.conditions));
  form.set("steps", steps);
  form.set("open", std::to_string(open));
  form.set("has_open", open > 0);
  form.set("problems", web::texts(problems));
  form.set("has_problems", !problems.empty());
  return form;
}

http::Response process_page(store::Database& db, web::Site& site, http::Request& request,
                            const Typed* typed = nullptr, const TypedTerms* typed_terms = nullptr,
                            const TypedRule* typed_rule = nullptr) {
  std::vector<std::string> said;  // the typed form's problems in the visitor's language
  if (typed) {
    for (auto& p : typed->problems) {
      said.push_back(site.catalogue().format(web::visitor(request).lang, p.key, p.values));
    }
  }
  auto lease = db.acquire();
  auto process = sql::load_process(*lease);
  auto letters = sql::letter_terms(*lease);
  auto rules = sql::review_rules(*lease);
  const auto& lang = web::visitor(request).lang;
  std::map<std::string, std::int64_t> open;
  for (auto& r : lease
                     ->query("SELECT t.code, count(*) FROM requests r JOIN request_types t ON "
                             "t.id = r.request_type_id WHERE r.finished_at IS NULL GROUP BY "
                             "t.code")
                     .rows) {
    open[r.text(0)] = r.integer(1);
  }
  web::Data data;
  web::List types;
  for (auto& t : process.types) {
    if (typed && typed->code == t.code) {
      types.push_back(type_form(typed->type, typed->steps, typed->target, open[t.code], said));
    } else {
      types.push_back(type_form(t, steps_text(t), std::to_string(t.target_days), open[t.code], {}));
    }
    auto& form = types.back();
    if (typed_terms && typed_terms->code == t.code) {
      form.set("letter", terms_form(site.catalogue(), lang, typed_terms->terms, typed_terms->amount,
                                    typed_terms->problems));
    } else {
      auto known = letters.find(t.code);
      auto terms = known == letters.end() ? LetterTerms{} : known->second;
      form.set("letter",
               terms_form(site.catalogue(), lang, terms, std::to_string(terms.appeal_amount), {}));
      form.set("letter_missing", known == letters.end());
    }
    if (typed_rule && typed_rule->code == t.code) {
      form.set("review", rule_form(site.catalogue(), lang, typed_rule->rule, typed_rule->threshold,
                                   typed_rule->problems));
    } else {
      auto known = rules.find(t.code);
      auto rule = known == rules.end() ? ReviewRule{} : known->second;
      form.set("review",
               rule_form(site.catalogue(), lang, rule,
                         rule.when == "above" ? plain_euros(rule.threshold_cents) : "", {}));
    }
  }
  data.set("types", types);
  if (typed && typed->code.empty()) {
    data.set("new_type", type_form(typed->type, typed->steps, typed->target, 0, said));
  } else {
    RequestType blank;
    blank.target_days = 30;
    data.set("new_type", type_form(blank, "", "30", 0, {}));
  }
  web::List competences;
  for (auto& r :
       lease
           ->query("SELECT k.code, " +
                       store::names::sql(store::kinds::competence, "k.code", "k.name", "$1") +
                       " FROM competences k ORDER BY k.code",
                   {web::visitor(request).lang})
           .rows) {
    web::Data item;
    item.set("code", r.text(0));
    item.set("name", r.text(1));
    competences.push_back(item);
  }
  data.set("competences", competences);
  if (auto saved = http::field(request.query, "saved")) data.set("saved", *saved);
  if (auto removed = http::field(request.query, "removed")) data.set("removed", *removed);
  if (auto letter = http::field(request.query, "letter")) data.set("letter_saved", *letter);
  if (auto review = http::field(request.query, "review")) data.set("review_saved", *review);
  return site.page(request, "casework/process", "title_process", data,
                   typed || typed_terms || typed_rule ? 422 : 200);
}

// Reads the form into `typed`; the problems of the whole process it makes.
Process with_typed(const Process& process, http::Request& request, Typed& typed) {
  auto fields = request.form();
  auto field = [&](const char* name) { return http::field(fields, name).value_or(""); };
  typed.type.code = typed.code.empty() ? text::trimmed(field("code")) : typed.code;
  typed.type.name = text::trimmed(field("name"));
  typed.target = text::trimmed(field("target_days"));
  typed.type.conditions = sql::split_codes(text::trimmed(field("conditions")));
  typed.steps = text::unix_lines(field("steps"));
  typed.type.steps = parse_steps(typed.steps, typed.problems);
  auto target = web::positive_number(typed.target);
  if (!target || *target > 730) {
    typed.problems.push_back({"process_target_field", {}, ""});
    typed.type.target_days = 30;
  } else {
    typed.type.target_days = static_cast<int>(*target);
  }
  Process changed = process;
  auto known = std::find_if(changed.types.begin(), changed.types.end(),
                            [&](const RequestType& t) { return t.code == typed.type.code; });
  if (typed.code.empty() && known != changed.types.end()) {
    typed.problems.push_back({"process_code_exists", {{"type", typed.type.code}}, ""});
  } else if (known != changed.types.end()) {
    *known = typed.type;
  } else {
    changed.types.push_back(typed.type);
  }
  return changed;
}

void audit_process(store::Connection& c, http::Request& request, const std::string& detail) {
  auto& who = web::visitor(request);
  audit::append(c, {"user:" + who.username, "casework.process", "process", detail,
                    request.remote_address, request.request_id});
}

http::Response save_type(store::Database& db, web::Site& site, http::Request& request,
                         const std::string& code) {
  Typed typed;
  typed.code = code;
  Process process, changed;
  std::vector<std::string> competences;
  {
    auto lease = db.acquire();
    process = sql::load_process(*lease);
    competences = competence_codes(*lease);
  }
  if (!code.empty() && std::none_of(process.types.begin(), process.types.end(),
                                    [&](const RequestType& t) { return t.code == code; })) {
    return site.error(request, 404, "process_type_unknown");
  }
  changed = with_typed(process, request, typed);
  for (auto& p : problems(changed, competences)) {
    // Only what concerns this form: the other types were valid before.
    if (p.type_code == typed.type.code || p.type_code.empty()) typed.problems.push_back(p);
  }
  if (!typed.problems.empty()) return process_page(db, site, request, &typed);
  db.transaction([&](store::Connection& c) {
    sql::save_process(c, changed);
    audit_process(
        c, request,
        (code.empty() ? "request type added: " : "request type edited: ") + typed.type.code);
    return true;
  });
  return http::Response::redirect("/admin/process?saved=" + http::url_encode(typed.type.code));
}

http::Response remove_type(store::Database& db, web::Site& site, http::Request& request,
                           const std::string& code) {
  Typed typed;
  typed.code = code;
  bool removed = false;
  db.transaction([&](store::Connection& c) {
    auto process = sql::load_process(c);
    auto known = std::find_if(process.types.begin(), process.types.end(),
                              [&](const RequestType& t) { return t.code == code; });
    if (known == process.types.end()) return false;
    typed.type = *known;
    typed.steps = steps_text(*known);
    typed.target = std::to_string(known->target_days);
    auto used = c.query(
        "SELECT 1 FROM requests r JOIN request_types t ON t.id = r.request_type_id WHERE t.code "
        "= $1 LIMIT 1",
        {code});
    if (!used.empty()) {
      typed.problems.push_back({"process_remove_used", {}, ""});
      return false;
    }
    if (process.types.size() == 1) {
      typed.problems.push_back({"process_remove_last", {}, ""});
      return false;
    }
    process.types.erase(known);
    sql::save_process(c, process);
    audit_process(c, request, "request type removed: " + code);
    removed = true;
    return true;
  });
  if (removed) return http::Response::redirect("/admin/process?removed=" + http::url_encode(code));
  if (typed.type.code.empty()) return site.error(request, 404, "process_type_unknown");
  return process_page(db, site, request, &typed);
}

http::Response save_terms(store::Database& db, web::Site& site, http::Request& request,
                          const std::string& code) {
  auto fields = request.form();
  auto field = [&](const std::string& name) { return http::field(fields, name).value_or(""); };
  TypedTerms typed;
  typed.code = code;
  // The form's fields are named "legal_basis_nl", "appeal_route_fr", ...
  for (auto& language : store::name_languages) {
    for (auto* texts : {&typed.terms.legal_basis, &typed.terms.appeal_route}) {
      std::string name = texts == &typed.terms.legal_basis ? "legal_basis" : "appeal_route";
      (*texts)[language] = text::unix_lines(text::trimmed(field(name + "_" + language)));
    }
  }
  typed.amount = text::trimmed(field("appeal_amount"));
  typed.terms.appeal_unit = field("appeal_unit");
  auto amount = web::positive_number(typed.amount);
  // Out of range or not a number: the check names the field.
  typed.terms.appeal_amount = amount && *amount <= 10000 ? static_cast<int>(*amount) : 0;
  auto outcome = set_letter_terms(db, web::actor(request), code, typed.terms);
  if (outcome.ok()) {
    return http::Response::redirect("/admin/process?letter=" + http::url_encode(code) + "#letter-" +
                                    code);
  }
  if (outcome.is(Verdict::not_found)) return site.error(request, 404, "process_type_unknown");
  if (outcome.is(Verdict::forbidden)) return site.error(request, 403, "letter_terms_refused");
  typed.problems = outcome.errors;
  return process_page(db, site, request, nullptr, &typed);
}

http::Response save_rule(store::Database& db, web::Site& site, http::Request& request,
                         const std::string& code) {
  auto fields = request.form();
  auto field = [&](const std::string& name) { return http::field(fields, name).value_or(""); };
  TypedRule typed;
  typed.code = code;
  typed.rule.amount = field("amount");
  typed.rule.when = field("when");
  typed.threshold = text::trimmed(field("threshold"));
  auto level = field("level");
  typed.rule.level = level == "1" ? 1 : level == "2" ? 2 : level == "3" ? 3 : 0;
  if (typed.rule.when == "above") {
    // Not euros, or more than the most: the check names the field.
    typed.rule.threshold_cents = parse_euros(typed.threshold).value_or(-1);
  }
  auto outcome = set_review_rule(db, web::actor(request), code, typed.rule);
  if (outcome.ok()) {
    return http::Response::redirect("/admin/process?review=" + http::url_encode(code) + "#review-" +
                                    code);
  }
  if (outcome.is(Verdict::not_found)) return site.error(request, 404, "process_type_unknown");
  if (outcome.is(Verdict::forbidden)) return site.error(request, 403, "review_refused");
  typed.problems = outcome.errors;
  return process_page(db, site, request, nullptr, nullptr, &typed);
}

}  // namespace

void register_process_pages(http::Router& router, store::Database& db, web::Site& site) {
  site.add_nav({"/admin/process", "nav_process", "admin"});
  router.add("GET", "/admin/process", "admin", site.guard([&db, &site](http::Request& request) {
    return process_page(db, site, request);
  }));
  router.add("POST", "/admin/process", "admin", site.guard([&db, &site](http::Request& request) {
    return save_type(db, site, request, "");
  }));
  router.add("POST", "/admin/process/{code}", "admin",
             site.guard([&db, &site](http::Request& request) {
               return save_type(db, site, request, request.param("code").value_or(""));
             }));
  router.add("POST", "/admin/process/{code}/letter", "admin",
             site.guard([&db, &site](http::Request& request) {
               return save_terms(db, site, request, request.param("code").value_or(""));
             }));
  router.add("POST", "/admin/process/{code}/review", "admin",
             site.guard([&db, &site](http::Request& request) {
               return save_rule(db, site, request, request.param("code").value_or(""));
             }));
  router.add("POST", "/admin/process/{code}/remove", "admin",
             site.guard([&db, &site](http::Request& request) {
               return remove_type(db, site, request, request.param("code").value_or(""));
             }));
}

}  // namespace ploeg::casework
