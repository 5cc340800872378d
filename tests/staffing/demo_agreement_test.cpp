// Issue 19, item 7: for every regional team of the demo, the capacity model
// built from its own event log reproduces its measured figures — median and
// 90th percentile days to a decision and the backlog, over the compared
// weeks — within 10%. On SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "app/platform.hpp"
#include "casework/demo_history.hpp"
#include "casework/process.hpp"
#include "casework/store.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "staffing/flow.hpp"
#include "staffing/log.hpp"
#include "staffing/today.hpp"
#include "store/backend.hpp"

namespace ploeg::staffing {
namespace {

constexpr std::int64_t year_end = 1795000000;  // 2026-11-18, a Wednesday

class DemoAgreementTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    auto o = organisation::generate_demo(300, 1);
    db_->transaction([&](store::Connection& c) {
      organisation::sql::save(c, o);
      casework::sql::save_process(c, casework::default_process());
    });
    casework::history::Options options;
    options.now = year_end;
    ASSERT_TRUE(casework::history::create(*db_, options));
  }
};

TEST_P(DemoAgreementTest, EveryTeamsModelAgreesWithItsFiguresWithinTenPercent) {
  auto lease = db_->acquire();
  auto& c = *lease;
  auto choices = scope_choices(c);
  ASSERT_GE(choices.teams.size(), 10u);
  for (auto& team : choices.teams) {
    auto scope = find_scope(c, team.code, "", "");
    ASSERT_TRUE(scope);
    auto flow = read_flow(c, scope->team_ids, scope->name, year_end);
    auto log = read_log(c, scope->team_ids, year_end - 52 * 7 * 86400, year_end);
    auto model = build_model(flow, log, 0.8);
    auto measured = read_measured(c, *scope, year_end, model.compared_weeks);
    auto compared = compare(model, measured);
    std::string overloaded;
    for (auto& k : compared.overloaded) overloaded += " " + k;
    ASSERT_TRUE(compared.simulated) << team.code << ": " << compared.problem << overloaded;
    ASSERT_TRUE(measured.median_days && measured.p90_days) << team.code;
    // The test's own check of "within 10%", not compare()'s.
    EXPECT_LE(std::abs(compared.median_days - *measured.median_days), 0.1 * *measured.median_days)
        << team.code << " median modelled " << compared.median_days << " measured "
        << *measured.median_days;
    EXPECT_LE(std::abs(compared.p90_days - *measured.p90_days), 0.1 * *measured.p90_days)
        << team.code << " p90 modelled " << compared.p90_days << " measured " << *measured.p90_days;
    EXPECT_LE(std::abs(compared.backlog - measured.backlog), 0.1 * measured.backlog)
        << team.code << " backlog modelled " << compared.backlog << " measured "
        << measured.backlog;
    EXPECT_TRUE(compared.agrees) << team.code;
    std::printf("%s median %.1f/%.0f p90 %.1f/%.0f backlog %.1f/%.1f\n", team.code.c_str(),
                compared.median_days, *measured.median_days, compared.p90_days, *measured.p90_days,
                compared.backlog, measured.backlog);
  }
}

PLOEG_INSTANTIATE_BACKENDS(DemoAgreementTest);

}  // namespace
}  // namespace ploeg::staffing
