// The KPI counters on SQLite: written with every event through the real DossierService, read
// back as period figures, recomputed from the events (and repaired after tampering), and the
// dossiers behind a figure with their lateness attribution.
#include "storage/sqlite/kpi_store.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "common/testing/result_matchers.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/catalog/procedure.hpp"
#include "core/kpi/facts.hpp"
#include "core/model/agency.hpp"
#include "core/workflow/commands.hpp"
#include "core/workflow/dossier_service.hpp"
#include "core/workflow/process.hpp"
#include "storage/builtin_migrations.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/dossier_store.hpp"
#include "storage/sqlite/internal/kpi_counters.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/statement.hpp"
#include "storage/testing/province_fixture.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace wf = core::workflow;
namespace cat = core::catalog;
namespace cal = core::calendar;
namespace kpi = core::kpi;
namespace model = core::model;
namespace ports = core::ports;
using kpi::Metric;

using storage::testing::CountingKeys;
using storage::testing::kBirth;
using storage::testing::kCommune;
using storage::testing::kProvince;
constexpr const char* kOtherCommune = "000.00.22.H99";
constexpr const char* kTax = "000.00.30.H99";
constexpr const char* kDeath = "1.000656";

cal::LocalDate Day(std::string_view text) {
    return *cal::ParseDate(text);
}

cal::LocalDateTime At(std::string_view text) {
    return *cal::ParseDateTime(text);
}

TEST(KpiBuckets, DayAndMonthBuckets) {
    EXPECT_EQ(internal::DayBucket(Day("2026-09-05")), 20260905);
    EXPECT_EQ(internal::MonthBucket(Day("2026-09-05")), 202609);
    EXPECT_THAT(internal::Buckets(Day("2026-08-30"), Day("2026-10-02")),
                ::testing::ElementsAre(20260830, 20260831, 202609, 20261001, 20261002));
    EXPECT_EQ(internal::DekadBucket(Day("2026-09-05")), 2026091);
    EXPECT_EQ(internal::DekadBucket(Day("2026-09-10")), 2026091);
    EXPECT_EQ(internal::DekadBucket(Day("2026-09-11")), 2026092);
    EXPECT_EQ(internal::DekadBucket(Day("2026-09-30")), 2026093);
    EXPECT_EQ(internal::DekadBucket(Day("2026-02-21")), 2026023);
    EXPECT_EQ(internal::QuarterBucket(Day("2026-09-05")), 20263);
    EXPECT_EQ(internal::QuarterBucket(Day("2026-10-01")), 20264);
    EXPECT_THAT(internal::Buckets(Day("2026-06-30"), Day("2026-10-02"), /*rollups=*/true),
                ::testing::ElementsAre(20260630, 20263, 20261001, 20261002));
    EXPECT_THAT(
        internal::Buckets(Day("2026-06-11"), Day("2026-10-22"), /*rollups=*/true),
        ::testing::ElementsAre(2026062, 2026063, 20263, 2026101, 2026102, 20261021, 20261022));
    EXPECT_EQ(internal::KindOf(20263), internal::BucketKind::kQuarter);
    EXPECT_EQ(internal::KindOf(2026093), internal::BucketKind::kDekad);
    EXPECT_EQ(internal::KindOf(202609), internal::BucketKind::kMonth);
    EXPECT_EQ(internal::KindOf(20260905), internal::BucketKind::kDay);
    EXPECT_THAT(internal::DayOfBucket(20260905), IsOkAndHolds(Day("2026-09-05")));
    EXPECT_THAT(internal::DayOfBucket(202609), HasError(ErrorCode::kInvalidArgument));
}

}  // namespace
}  // namespace motcua::storage::sqlite

namespace motcua::storage::sqlite::internal {

void PrintTo(const BucketRange& r, std::ostream* os) {
    *os << (r.sign < 0 ? "-" : "+") << "[" << r.first << ", " << r.last << "]";
}

}  // namespace motcua::storage::sqlite::internal

