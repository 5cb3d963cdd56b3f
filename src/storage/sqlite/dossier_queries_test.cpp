// SqliteDossierQueries against ":memory:" and a file database: a small province whose dossiers
// are made through the real DossierService (never inserted rows), then listed through every
// filter (table-driven), in both orders, page by page; the summaries against the projections;
// the per-status counters; the query plans of the queue shapes.
#include "core/ports/dossier_queries.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "common/testing/result_matchers.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/catalog/procedure.hpp"
#include "core/model/agency.hpp"
#include "core/workflow/commands.hpp"
#include "core/workflow/dossier.hpp"
#include "core/workflow/dossier_service.hpp"
#include "core/workflow/process.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/dossier_queries.hpp"
#include "storage/sqlite/dossier_store.hpp"
#include "storage/sqlite/testing/test_db.hpp"
#include "storage/testing/province_fixture.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace wf = core::workflow;
namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;

using cal::DurationUnit;
using core::ports::DossierFilter;
using core::ports::DossierOrder;
using core::ports::DossierPage;
using core::ports::DossierSummary;
using storage::testing::CountingKeys;
using storage::testing::FirstDecision;
using storage::testing::kBirth;
using storage::testing::kProvince;
using storage::testing::SeedProvince;
using storage::testing::TwoStepProcess;
using testing::DbKind;
using testing::DbKindName;
using testing::DbTest;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;

constexpr const char* kCommuneA = "000.00.21.H99";
constexpr const char* kCommuneB = "000.00.22.H99";
constexpr const char* kDepartment = "000.00.05.H99";  // handles building permits for B
constexpr const char* kTax = "000.00.30.H99";         // consulted agency
constexpr const char* kBuilding = "1.001612";

cal::LocalDateTime At(std::string_view text) {
    return *cal::ParseDateTime(text);
}

cal::LocalDate Day(std::string_view text) {
    return *cal::ParseDate(text);
}

Instant Utc(std::string_view local) {
    return cal::ToInstant(At(local));
}

cat::ProcedureVersion MakeVersion(const char* code, const char* name, int deadline) {
    cat::ProcedureVersion v = storage::testing::MakeVersion(code, name);
    v.deadline = deadline;
    return v;
}

// Nine dossiers in the states a queue must tell apart, named by label:
//   a_assigned   A, counter, processing, step 0 assigned to user 101     (Nguyễn Văn An)
//   a_consult    A, counter, processing, consultation open at the tax office
//   a_online     A, online by citizen 500, not yet received (no due time)
//   a_done       A, counter, result issued (9)
//   a_withdrawn  A, counter, withdrawn mid-step (its step row stays unfinished), user 101
//   b_supplement B, counter, waiting for a supplement (clock stopped)
//   b_building   B, counter, building permit handled by the department (delegation)
//   a_received   A, online by citizen 501, received
//   a_leader     A, counter, received the next day, at the leader's approval step
class DossierQueriesTest : public DbTest {
protected:
    DossierQueriesTest() : clock_(Utc("2026-03-02T09:00")) {}

    void SetUp() override {
        DatabaseOptions options;
        options.path = DbPath();
        auto db = Database::Open(options);
        ASSERT_THAT(db, IsOk());
        db_ = std::move(*db);
        auto national = cal::BuiltinNationalSchedules();
        ASSERT_THAT(national, IsOk());
        directory_ = std::make_unique<SqliteDirectory>(*db_, std::move(*national));
        store_ = std::make_unique<SqliteDossierStore>(*db_);
        queries_ = std::make_unique<SqliteDossierQueries>(*db_);
        service_ = std::make_unique<wf::DossierService>(*directory_, *store_, clock_, keys_);

        ASSERT_THAT(SeedProvince(*directory_,
                                 {{kCommuneA, "UBND xã A", model::AgencyKind::kCommune},
                                  {kCommuneB, "UBND xã B", model::AgencyKind::kCommune},
                                  {kDepartment, "Sở Xây dựng", model::AgencyKind::kDepartment},
                                  {kTax, "Chi cục Thuế", model::AgencyKind::kOther}}),
                    IsOk());
        ASSERT_THAT(
            directory_->Publish(FirstDecision(
                {{cat::ChangeKind::kNew, kBirth, MakeVersion(kBirth, "Đăng ký khai sinh", 3), {}},
                 {cat::ChangeKind::kNew,
                  kBuilding,
                  MakeVersion(kBuilding, "Cấp giấy phép xây dựng nhà ở riêng lẻ", 5),
                  {}}})),
            IsOk());
        const cal::LocalDate on = Day("2026-03-02");
        ASSERT_THAT(directory_->SaveProcess(TwoStepProcess(kBirth, kCommuneA), on), IsOk());
        ASSERT_THAT(directory_->SaveProcess(TwoStepProcess(kBirth, kCommuneB), on), IsOk());
        ASSERT_THAT(directory_->SaveProcess(TwoStepProcess(kBuilding, kDepartment), on), IsOk());
        cat::Delegation delegation;
        delegation.procedure_code = kBuilding;
        delegation.from_agency = kCommuneB;
        delegation.to_agency = kDepartment;
        delegation.kind = cat::DelegationKind::kAuthorization;
        delegation.decision_number = "50/QĐ-UBND";
        delegation.effective_from = Day("2025-07-01");
        ASSERT_THAT(directory_->SaveDelegation(delegation), IsOk());
        ASSERT_NO_FATAL_FAILURE(MakeDossiers());
    }

