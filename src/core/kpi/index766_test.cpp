#include "core/kpi/index766.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"

namespace motcua::core::kpi {
namespace {

Index766Config Builtin() {
    return BuiltinIndex766Configs().front();
}

const IndicatorResult& Find(const Index766& index, std::string_view id) {
    for (const IndicatorResult& r : index.indicators) {
        if (r.id == id) {
            return r;
        }
    }
    static const IndicatorResult kMissing;
    ADD_FAILURE() << "no indicator " << id;
    return kMissing;
}

// The 2.1 population used by several cases: 3 early, 5 on time, 2 late settled; 4 pending of
// which 1 overdue → (8 + 3) / (10 + 4) = 11 / 14.
void Typical(IndexInputs& in) {
    in.flows.Add(Metric::kSettledEarly, 3);
    in.flows.Add(Metric::kSettledOnTime, 5);
    in.flows.Add(Metric::kSettledLate, 2);
    in.levels_end.Add(Metric::kPending, 4);
    in.levels_end.Add(Metric::kPendingOverdue, 1);
}

struct FormulaCase {
    std::string_view name;
    std::string_view id;
    std::function<void(IndexInputs&)> inputs;
    std::function<void(Index766Config&)> config;  // may be empty
    bool available;
    std::optional<std::int64_t> numerator;
    std::optional<std::int64_t> denominator;
    std::optional<double> value;
    std::optional<double> points;
};

class Formulas : public ::testing::TestWithParam<FormulaCase> {};

TEST_P(Formulas, HandComputed) {
    const FormulaCase& c = GetParam();
    IndexInputs in;
    c.inputs(in);
    Index766Config config = Builtin();
    if (c.config) {
        c.config(config);
    }
    const Index766 index = ComputeIndex766(in, config);
    const IndicatorResult& r = Find(index, c.id);
    EXPECT_EQ(r.available, c.available);
    EXPECT_EQ(r.available, r.unavailable_reason.empty()) << r.unavailable_reason;
    if (c.numerator.has_value()) {
        EXPECT_EQ(r.numerator, c.numerator);
    }
    if (c.denominator.has_value()) {
        EXPECT_EQ(r.denominator, c.denominator);
    }
    EXPECT_EQ(r.value, c.value);
    EXPECT_EQ(r.points, c.points);
}

const auto kNothing = [](IndexInputs&) {
};

INSTANTIATE_TEST_SUITE_P(
    Index766,
    Formulas,
    ::testing::Values(
        // 2.1 Hồ sơ xử lý trước hạn, đúng hạn (20 points, linear).
        FormulaCase{"OnTime", "2.1", Typical, {}, true, 11, 14, 78.57, 15.71},
        FormulaCase{"OnTimeZeroDenominatorNotAvailable",
                    "2.1",
                    kNothing,
                    {},
                    false,
                    0,
                    0,
                    std::nullopt,
                    std::nullopt},
        FormulaCase{"OnTimeZeroDenominatorAsZero",
                    "2.1",
                    kNothing,
                    [](Index766Config& c) { c.zero_denominator = ZeroDenominator::kZero; },
                    true,
                    0,
                    0,
                    0.0,
                    0.0},
        FormulaCase{"OnTimeZeroDenominatorAsFull",
                    "2.1",
                    kNothing,
                    [](Index766Config& c) { c.zero_denominator = ZeroDenominator::kFull; },
                    true,
                    0,
                    0,
                    100.0,
                    20.0},
        FormulaCase{"OnlyPendingInTime",
                    "2.1",
                    [](IndexInputs& in) { in.levels_end.Add(Metric::kPending, 3); },
                    {},
                    true,
                    3,
                    3,
                    100.0,
                    20.0},
        // Withdrawals after reception: 2, one after its due time.
        FormulaCase{"WithdrawalsCount",
                    "2.1",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kSettledOnTime, 3);
                        in.flows.Add(Metric::kSettledLate, 1);
                        in.flows.Add(Metric::kWithdrawnAfterReception, 2);
                        in.flows.Add(Metric::kSettledWithoutVerdict, 2);
                        in.flows.Add(Metric::kWithdrawnPastDue, 1);
                    },
                    {},
                    true,
                    4,
                    6,
                    66.67,
                    13.33},
        FormulaCase{"WithdrawalsLeftOut",
                    "2.1",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kSettledOnTime, 3);
                        in.flows.Add(Metric::kSettledLate, 1);
                        in.flows.Add(Metric::kWithdrawnAfterReception, 2);
                        in.flows.Add(Metric::kSettledWithoutVerdict, 2);
                        in.flows.Add(Metric::kWithdrawnPastDue, 1);
                    },
                    [](Index766Config& c) { c.count_withdrawals = false; },
                    true,
                    3,
                    4,
                    75.0,
                    15.0},
        // Two of five in time had ≥ 2 supplement requests: late under the 766 text option.
        FormulaCase{"ManySupplementsLate",
                    "2.1",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kSettledOnTime, 5);
                        in.flows.Add(Metric::kSettledInTimeManySupplements, 2);
                    },
                    [](Index766Config& c) { c.many_supplements_late = true; },
                    true,
                    3,
                    5,
                    60.0,
                    12.0},
        FormulaCase{"ManySupplementsIgnoredByDefault",
                    "2.1",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kSettledOnTime, 5);
                        in.flows.Add(Metric::kSettledInTimeManySupplements, 2);
                    },
                    {},
                    true,
                    5,
                    5,
                    100.0,
                    20.0},
        // Both options: 2 + 2 − 1 counted in both = 3 moved.
        FormulaCase{"BothOptionsMoveADossierOnce",
                    "2.1",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kSettledOnTime, 10);
                        in.flows.Add(Metric::kSettledInTimeManySupplements, 2);
                        in.flows.Add(Metric::kSettledInTimeLateByOriginalDue, 2);
                        in.flows.Add(Metric::kSettledInTimeBothExceptions, 1);
                    },
                    [](Index766Config& c) {
                        c.many_supplements_late = true;
                        c.original_due_after_apology = true;
                    },
                    true,
                    7,
                    10,
                    70.0,
                    14.0},
        // 2.2 average settlement time (information, days).
        FormulaCase{"AverageDays",
                    "2.2",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kSettlementMinutes, 4320);
                        in.flows.Add(Metric::kSettlementCount, 2);
                    },
                    {},
                    true,
                    4320,
                    2,
                    1.5,
                    std::nullopt},
        FormulaCase{"AverageDaysNoResult",
                    "2.2",
                    kNothing,
                    {},
                    false,
                    0,
                    0,
                    std::nullopt,
                    std::nullopt},
        // 3.x full-process online dossiers (12 points, linear).
        FormulaCase{"FullOnline",
                    "3.x",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kReceivedOnlineFullOnlineProcedure, 6);
                        in.flows.Add(Metric::kReceivedFullOnlineProcedure, 10);
                    },
                    {},
                    true,
                    6,
                    10,
                    60.0,
                    7.2},
        FormulaCase{"FullOnlineWithThreshold",
                    "3.x",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kReceivedOnlineFullOnlineProcedure, 6);
                        in.flows.Add(Metric::kReceivedFullOnlineProcedure, 10);
                    },
                    [](Index766Config& c) {
                        for (IndicatorConfig& i : c.indicators) {
                            if (i.id == "3.x") {
                                i.threshold = 0.5;
                            }
                        }
                    },
                    true,
                    6,
                    10,
                    60.0,
                    12.0},
        // 3.1 and 3.2 are tracked: a value, no points.
        FormulaCase{"OnlineServices",
                    "3.1",
                    [](IndexInputs& in) {
                        in.catalog.procedures = 10;
                        in.catalog.online = 8;
                    },
                    {},
                    true,
                    8,
                    10,
                    80.0,
                    std::nullopt},
        FormulaCase{"OnlineServicesUsed",
                    "3.2",
                    [](IndexInputs& in) {
                        in.catalog.online = 8;
                        in.catalog.online_with_dossiers = 2;
                    },
                    {},
                    true,
                    2,
                    8,
                    25.0,
                    std::nullopt},
        FormulaCase{"OnlineServicesUsedNotComputed",
                    "3.2",
                    [](IndexInputs& in) { in.catalog.online = 8; },
                    {},
                    false,
                    std::nullopt,
                    std::nullopt,
                    std::nullopt,
                    std::nullopt},
        FormulaCase{"OnlineShare",
                    "3.3",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kReceivedOnlineSelf, 2);
                        in.flows.Add(Metric::kReceivedOnlineAssisted, 1);
                        in.flows.Add(Metric::kReceivedCounter, 8);
                        in.flows.Add(Metric::kReceivedPostal, 1);
                    },
                    {},
                    true,
                    3,
                    12,
                    25.0,
                    std::nullopt},
        // 3.5b and 3.6 payments.
        FormulaCase{"ProceduresPaidOnline",
                    "3.5b",
                    [](IndexInputs& in) {
                        in.catalog.with_fee = 4;
                        in.catalog.with_online_payment = 1;
                    },
                    {},
                    true,
                    1,
                    4,
                    25.0,
                    0.5},
        FormulaCase{"ProceduresPaidOnlineNoFees",
                    "3.5b",
                    kNothing,
                    {},
                    false,
                    0,
                    0,
                    std::nullopt,
                    std::nullopt},
        FormulaCase{"DossiersPaidOnline",
                    "3.6",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kDossierPaidOnline, 3);
                        in.flows.Add(Metric::kReceivedFeeProcedure, 12);
                    },
                    {},
                    true,
                    3,
                    12,
                    25.0,
                    1.5},
        // 1.3 published in full (2 points).
        FormulaCase{"PublishedInFull",
                    "1.3",
                    [](IndexInputs& in) {
                        in.catalog.procedures = 10;
                        in.catalog.published_in_full = 9;
                    },
                    {},
                    true,
                    9,
                    10,
                    90.0,
                    1.8},
        // 5.4: 100 % − (3/14 late + 1/10 unhappy) = 68.57 %; 90 % threshold → 6 × 0.6857 / 0.9.
        FormulaCase{"Satisfaction",
                    "5.4",
                    [](IndexInputs& in) {
                        Typical(in);
                        in.flows.Add(Metric::kRatedUnhappy, 1);
                    },
                    {},
                    true,
                    std::nullopt,
                    std::nullopt,
                    68.57,
                    4.57},
        FormulaCase{"SatisfactionAtThreshold",
                    "5.4",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kSettledOnTime, 10);
                        in.flows.Add(Metric::kRatedUnhappy, 1);
                    },
                    {},
                    true,
                    std::nullopt,
                    std::nullopt,
                    90.0,
                    6.0},
        FormulaCase{"SatisfactionNeverBelowZero",
                    "5.4",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kSettledLate, 2);
                        in.flows.Add(Metric::kRatedUnhappy, 2);
                    },
                    {},
                    true,
                    std::nullopt,
                    std::nullopt,
                    0.0,
                    0.0},
        FormulaCase{"SatisfactionZeroDenominator",
                    "5.4",
                    kNothing,
                    {},
                    false,
                    std::nullopt,
                    std::nullopt,
                    std::nullopt,
                    std::nullopt},
        // A disabled indicator is not available even with data.
        FormulaCase{"Disabled",
                    "3.6",
                    [](IndexInputs& in) {
                        in.flows.Add(Metric::kDossierPaidOnline, 3);
                        in.flows.Add(Metric::kReceivedFeeProcedure, 12);
                    },
                    [](Index766Config& c) {
                        for (IndicatorConfig& i : c.indicators) {
                            if (i.id == "3.6") {
                                i.enabled = false;
                            }
                        }
                    },
                    false,
                    std::nullopt,
                    std::nullopt,
                    std::nullopt,
                    std::nullopt}),
    [](const ::testing::TestParamInfo<FormulaCase>& p) { return std::string(p.param.name); });

