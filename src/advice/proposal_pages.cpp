// Proposals in the browser (proposal_pages.hpp).
#include "advice/proposal_pages.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "advice/proposals.hpp"
#include "advice/suggest_store.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "store/names.hpp"
#include "web/outcome.hpp"

namespace ploeg::advice {
namespace {

using web::Submitted;

std::string proposal_href(const std::string& reference) {
  return "/proposals/" + http::url_encode(reference);
}

// Sets `key` only to a text that is there: an empty text opens a {{#key}} section.
void set_text(web::Data& data, const std::string& key, const std::string& value) {
  if (!value.empty()) data.set(key, value);
}

// A LIKE pattern that finds `text` anywhere, its own % and _ taken as they are.
std::string contains_pattern(const std::string& text) {
  std::string pattern = "%";
  for (char ch : text::ascii_lower(text)) {
    if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
    pattern += ch;
  }
  return pattern + "%";
}

std::map<std::string, std::string> code_names(store::Connection& c, const std::string& table) {
  std::map<std::string, std::string> found;
  for (auto& r : c.query("SELECT code, name FROM " + table).rows) found[r.text(0)] = r.text(1);
  return found;
}

std::string name_in(const std::map<std::string, std::string>& names, const std::string& code) {
  auto it = names.find(code);
  return it == names.end() ? code : it->second;
}

// Why ploeg suggests someone, in the reader's language.
struct ReasonNames {
  std::map<std::string, std::string> teams, roles, groups;
};

ReasonNames reason_names(store::Connection& c, const store::Names& names) {
  ReasonNames out;
  for (auto& [code, name] : code_names(c, "teams"))
    out.teams[code] = names.of(store::kinds::team, code, name);
  for (auto& [code, name] : code_names(c, "roles"))
    out.roles[code] = names.of(store::kinds::role, code, name);
  out.groups = code_names(c, "working_groups");
  return out;
}

std::string reason_text(const web::Catalogue& catalogue, const std::string& lang,
                        const ReasonNames& names, const Reason& r) {
  return catalogue.format(lang, "proposals_reason_" + r.kind,
                          {{"role", name_in(names.roles, r.subject)},
                           {"team", name_in(names.teams, r.team)},
                           {"group", name_in(names.groups, r.team)},
                           {"what", r.subject},
                           {"decision", r.subject}});
}

std::string reasons_text(const web::Catalogue& catalogue, const std::string& lang,
                         const ReasonNames& names, const std::vector<Reason>& reasons) {
  std::string text;
  for (auto& r : reasons) {
    if (!text.empty()) text += "; ";
    text += reason_text(catalogue, lang, names, r);
  }
  return text;
}

std::string state_text(const web::Catalogue& catalogue, const std::string& lang, State state) {
  return catalogue.text(lang, "proposals_state_" + code_of(state));
}

web::List name_list(const std::vector<std::pair<std::string, std::string>>& pairs,
                    const store::Names& names, const char* kind) {
  std::vector<std::string> shown;
  for (auto& [code, name] : pairs) shown.push_back(names.of(kind, code, name));
  return web::texts(shown);
}

// The teams each of these proposals affects, in the reader's language: one
// query for a page of the log.
std::map<std::int64_t, std::vector<std::string>> affected_teams(
    store::Connection& c, const store::Names& names, const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::vector<std::string>> shown;
  if (ids.empty()) return shown;
  std::string list;
  std::vector<store::Value> params;
  for (auto id : ids) {
    params.emplace_back(id);
    list += (list.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  for (auto& r : c.query("SELECT x.proposal_id, t.code, t.name FROM proposal_teams x JOIN teams t "
                         "ON t.id = x.team_id WHERE x.proposal_id IN (" +
                             list + ") ORDER BY x.proposal_id, t.code",
                         params)
                     .rows)
    shown[r.integer(0)].push_back(names.of(store::kinds::team, r.text(1), r.text(2)));
  return shown;
}

std::string joined(const std::vector<std::string>& texts) {
  std::string out;
  for (auto& t : texts) out += (out.empty() ? "" : ", ") + t;
  return out;
}

// ---------- the open decision log ----------

http::Response log_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto& actor = web::actor(request);
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  auto q = text::trimmed(http::field(request.query, "q").value_or(""));
  if (text::characters(q) > max_log_search)
    return site.error(request, 422, "proposals_search_too_long");
  auto lease = db.acquire();
  const auto& names = web::names(request, *lease);
  std::string sql =
      "SELECT p.id, p.reference, p.title, p.state, a.name, p.advice_due_day, p.decided_at "
      "FROM proposals p JOIN people a ON a.id = p.author_id WHERE p.state IN ('asking', "
      "'decided')";
  std::vector<store::Value> params;
  if (!q.empty()) {
    sql +=
        " AND (lower(p.title) LIKE $1 ESCAPE '\\' OR lower(p.problem) LIKE $1 ESCAPE '\\' OR "
        "lower(p.proposal) LIKE $1 ESCAPE '\\' OR lower(p.decision) LIKE $1 ESCAPE '\\')";
    params.push_back(contains_pattern(q));
  }
  // A page at a time, newest first: one more row than shown says there is a next page.
  int page = 1;
  if (auto asked = http::field(request.query, "page")) {
    page = static_cast<int>(web::positive_number(*asked).value_or(1));
    if (page > max_log_pages) return site.error(request, 422, "proposals_page_too_far");
  }
  sql += " ORDER BY COALESCE(p.decided_at, p.asked_at, p.created_at) DESC, p.id DESC LIMIT " +
         std::to_string(log_page_size + 1) + " OFFSET " +
         std::to_string((page - 1) * log_page_size);
  auto rows = lease->query(sql, params).rows;
  bool more = rows.size() > log_page_size;
  if (more) rows.pop_back();
  std::vector<std::int64_t> ids;
  for (auto& r : rows) ids.push_back(r.integer(0));
  auto teams_of = affected_teams(*lease, names, ids);
  web::List items;
  for (auto& r : rows) {
    auto state = state_of(r.text(3)).value_or(State::asking);
    web::Data item;
    item.set("reference", r.text(1));
    item.set("href", proposal_href(r.text(1)));
    item.set("title", r.text(2));
    item.set("state", code_of(state));
    item.set("state_text", state_text(catalogue, lang, state));
    item.set("author", r.text(4));
    const auto& teams = teams_of[r.integer(0)];
    item.set("teams", joined(teams));
    item.set("has_teams", !teams.empty());
    if (state == State::decided && !r.is_null(6)) {
      item.set("when_text", catalogue.format(lang, "proposals_decided_on",
                                             {{"date", local_date(r.integer(6))}}));
    } else if (!r.is_null(5)) {
      item.set("when_text",
               catalogue.format(lang, "proposals_advice_due", {{"date", date_text(r.integer(5))}}));
    }
    items.push_back(item);
  }
  web::Data data;
  auto page_href = [&](int n) {
    std::string href = "/proposals?page=" + std::to_string(n);
    if (!q.empty()) href += "&q=" + http::url_encode(q);
    return href;
  };
  if (page > 1) data.set("previous_href", page_href(page - 1));
  if (more) data.set("next_href", page_href(page + 1));
  data.set("paged", page > 1 || more);
  data.set("q", q);
  data.set("searched", !q.empty());
  data.set("proposals", items);
  data.set("has_proposals", !items.empty());
  data.set("max_search", std::to_string(max_log_search));
  data.set("may_write", !actor.person.nobody());
  if (!actor.person.nobody()) {
    web::List drafts;
    for (auto& r : lease
                       ->query("SELECT reference, title, updated_at FROM proposals WHERE "
                               "author_id = $1 AND state = 'draft' ORDER BY updated_at DESC, id "
                               "DESC",
                               {actor.person.id})
                       .rows) {
      web::Data item;
      item.set("href", proposal_href(r.text(0)));
      item.set("reference", r.text(0));
      item.set("title", r.text(1));
      item.set("when", local_date(r.integer(2)));
      drafts.push_back(item);
    }
    data.set("drafts", drafts);
    data.set("has_drafts", !drafts.empty());
  }
  auto response = site.page(request, "advice/log", "title_proposals", data);
  response.set_header("Cache-Control", "no-store");
  return response;
}

// ---------- writing one ----------

http::Response new_page(store::Database& db, web::Site& site, http::Request& request,
                        const Submitted& submitted = {}) {
  const auto& actor = web::actor(request);
  if (actor.person.nobody()) return site.error(request, 403, "advice_refused_no_person");
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  auto typed = [&](const char* field, const std::string& otherwise = "") {
    return submitted.value("proposal", field, otherwise);
  };
  auto chosen = submitted.all("proposal", "team");
  web::Data data;
  data.set("title_value", typed("title"));
  data.set("problem_value", typed("problem"));
  data.set("proposal_value", typed("proposal"));
  data.set("days_value", typed("advice_working_days", std::to_string(default_advice_working_days)));
  data.set("review_value", typed("review_date"));
  data.set("max_title", std::to_string(max_title_length));
  data.set("max_text", std::to_string(max_proposal_text_length));
  data.set("errors", submitted.errors_of("proposal", catalogue, lang));
  data.set("refused", submitted.alert("proposal-form", catalogue, lang));
  {
    auto lease = db.acquire();
    const auto& names = web::names(request, *lease);
    std::vector<std::pair<std::string, std::string>> teams;
    for (auto& r :
         lease->query("SELECT code, name FROM teams WHERE kind = 'regional' ORDER BY code").rows)
      teams.emplace_back(r.text(0), names.of(store::kinds::team, r.text(0), r.text(1)));
    std::sort(teams.begin(), teams.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    web::List list;
    int n = 0;
    for (auto& [code, name] : teams) {
      web::Data item;
      item.set("code", code);
      item.set("name", name);
      item.set("id", "team-" + std::to_string(++n));
      item.set("checked", std::find(chosen.begin(), chosen.end(), code) != chosen.end());
      list.push_back(item);
    }
    data.set("teams", list);
  }
  return site.page(request, "advice/new", "title_proposal_new", data, submitted.page_status());
}

http::Response create_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto& actor = web::actor(request);
  auto fields = request.form();
  ProposalInput input;
  input.title = http::field(fields, "title").value_or("");
  input.problem = http::field(fields, "problem").value_or("");
  input.proposal = http::field(fields, "proposal").value_or("");
  for (auto& [name, value] : fields) {
    if (name == "team") input.teams.push_back(value);
  }
  auto days = text::trimmed(http::field(fields, "advice_working_days").value_or(""));
  if (days.empty()) {
    input.advice_working_days = default_advice_working_days;
  } else {
    auto n = web::positive_number(days);
    input.advice_working_days = n && *n <= 1000 ? static_cast<int>(*n) : 0;
  }
  auto review = text::trimmed(http::field(fields, "review_date").value_or(""));
  if (!review.empty()) {
    input.review_day = day_of_date(review);
    if (!input.review_day && !actor.person.nobody()) {
      Submitted again{"proposal", std::move(fields),
                      FieldError{"review_day", "proposals_review_not_a_day", "not a date"}};
      return new_page(db, site, request, again);
    }
  }
  auto created = create_proposal(db, actor, input);
  if (created.ok())
    return http::Response::redirect(proposal_href(created.reference) + "?done=created");
  if (!created.is(Verdict::invalid))
    return web::refused_page(site, request, created, "proposals_refused");
  return new_page(db, site, request, web::submitted("proposal", std::move(fields), created));
}

// ---------- a proposal ----------

std::string field_error(const Submitted& submitted, const std::string& form,
                        const std::string& field, const web::Catalogue& catalogue,
                        const std::string& lang) {
  if (!submitted.is(form)) return "";
  for (auto& e : submitted.errors) {
    if (e.field == field) return catalogue.format(lang, e.key, e.values);
  }
  return "";
}

http::Response proposal_page(store::Database& db, web::Site& site, http::Request& request,
                             const Submitted& submitted = {}) {
  const auto& actor = web::actor(request);
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  auto reference = request.param("reference").value_or("");
  auto lease = db.acquire();
  auto view =
      text::characters(reference) > 40 ? std::nullopt : proposal_view(*lease, actor, reference);
  if (!view) return site.error(request, 404, "proposals_unknown");
  const auto& names = web::names(request, *lease);
  auto why = reason_names(*lease, names);  // advisers' reasons, in the reader's language
  auto base = proposal_href(view->reference);

  web::Data data;
  data.set("reference", view->reference);
  data.set("title", view->title);
  data.set("problem", view->problem);
  data.set("proposal", view->proposal);
  data.set("state", code_of(view->state));
  data.set("state_text", state_text(catalogue, lang, view->state));
  data.set("author", view->author_name);
  data.set("version", std::to_string(view->version));
  data.set("teams", name_list(view->teams, names, store::kinds::team));
  data.set("has_teams", !view->teams.empty());
  data.set("regions", name_list(view->regions, names, store::kinds::region));
  data.set("has_regions", !view->regions.empty());
  data.set("is_draft", view->state == State::draft);
  if (view->asked_at) data.set("asked_on", local_date(*view->asked_at));
  if (view->advice_due_day) data.set("due_on", date_text(*view->advice_due_day));
  if (view->review_day) data.set("review_on", date_text(*view->review_day));
  if (view->decided_at) data.set("decided_on", local_date(*view->decided_at));
  if (auto done = http::field(request.query, "done")) {
    static const char* known[] = {"created", "asked", "advised", "decided", "withdrawn"};
    if (std::find(std::begin(known), std::end(known), *done) != std::end(known))
      data.set("done_text", catalogue.text(lang, "proposals_done_" + *done));
  }
  data.set("refused", submitted.alert("forms", catalogue, lang));

  // Its advisers, and who of them has not answered yet.
  web::List advisers;
  std::vector<std::string> waiting;
  for (auto& a : view->advisers) {
    web::Data item;
    item.set("name", a.name);
    item.set("required", a.required);
    set_text(item, "reasons", reasons_text(catalogue, lang, why, decode_reasons(a.reasons)));
    item.set("answered", a.answered);
    if (!a.answered) waiting.push_back(a.name);
    advisers.push_back(item);
  }
  data.set("advisers", advisers);
  data.set("has_advisers", !advisers.empty());
  if (view->state == State::asking && !waiting.empty()) data.set("waiting", joined(waiting));

  // Its advice, oldest first, and each person's last one (what a decision answers).
  web::List advice;
  std::vector<const ProposalView::AdviceView*> latest;
  for (auto& a : view->advice) {
    web::Data item;
    item.set("name", a.name);
    item.set("stance", code_of(a.stance));
    item.set("stance_text", catalogue.text(lang, "proposals_stance_" + code_of(a.stance)));
    set_text(item, "text", a.text);
    item.set("not_asked", !a.asked);
    item.set("author_only", a.author_only);
    item.set("when", local_minute(a.at));
    item.set("answer", a.answer);
    item.set("has_answer", !a.answer.empty());
    advice.push_back(item);
    auto same = std::find_if(latest.begin(), latest.end(),
                             [&](auto* l) { return l->person_id == a.person_id; });
    if (same == latest.end())
      latest.push_back(&a);
    else
      *same = &a;
  }
  data.set("advice", advice);
  data.set("has_advice", !advice.empty());
  if (view->state == State::decided) data.set("decision", view->decision);

  bool person = !actor.person.nobody();
  // The author's draft: ask advice of the suggested advisers.
  if (view->is_author && view->state == State::draft) {
    auto suggestions = suggested_advisers(*lease, view->reference, lang);
    bool back = submitted.is("ask");
    auto chosen = submitted.all("ask", "adviser");
    auto required = submitted.all("ask", "required");
    web::List list;
    for (auto& s : suggestions) {
      auto id = std::to_string(s.person_id);
      web::Data item;
      item.set("id", id);
      item.set("name", s.name);
      set_text(item, "reasons", reasons_text(catalogue, lang, why, s.reasons));
      item.set("suggested_required", s.required);
      item.set("checked", back ? std::count(chosen.begin(), chosen.end(), id) > 0 : s.required);
      item.set("required_checked",
               back ? std::count(required.begin(), required.end(), id) > 0 : s.required);
      list.push_back(item);
    }
    web::Data form;
    form.set("action", base + "/ask");
    form.set("suggestions", list);
    form.set("has_suggestions", !list.empty());
    set_text(form, "error", field_error(submitted, "ask", "advisers", catalogue, lang));
    data.set("ask_form", form);
  }
  if (view->is_author && (view->state == State::draft || view->state == State::asking))
    data.set("withdraw_action", base + "/withdraw");
  // Anyone else while advice is asked: give advice.
  if (person && !view->is_author && view->state == State::asking) {
    bool asked = std::any_of(view->advisers.begin(), view->advisers.end(),
                             [&](auto& a) { return a.person_id == actor.person.id; });
    auto stance = submitted.value("advice", "stance", "");
    web::List stances;
    for (auto s : {Stance::support, Stance::concern, Stance::objection, Stance::pass}) {
      if (s == Stance::pass && !asked) continue;
      web::Data item;
      item.set("code", code_of(s));
      item.set("text", catalogue.text(lang, "proposals_stance_" + code_of(s)));
      item.set("checked", stance == code_of(s));
      stances.push_back(item);
    }
    web::Data form;
    form.set("action", base + "/advice");
    form.set("stances", stances);
    form.set("not_asked", !asked);
    form.set("text_value", submitted.value("advice", "text", ""));
    form.set("author_only", submitted.value("advice", "author_only", "") == "1");
    form.set("max_text", std::to_string(max_advice_length));
    form.set("errors", submitted.errors_of("advice", catalogue, lang));
    data.set("advice_form", form);
  }
  // The author while advice is asked: decide, answering every objection and concern.
  if (view->is_author && view->state == State::asking) {
    web::List answers;
    for (auto stance : {Stance::objection, Stance::concern}) {
      for (auto* a : latest) {
        if (a->stance != stance) continue;
        auto field = "answer_" + std::to_string(a->id);
        web::Data item;
        item.set("field", field);
        item.set("label", catalogue.format(lang, "proposals_answer_to_" + code_of(stance),
                                           {{"name", a->name}}));
        item.set("advice_text", a->text);
        item.set("value", submitted.value("decide", field, ""));
        set_text(item, "error", field_error(submitted, "decide", field, catalogue, lang));
        answers.push_back(item);
      }
    }
    web::Data form;
    form.set("action", base + "/decide");
    form.set("decision_value", submitted.value("decide", "decision", ""));
    set_text(form, "decision_error", field_error(submitted, "decide", "decision", catalogue, lang));
    form.set("answers", answers);
    form.set("has_answers", !answers.empty());
    form.set("max_text", std::to_string(max_proposal_text_length));
    data.set("decide_form", form);
  }
  auto response =
      site.page(request, "advice/proposal", "title_proposal", data, submitted.page_status());
  response.set_header("Cache-Control", "no-store");
  return response;
}

// A change to the proposal: to its page when done; the form again when
// invalid; an error page for the rest (403, 404, 409).
http::Response answer(store::Database& db, web::Site& site, http::Request& request,
                      const Outcome& outcome, const char* form, http::Fields fields,
                      const char* done) {
  auto reference = request.param("reference").value_or("");
  if (outcome.ok()) return http::Response::redirect(proposal_href(reference) + "?done=" + done);
  if (outcome.is(Verdict::not_found)) return site.error(request, 404, "proposals_unknown");
  if (!outcome.is(Verdict::invalid))
    return web::refused_page(site, request, outcome, "proposals_refused");
  return proposal_page(db, site, request, web::submitted(form, std::move(fields), outcome));
}

http::Response ask_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto& actor = web::actor(request);
  auto reference = request.param("reference").value_or("");
  auto fields = request.form();
  std::set<std::string> required;
  for (auto& [name, value] : fields) {
    if (name == "required") required.insert(value);
  }
  // Why each was suggested, kept with the adviser as codes (each reader
  // reads them in their own language).
  std::map<std::int64_t, std::string> reasons;
  if (!actor.person.nobody() && text::characters(reference) <= 40) {
    auto lease = db.acquire();
    auto view = proposal_view(*lease, actor, reference);
    if (view && view->is_author) {
      for (auto& s : suggested_advisers(*lease, reference, web::visitor(request).lang))
        reasons[s.person_id] = encode_reasons(s.reasons);
    }
  }
  std::vector<AdviserChoice> choices;
  for (auto& [name, value] : fields) {
    if (name != "adviser") continue;
    AdviserChoice choice;
    choice.person_id = web::positive_number(value).value_or(-1);
    choice.required = required.count(value) > 0;
    if (auto found = reasons.find(choice.person_id); found != reasons.end())
      choice.reasons = found->second;
    choices.push_back(choice);
  }
  auto outcome = ask_advice(db, actor, reference, choices);
  return answer(db, site, request, outcome, "ask", std::move(fields), "asked");
}

http::Response advice_page(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = request.form();
  auto outcome = give_advice(db, web::actor(request), request.param("reference").value_or(""),
                             http::field(fields, "stance").value_or(""),
                             http::field(fields, "text").value_or(""),
                             http::field(fields, "author_only").value_or("") == "1");
  return answer(db, site, request, outcome, "advice", std::move(fields), "advised");
}

http::Response decide_page(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = request.form();
  std::map<std::int64_t, std::string> answers;
  for (auto& [name, value] : fields) {
    if (name.rfind("answer_", 0) != 0) continue;
    if (auto id = web::positive_number(name.substr(7))) answers[*id] = value;
  }
  auto outcome = decide(db, web::actor(request), request.param("reference").value_or(""),
                        http::field(fields, "decision").value_or(""), answers);
  return answer(db, site, request, outcome, "decide", std::move(fields), "decided");
}

http::Response withdraw_page(store::Database& db, web::Site& site, http::Request& request) {
  auto outcome = withdraw(db, web::actor(request), request.param("reference").value_or(""));
  return answer(db, site, request, outcome, "withdraw", {}, "withdrawn");
}

}  // namespace

void register_proposal_pages(http::Router& router, store::Database& db, web::Site& site) {
  site.add_nav({"/proposals", "nav_proposals", "signed_in", {"/proposals/*"}});
  using web::add_signed_in_page;
  add_signed_in_page(router, db, site, "GET", "/proposals", log_page);
  add_signed_in_page(
      router, db, site, "GET", "/proposals/new",
      [](store::Database& d, web::Site& s, http::Request& r) { return new_page(d, s, r); });
  add_signed_in_page(router, db, site, "POST", "/proposals", create_page);
  add_signed_in_page(
      router, db, site, "GET", "/proposals/{reference}",
      [](store::Database& d, web::Site& s, http::Request& r) { return proposal_page(d, s, r); });
  add_signed_in_page(router, db, site, "POST", "/proposals/{reference}/ask", ask_page);
  add_signed_in_page(router, db, site, "POST", "/proposals/{reference}/advice", advice_page);
  add_signed_in_page(router, db, site, "POST", "/proposals/{reference}/decide", decide_page);
  add_signed_in_page(router, db, site, "POST", "/proposals/{reference}/withdraw", withdraw_page);
}

}  // namespace ploeg::advice