    static wf::Actor Officer(const char* agency) {
        return {wf::Role::kOneStopOfficer, model::UserId{100}, agency, "Cán bộ một cửa"};
    }

    static wf::Actor Specialist(const char* agency) {
        return {wf::Role::kSpecialist, model::UserId{101}, agency, "Chuyên viên"};
    }

    static wf::Actor Leader(const char* agency) {
        return {wf::Role::kAgencyLeader, model::UserId{102}, agency, "Lãnh đạo"};
    }

    static wf::Actor Citizen(std::int64_t id, const char* name) {
        return {wf::Role::kCitizen, model::UserId{id}, "", name};
    }

    static wf::Submission Submission(const char* procedure,
                                     const char* agency,
                                     wf::Channel channel,
                                     const char* applicant,
                                     std::optional<std::int64_t> account = std::nullopt) {
        wf::Submission s;
        s.procedure_code = procedure;
        s.agency_code = agency;
        s.channel = channel;
        s.applicant = {applicant, "001090000001", "0912345678", "", "Xã A", std::nullopt};
        if (account) {
            s.applicant.account = model::UserId{*account};
        }
        s.components = {"TP1"};
        return s;
    }

    // Runs `command` on dossier `label` (ASSERTs on failure).
    void Act(const std::string& label, const wf::Actor& actor, const wf::Command& command) {
        auto r = service_->Act(actor, ids_.at(label), command);
        ASSERT_THAT(r, IsOk()) << label;
    }

    void Submit(const std::string& label,
                std::string_view at,
                const wf::Actor& actor,
                const wf::Submission& submission) {
        clock_.Set(Utc(at));
        auto d = service_->Submit(actor, submission);
        ASSERT_THAT(d, IsOk()) << label;
        ids_[label] = d->id;
        labels_[d->id.value()] = label;
    }