namespace motcua::storage::sqlite {
namespace {

struct RangeCase {
    std::string_view from;
    std::string_view to;
    std::vector<internal::BucketRange> ranges;
};

class BucketRanges : public ::testing::TestWithParam<RangeCase> {};

TEST_P(BucketRanges, CoverEachDayOnce) {
    EXPECT_EQ(internal::BucketRanges(Day(GetParam().from), Day(GetParam().to)), GetParam().ranges);
}

INSTANTIATE_TEST_SUITE_P(
    Kpi,
    BucketRanges,
    ::testing::Values(
        RangeCase{"2026-09-01", "2026-09-30", {{202609, 202609, 1}}},
        RangeCase{"2026-07-01", "2026-09-30", {{20263, 20263, 1}}},
        RangeCase{"2026-01-01", "2026-12-31", {{20261, 20264, 1}}},
        RangeCase{"2026-06-01", "2026-12-31", {{202606, 202606, 1}, {20263, 20264, 1}}},
        RangeCase{"2026-09-05", "2026-09-07", {{20260905, 20260907, 1}}},
        // NĐ 09/2019 style: 15th to 14th. 17 days of August are read as six days and the last
        // ten-day period; 14 days of September as the first ten-day period and four days.
        RangeCase{"2026-08-15",
                  "2026-09-14",
                  {{20260815, 20260820, 1}, {2026083, 2026091, 1}, {20260911, 20260914, 1}}},
        RangeCase{"2026-08-15",
                  "2026-10-14",
                  {{20260815, 20260820, 1},
                   {2026083, 2026083, 1},
                   {202609, 202609, 1},
                   {2026101, 2026101, 1},
                   {20261011, 20261014, 1}}},
        // Days across a month end form one range, and so do ten-day periods.
        RangeCase{"2026-08-28", "2026-09-03", {{20260828, 20260903, 1}}},
        RangeCase{"2026-08-20", "2026-09-10", {{20260820, 20260820, 1}, {2026083, 2026091, 1}}},
        // A ten-day period minus the day it has too many.
        RangeCase{"2026-09-11", "2026-09-19", {{2026092, 2026092, 1}, {20260920, 20260920, -1}}},
        // Months and quarters across a year end: the numbers between are not buckets and hold
        // no rows.
        RangeCase{"2024-11-01", "2025-02-28", {{202411, 202502, 1}}},
        RangeCase{"2024-11-01", "2026-03-31", {{202411, 202412, 1}, {20251, 20261, 1}}},
        RangeCase{
            "2024-11-01",
            "2026-09-05",
            {{202411, 202412, 1}, {20251, 20262, 1}, {202607, 202608, 1}, {20260901, 20260905, 1}}},
        // A year to date: quarters, a month, two ten-day periods minus one day.
        RangeCase{"2026-01-01",
                  "2026-11-19",
                  {{20261, 20263, 1},
                   {202610, 202610, 1},
                   {2026111, 2026112, 1},
                   {20261120, 20261120, -1}}},
        // The running month up to today: its month bucket minus the days to come.
        RangeCase{"2026-11-01", "2026-11-27", {{202611, 202611, 1}, {20261128, 20261130, -1}}},
        // Most of one month: the month minus the days before and the days after, two ranges.
        RangeCase{"2026-09-05",
                  "2026-09-25",
                  {{20260901, 20260904, -1}, {202609, 202609, 1}, {20260926, 20260930, -1}}},
        RangeCase{"2026-02-28", "2026-02-28", {{20260228, 20260228, 1}}}));

// Every period within a span of months, with and without the rollups' quarters and ten-day
// periods: the signed buckets count each of its days exactly once and no other day; the unsigned
// buckets are the same without buckets minus days.
TEST(KpiBuckets, SignedBucketsCountEachDayOfThePeriodOnce) {
    const auto days_of = [](std::int64_t bucket) {
        std::vector<cal::LocalDate> out;
        switch (internal::KindOf(bucket)) {
            case internal::BucketKind::kDay:
                out.push_back(*internal::DayOfBucket(bucket));
                break;
            case internal::BucketKind::kDekad:
                for (cal::LocalDate d = *cal::MakeDate(static_cast<int>(bucket / 1000),
                                                       static_cast<int>(bucket / 10 % 100),
                                                       static_cast<int>(bucket % 10 * 10 - 9));
                     internal::DekadBucket(d) == bucket;
                     d += std::chrono::days{1}) {
                    out.push_back(d);
                }
                break;
            case internal::BucketKind::kMonth:
                for (cal::LocalDate d = *cal::MakeDate(
                         static_cast<int>(bucket / 100), static_cast<int>(bucket % 100), 1);
                     internal::MonthBucket(d) == bucket;
                     d += std::chrono::days{1}) {
                    out.push_back(d);
                }
                break;
            case internal::BucketKind::kQuarter:
                for (cal::LocalDate d = *cal::MakeDate(
                         static_cast<int>(bucket / 10), static_cast<int>(bucket % 10 * 3 - 2), 1);
                     internal::QuarterBucket(d) == bucket;
                     d += std::chrono::days{1}) {
                    out.push_back(d);
                }
                break;
        }
        return out;
    };
    const cal::LocalDate first = Day("2025-11-20");
    const cal::LocalDate last = Day("2026-07-10");
    for (const bool rollups : {false, true}) {
        for (cal::LocalDate from = first; from <= last; from += std::chrono::days{3}) {
            for (cal::LocalDate to = from; to <= last; to += std::chrono::days{1}) {
                const std::string period = cal::FormatDate(from) + ".." + cal::FormatDate(to);
                std::map<cal::LocalDate, int> signed_count;
                for (const auto& [bucket, sign] : internal::SignedBuckets(from, to, rollups)) {
                    const internal::BucketKind kind = internal::KindOf(bucket);
                    ASSERT_TRUE(rollups || (kind != internal::BucketKind::kQuarter &&
                                            kind != internal::BucketKind::kDekad));
                    for (const cal::LocalDate d : days_of(bucket)) {
                        signed_count[d] += sign;
                    }
                }
                std::map<cal::LocalDate, int> count;
                for (const std::int64_t bucket : internal::Buckets(from, to, rollups)) {
                    for (const cal::LocalDate d : days_of(bucket)) {
                        ++count[d];
                    }
                }
                std::erase_if(signed_count, [](const auto& kv) { return kv.second == 0; });
                for (const auto* m : {&signed_count, &count}) {
                    ASSERT_EQ(m->size(), static_cast<std::size_t>((to - from).count() + 1))
                        << period;
                    for (const auto& [day, n] : *m) {
                        ASSERT_TRUE(n == 1 && day >= from && day <= to)
                            << period << ": " << cal::FormatDate(day) << " counted " << n;
                    }
                }
            }
        }
    }
}

// A commune with the birth-registration process, a second commune, a consulted tax office.
class KpiStoreTest : public ::testing::Test {
protected:
    KpiStoreTest() : clock_(cal::ToInstant(At("2026-03-02T08:00"))) {}

    void SetUp() override {
        DatabaseOptions options;
        options.path = ":memory:";
        auto db = Database::Open(options);
        ASSERT_THAT(db, IsOk());
        db_ = std::move(*db);
        auto national = cal::BuiltinNationalSchedules();
        ASSERT_THAT(national, IsOk());
        directory_ = std::make_unique<SqliteDirectory>(*db_, std::move(*national));
        store_ = std::make_unique<SqliteDossierStore>(*db_);
        kpi_ = std::make_unique<SqliteKpiStore>(*db_);
        service_ = std::make_unique<wf::DossierService>(*directory_, *store_, clock_, keys_);

        ASSERT_THAT(storage::testing::SeedProvince(
                        *directory_,
                        {{kCommune, "UBND xã A", model::AgencyKind::kCommune},
                         {kOtherCommune, "UBND xã B", model::AgencyKind::kCommune},
                         {kTax, "Chi cục Thuế", model::AgencyKind::kOther}}),
                    IsOk());
        ASSERT_THAT(
            directory_->Publish(storage::testing::FirstDecision(
                {{cat::ChangeKind::kNew, kBirth, Version(kBirth, "Đăng ký khai sinh", 8000), {}},
                 {cat::ChangeKind::kNew, kDeath, Version(kDeath, "Đăng ký khai tử", 0), {}}})),
            IsOk());
        for (const char* commune : {kCommune, kOtherCommune}) {
            for (const char* procedure : {kBirth, kDeath}) {
                wf::InternalProcess p;
                p.procedure_code = procedure;
                p.agency_code = commune;
                p.steps = {
                    {"Thẩm định", wf::Role::kSpecialist, "", 8, cal::DurationUnit::kWorkingHours},
                    {"Phê duyệt",
                     wf::Role::kAgencyLeader,
                     "",
                     4,
                     cal::DurationUnit::kWorkingHours}};
                ASSERT_THAT(directory_->SaveProcess(p, Day("2026-03-02")), IsOk());
            }
        }
    }

