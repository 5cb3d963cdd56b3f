// The indicator engine on the seeded demo province (a few thousand dossiers driven through the
// real DossierService by seed-demo): the incremental counters equal their full recomputation from
// the event log, the settlement figures balance in every month, each figure is the sum of the
// dossiers the drill-down lists, and the index, rankings and reports can be computed.
#include <map>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/demo/seeder.hpp"
#include "app/wiring.hpp"
#include "common/clock.hpp"
#include "common/testing/result_matchers.hpp"
#include "core/kpi/kpi_service.hpp"
#include "storage/sqlite/kpi_store.hpp"

namespace motcua::app {
namespace {

namespace kpi = core::kpi;
namespace cal = core::calendar;

// One seeded province shared by the tests of this file (seeding is the expensive part).
class DemoProvince : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto backend = OpenBackend(":memory:");
        ASSERT_THAT(backend, IsOk());
        backend_ = std::make_unique<Backend>(std::move(*backend));
        demo::SeedOptions options;
        options.dossiers = 3000;
        const auto report = demo::SeedDemo(*backend_, options);
        ASSERT_THAT(report, IsOk());
        dossiers_ = report->dossiers;
        store_ = std::make_unique<storage::sqlite::SqliteKpiStore>(*backend_->db);
        // As of the day the seed stops.
        clock_ = std::make_unique<FakeClock>(cal::ToInstant(cal::LocalDateTime{options.until}));
        service_ = std::make_unique<kpi::KpiService>(*store_, *clock_);
    }

    static void TearDownTestSuite() {
        service_.reset();
        clock_.reset();
        store_.reset();
        backend_.reset();
    }

    static inline std::unique_ptr<Backend> backend_;
    static inline std::unique_ptr<storage::sqlite::SqliteKpiStore> store_;
    static inline std::unique_ptr<FakeClock> clock_;
    static inline std::unique_ptr<kpi::KpiService> service_;
    static inline int dossiers_ = 0;
};

TEST_F(DemoProvince, IncrementalCountersEqualTheFullRecomputation) {
    ASSERT_NE(backend_, nullptr);
    const auto check = storage::sqlite::VerifyKpiCounters(*backend_->db, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_EQ(check->dossiers, dossiers_);
    EXPECT_GT(check->facts, dossiers_);
    EXPECT_EQ(check->mismatches, 0) << check->first_mismatch.value_or("");
}

TEST_F(DemoProvince, SettlementBalancesEveryMonth) {
    ASSERT_NE(backend_, nullptr);
    kpi::Period month = kpi::MonthOf(*cal::ParseDate("2024-12-01"));
    std::int64_t received = 0;
    std::int64_t carried = -1;
    for (int i = 0; i < 24; ++i) {
        const auto report = service_->Settlement(month, "");
        ASSERT_THAT(report, IsOk()) << month.label;
        const kpi::SettlementFigures& f = report->total.figures;
        EXPECT_EQ(f.carried_over + f.received, f.settled + f.pending) << month.label;
        if (carried >= 0) {
            EXPECT_EQ(f.carried_over, carried) << month.label;  // last month's pending
        }
        carried = f.pending;
        received += f.received;
        std::int64_t by_level = 0;
        for (const kpi::SettlementSection& s : report->sections) {
            if (s.key == "sectors") {
                EXPECT_EQ(s.total.figures, f) << month.label;
            } else {
                by_level += s.total.figures.received;
            }
        }
        EXPECT_EQ(by_level, f.received) << month.label;
        // The next month.
        month = kpi::MonthOf(month.to + std::chrono::days{1});
    }
    EXPECT_GT(received, dossiers_ / 2);
}

TEST_F(DemoProvince, FiguresAreTheSumOfTheirDossiers) {
    ASSERT_NE(backend_, nullptr);
    const kpi::Period quarter = *kpi::ParsePeriod("2026-Q2");
    const auto index = service_->Index(quarter, {});
    ASSERT_THAT(index, IsOk());
    for (const kpi::Metric m : {kpi::Metric::kSettledLate,
                                kpi::Metric::kReceivedPostal,
                                kpi::Metric::kPendingOverdue,
                                kpi::Metric::kApologyIssued,
                                kpi::Metric::kStepLate,
                                kpi::Metric::kReturnedOnline}) {
        const auto page = service_->Dossiers(m, quarter, {}, 0, 5);
        ASSERT_THAT(page, IsOk()) << kpi::MetricName(m);
        core::ports::CounterQuery q{quarter.from, quarter.to, false, "", "", {}};
        const auto rows = kpi::IsLevel(m) ? store_->Levels(q) : store_->Flows(q);
        ASSERT_THAT(rows, IsOk());
        std::int64_t figure = 0;
        for (const core::ports::CounterRow& r : *rows) {
            if (r.metric == m) {
                figure += r.value;
            }
        }
        EXPECT_EQ(page->sum, figure) << kpi::MetricName(m);
        if (m == kpi::Metric::kSettledLate) {
            ASSERT_GT(page->total, 0);
            // Lateness attribution: a late dossier names the step and agency that overran.
            bool attributed = false;
            for (const core::ports::FigureDossier& d : page->items) {
                attributed = attributed || !d.overruns.empty();
            }
            EXPECT_TRUE(attributed);
        }
    }
}

TEST_F(DemoProvince, IndexRankingsAndScopes) {
    ASSERT_NE(backend_, nullptr);
    const kpi::Period year = *kpi::ParsePeriod("2026");
    const auto province = service_->Index(year, {});
    ASSERT_THAT(province, IsOk());
    EXPECT_EQ(province->period.to, *cal::ParseDate("2026-11-20"));
    ASSERT_TRUE(province->index.on_time_percent.has_value());
    EXPECT_GT(*province->index.on_time_percent, 80.0);
    EXPECT_TRUE(province->index.band.has_value());
    const auto ranking = service_->Ranking(*kpi::ParsePeriod("2026-Q3"));
    ASSERT_THAT(ranking, IsOk());
    EXPECT_FALSE(ranking->agencies.empty());
    EXPECT_GT(ranking->communes.size(), 10U);
    int flagged = 0;
    for (const kpi::RankedAgency& a : ranking->communes) {
        flagged += a.flagged ? 1 : 0;
    }
    EXPECT_GE(flagged, 1);
    // A sector scope and a procedure scope read other tables; both stay within the province.
    const auto sector = service_->Index(year, {"", "TP-HOTICH", ""});
    const auto procedure = service_->Index(year, {"", "", "1.001193"});
    ASSERT_THAT(sector, IsOk());
    ASSERT_THAT(procedure, IsOk());
    const auto denominator = [](const kpi::IndexReport& r) {
        for (const kpi::IndicatorResult& i : r.index.indicators) {
            if (i.id == "2.1") {
                return i.denominator.value_or(0);
            }
        }
        return std::int64_t{0};
    };
    EXPECT_GT(denominator(*procedure), 0);
    EXPECT_LE(denominator(*procedure), denominator(*sector));
    EXPECT_LE(denominator(*sector), denominator(*province));
}

}  // namespace
}  // namespace motcua::app
