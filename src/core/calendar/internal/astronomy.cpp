#include "core/calendar/internal/astronomy.hpp"

#include <array>
#include <cmath>
#include <numbers>

namespace motcua::core::calendar::internal {
namespace {

constexpr double kJ2000 = 2451545.0;
constexpr double kDaysPerJulianCentury = 36525.0;
constexpr double kSecondsPerDay = 86400.0;

double Sin(double degrees) {
    return std::sin(degrees * std::numbers::pi / 180.0);
}

// Reduces an angle in degrees to [0, 360).
double Normalize(double degrees) {
    double r = std::fmod(degrees, 360.0);
    if (r < 0.0) {
        r += 360.0;
    }
    return r;
}

// Additional corrections for all phases (Meeus ch. 49, p. 351): argument A_i = phase + rate·k
// (A1 also has a T² term), amplitude in days.
struct PlanetaryTerm {
    double phase;
    double rate;
    double amplitude;
};

constexpr std::array<PlanetaryTerm, 14> kPlanetaryTerms = {{
    {299.77, 0.107408, 0.000325},   // A1 (− 0.009173 T² added below)
    {251.88, 0.016321, 0.000165},   // A2
    {251.83, 26.651886, 0.000164},  // A3
    {349.42, 36.412478, 0.000126},  // A4
    {84.66, 18.206239, 0.000110},   // A5
    {141.74, 53.303771, 0.000062},  // A6
    {207.14, 2.453732, 0.000060},   // A7
    {154.84, 7.306860, 0.000056},   // A8
    {34.52, 27.261239, 0.000047},   // A9
    {207.19, 0.121824, 0.000042},   // A10
    {291.34, 1.844379, 0.000040},   // A11
    {161.72, 24.198154, 0.000037},  // A12
    {239.56, 25.513099, 0.000035},  // A13
    {331.55, 3.592518, 0.000023},   // A14
}};

}  // namespace

double NewMoonJde(int k) {
    const auto kd = static_cast<double>(k);
    const double t = kd / 1236.85;  // Julian centuries from J2000.0 (eq. 49.3)
    const double t2 = t * t;
    const double t3 = t2 * t;
    const double t4 = t3 * t;

    // Mean phase (eq. 49.1).
    const double mean = 2451550.09766 + kSynodicMonthDays * kd + 0.00015437 * t2 -
                        0.000000150 * t3 + 0.00000000073 * t4;

    // Eccentricity of the earth's orbit (eq. 47.6) and the fundamental arguments (49.4–49.7).
    const double e = 1.0 - 0.002516 * t - 0.0000074 * t2;
    const double m = 2.5534 + 29.10535670 * kd - 0.0000014 * t2 - 0.00000011 * t3;
    const double mp =
        201.5643 + 385.81693528 * kd + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
    const double f =
        160.7108 + 390.67050284 * kd - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
    const double omega = 124.7746 - 1.56375588 * kd + 0.0020672 * t2 + 0.00000215 * t3;

    // Periodic terms for the new moon (p. 351).
    double periodic = 0.0;
    periodic += -0.40720 * Sin(mp);
    periodic += 0.17241 * e * Sin(m);
    periodic += 0.01608 * Sin(2 * mp);
    periodic += 0.01039 * Sin(2 * f);
    periodic += 0.00739 * e * Sin(mp - m);
    periodic += -0.00514 * e * Sin(mp + m);
    periodic += 0.00208 * e * e * Sin(2 * m);
    periodic += -0.00111 * Sin(mp - 2 * f);
    periodic += -0.00057 * Sin(mp + 2 * f);
    periodic += 0.00056 * e * Sin(2 * mp + m);
    periodic += -0.00042 * Sin(3 * mp);
    periodic += 0.00042 * e * Sin(m + 2 * f);
    periodic += 0.00038 * e * Sin(m - 2 * f);
    periodic += -0.00024 * e * Sin(2 * mp - m);
    periodic += -0.00017 * Sin(omega);
    periodic += -0.00007 * Sin(mp + 2 * m);
    periodic += 0.00004 * Sin(2 * mp - 2 * f);
    periodic += 0.00004 * Sin(3 * m);
    periodic += 0.00003 * Sin(mp + m - 2 * f);
    periodic += 0.00003 * Sin(2 * mp + 2 * f);
    periodic += -0.00003 * Sin(mp + m + 2 * f);
    periodic += 0.00003 * Sin(mp - m + 2 * f);
    periodic += -0.00002 * Sin(mp - m - 2 * f);
    periodic += -0.00002 * Sin(3 * mp + m);
    periodic += 0.00002 * Sin(4 * mp);

    double planetary = 0.0;
    for (std::size_t i = 0; i < kPlanetaryTerms.size(); ++i) {
        const PlanetaryTerm& term = kPlanetaryTerms[i];
        double argument = term.phase + term.rate * kd;
        if (i == 0) {
            argument -= 0.009173 * t2;
        }
        planetary += term.amplitude * Sin(argument);
    }

    return mean + periodic + planetary;
}

int NewMoonIndexBefore(double jde) {
    return static_cast<int>(std::floor((jde - 2451550.09766) / kSynodicMonthDays));
}

double DeltaTSeconds(double y) {
    if (y < 1860.0 || y >= 2150.0) {
        const double u = (y - 1820.0) / 100.0;
        return -20.0 + 32.0 * u * u;
    }
    if (y < 1900.0) {
        const double t = y - 1860.0;
        return 7.62 + 0.5737 * t - 0.251754 * std::pow(t, 2) + 0.01680668 * std::pow(t, 3) -
               0.0004473624 * std::pow(t, 4) + std::pow(t, 5) / 233174.0;
    }
    if (y < 1920.0) {
        const double t = y - 1900.0;
        return -2.79 + 1.494119 * t - 0.0598939 * std::pow(t, 2) + 0.0061966 * std::pow(t, 3) -
               0.000197 * std::pow(t, 4);
    }
    if (y < 1941.0) {
        const double t = y - 1920.0;
        return 21.20 + 0.84493 * t - 0.076100 * std::pow(t, 2) + 0.0020936 * std::pow(t, 3);
    }
    if (y < 1961.0) {
        const double t = y - 1950.0;
        return 29.07 + 0.407 * t - std::pow(t, 2) / 233.0 + std::pow(t, 3) / 2547.0;
    }
    if (y < 1986.0) {
        const double t = y - 1975.0;
        return 45.45 + 1.067 * t - std::pow(t, 2) / 260.0 - std::pow(t, 3) / 718.0;
    }
    if (y < 2005.0) {
        const double t = y - 2000.0;
        return 63.86 + 0.3345 * t - 0.060374 * std::pow(t, 2) + 0.0017275 * std::pow(t, 3) +
               0.000651814 * std::pow(t, 4) + 0.00002373599 * std::pow(t, 5);
    }
    if (y < 2050.0) {
        const double t = y - 2000.0;
        return 62.92 + 0.32217 * t + 0.005589 * std::pow(t, 2);
    }
    const double u = (y - 1820.0) / 100.0;
    return -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - y);
}