class DataMissing : public ::testing::TestWithParam<std::string_view> {};

TEST_P(DataMissing, IsNotAvailableWithAReasonAndNoPoints) {
    IndexInputs in;
    Typical(in);
    in.catalog = {10, 9, 8, 4, 2, 1};
    const IndicatorResult& r = Find(ComputeIndex766(in, Builtin()), GetParam());
    EXPECT_FALSE(r.available);
    EXPECT_FALSE(r.unavailable_reason.empty());
    EXPECT_EQ(r.points, std::nullopt);
    EXPECT_EQ(r.value, std::nullopt);
    EXPECT_FALSE(r.formula.empty());
}

INSTANTIATE_TEST_SUITE_P(Index766,
                         DataMissing,
                         ::testing::Values("1.1",
                                           "1.2",
                                           "1.4",
                                           "3.5",
                                           "4.1",
                                           "4.2",
                                           "4.x",
                                           "4.3",
                                           "4.4",
                                           "4.5a",
                                           "4.5b",
                                           "5.1",
                                           "5.2",
                                           "5.3"));

TEST(Index766, BuiltinMaximaMakeTheGroupsOfTheDecision) {
    const Index766 index = ComputeIndex766({}, Builtin());
    ASSERT_EQ(index.groups.size(), 5U);
    const std::vector<double> maxima{18, 20, 22, 22, 18};
    for (std::size_t g = 0; g < 5; ++g) {
        EXPECT_EQ(index.groups[g].max_points, maxima[g]) << "group " << g + 1;
    }
    EXPECT_EQ(index.max_points, 100);
    EXPECT_EQ(index.indicators.size(), 24U);
    EXPECT_THAT(ValidateConfig(Builtin()), IsOk());
}

