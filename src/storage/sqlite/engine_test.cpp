// The dossier engine end to end on SQLite: SqliteDirectory + SqliteDossierStore + DossierService
// against ":memory:" and a file database — lifecycle, codes, idempotency, optimistic concurrency,
// the audit chain under tampering, outbox and step rows, catalog administration and search, and
// an online backup taken while dossiers keep arriving.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
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
#include "core/model/agency.hpp"
#include "core/ports/dossier_store.hpp"
#include "core/workflow/apply.hpp"
#include "core/workflow/commands.hpp"
#include "core/workflow/dossier.hpp"
#include "core/workflow/dossier_service.hpp"
#include "core/workflow/process.hpp"
#include "core/workflow/public_view.hpp"
#include "storage/builtin_migrations.hpp"
#include "storage/common/json_codec.hpp"
#include "storage/sqlite/backup.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/dossier_store.hpp"
#include "storage/sqlite/kpi_store.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/testing/test_db.hpp"
#include "storage/testing/province_fixture.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace wf = core::workflow;
namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;

using cal::DurationUnit;
using testing::DbKind;
using testing::DbKindName;
using testing::DbTest;
using testing::QueryInt;
using testing::WaitUntil;

using storage::testing::BirthSubmission;
using storage::testing::CountingKeys;
using storage::testing::FirstDecision;
using storage::testing::kBirth;
using storage::testing::kCommune;
using storage::testing::kFirstDecision;
using storage::testing::kProvince;
using storage::testing::MakeDecision;
using storage::testing::MakeVersion;
using storage::testing::SeedProvince;
using storage::testing::TwoStepProcess;

constexpr const char* kTax = "000.00.30.H99";  // consulted agency

cal::LocalDateTime At(std::string_view text) {
    return *cal::ParseDateTime(text);
}

cal::LocalDate Day(std::string_view text) {
    return *cal::ParseDate(text);
}

Instant Utc(std::string_view local) {
    return cal::ToInstant(At(local));
}

// The shared birth registration with an optional third component, by post too, and a fee note.
cat::ProcedureVersion BirthVersion() {
    cat::ProcedureVersion v = storage::testing::BirthVersion();
    v.components.push_back({"TP3", "Giấy tờ tùy thân của người đi đăng ký", false, 1, false, ""});
    v.postal = true;
    v.fees = {{"Lệ phí đăng ký khai sinh", 8000, "Miễn cho trẻ em hộ nghèo"}};
    return v;
}

// The engine wired on DbPath() and seeded: a province with a commune and a consulted agency,
// the birth-registration procedure published by kFirstDecision, its process at the commune.
class EngineTest : public DbTest {
protected:
    EngineTest() : clock_(Utc("2026-03-02T09:00")) {}

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
        service_ = std::make_unique<wf::DossierService>(*directory_, *store_, clock_, keys_);

        ASSERT_THAT(SeedProvince(*directory_,
                                 {{kCommune, "UBND xã A", model::AgencyKind::kCommune},
                                  {kTax, "Chi cục Thuế", model::AgencyKind::kOther}}),
                    IsOk());
        ASSERT_THAT(directory_->Publish(
                        FirstDecision({{cat::ChangeKind::kNew, kBirth, BirthVersion(), {}}})),
                    IsOk());
        ASSERT_THAT(directory_->SaveProcess(TwoStepProcess(kBirth, kCommune), Day("2026-03-02")),
                    IsOk());
    }

    static wf::Actor Officer(const char* agency = kCommune) {
        return {wf::Role::kOneStopOfficer, model::UserId{100}, agency, "Cán bộ một cửa"};
    }

    static wf::Actor Specialist(const char* agency = kCommune) {
        return {wf::Role::kSpecialist, model::UserId{101}, agency, "Chuyên viên"};
    }

    static wf::Actor Leader(const char* agency = kCommune) {
        return {wf::Role::kAgencyLeader, model::UserId{102}, agency, "Chủ tịch UBND xã"};
    }

    static wf::Actor Citizen(std::int64_t id = 500) {
        return {wf::Role::kCitizen, model::UserId{id}, "", "Nguyễn Văn A"};
    }

    // A counter dossier forwarded into its first step (ASSERTs on failure).
    void Processing(wf::Dossier& out) {
        auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
        ASSERT_THAT(d, IsOk());
        auto f = service_->Act(Officer(), d->id, wf::Forward{model::UserId{101}, ""});
        ASSERT_THAT(f, IsOk());
        out = std::move(*f);
    }

    // Processing, then a consultation of the tax office (2026-03-02 14:00) answered the next
    // morning (ASSERTs on failure).
    void ConsultedAndAnswered(wf::Dossier& out) {
        ASSERT_NO_FATAL_FAILURE(Processing(out));
        clock_.Set(Utc("2026-03-02T14:00"));
        auto consulted = service_->Act(
            Specialist(),
            out.id,
            wf::Consult{kTax, "Xác nhận nghĩa vụ thuế", 1, DurationUnit::kWorkingDays});
        ASSERT_THAT(consulted, IsOk());
        const int consultation = consulted->OpenConsultations().front()->index;
        clock_.Set(Utc("2026-03-03T08:00"));
        auto answered = service_->Act(
            Specialist(kTax), out.id, wf::AnswerConsultation{consultation, "Đã xác nhận"});
        ASSERT_THAT(answered, IsOk());
        out = std::move(*answered);
    }

    // The first column of the first row of `sql` (parameters bound in order) as an integer.
    template <class... Args>
    Result<std::int64_t> Int(std::string_view sql, const Args&... args) {
        return db_->Read([&](Connection& c) -> Result<std::int64_t> {
            MOTCUA_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
            if constexpr (sizeof...(Args) > 0) {
                MOTCUA_TRY(st.BindAll(args...));
            }
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
            if (!row) {
                return Fail(ErrorCode::kNotFound, "no row");
            }
            return st.ColumnInt64(0);
        });
    }

    // Same, as text; nullopt for NULL.
    template <class... Args>
    Result<std::optional<std::string>> Text(std::string_view sql, const Args&... args) {
        return db_->Read([&](Connection& c) -> Result<std::optional<std::string>> {
            MOTCUA_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
            if constexpr (sizeof...(Args) > 0) {
                MOTCUA_TRY(st.BindAll(args...));
            }
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
            if (!row) {
                return Fail(ErrorCode::kNotFound, "no row");
            }
            return st.ColumnOptionalText(0);
        });
    }

    // Runs one statement through the writer (how an intruder with SQL access would tamper);
    // returns the rows changed.
    template <class... Args>
    Result<std::int64_t> Exec(std::string_view sql, const Args&... args) {
        return db_->Write([&](Connection& c) -> Result<std::int64_t> {
            MOTCUA_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
            if constexpr (sizeof...(Args) > 0) {
                MOTCUA_TRY(st.BindAll(args...));
            }
            MOTCUA_TRY(st.Run());
            return c.Changes();
        });
    }

    // Int() and Text() for values the test needs to go on: a failure is recorded and a value
    // that matches nothing (-1, "<error>") is returned.
    template <class... Args>
    std::int64_t IntValue(std::string_view sql, const Args&... args) {
        const auto n = Int(sql, args...);
        EXPECT_THAT(n, IsOk()) << sql;
        return n.value_or(-1);
    }

    template <class... Args>
    std::string TextValue(std::string_view sql, const Args&... args) {
        const auto t = Text(sql, args...);
        EXPECT_THAT(t, IsOk()) << sql;
        return t.value_or(std::nullopt).value_or("<error>");
    }

    std::int64_t Count(std::string_view table) {
        return IntValue(fmt::format("SELECT count(*) FROM {}", table));
    }

    // The id of event `seq` of dossier `id`.
    std::int64_t EventId(model::DossierId id, std::int64_t seq) {
        return IntValue(
            "SELECT id FROM events WHERE dossier_id = ?1 AND seq = ?2", id.value(), seq);
    }

    // Four dossiers in assorted states (supplement, payment and reassignment; refused online;
    // withdrawn and rated; postal with an apology) so replay checks cover every projection
    // field.
    void MakeAssortedDossiers() {
        wf::Dossier a;
        ASSERT_NO_FATAL_FAILURE(Processing(a));
        ASSERT_THAT(service_->Act(Specialist(),
                                  a.id,
                                  wf::RequestSupplement{
                                      {{"TP2", "Giấy chứng sinh bị mờ", "Nộp bản rõ nét"}}}),
                    IsOk());
        clock_.Set(Utc("2026-03-04T10:00"));
        ASSERT_THAT(service_->Act(Officer(), a.id, wf::ProvideSupplement{{"TP2"}}), IsOk());
        ASSERT_THAT(service_->Act(Leader(), a.id, wf::RequestPayment{8000, "Lệ phí"}), IsOk());
        ASSERT_THAT(service_->Act(Officer(), a.id, wf::ConfirmPayment{8000, "counter"}), IsOk());
        ASSERT_THAT(service_->Act(Leader(), a.id, wf::Assign{model::UserId{77}}), IsOk());

        clock_.Set(Utc("2026-03-02T10:00"));
        auto b = service_->Submit(Citizen(), BirthSubmission(wf::Channel::kOnline, "web-b"));
        ASSERT_THAT(b, IsOk());
        ASSERT_THAT(
            service_->Act(
                Officer(), b->id, wf::Refuse{{{"TP1", "Tờ khai thiếu chữ ký", "Ký và nộp lại"}}}),
            IsOk());

        auto c = service_->Submit(Citizen(501), BirthSubmission(wf::Channel::kOnline, "web-c"));
        ASSERT_THAT(c, IsOk());
        ASSERT_THAT(service_->Act(Citizen(501), c->id, wf::Withdraw{"Nộp nhầm thủ tục"}), IsOk());
        ASSERT_THAT(service_->Act(Citizen(501), c->id, wf::Rate{4, "Nhanh"}), IsOk());

        auto p = service_->Submit(Officer(), BirthSubmission(wf::Channel::kPostal));
        ASSERT_THAT(p, IsOk());
        ASSERT_THAT(
            service_->Act(Leader(), p->id, wf::Apologize{"Chờ xác minh", At("2026-03-12T17:00")}),
            IsOk());
    }

    std::unique_ptr<Database> db_;  // declared first: outlives everything that uses it
    FakeClock clock_;
    CountingKeys keys_;
    std::unique_ptr<SqliteDirectory> directory_;
    std::unique_ptr<SqliteDossierStore> store_;
    std::unique_ptr<wf::DossierService> service_;
};

