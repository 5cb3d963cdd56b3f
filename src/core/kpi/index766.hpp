// The service index of Quyết định 766/QĐ-TTg (spec §3): indicators, group and total scores,
// bands and rankings, computed from counter totals (totals.hpp) and catalog figures.
//
// Maxima, thresholds and formula options are configuration (Index766Config), versioned by
// effective date, because the spec could not confirm most of them (§3.2, gaps 4–5): each
// indicator says whether its figures are verified. Indicators the province's own data cannot
// compute are reported as not available, with the reason, and never scored as zero: the total is
// given both out of 100 and out of the points that were computable (docs/INDICATORS.md). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/kpi/facts.hpp"
#include "core/kpi/period.hpp"
#include "core/kpi/totals.hpp"

namespace motcua::core::kpi {

// Xếp loại (spec §3.3).
enum class Band { kExcellent, kGood, kFair, kAverage, kWeak };
std::string_view BandName(Band band);    // "excellent", "good", "fair", "average", "weak"
std::string_view BandNameVi(Band band);  // "Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"

// What a ratio with a zero denominator scores (spec §3.2: "show 0 or N/A").
enum class ZeroDenominator {
    kNotAvailable,  // not available: left out of the computable points
    kZero,          // 0 %, 0 points
    kFull,          // 100 %, full points
};

// Which score the band is read from.
enum class BandBasis {
    kComputable,  // score out of the computable points, scaled to 100
    kTotal,       // raw score out of 100 (indicators not available count as 0)
};

struct IndicatorConfig {
    std::string id;                   // "2.1", as in spec §3.2
    int group = 0;                    // 1..5
    std::string name;                 // Vietnamese name
    double max_points = 0;            // 0: tracked, not scored
    std::optional<double> threshold;  // ratio (0..1] earning full points; nullopt: linear
    bool verified = false;  // maximum, threshold and formula confirmed by the spec's sources
    bool enabled = true;    // false: reported as not available ("disabled by configuration")

    bool operator==(const IndicatorConfig&) const = default;
};

struct BandConfig {
    double lower_bound = 0;  // inclusive, on a 0–100 score
    Band band = Band::kWeak;

    bool operator==(const BandConfig&) const = default;
};

// Who is flagged for the head-of-agency rule: those in the last `bottom` places of their
// group in each of the last `consecutive_periods` periods (this one and the ones before it).
struct FlagRule {
    int bottom = 1;
    int consecutive_periods = 1;

    bool operator==(const FlagRule&) const = default;
};

struct Index766Config {
    std::string version;                 // "766-2025.1"
    calendar::LocalDate effective_from;  // periods ending on or after this day use it
    std::vector<IndicatorConfig> indicators;
    std::vector<BandConfig> bands;  // by descending lower bound, the last one at 0
    BandBasis band_basis = BandBasis::kComputable;
    ZeroDenominator zero_denominator = ZeroDenominator::kNotAvailable;
    // 2.1: a withdrawal after reception ends processing: in time when before its due time.
    bool count_withdrawals = true;
    // 2.1: a dossier with more than one supplement request counts as late (766 formula text,
    // unverified).
    bool many_supplements_late = false;
    // 2.1: judge dossiers against their original due time even after an apology moved it
    // (which date 766 uses is unknown, spec gap 5).
    bool original_due_after_apology = false;
    FlagRule flag;

    bool operator==(const Index766Config&) const = default;
};

// The built-in configurations, oldest first (docs/INDICATORS.md lists their figures).
std::vector<Index766Config> BuiltinIndex766Configs();

// The configuration in force for a period ending on `day`: the latest whose effective_from is
// ≤ day. kNotFound when none is.
[[nodiscard]] Result<Index766Config> ConfigInForce(std::span<const Index766Config> configs,
                                                   calendar::LocalDate day);

// Checks ids unique and known, groups 1..5, maxima ≥ 0, thresholds in (0, 1], bands descending
// and ending at 0, flag rule ≥ 1. kInvalidArgument naming the offending field.
[[nodiscard]] Result<void> ValidateConfig(const Index766Config& config);

// Catalog figures of a scope: the procedures in its competence in force at the end of the
// period (for the province, every procedure in force; for an agency, those it has an internal
// process for).
struct CatalogFigures {
    std::int64_t procedures = 0;         // TTHC thuộc thẩm quyền
    std::int64_t published_in_full = 0;  // with every constituent part of NĐ 63/2010 Đ8.2
    std::int64_t online = 0;             // offered as an online service (partial or full)
    std::int64_t with_fee = 0;           // with a fee > 0
    // Of `online`, those that received an online dossier in the period (3.2); nullopt when not
    // computed (rankings skip this tracked indicator).
    std::optional<std::int64_t> online_with_dossiers;
    // Of `with_fee`, those with a dossier paid online in the period (3.5b).
    std::int64_t with_online_payment = 0;