    void MakeDossiers() {
        const wf::Actor a = Officer(kCommuneA);
        const wf::Actor b = Officer(kCommuneB);
        Submit("a_assigned",
               "2026-03-02T09:00",
               a,
               Submission(kBirth, kCommuneA, wf::Channel::kCounter, "Nguyễn Văn An"));
        Act("a_assigned", a, wf::Forward{model::UserId{101}, ""});

        Submit("a_consult",
               "2026-03-02T09:10",
               a,
               Submission(kBirth, kCommuneA, wf::Channel::kCounter, "Trần Thị Bình"));
        Act("a_consult", a, wf::Forward{std::nullopt, ""});
        Act("a_consult",
            Specialist(kCommuneA),
            wf::Consult{kTax, "Xác nhận nghĩa vụ thuế", 1, DurationUnit::kWorkingDays});

        const wf::Actor citizen500 = Citizen(500, "Lê Văn Cường");
        Submit("a_online",
               "2026-03-02T09:20",
               citizen500,
               Submission(kBirth, kCommuneA, wf::Channel::kOnline, "Lê Văn Cường", 500));

        Submit("a_done",
               "2026-03-02T09:30",
               a,
               Submission(kBirth, kCommuneA, wf::Channel::kCounter, "Phạm Thị Dung"));
        Act("a_done", a, wf::Forward{std::nullopt, ""});
        Act("a_done", Specialist(kCommuneA), wf::CompleteStep{"Hợp lệ", std::nullopt});
        Act("a_done", Leader(kCommuneA), wf::IssueResult{"Giấy khai sinh"});

        Submit("a_withdrawn",
               "2026-03-02T09:40",
               a,
               Submission(kBirth, kCommuneA, wf::Channel::kCounter, "Hoàng Văn Em"));
        Act("a_withdrawn", a, wf::Forward{model::UserId{101}, ""});
        Act("a_withdrawn", a, wf::Withdraw{"Người nộp xin rút"});

        Submit("b_supplement",
               "2026-03-02T09:50",
               b,
               Submission(kBirth, kCommuneB, wf::Channel::kCounter, "Nguyễn Thị Giang"));
        Act("b_supplement",
            b,
            wf::RequestSupplement{{{"TP1", "Tờ khai thiếu chữ ký", "Ký và nộp lại"}}});

        Submit("b_building",
               "2026-03-02T10:00",
               b,
               Submission(kBuilding, kCommuneB, wf::Channel::kCounter, "Đỗ Văn Hải"));
        Act("b_building", b, wf::Forward{std::nullopt, ""});

        const wf::Actor citizen501 = Citizen(501, "Vũ Thị Lan");
        Submit("a_received",
               "2026-03-02T10:10",
               citizen501,
               Submission(kBirth, kCommuneA, wf::Channel::kOnline, "Vũ Thị Lan", 501));
        Act("a_received", a, wf::Receive{});

        Submit("a_leader",
               "2026-03-03T09:00",
               a,
               Submission(kBirth, kCommuneA, wf::Channel::kCounter, "Bùi Văn Khoa"));
        Act("a_leader", a, wf::Forward{std::nullopt, ""});
        Act("a_leader", Specialist(kCommuneA), wf::CompleteStep{"Hợp lệ", std::nullopt});
    }

    // The labels of a page, in its order.
    std::vector<std::string> Labels(const DossierPage& page) {
        std::vector<std::string> out;
        for (const DossierSummary& s : page.items) {
            out.push_back(labels_.at(s.id.value()));
        }
        return out;
    }

    // Every label in the order the filter asks for, read page by page `size` at a time.
    std::vector<std::string> AllPages(DossierFilter f, int size) {
        std::vector<std::string> out;
        f.limit = size;
        for (f.offset = 0;; f.offset += size) {
            auto page = queries_->List(f);
            EXPECT_THAT(page, IsOk());
            if (!page || page->items.empty()) {
                return out;
            }
            for (std::string& l : Labels(*page)) {
                out.push_back(std::move(l));
            }
        }
    }

    wf::Dossier Stored(const std::string& label) {
        auto d = store_->Load(ids_.at(label));
        EXPECT_THAT(d, IsOk());
        return d.value_or(wf::Dossier{});
    }

    // What List must say about a dossier, from its projection.
    DossierSummary Expected(const std::string& label) {
        const wf::Dossier d = Stored(label);
        DossierSummary s;
        s.id = d.id;
        s.code = d.code;
        s.procedure_code = d.procedure_code;
        s.procedure_name = d.procedure_code == kBirth ? "Đăng ký khai sinh"
                                                      : "Cấp giấy phép xây dựng nhà ở riêng lẻ";
        s.agency_code = d.agency_code;
        s.handling_agency_code = d.handling_agency_code;
        s.status = d.status;
        s.channel = d.channel;
        s.applicant_name = d.applicant.name;
        s.submitted_at = d.submitted_at;
        s.received_at = d.received_at;
        s.due_at = d.due_at;
        s.verdict = d.verdict;
        s.version = d.version;
        if (const wf::StepRecord* step = d.CurrentStep(); step && !wf::IsTerminal(d.status)) {
            s.current_step = core::ports::StepSummary{step->index,
                                                      step->name,
                                                      step->role,
                                                      step->agency_code,
                                                      step->assignee,
                                                      step->started_at,
                                                      step->due_at};
        }
        return s;
    }

    // `labels` sorted as the queue sorts them: due time (none first), then id.
    std::vector<std::string> ByDue(std::vector<std::string> labels) {
        std::sort(labels.begin(), labels.end(), [&](const std::string& x, const std::string& y) {
            const wf::Dossier dx = Stored(x);
            const wf::Dossier dy = Stored(y);
            return std::pair(dx.due_at, dx.id.value()) < std::pair(dy.due_at, dy.id.value());
        });
        return labels;
    }

