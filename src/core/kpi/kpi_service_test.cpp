#include "core/kpi/kpi_service.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "common/testing/result_matchers.hpp"

namespace motcua::core::kpi {
namespace {

using ports::CounterRow;

constexpr const char* kProvince = "000.00.00.H99";
constexpr const char* kJustice = "000.00.02.H99";   // a department
constexpr const char* kLegalAid = "000.01.02.H99";  // below it
constexpr const char* kCommune1 = "000.00.21.H99";
constexpr const char* kCommune2 = "000.00.22.H99";
constexpr const char* kCommune3 = "000.00.23.H99";
constexpr const char* kBirth = "1.001193";   // commune, full online, fee
constexpr const char* kLawyer = "1.002000";  // province, not online
constexpr const char* kHT = "TP-HOTICH";
constexpr const char* kBTTP = "TP-BOTROTUPHAP";

LocalDate Day(std::string_view text) {
    return *calendar::ParseDate(text);
}

// A KpiStore over a list of facts: the sums are what the counter tables would hold.
class FakeStore final : public ports::KpiStore {
public:
    std::vector<Fact> facts;
    ports::KpiReference reference;
    std::vector<ports::DrillDownQuery> drill_downs;

    Result<std::vector<CounterRow>> Flows(const ports::CounterQuery& q) override {
        return Sums(q, false);
    }

    Result<std::vector<CounterRow>> Levels(const ports::CounterQuery& q) override {
        return Sums(q, true);
    }

    Result<std::vector<std::pair<std::string, std::string>>> ActiveProcedures(
        Metric metric,
        LocalDate from,
        LocalDate to,
        bool by_agency,
        const std::vector<std::string>& agencies) override {
        std::map<std::pair<std::string, std::string>, std::int64_t> sums;
        for (const Fact& f : facts) {
            if (by_agency && !agencies.empty() &&
                std::find(agencies.begin(), agencies.end(), f.agency_code) == agencies.end()) {
                continue;
            }
            if (f.metric == metric && f.day >= from && f.day <= to) {
                sums[{by_agency ? f.agency_code : "", f.procedure_code}] += f.value;
            }
        }
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& [key, value] : sums) {
            if (value != 0) {
                out.push_back(key);
            }
        }
        return out;
    }

    Result<ports::KpiReference> Reference(LocalDate) override { return reference; }

    Result<ports::DrillDownPage> Dossiers(const ports::DrillDownQuery& q) override {
        drill_downs.push_back(q);
        return ports::DrillDownPage{};
    }

    // Online drafts: returned as set, the days asked recorded.
    std::vector<DraftTally> drafts;
    std::vector<std::pair<LocalDate, LocalDate>> draft_periods;

    Result<std::vector<DraftTally>> DraftsStarted(LocalDate from, LocalDate to) override {
        draft_periods.emplace_back(from, to);
        return drafts;
    }

    // Adds `count` facts of `metric` on `day`.
    void Add(Metric metric,
             std::string_view day,
             const char* agency,
             const char* procedure,
             std::int64_t count = 1) {
        facts.push_back({metric,
                         Day(day),
                         agency,
                         procedure,
                         std::string_view(procedure) == kBirth ? kHT : kBTTP,
                         count});
    }

    // A dossier received on `received` and settled on `settled` with `verdict` (or left open
    // with an overdue change on `overdue_from`).
    void Dossier(const char* agency,
                 const char* procedure,
                 std::string_view received,
                 std::string_view settled,
                 Metric verdict) {
        Add(Metric::kReceivedCounter, received, agency, procedure);
        Add(Metric::kPending, received, agency, procedure);
        Add(verdict, settled, agency, procedure);
        Add(Metric::kPending, settled, agency, procedure, -1);
    }

private:
    Result<std::vector<CounterRow>> Sums(const ports::CounterQuery& q, bool levels) {
        std::map<std::tuple<std::string, std::string, Metric>, std::int64_t> sums;
        for (const Fact& f : facts) {
            if ((levels && !IsLevel(f.metric)) || f.day > q.to || (!levels && f.day < q.from) ||
                (!q.sector_code.empty() && f.sector_code != q.sector_code) ||
                (!q.procedure_code.empty() && f.procedure_code != q.procedure_code)) {
                continue;
            }
            const bool by_procedure =
                q.by_sector || !q.sector_code.empty() || !q.procedure_code.empty();
            std::string agency = f.agency_code;
            if (by_procedure) {
                if (q.agencies.empty()) {
                    agency.clear();  // the whole province
                } else if (std::find(q.agencies.begin(), q.agencies.end(), agency) ==
                           q.agencies.end()) {
                    continue;
                }
            }
            sums[{agency, q.by_sector ? f.sector_code : "", f.metric}] += f.value;
        }
        std::vector<CounterRow> out;
        for (const auto& [key, value] : sums) {
            if (value != 0) {
                out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), value});
            }
        }
        return out;
    }
};