    bool operator==(const CatalogFigures&) const = default;
};

struct IndexInputs {
    Totals flows;       // over the period
    Totals levels_end;  // at the end of its last day
    CatalogFigures catalog;
};

// One part of an indicator shown beside it (e.g. the direct and postal shares of 3.3).
struct SubFigure {
    std::string name;  // Vietnamese
    std::int64_t numerator = 0;
    std::int64_t denominator = 0;
    std::optional<double> percent;

    bool operator==(const SubFigure&) const = default;
};

struct IndicatorResult {
    std::string id;
    int group = 0;
    std::string name;
    double max_points = 0;
    std::optional<double> threshold;  // ratio
    bool verified = false;
    bool available = false;
    std::string unavailable_reason;  // Vietnamese, when not available
    std::optional<std::int64_t> numerator;
    std::optional<std::int64_t> denominator;
    std::optional<double> value;   // percent (2 decimals), or days for 2.2
    std::string unit;              // "%" or "ngày"
    std::optional<double> points;  // nullopt when not available or not scored (max 0)
    std::string formula;           // Vietnamese, how the figure is made
    // The metrics whose dossiers make the figure, and of those the ones that cost points (the
    // late dossiers of 2.1): drill down with ports::KpiStore::Dossiers.
    std::vector<Metric> metrics;
    std::vector<Metric> shortfall_metrics;
    std::vector<SubFigure> parts;

    bool operator==(const IndicatorResult&) const = default;
};

struct GroupResult {
    int group = 0;
    std::string name;
    double max_points = 0;         // configured maximum of the group
    double computable_points = 0;  // maximum of its available indicators
    double points = 0;

    bool operator==(const GroupResult&) const = default;
};

struct Index766 {
    std::string config_version;
    std::vector<IndicatorResult> indicators;
    std::vector<GroupResult> groups;
    double max_points = 0;                      // 100 with the built-in figures
    double computable_points = 0;               // maximum of the available indicators
    double score = 0;                           // points earned (2 decimals)
    std::optional<double> score_of_computable;  // score × 100 / computable_points
    std::optional<Band> band;                   // nullopt when nothing was computable
    // 2.1 as a percent, the first tie-break of rankings.
    std::optional<double> on_time_percent;

    bool operator==(const Index766&) const = default;
};

// The index of one scope from its inputs.
Index766 ComputeIndex766(const IndexInputs& inputs, const Index766Config& config);

// The band of a 0–100 score.
Band BandOf(double score, std::span<const BandConfig> bands);

// Points of an indicator with maximum `max` for `ratio` (0..1): full at or above the
// threshold, proportional below it (spec §3.2); without a threshold, ratio × max.
double PointsFor(double ratio, double max, std::optional<double> threshold);

// ---- Rankings ------------------------------------------------------------------------------

struct RankedAgency {
    std::string code;
    std::string name;
    int rank = 0;      // 1 = best
    double score = 0;  // the score the band is read from
    Index766 index;
    bool flagged = false;       // last places over the configured consecutive periods
    int periods_in_bottom = 0;  // consecutive periods (this one included) in the last places

    bool operator==(const RankedAgency&) const = default;
};

// Orders agencies by score (descending), then on-time percent (descending, missing last), then
// code; equal scores and on-time percents share a rank (1, 2, 2, 4). Agencies whose index has
// nothing computable are left out.
std::vector<RankedAgency> Rank(std::vector<RankedAgency> agencies, BandBasis basis);

// The codes in the last `bottom` places of a ranking (every agency sharing a last rank); none
// when the ranking holds no more than `bottom` agencies or everyone shares the first rank (there
// is then nobody to be behind).
std::vector<std::string> BottomCodes(std::span<const RankedAgency> ranking, int bottom);

}  // namespace motcua::core::kpi
