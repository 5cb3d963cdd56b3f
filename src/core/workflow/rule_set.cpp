#include "core/workflow/rule_set.hpp"

#include <array>

#include <fmt/format.h>

namespace motcua::core::workflow {
namespace {

const std::array<RuleSet, 2>& All() {
    static const std::array<RuleSet, 2> kAll = {{
        {"NĐ 61/2018", calendar::LocalDate{std::chrono::year{2018} / 6 / 21}, true, false, 3, 1},
        {"NĐ 118/2025", calendar::LocalDate{std::chrono::year{2025} / 7 / 1}, true, false, 3, 1},
    }};
    return kAll;
}

}  // namespace

std::span<const RuleSet> RuleSets() {
    return All();
}

Result<const RuleSet*> RuleSetOn(calendar::LocalDate date) {
    const RuleSet* found = nullptr;
    for (const RuleSet& r : All()) {
        if (r.effective_from <= date) {
            found = &r;
        }
    }
    if (found == nullptr) {
        return Fail(
            ErrorCode::kOutOfRange,
            fmt::format("no one-stop rule set in force on {}", calendar::FormatDate(date)),
            fmt::format("chưa có quy định một cửa áp dụng ngày {}", calendar::FormatDateVi(date)));
    }
    return found;
}

Result<const RuleSet*> RuleSetNamed(std::string_view name) {
    for (const RuleSet& r : All()) {
        if (r.name == name) {
            return &r;
        }
    }
    return Fail(ErrorCode::kNotFound,
                fmt::format("unknown rule set '{}'", name),
                fmt::format("không có bộ quy định '{}'", name));
}

}  // namespace motcua::core::workflow