INSTANTIATE_TEST_SUITE_P(Db,
                         EngineTest,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile),
                         DbKindName);

// ---- Lifecycle and projections ------------------------------------------------------------

TEST_P(EngineTest, FullLifecycleIsStoredReplayedAndRebuilt) {
    wf::Dossier d;
    ASSERT_NO_FATAL_FAILURE(Processing(d));
    ASSERT_EQ(d.status, wf::DossierStatus::kProcessing);
    clock_.Set(Utc("2026-03-02T14:00"));
    auto r =
        service_->Act(Specialist(),
                      d.id,
                      wf::Consult{kTax, "Xác nhận nghĩa vụ thuế", 1, DurationUnit::kWorkingDays});
    ASSERT_THAT(r, IsOk());
    ASSERT_EQ(r->OpenConsultations().size(), 1U);
    const int consultation = r->OpenConsultations().front()->index;
    clock_.Set(Utc("2026-03-03T08:00"));
    r = service_->Act(Specialist(kTax), d.id, wf::AnswerConsultation{consultation, "Đã xác nhận"});
    ASSERT_THAT(r, IsOk());
    clock_.Set(Utc("2026-03-03T09:00"));
    r = service_->Act(Specialist(), d.id, wf::CompleteStep{"Hồ sơ hợp lệ", std::nullopt});
    ASSERT_THAT(r, IsOk());
    clock_.Set(Utc("2026-03-03T10:00"));
    r = service_->Act(Leader(), d.id, wf::IssueResult{"Giấy khai sinh bản chính"});
    ASSERT_THAT(r, IsOk());
    EXPECT_EQ(r->status, wf::DossierStatus::kProcessed);
    EXPECT_EQ(r->verdict, wf::Verdict::kEarly);
    r = service_->Act(Officer(), d.id, wf::ReturnResult{wf::ReturnMethod::kCounter});
    ASSERT_THAT(r, IsOk());
    d = *r;
    EXPECT_EQ(d.status, wf::DossierStatus::kReturned);
    EXPECT_EQ(d.version, 10);

    // The store's answer (cached), a cold store's (decoded from the row) and by code.
    EXPECT_THAT(store_->Load(d.id), IsOkAndHolds(d));
    SqliteDossierStore cold(*db_);
    EXPECT_THAT(cold.Load(d.id), IsOkAndHolds(d));
    EXPECT_THAT(cold.LoadByCode(d.code), IsOkAndHolds(d));
    EXPECT_THAT(service_->Get(Officer(kProvince), d.id), IsOkAndHolds(d));

    const auto events = cold.Events(d.id);
    ASSERT_THAT(events, IsOk());
    ASSERT_EQ(events->size(), 10U);
    for (std::size_t i = 0; i < events->size(); ++i) {
        EXPECT_EQ((*events)[i].seq, static_cast<std::int64_t>(i + 1));
        EXPECT_EQ((*events)[i].dossier, d.id);
    }
    EXPECT_EQ(std::get<wf::Submitted>(events->front().data).code, d.code);
    EXPECT_EQ(wf::Replay(*events), d);
    EXPECT_EQ(Int("SELECT version FROM dossiers WHERE id = ?1", d.id.value()).value_or(-1), 10);

    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    const auto report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->dossiers, 5);
    EXPECT_EQ(report->events, Count("events"));
    EXPECT_EQ(report->mismatches, 0) << report->first_mismatch.value_or("");
    EXPECT_FALSE(report->first_mismatch.has_value());
    // Every dossier also round-trips through its stored row and its events.
    for (std::int64_t id = 1; id <= report->dossiers; ++id) {
        const auto stored = cold.Load(model::DossierId{id});
        ASSERT_THAT(stored, IsOk());
        EXPECT_THAT(store_->Load(model::DossierId{id}), IsOkAndHolds(*stored));
        const auto evs = cold.Events(model::DossierId{id});
        ASSERT_THAT(evs, IsOk());
        EXPECT_EQ(wf::Replay(*evs), *stored) << stored->code;
    }
}

TEST_P(EngineTest, RebuildFindsAndRepairsADriftedProjection) {
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    // Someone edits a projection behind the engine's back.
    ASSERT_THAT(Exec("UPDATE dossiers SET body = json_set(body, '$.status', 10) WHERE id = 2"),
                IsOkAndHolds(1));
    const std::string code = TextValue("SELECT code FROM dossiers WHERE id = 2");
    auto report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 1);
    EXPECT_EQ(report->first_mismatch, code);
    report = RebuildProjections(*db_, true);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 1);
    report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 0);
    SqliteDossierStore cold(*db_);
    EXPECT_EQ(cold.Load(model::DossierId{2})->status, wf::DossierStatus::kRefused);
}

// The queryable columns are part of the projection (reports count by `status`, Append checks
// `version`): a drift there must be reported and repaired like a drift of `body`.
TEST_P(EngineTest, RebuildComparesTheQueryColumnsToo) {
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    ASSERT_THAT(Exec("UPDATE dossiers SET status = 10, verdict = 'early' WHERE id = 2"),
                IsOkAndHolds(1));
    auto report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 1);
    EXPECT_EQ(report->first_mismatch,
              std::optional<std::string>(TextValue("SELECT code FROM dossiers WHERE id = 2")));
    ASSERT_THAT(RebuildProjections(*db_, true), IsOk());
    EXPECT_THAT(Int("SELECT status FROM dossiers WHERE id = 2"),
                IsOkAndHolds(static_cast<int>(wf::DossierStatus::kRefused)));
}

// The public view (0008, in the projection row since 0020) is written with every append: the
// stored columns are the view of the projection and the events, and a lookup reads only that
// row.
TEST_P(EngineTest, PublicViewIsKeptWithEveryAppend) {
    wf::Dossier d;
    ASSERT_NO_FATAL_FAILURE(Processing(d));
    clock_.Set(Utc("2026-03-02T14:00"));
    ASSERT_THAT(
        service_->Act(Specialist(),
                      d.id,
                      wf::Consult{kTax, "Xác nhận nghĩa vụ thuế", 1, DurationUnit::kWorkingDays}),
        IsOk());
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    SqliteDossierStore cold(*db_);
    const std::int64_t dossiers = Count("dossiers");
    ASSERT_EQ(dossiers, 5);
    EXPECT_EQ(IntValue("SELECT count(*) FROM dossiers WHERE timeline LIKE '[{%}]'"), dossiers);
    for (std::int64_t id = 1; id <= dossiers; ++id) {
        const auto stored = cold.Load(model::DossierId{id});
        const auto events = cold.Events(model::DossierId{id});
        ASSERT_THAT(stored, IsOk());
        ASSERT_THAT(events, IsOk());
        const wf::PublicView expected = wf::PublicViewOf(*stored, *events);
        EXPECT_THAT(cold.LoadPublicView(stored->code), IsOkAndHolds(expected)) << stored->code;
        // A lookup gets the stored timeline as bytes, already in the answer's form.
        wf::PublicView raw = expected;
        raw.timeline.clear();
        raw.timeline_json = EncodePublicTimeline(expected.timeline);
        EXPECT_THAT(cold.LoadPublicViewRaw(stored->code), IsOkAndHolds(raw)) << stored->code;
        EXPECT_THAT(service_->TrackPublic(stored->code, stored->verification_key),
                    IsOkAndHolds(raw));
    }
    // The consultation is on the public timeline, its question is not; assignments are not.
    const auto view = cold.LoadPublicView(d.code);
    ASSERT_THAT(view, IsOk());
    ASSERT_FALSE(view->timeline.empty());
    EXPECT_EQ(view->timeline.back().title, "Lấy ý kiến cơ quan liên quan");
    EXPECT_EQ(view->timeline.back().event, "consultation_started");
    EXPECT_EQ(TextValue("SELECT timeline FROM dossiers WHERE code = ?1", d.code)
                  .find("Xác nhận nghĩa vụ thuế"),
              std::string::npos);
    EXPECT_EQ(IntValue("SELECT count(*) FROM dossiers WHERE timeline LIKE '%step_assigned%'"), 0);
    EXPECT_THAT(cold.LoadPublicView("000.00.21.H99-990101-9999"), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(cold.LoadPublicViewRaw("000.00.21.H99-990101-9999"),
                HasError(ErrorCode::kNotFound));
}

// The lookup's read (Database::ReadOne: one statement, no BEGIN/COMMIT) leaves no snapshot on
// the pooled connection: every read after an append sees it, on every connection of the pool.
TEST_P(EngineTest, ReadOneSeesEveryCommitAndKeepsNoSnapshot) {
    const auto count = [&] {
        return db_->ReadOne([](Connection& c) -> Result<std::int64_t> {
            MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached("SELECT count(*) FROM dossiers"));
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                return Fail(ErrorCode::kNotFound, "no row");
            }
            return st->ColumnInt64(0);
        });
    };
    for (std::int64_t n = 0; n < 12; ++n) {
        EXPECT_THAT(count(), IsOkAndHolds(n));
        EXPECT_THAT(count(), IsOkAndHolds(n));
        ASSERT_THAT(service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter)), IsOk());
    }
}

