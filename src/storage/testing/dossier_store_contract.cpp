// The DossierStore contract suite (dossier_store_contract.hpp): codes and counters, appends,
// optimistic concurrency, idempotency, event order, the audit chain under tampering, lookups, the
// public view, and concurrent appends on one dossier and on many.
#include "storage/testing/dossier_store_contract.hpp"

#include <barrier>
#include <ostream>
#include <set>
#include <string_view>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>

#include "common/testing/result_matchers.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/catalog/procedure.hpp"
#include "core/model/agency.hpp"
#include "core/workflow/apply.hpp"
#include "core/workflow/commands.hpp"
#include "core/workflow/public_view.hpp"

namespace motcua::storage::testing {
namespace {

namespace wf = core::workflow;
namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;

using ::testing::HasSubstr;

constexpr const char* kOtherCommune = "000.00.22.H99";

Instant Utc(std::string_view local) {
    return cal::ToInstant(*cal::ParseDateTime(local));
}

wf::Actor Officer(const char* agency = kCommune) {
    return {wf::Role::kOneStopOfficer, model::UserId{100}, agency, "Cán bộ một cửa"};
}

wf::Actor Specialist() {
    return {wf::Role::kSpecialist, model::UserId{101}, kCommune, "Chuyên viên"};
}

wf::Actor Leader() {
    return {wf::Role::kAgencyLeader, model::UserId{102}, kCommune, "Chủ tịch UBND xã"};
}

wf::Actor Citizen(std::int64_t id = 500) {
    return {wf::Role::kCitizen, model::UserId{id}, "", "Nguyễn Văn A"};
}

}  // namespace

std::string StoreName(const ::testing::TestParamInfo<StoreFactory>& info) {
    return info.param.name;
}

void PrintTo(const StoreFactory& factory, std::ostream* os) {
    *os << factory.name;
}

DossierStoreContract::DossierStoreContract() : clock_(Utc("2026-03-02T09:00")) {}

DossierStoreContract::~DossierStoreContract() = default;

void DossierStoreContract::SetUp() {
    sqlite::DatabaseOptions options;
    options.path = dir_.File("directory.db");
    auto db = sqlite::Database::Open(options);
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    auto national = cal::BuiltinNationalSchedules();
    ASSERT_THAT(national, IsOk());
    directory_ = std::make_unique<sqlite::SqliteDirectory>(*db_, std::move(*national));

    ASSERT_THAT(SeedProvince(*directory_,
                             {{kCommune, "UBND xã", model::AgencyKind::kCommune},
                              {kOtherCommune, "UBND xã", model::AgencyKind::kCommune}}),
                IsOk());
    ASSERT_THAT(
        directory_->Publish(FirstDecision({{cat::ChangeKind::kNew, kBirth, BirthVersion(), {}}})),
        IsOk());
    for (const char* commune : {kCommune, kOtherCommune}) {
        ASSERT_THAT(
            directory_->SaveProcess(TwoStepProcess(kBirth, commune), *cal::ParseDate("2026-03-02")),
            IsOk());
    }

    auto store = GetParam().make(*db_);
    ASSERT_THAT(store, IsOk());
    under_test_ = std::move(*store);
    service_ =
        std::make_unique<wf::DossierService>(*directory_, under_test_->Store(), clock_, keys_);
}

void DossierStoreContract::TearDown() {
    service_.reset();
    under_test_.reset();
    directory_.reset();
    db_.reset();
}

namespace {

// Test bodies share these through the fixture's members; a small helper keeps them short.
std::int64_t Int(StoreUnderTest& s, const std::string& sql) {
    const auto n = s.QueryInt(sql);
    EXPECT_THAT(n, IsOk()) << sql;
    return n.value_or(-1);
}

}  // namespace

TEST_P(DossierStoreContract, NewDossierGetsIdAndCode) {
    auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(d, IsOk());
    EXPECT_GT(d->id.value(), 0);
    EXPECT_EQ(d->code, "000.00.21.H99-260302-0001");

    auto loaded = under_test_->Store().Load(d->id);
    ASSERT_THAT(loaded, IsOk());
    EXPECT_EQ(*loaded, *d);
    auto events = under_test_->Store().Events(d->id);
    ASSERT_THAT(events, IsOk());
    ASSERT_EQ(static_cast<std::int64_t>(events->size()), d->version);
    const auto* submitted = std::get_if<wf::Submitted>(&events->front().data);
    ASSERT_NE(submitted, nullptr);
    EXPECT_EQ(submitted->code, d->code);  // the code was written into the event
    EXPECT_EQ(events->front().dossier, d->id);
}

TEST_P(DossierStoreContract, CounterIncrementsPerAgencyAndDay) {
    std::vector<std::string> codes;
    const auto submit = [&](const char* agency) {
        auto d =
            service_->Submit(Officer(agency), BirthSubmission(wf::Channel::kCounter, "", agency));
        EXPECT_THAT(d, IsOk());
        codes.push_back(d ? d->code : "<error>");
    };
    submit(kCommune);
    submit(kCommune);
    submit(kOtherCommune);
    clock_.Set(Utc("2026-03-03T09:00"));
    submit(kCommune);
    submit(kOtherCommune);
    submit(kOtherCommune);
    EXPECT_THAT(codes,
                ::testing::ElementsAre("000.00.21.H99-260302-0001",
                                       "000.00.21.H99-260302-0002",
                                       "000.00.22.H99-260302-0001",
                                       "000.00.21.H99-260303-0001",
                                       "000.00.22.H99-260303-0001",
                                       "000.00.22.H99-260303-0002"));
}

TEST_P(DossierStoreContract, AppendsToAnExistingDossier) {
    auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(d, IsOk());
    auto f = service_->Act(Officer(), d->id, wf::Forward{model::UserId{101}, ""});
    ASSERT_THAT(f, IsOk());
    EXPECT_EQ(f->version, d->version + 1);
    EXPECT_EQ(f->code, d->code);

    auto loaded = under_test_->Store().Load(d->id);
    ASSERT_THAT(loaded, IsOk());
    EXPECT_EQ(*loaded, *f);
    EXPECT_EQ(
        Int(*under_test_, fmt::format("SELECT version FROM dossiers WHERE id = {}", d->id.value())),
        f->version);
    // One step row per started step, the first active.
    EXPECT_EQ(
        Int(*under_test_,
            fmt::format("SELECT count(*) FROM dossier_steps WHERE dossier_id = {}", d->id.value())),
        static_cast<std::int64_t>(f->steps.size()));
    EXPECT_GE(f->steps.size(), 1U);
}

TEST_P(DossierStoreContract, VersionConflictChangesNothing) {
    auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(d, IsOk());
    auto f = service_->Act(Officer(), d->id, wf::Forward{model::UserId{101}, ""});
    ASSERT_THAT(f, IsOk());
    const std::int64_t events = Int(*under_test_, "SELECT count(*) FROM events");
    const std::int64_t outbox = Int(*under_test_, "SELECT count(*) FROM outbox");

    // Straight to the store: events decided on the submitted version after the forward.
    auto history = under_test_->Store().Events(d->id);
    ASSERT_THAT(history, IsOk());
    core::ports::AppendRequest stale;
    stale.dossier = d->id;
    stale.expected_version = d->version;
    stale.events = {history->back()};
    stale.events.front().seq = d->version + 1;
    stale.projection = *f;
    stale.outbox = {{"notify.applicant", d->version + 1}};
    auto appended = under_test_->Store().Append(stale);
    ASSERT_THAT(appended, HasError(ErrorCode::kConflict));
    EXPECT_THAT(appended.error().message,
                HasSubstr(fmt::format("dossier {} changed concurrently (version {}, expected {})",
                                      d->code,
                                      f->version,
                                      d->version)));
    EXPECT_EQ(appended.error().message_vi, "hồ sơ vừa được người khác cập nhật; vui lòng tải lại");

    // Through the service with the caller's stale version.
    EXPECT_THAT(service_->Act(Leader(), d->id, wf::Assign{model::UserId{77}}, d->version),
                HasError(ErrorCode::kConflict));

    EXPECT_EQ(Int(*under_test_, "SELECT count(*) FROM events"), events);
    EXPECT_EQ(Int(*under_test_, "SELECT count(*) FROM outbox"), outbox);
    auto loaded = under_test_->Store().Load(d->id);
    ASSERT_THAT(loaded, IsOk());
    EXPECT_EQ(*loaded, *f);
    auto report = under_test_->VerifyAudit();
    ASSERT_THAT(report, IsOk());
    EXPECT_FALSE(report->first_broken_event.has_value()) << report->problem;
}

TEST_P(DossierStoreContract, IdempotencyKeyTakenIsAlreadyExists) {
    auto first = service_->Submit(Citizen(), BirthSubmission(wf::Channel::kOnline, "web-1"));
    ASSERT_THAT(first, IsOk());
    // The service answers a repeated key with the first dossier.
    auto again = service_->Submit(Citizen(), BirthSubmission(wf::Channel::kOnline, "web-1"));
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ(again->id, first->id);

    auto found = under_test_->Store().FindByIdempotencyKey(first->idempotency_key);
    ASSERT_THAT(found, IsOk());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->id, first->id);
    auto none = under_test_->Store().FindByIdempotencyKey("citizen:500:nope");
    ASSERT_THAT(none, IsOk());
    EXPECT_FALSE(none->has_value());