    std::unique_ptr<Database> db_;  // declared first: outlives everything that uses it
    FakeClock clock_;
    CountingKeys keys_;
    std::unique_ptr<SqliteDirectory> directory_;
    std::unique_ptr<SqliteDossierStore> store_;
    std::unique_ptr<SqliteDossierQueries> queries_;
    std::unique_ptr<wf::DossierService> service_;
    std::map<std::string, model::DossierId> ids_;
    std::map<std::int64_t, std::string> labels_;
};

INSTANTIATE_TEST_SUITE_P(Db,
                         DossierQueriesTest,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile),
                         DbKindName);

const std::vector<std::string> kAll = {"a_assigned",
                                       "a_consult",
                                       "a_online",
                                       "a_done",
                                       "a_withdrawn",
                                       "b_supplement",
                                       "b_building",
                                       "a_received",
                                       "a_leader"};

struct FilterCase {
    std::string name;
    DossierFilter filter;
    std::vector<std::string> expected;  // any order
};

DossierFilter Scope(std::vector<std::string> agencies) {
    DossierFilter f;
    f.agencies = std::move(agencies);
    return f;
}

std::vector<FilterCase> FilterCases() {
    std::vector<FilterCase> cases;
    const auto add = [&](std::string name, DossierFilter f, std::vector<std::string> expected) {
        cases.push_back({std::move(name), std::move(f), std::move(expected)});
    };
    add("everything", {}, kAll);
    add("receiving agency",
        Scope({kCommuneA}),
        {"a_assigned", "a_consult", "a_online", "a_done", "a_withdrawn", "a_received", "a_leader"});
    add("receiving or handling agency", Scope({kCommuneB}), {"b_supplement", "b_building"});
    add("handling agency only", Scope({kDepartment}), {"b_building"});
    add("agency of an open consultation", Scope({kTax}), {"a_consult"});
    add("agency of nothing", Scope({kProvince}), {});
    add("a whole subtree", Scope({kProvince, kCommuneA, kCommuneB, kDepartment, kTax}), kAll);
    {
        DossierFilter f = Scope({kCommuneA});
        f.open_only = true;
        add("open at the receiving agency",
            f,
            {"a_assigned", "a_consult", "a_online", "a_received", "a_leader"});
    }
    {
        DossierFilter f;
        f.open_only = true;
        add("open everywhere",
            f,
            {"a_assigned",
             "a_consult",
             "a_online",
             "b_supplement",
             "b_building",
             "a_received",
             "a_leader"});
    }
    {
        DossierFilter f;
        f.applicant_account = model::UserId{500};
        add("citizen 500's own", f, {"a_online"});
        f.applicant_account = model::UserId{501};
        add("citizen 501's own", f, {"a_received"});
        f.applicant_account = model::UserId{999};
        add("a citizen with no dossier", f, {});
        f.applicant_account = model::UserId{501};
        f.agencies = {kCommuneB};
        add("citizen and scope together", f, {});
    }
    {
        DossierFilter f;
        f.statuses = {wf::DossierStatus::kProcessing};
        add("status processing", f, {"a_assigned", "a_consult", "b_building", "a_leader"});
        f.statuses = {wf::DossierStatus::kProcessed, wf::DossierStatus::kWithdrawn};
        add("statuses 9 and 7", f, {"a_done", "a_withdrawn"});
        f.open_only = true;
        add("terminal statuses and open only", f, {});
    }
    {
        DossierFilter f;
        f.step_role = wf::Role::kAgencyLeader;
        add("current step for a leader", f, {"a_leader"});
        f.step_role = wf::Role::kSpecialist;
        add("current step for a specialist (not the withdrawn one)",
            f,
            {"a_assigned", "a_consult", "b_building"});
        f.agencies = {kCommuneA};
        add("specialist steps in scope A", f, {"a_assigned", "a_consult"});
        f.agencies = {kCommuneB};
        add("specialist steps in scope B (received there, step at the department)",
            f,
            {"b_building"});
        f.step_agencies = {kCommuneB};
        add("specialist steps at B itself", f, {});
        f.agencies = {};
        f.step_agencies = {kDepartment};
        add("specialist steps at the department", f, {"b_building"});
    }
    {
        DossierFilter f;
        f.assignee = model::UserId{101};
        add("assigned to user 101 (not the withdrawn one)", f, {"a_assigned"});
        f.agencies = {kCommuneB};
        add("assigned to 101 in scope B", f, {});
        f.agencies = {kCommuneA};
        f.step_role = wf::Role::kSpecialist;
        add("assigned to 101 as specialist in A", f, {"a_assigned"});
        f.assignee = model::UserId{102};
        add("assigned to user 102", f, {});
    }
    {
        DossierFilter f;
        f.procedure_code = kBuilding;
        add("procedure", f, {"b_building"});
        f = {};
        f.channel = wf::Channel::kOnline;
        add("online channel", f, {"a_online", "a_received"});
    }
    {
        DossierFilter f;
        f.overdue_at = At("2026-04-01T08:00");
        add("overdue a month later (not the paused one, not the unreceived one)",
            f,
            {"a_assigned", "a_consult", "b_building", "a_received", "a_leader"});
        f.agencies = {kCommuneB};
        add("overdue in scope B", f, {"b_building"});
        f = {};
        f.overdue_at = At("2026-03-02T08:00");
        add("nothing overdue before the first submission", f, {});
    }
    {
        DossierFilter f;
        f.received_from = Day("2026-03-03");
        add("received from the 3rd", f, {"a_leader"});
        f.received_from = Day("2026-03-02");
        f.received_to = Day("2026-03-02");
        add("received on the 2nd",
            f,
            {"a_assigned",
             "a_consult",
             "a_done",
             "a_withdrawn",
             "b_supplement",
             "b_building",
             "a_received"});
    }
    {
        DossierFilter f;
        f.text = "van an";
        add("words of a name", f, {"a_assigned"});
        f.text = "NGUYỄN";
        add("a family name with diacritics, upper case", f, {"a_assigned", "b_supplement"});
        f.text = "nguyen thi";
        add("two words without diacritics", f, {"b_supplement"});
        f.text = "an";
        add("a word prefix", f, {"a_assigned"});
        f.text = "guyen";
        add("not inside a word", f, {});
        f.text = "  ";
        add("blank text", f, kAll);
        DossierFilter scoped = Scope({kCommuneA});
        scoped.text = "nguyen";
        add("a name inside a scope", scoped, {"a_assigned"});
        scoped.text = "nguyen thi";
        add("a name outside the scope", scoped, {});
        f.text = "?!";
        add("punctuation only folds to nothing", f, kAll);
        f.text = "\"an\" OR *";
        add("search syntax is text", f, {});
        f.text = " 000.00.22.h99-";
        add("a code prefix, any case", f, {"b_supplement", "b_building"});
        f.text = "000.00.21.H99-260303";
        add("codes of a day", f, {"a_leader"});
    }
    return cases;
}

