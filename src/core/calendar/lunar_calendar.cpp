#include "core/calendar/lunar_calendar.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "common/check.hpp"
#include "common/embedded_file.hpp"
#include "core/calendar/builtin_calendar.hpp"

namespace motcua::core::calendar {
namespace {

namespace chr = std::chrono;

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2199;

// The published month tables, data/calendar/lunar-years.tsv, embedded in the binary. One line
// per lunar year: year, Tết (solar date of 1/1), leap month (0 = none) and the month lengths in
// order, the leap month right after its namesake; '#' starts a comment line.
constexpr std::string_view kDataFile = "lunar-years.tsv";

struct Table {
    // Month 1 of 1900 through the last month of lunar year 2199; the months after the one
    // holding 2199-12-31 are kept only to validate FromLunar input near the end of the range.
    std::vector<LunarMonth> months;
    // Number of leading `months` inside the public range (through the month holding 2199-12-31).
    std::size_t public_count = 0;
    // year_start[y - kFirstYear] = index in `months` of month 1 of lunar year y, for
    // y = 1900 … 2200 (the last entry equals months.size()).
    std::vector<std::size_t> year_start;
};

// A whole decimal integer, or nullopt.
std::optional<int> ParseInt(std::string_view text) {
    int value = 0;
    const char* const end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

// `text` split at every `separator` (empty pieces kept).
std::vector<std::string_view> Split(std::string_view text, char separator) {
    std::vector<std::string_view> pieces;
    std::size_t begin = 0;
    while (true) {
        const std::size_t end = text.find(separator, begin);
        if (end == std::string_view::npos) {
            pieces.push_back(text.substr(begin));
            return pieces;
        }
        pieces.push_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
}

std::string_view DataFileText() {
    const std::span<const EmbeddedFile> files = BuiltinCalendarFiles();
    const auto file = std::find_if(
        files.begin(), files.end(), [](const EmbeddedFile& f) { return f.name == kDataFile; });
    MOTCUA_CHECK(file != files.end(),
                 "lunar calendar: data/calendar/lunar-years.tsv is not compiled into the binary");
    return file->text;
}

// Appends the months of one data line (lunar year `year`) to `table`. The data is compiled into
// the binary, so any inconsistency is a build defect and aborts.
void DecodeYear(std::string_view line, int line_number, int year, Table& table) {
    const auto where = [&] {
        return "lunar calendar: " + std::string(kDataFile) + " line " +
               std::to_string(line_number) + ": ";
    };
    const std::vector<std::string_view> fields = Split(line, '\t');
    MOTCUA_CHECK(fields.size() == 4,
                 where() + "expected 4 tab-separated fields (year, Tết, leap month, lengths)");
    MOTCUA_CHECK(ParseInt(fields[0]) == year,
                 where() + "expected lunar year " + std::to_string(year));
    const Result<LocalDate> tet = ParseDate(fields[1]);
    MOTCUA_CHECK(tet.has_value(), where() + "Tết is not a YYYY-MM-DD date");
    MOTCUA_CHECK(static_cast<int>(chr::year_month_day{*tet}.year()) == year,
                 where() + "Tết does not fall in the solar year of the same number");
    MOTCUA_CHECK(table.months.empty() ||
                     table.months.back().first_day + chr::days{table.months.back().length} == *tet,
                 where() + "the months of the previous year do not end at Tết");
    const std::optional<int> leap_month = ParseInt(fields[2]);
    MOTCUA_CHECK(leap_month.has_value() && *leap_month >= 0 && *leap_month <= 12,
                 where() + "the leap month is not 0 (none) or 1..12");
    const std::vector<std::string_view> lengths = Split(fields[3], ' ');
    MOTCUA_CHECK(lengths.size() == (*leap_month == 0 ? 12U : 13U),
                 where() + "expected 12 month lengths, or 13 with a leap month");

    table.year_start.push_back(table.months.size());
    LocalDate day = *tet;
    int number = 1;
    bool leap = false;
    for (const std::string_view text : lengths) {
        const std::optional<int> length = ParseInt(text);
        MOTCUA_CHECK(length == 29 || length == 30, where() + "a month length is not 29 or 30");
        LunarMonth month;
        month.first_day = day;
        month.length = *length;
        month.month = number;
        month.year = year;
        month.leap = leap;
        table.months.push_back(month);
        day += chr::days{*length};
        // The leap month follows its namesake and shares its number.
        if (!leap && number == *leap_month) {
            leap = true;
        } else {
            leap = false;
            ++number;
        }
    }
}

// Decodes the published tables into the month table; aborts if they are malformed or do not
// cover Tết 1900 … 2199-12-31.
Table DecodeTable(std::string_view text) {
    Table table;
    int year = kFirstYear;
    int line_number = 0;
    for (const std::string_view line : Split(text, '\n')) {
        ++line_number;
        if (line.empty() || line.front() == '#') {
            continue;
        }
        MOTCUA_CHECK(year <= kLastYear,
                     "lunar calendar: " + std::string(kDataFile) + " line " +
                         std::to_string(line_number) + ": a year after 2199");
        DecodeYear(line, line_number, year, table);
        ++year;
    }
    MOTCUA_CHECK(year == kLastYear + 1,
                 "lunar calendar: " + std::string(kDataFile) + " stops before lunar year 2199");
    table.year_start.push_back(table.months.size());

    const LocalDate last_day = LocalDate{chr::year{kLastYear} / chr::December / 31};
    const auto after_last =
        std::find_if(table.months.begin(), table.months.end(), [&](const LunarMonth& m) {
            return m.first_day > last_day;
        });
    table.public_count = static_cast<std::size_t>(after_last - table.months.begin());
    const LunarMonth& last = table.months[table.public_count - 1];
    MOTCUA_CHECK(last.first_day + chr::days{last.length} > last_day,
                 "lunar calendar: " + std::string(kDataFile) + " ends before 2199-12-31");
    return table;
}

const Table& GetTable() {
    // Decoded once, on first use; initialisation of a function-local static is thread-safe.
    static const Table kTable = DecodeTable(DataFileText());
    return kTable;
}

std::string LunarText(const LunarDate& date) {
    return std::to_string(date.day) + "/" + std::to_string(date.month) + (date.leap ? "L" : "") +
           "/" + std::to_string(date.year);
}

std::string LunarTextVi(const LunarDate& date) {
    return "ngày " + std::to_string(date.day) + " tháng " + std::to_string(date.month) +
           (date.leap ? " nhuận" : "") + " năm " + std::to_string(date.year) + " âm lịch";
}

std::string RangeText() {
    return FormatDate(LunarRangeFirst()) + " … " + FormatDate(LunarRangeLast());
}

std::string RangeTextVi() {
    return FormatDateVi(LunarRangeFirst()) + " – " + FormatDateVi(LunarRangeLast());
}

}  // namespace

LocalDate LunarRangeFirst() {
    return GetTable().months.front().first_day;
}

LocalDate LunarRangeLast() {
    return LocalDate{chr::year{kLastYear} / chr::December / 31};
}

Result<LunarDate> ToLunar(LocalDate date) {
    const std::span<const LunarMonth> months = AllLunarMonths();
    if (date < months.front().first_day || date > LunarRangeLast()) {
        return Fail(
            ErrorCode::kOutOfRange,
            "date " + FormatDate(date) + " is outside the lunar calendar range " + RangeText(),
            "ngày " + FormatDateVi(date) + " nằm ngoài phạm vi của lịch âm (" + RangeTextVi() + ")",
            "date");
    }
    // The last month whose first day is on or before `date`.
    const auto next =
        std::upper_bound(months.begin(), months.end(), date, [](LocalDate d, const LunarMonth& m) {
            return d < m.first_day;
        });
    const LunarMonth& month = *std::prev(next);
    LunarDate result;
    result.day = static_cast<int>((date - month.first_day).count()) + 1;
    result.month = month.month;
    result.year = month.year;
    result.leap = month.leap;
    return result;
}

Result<LocalDate> FromLunar(LunarDate date) {
    if (date.month < 1 || date.month > 12) {
        return Fail(ErrorCode::kInvalidArgument,
                    "lunar month " + std::to_string(date.month) + " does not exist (1..12)",
                    "tháng âm lịch " + std::to_string(date.month) +
                        " không tồn tại (chỉ có tháng 1 đến 12)",
                    "month");
    }
    if (date.day < 1 || date.day > 30) {
        return Fail(
            ErrorCode::kInvalidArgument,
            "lunar day " + std::to_string(date.day) + " does not exist (1..30)",
            "ngày âm lịch " + std::to_string(date.day) + " không tồn tại (chỉ có ngày 1 đến 30)",
            "day");
    }
    if (date.year < kFirstYear || date.year > kLastYear) {
        return Fail(
            ErrorCode::kOutOfRange,
            "lunar date " + LunarText(date) + " is outside the lunar calendar range " + RangeText(),
            LunarTextVi(date) + " nằm ngoài phạm vi của lịch âm (" + RangeTextVi() + ")",
            "year");
    }
    const Table& table = GetTable();
    const auto year_index = static_cast<std::size_t>(date.year - kFirstYear);
    const auto begin =
        table.months.begin() + static_cast<std::ptrdiff_t>(table.year_start[year_index]);
    const auto end =
        table.months.begin() + static_cast<std::ptrdiff_t>(table.year_start[year_index + 1]);
    const auto month = std::find_if(begin, end, [&](const LunarMonth& m) {
        return m.month == date.month && m.leap == date.leap;
    });
    if (month == end) {
        return Fail(ErrorCode::kInvalidArgument,
                    "lunar year " + std::to_string(date.year) + " has no leap month " +
                        std::to_string(date.month),
                    "năm " + std::to_string(date.year) + " âm lịch không có tháng " +
                        std::to_string(date.month) + " nhuận",
                    "leap");
    }
    if (date.day > month->length) {
        return Fail(ErrorCode::kInvalidArgument,
                    "lunar month " + std::to_string(date.month) + (date.leap ? "L" : "") + "/" +
                        std::to_string(date.year) + " has only " + std::to_string(month->length) +
                        " days, so " + LunarText(date) + " does not exist",
                    "tháng " + std::to_string(date.month) + (date.leap ? " nhuận" : "") + " năm " +
                        std::to_string(date.year) + " âm lịch chỉ có " +
                        std::to_string(month->length) + " ngày, không có " + LunarTextVi(date),
                    "day");
    }
    const LocalDate result = month->first_day + chr::days{date.day - 1};
    if (result > LunarRangeLast()) {
        return Fail(ErrorCode::kOutOfRange,
                    "lunar date " + LunarText(date) + " falls on " + FormatDate(result) +
                        ", outside the lunar calendar range " + RangeText(),
                    LunarTextVi(date) + " rơi vào ngày " + FormatDateVi(result) +
                        ", nằm ngoài phạm vi của lịch âm (" + RangeTextVi() + ")",
                    "year");
    }
    return result;
}

Result<std::span<const LunarMonth>> MonthsOfLunarYear(int year) {
    if (year < kFirstYear || year >= kLastYear) {
        return Fail(ErrorCode::kOutOfRange,
                    "lunar year " + std::to_string(year) +
                        " is not wholly inside the lunar calendar range " + RangeText() +
                        " (valid years: 1900 … 2198)",
                    "năm " + std::to_string(year) +
                        " âm lịch không nằm trọn trong phạm vi của lịch âm (" + RangeTextVi() +
                        "; các năm hợp lệ: 1900 – 2198)",
                    "year");
    }
    const Table& table = GetTable();
    const auto year_index = static_cast<std::size_t>(year - kFirstYear);
    const std::size_t begin = table.year_start[year_index];
    const std::size_t end = table.year_start[year_index + 1];
    return std::span<const LunarMonth>(table.months).subspan(begin, end - begin);
}

std::span<const LunarMonth> AllLunarMonths() {
    const Table& table = GetTable();
    return std::span<const LunarMonth>(table.months).first(table.public_count);
}

}  // namespace motcua::core::calendar