TEST_P(EngineTest, RebuildFindsAndRepairsADriftedPublicView) {
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    SqliteDossierStore cold(*db_);
    const std::string two = TextValue("SELECT code FROM dossiers WHERE id = 2");
    const std::string three = TextValue("SELECT code FROM dossiers WHERE id = 3");
    const auto expected_two = cold.LoadPublicView(two);
    const auto expected_three = cold.LoadPublicViewRaw(three);
    ASSERT_THAT(expected_two, IsOk());
    ASSERT_THAT(expected_three, IsOk());
    const std::string body_two = TextValue("SELECT body FROM dossiers WHERE code = ?1", two);
    // Only the view's own columns edited: one view emptied and returned, another's timeline
    // written with spaces (the same lines decoded, but not the bytes a lookup copies).
    ASSERT_THAT(Exec("UPDATE dossiers SET returned_at = '2026-03-09T10:00', timeline = '[]' "
                     "WHERE code = ?1",
                     two),
                IsOkAndHolds(1));
    ASSERT_THAT(Exec("UPDATE dossiers SET timeline = replace(timeline, ',\"event\":', ', "
                     "\"event\": ') WHERE code = ?1",
                     three),
                IsOkAndHolds(1));
    const auto drifted = cold.LoadPublicView(two);
    ASSERT_THAT(drifted, IsOk());
    EXPECT_TRUE(drifted->returned_at.has_value());
    EXPECT_TRUE(drifted->timeline.empty());
    EXPECT_NE(cold.LoadPublicViewRaw(three)->timeline_json, expected_three->timeline_json);

    auto report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 2);
    EXPECT_EQ(report->first_mismatch, two);
    report = RebuildProjections(*db_, true);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 2);
    report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 0) << report->first_mismatch.value_or("");
    EXPECT_THAT(cold.LoadPublicView(two), IsOkAndHolds(*expected_two));
    EXPECT_THAT(cold.LoadPublicViewRaw(three), IsOkAndHolds(*expected_three));
    EXPECT_EQ(TextValue("SELECT body FROM dossiers WHERE code = ?1", two), body_two);
}

// Migrations 0008 (fill), 0013 (consultation lines) and 0016 (the answer's key order) write the
// view of the dossiers already in a database from their rows and events, in SQL, and 0020 copies
// it into their projection rows: what they write must be what the engine would have written,
// byte for byte (a lookup copies the timeline).
TEST_P(EngineTest, MigrationFillsThePublicViewOfExistingDossiers) {
    wf::Dossier d;
    ASSERT_NO_FATAL_FAILURE(ConsultedAndAnswered(d));
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    // Reasons with every character JSON escapes, and Vietnamese.
    clock_.Set(Utc("2026-03-05T08:00"));
    auto refused = service_->Submit(Citizen(), BirthSubmission(wf::Channel::kOnline, "web-x"));
    ASSERT_THAT(refused, IsOk());
    ASSERT_THAT(service_->Act(Officer(),
                              refused->id,
                              wf::Refuse{{{"TP1",
                                           "Ký \"lại\" \\ a/b\tc\nd\x01"
                                           "e\x1f\x7f\b\f\r",
                                           "Ủy ban"},
                                          {"TP2", "Thiếu bản sao", "Nộp bổ sung"}}}),
                IsOk());
    SqliteDossierStore cold(*db_);
    const std::string timelines = "SELECT group_concat(timeline, '|') FROM dossiers";
    const std::string engine_timelines = TextValue(timelines);
    std::vector<wf::PublicView> before;
    for (std::int64_t id = 1; id <= 6; ++id) {
        const auto view =
            cold.LoadPublicView(TextValue("SELECT code FROM dossiers WHERE id = ?1", id));
        ASSERT_THAT(view, IsOk());
        before.push_back(*view);
    }
    EXPECT_TRUE(std::any_of(before.begin(), before.end(), [](const wf::PublicView& v) {
        return std::any_of(v.timeline.begin(), v.timeline.end(), [](const auto& line) {
            return line.event == "consultation_answered";
        });
    }));
    std::string table;  // 0008's CREATE TABLE dossier_public
    std::string fill;   // 0008's fill, then 0013
    std::string reorder;
    std::string fold;  // 0020 without its ADD COLUMNs (the columns are there)
    for (const EmbeddedFile& file : BuiltinMigrations()) {
        const std::string_view text = file.text;
        if (file.name == "0008_public_view.sql") {
            const std::size_t insert = text.find("INSERT INTO dossier_public");
            table = std::string(text.substr(0, insert));
            fill = std::string(text.substr(insert)) + fill;
        } else if (file.name == "0013_public_consultations.sql") {
            fill += file.text;
        } else if (file.name == "0016_public_timeline_answer_form.sql") {
            reorder = file.text;
        } else if (file.name == "0020_public_view_in_dossiers.sql") {
            fold = std::string(text.substr(text.find("UPDATE dossiers")));
        }
    }
    ASSERT_NE(table.find("CREATE TABLE dossier_public"), std::string::npos);
    ASSERT_NE(fill.find("INSERT INTO dossier_public"), std::string::npos);
    ASSERT_NE(fill.find("consultation_answered"), std::string::npos);
    ASSERT_NE(reorder.find("UPDATE dossier_public"), std::string::npos);
    ASSERT_NE(fold.find("DROP TABLE dossier_public"), std::string::npos);
    const auto run = [&](const std::string& sql) {
        return db_->Write([&](Connection& c) -> Result<bool> {
            MOTCUA_TRY(c.Exec(sql));
            return true;
        });
    };
    const std::string wipe = "UPDATE dossiers SET returned_at = NULL, timeline = '[]'";

    // 0016 leaves the engine's own timelines as they are, and 0020 copies them back unchanged.
    ASSERT_THAT(run(table +
                    "INSERT INTO dossier_public(code, tenant, dossier_id, verification_key, "
                    "procedure_code, agency_code, handling_agency_code, channel, status, "
                    "submitted_at, received_at, due_at, finished_at, returned_at, verdict, "
                    "version, timeline) SELECT code, tenant, id, verification_key, "
                    "procedure_code, agency_code, handling_agency_code, channel, status, "
                    "submitted_at, received_at, due_at, finished_at, returned_at, verdict, "
                    "version, timeline FROM dossiers;" +
                    wipe + ";" + reorder + fold),
                IsOk());
    EXPECT_EQ(TextValue(timelines), engine_timelines);

    ASSERT_THAT(run(wipe + ";" + table + fill + fold), IsOk());
    // 0008/0013 alone: the same views, but the lines with reasons or a new appointment in
    // another key order, which the rebuild check reports (a lookup copies those bytes).
    auto report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 4);
    for (const wf::PublicView& view : before) {
        EXPECT_THAT(cold.LoadPublicView(view.code), IsOkAndHolds(view));
    }
    ASSERT_THAT(run(wipe + ";" + table + fill + reorder + fold), IsOk());
    report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 0) << report->first_mismatch.value_or("");
    EXPECT_EQ(TextValue(timelines), engine_timelines);
    for (const wf::PublicView& view : before) {
        EXPECT_THAT(cold.LoadPublicView(view.code), IsOkAndHolds(view));
    }
}

// A database file; the migration test below copies it into one at an earlier schema version.
class EngineMigrationTest : public EngineTest {};

INSTANTIATE_TEST_SUITE_P(Db, EngineMigrationTest, ::testing::Values(DbKind::kFile), DbKindName);