    static cat::ProcedureVersion Version(const char* code, const char* name, std::int64_t fee) {
        cat::ProcedureVersion v;
        v.code = code;
        v.name = name;
        v.sector_code = "TP-HOTICH";
        v.sector_name = "Hộ tịch";
        v.level = cat::ProcedureLevel::kCommune;
        v.online_level = cat::OnlineLevel::kFull;
        v.implementing_agency = "UBND cấp xã";
        v.steps = "Nộp hồ sơ, nhận kết quả";
        v.subjects = "Công dân Việt Nam";
        v.components = {{"TP1", "Tờ khai", true, 1, true, ""}};
        v.deadline = 3;
        v.deadline_unit = cal::DurationUnit::kWorkingDays;
        if (fee > 0) {
            v.fees = {{"Lệ phí", fee, ""}};
        }
        v.result = "Giấy khai sinh";
        return v;
    }

    void Set(std::string_view at) { clock_.Set(cal::ToInstant(At(at))); }

    static wf::Actor Officer(const char* agency = kCommune) {
        return {wf::Role::kOneStopOfficer, model::UserId{100}, agency, "Cán bộ một cửa"};
    }

    static wf::Actor Specialist(const char* agency = kCommune) {
        return {wf::Role::kSpecialist, model::UserId{101}, agency, "Chuyên viên"};
    }

    static wf::Actor Leader(const char* agency = kCommune) {
        return {wf::Role::kAgencyLeader, model::UserId{102}, agency, "Chủ tịch"};
    }

    static wf::Actor Citizen() {
        return {wf::Role::kCitizen, model::UserId{500}, "", "Nguyễn Văn A"};
    }

    wf::Dossier Submit(std::string_view at,
                       wf::Channel channel,
                       const char* procedure = kBirth,
                       const char* agency = kCommune) {
        Set(at);
        wf::Submission s;
        s.procedure_code = procedure;
        s.agency_code = agency;
        s.channel = channel;
        s.applicant = {"Nguyễn Văn A", "001090000001", "0912345678", "", "Xã A", std::nullopt};
        s.components = {"TP1"};
        const wf::Actor actor = channel == wf::Channel::kOnline ? Citizen() : Officer(agency);
        auto d = service_->Submit(actor, s);
        EXPECT_THAT(d, IsOk());
        return d.value_or(wf::Dossier{});
    }

    wf::Dossier Act(std::string_view at,
                    const wf::Actor& actor,
                    const wf::Dossier& d,
                    const wf::Command& command) {
        Set(at);
        auto next = service_->Act(actor, d.id, command);
        EXPECT_THAT(next, IsOk()) << at;
        return next.value_or(d);
    }

    // A counter dossier through both steps to its result (and return) at the given times.
    wf::Dossier Settle(std::string_view received,
                       std::string_view step_done,
                       std::string_view result,
                       const char* agency = kCommune) {
        wf::Dossier d = Submit(received, wf::Channel::kCounter, kBirth, agency);
        d = Act(received, Officer(agency), d, wf::Forward{model::UserId{101}, ""});
        d = Act(step_done, Specialist(agency), d, wf::CompleteStep{});
        d = Act(result, Leader(agency), d, wf::IssueResult{});
        return d;
    }

    std::map<Metric, std::int64_t> Flows(std::string_view from,
                                         std::string_view to,
                                         ports::CounterQuery q = {}) {
        q.from = Day(from);
        q.to = Day(to);
        std::map<Metric, std::int64_t> out;
        auto rows = kpi_->Flows(q);
        EXPECT_THAT(rows, IsOk());
        for (const ports::CounterRow& r : rows.value_or(std::vector<ports::CounterRow>{})) {
            out[r.metric] += r.value;
        }
        return out;
    }

    std::map<Metric, std::int64_t> Levels(std::string_view at) {
        std::map<Metric, std::int64_t> out;
        auto rows = kpi_->Levels({Day(at), Day(at), false, "", "", {}});
        EXPECT_THAT(rows, IsOk());
        for (const ports::CounterRow& r : rows.value_or(std::vector<ports::CounterRow>{})) {
            out[r.metric] += r.value;
        }
        return out;
    }

    // A fresh database seeded as in SetUp, whose appends write no counters (a bulk load).
    void ReopenWithoutCounters() {
        service_.reset();
        kpi_.reset();
        store_.reset();
        directory_.reset();
        SetUp();
        store_ =
            std::make_unique<SqliteDossierStore>(*db_, std::size_t{16}, /*kpi_counters=*/false);
        service_ = std::make_unique<wf::DossierService>(*directory_, *store_, clock_, keys_);
    }

    // Runs `sql` on the counters holding every fact so far (kpi_pending folded in first).
    void Exec(std::string_view sql) {
        ASSERT_THAT(db_->Write([&](Connection& c) -> Result<int> {
            MOTCUA_TRY(internal::FoldPendingFacts(c));
            MOTCUA_TRY(c.Exec(sql));
            return 0;
        }),
                    IsOk());
    }

    // March: one early, one late (its first step overran), one online dossier waiting for a
    // supplement over the end of the month, one online submission refused at reception.
    void March() {
        early_ = Settle("2026-03-02T08:30", "2026-03-02T10:00", "2026-03-02T11:00");
        late_ = Submit("2026-03-03T08:30", wf::Channel::kCounter);
        late_ = Act("2026-03-03T08:30", Officer(), late_, wf::Forward{model::UserId{101}, ""});
        ASSERT_TRUE(late_.due_at.has_value());
        late_ = Act("2026-03-10T09:00", Specialist(), late_, wf::CompleteStep{});
        late_ = Act("2026-03-10T10:00", Leader(), late_, wf::IssueResult{});
        ASSERT_EQ(late_.verdict, wf::Verdict::kLate);
        waiting_ = Submit("2026-03-27T20:00", wf::Channel::kOnline);
        waiting_ = Act("2026-03-30T08:00", Officer(), waiting_, wf::Receive{});
        waiting_ =
            Act("2026-03-30T08:10", Officer(), waiting_, wf::Forward{model::UserId{101}, ""});
        waiting_ = Act("2026-03-30T09:00",
                       Specialist(),
                       waiting_,
                       wf::RequestSupplement{{{"TP1", "Ảnh mờ", "Chụp lại"}}});
        refused_ = Submit("2026-03-31T21:00", wf::Channel::kOnline, kDeath);
        refused_ = Act("2026-04-01T08:00",
                       Officer(),
                       refused_,
                       wf::Refuse{{{"chung", "Sai thủ tục", "Chọn thủ tục đúng"}}});
        waiting_ = Act("2026-04-02T09:00", Citizen(), waiting_, wf::ProvideSupplement{{"TP1"}});
    }

