#include "core/kpi/period.hpp"

#include <charconv>

#include <fmt/format.h>

namespace motcua::core::kpi {
namespace {

using std::chrono::days;

tl::unexpected<Error> BadPeriod(std::string_view text) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not a period (YYYY-MM, YYYY-Qn, YYYY or "
                            "YYYY-MM-DD..YYYY-MM-DD)",
                            text),
                fmt::format("'{}' không phải kỳ báo cáo hợp lệ (YYYY-MM, YYYY-Qn, YYYY hoặc "
                            "YYYY-MM-DD..YYYY-MM-DD)",
                            text),
                "period");
}

// Digits only, exactly `text.size()` of them.
bool Number(std::string_view text, int& out) {
    if (text.empty()) {
        return false;
    }
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return std::from_chars(text.data(), text.data() + text.size(), out).ec == std::errc{};
}

LocalDate FirstOfMonth(int year, int month) {
    return LocalDate{std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} /
                     1};
}

LocalDate LastOfMonth(int year, int month) {
    return LocalDate{std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} /
                     std::chrono::last};
}

Period Month(int year, int month) {
    return {PeriodKind::kMonth,
            FirstOfMonth(year, month),
            LastOfMonth(year, month),
            fmt::format("{:04}-{:02}", year, month)};
}

Period Quarter(int year, int quarter) {
    return {PeriodKind::kQuarter,
            FirstOfMonth(year, quarter * 3 - 2),
            LastOfMonth(year, quarter * 3),
            fmt::format("{:04}-Q{}", year, quarter)};
}

Period Year(int year) {
    return {PeriodKind::kYear,
            FirstOfMonth(year, 1),
            LastOfMonth(year, 12),
            fmt::format("{:04}", year)};
}

std::string CustomLabel(LocalDate from, LocalDate to) {
    return calendar::FormatDate(from) + ".." + calendar::FormatDate(to);
}

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 9999;

}  // namespace

std::string_view PeriodKindName(PeriodKind kind) {
    switch (kind) {
        case PeriodKind::kMonth:
            return "month";
        case PeriodKind::kQuarter:
            return "quarter";
        case PeriodKind::kYear:
            return "year";
        case PeriodKind::kCustom:
            return "custom";
    }
    return "month";
}

Result<Period> ParsePeriod(std::string_view text) {
    if (const std::size_t dots = text.find(".."); dots != std::string_view::npos) {
        auto from = calendar::ParseDate(text.substr(0, dots));
        auto to = calendar::ParseDate(text.substr(dots + 2));
        if (!from || !to) {
            return BadPeriod(text);
        }
        auto period = CustomPeriod(*from, *to);
        if (!period) {
            return BadPeriod(text);
        }
        return period;
    }
    int year = 0;
    if (text.size() < 4 || !Number(text.substr(0, 4), year) || year < kMinYear || year > kMaxYear) {
        return BadPeriod(text);
    }
    if (text.size() == 4) {
        return Year(year);
    }
    if (text.size() == 7 && text[4] == '-') {
        int number = 0;
        if (text[5] == 'Q' && Number(text.substr(6), number) && number >= 1 && number <= 4) {
            return Quarter(year, number);
        }
        if (Number(text.substr(5), number) && number >= 1 && number <= 12) {
            return Month(year, number);
        }
    }
    return BadPeriod(text);
}

Result<Period> CustomPeriod(LocalDate from, LocalDate to) {
    if (to < from) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("the period ends ({}) before it begins ({})",
                                calendar::FormatDate(to),
                                calendar::FormatDate(from)),
                    fmt::format("ngày kết thúc kỳ ({}) trước ngày bắt đầu ({})",
                                calendar::FormatDateVi(to),
                                calendar::FormatDateVi(from)),
                    "to");
    }
    return Period{PeriodKind::kCustom, from, to, CustomLabel(from, to)};
}

Period MonthOf(LocalDate day) {
    const calendar::CivilParts p = calendar::Parts(day);
    return Month(p.year, p.month);
}

Period QuarterOf(LocalDate day) {
    const calendar::CivilParts p = calendar::Parts(day);
    return Quarter(p.year, (p.month + 2) / 3);
}

Period YearOf(LocalDate day) {
    return Year(calendar::Parts(day).year);
}

Period PreviousPeriod(const Period& period) {
    const LocalDate before = period.from - days{1};
    switch (period.kind) {
        case PeriodKind::kMonth:
            return MonthOf(before);
        case PeriodKind::kQuarter:
            return QuarterOf(before);
        case PeriodKind::kYear:
            return YearOf(before);
        case PeriodKind::kCustom:
            break;
    }
    const LocalDate from = before - days{DayCount(period) - 1};
    return {PeriodKind::kCustom, from, before, CustomLabel(from, before)};
}

int DayCount(const Period& period) {
    return static_cast<int>((period.to - period.from).count()) + 1;
}

Result<Period> ClampTo(const Period& period, LocalDate last_day) {
    if (period.to <= last_day) {
        return period;
    }
    if (period.from > last_day) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("the period {} has not begun (today is {})",
                                period.label,
                                calendar::FormatDate(last_day)),
                    fmt::format("kỳ {} chưa bắt đầu (hôm nay là {})",
                                period.label,
                                calendar::FormatDateVi(last_day)),
                    "period");
    }
    Period cut = period;
    cut.to = last_day;
    return cut;
}

}  // namespace motcua::core::kpi