    // Straight to the store: a new dossier with the taken key.
    auto history = under_test_->Store().Events(first->id);
    ASSERT_THAT(history, IsOk());
    core::ports::AppendRequest dup;
    dup.events = {history->front()};
    std::get<wf::Submitted>(dup.events.front().data).code.clear();
    dup.projection = *first;
    dup.projection.code.clear();
    dup.outbox = {{"dvcqg.sync", 1}};
    EXPECT_THAT(under_test_->Store().Append(dup), HasError(ErrorCode::kAlreadyExists));
    EXPECT_EQ(Int(*under_test_, "SELECT count(*) FROM dossiers"), 1);
    EXPECT_EQ(Int(*under_test_, "SELECT count(*) FROM events"), 1);
    // Nor a public view under the code the rolled-back append had drawn.
    EXPECT_THAT(under_test_->Store().LoadPublicView("000.00.21.H99-260302-0002"),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(under_test_->Store().LoadPublicView(first->code), IsOk());

    // The rolled-back append left the counter as it was.
    auto next = service_->Submit(Citizen(501), BirthSubmission(wf::Channel::kOnline, "web-2"));
    ASSERT_THAT(next, IsOk());
    EXPECT_EQ(next->code, "000.00.21.H99-260302-0002");
}

TEST_P(DossierStoreContract, EventsInOrderAndOutboxKeys) {
    auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(d, IsOk());
    ASSERT_THAT(service_->Act(Officer(), d->id, wf::Forward{model::UserId{101}, ""}), IsOk());
    ASSERT_THAT(service_->Act(Leader(), d->id, wf::Assign{model::UserId{77}}), IsOk());
    ASSERT_THAT(service_->Act(Leader(), d->id, wf::RequestPayment{8000, "Lệ phí"}), IsOk());
    ASSERT_THAT(service_->Act(Officer(), d->id, wf::ConfirmPayment{8000, "counter"}), IsOk());
    auto loaded = under_test_->Store().Load(d->id);
    ASSERT_THAT(loaded, IsOk());

    auto events = under_test_->Store().Events(d->id);
    ASSERT_THAT(events, IsOk());
    ASSERT_EQ(static_cast<std::int64_t>(events->size()), loaded->version);
    for (std::size_t i = 0; i < events->size(); ++i) {
        EXPECT_EQ((*events)[i].seq, static_cast<std::int64_t>(i) + 1);
        EXPECT_EQ((*events)[i].dossier, d->id);
    }
    EXPECT_TRUE(std::holds_alternative<wf::Submitted>(events->front().data));
    EXPECT_TRUE(std::holds_alternative<wf::PaymentReceived>(events->back().data));
    // Replaying the events gives the stored projection.
    wf::Dossier replayed;
    for (const wf::Event& e : *events) {
        replayed = wf::Apply(std::move(replayed), e);
    }
    EXPECT_EQ(replayed, *loaded);
    // Outbox keys are "<code>#<seq>".
    const std::int64_t outbox = Int(*under_test_, "SELECT count(*) FROM outbox");
    EXPECT_GT(outbox, 0);
    EXPECT_EQ(Int(*under_test_,
                  fmt::format("SELECT count(*) FROM outbox WHERE key = '{}#' || event_seq AND "
                              "dossier_id = {}",
                              d->code,
                              d->id.value())),
              outbox);
}

TEST_P(DossierStoreContract, AuditChainVerifiesAndDetectsAnAlteredEvent) {
    std::vector<model::DossierId> ids;
    for (int i = 0; i < 3; ++i) {
        auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
        ASSERT_THAT(d, IsOk());
        ASSERT_THAT(service_->Act(Officer(), d->id, wf::Forward{model::UserId{101}, ""}), IsOk());
        ids.push_back(d->id);
    }
    ASSERT_THAT(service_->Act(Leader(), ids[0], wf::Assign{model::UserId{77}}), IsOk());
    auto report = under_test_->VerifyAudit();
    ASSERT_THAT(report, IsOk());
    EXPECT_FALSE(report->first_broken_event.has_value()) << report->problem;
    EXPECT_EQ(report->events_checked, Int(*under_test_, "SELECT count(*) FROM events"));
    EXPECT_GE(report->events_checked, 7);

    // An intruder with SQL access rewrites the applicant of the second dossier's submission.
    const std::int64_t target =
        Int(*under_test_,
            fmt::format("SELECT id FROM events WHERE dossier_id = {} AND seq = 1", ids[1].value()));
    auto changed = under_test_->Exec(
        fmt::format("UPDATE events SET data = replace(data, 'Nguyễn Văn A', 'Nguyễn Văn B') "
                    "WHERE id = {}",
                    target));
    ASSERT_THAT(changed, IsOkAndHolds(1));
    report = under_test_->VerifyAudit();
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->first_broken_event, target);
    EXPECT_THAT(report->problem, HasSubstr("altered"));
}