TEST(Index766, TotalsOverTheComputableIndicators) {
    IndexInputs in;
    Typical(in);  // 2.1: 15.71 of 20
    in.flows.Add(Metric::kRatedUnhappy, 1);
    in.flows.Add(Metric::kReceivedOnlineFullOnlineProcedure, 6);  // 3.x: 7.2 of 12
    in.flows.Add(Metric::kReceivedFullOnlineProcedure, 10);
    in.catalog.procedures = 10;  // 1.3: 1.8 of 2
    in.catalog.published_in_full = 9;
    // 3.5b and 3.6 have zero denominators: not available.
    const Index766 index = ComputeIndex766(in, Builtin());
    EXPECT_EQ(index.groups[0].points, 1.8);
    EXPECT_EQ(index.groups[0].computable_points, 2);
    EXPECT_EQ(index.groups[1].points, 15.71);
    EXPECT_EQ(index.groups[2].points, 7.2);
    EXPECT_EQ(index.groups[2].computable_points, 12);
    EXPECT_EQ(index.groups[3].computable_points, 0);
    EXPECT_EQ(index.groups[4].points, 4.57);
    EXPECT_EQ(index.computable_points, 2 + 20 + 12 + 6);
    EXPECT_EQ(index.score, 29.28);
    ASSERT_TRUE(index.score_of_computable.has_value());
    EXPECT_EQ(*index.score_of_computable, 73.2);  // 29.28 × 100 / 40
    EXPECT_EQ(index.band, Band::kFair);
    EXPECT_EQ(index.on_time_percent, 78.57);

    Index766Config raw = Builtin();
    raw.band_basis = BandBasis::kTotal;
    EXPECT_EQ(ComputeIndex766(in, raw).band, Band::kWeak);  // 29.28 of 100
}

