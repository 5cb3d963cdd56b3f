// SqliteDirectory through the CatalogAdmin port, on ":memory:" and a file database: decisions
// published all or nothing and never twice, internal processes kept as versions that apply to
// dossiers received after they are saved (earlier dossiers keep theirs), and an agency's own
// calendar entries replaced and seen by its calendar.
#include "core/ports/catalog_admin.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/catalog/procedure.hpp"
#include "core/model/agency.hpp"
#include "core/workflow/process.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/testing/test_db.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace wf = core::workflow;
namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;

using testing::DbKind;
using testing::DbKindName;
using testing::DbTest;

constexpr const char* kProvince = "000.00.00.H99";
constexpr const char* kCommune = "000.00.21.H99";
constexpr const char* kBirth = "1.001193";

cal::LocalDate Day(std::string_view text) {
    return *cal::ParseDate(text);
}

cal::LocalDateTime At(std::string_view text) {
    return *cal::ParseDateTime(text);
}

cat::ProcedureVersion MakeVersion(std::string code, std::string name, int deadline) {
    cat::ProcedureVersion v;
    v.code = std::move(code);
    v.name = std::move(name);
    v.sector_code = "HT";
    v.sector_name = "Hộ tịch";
    v.level = cat::ProcedureLevel::kCommune;
    v.components = {{"TP1", "Tờ khai", true, 1, true, ""}};
    v.deadline = deadline;
    v.deadline_unit = cal::DurationUnit::kWorkingDays;
    return v;
}

cat::PublicationDecision MakeDecision(std::string number,
                                      std::string_view effective_on,
                                      std::vector<cat::DecisionItem> items) {
    cat::PublicationDecision d;
    d.number = std::move(number);
    d.title = "Công bố thủ tục hành chính";
    d.issuer = "Chủ tịch UBND tỉnh";
    d.signed_on = Day(effective_on);
    d.effective_on = Day(effective_on);
    d.items = std::move(items);
    return d;
}

wf::InternalProcess Steps(std::vector<std::pair<std::string, int>> hours) {
    wf::InternalProcess p;
    p.procedure_code = kBirth;
    p.agency_code = kCommune;
    for (auto& [name, budget] : hours) {
        p.steps.push_back(
            {std::move(name), wf::Role::kSpecialist, "", budget, cal::DurationUnit::kWorkingHours});
    }
    return p;
}

class CatalogAdminTest : public DbTest {
protected:
    void SetUp() override {
        DatabaseOptions options;
        options.path = DbPath();
        auto db = Database::Open(options);
        ASSERT_THAT(db, IsOk());
        db_ = std::move(*db);
        auto national = cal::BuiltinNationalSchedules();
        ASSERT_THAT(national, IsOk());
        directory_ = std::make_unique<SqliteDirectory>(*db_, std::move(*national));
        model::Agency province;
        province.code = kProvince;
        province.name = "UBND tỉnh";
        province.kind = model::AgencyKind::kProvince;
        const auto province_id = directory_->SaveAgency(province);
        ASSERT_THAT(province_id, IsOk());
        model::Agency commune;
        commune.code = kCommune;
        commune.name = "UBND phường Thống Nhất";
        commune.kind = model::AgencyKind::kCommune;
        commune.parent = *province_id;
        ASSERT_THAT(directory_->SaveAgency(commune), IsOk());
        // Two working days: 16 working hours for the steps.
        ASSERT_THAT(
            admin().PublishDecision(MakeDecision(
                "100/QĐ-UBND",
                "2025-07-01",
                {{cat::ChangeKind::kNew, kBirth, MakeVersion(kBirth, "Khai sinh", 2), {}}})),
            IsOk());
    }

    core::ports::CatalogAdmin& admin() { return *directory_; }

    Result<std::int64_t> Count(std::string_view sql) {
        return db_->Read([&](Connection& c) { return testing::QueryInt(c, sql); });
    }

    std::unique_ptr<Database> db_;
    std::unique_ptr<SqliteDirectory> directory_;
};

INSTANTIATE_TEST_SUITE_P(Db,
                         CatalogAdminTest,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile),
                         DbKindName);

