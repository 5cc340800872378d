// Proposals under the advice process (issue 20): a co-worker writes one
// (private while a draft), asks advice of the people it affects and of
// those who know the subject, reads their advice and decides, answering
// every objection and concern; or withdraws it. Each change is one
// transaction with its audit entry; the rules that need no database are in
// rules.hpp.
#pragma once

#include "store/migrations.hpp"

namespace ploeg::advice {

// Migration 110: proposals, their versions, affected teams and regions,
// advisers, advice (with the decision's answers) and questions.
void register_proposal_migrations(store::Migrations& migrations);

}  // namespace ploeg::advice