// A database at migration 0019 (public views in dossier_public, a deferred index naming that
// table) opens at 0020 with every public view as it was, bytes included, and appends go on.
TEST_P(EngineMigrationTest, ADatabaseFrom0019KeepsItsPublicViews) {
    // Every kind of line: a consultation, a returned result, reasons, a new appointment.
    wf::Dossier d;
    ASSERT_NO_FATAL_FAILURE(ConsultedAndAnswered(d));
    clock_.Set(Utc("2026-03-03T09:00"));
    ASSERT_THAT(service_->Act(Specialist(), d.id, wf::CompleteStep{"Hồ sơ hợp lệ", std::nullopt}),
                IsOk());
    clock_.Set(Utc("2026-03-03T10:00"));
    ASSERT_THAT(service_->Act(Leader(), d.id, wf::IssueResult{"Giấy khai sinh bản chính"}), IsOk());
    ASSERT_THAT(service_->Act(Officer(), d.id, wf::ReturnResult{wf::ReturnMethod::kCounter}),
                IsOk());
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    const std::int64_t dossiers = Count("dossiers");
    ASSERT_EQ(dossiers, 5);
    std::vector<wf::PublicView> views;
    std::vector<wf::PublicView> raws;
    {
        SqliteDossierStore cold(*db_);
        for (std::int64_t id = 1; id <= dossiers; ++id) {
            const std::string code = TextValue("SELECT code FROM dossiers WHERE id = ?1", id);
            const auto view = cold.LoadPublicView(code);
            const auto raw = cold.LoadPublicViewRaw(code);
            ASSERT_THAT(view, IsOk());
            ASSERT_THAT(raw, IsOk());
            views.push_back(*view);
            raws.push_back(*raw);
        }
    }
    ASSERT_TRUE(views.front().returned_at.has_value());
    const std::string engine = DbPath();
    service_.reset();
    store_.reset();
    directory_.reset();
    db_.reset();

    // The same data in a database migrated to 0019, its public views where 0019 kept them.
    const std::string old_path = dir_.File("at-0019.db");
    {
        auto old = Connection::Open(OpenOptions{.path = old_path});
        ASSERT_THAT(old, IsOk());
        const auto all = ParseMigrationFiles(BuiltinMigrations());
        ASSERT_THAT(all, IsOk());
        std::vector<Migration> to_0019;
        for (const Migration& m : *all) {
            if (m.version <= 19) {
                to_0019.push_back(m);
            }
        }
        ASSERT_THAT(Migrate(*old, to_0019), IsOkAndHolds(19));
        ASSERT_THAT(old->Exec(fmt::format("ATTACH '{}' AS cur", engine)), IsOk());
        std::vector<std::pair<std::string, std::string>> tables;  // name, its 0019 columns
        {
            auto st = old->Prepare(
                "SELECT t.name, (SELECT group_concat(c.name, ', ') FROM pragma_table_info(t.name) "
                "c) FROM main.sqlite_schema t WHERE t.type = 'table' AND t.name NOT LIKE "
                "'sqlite_%' AND t.sql NOT LIKE 'CREATE VIRTUAL%' AND t.name NOT LIKE "
                "'procedure_search_%' AND t.name NOT LIKE 'dossier_names_%' AND t.name NOT IN "
                "('schema_migrations', 'dossier_public') ORDER BY t.name <> 'dossiers', t.name");
            ASSERT_THAT(st, IsOk());
            while (true) {
                const auto row = st->Step();
                ASSERT_THAT(row, IsOk());
                if (!*row) {
                    break;
                }
                tables.emplace_back(st->ColumnText(0), st->ColumnText(1));
            }
        }
        ASSERT_EQ(tables.front().first, "dossiers");
        std::string copy = "BEGIN; PRAGMA defer_foreign_keys = ON;";
        for (const auto& [name, columns] : tables) {
            copy += fmt::format(
                "INSERT OR REPLACE INTO main.{0}({1}) SELECT {1} FROM cur.{0};", name, columns);
        }
        copy +=
            "INSERT INTO main.procedure_search(rowid, folded) SELECT rowid, folded FROM "
            "cur.procedure_search;"
            "INSERT INTO main.dossier_names(dossier_names) VALUES ('rebuild');"
            "INSERT INTO main.dossier_public(code, tenant, dossier_id, verification_key, "
            "procedure_code, agency_code, handling_agency_code, channel, status, submitted_at, "
            "received_at, due_at, finished_at, returned_at, verdict, version, timeline) "
            "SELECT code, tenant, id, verification_key, procedure_code, agency_code, "
            "handling_agency_code, channel, status, submitted_at, received_at, due_at, "
            "finished_at, returned_at, verdict, version, timeline FROM cur.dossiers;"
            // What a bulk load that did not finish leaves: a dropped index to build again, and
            // (not written by any release, but it must not stop the database from opening) one
            // naming the public-view table.
            "DROP INDEX main.dossiers_submitted;"
            "INSERT INTO main.deferred_indexes(name, sql) VALUES ('dossiers_submitted', "
            "'CREATE INDEX dossiers_submitted ON dossiers(submitted_at)'), "
            "('dossier_public_submitted', "
            "'CREATE INDEX dossier_public_submitted ON dossier_public(submitted_at)');"
            "COMMIT; DETACH cur;";
        ASSERT_THAT(old->Exec(copy), IsOk());
        EXPECT_THAT(QueryInt(*old, "SELECT count(*) FROM dossier_public"), IsOkAndHolds(dossiers));
        EXPECT_THAT(SchemaVersion(*old), IsOkAndHolds(19));
    }

    DatabaseOptions options;
    options.path = old_path;
    auto migrated = Database::Open(options);
    ASSERT_THAT(migrated, IsOk());
    db_ = std::move(*migrated);
    EXPECT_GE(IntValue("SELECT max(version) FROM schema_migrations"), 20);
    EXPECT_EQ(IntValue("SELECT count(*) FROM sqlite_schema WHERE name = 'dossier_public'"), 0);
    EXPECT_EQ(Count("deferred_indexes"), 0);
    EXPECT_EQ(IntValue("SELECT count(*) FROM sqlite_schema WHERE name = 'dossiers_submitted'"), 1);
    SqliteDossierStore store(*db_);
    for (std::size_t i = 0; i < views.size(); ++i) {
        EXPECT_THAT(store.LoadPublicView(views[i].code), IsOkAndHolds(views[i])) << views[i].code;
        EXPECT_THAT(store.LoadPublicViewRaw(views[i].code), IsOkAndHolds(raws[i])) << views[i].code;
    }
    auto report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->dossiers, dossiers);
    EXPECT_EQ(report->mismatches, 0) << report->first_mismatch.value_or("");
    const auto audit = VerifyAuditChain(*db_);
    ASSERT_THAT(audit, IsOk());
    EXPECT_FALSE(audit->first_broken_event.has_value()) << audit->problem;

    // An append to a migrated dossier adds its lines to the copied timeline.
    auto national = cal::BuiltinNationalSchedules();
    ASSERT_THAT(national, IsOk());
    SqliteDirectory directory(*db_, std::move(*national));
    wf::DossierService service(directory, store, clock_, keys_);
    const std::int64_t postal = IntValue("SELECT id FROM dossiers WHERE channel = 'postal'");
    ASSERT_THAT(
        service.Act(Officer(), model::DossierId{postal}, wf::Forward{model::UserId{101}, ""}),
        IsOk());
    const auto stored = store.Load(model::DossierId{postal});
    const auto events = store.Events(model::DossierId{postal});
    ASSERT_THAT(stored, IsOk());
    ASSERT_THAT(events, IsOk());
    const wf::PublicView expected = wf::PublicViewOf(*stored, *events);
    EXPECT_GT(expected.timeline.size(),
              views[static_cast<std::size_t>(postal - 1)].timeline.size());
    EXPECT_THAT(store.LoadPublicView(stored->code), IsOkAndHolds(expected));
    report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 0) << report->first_mismatch.value_or("");
}

TEST_P(EngineTest, DossierCodesComeFromTheDailyCounter) {
    auto a = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    auto b = service_->Submit(Citizen(), BirthSubmission(wf::Channel::kOnline));
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(b, IsOk());
    EXPECT_EQ(a->code, "000.00.21.H99-260302-0001");
    EXPECT_EQ(b->code, "000.00.21.H99-260302-0002");
    EXPECT_EQ(a->verification_key, "K0000001");
    clock_.Set(Utc("2026-03-03T08:00"));
    auto c = service_->Submit(Officer(), BirthSubmission(wf::Channel::kPostal));
    ASSERT_THAT(c, IsOk());
    EXPECT_EQ(c->code, "000.00.21.H99-260303-0001");
    EXPECT_THAT(Int("SELECT last FROM dossier_counters WHERE agency_code = ?1 AND day = ?2",
                    std::string_view(kCommune),
                    std::string_view("260302")),
                IsOkAndHolds(2));
    // The code is in the stored Submitted event too (it is what the chain hashes).
    const auto events = store_->Events(c->id);
    ASSERT_THAT(events, IsOk());
    EXPECT_EQ(std::get<wf::Submitted>(events->front().data).code, c->code);
}

TEST_P(EngineTest, FailedSubmissionDoesNotConsumeACode) {
    const auto first = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter, "k"));
    ASSERT_THAT(first, IsOk());
    // The same (actor-scoped) key again through the store directly: the unique key refuses the
    // row and the counter increment is rolled back with it.
    wf::Dossier projection;
    wf::Event e{{}, 1, At("2026-03-02T09:00"), Officer(), wf::Submitted{}};
    auto& s = std::get<wf::Submitted>(e.data);
    s.agency_code = kCommune;
    s.procedure_code = kBirth;
    s.idempotency_key = first->idempotency_key;
    projection = wf::Apply(projection, e);
    core::ports::AppendRequest request;
    request.events = {e};
    request.projection = projection;
    EXPECT_THAT(store_->Append(std::move(request)), HasError(ErrorCode::kAlreadyExists));
    auto next = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(next, IsOk());
    EXPECT_EQ(next->code, "000.00.21.H99-260302-0002");
}

TEST_P(EngineTest, SameIdempotencyKeyGivesOneDossier) {
    auto a = service_->Submit(Citizen(), BirthSubmission(wf::Channel::kOnline, "portal-42"));
    auto b = service_->Submit(Citizen(), BirthSubmission(wf::Channel::kOnline, "portal-42"));
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(b, IsOk());
    EXPECT_EQ(a->id, b->id);
    EXPECT_EQ(a->code, b->code);
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(Count("dossiers"), 1);
    EXPECT_EQ(Count("events"), 1);
    EXPECT_EQ(Count("outbox"), 1);
}

TEST_P(EngineTest, ConcurrentSubmissionsWithOneKeyGiveOneDossier) {
    constexpr int kThreads = 8;
    std::vector<Result<wf::Dossier>> results(kThreads, Fail(ErrorCode::kInternal, "not run"));
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            ++ready;
            WaitUntil([&] { return ready.load() == kThreads; });
            results[static_cast<std::size_t>(t)] =
                service_->Submit(Citizen(), BirthSubmission(wf::Channel::kOnline, "same-key"));
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    for (const auto& r : results) {
        ASSERT_THAT(r, IsOk());
        EXPECT_EQ(r->id, results.front()->id);
        EXPECT_EQ(r->code, "000.00.21.H99-260302-0001");
    }
    EXPECT_EQ(Count("dossiers"), 1);
    EXPECT_EQ(Count("events"), 1);
    // Losers' counter increments were rolled back: the next code has no gap.
    auto next = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(next, IsOk());
    EXPECT_EQ(next->code, "000.00.21.H99-260302-0002");
}

TEST_P(EngineTest, DayOfTheCodeIsTheVietnameseCivilDay) {
    // 00:30 in Vietnam is still the previous day in UTC.
    clock_.Set(Utc("2026-03-03T00:30"));
    auto d = service_->Submit(Citizen(), BirthSubmission(wf::Channel::kOnline));
    ASSERT_THAT(d, IsOk());
    EXPECT_EQ(d->code, "000.00.21.H99-260303-0001");
    clock_.Set(Utc("2026-03-03T23:59"));
    d = service_->Submit(Citizen(), BirthSubmission(wf::Channel::kOnline));
    ASSERT_THAT(d, IsOk());
    EXPECT_EQ(d->code, "000.00.21.H99-260303-0002");
}