TEST_P(CatalogAdminTest, PublishesAllOrNothingAndNeverTwice) {
    cat::ProcedureVersion amended = MakeVersion(kBirth, "Đăng ký khai sinh", 1);
    cat::ProcedureVersion bad = MakeVersion("1.000894", "", 5);  // no name
    const auto refused =
        admin().PublishDecision(MakeDecision("200/QĐ-UBND",
                                             "2026-03-02",
                                             {{cat::ChangeKind::kAmended, kBirth, amended, {}},
                                              {cat::ChangeKind::kNew, "1.000894", bad, {}}}));
    ASSERT_THAT(refused, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(refused.error().field, "items[1].version.name");
    EXPECT_THAT(Count("SELECT count(*) FROM publication_decisions"), IsOkAndHolds(1));
    EXPECT_THAT(Count("SELECT count(*) FROM procedure_versions"), IsOkAndHolds(1));

    const auto decision = MakeDecision(
        "200/QĐ-UBND", "2026-03-02", {{cat::ChangeKind::kAmended, kBirth, amended, {}}});
    ASSERT_THAT(admin().PublishDecision(decision), IsOk());
    const auto now = directory_->VersionInForce(kBirth, Day("2026-03-02"));
    ASSERT_THAT(now, IsOk());
    EXPECT_EQ(now->version, 2);
    EXPECT_EQ(now->name, "Đăng ký khai sinh");
    const auto again = admin().PublishDecision(decision);
    ASSERT_THAT(again, HasError(ErrorCode::kAlreadyExists));
    EXPECT_EQ(again.error().field, "number");
    EXPECT_THAT(Count("SELECT count(*) FROM procedure_versions"), IsOkAndHolds(2));
}

TEST_P(CatalogAdminTest, ProcessVersionsApplyToDossiersReceivedAfterTheSave) {
    ASSERT_THAT(directory_->SaveProcess(Steps({{"Thẩm định", 8}}), Day("2026-01-05")), IsOk());
    const auto second = admin().SaveProcessVersion(
        Steps({{"Thẩm định", 4}, {"Phê duyệt", 4}}), At("2026-03-02T10:21"), "quantri");
    ASSERT_THAT(second, IsOk());
    EXPECT_EQ(second->version, 2);
    EXPECT_EQ(second->applies_from, At("2026-03-02T10:22"));
    EXPECT_EQ(second->saved_by, "quantri");

    const auto steps_for = [&](std::string_view received) -> std::size_t {
        const auto p = directory_->ProcessFor(kBirth, kCommune, At(received));
        EXPECT_THAT(p, IsOk()) << received;
        return p ? p->steps.size() : 0;
    };
    // table: reception time → the version's number of steps
    EXPECT_EQ(steps_for("2025-12-31T08:00"), 1U);  // before any version: the first
    EXPECT_EQ(steps_for("2026-01-05T00:00"), 1U);
    EXPECT_EQ(steps_for("2026-03-02T10:21"), 1U);  // the minute of the save: still the old one
    EXPECT_EQ(steps_for("2026-03-02T10:22"), 2U);
    EXPECT_EQ(steps_for("2027-01-01T08:00"), 2U);
    // New dossiers and the public page read the newest.
    const auto current = directory_->Process(kBirth, kCommune);
    ASSERT_THAT(current, IsOk());
    EXPECT_EQ(current->steps.size(), 2U);

    const auto versions = admin().ProcessVersions(kBirth, kCommune);
    ASSERT_THAT(versions, IsOk());
    ASSERT_EQ(versions->size(), 2U);
    EXPECT_EQ((*versions)[0].version, 1);
    EXPECT_EQ((*versions)[0].applies_from, At("2026-01-05T00:00"));
    EXPECT_EQ((*versions)[0].saved_by, "");
    EXPECT_EQ((*versions)[1].process.steps, second->process.steps);
    EXPECT_THAT(directory_->ProcessFor(kBirth, kProvince, At("2026-03-02T10:22")),
                HasError(ErrorCode::kNotFound));
}

TEST_P(CatalogAdminTest, AProcessOverTheLegalDeadlineIsRefusedAndNothingKept) {
    const auto over = admin().SaveProcessVersion(
        Steps({{"Thẩm định", 12}, {"Phê duyệt", 8}}), At("2026-03-02T10:21"), "quantri");
    ASSERT_THAT(over, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(over.error().field, "steps");
    EXPECT_THAT(over.error().message_vi, ::testing::HasSubstr("vượt 4 giờ"));
    const auto unknown_agency = admin().SaveProcessVersion(
        [] {
            auto p = Steps({{"Thẩm định", 8}});
            p.agency_code = "999.99.99.Z99";
            return p;
        }(),
        At("2026-03-02T10:21"),
        "quantri");
    EXPECT_THAT(unknown_agency, HasError(ErrorCode::kNotFound));
    EXPECT_THAT(Count("SELECT count(*) FROM internal_process_versions"), IsOkAndHolds(0));
    EXPECT_THAT(Count("SELECT count(*) FROM internal_processes"), IsOkAndHolds(0));
}

TEST_P(CatalogAdminTest, AgencyCalendarEntriesAreReplacedAndSeenByTheCalendar) {
    const std::vector<cal::CalendarEntry> entries = {
        {Day("2026-03-07"), cal::DayKind::kMakeupWorkday, "Làm bù ngày 09/03"},
        {Day("2026-03-09"), cal::DayKind::kSwapOff, "Nghỉ hoán đổi"},
    };
    ASSERT_THAT(admin().SaveAgencyCalendar(kCommune, entries), IsOk());
    const auto calendar = directory_->CalendarOf(kCommune);
    ASSERT_THAT(calendar, IsOk());
    EXPECT_TRUE((*calendar)->Day(Day("2026-03-07")).working);
    EXPECT_TRUE((*calendar)->Day(Day("2026-03-07")).agency_override);
    EXPECT_FALSE((*calendar)->Day(Day("2026-03-09")).working);
    const auto agency = directory_->AgencyByCode(kCommune);
    ASSERT_THAT(agency, IsOk());
    EXPECT_EQ(agency->calendar_overrides, entries);

    const auto twice = admin().SaveAgencyCalendar(
        kCommune, {entries[1], entries[0], {Day("2026-03-09"), cal::DayKind::kHoliday, "Lễ"}});
    ASSERT_THAT(twice, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(twice.error().field, "entries[2].date");

    ASSERT_THAT(admin().SaveAgencyCalendar(kCommune, {}), IsOk());
    const auto cleared = directory_->CalendarOf(kCommune);
    ASSERT_THAT(cleared, IsOk());
    EXPECT_TRUE((*cleared)->Day(Day("2026-03-09")).working);
    EXPECT_THAT(admin().SaveAgencyCalendar("999.99.99.Z99", {}), HasError(ErrorCode::kNotFound));
}

}  // namespace
}  // namespace motcua::storage::sqlite