TEST_P(DossierStoreContract, LoadsByIdAndCode) {
    auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(d, IsOk());
    auto by_code = under_test_->Store().LoadByCode(d->code);
    ASSERT_THAT(by_code, IsOk());
    EXPECT_EQ(*by_code, *d);
    EXPECT_THAT(under_test_->Store().LoadByCode("000.00.21.H99-260302-9999"),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(under_test_->Store().Load(model::DossierId{d->id.value() + 1000}),
                HasError(ErrorCode::kNotFound));
    auto none = under_test_->Store().Events(model::DossierId{d->id.value() + 1000});
    ASSERT_THAT(none, IsOk());
    EXPECT_TRUE(none->empty());
    EXPECT_THAT(under_test_->Store().LoadPublicView("000.00.21.H99-260302-9999"),
                HasError(ErrorCode::kNotFound));
}

TEST_P(DossierStoreContract, PublicViewAfterSeveralEvents) {
    auto d = service_->Submit(Citizen(), BirthSubmission(wf::Channel::kOnline, "web-p"));
    ASSERT_THAT(d, IsOk());
    ASSERT_THAT(service_->Act(Officer(), d->id, wf::Receive{}), IsOk());
    ASSERT_THAT(service_->Act(Officer(), d->id, wf::Forward{model::UserId{101}, ""}), IsOk());
    ASSERT_THAT(service_->Act(Leader(), d->id, wf::Assign{model::UserId{77}}), IsOk());
    ASSERT_THAT(
        service_->Act(Specialist(),
                      d->id,
                      wf::RequestSupplement{{{"TP2", "Giấy chứng sinh bị mờ", "Nộp bản rõ nét"}}}),
        IsOk());
    clock_.Set(Utc("2026-03-04T10:00"));
    ASSERT_THAT(service_->Act(Officer(), d->id, wf::ProvideSupplement{{"TP2"}}), IsOk());

    auto loaded = under_test_->Store().Load(d->id);
    ASSERT_THAT(loaded, IsOk());
    auto events = under_test_->Store().Events(d->id);
    ASSERT_THAT(events, IsOk());
    wf::PublicView expected = wf::PublicViewOf(*loaded, *events);
    expected.id = d->id;
    auto view = under_test_->Store().LoadPublicView(d->code);
    ASSERT_THAT(view, IsOk());
    EXPECT_EQ(*view, expected);
    EXPECT_EQ(view->version, loaded->version);
    EXPECT_GE(view->timeline.size(), 4U);
    // The service's public lookup finds it with the verification key.
    auto tracked = service_->TrackPublic(d->code, d->verification_key);
    ASSERT_THAT(tracked, IsOk());
    EXPECT_EQ(tracked->version, view->version);
    EXPECT_EQ(tracked->status, view->status);
}

TEST_P(DossierStoreContract, ConcurrentAppendsOnOneDossierExactlyOneWinsPerVersion) {
    auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(d, IsOk());
    auto f = service_->Act(Officer(), d->id, wf::Forward{model::UserId{101}, ""});
    ASSERT_THAT(f, IsOk());
    constexpr int kThreads = 8;
    constexpr int kRounds = 6;
    std::int64_t version = f->version;
    for (int round = 0; round < kRounds; ++round) {
        std::barrier start(kThreads);
        std::vector<Result<wf::Dossier>> results(kThreads, Fail(ErrorCode::kInternal, "not run"));
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                start.arrive_and_wait();
                results[static_cast<std::size_t>(t)] =
                    service_->Act(Leader(), d->id, wf::Assign{model::UserId{1000 + t}}, version);
            });
        }
        for (std::thread& t : threads) {
            t.join();
        }
        int wins = 0;
        for (const auto& r : results) {
            if (r) {
                ++wins;
                EXPECT_EQ(r->version, version + 1);
            } else {
                EXPECT_EQ(r.error().code, ErrorCode::kConflict) << r.error().message;
            }
        }
        EXPECT_EQ(wins, 1) << "round " << round;
        ++version;
    }
    auto loaded = under_test_->Store().Load(d->id);
    ASSERT_THAT(loaded, IsOk());
    EXPECT_EQ(loaded->version, version);
    auto events = under_test_->Store().Events(d->id);
    ASSERT_THAT(events, IsOk());
    ASSERT_EQ(static_cast<std::int64_t>(events->size()), version);
    for (std::size_t i = 0; i < events->size(); ++i) {
        EXPECT_EQ((*events)[i].seq, static_cast<std::int64_t>(i) + 1);
    }
    EXPECT_EQ(Int(*under_test_, "SELECT count(*) FROM events"), version);
    EXPECT_EQ(Int(*under_test_, "SELECT count(*) FROM audit_chain"), version);
    auto report = under_test_->VerifyAudit();
    ASSERT_THAT(report, IsOk());
    EXPECT_FALSE(report->first_broken_event.has_value()) << report->problem;
}