TEST_P(EngineTest, AgencyCalendarChangeReachesTheNextDossier) {
    auto before = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(before, IsOk());
    EXPECT_EQ(cal::FormatDateTime(*before->due_at), "2026-03-05T17:00");
    // The commune gives Wednesday 04/03 off: the calendar cached for it must be dropped.
    auto agency = directory_->AgencyByCode(kCommune);
    ASSERT_THAT(agency, IsOk());
    agency->calendar_overrides = {{Day("2026-03-04"), cal::DayKind::kSwapOff, "Nghỉ hoán đổi"}};
    ASSERT_THAT(directory_->SaveAgency(*agency), IsOk());
    auto reread = directory_->AgencyByCode(kCommune);
    ASSERT_THAT(reread, IsOk());
    EXPECT_EQ(*reread, *agency);
    auto after = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(after, IsOk());
    EXPECT_EQ(cal::FormatDateTime(*after->due_at), "2026-03-06T17:00");
    // The dossier received before keeps its due time.
    EXPECT_EQ(cal::FormatDateTime(*store_->Load(before->id)->due_at), "2026-03-05T17:00");
}

TEST_P(EngineTest, ConcurrentTransitionsKeepTheChainAndProjectionsExact) {
    constexpr int kThreads = 8;
    constexpr int kDossiersEach = 4;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kDossiersEach; ++i) {
                auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
                const auto act = [&](const wf::Actor& actor, const wf::Command& command) {
                    if (d) {
                        d = service_->Act(actor, d->id, command);
                    }
                };
                act(Officer(), wf::Forward{});
                act(Specialist(), wf::CompleteStep{});
                act(Leader(), wf::IssueResult{});
                act(Officer(), wf::ReturnResult{});
                if (!d || d->status != wf::DossierStatus::kReturned) {
                    ++failures;
                }
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(Count("dossiers"), kThreads * kDossiersEach);
    EXPECT_EQ(Count("events"), kThreads * kDossiersEach * 8);
    EXPECT_THAT(Int("SELECT count(DISTINCT code) FROM dossiers"),
                IsOkAndHolds(kThreads * kDossiersEach));
    EXPECT_THAT(Int("SELECT max(last) FROM dossier_counters"),
                IsOkAndHolds(kThreads * kDossiersEach));
    const auto audit = VerifyAuditChain(*db_);
    ASSERT_THAT(audit, IsOk());
    EXPECT_FALSE(audit->first_broken_event.has_value()) << audit->problem;
    const auto rebuilt = RebuildProjections(*db_, false);
    ASSERT_THAT(rebuilt, IsOk());
    EXPECT_EQ(rebuilt->mismatches, 0) << rebuilt->first_mismatch.value_or("");
    // The indicator facts of appends sharing a batch are merged before its COMMIT: each counted
    // exactly once.
    const auto counters = VerifyKpiCounters(*db_, false);
    ASSERT_THAT(counters, IsOk());
    EXPECT_GT(counters->facts, 0);
    EXPECT_EQ(counters->mismatches, 0) << counters->first_mismatch.value_or("");
}

TEST_P(EngineTest, AnotherStoreInstanceMakesTheCachedCopyConflictNotCorrupt) {
    wf::Dossier d;
    ASSERT_NO_FATAL_FAILURE(Processing(d));
    // A second store on the same database (as another process would be) moves the dossier on.
    SqliteDossierStore other(*db_);
    wf::DossierService other_service(*directory_, other, clock_, keys_);
    ASSERT_THAT(other_service.Act(Leader(), d.id, wf::Assign{model::UserId{7}}), IsOk());
    // Our store still caches the older projection: the action decided on it is refused…
    EXPECT_THAT(service_->Act(Specialist(), d.id, wf::CompleteStep{}),
                HasError(ErrorCode::kConflict));
    // …and the retry, now reading the row, goes through on the current version.
    auto retried = service_->Act(Specialist(), d.id, wf::CompleteStep{});
    ASSERT_THAT(retried, IsOk());
    EXPECT_EQ(retried->version, d.version + 3);
    EXPECT_EQ(retried->steps[0].assignee, std::optional<model::UserId>(model::UserId{7}));
    const auto rebuilt = RebuildProjections(*db_, false);
    ASSERT_THAT(rebuilt, IsOk());
    EXPECT_EQ(rebuilt->mismatches, 0);
}

// ---- Optimistic concurrency --------------------------------------------------------------

core::ports::AppendRequest AssignRequest(const wf::Dossier& d,
                                         std::int64_t expected_version,
                                         std::int64_t assignee) {
    wf::Event e{d.id,
                d.version + 1,
                At("2026-03-02T09:30"),
                {wf::Role::kAgencyLeader, model::UserId{102}, kCommune, "Lãnh đạo"},
                wf::StepAssigned{0, model::UserId{assignee}}};
    core::ports::AppendRequest request;
    request.dossier = d.id;
    request.expected_version = expected_version;
    request.projection = wf::Apply(d, e);
    request.events = {std::move(e)};
    request.outbox = {{"dvcqg.sync", d.version + 1}};
    return request;
}

TEST_P(EngineTest, StaleAppendIsAConflictAndWritesNothing) {
    wf::Dossier d;
    ASSERT_NO_FATAL_FAILURE(Processing(d));
    const std::int64_t events = Count("events");
    const std::int64_t chain = Count("audit_chain");
    const std::int64_t outbox = Count("outbox");
    const std::string body = TextValue("SELECT body FROM dossiers WHERE id = ?1", d.id.value());

    EXPECT_THAT(store_->Append(AssignRequest(d, d.version - 1, 7)), HasError(ErrorCode::kConflict));
    EXPECT_THAT(store_->Append(AssignRequest(d, d.version + 1, 7)), HasError(ErrorCode::kConflict));
    EXPECT_EQ(Count("events"), events);
    EXPECT_EQ(Count("audit_chain"), chain);
    EXPECT_EQ(Count("outbox"), outbox);
    EXPECT_THAT(Text("SELECT body FROM dossiers WHERE id = ?1", d.id.value()),
                IsOkAndHolds(std::optional<std::string>(body)));
    EXPECT_THAT(store_->Load(d.id), IsOkAndHolds(d));
    // Through the service: a caller that read an older version is refused too.
    EXPECT_THAT(service_->Act(Leader(), d.id, wf::Assign{model::UserId{7}}, d.version - 1),
                HasError(ErrorCode::kConflict));
    EXPECT_EQ(Count("events"), events);
    // The right version goes through.
    EXPECT_THAT(store_->Append(AssignRequest(d, d.version, 7)), IsOk());
    EXPECT_EQ(Count("events"), events + 1);
}

TEST_P(EngineTest, MalformedAppendsAreRefused) {
    wf::Dossier d;
    ASSERT_NO_FATAL_FAILURE(Processing(d));
    core::ports::AppendRequest empty = AssignRequest(d, d.version, 7);
    empty.events.clear();
    EXPECT_THAT(store_->Append(std::move(empty)), HasError(ErrorCode::kInvalidArgument));
    // A new dossier must start with its submission.
    core::ports::AppendRequest headless = AssignRequest(d, 0, 7);
    headless.dossier.reset();
    EXPECT_THAT(store_->Append(std::move(headless)), HasError(ErrorCode::kInvalidArgument));
    core::ports::AppendRequest unknown = AssignRequest(d, d.version, 7);
    unknown.dossier = model::DossierId{999};
    EXPECT_THAT(store_->Append(std::move(unknown)), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(store_->Load(model::DossierId{999}), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(store_->LoadByCode("000.00.21.H99-260302-9999"), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(store_->FindByIdempotencyKey("nobody"), IsOkAndHolds(std::optional<wf::Dossier>()));
    EXPECT_EQ(Count("events"), 3);
}

TEST_P(EngineTest, ConcurrentAppendsOnOneVersionOnlyOneWins) {
    wf::Dossier d;
    ASSERT_NO_FATAL_FAILURE(Processing(d));
    const std::int64_t events = Count("events");
    constexpr int kThreads = 8;
    std::vector<Result<core::ports::AppendResult>> results(kThreads,
                                                           Fail(ErrorCode::kInternal, "not run"));
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            ++ready;
            WaitUntil([&] { return ready.load() == kThreads; });
            results[static_cast<std::size_t>(t)] =
                store_->Append(AssignRequest(d, d.version, 200 + t));
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    int won = 0;
    for (const auto& r : results) {
        if (r) {
            ++won;
        } else {
            EXPECT_THAT(r, HasError(ErrorCode::kConflict));
        }
    }
    EXPECT_EQ(won, 1);
    EXPECT_EQ(Count("events"), events + 1);
    SqliteDossierStore cold(*db_);
    const auto loaded = cold.Load(d.id);
    ASSERT_THAT(loaded, IsOk());
    EXPECT_EQ(loaded->version, d.version + 1);
    EXPECT_THAT(store_->Load(d.id), IsOkAndHolds(*loaded));
}

// ---- Audit chain ---------------------------------------------------------------------------

TEST_P(EngineTest, AuditChainIsIntactOnACleanDatabase) {
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    const auto report = VerifyAuditChain(*db_);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->events_checked, Count("events"));
    EXPECT_FALSE(report->first_broken_event.has_value()) << report->problem;
    EXPECT_TRUE(report->problem.empty());
    EXPECT_EQ(Count("audit_chain"), Count("events"));
}

TEST_P(EngineTest, AuditChainNamesTheAlteredEvent) {
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    // The Submitted event of dossier 2: the applicant's id number is rewritten.
    const std::int64_t target = EventId(model::DossierId{2}, 1);
    ASSERT_THAT(Exec("UPDATE events SET data = replace(data, '001090000001', '001090000009') "
                     "WHERE id = ?1",
                     target),
                IsOkAndHolds(1));
    ASSERT_THAT(Int("SELECT instr(data, '001090000009') > 0 FROM events WHERE id = ?1", target),
                IsOkAndHolds(1));
    const auto report = VerifyAuditChain(*db_);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->first_broken_event, std::optional<std::int64_t>(target)) << report->problem;
    EXPECT_THAT(report->problem, ::testing::HasSubstr("altered"));
}

TEST_P(EngineTest, AuditChainNamesTheEventWithAnAlteredColumn) {
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    const std::int64_t target = EventId(model::DossierId{3}, 2);
    ASSERT_THAT(Exec("UPDATE events SET at = '2026-01-01T08:00' WHERE id = ?1", target),
                IsOkAndHolds(1));
    const auto report = VerifyAuditChain(*db_);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->first_broken_event, std::optional<std::int64_t>(target)) << report->problem;
}