TEST_P(DossierQueriesTest, EveryFilterSelectsExactlyItsDossiers) {
    for (const FilterCase& c : FilterCases()) {
        SCOPED_TRACE(c.name);
        const auto page = queries_->List(c.filter);
        ASSERT_THAT(page, IsOk());
        EXPECT_THAT(Labels(*page), UnorderedElementsAreArray(c.expected));
        EXPECT_EQ(page->total, static_cast<std::int64_t>(c.expected.size()));
    }
}

TEST_P(DossierQueriesTest, DueSoonIsAWindowOfDueTimes) {
    // The birth dossiers received on the 2nd share one due time; a_leader's is a day later,
    // the building permit's (5 working days) later still.
    const cal::LocalDateTime due = *Stored("a_assigned").due_at;
    for (const char* label : {"a_consult", "a_received", "b_supplement"}) {
        ASSERT_EQ(Stored(label).due_at, due) << label;
    }
    const cal::LocalDateTime leader_due = *Stored("a_leader").due_at;
    ASSERT_GT(leader_due, due);
    ASSERT_GT(*Stored("b_building").due_at, leader_due);
    DossierFilter f;
    f.open_only = true;
    f.due_before = due + std::chrono::minutes{1};
    auto page = queries_->List(f);
    ASSERT_THAT(page, IsOk());
    // b_supplement keeps its due time while its clock stands still: due, though not overdue.
    EXPECT_THAT(
        Labels(*page),
        UnorderedElementsAreArray({"a_assigned", "a_consult", "a_received", "b_supplement"}));
    f.due_from = due + std::chrono::minutes{1};
    f.due_before = leader_due + std::chrono::minutes{1};
    page = queries_->List(f);
    ASSERT_THAT(page, IsOk());
    EXPECT_THAT(Labels(*page), ElementsAreArray({"a_leader"}));
    // Without open_only, settled dossiers with a due time in the window count too.
    f = {};
    f.due_before = due + std::chrono::minutes{1};
    page = queries_->List(f);
    ASSERT_THAT(page, IsOk());
    EXPECT_THAT(
        Labels(*page),
        UnorderedElementsAreArray(
            {"a_assigned", "a_consult", "a_done", "a_withdrawn", "a_received", "b_supplement"}));
}