TEST_P(DossierStoreContract, ConcurrentAppendsOnDifferentDossiersKeepOneChain) {
    constexpr int kThreads = 8;
    constexpr int kDossiers = 5;  // per thread, each submitted and forwarded
    std::barrier start(kThreads);
    std::vector<std::vector<std::string>> codes(kThreads);
    std::vector<std::int64_t> appended(kThreads, 0);  // events each thread's dossiers got
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            start.arrive_and_wait();
            for (int i = 0; i < kDossiers; ++i) {
                auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
                EXPECT_THAT(d, IsOk());
                if (!d) {
                    continue;
                }
                auto f = service_->Act(Officer(), d->id, wf::Forward{model::UserId{101}, ""});
                EXPECT_THAT(f, IsOk());
                codes[static_cast<std::size_t>(t)].push_back(d->code);
                appended[static_cast<std::size_t>(t)] += f ? f->version : d->version;
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    std::set<std::string> distinct;
    for (const auto& list : codes) {
        distinct.insert(list.begin(), list.end());
    }
    ASSERT_EQ(distinct.size(), static_cast<std::size_t>(kThreads * kDossiers));
    // The counter handed out 1…40 without gaps or repeats.
    EXPECT_EQ(*distinct.begin(), "000.00.21.H99-260302-0001");
    EXPECT_EQ(*distinct.rbegin(), fmt::format("000.00.21.H99-260302-{:04}", kThreads * kDossiers));
    const std::int64_t events = Int(*under_test_, "SELECT count(*) FROM events");
    std::int64_t expected = 0;
    for (const std::int64_t n : appended) {
        expected += n;
    }
    EXPECT_EQ(events, expected);
    auto report = under_test_->VerifyAudit();
    ASSERT_THAT(report, IsOk());
    EXPECT_FALSE(report->first_broken_event.has_value()) << report->problem;
    EXPECT_EQ(report->events_checked, events);
}

}  // namespace motcua::storage::testing