ports::KpiReference Reference() {
    ports::KpiReference ref;
    using K = model::AgencyKind;
    ref.agencies = {{kProvince, "UBND tỉnh", K::kProvince, ""},
                    {kJustice, "Sở Tư pháp", K::kDepartment, kProvince},
                    {kLegalAid, "Trung tâm Trợ giúp pháp lý", K::kOther, kJustice},
                    {kCommune1, "UBND xã Một", K::kCommune, kProvince},
                    {kCommune2, "UBND xã Hai", K::kCommune, kProvince},
                    {kCommune3, "UBND xã Ba", K::kCommune, kProvince}};
    ports::KpiProcedure birth{kBirth,
                              "Đăng ký khai sinh",
                              kHT,
                              "Hộ tịch",
                              catalog::ProcedureLevel::kCommune,
                              catalog::OnlineLevel::kFull,
                              true,
                              true,
                              true,
                              true,
                              true,
                              true};
    ports::KpiProcedure lawyer{kLawyer,
                               "Cấp thẻ trợ giúp viên",
                               kBTTP,
                               "Bổ trợ tư pháp",
                               catalog::ProcedureLevel::kProvince,
                               catalog::OnlineLevel::kNone,
                               false,
                               true,
                               true,
                               true,
                               false,  // subjects not published
                               true};
    ref.procedures = {birth, lawyer};
    ref.processes = {
        {kBirth, kCommune1}, {kBirth, kCommune2}, {kBirth, kCommune3}, {kLawyer, kLegalAid}};
    ref.sectors = {{kBTTP, "Bổ trợ tư pháp"}, {kHT, "Hộ tịch"}};
    return ref;
}

class KpiServiceTest : public ::testing::Test {
protected:
    KpiServiceTest() : clock_(calendar::ToInstant(*calendar::ParseDateTime("2026-11-20T10:00"))) {
        store_.reference = Reference();
        // Q3 2026: commune 1 all in time, commune 2 late, commune 3 one of two late; the legal
        // aid centre (under the department) one early, one pending past due.
        store_.Dossier(kCommune1, kBirth, "2026-07-06", "2026-07-07", Metric::kSettledEarly);
        store_.Dossier(kCommune1, kBirth, "2026-08-03", "2026-08-05", Metric::kSettledOnTime);
        store_.Dossier(kCommune2, kBirth, "2026-07-06", "2026-07-20", Metric::kSettledLate);
        store_.Dossier(kCommune3, kBirth, "2026-07-06", "2026-07-07", Metric::kSettledEarly);
        store_.Dossier(kCommune3, kBirth, "2026-09-01", "2026-09-20", Metric::kSettledLate);
        store_.Dossier(kLegalAid, kLawyer, "2026-09-01", "2026-09-03", Metric::kSettledEarly);
        store_.Add(Metric::kReceivedCounter, "2026-09-10", kLegalAid, kLawyer);
        store_.Add(Metric::kPending, "2026-09-10", kLegalAid, kLawyer);
        store_.Add(Metric::kPendingOverdue, "2026-09-20", kLegalAid, kLawyer);
        store_.Add(Metric::kReceivedOnlineSelf, "2026-09-15", kCommune1, kBirth);
        store_.Add(Metric::kReceivedFeeProcedure, "2026-09-15", kCommune1, kBirth);
        store_.Add(Metric::kPending, "2026-09-15", kCommune1, kBirth);
        store_.Add(Metric::kPendingWaiting, "2026-09-16", kCommune1, kBirth);
        store_.Add(Metric::kDossierPaidOnline, "2026-09-15", kCommune1, kBirth);
        // Q2 2026: commune 2 late again, commune 3 in time.
        store_.Dossier(kCommune1, kBirth, "2026-04-06", "2026-04-07", Metric::kSettledOnTime);
        store_.Dossier(kCommune2, kBirth, "2026-04-06", "2026-04-20", Metric::kSettledLate);
        store_.Dossier(kCommune3, kBirth, "2026-04-06", "2026-04-07", Metric::kSettledOnTime);
    }

