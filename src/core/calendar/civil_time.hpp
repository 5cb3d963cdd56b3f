// Civil (wall-clock) time in Vietnam and its text forms.
//
// Vietnam keeps one fixed offset, UTC+7, with no daylight saving; motcua stores instants in UTC
// (common::Instant) and does all calendar arithmetic on civil values: LocalDate for a day and
// LocalDateTime for a minute of a day. The conversions here are the only place that knows the
// offset. Everything is pure and thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace motcua::core::calendar {

using LocalDate = std::chrono::local_days;
using LocalDateTime = std::chrono::local_time<std::chrono::minutes>;

// Offset of Vietnamese civil time from UTC (Asia/Ho_Chi_Minh, constant since 1975).
inline constexpr std::chrono::minutes kVietnamUtcOffset{7 * 60};

// UTC instant → Vietnamese civil time, truncated to the minute.
LocalDateTime ToLocal(Instant instant);

// Vietnamese civil time → UTC instant.
Instant ToInstant(LocalDateTime local);

// Builds a date from numbers; kInvalidArgument when the day does not exist (2026-02-30).
[[nodiscard]] Result<LocalDate> MakeDate(int year, int month, int day);

// Parses exactly "YYYY-MM-DD". kInvalidArgument (with a message naming the text) otherwise.
[[nodiscard]] Result<LocalDate> ParseDate(std::string_view text);

// Parses exactly "YYYY-MM-DDTHH:MM" (00:00–23:59). kInvalidArgument otherwise.
[[nodiscard]] Result<LocalDateTime> ParseDateTime(std::string_view text);

// "2026-02-25".
std::string FormatDate(LocalDate date);

// "2026-02-25T17:00".
std::string FormatDateTime(LocalDateTime time);

// Vietnamese short date: "25/02/2026".
std::string FormatDateVi(LocalDate date);

// Vietnamese weekday name: "thứ Hai" … "thứ Bảy", "Chủ nhật".
std::string_view WeekdayNameVi(LocalDate date);

// "thứ Tư 25/02/2026".
std::string FormatDayVi(LocalDate date);

// "17:00 thứ Tư 25/02/2026".
std::string FormatDateTimeVi(LocalDateTime time);

// Parts of a date as plain ints, for code that needs numbers.
struct CivilParts {
    int year = 0;
    int month = 0;
    int day = 0;
};

CivilParts Parts(LocalDate date);

}  // namespace motcua::core::calendar
