// Low-level astronomy for the lunar calendar: instants of new moons (Meeus, Astronomical
// Algorithms 2nd ed., ch. 49, with all periodic and the 14 planetary terms), ΔT = TD − UT
// (Espenak & Meeus polynomial expressions), the sun's apparent longitude (ch. 25, low-accuracy
// method with nutation and aberration corrections) and Julian-day ↔ civil-day conversions.
//
// Times are Julian days as doubles: a "JDE" is in Terrestrial (Dynamical) Time, a "JD" in
// Universal Time. Everything here is pure, allocation-free and thread-safe. Accuracy: new moons
// to within about a minute over 1900–2200 (dominated by the ΔT extrapolation after ~2020), the
// sun's longitude to about 0.01°.
#pragma once

#include <chrono>

namespace motcua::core::calendar::internal {

// Julian day (UT) of 1970-01-01 00:00 UTC, the epoch of std::chrono::sys_days.
inline constexpr double kUnixEpochJd = 2440587.5;

// Mean length of the synodic month in days (Meeus eq. 49.1).
inline constexpr double kSynodicMonthDays = 29.530588861;

// JDE of the k-th new moon (Meeus ch. 49): k = 0 is the new moon of 2000-01-06, negative k are
// earlier ones. Includes the new-moon periodic terms and the additional corrections A1…A14.
double NewMoonJde(int k);

// Index k of the last new moon whose *mean* phase falls at or before `jde`; the true new moon of
// index k may differ from its mean phase by up to ~0.6 days, so callers should check k±1.
int NewMoonIndexBefore(double jde);

// ΔT = TD − UT in seconds for a decimal year (2000.0 = 2000-01-01), by the Espenak & Meeus
// polynomials (NASA Five Millennium Canon) for 1860–2150 and the long-term parabola outside.
double DeltaTSeconds(double decimal_year);

// Decimal Gregorian year of a Julian day (Julian years of 365.25 days from J2000.0).
double DecimalYear(double jd);

// TD → UT and UT → TD using DeltaTSeconds.
double JdeToJd(double jde);
double JdToJde(double jd);

// The sun's true geometric longitude ☉ in degrees, [0, 360), for `jde` (Meeus ch. 25:
// L0 + C, referred to the mean equinox of the date).
double SunTrueLongitude(double jde);

// The sun's apparent longitude λ in degrees, [0, 360): ☉ − 0.00569° − 0.00478° sin Ω.
double SunApparentLongitude(double jde);

// Julian day (UT) of 00:00 UT on `day`.
double JdOfDay(std::chrono::sys_days day);

// Civil day containing the UT instant `jd` in a zone `utc_offset_hours` east of Greenwich.
std::chrono::local_days LocalDayOf(double jd, int utc_offset_hours);

// Julian day (UT) of 00:00 local time on `day` in a zone `utc_offset_hours` east of Greenwich.
double JdOfLocalMidnight(std::chrono::local_days day, int utc_offset_hours);

}  // namespace motcua::core::calendar::internal
