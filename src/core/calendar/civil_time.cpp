#include "core/calendar/civil_time.hpp"

#include <array>
#include <cctype>

#include <fmt/format.h>

namespace motcua::core::calendar {
namespace {

using std::chrono::days;
using std::chrono::minutes;

// Reads `width` ASCII digits at `pos`; -1 when any is not a digit.
int ReadDigits(std::string_view text, std::size_t pos, std::size_t width) {
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        const char c = text[i];
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

Result<LocalDate> BadDate(std::string_view text) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("invalid date '{}': expected an existing day as YYYY-MM-DD", text),
                fmt::format("ngày '{}' không hợp lệ: cần một ngày có thật, dạng YYYY-MM-DD", text));
}

}  // namespace

LocalDateTime ToLocal(Instant instant) {
    const auto utc_minutes = std::chrono::floor<minutes>(instant);
    return LocalDateTime{utc_minutes.time_since_epoch() + kVietnamUtcOffset};
}

Instant ToInstant(LocalDateTime local) {
    return Instant{local.time_since_epoch() - kVietnamUtcOffset};
}

Result<LocalDate> MakeDate(int year, int month, int day) {
    if (month < 1 || month > 12 || day < 1 || day > 31) {
        return BadDate(fmt::format("{:04}-{:02}-{:02}", year, month, day));
    }
    const std::chrono::year_month_day ymd{std::chrono::year{year},
                                          std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) {
        return BadDate(fmt::format("{:04}-{:02}-{:02}", year, month, day));
    }
    return LocalDate{ymd};
}

Result<LocalDate> ParseDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return BadDate(text);
    }
    const int year = ReadDigits(text, 0, 4);
    const int month = ReadDigits(text, 5, 2);
    const int day = ReadDigits(text, 8, 2);
    if (year < 0 || month < 0 || day < 0) {
        return BadDate(text);
    }
    auto date = MakeDate(year, month, day);
    if (!date) {
        return BadDate(text);
    }
    return date;
}

Result<LocalDateTime> ParseDateTime(std::string_view text) {
    const auto bad = [&] {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("invalid date-time '{}': expected YYYY-MM-DDTHH:MM", text),
                    fmt::format("thời điểm '{}' không hợp lệ: cần dạng YYYY-MM-DDTHH:MM", text));
    };
    if (text.size() != 16 || text[10] != 'T' || text[13] != ':') {
        return bad();
    }
    const int hour = ReadDigits(text, 11, 2);
    const int minute = ReadDigits(text, 14, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
        return bad();
    }
    MOTCUA_ASSIGN_OR_RETURN(const LocalDate date, ParseDate(text.substr(0, 10)));
    return LocalDateTime{date} + std::chrono::hours{hour} + minutes{minute};
}

CivilParts Parts(LocalDate date) {
    const std::chrono::year_month_day ymd{date};
    return {static_cast<int>(ymd.year()),
            static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

namespace {

// Writes `value` (0 <= value < 10^width) as `width` decimal digits at `out`.
void PutDigits(char* out, int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

// "YYYY-MM-DD" into out[0, 10) for a year of four digits; false otherwise.
bool PutDate(char* out, LocalDate date) {
    const CivilParts p = Parts(date);
    if (p.year < 0 || p.year > 9999) {
        return false;
    }
    PutDigits(out, p.year, 4);
    out[4] = '-';
    PutDigits(out + 5, p.month, 2);
    out[7] = '-';
    PutDigits(out + 8, p.day, 2);
    return true;
}

}  // namespace

// Both formats are written digit by digit: they are stored with every event and row.
std::string FormatDate(LocalDate date) {
    std::string out(10, '0');
    if (!PutDate(out.data(), date)) {
        const CivilParts p = Parts(date);
        return fmt::format("{:04}-{:02}-{:02}", p.year, p.month, p.day);
    }
    return out;
}

std::string FormatDateTime(LocalDateTime time) {
    const auto day = std::chrono::floor<days>(time);
    const auto minute_of_day = static_cast<int>((time - day).count());
    std::string out(16, '0');
    if (!PutDate(out.data(), day)) {
        return fmt::format(
            "{}T{:02}:{:02}", FormatDate(day), minute_of_day / 60, minute_of_day % 60);
    }
    out[10] = 'T';
    PutDigits(out.data() + 11, minute_of_day / 60, 2);
    out[13] = ':';
    PutDigits(out.data() + 14, minute_of_day % 60, 2);
    return out;
}

std::string FormatDateVi(LocalDate date) {
    const CivilParts p = Parts(date);
    return fmt::format("{:02}/{:02}/{:04}", p.day, p.month, p.year);
}

std::string_view WeekdayNameVi(LocalDate date) {
    static constexpr std::array<std::string_view, 7> kNames = {
        "Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"};
    return kNames[std::chrono::weekday{date}.c_encoding()];
}

std::string FormatDayVi(LocalDate date) {
    return fmt::format("{} {}", WeekdayNameVi(date), FormatDateVi(date));
}

std::string FormatDateTimeVi(LocalDateTime time) {
    const auto day = std::chrono::floor<days>(time);
    const auto minute_of_day = (time - day).count();
    return fmt::format("{:02}:{:02} {}", minute_of_day / 60, minute_of_day % 60, FormatDayVi(day));
}

}  // namespace motcua::core::calendar
