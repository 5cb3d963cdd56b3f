#include "core/workflow/process.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace motcua::core::workflow {

std::int64_t BudgetMinutes(const ProcessStep& step, std::int64_t day_minutes) {
    return step.unit == calendar::DurationUnit::kWorkingHours
               ? static_cast<std::int64_t>(step.budget) * 60
               : static_cast<std::int64_t>(step.budget) * day_minutes;
}

Result<void> ValidateProcess(const InternalProcess& process,
                             int deadline,
                             calendar::DurationUnit unit,
                             std::int64_t day_minutes) {
    if (process.steps.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "an internal process needs at least one step",
                    "quy trình nội bộ cần ít nhất một bước",
                    "steps");
    }
    std::int64_t total = 0;
    for (std::size_t i = 0; i < process.steps.size(); ++i) {
        const ProcessStep& s = process.steps[i];
        if (s.name.empty()) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("step {} has no name", i + 1),
                        fmt::format("bước {} chưa có tên", i + 1),
                        fmt::format("steps[{}].name", i));
        }
        if (s.budget <= 0 || s.unit == calendar::DurationUnit::kCalendarDays) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("step {} '{}' needs a positive budget in working days or "
                                    "working hours",
                                    i + 1,
                                    s.name),
                        fmt::format("bước {} '{}' cần thời gian dương, tính bằng ngày làm việc "
                                    "hoặc giờ làm việc",
                                    i + 1,
                                    s.name),
                        fmt::format("steps[{}].budget", i));
        }
        total += BudgetMinutes(s, day_minutes);
    }
    // A deadline of 0 days ("giải quyết trong ngày") leaves the reception day itself.
    const std::int64_t legal = unit == calendar::DurationUnit::kWorkingHours
                                   ? static_cast<std::int64_t>(deadline) * 60
                                   : static_cast<std::int64_t>(std::max(deadline, 1)) * day_minutes;
    if (total > legal) {
        const auto hours = [](std::int64_t m) {
            return static_cast<double>(m) / 60.0;
        };
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("the steps take {:g} working hours, {:g} more than the legal "
                                "deadline of {:g} working hours",
                                hours(total),
                                hours(total - legal),
                                hours(legal)),
                    fmt::format("tổng thời gian các bước là {:g} giờ làm việc, vượt {:g} giờ so "
                                "với thời hạn luật định {:g} giờ làm việc",
                                hours(total),
                                hours(total - legal),
                                hours(legal)),
                    "steps");
    }
    return {};
}

}  // namespace motcua::core::workflow