TEST_P(EngineTest, AuditChainNamesTheEventAfterARemovedOne) {
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    const std::int64_t target = EventId(model::DossierId{1}, 3);
    const std::int64_t next = IntValue("SELECT min(id) FROM events WHERE id > ?1", target);
    ASSERT_THAT(Exec("DELETE FROM audit_chain WHERE event_id = ?1", target), IsOkAndHolds(1));
    ASSERT_THAT(Exec("DELETE FROM events WHERE id = ?1", target), IsOkAndHolds(1));
    const auto report = VerifyAuditChain(*db_);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->first_broken_event, std::optional<std::int64_t>(next)) << report->problem;
}

TEST_P(EngineTest, AuditChainNamesTheEventWhoseHashWasRewritten) {
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    const std::int64_t target = EventId(model::DossierId{2}, 2);
    ASSERT_THAT(Exec("UPDATE audit_chain SET hash = zeroblob(32) WHERE event_id = ?1", target),
                IsOkAndHolds(1));
    const auto report = VerifyAuditChain(*db_);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->first_broken_event, std::optional<std::int64_t>(target)) << report->problem;
    EXPECT_EQ(report->events_checked, target);
}

TEST_P(EngineTest, AuditChainNamesAnEventWithoutChainEntry) {
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    const std::int64_t target = EventId(model::DossierId{4}, 1);
    ASSERT_THAT(Exec("DELETE FROM audit_chain WHERE event_id = ?1", target), IsOkAndHolds(1));
    const auto report = VerifyAuditChain(*db_);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->first_broken_event, std::optional<std::int64_t>(target)) << report->problem;
}

// Removing the newest event with its chain entry leaves a chain that is internally consistent;
// the projection check is what notices the dossier lost an event.
TEST_P(EngineTest, TruncatedTailIsCaughtByTheProjectionCheck) {
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    const std::int64_t last = IntValue("SELECT max(id) FROM events");
    ASSERT_THAT(Exec("DELETE FROM audit_chain WHERE event_id = ?1", last), IsOkAndHolds(1));
    ASSERT_THAT(Exec("DELETE FROM events WHERE id = ?1", last), IsOkAndHolds(1));
    const auto report = RebuildProjections(*db_, false);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->mismatches, 1);
}

// ---- Outbox and step rows ------------------------------------------------------------------

TEST_P(EngineTest, OutboxHasOneSyncPerEventAndApplicantNotices) {
    auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(d, IsOk());
    const std::int64_t id = d->id.value();
    EXPECT_THAT(
        Int("SELECT count(*) FROM outbox WHERE dossier_id = ?1 AND topic = 'notify.applicant'", id),
        IsOkAndHolds(1));
    EXPECT_THAT(
        Text("SELECT key FROM outbox WHERE dossier_id = ?1 AND topic = 'notify.applicant'", id),
        IsOkAndHolds(std::optional<std::string>(d->code + "#2")));  // Received
    ASSERT_THAT(service_->Act(Officer(), d->id, wf::Forward{}), IsOk());
    ASSERT_THAT(service_->Act(Specialist(), d->id, wf::CompleteStep{}), IsOk());
    ASSERT_THAT(service_->Act(Leader(), d->id, wf::IssueResult{}), IsOk());
    ASSERT_THAT(service_->Act(Officer(), d->id, wf::ReturnResult{}), IsOk());

    const std::int64_t events = IntValue("SELECT count(*) FROM events WHERE dossier_id = ?1", id);
    EXPECT_EQ(events, 8);
    EXPECT_THAT(
        Int("SELECT count(*) FROM outbox WHERE dossier_id = ?1 AND topic = 'dvcqg.sync'", id),
        IsOkAndHolds(events));
    // Each sync row belongs to exactly one event and carries "<code>#<seq>".
    EXPECT_THAT(Int("SELECT count(*) FROM outbox o JOIN events e ON e.dossier_id = o.dossier_id "
                    "AND e.seq = o.event_seq JOIN dossiers d ON d.id = o.dossier_id WHERE "
                    "o.topic = 'dvcqg.sync' AND o.key = d.code || '#' || e.seq AND "
                    "o.state = 'pending' AND o.dossier_id = ?1",
                    id),
                IsOkAndHolds(events));
    // Applicant notices: reception (seq 2) and the result (the ResultIssued event).
    const std::int64_t issued =
        IntValue("SELECT seq FROM events WHERE dossier_id = ?1 AND type = 'result_issued'", id);
    EXPECT_THAT(Int("SELECT count(*) FROM outbox WHERE dossier_id = ?1 AND topic = "
                    "'notify.applicant'",
                    id),
                IsOkAndHolds(2));
    EXPECT_THAT(Int("SELECT count(*) FROM outbox WHERE dossier_id = ?1 AND topic = "
                    "'notify.applicant' AND event_seq IN (2, ?2)",
                    id,
                    issued),
                IsOkAndHolds(2));
}

TEST_P(EngineTest, StepRowsCarryDeadlinesAndLateVerdicts) {
    wf::Dossier d;
    ASSERT_NO_FATAL_FAILURE(Processing(d));
    const std::int64_t id = d.id.value();
    EXPECT_THAT(
        Text("SELECT due_at FROM dossier_steps WHERE dossier_id = ?1 AND step_index = 0", id),
        IsOkAndHolds(std::optional<std::string>("2026-03-03T15:00")));
    EXPECT_THAT(
        Text("SELECT verdict FROM dossier_steps WHERE dossier_id = ?1 AND step_index = 0", id),
        IsOkAndHolds(std::optional<std::string>("pending")));
    clock_.Set(Utc("2026-03-04T16:00"));  // the step was due 03/03 15:00
    auto r = service_->Act(Specialist(), d.id, wf::CompleteStep{});
    ASSERT_THAT(r, IsOk());
    ASSERT_EQ(r->steps.size(), 2U);
    EXPECT_EQ(r->steps[0].verdict, wf::Verdict::kLate);
    EXPECT_THAT(
        Text("SELECT verdict FROM dossier_steps WHERE dossier_id = ?1 AND step_index = 0", id),
        IsOkAndHolds(std::optional<std::string>("late")));
    EXPECT_THAT(
        Text("SELECT finished_at FROM dossier_steps WHERE dossier_id = ?1 AND step_index = 0", id),
        IsOkAndHolds(std::optional<std::string>("2026-03-04T16:00")));
    EXPECT_THAT(
        Text("SELECT agency_code || '/' || role || '/' || assignee FROM dossier_steps "
             "WHERE dossier_id = ?1 AND step_index = 0",
             id),
        IsOkAndHolds(std::optional<std::string>(std::string(kCommune) + "/specialist/101")));
    const int next = r->steps[1].index;
    EXPECT_THAT(Text("SELECT name || '|' || verdict || '|' || due_at FROM dossier_steps WHERE "
                     "dossier_id = ?1 AND step_index = ?2 AND finished_at IS NULL",
                     id,
                     next),
                IsOkAndHolds(std::optional<std::string>("Phê duyệt|pending|" +
                                                        cal::FormatDateTime(r->steps[1].due_at))));
    // Every step of the projection has its row, with the same figures.
    for (const wf::StepRecord& s : r->steps) {
        EXPECT_THAT(
            Text("SELECT due_at FROM dossier_steps WHERE dossier_id = ?1 AND step_index = ?2",
                 id,
                 s.index),
            IsOkAndHolds(std::optional<std::string>(cal::FormatDateTime(s.due_at))));
    }
}

// ---- Catalog -------------------------------------------------------------------------------

class EngineCatalogTest : public EngineTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(EngineTest::SetUp());
        cat::ProcedureVersion marriage = MakeVersion("1.000894",
                                                     "Đăng ký kết hôn",
                                                     "HT",
                                                     "Hộ tịch",
                                                     cat::ProcedureLevel::kCommune,
                                                     cat::OnlineLevel::kFull);
        cat::ProcedureVersion foreign = MakeVersion("1.003003",
                                                    "Đăng ký kết hôn có yếu tố nước ngoài",
                                                    "HT",
                                                    "Hộ tịch",
                                                    cat::ProcedureLevel::kProvince,
                                                    cat::OnlineLevel::kPartial);
        foreign.implementing_agency = "Sở Tư pháp";
        cat::ProcedureVersion building = MakeVersion("1.001612",
                                                     "Cấp giấy phép xây dựng nhà ở riêng lẻ",
                                                     "XD",
                                                     "Xây dựng",
                                                     cat::ProcedureLevel::kProvince,
                                                     cat::OnlineLevel::kPartial);
        building.implementing_agency = "Sở Xây dựng";
        cat::ProcedureVersion copy = MakeVersion("2.000908",
                                                 "Chứng thực bản sao từ bản chính",
                                                 "CT",
                                                 "Chứng thực",
                                                 cat::ProcedureLevel::kCommune,
                                                 cat::OnlineLevel::kNone);
        std::vector<cat::DecisionItem> items;
        for (cat::ProcedureVersion* v : {&marriage, &foreign, &building, &copy}) {
            items.push_back({cat::ChangeKind::kNew, v->code, *v, {}});
        }
        ASSERT_THAT(directory_->Publish(
                        MakeDecision("200/QĐ-UBND", "2025-06-25", "2025-07-01", std::move(items))),
                    IsOk());
    }

    std::vector<std::string> Names(const SearchPage& page) {
        std::vector<std::string> out;
        for (const SearchHit& h : page.items) {
            out.push_back(h.version.name);
        }
        return out;
    }

    Result<SearchPage> Find(std::string text) {
        SearchQuery q;
        q.text = std::move(text);
        q.on = Day("2026-03-02");
        return directory_->Search(q);
    }
};