TEST_P(DossierQueriesTest, QueueOrderIsDueTimeWithUnreceivedFirst) {
    DossierFilter f = Scope({kCommuneA});
    f.open_only = true;
    const auto page = queries_->List(f);
    ASSERT_THAT(page, IsOk());
    const std::vector<std::string> expected =
        ByDue({"a_assigned", "a_consult", "a_online", "a_received", "a_leader"});
    EXPECT_EQ(expected.front(), "a_online");  // no due time yet
    EXPECT_EQ(expected.back(), "a_leader");   // received a day later
    EXPECT_THAT(Labels(*page), ElementsAreArray(expected));
    EXPECT_THAT(AllPages(f, 2), ElementsAreArray(expected));
}

TEST_P(DossierQueriesTest, AnAgencysListInBothOrders) {
    // Scope and status conditions only: the lists read from the indexes alone.
    DossierFilter f = Scope({kCommuneB, kTax});
    f.order = DossierOrder::kSubmittedDescending;
    EXPECT_THAT(AllPages(f, 1), ElementsAreArray({"b_building", "b_supplement", "a_consult"}));
    f.order = DossierOrder::kDueAscending;
    EXPECT_THAT(AllPages(f, 2),
                ElementsAreArray(ByDue({"b_building", "b_supplement", "a_consult"})));
    f = Scope({kCommuneA});
    f.statuses = {wf::DossierStatus::kProcessing, wf::DossierStatus::kWithdrawn};
    f.order = DossierOrder::kSubmittedDescending;
    EXPECT_THAT(AllPages(f, 2),
                ElementsAreArray({"a_leader", "a_withdrawn", "a_consult", "a_assigned"}));
    const auto page = queries_->List(f);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 4);
}

TEST_P(DossierQueriesTest, NewestFirstPagesThroughEverything) {
    DossierFilter f;
    f.order = DossierOrder::kSubmittedDescending;
    const std::vector<std::string> expected(kAll.rbegin(), kAll.rend());
    EXPECT_THAT(AllPages(f, 4), ElementsAreArray(expected));
    EXPECT_THAT(AllPages(f, 1), ElementsAreArray(expected));
    f.limit = 4;
    f.offset = 4;
    auto page = queries_->List(f);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 9);
    EXPECT_THAT(Labels(*page),
                ElementsAreArray({"a_withdrawn", "a_done", "a_online", "a_consult"}));
    f.offset = 9;
    page = queries_->List(f);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 9);
    EXPECT_TRUE(page->items.empty());
}

TEST_P(DossierQueriesTest, LimitAndOffsetAreClamped) {
    DossierFilter f;
    f.limit = 0;
    f.offset = -5;
    auto page = queries_->List(f);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->items.size(), 1U);
    EXPECT_EQ(page->total, 9);
    f.limit = 100000;
    page = queries_->List(f);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->items.size(), 9U);
}

TEST_P(DossierQueriesTest, SummariesSayWhatTheProjectionsSay) {
    DossierFilter f;
    f.order = DossierOrder::kSubmittedDescending;
    const auto page = queries_->List(f);
    ASSERT_THAT(page, IsOk());
    ASSERT_EQ(page->items.size(), kAll.size());
    for (const DossierSummary& s : page->items) {
        const std::string& label = labels_.at(s.id.value());
        SCOPED_TRACE(label);
        EXPECT_EQ(s, Expected(label));
    }
    const auto by_label = [&](const std::string& label) {
        return *std::find_if(page->items.begin(), page->items.end(), [&](const auto& s) {
            return s.id == ids_.at(label);
        });
    };
    // Spot checks of what Expected derives.
    const DossierSummary assigned = by_label("a_assigned");
    ASSERT_TRUE(assigned.current_step.has_value());
    EXPECT_EQ(assigned.current_step->name, "Thẩm định hồ sơ");
    EXPECT_EQ(assigned.current_step->assignee, model::UserId{101});
    EXPECT_EQ(assigned.applicant_name, "Nguyễn Văn An");
    EXPECT_EQ(assigned.procedure_name, "Đăng ký khai sinh");
    // The consultation is not the current step.
    ASSERT_TRUE(by_label("a_consult").current_step.has_value());
    EXPECT_EQ(by_label("a_consult").current_step->index, 0);
    EXPECT_EQ(by_label("a_leader").current_step->role, wf::Role::kAgencyLeader);
    EXPECT_EQ(by_label("b_building").current_step->agency_code, kDepartment);
    EXPECT_EQ(by_label("b_building").handling_agency_code, kDepartment);
    // A withdrawn dossier's unfinished step is history, not a current step.
    EXPECT_FALSE(by_label("a_withdrawn").current_step.has_value());
    EXPECT_FALSE(by_label("a_online").due_at.has_value());
}