TEST(Index766, NothingComputableHasNoBand) {
    const Index766 index = ComputeIndex766({}, Builtin());
    EXPECT_EQ(index.computable_points, 0);
    EXPECT_EQ(index.score_of_computable, std::nullopt);
    EXPECT_EQ(index.band, std::nullopt);
}

TEST(Index766, PointsFullAtThresholdProportionalBelow) {
    struct Case {
        double ratio;
        double max;
        std::optional<double> threshold;
        double points;
    };

    for (const Case& c : {Case{0.4, 2, 0.8, 1.0},
                          Case{0.8, 2, 0.8, 2.0},
                          Case{0.95, 2, 0.8, 2.0},
                          Case{1.2, 6, std::nullopt, 6.0},
                          Case{0.5, 6, std::nullopt, 3.0},
                          Case{-0.1, 6, std::nullopt, 0.0},
                          Case{0.0, 6, 0.9, 0.0}}) {
        EXPECT_DOUBLE_EQ(PointsFor(c.ratio, c.max, c.threshold), c.points) << c.ratio;
    }
}

TEST(Index766, BandsLowerBoundInclusive) {
    const Index766Config config = Builtin();

    struct Case {
        double score;
        Band band;
    };

    for (const Case& c : {Case{100, Band::kExcellent},
                          Case{90, Band::kExcellent},
                          Case{89.99, Band::kGood},
                          Case{80, Band::kGood},
                          Case{79.99, Band::kFair},
                          Case{70, Band::kFair},
                          Case{69.99, Band::kAverage},
                          Case{50, Band::kAverage},
                          Case{49.99, Band::kWeak},
                          Case{0, Band::kWeak}}) {
        EXPECT_EQ(BandOf(c.score, config.bands), c.band) << c.score;
    }
    EXPECT_EQ(BandNameVi(Band::kExcellent), "Xuất sắc");
    EXPECT_EQ(BandNameVi(Band::kAverage), "Trung bình");
}