    FakeStore store_;
    FakeClock clock_;
};

TEST_F(KpiServiceTest, IndexOfTheProvinceAndOfAnAgencySubtree) {
    KpiService service(store_, clock_);
    const auto province = service.Index(*ParsePeriod("2026-Q3"), {});
    ASSERT_THAT(province, IsOk());
    EXPECT_EQ(province->agency_name, "UBND tỉnh");
    const auto find = [](const Index766& index, std::string_view id) {
        return *std::find_if(index.indicators.begin(),
                             index.indicators.end(),
                             [&](const IndicatorResult& r) { return r.id == id; });
    };
    // Settled: 3 early, 1 on time, 2 late; pending at 09-30: 2 (1 overdue).
    const IndicatorResult on_time = find(province->index, "2.1");
    EXPECT_EQ(on_time.numerator, 5);
    EXPECT_EQ(on_time.denominator, 8);
    // Two procedures in force, one published in full, one online, one online service used.
    EXPECT_EQ(find(province->index, "1.3").numerator, 1);
    EXPECT_EQ(find(province->index, "1.3").denominator, 2);
    EXPECT_EQ(find(province->index, "3.1").numerator, 1);
    EXPECT_EQ(find(province->index, "3.2").numerator, 1);
    EXPECT_EQ(find(province->index, "3.2").denominator, 1);
    EXPECT_EQ(find(province->index, "3.5b").numerator, 1);

    const auto justice = service.Index(*ParsePeriod("2026-Q3"), {kJustice, "", ""});
    ASSERT_THAT(justice, IsOk());
    EXPECT_EQ(justice->agency_name, "Sở Tư pháp");
    // The department's figures are its subtree's: the legal aid centre's two dossiers.
    EXPECT_EQ(find(justice->index, "2.1").numerator, 1);
    EXPECT_EQ(find(justice->index, "2.1").denominator, 2);
    // Its competence: the lawyer procedure only (process at the centre).
    EXPECT_EQ(find(justice->index, "1.3").denominator, 1);
    EXPECT_EQ(find(justice->index, "1.3").numerator, 0);
    EXPECT_FALSE(find(justice->index, "3.2").available);  // no online service in competence

    const auto sector = service.Index(*ParsePeriod("2026-Q3"), {"", kHT, ""});
    ASSERT_THAT(sector, IsOk());
    EXPECT_EQ(find(sector->index, "2.1").denominator, 6);  // the five births + one pending
    EXPECT_EQ(find(sector->index, "1.3").denominator, 1);
}