TEST_P(DossierQueriesTest, AnsweredConsultationLeavesTheConsultedAgencysList) {
    const wf::Dossier d = Stored("a_consult");
    ASSERT_EQ(d.OpenConsultations().size(), 1U);
    clock_.Set(Utc("2026-03-03T08:00"));
    ASSERT_NO_FATAL_FAILURE(
        Act("a_consult",
            Specialist(kTax),
            wf::AnswerConsultation{d.OpenConsultations()[0]->index, "Đã xác nhận"}));
    const auto page = queries_->List(Scope({kTax}));
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 0);
}

TEST_P(DossierQueriesTest, StatusCountsFollowEveryTransition) {
    using S = wf::DossierStatus;
    const auto counts = queries_->StatusCounts();
    ASSERT_THAT(counts, IsOk());
    const std::map<S, std::int64_t> expected = {{S::kSubmitted, 1},
                                                {S::kReceived, 1},
                                                {S::kRefused, 0},
                                                {S::kProcessing, 4},
                                                {S::kSupplementRequested, 1},
                                                {S::kAwaitingPayment, 0},
                                                {S::kWithdrawn, 1},
                                                {S::kStopped, 0},
                                                {S::kProcessed, 1},
                                                {S::kReturned, 0}};
    EXPECT_EQ(*counts, expected);

    ASSERT_NO_FATAL_FAILURE(
        Act("a_done", Officer(kCommuneA), wf::ReturnResult{wf::ReturnMethod::kCounter}));
    ASSERT_NO_FATAL_FAILURE(
        Act("a_online",
            Officer(kCommuneA),
            wf::Refuse{{{"TP1", "Tờ khai không đúng mẫu", "Khai lại theo mẫu"}}}));
    std::map<S, std::int64_t> after = expected;
    after[S::kProcessed] = 0;
    after[S::kReturned] = 1;
    after[S::kSubmitted] = 0;
    after[S::kRefused] = 1;
    EXPECT_THAT(queries_->StatusCounts(), IsOkAndHolds(after));

    // A repaired projection keeps the counters right too (the counters follow the rows).
    ASSERT_THAT(db_->Write([](Connection& c) -> Result<bool> {
        MOTCUA_TRY(c.Exec("UPDATE dossiers SET status = 8 WHERE status = 3"));
        return true;
    }),
                IsOk());
    std::map<S, std::int64_t> drifted = after;
    drifted[S::kRefused] = 0;
    drifted[S::kStopped] = 1;
    EXPECT_THAT(queries_->StatusCounts(), IsOkAndHolds(drifted));
    ASSERT_THAT(RebuildProjections(*db_, true), IsOk());
    EXPECT_THAT(queries_->StatusCounts(), IsOkAndHolds(after));
}

TEST_P(DossierQueriesTest, FoldedNameIsPartOfTheProjectionCheck) {
    // A row whose folded name was lost (written before migration 0003, or edited) is reported
    // by the rebuild check and restored by the rebuild.
    ASSERT_THAT(db_->Write([](Connection& c) -> Result<bool> {
        MOTCUA_TRY(c.Exec("UPDATE dossiers SET applicant_folded = '' WHERE id = 1"));
        return true;
    }),
                IsOk());
    DossierFilter f;
    f.text = "van an";
    EXPECT_EQ(queries_->List(f)->total, 0);
    auto report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 1);
    ASSERT_THAT(RebuildProjections(*db_, true), IsOk());
    EXPECT_EQ(queries_->List(f)->total, 1);
}