TEST(Index766, ConfigurationsByEffectiveDate) {
    std::vector<Index766Config> configs = BuiltinIndex766Configs();
    Index766Config later = configs.front();
    later.version = "766-2026";
    later.effective_from = *calendar::ParseDate("2026-01-01");
    configs.push_back(later);
    EXPECT_EQ(ConfigInForce(configs, *calendar::ParseDate("2025-12-31"))->version,
              "766-dvcqg-2025");
    EXPECT_EQ(ConfigInForce(configs, *calendar::ParseDate("2026-01-01"))->version, "766-2026");
    EXPECT_THAT(ConfigInForce(configs, *calendar::ParseDate("2022-07-31")),
                HasError(ErrorCode::kNotFound));
}

struct BadConfig {
    std::string_view name;
    std::function<void(Index766Config&)> change;
    std::string_view field;
};

class InvalidConfigs : public ::testing::TestWithParam<BadConfig> {};

TEST_P(InvalidConfigs, AreRefusedNamingTheField) {
    Index766Config c = Builtin();
    GetParam().change(c);
    const auto r = ValidateConfig(c);
    ASSERT_THAT(r, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(r.error().field, GetParam().field);
}

INSTANTIATE_TEST_SUITE_P(
    Index766,
    InvalidConfigs,
    ::testing::Values(
        BadConfig{"UnknownId",
                  [](Index766Config& c) { c.indicators[0].id = "9.9"; },
                  "indicators[0].id"},
        BadConfig{"Duplicate",
                  [](Index766Config& c) { c.indicators[1].id = c.indicators[0].id; },
                  "indicators[1].id"},
        BadConfig{"WrongGroup",
                  [](Index766Config& c) { c.indicators[0].group = 2; },
                  "indicators[0].group"},
        BadConfig{"NegativeMaximum",
                  [](Index766Config& c) { c.indicators[0].max_points = -1; },
                  "indicators[0].max_points"},
        BadConfig{"ZeroThreshold",
                  [](Index766Config& c) { c.indicators[0].threshold = 0.0; },
                  "indicators[0].threshold"},
        BadConfig{"ThresholdAboveOne",
                  [](Index766Config& c) { c.indicators[0].threshold = 1.5; },
                  "indicators[0].threshold"},
        BadConfig{"BandsNotDescending",
                  [](Index766Config& c) { c.bands[1].lower_bound = 95; },
                  "bands[1].lower_bound"},
        BadConfig{"BandsNotEndingAtZero",
                  [](Index766Config& c) { c.bands.back().lower_bound = 10; },
                  "bands"},
        BadConfig{"NoOneFlagged", [](Index766Config& c) { c.flag.bottom = 0; }, "flag.bottom"},
        BadConfig{"NoPeriods",
                  [](Index766Config& c) { c.flag.consecutive_periods = 0; },
                  "flag.consecutive_periods"}),
    [](const ::testing::TestParamInfo<BadConfig>& p) { return std::string(p.param.name); });

RankedAgency Agency(std::string code, double score, std::optional<double> on_time) {
    RankedAgency a;
    a.code = std::move(code);
    a.index.computable_points = 40;
    a.index.score_of_computable = score;
    a.index.score = score * 0.4;
    a.index.on_time_percent = on_time;
    return a;
}

std::vector<std::string> Codes(const std::vector<RankedAgency>& ranking) {
    std::vector<std::string> out;
    for (const RankedAgency& a : ranking) {
        out.push_back(a.code + "#" + std::to_string(a.rank));
    }
    return out;
}

TEST(Ranking, ByScoreThenOnTimeThenCodeWithSharedRanks) {
    std::vector<RankedAgency> agencies{Agency("E", 70, 90),
                                       Agency("D", 80, 95),
                                       Agency("A", 90, 99),
                                       Agency("C", 80, 95),
                                       Agency("B", 80, 97),
                                       Agency("Z", 0, std::nullopt)};
    RankedAgency nothing;
    nothing.code = "N";  // nothing computable: not ranked
    agencies.push_back(nothing);
    const std::vector<RankedAgency> ranking = Rank(agencies, BandBasis::kComputable);
    EXPECT_THAT(Codes(ranking), ::testing::ElementsAre("A#1", "B#2", "C#3", "D#3", "E#5", "Z#6"));
    EXPECT_THAT(BottomCodes(ranking, 1), ::testing::ElementsAre("Z"));
    EXPECT_THAT(BottomCodes(ranking, 2), ::testing::ElementsAre("E", "Z"));
    // The third place from the end is shared by C and D: both are in the last three.
    EXPECT_THAT(BottomCodes(ranking, 3), ::testing::ElementsAre("C", "D", "E", "Z"));
}

TEST(Ranking, ATieForLastFlagsEveryoneInIt) {
    const std::vector<RankedAgency> ranking = Rank(
        {Agency("A", 90, 99), Agency("B", 60, 80), Agency("C", 60, 80)}, BandBasis::kComputable);
    EXPECT_THAT(Codes(ranking), ::testing::ElementsAre("A#1", "B#2", "C#2"));
    EXPECT_THAT(BottomCodes(ranking, 1), ::testing::ElementsAre("B", "C"));
    EXPECT_THAT(BottomCodes({}, 1), ::testing::IsEmpty());
}

TEST(Ranking, NobodyIsLastAloneOrWhenAllAreEqual) {
    EXPECT_THAT(BottomCodes(Rank({Agency("A", 50, 60)}, BandBasis::kComputable), 1),
                ::testing::IsEmpty());
    EXPECT_THAT(
        BottomCodes(Rank({Agency("A", 90, 99), Agency("B", 60, 80)}, BandBasis::kComputable), 2),
        ::testing::IsEmpty());
    EXPECT_THAT(
        BottomCodes(Rank({Agency("A", 70, 80), Agency("B", 70, 80)}, BandBasis::kComputable), 1),
        ::testing::IsEmpty());
}

}  // namespace
}  // namespace motcua::core::kpi