    FakeClock clock_;
    CountingKeys keys_;
    std::unique_ptr<Database> db_;
    std::unique_ptr<SqliteDirectory> directory_;
    std::unique_ptr<SqliteDossierStore> store_;
    std::unique_ptr<SqliteKpiStore> kpi_;
    std::unique_ptr<wf::DossierService> service_;
    wf::Dossier early_;
    wf::Dossier late_;
    wf::Dossier waiting_;
    wf::Dossier refused_;
};

TEST_F(KpiStoreTest, CountersFollowEveryEvent) {
    March();
    std::map<Metric, std::int64_t> march = Flows("2026-03-01", "2026-03-31");
    EXPECT_EQ(march[Metric::kSubmittedCounter], 2);
    EXPECT_EQ(march[Metric::kSubmittedOnlineSelf], 2);
    EXPECT_EQ(march[Metric::kReceivedCounter], 2);
    EXPECT_EQ(march[Metric::kReceivedOnlineSelf], 1);
    EXPECT_EQ(march[Metric::kReceivedFeeProcedure], 3);
    EXPECT_EQ(march[Metric::kReceivedFullOnlineProcedure], 3);
    EXPECT_EQ(march[Metric::kReceivedOnlineFullOnlineProcedure], 1);
    EXPECT_EQ(march[Metric::kSettledEarly] + march[Metric::kSettledOnTime], 1);
    EXPECT_EQ(march[Metric::kSettledLate], 1);
    EXPECT_EQ(march[Metric::kResultIssued], 2);
    EXPECT_EQ(march[Metric::kSupplementRequestedInProcessing], 1);
    EXPECT_EQ(march[Metric::kStepLate], 1);
    EXPECT_EQ(march[Metric::kRefusedAtReception], 0);  // refused on 1 April

    // The end of March: the online dossier pending, waiting for its supplement.
    std::map<Metric, std::int64_t> end = Levels("2026-03-31");
    EXPECT_EQ(end[Metric::kPending], 1);
    EXPECT_EQ(end[Metric::kPendingWaiting], 1);
    EXPECT_EQ(end[Metric::kPendingOverdue], 0);
    // While late_ was open past its due date it was overdue.
    const cal::LocalDate late_due = std::chrono::floor<std::chrono::days>(*late_.due_at);
    EXPECT_EQ(Levels(cal::FormatDate(late_due + std::chrono::days{1}))[Metric::kPendingOverdue], 1);

    std::map<Metric, std::int64_t> april = Flows("2026-04-01", "2026-04-30");
    EXPECT_EQ(april[Metric::kRefusedAtReception], 1);
    EXPECT_EQ(april[Metric::kSupplementReceived], 1);
    // Q1 (months) and a custom range over the month boundary read different buckets.
    EXPECT_EQ(Flows("2026-01-01", "2026-03-31")[Metric::kReceivedCounter], 2);
    EXPECT_EQ(Flows("2026-03-03", "2026-04-01")[Metric::kReceivedCounter], 1);

    const auto check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_EQ(check->mismatches, 0) << check->first_mismatch.value_or("");
    EXPECT_EQ(check->dossiers, 4);
    EXPECT_GT(check->facts, 0);
}

// The rows of `table` on the database's latest commit.
std::int64_t RowCount(Database& db, const std::string& table) {
    auto n = db.Read([&](Connection& c) -> Result<std::int64_t> {
        MOTCUA_ASSIGN_OR_RETURN(Statement st, c.Prepare("SELECT count(*) FROM " + table));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
        return row ? st.ColumnInt64(0) : -1;
    });
    EXPECT_THAT(n, IsOk());
    return n.value_or(-1);
}

TEST_F(KpiStoreTest, FactsWaitInKpiPendingUntilTheCountersAreRead) {
    March();
    // Committed with their events, not yet in the counters.
    EXPECT_GT(RowCount(*db_, "kpi_pending"), 0);
    EXPECT_EQ(RowCount(*db_, "kpi_counters"), 0);
    EXPECT_EQ(RowCount(*db_, "kpi_agency_rollups"), 0);

    // Reading folds them in, once.
    EXPECT_EQ(Flows("2026-03-01", "2026-03-31")[Metric::kReceivedCounter], 2);
    EXPECT_EQ(RowCount(*db_, "kpi_pending"), 0);
    const std::int64_t counters = RowCount(*db_, "kpi_counters");
    EXPECT_GT(counters, 0);

    // Later events wait again and are counted at the next read, levels included.
    Settle("2026-03-04T08:30", "2026-03-04T10:00", "2026-03-05T11:00");
    EXPECT_GT(RowCount(*db_, "kpi_pending"), 0);
    EXPECT_EQ(Flows("2026-03-01", "2026-03-31")[Metric::kReceivedCounter], 3);
    EXPECT_EQ(Levels("2026-03-31")[Metric::kPendingWaiting], 1);
    EXPECT_EQ(RowCount(*db_, "kpi_pending"), 0);
    const auto check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_EQ(check->mismatches, 0) << check->first_mismatch.value_or("");
}

TEST_F(KpiStoreTest, VerificationCountsTheFactsStillPending) {
    March();
    ASSERT_GT(RowCount(*db_, "kpi_pending"), 0);
    const auto check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_EQ(check->mismatches, 0) << check->first_mismatch.value_or("");
    EXPECT_EQ(RowCount(*db_, "kpi_pending"), 0);
}

// Folding staged facts gives exactly the non-zero rows that adding the same facts directly gives,
// in the counters, their month sums and the three rollups (adding directly may leave rows at 0).
TEST(KpiPendingTest, FoldingGivesTheRowsOfAddingDirectly) {
    const auto fact = [](const char* day, Metric metric, const char* agency, std::int64_t value) {
        core::kpi::Fact f;
        f.day = Day(day);
        f.metric = metric;
        f.agency_code = agency;
        f.procedure_code = "1.001";
        f.sector_code = "TP-HOTICH";
        f.value = value;
        return f;
    };
    const std::vector<std::vector<core::kpi::Fact>> batches = {
        {fact("2026-03-02", Metric::kReceivedCounter, "A", 1),
         fact("2026-03-02", Metric::kReceivedCounter, "A", 1),
         fact("2026-03-31", Metric::kPending, "B", 1)},
        {fact("2026-04-01", Metric::kPending, "B", -1),
         fact("2026-03-02", Metric::kReceivedCounter, "A", -2),
         fact("2026-06-30", Metric::kSettledLate, "A", 3)},
    };
    const auto dump = [](Database& db) {
        std::vector<std::string> rows;
        for (const char* table : {"kpi_counters",
                                  "kpi_counter_months",
                                  "kpi_agency_rollups",
                                  "kpi_sector_rollups",
                                  "kpi_procedure_rollups",
                                  "kpi_pending"}) {
            auto read = db.Read([&](Connection& c) -> Result<int> {
                MOTCUA_ASSIGN_OR_RETURN(Statement st,
                                        c.Prepare(std::string("SELECT * FROM ") + table +
                                                  " WHERE value <> 0 ORDER BY 1, 2, 3, 4"));
                for (;;) {
                    MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
                    if (!row) {
                        return 0;
                    }
                    std::string line = table;
                    for (int i = 0; i < st.ColumnCount(); ++i) {
                        line += "|" + std::string(st.ColumnText(i));
                    }
                    rows.push_back(line);
                }
            });
            EXPECT_THAT(read, IsOk());
        }
        return rows;
    };
    DatabaseOptions options;
    options.path = ":memory:";
    auto staged = Database::Open(options);
    auto direct = Database::Open(options);
    ASSERT_THAT(staged, IsOk());
    ASSERT_THAT(direct, IsOk());
    for (const auto& batch : batches) {
        ASSERT_THAT((*staged)->Write([&](Connection& c) -> Result<std::size_t> {
            return internal::StagePendingFacts(c, batch);
        }),
                    IsOk());
        ASSERT_THAT((*direct)->Write([&](Connection& c) -> Result<int> {
            MOTCUA_TRY(internal::AddFacts(c, batch));
            return 0;
        }),
                    IsOk());
    }
    EXPECT_EQ(dump(**staged).size(), 5U);  // only pending rows: the merged, non-zero facts
    ASSERT_THAT(internal::FoldPendingFacts(**staged), IsOk());
    const std::vector<std::string> folded = dump(**staged);
    EXPECT_FALSE(folded.empty());
    EXPECT_EQ(folded, dump(**direct));
}

TEST_F(KpiStoreTest, SectorProcedureAndAgencyFilters) {
    March();
    Settle("2026-03-02T08:30", "2026-03-02T10:00", "2026-03-02T11:00", kOtherCommune);
    using Received = std::map<std::pair<std::string, std::string>, std::int64_t>;
    const auto received = [&](std::vector<std::string> agencies) {
        const auto rows =
            kpi_->Flows({Day("2026-03-01"), Day("2026-03-31"), true, "", "", std::move(agencies)});
        EXPECT_THAT(rows, IsOk());
        Received out;
        for (const ports::CounterRow& r : rows.value_or(std::vector<ports::CounterRow>{})) {
            if (r.metric == Metric::kReceivedCounter) {
                out[{r.agency_code, r.sector_code}] += r.value;
            }
        }
        return out;
    };
    // The whole province by sector (from the sector × procedure rollup), then some agencies by
    // sector (from the per-fact table).
    EXPECT_EQ(received({}), (Received{{{"", "TP-HOTICH"}, 3}}));
    EXPECT_EQ(received({kCommune, kOtherCommune}),
              (Received{{{kCommune, "TP-HOTICH"}, 2}, {{kOtherCommune, "TP-HOTICH"}, 1}}));
    EXPECT_EQ(received({kOtherCommune}), (Received{{{kOtherCommune, "TP-HOTICH"}, 1}}));
    const auto waiting = kpi_->Levels(
        {Day("2026-03-31"), Day("2026-03-31"), true, "", "", {kCommune, kOtherCommune}});
    ASSERT_THAT(waiting, IsOk());
    EXPECT_THAT(
        *waiting,
        ::testing::Contains(ports::CounterRow{kCommune, "TP-HOTICH", Metric::kPendingWaiting, 1}));
    ports::CounterQuery sector;
    sector.sector_code = "TP-HOTICH";
    EXPECT_EQ(Flows("2026-03-01", "2026-03-31", sector)[Metric::kReceivedCounter], 3);
    sector.sector_code = "NONE";
    EXPECT_EQ(Flows("2026-03-01", "2026-03-31", sector)[Metric::kReceivedCounter], 0);
    ports::CounterQuery death;
    death.procedure_code = kDeath;
    EXPECT_EQ(Flows("2026-03-01", "2026-04-30", death)[Metric::kSubmittedOnlineSelf], 1);
    EXPECT_EQ(Flows("2026-03-01", "2026-04-30", death)[Metric::kReceivedCounter], 0);
    ports::CounterQuery birth;
    birth.procedure_code = kBirth;
    EXPECT_EQ(Flows("2026-03-01", "2026-04-30", birth)[Metric::kReceivedCounter], 3);

    for (const bool by_agency : {true, false}) {
        const auto online = kpi_->ActiveProcedures(
            Metric::kReceivedOnlineSelf, Day("2026-03-01"), Day("2026-03-31"), by_agency, {});
        ASSERT_THAT(online, IsOk());
        EXPECT_THAT(*online,
                    ::testing::ElementsAre(std::make_pair(std::string(by_agency ? kCommune : ""),
                                                          std::string(kBirth))));
    }
}

// A period is read as whole months (of the rollups, or for some agencies by sector or procedure
// of kpi_counter_months), days, and months minus days: across month boundaries it gives the
// sum of its days, for every kind of query.
TEST_F(KpiStoreTest, APeriodAcrossMonthsGivesTheSumOfItsDays) {
    March();
    Settle("2026-04-01T08:30", "2026-04-01T10:00", "2026-04-02T09:00", kOtherCommune);
    Settle("2026-04-27T08:30", "2026-04-27T10:00", "2026-04-28T09:00");
    using Sums = std::map<std::tuple<std::string, std::string, Metric>, std::int64_t>;
    const auto sums = [](const Result<std::vector<ports::CounterRow>>& rows, bool levels_only) {
        EXPECT_THAT(rows, IsOk());
        Sums out;
        for (const ports::CounterRow& r : rows.value_or(std::vector<ports::CounterRow>{})) {
            if (!levels_only || kpi::IsLevel(r.metric)) {
                out[{r.agency_code, r.sector_code, r.metric}] += r.value;
            }
        }
        std::erase_if(out, [](const auto& kv) { return kv.second == 0; });
        return out;
    };
    const auto by_days = [&](cal::LocalDate from, cal::LocalDate to, ports::CounterQuery q) {
        Sums out;
        for (cal::LocalDate day = from; day <= to; day += std::chrono::days{1}) {
            q.from = day;
            q.to = day;
            for (const auto& [key, value] : sums(kpi_->Flows(q), false)) {
                out[key] += value;
            }
        }
        std::erase_if(out, [](const auto& kv) { return kv.second == 0; });
        return out;
    };
    const std::vector<std::string> communes{kCommune, kOtherCommune};
    const std::vector<ports::CounterQuery> queries = {
        {{}, {}, false, "", "", {}},                 // by agency (agency rollup)
        {{}, {}, true, "", "", {}},                  // the province by sector (sector rollup)
        {{}, {}, false, "TP-HOTICH", "", {}},        // one sector (sector rollup)
        {{}, {}, false, "", kBirth, {}},             // one procedure (procedure rollup)
        {{}, {}, true, "", "", communes},            // agencies by sector (per-fact months, days)
        {{}, {}, false, "TP-HOTICH", "", communes},  // agencies, one sector
        {{}, {}, false, "", kBirth, communes},       // agencies, one procedure
        {{}, {}, false, "", kDeath, {kCommune}},
        {{}, {}, false, "NONE", "", communes},
    };
    // 4 days + March + 2 days; March minus 2 days + April minus 5 days; March minus 1 day;
    // Q1 + 2 days (levels: March, Q2, 1 July).
    for (const auto& [from_text, to_text] :
         std::vector<std::pair<const char*, const char*>>{{"2026-02-25", "2026-04-02"},
                                                          {"2026-03-03", "2026-04-25"},
                                                          {"2026-03-02", "2026-03-30"},
                                                          {"2026-01-01", "2026-04-02"},
                                                          {"2026-06-30", "2026-07-01"}}) {
        const cal::LocalDate from = Day(from_text);
        const cal::LocalDate to = Day(to_text);
        for (std::size_t i = 0; i < queries.size(); ++i) {
            SCOPED_TRACE(fmt::format("{}..{}, query {}", from_text, to_text, i));
            ports::CounterQuery q = queries[i];
            const Sums expected = by_days(from, to, q);
            q.from = from;
            q.to = to;
            EXPECT_EQ(sums(kpi_->Flows(q), false), expected);
            if ((i == 0 || i == 3) && from < Day("2026-06-01")) {
                EXPECT_FALSE(expected.empty());
            }
            // Levels at the end of `to` are the sums of their changes since the first day
            // counted (1 March).
            Sums changes = by_days(Day("2026-03-01"), to, q);
            std::erase_if(changes,
                          [](const auto& kv) { return !kpi::IsLevel(std::get<2>(kv.first)); });
            EXPECT_EQ(sums(kpi_->Levels(q), true), changes);
        }
        // Procedures received: the period gives the union of its days, for the province, every
        // agency, or some agencies.
        using Pairs = std::set<std::pair<std::string, std::string>>;
        for (const auto& [by_agency, agencies] :
             std::vector<std::pair<bool, std::vector<std::string>>>{
                 {false, {}}, {true, {}}, {true, {kOtherCommune}}, {true, {kCommune, kTax}}}) {
            Pairs days;
            for (cal::LocalDate day = from; day <= to; day += std::chrono::days{1}) {
                const auto active =
                    kpi_->ActiveProcedures(Metric::kReceivedCounter, day, day, by_agency, agencies);
                ASSERT_THAT(active, IsOk());
                days.insert(active->begin(), active->end());
            }
            const auto active =
                kpi_->ActiveProcedures(Metric::kReceivedCounter, from, to, by_agency, agencies);
            ASSERT_THAT(active, IsOk());
            EXPECT_EQ(Pairs(active->begin(), active->end()), days);
            if (agencies.size() != 1 && from < Day("2026-06-01")) {
                EXPECT_FALSE(days.empty());
            }
            for (const auto& [agency, procedure] : days) {
                EXPECT_TRUE(agencies.empty() ||
                            std::find(agencies.begin(), agencies.end(), agency) != agencies.end());
            }
        }
    }
}

TEST_F(KpiStoreTest, ReferenceData) {
    const auto ref = kpi_->Reference(Day("2026-03-31"));
    ASSERT_THAT(ref, IsOk());
    ASSERT_EQ(ref->agencies.size(), 4U);
    EXPECT_EQ(ref->agencies[0].code, kProvince);
    EXPECT_EQ(ref->agencies[1].parent_code, kProvince);
    EXPECT_EQ(ref->agencies[1].kind, model::AgencyKind::kCommune);
    ASSERT_EQ(ref->procedures.size(), 2U);
    const ports::KpiProcedure& birth = ref->procedures[1];
    EXPECT_EQ(birth.code, kBirth);
    EXPECT_TRUE(birth.has_fee);
    EXPECT_FALSE(ref->procedures[0].has_fee);
    EXPECT_TRUE(birth.has_name && birth.has_steps && birth.has_components && birth.has_subjects &&
                birth.has_agency);
    EXPECT_EQ(birth.online_level, cat::OnlineLevel::kFull);
    EXPECT_EQ(ref->processes.size(), 4U);
    EXPECT_THAT(
        ref->sectors,
        ::testing::ElementsAre(std::make_pair(std::string("TP-HOTICH"), std::string("Hộ tịch"))));
    // Before the catalog took effect nothing is in force.
    EXPECT_TRUE(kpi_->Reference(Day("2025-06-30"))->procedures.empty());
}

TEST_F(KpiStoreTest, DrillDownListsTheLateDossierAndTheStepThatOverran) {
    March();
    const auto page = kpi_->Dossiers(
        {Metric::kSettledLate, Day("2026-03-01"), Day("2026-03-31"), {}, "", "", 0, 50});
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 1);
    EXPECT_EQ(page->sum, 1);
    ASSERT_EQ(page->items.size(), 1U);
    const ports::FigureDossier& d = page->items[0];
    EXPECT_EQ(d.code, late_.code);
    EXPECT_EQ(d.agency_code, kCommune);
    EXPECT_EQ(d.verdict, wf::Verdict::kLate);
    EXPECT_EQ(d.status, wf::DossierStatus::kProcessed);
    ASSERT_FALSE(d.overruns.empty());
    EXPECT_EQ(d.overruns[0].index, 0);
    EXPECT_EQ(d.overruns[0].name, "Thẩm định");
    EXPECT_EQ(d.overruns[0].agency_code, kCommune);
    EXPECT_GT(d.overruns[0].overrun_minutes, 0);
    EXPECT_EQ(d.overruns[0].finished_at, At("2026-03-10T09:00"));

