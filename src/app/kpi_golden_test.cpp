// Golden files of the indicator engine on a small fixed province: the QĐ 766 index (province and
// one commune), the rankings, the settlement report and two drill-downs for 2026-Q3, as JSON
// (tests/golden/kpi/*.json; MOTCUA_UPDATE_GOLDEN=1 rewrites them). Every dossier is driven through
// the real DossierService on SQLite, so the counters are the ones Append writes.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/wiring.hpp"
#include "common/clock.hpp"
#include "common/testing/result_matchers.hpp"
#include "core/kpi/kpi_service.hpp"
#include "core/workflow/commands.hpp"
#include "core/workflow/dossier_service.hpp"
#include "integrations/reports/report_json.hpp"
#include "storage/sqlite/kpi_store.hpp"

namespace motcua::app {
namespace {

namespace wf = core::workflow;
namespace cat = core::catalog;
namespace cal = core::calendar;
namespace kpi = core::kpi;
namespace model = core::model;
using cal::DurationUnit;

constexpr const char* kProvince = "000.00.00.H99";
constexpr const char* kJustice = "000.00.02.H99";
constexpr const char* kLegalAid = "000.01.02.H99";
constexpr const char* kAnBinh = "000.00.21.H99";
constexpr const char* kHoaLac = "000.00.22.H99";
constexpr const char* kTax = "000.00.30.H99";
constexpr const char* kBirth = "1.001193";
constexpr const char* kDeath = "1.000656";
constexpr const char* kRecord = "2.000488";  // lý lịch tư pháp
constexpr const char* kAid = "2.000977";     // trợ giúp pháp lý

cal::LocalDate Day(std::string_view text) {
    return *cal::ParseDate(text);
}

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void ExpectGolden(std::string_view name, const std::string& actual) {
    const std::string path =
        std::string(MOTCUA_SOURCE_DIR) + "/tests/golden/kpi/" + std::string(name);
    const char* update = std::getenv("MOTCUA_UPDATE_GOLDEN");  // NOLINT(concurrency-mt-unsafe)
    if (update != nullptr && std::string_view(update) == "1") {
        std::filesystem::create_directories(std::filesystem::path(path).parent_path());
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    EXPECT_EQ(actual, ReadFile(path))
        << "golden file " << path << " differs; rerun with MOTCUA_UPDATE_GOLDEN=1 to accept";
}

cat::ProcedureVersion Version(const char* code,
                              const char* name,
                              const char* sector_code,
                              const char* sector_name,
                              cat::ProcedureLevel level,
                              cat::OnlineLevel online,
                              int days,
                              std::int64_t fee) {
    cat::ProcedureVersion v;
    v.code = code;
    v.name = name;
    v.sector_code = sector_code;
    v.sector_name = sector_name;
    v.level = level;
    v.online_level = online;
    v.implementing_agency = level == cat::ProcedureLevel::kCommune ? "UBND cấp xã" : "Sở Tư pháp";
    v.steps = "Nộp hồ sơ; tiếp nhận; giải quyết; trả kết quả";
    v.subjects = "Công dân Việt Nam";
    v.components = {{"TP1", "Tờ khai", true, 1, true, ""}};
    v.deadline = days;
    v.deadline_unit = DurationUnit::kWorkingDays;
    v.postal = true;
    if (fee > 0) {
        v.fees = {{"Lệ phí", fee, ""}};
    }
    v.result = "Kết quả";
    return v;
}

class SmallProvince : public ::testing::Test {
protected:
    SmallProvince() : clock_(cal::ToInstant(*cal::ParseDateTime("2026-06-01T08:00"))), keys_(7) {}

    void SetUp() override {
        auto backend = OpenBackend(":memory:");
        ASSERT_THAT(backend, IsOk());
        b_ = std::move(*backend);
        service_ = std::make_unique<wf::DossierService>(*b_.directory, *b_.store, clock_, keys_);
        kpi_store_ = std::make_unique<storage::sqlite::SqliteKpiStore>(*b_.db);
        kpi_ = std::make_unique<kpi::KpiService>(*kpi_store_, clock_);
        ASSERT_NO_FATAL_FAILURE(Build());
        ASSERT_NO_FATAL_FAILURE(Dossiers());
        Set("2026-10-05T12:00");
    }

    void Agency(const char* code, const char* name, model::AgencyKind kind, const char* parent) {
        model::Agency a;
        a.code = code;
        a.name = name;
        a.kind = kind;
        if (parent != nullptr) {
            a.parent = ids_.at(parent);
        }
        auto id = b_.directory->SaveAgency(a);
        ASSERT_THAT(id, IsOk());
        ids_[code] = *id;
    }

    void Build() {
        using K = model::AgencyKind;
        Agency(kProvince, "UBND tỉnh Thử Nghiệm", K::kProvince, nullptr);
        Agency(kJustice, "Sở Tư pháp", K::kDepartment, kProvince);
        Agency(kLegalAid, "Trung tâm Trợ giúp pháp lý nhà nước", K::kOther, kJustice);
        Agency(kAnBinh, "UBND xã An Bình", K::kCommune, kProvince);
        Agency(kHoaLac, "UBND xã Hòa Lạc", K::kCommune, kProvince);
        Agency(kTax, "Chi cục Thuế khu vực I", K::kOther, kProvince);
        cat::PublicationDecision d;
        d.number = "1/QĐ-UBND";
        d.title = "Công bố thủ tục hành chính";
        d.issuer = "Chủ tịch UBND tỉnh";
        d.signed_on = Day("2025-06-20");
        d.effective_on = Day("2025-07-01");
        using L = cat::ProcedureLevel;
        using O = cat::OnlineLevel;
        cat::ProcedureVersion aid = Version(kAid,
                                            "Thực hiện trợ giúp pháp lý",
                                            "TP-TGPL",
                                            "Trợ giúp pháp lý",
                                            L::kProvince,
                                            O::kNone,
                                            5,
                                            0);
        aid.subjects.clear();  // not published in full
        d.items = {
            {cat::ChangeKind::kNew,
             kBirth,
             Version(kBirth,
                     "Đăng ký khai sinh",
                     "TP-HOTICH",
                     "Hộ tịch",
                     L::kCommune,
                     O::kFull,
                     3,
                     8000),
             {}},
            {cat::ChangeKind::kNew,
             kDeath,
             Version(
                 kDeath, "Đăng ký khai tử", "TP-HOTICH", "Hộ tịch", L::kCommune, O::kPartial, 3, 0),
             {}},
            {cat::ChangeKind::kNew,
             kRecord,
             Version(kRecord,
                     "Cấp Phiếu lý lịch tư pháp",
                     "TP-LLTP",
                     "Lý lịch tư pháp",
                     L::kProvince,
                     O::kFull,
                     10,
                     200000),
             {}},
            {cat::ChangeKind::kNew, kAid, aid, {}}};
        ASSERT_THAT(b_.directory->Publish(d), IsOk());
        const auto process = [&](const char* procedure, const char* agency, int hours) {
            wf::InternalProcess p;
            p.procedure_code = procedure;
            p.agency_code = agency;
            p.steps = {
                {"Thẩm định hồ sơ", wf::Role::kSpecialist, "", hours, DurationUnit::kWorkingHours},
                {"Phê duyệt, ký kết quả",
                 wf::Role::kAgencyLeader,
                 "",
                 4,
                 DurationUnit::kWorkingHours}};
            ASSERT_THAT(b_.directory->SaveProcess(p, Day("2026-06-01")), IsOk());
        };
        for (const char* commune : {kAnBinh, kHoaLac}) {
            process(kBirth, commune, 8);
            process(kDeath, commune, 8);
        }
        process(kRecord, kJustice, 40);
        process(kAid, kLegalAid, 16);
    }

    void Set(std::string_view at) { clock_.Set(cal::ToInstant(*cal::ParseDateTime(at))); }

    static wf::Actor Officer(const char* agency) {
        return {wf::Role::kOneStopOfficer, model::UserId{10}, agency, "Cán bộ một cửa"};
    }

    static wf::Actor Specialist(const char* agency) {
        return {wf::Role::kSpecialist, model::UserId{11}, agency, "Chuyên viên"};
    }

    static wf::Actor Leader(const char* agency) {
        return {wf::Role::kAgencyLeader, model::UserId{12}, agency, "Lãnh đạo"};
    }

    static wf::Actor Citizen() { return {wf::Role::kCitizen, model::UserId{500}, "", "Công dân"}; }

    wf::Dossier Submit(std::string_view at,
                       const wf::Actor& actor,
                       const char* procedure,
                       const char* agency,
                       wf::Channel channel) {
        Set(at);
        wf::Submission s;
        s.procedure_code = procedure;
        s.agency_code = agency;
        s.channel = channel;
        s.applicant = {"Trần Thị B", "001190000002", "0912000000", "", "Thôn 1", std::nullopt};
        s.components = {"TP1"};
        auto d = service_->Submit(actor, s);
        EXPECT_THAT(d, IsOk()) << at;
        return d.value_or(wf::Dossier{});
    }

    void Act(wf::Dossier& d, std::string_view at, const wf::Actor& actor, const wf::Command& c) {
        Set(at);
        auto next = service_->Act(actor, d.id, c);
        ASSERT_THAT(next, IsOk()) << d.code << " at " << at;
        d = std::move(*next);
    }

    // Forward, complete the first step, issue the result (times in order).
    void Process(wf::Dossier& d,
                 const char* agency,
                 std::string_view forward,
                 std::string_view step,
                 std::string_view result) {
        Act(d, forward, Officer(agency), wf::Forward{model::UserId{11}, ""});
        Act(d, step, Specialist(agency), wf::CompleteStep{});
        Act(d, result, Leader(agency), wf::IssueResult{});
    }

    void Dossiers() {
        const wf::Reason reason{"chung", "Không đủ điều kiện", "Đối chiếu quy định và nộp lại"};
        // Q2, settled in Q3 (carried over).
        wf::Dossier carried =
            Submit("2026-06-25T20:00", Citizen(), kBirth, kAnBinh, wf::Channel::kOnline);
        Act(carried, "2026-06-26T08:00", Officer(kAnBinh), wf::Receive{});
        Process(carried, kAnBinh, "2026-06-26T08:30", "2026-06-30T10:00", "2026-07-02T09:00");

        wf::Dossier counter =
            Submit("2026-07-06T08:00", Officer(kAnBinh), kBirth, kAnBinh, wf::Channel::kCounter);
        Process(counter, kAnBinh, "2026-07-06T08:10", "2026-07-06T10:00", "2026-07-06T11:00");
        Act(counter,
            "2026-07-06T15:00",
            Officer(kAnBinh),
            wf::ReturnResult{wf::ReturnMethod::kCounter});

        wf::Dossier online =
            Submit("2026-07-07T21:00", Citizen(), kBirth, kAnBinh, wf::Channel::kOnline);
        Act(online, "2026-07-08T08:00", Officer(kAnBinh), wf::Receive{});
        Act(online, "2026-07-08T08:10", Officer(kAnBinh), wf::Forward{model::UserId{11}, ""});
        Act(online, "2026-07-08T09:00", Specialist(kAnBinh), wf::RequestPayment{8000, "Lệ phí"});
        Act(online, "2026-07-08T10:00", Citizen(), wf::ConfirmPayment{8000, "online"});
        Act(online, "2026-07-08T14:00", Specialist(kAnBinh), wf::CompleteStep{});
        Act(online, "2026-07-09T09:00", Leader(kAnBinh), wf::IssueResult{});
        Act(online,
            "2026-07-09T10:00",
            Officer(kAnBinh),
            wf::ReturnResult{wf::ReturnMethod::kOnline});
        Act(online, "2026-07-09T20:00", Citizen(), wf::Rate{5, "Nhanh"});

        // Late: the appraisal step overran by days.
        wf::Dossier late =
            Submit("2026-07-13T08:00", Officer(kAnBinh), kDeath, kAnBinh, wf::Channel::kCounter);
        Process(late, kAnBinh, "2026-07-13T08:10", "2026-07-21T10:00", "2026-07-21T15:00");
        Act(late,
            "2026-07-22T09:00",
            Officer(kAnBinh),
            wf::ReturnResult{wf::ReturnMethod::kCounter});

        wf::Dossier refused =
            Submit("2026-08-03T08:00", Officer(kHoaLac), kBirth, kHoaLac, wf::Channel::kCounter);
        Act(refused, "2026-08-03T08:10", Officer(kHoaLac), wf::Forward{model::UserId{11}, ""});
        Act(refused, "2026-08-04T09:00", Specialist(kHoaLac), wf::Refuse{{reason}});

        // Assisted online, with a supplement during processing.
        wf::Dossier assisted =
            Submit("2026-08-04T09:00", Officer(kHoaLac), kBirth, kHoaLac, wf::Channel::kOnline);
        Act(assisted, "2026-08-04T09:10", Officer(kHoaLac), wf::Receive{});
        Act(assisted, "2026-08-04T09:20", Officer(kHoaLac), wf::Forward{model::UserId{11}, ""});
        Act(assisted,
            "2026-08-05T09:00",
            Specialist(kHoaLac),
            wf::RequestSupplement{{{"TP1", "Ảnh mờ", "Chụp lại rõ nét"}}});
        Act(assisted, "2026-08-10T09:00", Officer(kHoaLac), wf::ProvideSupplement{{"TP1"}});
        Act(assisted, "2026-08-10T14:00", Specialist(kHoaLac), wf::CompleteStep{});
        Act(assisted, "2026-08-11T09:00", Leader(kHoaLac), wf::IssueResult{});

        // Waiting for a supplement across the end of the quarter.
        wf::Dossier waiting =
            Submit("2026-09-28T20:00", Citizen(), kDeath, kHoaLac, wf::Channel::kOnline);
        Act(waiting, "2026-09-29T08:00", Officer(kHoaLac), wf::Receive{});
        Act(waiting, "2026-09-29T08:10", Officer(kHoaLac), wf::Forward{model::UserId{11}, ""});
        Act(waiting,
            "2026-09-29T10:00",
            Specialist(kHoaLac),
            wf::RequestSupplement{{{"TP1", "Thiếu giấy báo tử", "Nộp bổ sung"}}});
        Act(waiting, "2026-10-02T09:00", Citizen(), wf::ProvideSupplement{{"TP1"}});

        // Refused at reception.
        wf::Dossier rejected =
            Submit("2026-09-10T22:00", Citizen(), kDeath, kAnBinh, wf::Channel::kOnline);
        Act(rejected, "2026-09-11T08:00", Officer(kAnBinh), wf::Refuse{{reason}});

        // Criminal record: consultation answered late, apology, result after the original date.
        wf::Dossier record =
            Submit("2026-07-15T09:00", Officer(kJustice), kRecord, kJustice, wf::Channel::kCounter);
        Act(record, "2026-07-15T09:10", Officer(kJustice), wf::Forward{model::UserId{11}, ""});
        Act(record,
            "2026-07-15T10:00",
            Specialist(kJustice),
            wf::Consult{kTax, "Xác minh nghĩa vụ thuế", 2, DurationUnit::kWorkingDays});
        Act(record,
            "2026-07-22T10:00",
            Specialist(kTax),
            wf::AnswerConsultation{record.OpenConsultations().front()->index, "Đã xác minh"});
        ASSERT_TRUE(record.due_at.has_value());
        Act(record,
            "2026-07-27T09:00",
            Leader(kJustice),
            wf::Apologize{"Chờ kết quả xác minh", *record.due_at + std::chrono::days{7}});
        Act(record, "2026-07-30T10:00", Specialist(kJustice), wf::CompleteStep{});
        Act(record, "2026-08-03T09:00", Leader(kJustice), wf::IssueResult{});
        Act(record,
            "2026-08-03T14:00",
            Officer(kJustice),
            wf::ReturnResult{wf::ReturnMethod::kPostal});

        // Postal, never worked on: overdue at the end of the quarter.
        Submit("2026-09-01T09:00", Officer(kJustice), kRecord, kJustice, wf::Channel::kPostal);

        // Withdrawn at the legal aid centre.
        wf::Dossier withdrawn =
            Submit("2026-08-20T09:00", Officer(kLegalAid), kAid, kLegalAid, wf::Channel::kCounter);
        Act(withdrawn, "2026-08-25T09:00", Officer(kLegalAid), wf::Withdraw{"Đã hòa giải được"});
    }

    FakeClock clock_;
    RandomKeys keys_;
    Backend b_;
    std::map<std::string, model::AgencyId> ids_;
    std::unique_ptr<wf::DossierService> service_;
    std::unique_ptr<storage::sqlite::SqliteKpiStore> kpi_store_;
    std::unique_ptr<kpi::KpiService> kpi_;
};

TEST_F(SmallProvince, CountersEqualTheirRecomputation) {
    const auto check = storage::sqlite::VerifyKpiCounters(*b_.db, false);
    ASSERT_THAT(check, IsOk());
    EXPECT_EQ(check->mismatches, 0) << check->first_mismatch.value_or("");
    EXPECT_EQ(check->dossiers, 11);
}

TEST_F(SmallProvince, Index766Golden) {
    const auto province = kpi_->Index(*kpi::ParsePeriod("2026-Q3"), {});
    ASSERT_THAT(province, IsOk());
    ExpectGolden("index766_province_2026-Q3.json",
                 integrations::reports::IndexJson(*province, 2) + "\n");
    const auto commune = kpi_->Index(*kpi::ParsePeriod("2026-Q3"), {kAnBinh, "", ""});
    ASSERT_THAT(commune, IsOk());
    ExpectGolden("index766_an_binh_2026-Q3.json",
                 integrations::reports::IndexJson(*commune, 2) + "\n");
}

TEST_F(SmallProvince, RankingGolden) {
    const auto ranking = kpi_->Ranking(*kpi::ParsePeriod("2026-Q3"));
    ASSERT_THAT(ranking, IsOk());
    ExpectGolden("ranking_2026-Q3.json", integrations::reports::RankingJson(*ranking, 2) + "\n");
}

TEST_F(SmallProvince, SettlementGolden) {
    const auto report =
        kpi_->Settlement(*kpi::CustomPeriod(Day("2026-07-01"), Day("2026-09-30")), "");
    ASSERT_THAT(report, IsOk());
    // carried over + received = settled + pending, on every row.
    for (const kpi::SettlementSection& s : report->sections) {
        for (const kpi::SettlementRow& r : s.rows) {
            EXPECT_EQ(r.figures.carried_over + r.figures.received,
                      r.figures.settled + r.figures.pending)
                << r.code;
        }
    }
    ExpectGolden("settlement_2026-Q3.json",
                 integrations::reports::SettlementJson(*report, 2) + "\n");
}

TEST_F(SmallProvince, DrillDownGolden) {
    const kpi::Period q3 = *kpi::ParsePeriod("2026-Q3");
    const auto late = kpi_->Dossiers(kpi::Metric::kSettledLate, q3, {});
    ASSERT_THAT(late, IsOk());
    ExpectGolden("dossiers_settled_late_2026-Q3.json",
                 integrations::reports::DrillDownJson(*late, 2) + "\n");
    const auto overdue = kpi_->Dossiers(kpi::Metric::kPendingOverdue, q3, {});
    ASSERT_THAT(overdue, IsOk());
    ExpectGolden("dossiers_pending_overdue_2026-Q3.json",
                 integrations::reports::DrillDownJson(*overdue, 2) + "\n");
    // The 2.1 shortfall is exactly the late dossiers listed.
    const auto index = kpi_->Index(q3, {});
    ASSERT_THAT(index, IsOk());
    for (const kpi::IndicatorResult& r : index->index.indicators) {
        if (r.id == "2.1") {
            ASSERT_TRUE(r.denominator.has_value() && r.numerator.has_value());
            EXPECT_EQ(*r.denominator - *r.numerator, late->sum + overdue->sum);
        }
    }
}

}  // namespace
}  // namespace motcua::app
