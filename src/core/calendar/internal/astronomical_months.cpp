#include "core/calendar/internal/astronomical_months.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>

#include "common/check.hpp"
#include "core/calendar/internal/astronomy.hpp"

namespace motcua::core::calendar::internal {
namespace {

namespace chr = std::chrono;

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2199;

// Vietnam kept UTC+8 (the Chinese coast meridian) until the end of 1967 and has used UTC+7
// since; a new moon counts in the old zone when it falls before 1968-01-01 00:00 UTC+7. No new
// moon lies within days of that instant, so the exact choice of boundary does not matter.
constexpr int kOffsetBefore1968 = 8;
constexpr int kOffsetFrom1968 = 7;

// Principal solar terms (trung khí) are the instants the sun's apparent longitude reaches a
// multiple of 30°; term 9 (mod 12) is the winter solstice, 270°.
constexpr int kTermsPerTurn = 12;
constexpr int kWinterSolsticeTerm = 9;

// A new moon with the local day it falls on and the zone that day is counted in.
struct MonthStart {
    LocalDate day;
    int utc_offset_hours = 0;
    // Index of the last principal term reached at 00:00 local on `day`: floor(λ / 30°), with λ
    // the sun's apparent longitude unwrapped to increase monotonically over the whole table.
    int term = 0;
};

int GregorianYear(LocalDate day) {
    return static_cast<int>(chr::year_month_day{day}.year());
}

std::vector<MonthStart> ComputeMonthStarts(double first_jd, double last_jd) {
    const double switch_jd =
        JdOfLocalMidnight(LocalDate{chr::year{1968} / chr::January / 1}, kOffsetFrom1968);
    const int k_first = NewMoonIndexBefore(JdToJde(first_jd));
    const int k_last = NewMoonIndexBefore(JdToJde(last_jd)) + 1;

    std::vector<MonthStart> starts;
    const int count = k_last - k_first + 1;
    starts.reserve(static_cast<std::size_t>(count));
    double turns = 0.0;
    double previous_longitude = -1.0;
    for (int k = k_first; k <= k_last; ++k) {
        const double jd = JdeToJd(NewMoonJde(k));
        const int offset = jd < switch_jd ? kOffsetBefore1968 : kOffsetFrom1968;
        MonthStart start;
        start.day = LocalDayOf(jd, offset);
        start.utc_offset_hours = offset;
        const double midnight = JdOfLocalMidnight(start.day, offset);
        const double longitude = SunApparentLongitude(JdToJde(midnight));
        if (longitude < previous_longitude) {
            turns += 1.0;
        }
        previous_longitude = longitude;
        start.term = static_cast<int>(std::floor((longitude + 360.0 * turns) / 30.0));
        MOTCUA_CHECK(starts.empty() || start.day > starts.back().day,
                     "astronomical lunar months: new moons out of order");
        starts.push_back(start);
    }
    return starts;
}

// True when the month [starts[i], starts[i + 1]) contains the winter solstice.
bool HoldsWinterSolstice(const std::vector<MonthStart>& starts, std::size_t i) {
    for (int t = starts[i].term + 1; t <= starts[i + 1].term; ++t) {
        if (t % kTermsPerTurn == kWinterSolsticeTerm) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::vector<LunarMonth> ComputeAstronomicalMonths() {
    // From before month 11 of 1899 to past month 11 of 2200, so that every month of lunar years
    // 1900 … 2199 lies between two known month-11 starts.
    const double first_jd = JdOfDay(chr::sys_days{chr::year{1899} / chr::October / 1});
    const double last_jd = JdOfDay(chr::sys_days{chr::year{2201} / chr::February / 1});
    const std::vector<MonthStart> starts = ComputeMonthStarts(first_jd, last_jd);

    std::vector<std::size_t> month11;
    for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
        if (HoldsWinterSolstice(starts, i)) {
            month11.push_back(i);
        }
    }

    // Number the months of each suì (month 11 to the next month 11).
    std::vector<LunarMonth> all;
    for (std::size_t s = 0; s + 1 < month11.size(); ++s) {
        const std::size_t a = month11[s];
        const std::size_t b = month11[s + 1];
        const std::size_t count = b - a;
        MOTCUA_CHECK(count == 12 || count == 13,
                     "astronomical lunar months: a year between winter solstices without 12 or "
                     "13 months");
        std::size_t leap = b;  // index of the leap month; b (never in [a, b)) when none
        if (count == 13) {
            for (std::size_t i = a + 1; i < b; ++i) {
                if (starts[i].term == starts[i + 1].term) {
                    leap = i;
                    break;
                }
            }
            MOTCUA_CHECK(leap != b,
                         "astronomical lunar months: a 13-month year without a month lacking a "
                         "principal term");
        }
        const int solstice_year = GregorianYear(starts[a].day);
        int number = 11;
        for (std::size_t i = a; i < b; ++i) {
            const bool is_leap = i == leap;
            if (i != a && !is_leap) {
                number = number % 12 + 1;
            }
            LunarMonth month;
            month.first_day = starts[i].day;
            month.length = static_cast<int>((starts[i + 1].day - starts[i].day).count());
            month.month = number;
            month.year = number >= 11 ? solstice_year : solstice_year + 1;
            month.leap = is_leap;
            all.push_back(month);
        }
    }

    const auto is_new_year = [](int year) {
        return [year](const LunarMonth& m) {
            return m.year == year && m.month == 1 && !m.leap;
        };
    };
    const auto first = std::find_if(all.begin(), all.end(), is_new_year(kFirstYear));
    const auto end = std::find_if(first, all.end(), is_new_year(kLastYear + 1));
    MOTCUA_CHECK(first != all.end() && end != all.end(),
                 "astronomical lunar months: lunar years 1900-2199 not covered");
    all.erase(end, all.end());
    all.erase(all.begin(), first);
    return all;
}

}  // namespace motcua::core::calendar::internal