double DecimalYear(double jd) {
    return 2000.0 + (jd - kJ2000) / 365.25;
}

double JdeToJd(double jde) {
    return jde - DeltaTSeconds(DecimalYear(jde)) / kSecondsPerDay;
}

double JdToJde(double jd) {
    return jd + DeltaTSeconds(DecimalYear(jd)) / kSecondsPerDay;
}

double SunTrueLongitude(double jde) {
    const double t = (jde - kJ2000) / kDaysPerJulianCentury;  // eq. 25.1
    const double t2 = t * t;
    const double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t2;  // eq. 25.2
    const double m = 357.52911 + 35999.05029 * t - 0.0001537 * t2;   // eq. 25.3
    const double c = (1.914602 - 0.004817 * t - 0.000014 * t2) * Sin(m) +
                     (0.019993 - 0.000101 * t) * Sin(2 * m) + 0.000289 * Sin(3 * m);
    return Normalize(l0 + c);
}

double SunApparentLongitude(double jde) {
    const double t = (jde - kJ2000) / kDaysPerJulianCentury;
    const double omega = 125.04 - 1934.136 * t;
    return Normalize(SunTrueLongitude(jde) - 0.00569 - 0.00478 * Sin(omega));
}

double JdOfDay(std::chrono::sys_days day) {
    return kUnixEpochJd + static_cast<double>(day.time_since_epoch().count());
}

std::chrono::local_days LocalDayOf(double jd, int utc_offset_hours) {
    const double days = std::floor(jd - kUnixEpochJd + utc_offset_hours / 24.0);
    return std::chrono::local_days{std::chrono::days{static_cast<int>(days)}};
}

double JdOfLocalMidnight(std::chrono::local_days day, int utc_offset_hours) {
    return kUnixEpochJd + static_cast<double>(day.time_since_epoch().count()) -
           utc_offset_hours / 24.0;
}

}  // namespace motcua::core::calendar::internal
