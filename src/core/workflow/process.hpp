// Internal processes (quy trình nội bộ, TT 01/2018 Đ8): for one procedure at one agency, the
// ordered steps a dossier goes through, who acts at each (role, and the agency for
// inter-agency steps) and each step's time budget. The budgets must fit in the legal deadline.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/deadline.hpp"
#include "core/model/ids.hpp"
#include "core/workflow/dossier.hpp"

namespace motcua::core::workflow {

struct ProcessStep {
    std::string name;  // "Tiếp nhận và chuyển hồ sơ", "Thẩm định", "Phê duyệt", "Trả kết quả"
    Role role = Role::kSpecialist;
    std::string agency_code;  // empty: the handling agency; otherwise an inter-agency step
    int budget = 0;           // time budget of the step
    calendar::DurationUnit unit = calendar::DurationUnit::kWorkingHours;  // working days or hours

    bool operator==(const ProcessStep&) const = default;
};

struct InternalProcess {
    model::ProcessId id;
    std::string procedure_code;
    std::string agency_code;  // the handling agency whose process this is
    std::vector<ProcessStep> steps;

    bool operator==(const InternalProcess&) const = default;
};

// Working minutes of a step budget, with `day_minutes` per working day.
std::int64_t BudgetMinutes(const ProcessStep& step, std::int64_t day_minutes);

// Checks the process: at least one step; names non-empty; budgets > 0 in working days or hours
// (calendar days are not a step unit); and the total within the legal deadline (`deadline` in
// `unit`; a calendar-day deadline counts as that many working days at most, and 0 days — settled
// within the day — as one working day). kInvalidArgument
// naming the step, or saying by how much the total exceeds the deadline.
[[nodiscard]] Result<void> ValidateProcess(const InternalProcess& process,
                                           int deadline,
                                           calendar::DurationUnit unit,
                                           std::int64_t day_minutes = 480);

}  // namespace motcua::core::workflow