TEST_P(DossierQueriesTest, NamesOfDossiersSubmittedTogetherAreEachFound) {
    // A new dossier's name-index row is written with its batch, just before COMMIT: dossiers
    // submitted at once (in one batch or several) are each found by their own name, and the
    // rebuild check still agrees.
    const std::vector<std::string> names = {
        "Khúc Thừa Dụ", "Ngô Quyền", "Đinh Bộ Lĩnh", "Lý Công Uẩn", "Trần Thủ Độ", "Lê Lợi"};
    std::vector<std::thread> threads;
    threads.reserve(names.size());
    for (const std::string& name : names) {
        threads.emplace_back([this, name] {
            EXPECT_THAT(service_->Submit(
                            Officer(kCommuneA),
                            Submission(kBirth, kCommuneA, wf::Channel::kCounter, name.c_str())),
                        IsOk());
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    for (const std::string_view text :
         {"khuc thua du", "ngo quyen", "dinh bo linh", "ly cong uan", "tran thu do", "le loi"}) {
        DossierFilter f;
        f.text = std::string(text);
        EXPECT_EQ(queries_->List(f)->total, 1) << text;
    }
    auto report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 0);
}

// ---- Query plans -----------------------------------------------------------------------------

struct PlanCase {
    std::string name;
    DossierFilter filter;
    std::vector<std::string> indexes;  // each must appear in the plan
};

std::vector<PlanCase> PlanCases() {
    std::vector<PlanCase> cases;
    DossierFilter f = Scope({kCommuneA});
    f.open_only = true;
    cases.push_back({"officer's queue: scope, open, by due",
                     f,
                     {"dossiers_receiving_queue", "dossiers_queue", "dossier_steps_active"}});
    f.step_role = wf::Role::kAgencyLeader;
    f.step_agencies = {kCommuneA};
    cases.push_back({"leader's queue", f, {"dossiers_receiving_queue"}});
    f = {};
    f.assignee = model::UserId{101};
    cases.push_back({"specialist's own queue", f, {"dossier_steps_assignee"}});
    f = {};
    f.open_only = true;
    cases.push_back({"province queue: open by due", f, {"dossiers_open_due"}});
    f = {};
    f.overdue_at = At("2026-03-10T08:00");
    cases.push_back({"overdue in the province", f, {"dossiers_open_due"}});
    f = {};
    f.open_only = true;
    f.due_before = At("2026-03-10T08:00");
    cases.push_back({"due soon in the province", f, {"dossiers_open_due"}});
    f = {};
    f.applicant_account = model::UserId{500};
    f.order = DossierOrder::kSubmittedDescending;
    cases.push_back({"citizen's own, newest first", f, {"dossiers_account"}});
    f = {};
    f.order = DossierOrder::kSubmittedDescending;
    cases.push_back({"everything, newest first", f, {"dossiers_submitted"}});
    f = Scope({kCommuneA});
    f.order = DossierOrder::kSubmittedDescending;
    cases.push_back({"an agency's dossiers, newest first",
                     f,
                     {"dossiers_receiving_submitted", "dossiers_handling_submitted"}});
    f = Scope({kCommuneA});
    f.overdue_at = At("2026-03-10T08:00");
    cases.push_back({"overdue in scope",
                     f,
                     {"dossiers_receiving_queue", "dossiers_queue", "dossier_steps_active"}});
    f = {};
    f.text = "000.00.21.H99-2603";
    cases.push_back({"code prefix", f, {"sqlite_autoindex_dossiers_1"}});
    f = {};
    f.text = "nguyen van";
    f.order = DossierOrder::kSubmittedDescending;
    cases.push_back({"a name in the province", f, {"dossier_names VIRTUAL TABLE"}});
    return cases;
}

TEST_P(DossierQueriesTest, QueueShapesUseIndexes) {
    for (const PlanCase& c : PlanCases()) {
        SCOPED_TRACE(c.name);
        const auto plan = queries_->Plan(c.filter);
        ASSERT_THAT(plan, IsOk());
        std::string text;
        for (const std::string& line : *plan) {
            text += line + "\n";
        }
        SCOPED_TRACE(text);
        // No full scan of a table: every SCAN of a table goes through an index (scans of the
        // scope list and of an intermediate result are fine).
        for (const std::string& line : *plan) {
            if (line.starts_with("SCAN ") && line.find(" USING ") == std::string::npos &&
                line.find("json_each") == std::string::npos &&
                line.find("VIRTUAL TABLE") == std::string::npos &&
                line.find("(subquery-") == std::string::npos) {
                ADD_FAILURE() << "full scan: " << line;
            }
        }
        for (const std::string& index : c.indexes) {
            EXPECT_THAT(text, HasSubstr(index));
        }
    }
}

}  // namespace
}  // namespace motcua::storage::sqlite
