// How `ploeg simulate` and `ploeg plan-staff` write their answers: JSON, CSV
// and a readable table, the analytic figures beside the simulated ones.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "engines/capacity/analytic.hpp"
#include "engines/capacity/simulate.hpp"
#include "engines/capacity/staffing.hpp"

namespace ploeg::app::capacity_report {

boost::json::object simulation_json(const capacity::Model& model,
                                    const capacity::Analytic& analytic,
                                    const capacity::SimulationResult& result);
std::string simulation_table(const capacity::Model& model, const capacity::Analytic& analytic,
                             const capacity::SimulationResult& result);
// section,name,figure,mean,ci95_low,ci95_high
std::string simulation_csv(const capacity::Model& model, const capacity::Analytic& analytic,
                           const capacity::SimulationResult& result);

boost::json::object plan_json(const capacity::Model& model, const capacity::Target& target,
                              const capacity::StaffPlan& plan);
std::string plan_table(const capacity::Model& model, const capacity::Target& target,
                       const capacity::StaffPlan& plan);

}  // namespace ploeg::app::capacity_report