INSTANTIATE_TEST_SUITE_P(Db,
                         EngineCatalogTest,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile),
                         DbKindName);

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

TEST_P(EngineCatalogTest, SearchIgnoresDiacriticsAndCase) {
    auto page = Find("dang ky ket hon");
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 2);
    EXPECT_THAT(Names(*page),
                UnorderedElementsAre("Đăng ký kết hôn", "Đăng ký kết hôn có yếu tố nước ngoài"));
    page = Find("ĐĂNG KÝ KẾT HÔN");
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 2);
    page = Find("khai sinh");
    ASSERT_THAT(page, IsOk());
    EXPECT_THAT(Names(*page), ElementsAre("Đăng ký khai sinh"));
    page = Find("chung thuc ban sao");
    ASSERT_THAT(page, IsOk());
    EXPECT_THAT(Names(*page), ElementsAre("Chứng thực bản sao từ bản chính"));
}

TEST_P(EngineCatalogTest, SearchToleratesStraySpacesAndPunctuation) {
    auto page = Find("  Đăng   ký,  kết hôn  ");
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 2);
    page = Find("\"kết hôn\" OR *");
    ASSERT_THAT(page, IsOk());
}

TEST_P(EngineCatalogTest, SearchFiltersAndPaginates) {
    SearchQuery q;
    q.on = Day("2026-03-02");
    q.text = "dang ky ket hon";
    q.level = cat::ProcedureLevel::kCommune;
    auto page = directory_->Search(q);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 1);
    EXPECT_THAT(Names(*page), ElementsAre("Đăng ký kết hôn"));

    q = {};
    q.on = Day("2026-03-02");
    q.sector_code = "HT";
    q.limit = 2;
    page = directory_->Search(q);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 3);
    ASSERT_EQ(page->items.size(), 2U);
    std::vector<std::string> seen = Names(*page);
    q.offset = 2;
    page = directory_->Search(q);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 3);
    ASSERT_EQ(page->items.size(), 1U);
    seen.push_back(page->items.front().version.name);
    EXPECT_THAT(
        seen,
        UnorderedElementsAre(
            "Đăng ký khai sinh", "Đăng ký kết hôn", "Đăng ký kết hôn có yếu tố nước ngoài"));

    q = {};
    q.on = Day("2026-03-02");
    q.online_level = cat::OnlineLevel::kPartial;
    page = directory_->Search(q);
    ASSERT_THAT(page, IsOk());
    EXPECT_THAT(Names(*page),
                UnorderedElementsAre("Cấp giấy phép xây dựng nhà ở riêng lẻ",
                                     "Đăng ký kết hôn có yếu tố nước ngoài"));

    q = {};
    q.on = Day("2026-03-02");
    q.agency = "Sở Xây dựng";
    page = directory_->Search(q);
    ASSERT_THAT(page, IsOk());
    EXPECT_THAT(Names(*page), ElementsAre("Cấp giấy phép xây dựng nhà ở riêng lẻ"));

    q = {};
    q.on = Day("2025-06-30");  // before the decisions took effect
    page = directory_->Search(q);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 0);
    EXPECT_TRUE(page->items.empty());

    auto all = directory_->VersionsInForce(Day("2026-03-02"));
    ASSERT_THAT(all, IsOk());
    EXPECT_EQ(all->size(), 5U);
}

TEST_P(EngineCatalogTest, AmendmentLeavesEarlierDossiersOnTheirPinnedVersion) {
    auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(d, IsOk());
    const model::ProcedureVersionId pinned = d->procedure_version;
    auto before = directory_->VersionInForce(kBirth, Day("2026-03-31"));
    ASSERT_THAT(before, IsOk());
    EXPECT_EQ(before->id, pinned);
    EXPECT_EQ(before->deadline, 3);

    cat::ProcedureVersion cut = BirthVersion();
    cut.deadline = 2;
    ASSERT_THAT(directory_->Publish(MakeDecision("300/QĐ-UBND",
                                                 "2026-03-20",
                                                 "2026-04-01",
                                                 {{cat::ChangeKind::kAmended, kBirth, cut, {}}})),
                IsOk());

    auto old_version = directory_->VersionInForce(kBirth, Day("2026-03-31"));
    ASSERT_THAT(old_version, IsOk());
    EXPECT_EQ(old_version->id, pinned);
    EXPECT_EQ(old_version->effective_to, std::optional<cal::LocalDate>(Day("2026-04-01")));
    auto new_version = directory_->VersionInForce(kBirth, Day("2026-04-01"));
    ASSERT_THAT(new_version, IsOk());
    EXPECT_NE(new_version->id, pinned);
    EXPECT_EQ(new_version->version, 2);
    EXPECT_EQ(new_version->deadline, 2);
    EXPECT_EQ(new_version->effective_from, Day("2026-04-01"));

    auto pinned_version = directory_->Version(pinned);
    ASSERT_THAT(pinned_version, IsOk());
    EXPECT_EQ(pinned_version->deadline, 3);
    EXPECT_EQ(pinned_version->components, BirthVersion().components);
    EXPECT_EQ(pinned_version->fees, BirthVersion().fees);
    auto history = directory_->History(kBirth);
    ASSERT_THAT(history, IsOk());
    ASSERT_EQ(history->size(), 2U);
    EXPECT_EQ((*history)[0].id, pinned);

    // The old dossier still acts on its pinned version; a new one pins the amended version.
    clock_.Set(Utc("2026-04-02T09:00"));
    ASSERT_THAT(service_->Act(Officer(), d->id, wf::Forward{}), IsOk());
    EXPECT_EQ(store_->Load(d->id)->procedure_version, pinned);
    auto later = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(later, IsOk());
    EXPECT_EQ(later->procedure_version, new_version->id);
    EXPECT_EQ(cal::FormatDateTime(*later->due_at), "2026-04-06T17:00");
}

