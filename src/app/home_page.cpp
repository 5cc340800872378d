#include "app/home_page.hpp"

#include "advice/inbox.hpp"
#include "advice/inbox_pages.hpp"
#include "casework/my_work.hpp"
#include "core/clock.hpp"
#include "organisation/teams.hpp"

namespace ploeg::app {

namespace {

std::string request_href(const std::string& reference) {
  return "/requests/" + http::url_encode(reference);
}

web::List my_steps(const web::Catalogue& catalogue, const std::string& lang,
                   const store::Names& names, const casework::MyWork& work) {
  web::List steps;
  for (auto& s : work.steps) {
    web::Data step;
    step.set("reference", s.reference);
    step.set("href", request_href(s.reference));
    step.set("what", catalogue.format(
                         lang, "home_step_of",
                         {{"type", names.of(store::kinds::request_type, s.type_code, s.type_name)},
                          {"step", names.step(s.type_code, s.step_code, s.step_name)}}));
    step.set("since", local_date(s.taken_at));
    step.set("held_text", catalogue.format(lang, "queue_held_too_long", {}, s.held_working_days));
    step.set("held_too_long", s.held_too_long);
    steps.push_back(step);
  }
  return steps;
}

web::List my_teams(const web::Catalogue& catalogue, const std::string& lang,
                   const store::Names& names, const casework::MyWork& work) {
  web::List teams;
  for (auto& t : work.teams) {
    web::Data team;
    auto code = http::url_encode(t.team_code);
    team.set("name", names.of(store::kinds::team, t.team_code, t.team_name));
    team.set("queue_href", "/teams/" + code + "/queue");
    team.set("figures_href", "/figures/teams/" + code);
    team.set("counts",
             catalogue.format(lang, "home_queue_counts", {{"waiting", std::to_string(t.waiting)}},
                              static_cast<long long>(t.in_progress)));
    if (!t.oldest_reference.empty()) {
      auto days = today() - local_day(t.oldest_submitted_at);
      team.set("oldest_reference", t.oldest_reference);
      team.set("oldest_href", request_href(t.oldest_reference));
      team.set("oldest_text", catalogue.format(lang, "home_queue_oldest",
                                               {{"date", local_date(t.oldest_submitted_at)}},
                                               static_cast<long long>(days)));
    }
    if (t.complaints_waiting > 0) {
      auto days = today() - local_day(t.oldest_complaint_at);
      team.set("complaints_text", catalogue.format(lang, "home_complaints_waiting",
                                                   {{"count", std::to_string(t.complaints_waiting)},
                                                    {"days", std::to_string(days < 0 ? 0 : days)}},
                                                   static_cast<long long>(t.complaints_waiting)));
      team.set("complaint_reference", t.oldest_complaint_reference);
      team.set("complaint_href", request_href(t.oldest_complaint_reference));
    }
    if (!t.to_confirm.empty()) {
      team.set("confirm_text", catalogue.format(lang, "home_decisions_to_confirm",
                                                {{"count", std::to_string(t.to_confirm.size())}},
                                                static_cast<long long>(t.to_confirm.size())));
      web::List confirm;
      for (auto& reference : t.to_confirm) {
        web::Data item;
        item.set("reference", reference);
        item.set("href", request_href(reference));
        confirm.push_back(item);
      }
      team.set("to_confirm", confirm);
    }
    teams.push_back(team);
  }
  return teams;
}

web::List taken_over(const web::Catalogue& catalogue, const std::string& lang,
                     const store::Names& names, const casework::MyWork& work) {
  web::List list;
  for (auto& o : work.taken_over) {
    web::Data item;
    item.set("reference", o.reference);
    item.set("href", request_href(o.reference));
    item.set("text",
             catalogue.format(lang, "home_taken_over",
                              {{"name", o.by_name},
                               {"step", names.step(o.type_code, o.step_code, o.step_name)},
                               {"reason", catalogue.text(lang, "case_take_over_" + o.reason)},
                               {"when", local_minute(o.at)}}));
    list.push_back(item);
  }
  return list;
}

web::List rotations(const web::Catalogue& catalogue, const std::string& lang,
                    std::vector<organisation::teams::RotationDue> due) {
  web::List list;
  for (auto& d : due) {
    web::Data item;
    item.set("href", "/teams/" + http::url_encode(d.team_code));
    item.set("text", catalogue.format(lang, "home_rotation",
                                      {{"role", d.role_name},
                                       {"team", d.team_name},
                                       {"holder", d.holder_name},
                                       {"date", d.next_rotation}}));
    item.set("overdue", d.overdue);
    list.push_back(item);
  }
  return list;
}

}  // namespace

http::Response home_page(store::Database& db, web::Site& site, http::Request& request) {
  web::Data data;
  const auto& actor = web::actor(request);
  if (actor.person.id != 0) {
    const auto& lang = web::visitor(request).lang;
    const auto& catalogue = site.catalogue();
    const auto& names = web::names(request);
    auto lease = db.acquire();
    auto work = casework::my_work(*lease, actor.person.id);
    auto due = organisation::teams::rotations_due(*lease, actor.person.id, date_text(today()),
                                                  date_text(today() + rotation_reminder_days));
    organisation::teams::translate(due, names);
    web::Data mine;
    auto steps = my_steps(catalogue, lang, names, work);
    mine.set("steps", steps);
    mine.set("has_steps", !steps.empty());
    auto teams = my_teams(catalogue, lang, names, work);
    mine.set("teams", teams);
    mine.set("has_teams", !teams.empty());
    auto over = taken_over(catalogue, lang, names, work);
    mine.set("taken_over", over);
    mine.set("has_taken_over", !over.empty());
    auto rota = rotations(catalogue, lang, std::move(due));
    mine.set("rotations", rota);
    mine.set("has_rotations", !rota.empty());
    // The inbox: how much is unread, and the newest of it.
    auto box = advice::inbox(*lease, actor.person.id, 3, 0);
    web::List unread;
    for (auto& item : box.items) {
      if (item.read_at) continue;
      web::Data row;
      row.set("kind", catalogue.text(lang, "inbox_kind_" + item.kind));
      row.set("title", item.about_title);
      auto href = advice::inbox_item_href(item.about_reference);
      if (!href.empty()) row.set("href", href);
      unread.push_back(row);
    }
    mine.set("inbox_unread", catalogue.format(lang, "inbox_unread", {}, box.unread));
    mine.set("has_inbox_items", !unread.empty());
    mine.set("inbox_items", unread);
    data.set("work", mine);
  }
  return site.page(request, "home/home", "title_home", data);
}

}  // namespace ploeg::app