TEST_F(KpiServiceTest, RunningPeriodsAreCutAtTodayAndUnknownAgenciesNotFound) {
    KpiService service(store_, clock_);
    const auto q4 = service.Index(*ParsePeriod("2026-Q4"), {});
    ASSERT_THAT(q4, IsOk());
    EXPECT_EQ(q4->period.to, Day("2026-11-20"));
    EXPECT_EQ(q4->as_of, Day("2026-11-20"));
    EXPECT_THAT(service.Index(*ParsePeriod("2027"), {}), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(service.Index(*ParsePeriod("2026-Q3"), {"000.99.99.H99", "", ""}),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(service.Settlement(*ParsePeriod("2026-Q3"), "000.99.99.H99"),
                HasError(ErrorCode::kNotFound));
}

TEST_F(KpiServiceTest, RankingFlagsTheLastCommune) {
    KpiService service(store_, clock_);
    const auto ranking = service.Ranking(*ParsePeriod("2026-Q3"));
    ASSERT_THAT(ranking, IsOk());
    std::vector<std::string> communes;
    for (const RankedAgency& a : ranking->communes) {
        communes.push_back(a.code + (a.flagged ? " flagged" : ""));
    }
    // 2.1 decides here: commune 1 100 %, commune 3 (1 of 2) 50 %, commune 2 0 %.
    EXPECT_THAT(
        communes,
        ::testing::ElementsAre(
            std::string(kCommune1), std::string(kCommune3), std::string(kCommune2) + " flagged"));
    ASSERT_EQ(ranking->agencies.size(), 1U);
    EXPECT_EQ(ranking->agencies[0].code, kJustice);
    EXPECT_EQ(ranking->agencies[0].rank, 1);
}

TEST_F(KpiServiceTest, FlagOverConsecutivePeriods) {
    std::vector<Index766Config> configs = BuiltinIndex766Configs();
    configs.front().flag = {1, 2};  // last place two quarters running
    KpiService service(store_, clock_, configs);
    const auto ranking = service.Ranking(*ParsePeriod("2026-Q3"));
    ASSERT_THAT(ranking, IsOk());
    std::map<std::string, std::pair<bool, int>> flags;
    for (const RankedAgency& a : ranking->communes) {
        flags[a.code] = {a.flagged, a.periods_in_bottom};
    }
    EXPECT_EQ(flags[kCommune2], std::make_pair(true, 2));
    EXPECT_EQ(flags[kCommune3], std::make_pair(false, 0));
    EXPECT_EQ(flags[kCommune1], std::make_pair(false, 0));
}

TEST_F(KpiServiceTest, SettlementReportByLevelAndSector) {
    KpiService service(store_, clock_);
    const auto report = service.Settlement(*ParsePeriod("2026-09-01..2026-09-30"), "");
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->agency_name, "UBND tỉnh");
    // September: carried over 0; received 4 (commune 3, centre ×2, commune 1 online);
    // settled 2 (commune 3 late, centre early); pending 2.
    const SettlementFigures& total = report->total.figures;
    EXPECT_EQ(total.carried_over, 0);
    EXPECT_EQ(total.received, 4);
    EXPECT_EQ(total.received_online, 1);
    EXPECT_EQ(total.settled, 2);
    EXPECT_EQ(total.settled_late, 1);
    EXPECT_EQ(total.pending, 2);
    EXPECT_EQ(total.pending_overdue, 1);
    EXPECT_EQ(total.pending_waiting, 1);
    ASSERT_EQ(report->sections.size(), 3U);
    EXPECT_EQ(report->sections[0].key, "province_level");
    EXPECT_EQ(report->sections[0].rows.size(), 3U);  // province, department, centre
    EXPECT_EQ(report->sections[1].key, "commune_level");
    EXPECT_EQ(report->sections[1].rows.size(), 3U);
    EXPECT_EQ(report->sections[2].key, "sectors");
    ASSERT_EQ(report->sections[2].rows.size(), 2U);
    EXPECT_EQ(report->sections[2].rows[0].name, "Bổ trợ tư pháp");
    EXPECT_EQ(report->sections[2].rows[0].figures.received, 2);
    for (const SettlementSection& s : report->sections) {
        for (const SettlementRow& r : s.rows) {
            const SettlementFigures& f = r.figures;
            EXPECT_EQ(f.carried_over + f.received, f.settled + f.pending) << r.code;
        }
    }
    // The two agency levels add up to the total; so do the sectors.
    EXPECT_EQ(
        report->sections[0].total.figures.received + report->sections[1].total.figures.received,
        total.received);
    EXPECT_EQ(report->sections[2].total.figures, total);

    const auto commune = service.Settlement(*ParsePeriod("2026-Q3"), kCommune3);
    ASSERT_THAT(commune, IsOk());
    ASSERT_EQ(commune->sections.size(), 2U);  // its level and its sectors
    EXPECT_EQ(commune->sections[0].key, "commune_level");
    EXPECT_EQ(commune->total.figures.received, 2);
    EXPECT_EQ(commune->total.figures.settled, 2);
}

TEST_F(KpiServiceTest, SettlementDraftFiguresByAgencyAndSector) {
    // September drafts: commune 1 started 4 (submitted after 10, 30 and 50 minutes, one not);
    // commune 2 started 1, not submitted; one birth draft without an agency, not submitted;
    // the legal aid centre 2 lawyer drafts, one submitted after 2 hours.
    store_.drafts = {{kCommune1, kBirth, 600, 1},
                     {kCommune1, kBirth, 1800, 1},
                     {kCommune1, kBirth, 3000, 1},
                     {kCommune1, kBirth, std::nullopt, 1},
                     {kCommune2, kBirth, std::nullopt, 1},
                     {"", kBirth, std::nullopt, 1},
                     {kLegalAid, kLawyer, 7200, 1},
                     {kLegalAid, kLawyer, std::nullopt, 1}};
    KpiService service(store_, clock_);
    const auto report = service.Settlement(*ParsePeriod("2026-09-01..2026-09-30"), "");
    ASSERT_THAT(report, IsOk());
    ASSERT_EQ(store_.draft_periods.size(), 1U);
    EXPECT_EQ(store_.draft_periods[0].first, Day("2026-09-01"));
    EXPECT_EQ(store_.draft_periods[0].second, Day("2026-09-30"));
    // Province: 4 of 8 submitted; times 10, 30, 50, 120 minutes → median (30 + 50) / 2 = 40.
    const SettlementFigures& total = report->total.figures;
    EXPECT_EQ(total.draft_completion.numerator, 4);
    EXPECT_EQ(total.draft_completion.denominator, 8);
    EXPECT_EQ(total.draft_completion.percent, 50.0);
    EXPECT_TRUE(total.draft_completion.unavailable.empty());
    EXPECT_EQ(total.median_minutes_to_submit, 40.0);
    EXPECT_TRUE(total.median_minutes_to_submit_unavailable.empty());
    // Commune 1: 3 of 4, median 30; commune 2: 0 of 1, no median; commune 3: none started.
    const SettlementSection& communes = report->sections[1];
    ASSERT_EQ(communes.rows.size(), 3U);
    EXPECT_EQ(communes.rows[0].figures.draft_completion.percent, 75.0);
    EXPECT_EQ(communes.rows[0].figures.median_minutes_to_submit, 30.0);
    EXPECT_EQ(communes.rows[1].figures.draft_completion.percent, 0.0);
    EXPECT_EQ(communes.rows[1].figures.median_minutes_to_submit, std::nullopt);
    EXPECT_EQ(communes.rows[2].figures.draft_completion.denominator, 0);
    EXPECT_EQ(communes.rows[2].figures.draft_completion.percent, std::nullopt);
    // The communes' total: 3 of 5 (the draft without an agency is only in the province's).
    EXPECT_EQ(communes.total.figures.draft_completion.numerator, 3);
    EXPECT_EQ(communes.total.figures.draft_completion.denominator, 5);
    EXPECT_EQ(communes.total.figures.median_minutes_to_submit, 30.0);
    // Sectors: civil status 3 of 6 (median 30), judicial support 1 of 2 (120).
    const SettlementSection& sectors = report->sections[2];
    ASSERT_EQ(sectors.rows.size(), 2U);
    EXPECT_EQ(sectors.rows[0].code, kBTTP);
    EXPECT_EQ(sectors.rows[0].figures.draft_completion.percent, 50.0);
    EXPECT_EQ(sectors.rows[0].figures.median_minutes_to_submit, 120.0);
    EXPECT_EQ(sectors.rows[1].figures.draft_completion.percent, 50.0);
    EXPECT_EQ(sectors.rows[1].figures.median_minutes_to_submit, 30.0);
    EXPECT_EQ(sectors.total.figures, total);

    // A commune's report counts its own drafts only.
    const auto one = service.Settlement(*ParsePeriod("2026-09-01..2026-09-30"), kCommune1);
    ASSERT_THAT(one, IsOk());
    EXPECT_EQ(one->total.figures.draft_completion.denominator, 4);
    EXPECT_EQ(one->total.figures.median_minutes_to_submit, 30.0);
}

TEST_F(KpiServiceTest, DrillDownAsksForTheScopesSubtree) {
    KpiService service(store_, clock_);
    ASSERT_THAT(service.Dossiers(Metric::kSettledLate, *ParsePeriod("2026-Q4"), {kJustice, "", ""}),
                IsOk());
    ASSERT_EQ(store_.drill_downs.size(), 1U);
    const ports::DrillDownQuery& q = store_.drill_downs.front();
    EXPECT_EQ(q.metric, Metric::kSettledLate);
    EXPECT_EQ(q.from, Day("2026-10-01"));
    EXPECT_EQ(q.to, Day("2026-11-20"));
    EXPECT_THAT(q.agencies, ::testing::UnorderedElementsAre(kJustice, kLegalAid));
}

}  // namespace
}  // namespace motcua::core::kpi