TEST_P(EngineCatalogTest, ReplacementAndAbolitionCloseTheOldVersions) {
    cat::ProcedureVersion successor = MakeVersion("1.009999",
                                                  "Đăng ký kết hôn (liên thông)",
                                                  "HT",
                                                  "Hộ tịch",
                                                  cat::ProcedureLevel::kCommune,
                                                  cat::OnlineLevel::kFull);
    std::vector<cat::DecisionItem> items;
    items.push_back({cat::ChangeKind::kReplaced, successor.code, successor, "1.000894"});
    items.push_back({cat::ChangeKind::kAbolished, "2.000908", std::nullopt, ""});
    ASSERT_THAT(directory_->Publish(
                    MakeDecision("500/QĐ-UBND", "2026-03-20", "2026-04-01", std::move(items))),
                IsOk());
    EXPECT_THAT(directory_->VersionInForce("1.000894", Day("2026-03-31")), IsOk());
    EXPECT_THAT(directory_->VersionInForce("1.000894", Day("2026-04-01")),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(directory_->VersionInForce("2.000908", Day("2026-04-01")),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(directory_->VersionInForce("1.009999", Day("2026-03-31")),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(directory_->VersionInForce("1.009999", Day("2026-04-01")), IsOk());
    EXPECT_THAT(Int("SELECT count(*) FROM decision_items d JOIN publication_decisions p ON "
                    "p.id = d.decision_id WHERE p.number = ?1",
                    std::string_view("500/QĐ-UBND")),
                IsOkAndHolds(2));
    SearchQuery q;
    q.text = "ket hon";
    q.on = Day("2026-04-01");
    auto page = directory_->Search(q);
    ASSERT_THAT(page, IsOk());
    EXPECT_THAT(Names(*page),
                UnorderedElementsAre("Đăng ký kết hôn (liên thông)",
                                     "Đăng ký kết hôn có yếu tố nước ngoài"));
    // Amending what is no longer in force is refused, and leaves no decision behind.
    const std::int64_t decisions = Count("publication_decisions");
    cat::ProcedureVersion gone = MakeVersion("2.000908",
                                             "Chứng thực bản sao từ bản chính",
                                             "CT",
                                             "Chứng thực",
                                             cat::ProcedureLevel::kCommune,
                                             cat::OnlineLevel::kNone);
    EXPECT_THAT(
        directory_->Publish(MakeDecision("501/QĐ-UBND",
                                         "2026-04-10",
                                         "2026-04-10",
                                         {{cat::ChangeKind::kAmended, gone.code, gone, {}}})),
        HasError(ErrorCode::kFailedPrecondition));
    EXPECT_EQ(Count("publication_decisions"), decisions);
}

TEST_P(EngineCatalogTest, ReusedDecisionNumberIsRefusedAndChangesNothing) {
    const std::int64_t versions = Count("procedure_versions");
    const std::int64_t decisions = Count("publication_decisions");
    cat::ProcedureVersion death = MakeVersion("1.000656",
                                              "Đăng ký khai tử",
                                              "HT",
                                              "Hộ tịch",
                                              cat::ProcedureLevel::kCommune,
                                              cat::OnlineLevel::kFull);
    EXPECT_THAT(directory_->Publish(MakeDecision(kFirstDecision,
                                                 "2026-01-01",
                                                 "2026-01-01",
                                                 {{cat::ChangeKind::kNew, death.code, death, {}}})),
                HasError(ErrorCode::kAlreadyExists));
    EXPECT_EQ(Count("procedure_versions"), versions);
    EXPECT_EQ(Count("publication_decisions"), decisions);
    EXPECT_THAT(directory_->VersionInForce("1.000656", Day("2026-03-02")),
                HasError(ErrorCode::kNotFound));
    // Publishing as new a code already in force is refused too.
    EXPECT_THAT(
        directory_->Publish(MakeDecision("201/QĐ-UBND",
                                         "2026-01-01",
                                         "2026-01-01",
                                         {{cat::ChangeKind::kNew, kBirth, BirthVersion(), {}}})),
        HasError(ErrorCode::kFailedPrecondition));
    EXPECT_EQ(Count("publication_decisions"), decisions);
}

TEST_P(EngineCatalogTest, ImportIsAllOrNothing) {
    const std::int64_t versions = Count("procedure_versions");
    const std::int64_t decisions = Count("publication_decisions");
    const std::int64_t items = Count("decision_items");
    const std::int64_t search = Count("procedure_search");
    cat::ProcedureVersion amended = BirthVersion();
    amended.deadline = 2;
    cat::ProcedureVersion death = MakeVersion("1.000656",
                                              "Đăng ký khai tử",
                                              "HT",
                                              "Hộ tịch",
                                              cat::ProcedureLevel::kCommune,
                                              cat::OnlineLevel::kFull);
    cat::ProcedureVersion nameless = MakeVersion(
        "1.000593", "", "HT", "Hộ tịch", cat::ProcedureLevel::kCommune, cat::OnlineLevel::kFull);
    cat::ProcedureVersion guardian = MakeVersion("1.000110",
                                                 "Đăng ký giám hộ",
                                                 "HT",
                                                 "Hộ tịch",
                                                 cat::ProcedureLevel::kCommune,
                                                 cat::OnlineLevel::kPartial);
    const cat::PublicationDecision decision =
        MakeDecision("400/QĐ-UBND", "2026-04-20", "2026-05-01", {});
    EXPECT_THAT(directory_->ImportCatalog({amended, death, nameless, guardian}, decision),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(Count("procedure_versions"), versions);
    EXPECT_EQ(Count("publication_decisions"), decisions);
    EXPECT_EQ(Count("decision_items"), items);
    EXPECT_EQ(Count("procedure_search"), search);
    EXPECT_THAT(Int("SELECT count(*) FROM procedure_versions WHERE effective_to IS NOT NULL"),
                IsOkAndHolds(0));
    EXPECT_THAT(directory_->VersionInForce(kBirth, Day("2026-05-02")), IsOk());
    EXPECT_EQ(directory_->VersionInForce(kBirth, Day("2026-05-02"))->deadline, 3);

    // Without the bad row the same import goes through: the code in force is amended.
    EXPECT_THAT(directory_->ImportCatalog({amended, death, guardian}, decision), IsOk());
    EXPECT_EQ(Count("procedure_versions"), versions + 3);
    EXPECT_EQ(Count("publication_decisions"), decisions + 1);
    auto now_in_force = directory_->VersionInForce(kBirth, Day("2026-05-02"));
    ASSERT_THAT(now_in_force, IsOk());
    EXPECT_EQ(now_in_force->version, 2);
    EXPECT_EQ(now_in_force->deadline, 2);
    EXPECT_THAT(directory_->VersionInForce("1.000656", Day("2026-05-02")), IsOk());
    EXPECT_THAT(directory_->VersionInForce("1.000656", Day("2026-04-30")),
                HasError(ErrorCode::kNotFound));
}

TEST_P(EngineCatalogTest, ProcessBudgetsMustFitTheDeadline) {
    wf::InternalProcess p = TwoStepProcess(kBirth, kCommune);
    p.steps = {{"Thẩm định hồ sơ", wf::Role::kSpecialist, "", 3, DurationUnit::kWorkingDays},
               {"Phê duyệt", wf::Role::kAgencyLeader, "", 4, DurationUnit::kWorkingHours}};
    EXPECT_THAT(directory_->SaveProcess(p, Day("2026-03-02")),
                HasError(ErrorCode::kInvalidArgument));
    auto stored = directory_->Process(kBirth, kCommune);
    ASSERT_THAT(stored, IsOk());
    EXPECT_EQ(stored->steps, TwoStepProcess(kBirth, kCommune).steps);
    p.agency_code = "000.00.99.H99";
    p.steps = TwoStepProcess(kBirth, kCommune).steps;
    EXPECT_THAT(directory_->SaveProcess(p, Day("2026-03-02")), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(directory_->Process(kBirth, kTax), HasError(ErrorCode::kNotFound));
}

TEST_P(EngineCatalogTest, CompetentAgencyFollowsASavedDelegation) {
    EXPECT_THAT(directory_->CompetentAgency(kBirth, kCommune, Day("2026-03-10")),
                IsOkAndHolds(std::string(kCommune)));
    cat::Delegation delegation;
    delegation.procedure_code = kBirth;
    delegation.from_agency = kCommune;
    delegation.to_agency = kProvince;
    delegation.kind = cat::DelegationKind::kAuthorization;
    delegation.decision_number = "50/QĐ-UBND";
    delegation.effective_from = Day("2026-03-10");
    ASSERT_THAT(directory_->SaveDelegation(delegation), IsOk());
    EXPECT_THAT(directory_->CompetentAgency(kBirth, kCommune, Day("2026-03-09")),
                IsOkAndHolds(std::string(kCommune)));
    EXPECT_THAT(directory_->CompetentAgency(kBirth, kCommune, Day("2026-03-10")),
                IsOkAndHolds(std::string(kProvince)));
    EXPECT_THAT(directory_->CompetentAgency("1.000894", kCommune, Day("2026-03-10")),
                IsOkAndHolds(std::string(kCommune)));
    clock_.Set(Utc("2026-03-10T09:00"));
    auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(d, IsOk());
    EXPECT_EQ(d->agency_code, kCommune);
    EXPECT_EQ(d->handling_agency_code, kProvince);
    EXPECT_THAT(Text("SELECT handling_agency_code FROM dossiers WHERE id = ?1", d->id.value()),
                IsOkAndHolds(std::optional<std::string>(kProvince)));
}

// ---- Backup --------------------------------------------------------------------------------

class EngineBackupTest : public EngineTest {};

INSTANTIATE_TEST_SUITE_P(Db, EngineBackupTest, ::testing::Values(DbKind::kFile), DbKindName);

TEST_P(EngineBackupTest, OnlineBackupWhileSubmittingIsAConsistentCopy) {
    std::atomic<bool> stop{false};
    std::atomic<bool> failed{false};
    std::atomic<std::int64_t> submitted{0};
    std::thread submitter([&] {
        while (!stop.load()) {
            auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
            if (d) {
                d = service_->Act(Officer(), d->id, wf::Forward{});
            }
            if (!d) {
                failed = true;
                return;
            }
            ++submitted;
        }
    });
    WaitUntil([&] { return submitted.load() >= 5 || failed.load(); });

    const std::string copy_path = dir_.File("copy.db");
    auto source = Connection::Open(OpenOptions{.path = DbPath(), .read_only = true});
    std::optional<std::int64_t> at_first_step;
    Result<void> backed = Fail(ErrorCode::kInternal, "not run");
    if (source) {
        BackupOptions options;
        options.pages_per_step = 1;
        options.progress = [&](int /*remaining*/, int /*total*/) {
            if (!at_first_step) {
                // The snapshot is taken: let a few more dossiers commit while copying.
                at_first_step = submitted.load();
                WaitUntil([&] { return submitted.load() >= *at_first_step + 3 || failed.load(); });
            }
        };
        backed = BackupTo(*source, copy_path, options);
    }
    stop = true;
    submitter.join();
    ASSERT_THAT(source, IsOk());
    ASSERT_THAT(backed, IsOk());
    ASSERT_FALSE(failed.load());
    ASSERT_TRUE(at_first_step.has_value());

    DatabaseOptions options;
    options.path = copy_path;
    auto copy = Database::Open(options);
    ASSERT_THAT(copy, IsOk());
    const auto audit = VerifyAuditChain(**copy);
    ASSERT_THAT(audit, IsOk());
    EXPECT_FALSE(audit->first_broken_event.has_value()) << audit->problem;
    const auto rebuilt = RebuildProjections(**copy, false);
    ASSERT_THAT(rebuilt, IsOk());
    EXPECT_EQ(rebuilt->mismatches, 0);
    EXPECT_EQ(rebuilt->events, audit->events_checked);
    // A snapshot from before the last commits: between 5 and the count at the first step
    // (plus the one in flight then), and fewer than the live database holds now.
    EXPECT_GE(rebuilt->dossiers, 5);
    EXPECT_LE(rebuilt->dossiers, *at_first_step + 1);
    EXPECT_LT(rebuilt->dossiers, Count("dossiers"));
}

TEST_P(EngineBackupTest, ReopenedFileKeepsEverything) {
    ASSERT_NO_FATAL_FAILURE(MakeAssortedDossiers());
    SqliteDossierStore cold(*db_);
    std::vector<wf::Dossier> before;
    ASSERT_EQ(Count("dossiers"), 4);
    for (std::int64_t id = 1; id <= 4; ++id) {
        auto d = cold.Load(model::DossierId{id});
        ASSERT_THAT(d, IsOk());
        before.push_back(*d);
    }
    service_.reset();
    store_.reset();
    directory_.reset();
    db_.reset();
    DatabaseOptions options;
    options.path = DbPath();
    auto reopened = Database::Open(options);
    ASSERT_THAT(reopened, IsOk());
    db_ = std::move(*reopened);
    SqliteDossierStore store(*db_);
    for (const wf::Dossier& d : before) {
        EXPECT_THAT(store.Load(d.id), IsOkAndHolds(d));
    }
    const auto audit = VerifyAuditChain(*db_);
    ASSERT_THAT(audit, IsOk());
    EXPECT_FALSE(audit->first_broken_event.has_value()) << audit->problem;
    EXPECT_EQ(audit->events_checked, Count("events"));
    // The counter survives too.
    auto national = cal::BuiltinNationalSchedules();
    ASSERT_THAT(national, IsOk());
    SqliteDirectory directory(*db_, std::move(*national));
    wf::DossierService service(directory, store, clock_, keys_);
    auto next = service.Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(next, IsOk());
    EXPECT_EQ(next->code, "000.00.21.H99-260302-0005");
}

}  // namespace
}  // namespace motcua::storage::sqlite
