// Citizens' appointments on the team's week, end to end: an
// appointment goes to a member who holds its competence, the accepted plan
// gives it a meeting room and puts it in that member's calendar; bad input
// says what to change and saves nothing; the rules box answers for a row not
// yet saved; an appointment moves to another time and its room follows.
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"
#include "weekplan/server/week_support.hpp"

namespace ploeg::test {
namespace {

using week::date_of;
using week::last_weekday_before_today;
using week::monday_in;
using week::today;

class WeekAppointmentsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-appointments-"); }
  static void TearDownTestSuite() { demo_.reset(); }
  static std::unique_ptr<store::Database> database() {
    return store::Database::open(demo_->database());
  }
  using Team = week::Team;
  static Team coworker() { return week::coworker_team(*database()); }
  // Members of the team who hold the competence, by person id.
  static std::vector<std::int64_t> holders(std::int64_t team, const std::string& competence) {
    std::vector<std::int64_t> out;
    for (auto& r : database()
                       ->acquire()
                       ->query("SELECT m.person_id FROM memberships m JOIN person_competences pc "
                               "ON pc.person_id = m.person_id JOIN competences k ON k.id = "
                               "pc.competence_id WHERE m.team_id = $1 AND k.code = $2 ORDER BY "
                               "m.person_id",
                               {team, competence})
                       .rows)
      out.push_back(r.integer(0));
    return out;
  }
  static std::string competence_name(const std::string& code) {
    return database()
        ->acquire()
        ->query("SELECT name FROM competences WHERE code = $1", {code})
        .rows.at(0)
        .text(0);
  }
  static std::int64_t appointments(std::int64_t team) {
    return database()
        ->acquire()
        ->query("SELECT COUNT(*) FROM week_appointments WHERE team_id = $1", {team})
        .rows[0]
        .integer(0);
  }
  static inline std::unique_ptr<DemoServer> demo_;
};

TEST_F(WeekAppointmentsTest, AnAppointmentGoesToAHolderAndTheAcceptedPlanGivesItARoom) {
  auto team = coworker();
  auto monday = monday_in(2);  // the demo's own appointments are this week and the next
  auto start = date_of(monday);
  auto week = "/teams/" + team.code + "/week";
  auto v = demo_->signed_in("coworker");
  ASSERT_EQ(v.get(week + "?start=" + start).status, 200);
  auto request = database()->acquire()->query(
      "SELECT reference FROM requests WHERE team_id = $1 LIMIT 1", {team.id});
  ASSERT_FALSE(request.empty()) << "the demo's history has requests for the team";
  auto added = v.post(week + "/appointments", {{"start", start},
                                               {"day", "1"},
                                               {"time", "09:30"},
                                               {"minutes", "45"},
                                               {"competence", "medical"},
                                               {"where", "office"},
                                               {"request", request.rows[0].text(0)}});
  ASSERT_EQ(added.status, 303) << added.body;
  auto db = database();
  auto row = db->acquire()->query(
      "SELECT id, person_id IS NULL, request_id IS NOT NULL, minutes FROM week_appointments "
      "WHERE team_id = $1 AND day = $2 AND starts = 570",
      {team.id, monday + 1});
  ASSERT_EQ(row.rows.size(), 1u);
  auto id = row.rows[0].integer(0);
  EXPECT_EQ(row.rows[0].integer(1), 1) << "nobody takes it yet";
  EXPECT_EQ(row.rows[0].integer(2), 1) << "it is about the request";
  EXPECT_EQ(row.rows[0].integer(3), 45);
  auto medical = competence_name("medical");
  auto label = "Tuesday 09:30, in the office: " + medical;
  auto page = v.get(week + "?start=" + start);
  EXPECT_NE(page.body.find(label + ": nobody has taken it yet;"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find(request.rows[0].text(0)), std::string::npos);

  // Only a holder of the competence can take it.
  auto doctors = holders(team.id, "medical");
  ASSERT_FALSE(doctors.empty());
  auto other = db->acquire()->query(
      "SELECT person_id FROM memberships WHERE team_id = $1 AND person_id NOT IN (SELECT "
      "person_id FROM person_competences pc JOIN competences k ON k.id = pc.competence_id WHERE "
      "k.code = 'medical') LIMIT 1",
      {team.id});
  auto refused = v.post(week + "/appointments/give",
                        {{"start", start},
                         {"appointment", std::to_string(id)},
                         {"person", std::to_string(other.rows.at(0).integer(0))}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("does not hold the competence"), std::string::npos);
  auto given = v.post(week + "/appointments/give", {{"start", start},
                                                    {"appointment", std::to_string(id)},
                                                    {"person", std::to_string(doctors[0])}});
  ASSERT_EQ(given.status, 303);
  EXPECT_EQ(db->acquire()
                ->query("SELECT person_id FROM week_appointments WHERE id = $1", {id})
                .rows[0]
                .integer(0),
            doctors[0]);
  // The doctor wishes to work at home that Tuesday: the rows now break the appointment.
  db->acquire()->query(
      "INSERT INTO week_entries (team_id, person_id, day, place) VALUES ($1, $2, $3, 'home')",
      {team.id, doctors[0], monday + 1});
  auto doctor = db->acquire()
                    ->query("SELECT name FROM people WHERE id = $1", {doctors[0]})
                    .rows.at(0)
                    .text(0);
  page = v.get(week + "?start=" + start);
  EXPECT_NE(page.body.find(label + ": " + doctor + " takes it but works at home that day."),
            std::string::npos)
      << page.body;

  // A home visit too; then the proposal, accepted.
  ASSERT_EQ(v.post(week + "/appointments", {{"start", start},
                                            {"day", "2"},
                                            {"time", "14:00"},
                                            {"competence", "social_work"},
                                            {"where", "home_visit"}})
                .status,
            303);
  ASSERT_EQ(propose_week(v, week, start).ended, "done");
  ASSERT_EQ(v.post(week + "/accept", {{"start", start}}).status, 303);
  auto taken = db->acquire()->query(
      "SELECT a.place, a.person_id, p.place, a.day FROM week_appointments a JOIN week_plans p ON "
      "p.person_id = a.person_id AND p.day = a.day AND p.team_id = a.team_id WHERE a.team_id = "
      "$1 AND a.day >= $2 AND a.day < $3 ORDER BY a.day",
      {team.id, monday, monday + 5});
  ASSERT_EQ(taken.rows.size(), 2u) << "both appointments went to a member with a plan";
  EXPECT_EQ(taken.rows[0].text(2), "office") << "the office appointment's member is in";
  EXPECT_EQ(taken.rows[1].text(2), "field") << "the home visit's member is on field visits";
  auto room = db->acquire()->query(
      "SELECT rb.part, mr.office_id, t.region_id, o.region_id FROM room_bookings rb JOIN "
      "meeting_rooms mr ON mr.id = rb.room_id JOIN offices o ON o.id = mr.office_id JOIN teams t "
      "ON t.id = $2 WHERE rb.appointment_id = $1",
      {id, team.id});
  ASSERT_EQ(room.rows.size(), 1u) << "the office appointment holds a meeting room";
  EXPECT_EQ(room.rows[0].text(0), "am");
  EXPECT_EQ(room.rows[0].integer(2), room.rows[0].integer(3)) << "in the team's own office";
  EXPECT_EQ(db->acquire()
                ->query("SELECT COUNT(*) FROM room_bookings rb JOIN week_appointments a ON a.id = "
                        "rb.appointment_id WHERE a.place <> 'office' AND a.team_id = $1",
                        {team.id})
                .rows[0]
                .integer(0),
            0)
      << "a home visit takes no room";
}

TEST_F(WeekAppointmentsTest, TheCalendarOfWhoeverTakesAnAppointmentShowsItAtItsHour) {
  auto team = coworker();
  auto monday = monday_in(3);
  auto start = date_of(monday);
  auto week = "/teams/" + team.code + "/week";
  auto competence = database()->acquire()->query(
      "SELECT k.code, k.name FROM person_competences pc JOIN competences k ON k.id = "
      "pc.competence_id WHERE pc.person_id = $1 ORDER BY k.code LIMIT 1",
      {team.person});
  ASSERT_FALSE(competence.empty());
  auto v = demo_->signed_in("coworker");
  v.get(week + "?start=" + start);
  ASSERT_EQ(v.post(week + "/appointments", {{"start", start},
                                            {"day", "3"},
                                            {"time", "10:15"},
                                            {"minutes", "30"},
                                            {"competence", competence.rows[0].text(0)},
                                            {"where", "video"}})
                .status,
            303);
  auto id = database()
                ->acquire()
                ->query("SELECT id FROM week_appointments WHERE team_id = $1 AND day = $2",
                        {team.id, monday + 3})
                .rows.at(0)
                .integer(0);
  ASSERT_EQ(v.post(week + "/appointments/give", {{"start", start},
                                                 {"appointment", std::to_string(id)},
                                                 {"person", std::to_string(team.person)}})
                .status,
            303);
  ASSERT_EQ(v.post(week + "/calendar", {{"start", start}, {"replace", "yes"}}).status, 303);
  auto made = v.get(week + "?start=" + start);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(made.body, m,
                                std::regex(R"re(value="http://[^/"]+(/calendar/[^"]+\.ics)")re")));
  auto ics = http_request(demo_->port(), "GET", std::string(m[1]));
  ASSERT_EQ(ics.status, 200);
  auto event = ics.body.find("UID:appointment-" + std::to_string(id) + "@ploeg\r\n");
  ASSERT_NE(event, std::string::npos) << ics.body;
  auto date = date_of(monday + 3, "%Y%m%d");
  EXPECT_NE(ics.body.find("DTSTART;TZID=Europe/Brussels:" + date + "T101500\r\n", event),
            std::string::npos);
  EXPECT_NE(ics.body.find("DTEND;TZID=Europe/Brussels:" + date + "T104500\r\n", event),
            std::string::npos);
  EXPECT_NE(ics.body.find("SUMMARY:Appointment: ", event), std::string::npos);
  // In the language of the person's account.
  ASSERT_EQ(v.post("/language", {{"lang", "nl"}}).status, 303);
  auto dutch = http_request(demo_->port(), "GET", std::string(m[1]));
  EXPECT_NE(dutch.body.find("SUMMARY:Afspraak: "), std::string::npos) << dutch.body;
  EXPECT_EQ(v.post("/language", {{"lang", "en"}}).status, 303);
}

TEST_F(WeekAppointmentsTest, BadAppointmentsSayWhatToChangeAndSaveNothing) {
  auto team = coworker();
  auto start = date_of(monday_in(2));
  auto week = "/teams/" + team.code + "/week";
  auto db = database();
  // A competence nobody in the team holds.
  db->acquire()->query(
      "INSERT INTO competences (code, name) VALUES ('sign_language', 'Sign language') ON "
      "CONFLICT DO NOTHING");
  auto other_request =
      db->acquire()->query("SELECT reference FROM requests WHERE team_id <> $1 LIMIT 1", {team.id});
  ASSERT_FALSE(other_request.empty());
  auto v = demo_->signed_in("coworker");
  v.get(week + "?start=" + start);
  auto before = appointments(team.id);
  auto add = [&](http::Fields changes) {
    http::Fields fields = {{"start", start},         {"day", "1"},
                           {"time", "09:00"},        {"minutes", "60"},
                           {"competence", "intake"}, {"where", "office"}};
    for (auto& [name, value] : changes) {
      for (auto& f : fields) {
        if (f.first == name) f.second = value;
      }
      if (name == "request") fields.push_back({name, value});
    }
    return v.post(week + "/appointments", fields);
  };
  struct Case {
    http::Fields changes;
    int status;
    std::string says;
  };
  std::vector<Case> cases = {
      {{{"competence", "sign_language"}}, 422, "Nobody in the team holds that competence"},
      {{{"time", "06:30"}}, 422, "between 07:00 and 19:00"},
      {{{"time", "9:5"}}, 422, "between 07:00 and 19:00"},
      {{{"minutes", "500"}}, 422, "from 15 to 240 minutes"},
      {{{"request", other_request.rows[0].text(0)}}, 422, "belongs to another team"},
      {{{"request", "NO-SUCH-REFERENCE"}}, 422, "no request with that reference"},
      {{{"start", date_of(monday_in(-1))}}, 422, "That day is past"},
      {{{"where", "moon"}}, 400, "not filled in as expected"},
      {{{"day", "5"}}, 400, "not filled in as expected"},
  };
  for (auto& c : cases) {
    auto r = add(c.changes);
    EXPECT_EQ(r.status, c.status) << c.says;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << r.body;
  }
  EXPECT_EQ(appointments(team.id), before) << "nothing half-saved";
  // Another team's appointment cannot be given or removed from this week.
  auto foreign = db->acquire()->query(
      "SELECT id FROM week_appointments WHERE team_id <> $1 LIMIT 1", {team.id});
  ASSERT_FALSE(foreign.empty());
  auto id = std::to_string(foreign.rows[0].integer(0));
  EXPECT_EQ(v.post(week + "/appointments/remove", {{"start", start}, {"appointment", id}}).status,
            404);
  EXPECT_EQ(
      v.post(week + "/appointments/give", {{"start", start}, {"appointment", id}, {"person", "0"}})
          .status,
      422);
  EXPECT_EQ(db->acquire()
                ->query("SELECT COUNT(*) FROM week_appointments WHERE id = $1", {id})
                .rows[0]
                .integer(0),
            1);
}

TEST_F(WeekAppointmentsTest, MoreOfficeAppointmentsThanRoomsLeaveOneWithTheReason) {
  auto team = coworker();
  auto monday = monday_in(4);
  auto start = date_of(monday);
  auto week = "/teams/" + team.code + "/week";
  // A competence three members who work on Tuesdays hold: each could take one.
  std::string competence;
  for (auto code : {"administration", "intake", "social_work", "decision", "payment"}) {
    int working = 0;
    for (auto person : holders(team.id, code)) {
      working += database()
                     ->acquire()
                     ->query("SELECT 1 FROM person_days_off WHERE person_id = $1 AND weekday = 1",
                             {person})
                     .empty();
    }
    if (working >= 3) competence = code;
  }
  ASSERT_FALSE(competence.empty());
  auto rooms = database()
                   ->acquire()
                   ->query(
                       "SELECT COUNT(*) FROM meeting_rooms r JOIN offices o ON o.id = "
                       "r.office_id JOIN teams t ON t.region_id = o.region_id WHERE t.id = $1",
                       {team.id})
                   .rows[0]
                   .integer(0);
  ASSERT_EQ(rooms, 2) << "the demo office has two meeting rooms";
  auto v = demo_->signed_in("coworker");
  v.get(week + "?start=" + start);
  for (auto time : {"09:00", "10:00", "11:00"})
    ASSERT_EQ(v.post(week + "/appointments", {{"start", start},
                                              {"day", "1"},
                                              {"time", time},
                                              {"competence", competence},
                                              {"where", "office"}})
                  .status,
              303);
  ASSERT_EQ(propose_week(v, week, start).ended, "done");
  auto proposed = database()->acquire()->query(
      "SELECT COUNT(proposed_person_id) FROM week_appointments WHERE team_id = $1 AND day = $2",
      {team.id, monday + 1});
  EXPECT_EQ(proposed.rows[0].integer(0), rooms) << "one appointment a room in the morning";
  auto page = v.get(week + "?start=" + start);
  EXPECT_NE(page.body.find("The proposal leaves unmet"), std::string::npos);
  EXPECT_NE(page.body.find("every meeting room is taken then."), std::string::npos) << page.body;
}

TEST_F(WeekAppointmentsTest, TheRulesBoxAnswersForARowNotYetSavedAndSavesNothing) {
  auto team = coworker();
  auto start = date_of(monday_in(1));
  auto check = "/teams/" + team.code + "/week/check?start=" + start;
  auto v = demo_->signed_in("coworker");
  auto count = [&] {
    return database()
        ->acquire()
        ->query("SELECT COUNT(*) FROM week_entries WHERE person_id = $1", {team.person})
        .rows[0]
        .integer(0);
  };
  auto before = count();
  auto r = v.get(check + "&day_0=home&day_1=home&day_2=home&day_3=home&day_4=");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type").value_or("").rfind("application/json", 0), 0u);
  EXPECT_NE(r.body.find("\"all_met\":false"), std::string::npos);
  EXPECT_NE(r.body.find("4 home days; the policy allows 3."), std::string::npos) << r.body;
  auto fine = v.get(check + "&day_0=home&day_1=office&day_2=office&day_3=home&day_4=office");
  EXPECT_EQ(fine.body.find("home days; the policy allows"), std::string::npos) << fine.body;
  EXPECT_EQ(count(), before) << "a check saves nothing";
  EXPECT_EQ(v.get(check + "&day_0=beach").status, 400);
  auto other = database()->acquire()->query(
      "SELECT code FROM teams WHERE kind = 'regional' AND id <> $1 AND id NOT IN (SELECT team_id "
      "FROM memberships WHERE person_id = $2) LIMIT 1",
      {team.id, team.person});
  EXPECT_EQ(
      v.get("/teams/" + other.rows.at(0).text(0) + "/week/check?start=" + start + "&day_0=home")
          .status,
      403);
}

// The citizen asks for another time: the appointment moves within the week
// or to another one, keeps its member, and its meeting room follows it while
// it stays at the office; a move that cannot be done changes nothing.
TEST_F(WeekAppointmentsTest, AnAppointmentMovesToAnotherTimeAndItsRoomFollows) {
  auto team = coworker();
  auto monday = monday_in(6);
  auto start = date_of(monday);
  auto week = "/teams/" + team.code + "/week";
  auto v = demo_->signed_in("coworker");
  v.get(week + "?start=" + start);
  ASSERT_EQ(v.post(week + "/appointments", {{"start", start},
                                            {"day", "1"},
                                            {"time", "10:00"},
                                            {"competence", "medical"},
                                            {"where", "office"}})
                .status,
            303);
  ASSERT_EQ(propose_week(v, week, start).ended, "done");
  ASSERT_EQ(v.post(week + "/accept", {{"start", start}}).status, 303);
  auto db = database();
  auto slot = [&](std::int64_t id) {
    auto r = db->acquire()->query(
        "SELECT a.day, a.starts, a.minutes, a.place, a.person_id, rb.day, rb.part FROM "
        "week_appointments a LEFT JOIN room_bookings rb ON rb.appointment_id = a.id WHERE a.id = "
        "$1",
        {id});
    auto& row = r.rows.at(0);
    return std::to_string(row.integer(0) - monday) + " " + std::to_string(row.integer(1)) + " " +
           std::to_string(row.integer(2)) + " " + row.text(3) + " " +
           (row.is_null(4) ? "nobody" : "given") + " " +
           (row.is_null(5) ? "no room" : std::to_string(row.integer(5) - monday) + row.text(6));
  };
  auto id = db->acquire()
                ->query("SELECT id FROM week_appointments WHERE team_id = $1 AND day = $2",
                        {team.id, monday + 1})
                .rows.at(0)
                .integer(0);
  ASSERT_EQ(slot(id), "1 600 60 office given 1am") << "accepted: a member and a room";
  auto move = [&](const std::string& date, const std::string& time, const std::string& where,
                  const std::string& appointment = "") {
    return v.post(week + "/appointments/move",
                  {{"start", start},
                   {"appointment", appointment.empty() ? std::to_string(id) : appointment},
                   {"date", date},
                   {"time", time},
                   {"minutes", "30"},
                   {"where", where}});
  };
  auto moved = move(date_of(monday + 3), "14:30", "office");
  ASSERT_EQ(moved.status, 303) << moved.body;
  EXPECT_NE(
      moved.header("Location").value_or("").find("start=" + start + "&done=appointment_moved"),
      std::string::npos);
  EXPECT_EQ(slot(id), "3 870 30 office given 3pm") << "its room moved with it, to the afternoon";
  auto page = v.get(moved.header("Location").value_or("")).body;
  EXPECT_NE(page.find("The appointment is moved"), std::string::npos);
  EXPECT_NE(page.find("Thursday 14:30, in the office: " + competence_name("medical")),
            std::string::npos);
  EXPECT_NE(
      page.find("id=\"mv-date-" + std::to_string(id) + "\" name=\"date\" type=\"date\" min=\"" +
                date_of(today()) + "\" value=\"" + date_of(monday + 3) + "\""),
      std::string::npos)
      << "the form starts from where it is";

  // What cannot be done says what to change and leaves it where it is.
  auto other = db->acquire()->query(
      "SELECT a.id FROM week_appointments a WHERE a.team_id <> $1 LIMIT 1", {team.id});
  ASSERT_FALSE(other.empty());
  struct Bad {
    std::string date, time, where, appointment;
    int status;
    const char* says;
  };
  for (auto& bad : std::vector<Bad>{
           {date_of(monday + 5), "10:00", "office", "", 422, "in the weekend"},
           {date_of(last_weekday_before_today()), "10:00", "office", "", 422, "That day is past"},
           {"2026-13-01", "10:00", "office", "", 422, "Give the date as YYYY-MM-DD"},
           {date_of(monday + 2), "20:00", "office", "", 422, "between 07:00 and 19:00"},
           {date_of(monday + 2), "10:00", "office", std::to_string(other.rows[0].integer(0)), 422,
            "no such appointment"}}) {
    auto r = move(bad.date, bad.time, bad.where, bad.appointment);
    EXPECT_EQ(r.status, bad.status) << bad.says;
    EXPECT_NE(r.body.find(bad.says), std::string::npos) << r.body;
  }
  EXPECT_EQ(slot(id), "3 870 30 office given 3pm");

  // Given by hand to another doctor after the move: accepting the proposal again keeps that
  // doctor, as the proposal's choice was for the old time.
  auto doctors = holders(team.id, "medical");
  ASSERT_GE(doctors.size(), 2u);
  auto given_to = [&] {
    return db->acquire()
        ->query("SELECT person_id FROM week_appointments WHERE id = $1", {id})
        .rows.at(0)
        .integer(0);
  };
  auto other_doctor = doctors[0] == given_to() ? doctors[1] : doctors[0];
  ASSERT_EQ(v.post(week + "/appointments/give", {{"start", start},
                                                 {"appointment", std::to_string(id)},
                                                 {"person", std::to_string(other_doctor)}})
                .status,
            303);
  ASSERT_EQ(v.post(week + "/accept", {{"start", start}}).status, 303);
  EXPECT_EQ(given_to(), other_doctor);

  // To next week, as a video call: the room is given up and the page of that week is shown.
  moved = move(date_of(monday + 9), "09:00", "video");
  ASSERT_EQ(moved.status, 303);
  EXPECT_NE(moved.header("Location").value_or("").find("start=" + date_of(monday + 7)),
            std::string::npos);
  EXPECT_EQ(slot(id), "9 540 30 video given no room");
}

TEST_F(WeekAppointmentsTest, TheHoldersOfAnUntakenAppointmentAgreeWithTheirNumber) {
  // "Anna ont la compétence" was French for one holder: the verb now follows
  // how many hold it, in each language.
  auto team = coworker();
  auto start = date_of(monday_in(5));
  auto week = "/teams/" + team.code + "/week";
  auto db = database();
  db->acquire()->query(
      "INSERT INTO competences (code, name) VALUES ('braille', 'Braille') ON CONFLICT DO NOTHING");
  // Two members whose names need no escaping in HTML; at first only one holds it.
  auto members = db->acquire()->query(
      "SELECT p.id, p.name FROM memberships m JOIN people p ON p.id = m.person_id WHERE "
      "m.team_id = $1 AND p.name NOT LIKE '%''%' AND p.name NOT LIKE '%&%' ORDER BY p.id LIMIT 2",
      {team.id});
  ASSERT_EQ(members.rows.size(), 2u);
  auto give = [&](std::size_t member) {
    db->acquire()->query(
        "INSERT INTO person_competences (person_id, competence_id, level) SELECT $1, id, 2 FROM "
        "competences WHERE code = 'braille'",
        {members.rows[member].integer(0)});
  };
  give(0);
  auto v = demo_->signed_in("coworker");
  v.get(week + "?start=" + start);
  ASSERT_EQ(v.post(week + "/appointments", {{"start", start},
                                            {"day", "2"},
                                            {"time", "14:00"},
                                            {"competence", "braille"},
                                            {"where", "video"}})
                .status,
            303);
  auto one = members.rows[0].text(1);
  auto other = members.rows[1].text(1);
  // The page names the holders in the week's order of members: either.
  auto says = [&](const std::string& lang, const std::string& before, const std::string& after) {
    EXPECT_EQ(v.post("/language", {{"lang", lang}}).status, 303);
    auto page = v.get(week + "?start=" + start);
    EXPECT_EQ(page.status, 200);
    bool alone = page.body.find(before + one + after) != std::string::npos;
    bool both = page.body.find(before + one + ", " + other + after) != std::string::npos ||
                page.body.find(before + other + ", " + one + after) != std::string::npos;
    return alone || both;
  };
  EXPECT_TRUE(says("en", "nobody has taken it yet; ", " holds Braille."));
  EXPECT_TRUE(says("fr", "personne ne l’a encore pris ; ", " a la compétence Braille."));
  EXPECT_TRUE(says("nl", "niemand heeft ze al opgenomen; ", " heeft Braille."));
  EXPECT_FALSE(says("fr", "personne ne l’a encore pris ; ", " ont la compétence Braille."));
  give(1);
  EXPECT_TRUE(says("fr", "personne ne l’a encore pris ; ", " ont la compétence Braille."));
  EXPECT_FALSE(says("fr", "personne ne l’a encore pris ; ", " a la compétence Braille."));
  EXPECT_TRUE(says("nl", "niemand heeft ze al opgenomen; ", " hebben Braille."));
  EXPECT_TRUE(says("en", "nobody has taken it yet; ", " hold Braille."));
}

}  // namespace
}  // namespace ploeg::test
