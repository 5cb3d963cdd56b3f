#include "core/catalog/procedure.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"

namespace motcua::core::catalog {
namespace {

using testing::HasSubstr;

LocalDate Day(std::string_view text) {
    return *calendar::ParseDate(text);
}

ProcedureVersion BirthRegistration() {
    ProcedureVersion v;
    v.code = "1.001193";
    v.name = "Đăng ký khai sinh";
    v.sector_code = "G09-TP09";
    v.sector_name = "Hộ tịch";
    v.level = ProcedureLevel::kCommune;
    v.implementing_agency = "UBND cấp xã";
    v.competent_agency = "UBND cấp xã";
    v.steps = "Nộp hồ sơ; tiếp nhận; giải quyết; trả kết quả";
    v.subjects = "Công dân Việt Nam";
    v.components = {
        {"TP1", "Tờ khai đăng ký khai sinh", true, 1, true, "https://example.vn/tk.docx"},
        {"TP2", "Giấy chứng sinh", true, 1, true, ""},
    };
    v.deadline = 1;
    v.fees = {{"Lệ phí đăng ký khai sinh", 0, "Miễn lệ phí đăng ký khai sinh đúng hạn"}};
    v.legal_basis = "Luật Hộ tịch 2014";
    v.result = "Giấy khai sinh";
    v.online_level = OnlineLevel::kFull;
    v.postal = true;
    return v;
}

// ---------------------------------------------------------------------------------------------
// Enumerations

TEST(Procedure, EnumNamesRoundTrip) {
    for (const auto level : {ProcedureLevel::kCentral,
                             ProcedureLevel::kProvince,
                             ProcedureLevel::kDistrict,
                             ProcedureLevel::kCommune}) {
        EXPECT_THAT(ParseProcedureLevel(ProcedureLevelName(level)), IsOkAndHolds(level));
    }
    for (const auto online : {OnlineLevel::kNone, OnlineLevel::kPartial, OnlineLevel::kFull}) {
        EXPECT_THAT(ParseOnlineLevel(OnlineLevelName(online)), IsOkAndHolds(online));
    }
    for (const auto unit :
         {DurationUnit::kWorkingDays, DurationUnit::kWorkingHours, DurationUnit::kCalendarDays}) {
        EXPECT_THAT(ParseDurationUnit(DurationUnitName(unit)), IsOkAndHolds(unit));
    }
    for (const auto kind :
         {ChangeKind::kNew, ChangeKind::kAmended, ChangeKind::kReplaced, ChangeKind::kAbolished}) {
        EXPECT_THAT(ParseChangeKind(ChangeKindName(kind)), IsOkAndHolds(kind));
    }
    EXPECT_EQ(ProcedureLevelName(ProcedureLevel::kProvince), "province");
    EXPECT_EQ(OnlineLevelName(OnlineLevel::kPartial), "partial");
    EXPECT_EQ(DurationUnitName(DurationUnit::kCalendarDays), "days");
    EXPECT_EQ(ChangeKindName(ChangeKind::kAbolished), "abolished");
}

TEST(Procedure, UnknownEnumNamesRefused) {
    EXPECT_THAT(ParseProcedureLevel("ward"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseOnlineLevel("level4"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseDurationUnit("Ngày"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseChangeKind(""), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseOnlineLevel("level4").error().message, HasSubstr("none, partial, full"));
}

TEST(Procedure, InForceOnIsHalfOpen) {
    ProcedureVersion v = BirthRegistration();
    v.effective_from = Day("2025-03-01");
    EXPECT_FALSE(v.InForceOn(Day("2025-02-28")));
    EXPECT_TRUE(v.InForceOn(Day("2025-03-01")));
    EXPECT_TRUE(v.InForceOn(Day("2099-01-01")));
    v.effective_to = Day("2025-07-01");
    EXPECT_TRUE(v.InForceOn(Day("2025-06-30")));
    EXPECT_FALSE(v.InForceOn(Day("2025-07-01")));
}

// ---------------------------------------------------------------------------------------------
// Validation: each broken field is named.

struct ValidationCase {
    std::string_view name;
    std::function<void(ProcedureVersion&)> mutate;
    std::string_view field;
};

const std::vector<ValidationCase>& ValidationCases() {
    static const std::vector<ValidationCase> kCases = {
        {"EmptyCode", [](ProcedureVersion& v) { v.code.clear(); }, "code"},
        {"CodeWithoutDot", [](ProcedureVersion& v) { v.code = "10011930"; }, "code"},
        {"CodeTooShort", [](ProcedureVersion& v) { v.code = "1.00119"; }, "code"},
        {"CodeWithLetter", [](ProcedureVersion& v) { v.code = "1.00119a"; }, "code"},
        {"VersionZero", [](ProcedureVersion& v) { v.version = 0; }, "version"},
        {"EmptyName", [](ProcedureVersion& v) { v.name.clear(); }, "name"},
        {"EmptySector", [](ProcedureVersion& v) { v.sector_name.clear(); }, "sector_name"},
        {"NegativeDeadline", [](ProcedureVersion& v) { v.deadline = -1; }, "deadline"},
        {"EmptyComponentCode",
         [](ProcedureVersion& v) { v.components[1].code.clear(); },
         "components[1].code"},
        {"DuplicateComponentCode",
         [](ProcedureVersion& v) { v.components[1].code = "TP1"; },
         "components[1].code"},
        {"EmptyComponentName",
         [](ProcedureVersion& v) { v.components[0].name.clear(); },
         "components[0].name"},
        {"ZeroCopies",
         [](ProcedureVersion& v) { v.components[1].copies = 0; },
         "components[1].copies"},
        {"NegativeFee",
         [](ProcedureVersion& v) { v.fees[0].amount_vnd = -50'000; },
         "fees[0].amount_vnd"},
        {"EndsBeforeStart",
         [](ProcedureVersion& v) {
             v.effective_from = Day("2025-03-01");
             v.effective_to = Day("2025-02-01");
         },
         "effective_to"},
    };
    return kCases;
}

class CatalogValidateTest : public testing::TestWithParam<ValidationCase> {};

TEST_P(CatalogValidateTest, NamesTheField) {
    ProcedureVersion v = BirthRegistration();
    GetParam().mutate(v);
    const auto result = ValidateVersion(v);
    ASSERT_THAT(result, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(result.error().field, GetParam().field);
    EXPECT_THAT(result.error().message, testing::StartsWith(std::string(GetParam().field) + ":"));
    EXPECT_FALSE(result.error().message_vi.empty());
}

INSTANTIATE_TEST_SUITE_P(Catalog,
                         CatalogValidateTest,
                         testing::ValuesIn(ValidationCases()),
                         [](const testing::TestParamInfo<ValidationCase>& case_info) {
                             return std::string(case_info.param.name);
                         });

TEST(CatalogValidate, AcceptsCompleteVersionAndEmptyLists) {
    ProcedureVersion v = BirthRegistration();
    EXPECT_THAT(ValidateVersion(v), IsOk());
    v.components.clear();
    v.fees.clear();
    v.deadline = 0;  // "trong ngày"
    EXPECT_THAT(ValidateVersion(v), IsOk());
}

// ---------------------------------------------------------------------------------------------
// Publication decisions

// A catalog store in miniature: applies effects the way a repository would.
class Store {
public:
    Result<void> Apply(const PublicationDecision& decision) {
        MOTCUA_ASSIGN_OR_RETURN(DecisionEffect effect, ApplyDecision(decision, versions_));
        for (const auto& [id, date] : effect.to_close) {
            for (ProcedureVersion& v : versions_) {
                if (v.id == id) {
                    v.effective_to = date;
                }
            }
        }
        for (ProcedureVersion& v : effect.to_insert) {
            v.id = ProcedureVersionId{++last_id_};
            versions_.push_back(std::move(v));
        }
        return {};
    }

    const std::vector<ProcedureVersion>& Versions() const { return versions_; }

private:
    std::vector<ProcedureVersion> versions_;
    std::int64_t last_id_ = 0;
};

PublicationDecision Decision(std::int64_t id, std::string_view effective, DecisionItem item) {
    PublicationDecision d;
    d.id = DecisionId{id};
    d.number = std::to_string(id) + "/QĐ-UBND";
    d.title = "Công bố danh mục TTHC";
    d.issuer = "Chủ tịch UBND tỉnh";
    d.signed_on = Day(effective) - std::chrono::days{5};
    d.effective_on = Day(effective);
    d.items.push_back(std::move(item));
    return d;
}

DecisionItem NewItem(const ProcedureVersion& v) {
    return {ChangeKind::kNew, v.code, v, ""};
}

// 1.001193 published 2024-01-01, amended 2024-06-01 (deadline 1 → 0), replaced by 2.002001 on
// 2025-01-01, and 2.002001 abolished on 2025-07-01.
Store DecisionSequence() {
    Store store;
    const ProcedureVersion v1 = BirthRegistration();
    EXPECT_THAT(store.Apply(Decision(1, "2024-01-01", NewItem(v1))), IsOk());

    ProcedureVersion amended = v1;
    amended.deadline = 0;
    EXPECT_THAT(
        store.Apply(Decision(2, "2024-06-01", {ChangeKind::kAmended, v1.code, amended, ""})),
        IsOk());

    ProcedureVersion replacement = amended;
    replacement.code = "2.002001";
    replacement.name = "Đăng ký khai sinh (liên thông)";
    EXPECT_THAT(store.Apply(Decision(
                    3, "2025-01-01", {ChangeKind::kReplaced, "2.002001", replacement, v1.code})),
                IsOk());

    EXPECT_THAT(store.Apply(Decision(
                    4, "2025-07-01", {ChangeKind::kAbolished, "2.002001", std::nullopt, ""})),
                IsOk());
    return store;
}

TEST(Decision, SequenceBuildsVersionHistory) {
    const Store store = DecisionSequence();
    const auto& vs = store.Versions();
    ASSERT_EQ(vs.size(), 3U);

    EXPECT_EQ(vs[0].code, "1.001193");
    EXPECT_EQ(vs[0].version, 1);
    EXPECT_EQ(vs[0].decision, DecisionId{1});
    EXPECT_EQ(vs[0].effective_from, Day("2024-01-01"));
    EXPECT_EQ(vs[0].effective_to, Day("2024-06-01"));

    EXPECT_EQ(vs[1].code, "1.001193");
    EXPECT_EQ(vs[1].version, 2);
    EXPECT_EQ(vs[1].deadline, 0);
    EXPECT_EQ(vs[1].decision, DecisionId{2});
    EXPECT_EQ(vs[1].effective_from, Day("2024-06-01"));
    EXPECT_EQ(vs[1].effective_to, Day("2025-01-01"));

    EXPECT_EQ(vs[2].code, "2.002001");
    EXPECT_EQ(vs[2].version, 1);
    EXPECT_EQ(vs[2].decision, DecisionId{3});
    EXPECT_EQ(vs[2].effective_from, Day("2025-01-01"));
    EXPECT_EQ(vs[2].effective_to, Day("2025-07-01"));
}

struct InForceCase {
    std::string_view date;
    std::string_view code;
    int version;  // 0: not in force
};

TEST(Decision, VersionInForceAroundEachEffectiveDate) {
    const Store store = DecisionSequence();
    const std::vector<InForceCase> cases = {
        {"2023-12-31", "1.001193", 0},  // before publication
        {"2024-01-01", "1.001193", 1},  // at publication
        {"2024-05-31", "1.001193", 1},  // the day before the amendment
        {"2024-06-01", "1.001193", 2},  // the amendment's effective date
        {"2024-12-31", "1.001193", 2},
        {"2025-01-01", "1.001193", 0},  // replaced
        {"2024-12-31", "2.002001", 0},  // replacement not yet in force
        {"2025-01-01", "2.002001", 1},
        {"2025-06-30", "2.002001", 1},
        {"2025-07-01", "2.002001", 0},  // abolished
        {"2026-01-01", "2.002001", 0},
        {"2024-06-01", "9.999999", 0},  // never published
    };
    for (const InForceCase& c : cases) {
        const auto found = VersionInForce(store.Versions(), c.code, Day(c.date));
        if (c.version == 0) {
            EXPECT_THAT(found, HasError(ErrorCode::kNotFound)) << c.code << " on " << c.date;
        } else {
            ASSERT_THAT(found, IsOk()) << c.code << " on " << c.date;
            EXPECT_EQ((*found)->version, c.version) << c.code << " on " << c.date;
        }
    }
}

TEST(Decision, RepublishingAbolishedCodeContinuesVersions) {
    Store store = DecisionSequence();
    ProcedureVersion again = BirthRegistration();
    ASSERT_THAT(store.Apply(Decision(5, "2026-01-01", NewItem(again))), IsOk());
    const auto found = VersionInForce(store.Versions(), "1.001193", Day("2026-01-01"));
    ASSERT_THAT(found, IsOk());
    EXPECT_EQ((*found)->version, 3);
}

TEST(Decision, NewContentIgnoresCallerBookkeeping) {
    ProcedureVersion v = BirthRegistration();
    v.id = ProcedureVersionId{77};
    v.version = 9;
    v.effective_from = Day("2000-01-01");
    v.effective_to = Day("2001-01-01");
    const auto effect = ApplyDecision(Decision(8, "2025-03-01", NewItem(v)), {});
    ASSERT_THAT(effect, IsOk());
    ASSERT_EQ(effect->to_insert.size(), 1U);
    const ProcedureVersion& inserted = effect->to_insert[0];
    EXPECT_EQ(inserted.id, ProcedureVersionId{});
    EXPECT_EQ(inserted.version, 1);
    EXPECT_EQ(inserted.decision, DecisionId{8});
    EXPECT_EQ(inserted.effective_from, Day("2025-03-01"));
    EXPECT_EQ(inserted.effective_to, std::nullopt);
    EXPECT_TRUE(effect->to_close.empty());
}

TEST(Decision, OneDecisionManyItems) {
    Store store;
    ProcedureVersion a = BirthRegistration();
    ProcedureVersion b = BirthRegistration();
    b.code = "1.000656";
    b.name = "Đăng ký kết hôn";
    ASSERT_THAT(store.Apply(Decision(1, "2024-01-01", NewItem(a))), IsOk());
    PublicationDecision d = Decision(2, "2024-02-01", NewItem(b));
    d.items.push_back({ChangeKind::kAbolished, a.code, std::nullopt, ""});
    const auto effect = ApplyDecision(d, store.Versions());
    ASSERT_THAT(effect, IsOk());
    ASSERT_EQ(effect->to_insert.size(), 1U);
    EXPECT_EQ(effect->to_insert[0].code, "1.000656");
    ASSERT_EQ(effect->to_close.size(), 1U);
    EXPECT_EQ(effect->to_close[0].first, ProcedureVersionId{1});
    EXPECT_EQ(effect->to_close[0].second, Day("2024-02-01"));
}

struct DecisionErrorCase {
    std::string_view name;
    std::function<PublicationDecision()> decision;
    ErrorCode code;
    std::string_view message_part;
};

TEST(Decision, RefusesInconsistentItems) {
    const Store store = DecisionSequence();  // 1.001193 gone from 2025-01-01, 2.002001 in 2025
    const ProcedureVersion v = BirthRegistration();
    ProcedureVersion in_2025 = v;
    in_2025.code = "2.002001";
    ProcedureVersion other = v;
    other.code = "1.000656";
    ProcedureVersion nameless = other;
    nameless.name.clear();

    const std::vector<DecisionErrorCase> cases = {
        {"NewWhileInForce",
         [&] { return Decision(9, "2025-03-01", NewItem(in_2025)); },
         ErrorCode::kFailedPrecondition,
         "items[0]: procedure 2.002001 is already in force"},
        {"AmendNotInForce",
         [&] {
             return Decision(9, "2025-03-01", {ChangeKind::kAmended, v.code, v, ""});
         },
         ErrorCode::kFailedPrecondition,
         "procedure 1.001193 is not in force"},
        {"AbolishUnknown",
         [&] {
             return Decision(9, "2025-03-01", {ChangeKind::kAbolished, "3.000001", {}, ""});
         },
         ErrorCode::kFailedPrecondition,
         "procedure 3.000001 is not in force"},
        {"ReplaceNotInForce",
         [&] {
             return Decision(9, "2025-03-01", {ChangeKind::kReplaced, other.code, other, v.code});
         },
         ErrorCode::kFailedPrecondition,
         "replaced procedure 1.001193 is not in force"},
        {"ReplaceWithoutReplacedCode",
         [&] {
             return Decision(9, "2025-03-01", {ChangeKind::kReplaced, other.code, other, ""});
         },
         ErrorCode::kInvalidArgument,
         "items[0]: a replacement names the replaced code"},
        {"NewWithoutContent",
         [&] {
             return Decision(9, "2025-03-01", {ChangeKind::kNew, other.code, std::nullopt, ""});
         },
         ErrorCode::kInvalidArgument,
         "content of the procedure is missing"},
        {"AbolishWithContent",
         [&] {
             return Decision(9, "2025-03-01", {ChangeKind::kAbolished, in_2025.code, in_2025, ""});
         },
         ErrorCode::kInvalidArgument,
         "an abolition carries no content"},
        {"ContentOfAnotherCode",
         [&] {
             return Decision(9, "2025-03-01", {ChangeKind::kNew, "1.000657", other, ""});
         },
         ErrorCode::kInvalidArgument,
         "content has code '1.000656'"},
        {"InvalidContentNamesItemField",
         [&] { return Decision(9, "2025-03-01", NewItem(nameless)); },
         ErrorCode::kInvalidArgument,
         "items[0].version.name: must not be empty"},
        {"SameCodeTwice",
         [&] {
             PublicationDecision d = Decision(9, "2025-03-01", NewItem(other));
             d.items.push_back({ChangeKind::kAbolished, other.code, std::nullopt, ""});
             return d;
         },
         ErrorCode::kInvalidArgument,
         "items[1]: procedure 1.000656 appears in more than one item"},
        {"EffectiveBeforeSigned",
         [&] {
             PublicationDecision d = Decision(9, "2025-03-01", NewItem(other));
             d.signed_on = Day("2025-03-02");
             return d;
         },
         ErrorCode::kInvalidArgument,
         "effective_on:"},
        {"NoItems",
         [&] {
             PublicationDecision d = Decision(9, "2025-03-01", NewItem(other));
             d.items.clear();
             return d;
         },
         ErrorCode::kInvalidArgument,
         "items:"},
    };
    for (const DecisionErrorCase& c : cases) {
        const auto effect = ApplyDecision(c.decision(), store.Versions());
        EXPECT_THAT(effect, HasError(c.code)) << c.name;
        if (!effect) {
            EXPECT_THAT(effect.error().message, HasSubstr(std::string(c.message_part))) << c.name;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Simplification (TT 02/2017 Đ27)

TEST(Simplification, HanoiReengineeringExample) {
    // Spec §7: 1,024,000 → 231,000 VND per dossier, 3,228 subjects a year.
    const SimplificationReview review{
        "1.001193", "99/KH-UBND", 15, 10, 1'024'000, 231'000, 3'228, 1};
    const SimplificationFigures f = Figures(review);
    EXPECT_DOUBLE_EQ(f.cost_cut_percent, 77.44140625);  // 793,000 / 1,024,000
    EXPECT_NEAR(f.cost_cut_percent, 77.44, 0.005);
    EXPECT_NEAR(f.deadline_cut_percent, 33.333333, 1e-6);
    EXPECT_EQ(f.annual_cost_before_vnd, 3'305'472'000);
    EXPECT_EQ(f.annual_cost_after_vnd, 745'668'000);
    EXPECT_EQ(f.annual_saving_vnd, 2'559'804'000);
}

struct FiguresCase {
    std::string_view name;
    SimplificationReview review;
    double deadline_cut;
    double cost_cut;
    std::int64_t annual_before;
    std::int64_t annual_after;
};

TEST(Simplification, FiguresTable) {
    const std::vector<FiguresCase> cases = {
        {"TimesPerYear",
         {"c", "d", 10, 5, 100'000, 60'000, 200, 3},
         50,
         40,
         60'000'000,
         36'000'000},
        {"ZeroDeadlineBefore",
         {"c", "d", 0, 0, 100'000, 100'000, 10, 1},
         0,
         0,
         1'000'000,
         1'000'000},
        {"ZeroCostBefore", {"c", "d", 4, 4, 0, 0, 10, 1}, 0, 0, 0, 0},
        {"NoSubjects", {"c", "d", 20, 15, 500'000, 250'000, 0, 1}, 25, 50, 0, 0},
        {"CostRises", {"c", "d", 10, 12, 100'000, 150'000, 1, 1}, -20, -50, 100'000, 150'000},
        {"CutToZero", {"c", "d", 3, 0, 40'000, 0, 1'000, 2}, 100, 100, 80'000'000, 0},
    };
    for (const FiguresCase& c : cases) {
        const SimplificationFigures f = Figures(c.review);
        EXPECT_DOUBLE_EQ(f.deadline_cut_percent, c.deadline_cut) << c.name;
        EXPECT_DOUBLE_EQ(f.cost_cut_percent, c.cost_cut) << c.name;
        EXPECT_EQ(f.annual_cost_before_vnd, c.annual_before) << c.name;
        EXPECT_EQ(f.annual_cost_after_vnd, c.annual_after) << c.name;
        EXPECT_EQ(f.annual_saving_vnd, c.annual_before - c.annual_after) << c.name;
    }
}

TEST(Simplification, TotalsWeighByUse) {
    const std::vector<SimplificationReview> reviews = {
        // annual 1,000 × 100,000 = 100,000,000 → 50,000,000
        {"1.000001", "d", 10, 5, 100'000, 50'000, 1'000, 1},
        // annual 10 × 2 × 1,000,000 = 20,000,000 → 20,000,000
        {"1.000002", "d", 30, 25, 1'000'000, 1'000'000, 10, 2},
    };
    const SimplificationFigures total = TotalFigures(reviews);
    EXPECT_EQ(total.annual_cost_before_vnd, 120'000'000);
    EXPECT_EQ(total.annual_cost_after_vnd, 70'000'000);
    EXPECT_EQ(total.annual_saving_vnd, 50'000'000);
    EXPECT_DOUBLE_EQ(total.cost_cut_percent, 50.0 / 120.0 * 100.0);
    EXPECT_DOUBLE_EQ(total.deadline_cut_percent, 10.0 / 40.0 * 100.0);

    const SimplificationFigures none = TotalFigures({});
    EXPECT_EQ(none.cost_cut_percent, 0);
    EXPECT_EQ(none.deadline_cut_percent, 0);
    EXPECT_EQ(none.annual_saving_vnd, 0);
}

// ---------------------------------------------------------------------------------------------
// Delegation (phân cấp, ủy quyền)

Delegation Delegate(std::string_view code,
                    std::string_view from,
                    std::string_view to,
                    std::string_view since,
                    std::optional<std::string_view> until = std::nullopt) {
    Delegation d;
    d.procedure_code = code;
    d.from_agency = from;
    d.to_agency = to;
    d.decision_number = "12/QĐ-UBND";
    d.effective_from = Day(since);
    if (until) {
        d.effective_to = Day(*until);
    }
    return d;
}

struct AgencyCase {
    std::string_view code;
    std::string_view agency;
    std::string_view date;
    std::string_view expected;
};

TEST(Delegation, FollowsChainsInForce) {
    const std::vector<Delegation> delegations = {
        Delegate("1.001193", "UBND_TINH", "SO_TP", "2025-01-01"),
        Delegate("1.001193", "SO_TP", "PHONG_HT", "2025-03-01", "2025-09-01"),
        Delegate("2.000001", "UBND_TINH", "SO_XD", "2025-01-01"),
    };
    const std::vector<AgencyCase> cases = {
        {"1.001193", "UBND_TINH", "2024-12-31", "UBND_TINH"},  // before any delegation
        {"1.001193", "UBND_TINH", "2025-01-01", "SO_TP"},      // first link only
        {"1.001193", "UBND_TINH", "2025-03-01", "PHONG_HT"},   // chain of two
        {"1.001193", "UBND_TINH", "2025-08-31", "PHONG_HT"},
        {"1.001193", "UBND_TINH", "2025-09-01", "SO_TP"},  // second link expired
        {"1.001193", "SO_TP", "2025-05-01", "PHONG_HT"},   // start mid-chain
        {"1.001193", "UBND_HUYEN", "2025-05-01", "UBND_HUYEN"},
        {"2.000001", "UBND_TINH", "2025-05-01", "SO_XD"},  // per procedure
        {"3.000001", "UBND_TINH", "2025-05-01", "UBND_TINH"},
    };
    for (const AgencyCase& c : cases) {
        EXPECT_THAT(CompetentAgency(delegations, c.code, c.agency, Day(c.date)),
                    IsOkAndHolds(std::string(c.expected)))
            << c.code << " " << c.agency << " " << c.date;
    }
}

TEST(Delegation, CyclesRefused) {
    const std::vector<Delegation> delegations = {
        Delegate("1.001193", "A", "B", "2025-01-01"),
        Delegate("1.001193", "B", "C", "2025-01-01"),
        Delegate("1.001193", "C", "A", "2025-06-01"),
        Delegate("1.001193", "S", "S", "2025-01-01"),
    };
    EXPECT_THAT(CompetentAgency(delegations, "1.001193", "A", Day("2025-05-31")),
                IsOkAndHolds(std::string("C")));
    const auto cycle = CompetentAgency(delegations, "1.001193", "A", Day("2025-06-01"));
    ASSERT_THAT(cycle, HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(cycle.error().message, HasSubstr("A → B → C → A"));
    EXPECT_THAT(CompetentAgency(delegations, "1.001193", "B", Day("2025-06-01")),
                HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(CompetentAgency(delegations, "1.001193", "S", Day("2025-06-01")),
                HasError(ErrorCode::kFailedPrecondition));
}

TEST(Delegation, ConflictingDelegationsRefused) {
    const std::vector<Delegation> delegations = {
        Delegate("1.001193", "A", "B", "2025-01-01"),
        Delegate("1.001193", "A", "C", "2025-01-01"),
    };
    EXPECT_THAT(CompetentAgency(delegations, "1.001193", "A", Day("2025-01-01")),
                HasError(ErrorCode::kFailedPrecondition));
}

}  // namespace
}  // namespace motcua::core::catalog