    // Levels: the dossier waiting at the end of March, as it stood then.
    const auto waiting = kpi_->Dossiers(
        {Metric::kPendingWaiting, Day("2026-03-31"), Day("2026-03-31"), {kCommune}, "", "", 0, 50});
    ASSERT_THAT(waiting, IsOk());
    ASSERT_EQ(waiting->items.size(), 1U);
    EXPECT_EQ(waiting->items[0].code, waiting_.code);
    EXPECT_EQ(waiting->items[0].status, wf::DossierStatus::kSupplementRequested);
    // Scoped to another agency: nothing.
    const auto elsewhere = kpi_->Dossiers({Metric::kPendingWaiting,
                                           Day("2026-03-31"),
                                           Day("2026-03-31"),
                                           {kOtherCommune},
                                           "",
                                           "",
                                           0,
                                           50});
    ASSERT_THAT(elsewhere, IsOk());
    EXPECT_EQ(elsewhere->total, 0);
    // Returns, ratings and steps come from the event log and the step rows.
    const auto steps = kpi_->Dossiers(
        {Metric::kStepLate, Day("2026-03-01"), Day("2026-03-31"), {kCommune}, "", "", 0, 50});
    ASSERT_THAT(steps, IsOk());
    EXPECT_EQ(steps->total, 1);
}

TEST_F(KpiStoreTest, EveryFigureIsTheSumOfItsDossiers) {
    March();
    Settle("2026-03-04T08:30", "2026-03-04T10:00", "2026-03-04T11:00", kOtherCommune);
    std::map<Metric, std::int64_t> march = Flows("2026-03-01", "2026-03-31");
    std::map<Metric, std::int64_t> end = Levels("2026-03-31");
    for (const Metric m : kpi::AllMetrics()) {
        const auto page =
            kpi_->Dossiers({m, Day("2026-03-01"), Day("2026-03-31"), {}, "", "", 0, 1});
        ASSERT_THAT(page, IsOk()) << kpi::MetricName(m);
        EXPECT_EQ(page->sum, kpi::IsLevel(m) ? end[m] : march[m]) << kpi::MetricName(m);
        EXPECT_LE(page->items.size(), 1U);
    }
}

TEST_F(KpiStoreTest, DrillDownPages) {
    for (int i = 0; i < 5; ++i) {
        Settle(fmt::format("2026-03-0{}T08:30", 2 + i),
               fmt::format("2026-03-0{}T09:00", 2 + i),
               fmt::format("2026-03-0{}T10:00", 2 + i));
    }
    const auto first = kpi_->Dossiers(
        {Metric::kResultIssued, Day("2026-03-01"), Day("2026-03-31"), {}, "", "", 0, 2});
    const auto last = kpi_->Dossiers(
        {Metric::kResultIssued, Day("2026-03-01"), Day("2026-03-31"), {}, "", "", 4, 2});
    ASSERT_THAT(first, IsOk());
    ASSERT_THAT(last, IsOk());
    EXPECT_EQ(first->total, 5);
    EXPECT_EQ(first->items.size(), 2U);
    EXPECT_EQ(last->items.size(), 1U);
    EXPECT_LT(first->items[1].code, last->items[0].code);
    EXPECT_THAT(
        kpi_->Dossiers(
            {Metric::kResultIssued, Day("2026-03-01"), Day("2026-03-31"), {}, "", "", 0, 0}),
        HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(
        kpi_->Dossiers(
            {Metric::kResultIssued, Day("2026-03-01"), Day("2026-03-31"), {}, "", "", -1, 10}),
        HasError(ErrorCode::kInvalidArgument));
}

TEST_F(KpiStoreTest, RecomputationFindsAndRepairsTampering) {
    March();
    Exec("UPDATE kpi_counters SET value = value + 1 WHERE metric = 22");
    auto check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_GE(check->mismatches, 1);
    ASSERT_TRUE(check->first_mismatch.has_value());
    EXPECT_THAT(*check->first_mismatch, ::testing::HasSubstr("settled_late"));

    check = VerifyKpiCounters(*db_, true);
    ASSERT_THAT(check, IsOk());
    EXPECT_TRUE(check->repaired);
    check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_EQ(check->mismatches, 0) << check->first_mismatch.value_or("");
    EXPECT_EQ(Flows("2026-03-01", "2026-03-31")[Metric::kSettledLate], 1);

    // A quarter row altered alone is read by a quarter's figures and caught.
    EXPECT_EQ(Flows("2026-01-01", "2026-03-31")[Metric::kReceivedCounter], 2);
    Exec("UPDATE kpi_agency_rollups SET value = value + 5 WHERE metric = 12 AND bucket = 20261");
    EXPECT_EQ(Flows("2026-01-01", "2026-03-31")[Metric::kReceivedCounter], 7);
    check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_THAT(check->first_mismatch.value_or(""), ::testing::HasSubstr("bucket 20261"));
    ASSERT_THAT(VerifyKpiCounters(*db_, true), IsOk());
    EXPECT_EQ(Flows("2026-01-01", "2026-03-31")[Metric::kReceivedCounter], 2);

    // A rollup row altered alone is caught too.
    Exec("UPDATE kpi_agency_rollups SET value = value + 5 WHERE metric = 12 AND bucket = 202603");
    check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_GE(check->mismatches, 1);
    EXPECT_THAT(check->first_mismatch.value_or(""), ::testing::HasSubstr("kpi_agency_rollups"));
    ASSERT_THAT(VerifyKpiCounters(*db_, true), IsOk());

    // And a month row of the per-fact counters, which a commune's figures by sector read.
    const auto commune_march = [&] {
        return Flows("2026-03-01", "2026-03-31", {{}, {}, true, "", "", {kCommune}});
    };
    const std::int64_t received = commune_march()[Metric::kReceivedCounter];
    Exec("UPDATE kpi_counter_months SET value = value + 3 WHERE metric = 12 AND month = 202603");
    EXPECT_EQ(commune_march()[Metric::kReceivedCounter], received + 3);
    check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_GE(check->mismatches, 1);
    EXPECT_THAT(check->first_mismatch.value_or(""), ::testing::HasSubstr("kpi_counter_months"));
    ASSERT_THAT(VerifyKpiCounters(*db_, true), IsOk());
    EXPECT_EQ(commune_march()[Metric::kReceivedCounter], received);

    // And a row of the sector rollup, which the province's figures by sector read.
    ports::CounterQuery hotich;
    hotich.sector_code = "TP-HOTICH";
    EXPECT_EQ(Flows("2026-03-01", "2026-03-31", hotich)[Metric::kReceivedCounter], 2);
    Exec("UPDATE kpi_sector_rollups SET value = value + 1 WHERE metric = 12 AND bucket = 202603");
    EXPECT_EQ(Flows("2026-03-01", "2026-03-31", hotich)[Metric::kReceivedCounter], 3);
    check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_GE(check->mismatches, 1);
    EXPECT_THAT(check->first_mismatch.value_or(""), ::testing::HasSubstr("kpi_sector_rollups"));
    ASSERT_THAT(VerifyKpiCounters(*db_, true), IsOk());
    EXPECT_EQ(Flows("2026-03-01", "2026-03-31", hotich)[Metric::kReceivedCounter], 2);
}

TEST_F(KpiStoreTest, CountersOfADatabaseFromBeforeTheMigrationAreRebuilt) {
    March();
    Exec(
        "DELETE FROM kpi_counters; DELETE FROM kpi_counter_months; DELETE FROM "
        "kpi_agency_rollups; DELETE FROM kpi_sector_rollups; DELETE FROM kpi_procedure_rollups");
    auto check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_GT(check->mismatches, 0);
    ASSERT_THAT(VerifyKpiCounters(*db_, true), IsOk());
    EXPECT_EQ(Flows("2026-03-01", "2026-03-31")[Metric::kReceivedCounter], 2);
    EXPECT_EQ(Levels("2026-03-31")[Metric::kPendingWaiting], 1);
}

// A database counted before the ten-day buckets (0012): the migration sums them from the days.
TEST_F(KpiStoreTest, TheTenDayBucketsOfADatabaseFromBeforeThemAreSummedByTheMigration) {
    March();
    Settle("2026-04-20T08:30", "2026-04-20T10:00", "2026-04-21T09:00", kOtherCommune);
    const std::map<Metric, std::int64_t> period = Flows("2026-03-15", "2026-04-25");
    Exec(
        "DELETE FROM kpi_agency_rollups WHERE bucket BETWEEN 1000000 AND 9999999; DELETE FROM "
        "kpi_sector_rollups WHERE bucket BETWEEN 1000000 AND 9999999; DELETE FROM "
        "kpi_procedure_rollups WHERE bucket BETWEEN 1000000 AND 9999999");
    auto check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_GT(check->mismatches, 0);
    const auto migrations = ParseMigrationFiles(BuiltinMigrations());
    ASSERT_THAT(migrations, IsOk());
    const auto dekads = std::find_if(
        migrations->begin(), migrations->end(), [](const Migration& m) { return m.version == 12; });
    ASSERT_NE(dekads, migrations->end());
    EXPECT_EQ(dekads->name, "kpi_dekads");
    Exec(dekads->sql);
    check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_EQ(check->mismatches, 0) << check->first_mismatch.value_or("");
    EXPECT_EQ(Flows("2026-03-15", "2026-04-25"), period);
}

TEST_F(KpiStoreTest, ABulkLoadWithoutCountersIsRebuiltToTheSameFigures) {
    March();
    const std::map<Metric, std::int64_t> march = Flows("2026-03-01", "2026-03-31");
    const std::map<Metric, std::int64_t> end = Levels("2026-03-31");
    // The same dossiers again in a fresh database, appended without counters.
    ReopenWithoutCounters();
    March();
    EXPECT_TRUE(Flows("2026-03-01", "2026-03-31").empty());
    const auto rebuilt = VerifyKpiCounters(*db_, /*repair=*/true);
    ASSERT_THAT(rebuilt, IsOk());
    EXPECT_TRUE(rebuilt->repaired);
    EXPECT_EQ(Flows("2026-03-01", "2026-03-31"), march);
    EXPECT_EQ(Levels("2026-03-31"), end);
    const auto check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_EQ(check->mismatches, 0) << check->first_mismatch.value_or("");
}

TEST_F(KpiStoreTest, ARebuildGivesTheFiguresOfCountingEachEvent) {
    March();
    const std::map<Metric, std::int64_t> march = Flows("2026-03-01", "2026-03-31");
    const std::map<Metric, std::int64_t> end = Levels("2026-03-31");
    // Later events wait in kpi_pending; the rebuild counts them once, from the log.
    Settle("2026-03-04T08:30", "2026-03-04T10:00", "2026-03-05T11:00");
    ASSERT_GT(RowCount(*db_, "kpi_pending"), 0);
    const auto rebuilt = RebuildKpiCounters(*db_);
    ASSERT_THAT(rebuilt, IsOk());
    EXPECT_TRUE(rebuilt->repaired);
    EXPECT_EQ(rebuilt->dossiers, 5);
    EXPECT_EQ(RowCount(*db_, "kpi_pending"), 0);
    std::map<Metric, std::int64_t> expected = march;
    expected[Metric::kReceivedCounter] += 1;
    EXPECT_EQ(Flows("2026-03-01", "2026-03-31")[Metric::kReceivedCounter],
              expected[Metric::kReceivedCounter]);
    EXPECT_EQ(Levels("2026-03-31"), end);
    const auto check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_EQ(check->mismatches, 0) << check->first_mismatch.value_or("");

    // Without counters written by the appends (a bulk load), the rebuild gives the same figures.
    const std::map<Metric, std::int64_t> all = Flows("2026-03-01", "2026-03-31");
    ReopenWithoutCounters();
    March();
    Settle("2026-03-04T08:30", "2026-03-04T10:00", "2026-03-05T11:00");
    EXPECT_TRUE(Flows("2026-03-01", "2026-03-31").empty());
    ASSERT_THAT(RebuildKpiCounters(*db_), IsOk());
    EXPECT_EQ(Flows("2026-03-01", "2026-03-31"), all);
    EXPECT_EQ(Levels("2026-03-31"), end);
}

TEST_F(KpiStoreTest, AStoreWithAColdCacheReadsTheProjectionItAppendsTo) {
    wf::Dossier d = Submit("2026-03-02T08:30", wf::Channel::kCounter);
    // A second store (as another process would have) decides and appends from the database.
    SqliteDossierStore cold(*db_);
    wf::DossierService other(*directory_, cold, clock_, keys_);
    Set("2026-03-02T09:00");
    ASSERT_THAT(other.Act(Officer(), d.id, wf::Forward{model::UserId{101}, ""}), IsOk());
    Set("2026-03-02T10:00");
    ASSERT_THAT(other.Act(Specialist(), d.id, wf::CompleteStep{}), IsOk());
    Set("2026-03-02T11:00");
    ASSERT_THAT(other.Act(Leader(), d.id, wf::IssueResult{}), IsOk());
    const auto check = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_EQ(check->mismatches, 0) << check->first_mismatch.value_or("");
    EXPECT_EQ(Levels("2026-03-02")[Metric::kPending], 0);
}

}  // namespace
}  // namespace motcua::storage::sqlite
