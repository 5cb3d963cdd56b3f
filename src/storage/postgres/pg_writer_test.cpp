// The group-committing PostgreSQL writer against a real server (postgres/testing/test_server.hpp):
// PgWriter on a plain table (a failing job rolls back alone, a failed COMMIT fails its batch, a
// broken connection gives kUnavailable and is reconnected, Stop drains) and PgDossierStore's
// batched appends (many threads on many dossiers and on one, failures inside a batch, Stop).
// A batch is made deterministic by holding the writer back: a job waiting on a latch, or the
// audit-chain advisory lock held by another session, while the next jobs queue behind it.
#include "storage/postgres/pg_writer.hpp"

#include <cstdint>
#include <latch>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <variant>
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
#include "core/workflow/commands.hpp"
#include "core/workflow/dossier_service.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/dossier_store.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/pool.hpp"
#include "storage/postgres/testing/test_server.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/testing/test_db.hpp"
#include "storage/testing/province_fixture.hpp"

namespace motcua::storage::postgres {
namespace {

namespace wf = core::workflow;
namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;

using storage::testing::BirthSubmission;
using storage::testing::BirthVersion;
using storage::testing::FirstDecision;
using storage::testing::kBirth;
using storage::testing::kCommune;
using storage::testing::SeedProvince;
using storage::testing::TwoStepProcess;
using ::testing::HasSubstr;
using testing::TestServer;

// The chain lock PgDossierStore takes after BEGIN (dossier_store.cpp).
constexpr std::int64_t kChainLockKey = 7300002;

// Spins (no sleep) until `done()`.
template <class Done>
void SpinUntil(Done done) {
    while (!done()) {
        std::this_thread::yield();
    }
}

// ---- PgWriter on a plain table ------------------------------------------------------------------

class PgWriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto server = TestServer::Shared();
        ASSERT_THAT(server, IsOk()) << (server ? "" : server.error().message);
        auto conninfo = (*server)->CreateDatabase("writer");
        ASSERT_THAT(conninfo, IsOk());
        conninfo_ = *conninfo;
        auto admin = PgConnection::Open(conninfo_);
        ASSERT_THAT(admin, IsOk());
        admin_ = std::make_unique<PgConnection>(std::move(*admin));
        ASSERT_THAT(admin_->Exec("CREATE TABLE t (k text PRIMARY KEY)"), IsOk());
        ASSERT_THAT(admin_->Exec("CREATE TABLE d (k text, CONSTRAINT d_k UNIQUE (k) DEFERRABLE "
                                 "INITIALLY DEFERRED)"),
                    IsOk());
        auto connection = PgConnection::Open(conninfo_);
        ASSERT_THAT(connection, IsOk());
        auto writer = PgWriter::Start(std::move(*connection));
        ASSERT_THAT(writer, IsOk());
        writer_ = std::move(*writer);
    }

    // A job inserting `key` into `table`.
    static PgWriter::Job Insert(std::string key, std::string table = "t") {
        return [key = std::move(key), table = std::move(table)](PgWriter::Tx& tx) -> Result<void> {
            const std::vector<PgStatement> st = {
                {fmt::format("INSERT INTO {} VALUES($1)", table), {key}}};
            MOTCUA_TRY(tx.Pipeline(st));
            return {};
        };
    }

    // Occupies the writer with a job that waits for `release`; returns once the writer runs it.
    std::thread Gate(std::latch& running, std::latch& release) {
        std::thread gate([&] {
            EXPECT_THAT(writer_->Execute([&](PgWriter::Tx& tx) -> Result<void> {
                running.count_down();
                release.wait();
                const std::vector<PgStatement> st = {{"INSERT INTO t VALUES('gate')", {}}};
                MOTCUA_TRY(tx.Pipeline(st));
                return {};
            }),
                        IsOk());
        });
        running.wait();
        return gate;
    }

    // Runs `jobs` in one batch behind a gate; their outcomes in order.
    std::vector<Result<void>> InOneBatch(std::vector<PgWriter::Job> jobs) {
        std::latch running(1);
        std::latch release(1);
        std::thread gate = Gate(running, release);
        const PgWriterStats before = writer_->Stats();
        std::vector<Result<void>> outcomes(jobs.size(), Fail(ErrorCode::kInternal, "not run"));
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            threads.emplace_back([&, i] { outcomes[i] = writer_->Execute(std::move(jobs[i])); });
            // In order: each is queued before the next is submitted.
            SpinUntil([&] { return writer_->Stats().queue_depth == i + 1; });
        }
        release.count_down();
        gate.join();
        for (std::thread& t : threads) {
            t.join();
        }
        const PgWriterStats after = writer_->Stats();
        EXPECT_EQ(after.batches - before.batches, 1U);  // all of `jobs` in one batch
        EXPECT_EQ(after.max_batch_seen, std::max(before.max_batch_seen, jobs.size()));
        return outcomes;
    }

    std::int64_t Count(const std::string& sql) {
        auto r = admin_->Exec(sql);
        EXPECT_THAT(r, IsOk());
        return r ? r->Int64(0, 0).value_or(-1) : -1;
    }

    std::string conninfo_;
    std::unique_ptr<PgConnection> admin_;
    std::unique_ptr<PgWriter> writer_;
};

TEST_F(PgWriterTest, AFailingJobRollsBackAloneAndItsBatchMatesCommit) {
    std::vector<PgWriter::Job> jobs;
    jobs.push_back(Insert("a"));
    jobs.push_back(Insert("gate"));  // unique violation: the gate's batch committed it
    jobs.push_back(Insert("b"));
    // Writes, then fails: its row must go with its savepoint.
    jobs.push_back([](PgWriter::Tx& tx) -> Result<void> {
        const std::vector<PgStatement> st = {{"INSERT INTO t VALUES('undone')", {}}};
        MOTCUA_TRY(tx.Pipeline(st));
        return Fail(ErrorCode::kConflict, "changed my mind");
    });
    jobs.push_back(Insert("a"));  // sees the first job's row
    jobs.push_back([](PgWriter::Tx&) -> Result<void> { throw std::runtime_error("boom"); });
    jobs.push_back([](PgWriter::Tx&) -> Result<void> { return {}; });  // sends nothing
    jobs.push_back(Insert("c"));
    const std::vector<Result<void>> outcomes = InOneBatch(std::move(jobs));
    EXPECT_THAT(outcomes[0], IsOk());
    EXPECT_THAT(outcomes[1], HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(outcomes[2], IsOk());
    EXPECT_THAT(outcomes[3], HasError(ErrorCode::kConflict));
    EXPECT_THAT(outcomes[4], HasError(ErrorCode::kAlreadyExists));
    ASSERT_THAT(outcomes[5], HasError(ErrorCode::kInternal));
    EXPECT_THAT(outcomes[5].error().message, HasSubstr("boom"));
    EXPECT_THAT(outcomes[6], IsOk());
    EXPECT_THAT(outcomes[7], IsOk());
    EXPECT_EQ(Count("SELECT count(*) FROM t"), 4);  // gate, a, b, c
    EXPECT_EQ(Count("SELECT count(*) FROM t WHERE k = 'undone'"), 0);
    const PgWriterStats stats = writer_->Stats();
    EXPECT_EQ(stats.commits, 2U);
    EXPECT_EQ(stats.jobs, 9U);
    EXPECT_EQ(stats.failed_jobs, 4U);
    EXPECT_EQ(stats.failed_batches, 0U);
}

TEST_F(PgWriterTest, AFailedCommitFailsEveryJobOfTheBatch) {
    std::vector<PgWriter::Job> jobs;
    jobs.push_back(Insert("x", "d"));
    jobs.push_back(Insert("y", "d"));
    jobs.push_back(Insert("x", "d"));  // checked at COMMIT (deferred): the whole batch fails
    jobs.push_back([](PgWriter::Tx&) -> Result<void> {
        return Fail(ErrorCode::kInvalidArgument, "own error");
    });
    const std::vector<Result<void>> outcomes = InOneBatch(std::move(jobs));
    EXPECT_THAT(outcomes[0], HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(outcomes[1], HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(outcomes[2], HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(outcomes[3], HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(Count("SELECT count(*) FROM d"), 0);
    EXPECT_EQ(writer_->Stats().failed_batches, 1U);
    // The writer goes on.
    EXPECT_THAT(writer_->Execute(Insert("z", "d")), IsOk());
    EXPECT_EQ(Count("SELECT count(*) FROM d"), 1);
}

TEST_F(PgWriterTest, ABrokenConnectionFailsTheBatchUnavailableAndIsReconnected) {
    std::vector<PgWriter::Job> jobs;
    jobs.push_back(Insert("before"));
    jobs.push_back([](PgWriter::Tx& tx) -> Result<void> {
        const std::vector<PgStatement> st = {{"SELECT pg_terminate_backend(pg_backend_pid())", {}}};
        MOTCUA_TRY(tx.Pipeline(st));
        return {};
    });
    jobs.push_back(Insert("after"));
    const std::vector<Result<void>> outcomes = InOneBatch(std::move(jobs));
    for (const Result<void>& o : outcomes) {
        EXPECT_THAT(o, HasError(ErrorCode::kUnavailable));
    }
    EXPECT_EQ(Count("SELECT count(*) FROM t WHERE k <> 'gate'"), 0);
    EXPECT_THAT(writer_->Execute(Insert("again")), IsOk());
    EXPECT_EQ(Count("SELECT count(*) FROM t WHERE k = 'again'"), 1);
}

TEST_F(PgWriterTest, StopCommitsWhatIsQueuedThenRefuses) {
    std::latch running(1);
    std::latch release(1);
    std::thread gate = Gate(running, release);
    std::vector<Result<void>> outcomes(5, Fail(ErrorCode::kInternal, "not run"));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        threads.emplace_back(
            [&, i] { outcomes[i] = writer_->Execute(Insert(fmt::format("q{}", i))); });
    }
    SpinUntil([&] { return writer_->Stats().queue_depth == outcomes.size(); });
    std::thread stopper([&] { writer_->Stop(); });
    // Stop has begun; the jobs queued before it are still run.
    SpinUntil([&] { return writer_->IsStopping(); });
    EXPECT_THAT(writer_->Execute(Insert("refused")), HasError(ErrorCode::kUnavailable));
    release.count_down();
    stopper.join();
    gate.join();
    for (std::thread& t : threads) {
        t.join();
    }
    for (const Result<void>& o : outcomes) {
        EXPECT_THAT(o, IsOk());
    }
    EXPECT_EQ(Count("SELECT count(*) FROM t"), 6);
    EXPECT_THAT(writer_->Execute(Insert("late")), HasError(ErrorCode::kUnavailable));
    writer_->Stop();  // idempotent
}

TEST_F(PgWriterTest, ExecuteFromAJobIsRefused) {
    EXPECT_THAT(writer_->Execute([&](PgWriter::Tx&) -> Result<void> {
        return writer_->Execute([](PgWriter::Tx&) -> Result<void> { return {}; });
    }),
                HasError(ErrorCode::kFailedPrecondition));
}

TEST(PgWriterStartTest, RefusesAnEmptyBatch) {
    auto server = TestServer::Shared();
    ASSERT_THAT(server, IsOk());
    auto conninfo = (*server)->CreateDatabase("writer");
    ASSERT_THAT(conninfo, IsOk());
    auto connection = PgConnection::Open(*conninfo);
    ASSERT_THAT(connection, IsOk());
    PgWriterOptions options;
    options.max_batch = 0;
    EXPECT_THAT(PgWriter::Start(std::move(*connection), options),
                HasError(ErrorCode::kInvalidArgument));
}

// ---- PgDossierStore's batched appends
// ------------------------------------------------------------

Instant Utc(std::string_view local) {
    return cal::ToInstant(*cal::ParseDateTime(local));
}

wf::Actor Officer() {
    return {wf::Role::kOneStopOfficer, model::UserId{100}, kCommune, "Cán bộ một cửa"};
}

wf::Actor Leader() {
    return {wf::Role::kAgencyLeader, model::UserId{102}, kCommune, "Chủ tịch UBND xã"};
}

class PgBatchedAppendTest : public ::testing::Test {
protected:
    PgBatchedAppendTest() : clock_(Utc("2026-03-02T09:00")) {}

    void SetUp() override {
        sqlite::DatabaseOptions options;
        options.path = dir_.File("directory.db");
        auto db = sqlite::Database::Open(options);
        ASSERT_THAT(db, IsOk());
        db_ = std::move(*db);
        auto national = cal::BuiltinNationalSchedules();
        ASSERT_THAT(national, IsOk());
        directory_ = std::make_unique<sqlite::SqliteDirectory>(*db_, std::move(*national));
        ASSERT_THAT(SeedProvince(*directory_, {{kCommune, "UBND xã", model::AgencyKind::kCommune}}),
                    IsOk());
        ASSERT_THAT(directory_->Publish(
                        FirstDecision({{cat::ChangeKind::kNew, kBirth, BirthVersion(), {}}})),
                    IsOk());
        ASSERT_THAT(directory_->SaveProcess(TwoStepProcess(kBirth, kCommune),
                                            *cal::ParseDate("2026-03-02")),
                    IsOk());

        auto server = TestServer::Shared();
        ASSERT_THAT(server, IsOk()) << (server ? "" : server.error().message);
        auto conninfo = (*server)->CreateDatabase("batched");
        ASSERT_THAT(conninfo, IsOk());
        ASSERT_THAT(Migrate(*conninfo), IsOk());
        auto pool = PgPool::Open(*conninfo, 8);
        ASSERT_THAT(pool, IsOk());
        pool_ = std::move(*pool);
        auto admin = PgConnection::Open(*conninfo);
        ASSERT_THAT(admin, IsOk());
        admin_ = std::make_unique<PgConnection>(std::move(*admin));
        auto store = PgDossierStore::Open(*pool_, *conninfo, "H99");
        ASSERT_THAT(store, IsOk());
        store_ = std::move(*store);
        service_ = std::make_unique<wf::DossierService>(*directory_, *store_, clock_, keys_);
    }

    void TearDown() override {
        service_.reset();
        store_.reset();
    }

    // Holds the chain lock in another session and has the writer take one submission into a
    // batch, which then waits at its BEGIN; returns the thread running that submission.
    std::thread HoldWriter() {
        EXPECT_THAT(admin_->Exec("SELECT pg_advisory_lock($1)", {kChainLockKey}), IsOk());
        const std::uint64_t batches = store_->WriterStats().batches;
        std::thread held([&] {
            EXPECT_THAT(service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter)),
                        IsOk());
        });
        SpinUntil([&] {
            const PgWriterStats s = store_->WriterStats();
            return s.batches == batches + 1 && s.queue_depth == 0;
        });
        return held;
    }

    // Lets the writer go on: its held batch, then everything queued meanwhile.
    void ReleaseWriter(std::thread& held) {
        EXPECT_THAT(admin_->Exec("SELECT pg_advisory_unlock($1)", {kChainLockKey}), IsOk());
        held.join();
    }

    void WaitQueued(std::size_t n) {
        SpinUntil([&] { return store_->WriterStats().queue_depth == n; });
    }

    std::int64_t Count(const std::string& sql) {
        auto r = admin_->Exec(sql);
        EXPECT_THAT(r, IsOk()) << sql;
        return r ? r->Int64(0, 0).value_or(-1) : -1;
    }

    void ExpectChainIntact() {
        auto report = VerifyAuditChain(*pool_);
        ASSERT_THAT(report, IsOk());
        EXPECT_FALSE(report->first_broken_event.has_value()) << report->problem;
        EXPECT_EQ(report->events_checked, Count("SELECT count(*) FROM events"));
    }

    sqlite::testing::TempDir dir_;
    FakeClock clock_;
    storage::testing::CountingKeys keys_;
    std::unique_ptr<sqlite::Database> db_;
    std::unique_ptr<sqlite::SqliteDirectory> directory_;
    std::unique_ptr<PgPool> pool_;
    std::unique_ptr<PgConnection> admin_;
    std::unique_ptr<PgDossierStore> store_;
    std::unique_ptr<wf::DossierService> service_;
};

TEST_F(PgBatchedAppendTest, ManyThreadsOnManyDossiersLoseAndRepeatNothing) {
    constexpr int kThreads = 16;
    constexpr int kDossiers = 4;  // per thread: submitted, forwarded, assigned
    std::vector<std::vector<wf::Dossier>> mine(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kDossiers; ++i) {
                auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
                ASSERT_THAT(d, IsOk());
                auto f = service_->Act(Officer(), d->id, wf::Forward{model::UserId{101}, ""});
                ASSERT_THAT(f, IsOk());
                auto a = service_->Act(Leader(), d->id, wf::Assign{model::UserId{200 + t}});
                ASSERT_THAT(a, IsOk());
                mine[static_cast<std::size_t>(t)].push_back(*a);
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    std::set<std::string> codes;
    std::int64_t events = 0;
    for (const auto& list : mine) {
        for (const wf::Dossier& d : list) {
            codes.insert(d.code);
            events += d.version;
            auto stored = store_->Events(d.id);
            ASSERT_THAT(stored, IsOk());
            ASSERT_EQ(static_cast<std::int64_t>(stored->size()), d.version);
            for (std::size_t i = 0; i < stored->size(); ++i) {
                EXPECT_EQ((*stored)[i].seq, static_cast<std::int64_t>(i) + 1);
            }
            auto loaded = store_->Load(d.id);
            ASSERT_THAT(loaded, IsOk());
            EXPECT_EQ(*loaded, d);
        }
    }
    ASSERT_EQ(codes.size(), static_cast<std::size_t>(kThreads * kDossiers));
    EXPECT_EQ(*codes.begin(), "000.00.21.H99-260302-0001");
    EXPECT_EQ(*codes.rbegin(), fmt::format("000.00.21.H99-260302-{:04}", kThreads * kDossiers));
    EXPECT_EQ(Count("SELECT count(*) FROM events"), events);
    EXPECT_EQ(Count("SELECT count(*) FROM audit_chain"), events);
    EXPECT_EQ(Count("SELECT count(*) FROM (SELECT dossier_id, seq FROM events GROUP BY "
                    "dossier_id, seq HAVING count(*) > 1) x"),
              0);
    ExpectChainIntact();
    const PgWriterStats stats = store_->WriterStats();
    EXPECT_EQ(stats.jobs, static_cast<std::uint64_t>(kThreads * kDossiers * 3));
    EXPECT_EQ(stats.failed_jobs, 0U);
}

TEST_F(PgBatchedAppendTest, OneBatchOnOneDossierKeepsOneAppendPerVersion) {
    auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(d, IsOk());
    auto f = service_->Act(Officer(), d->id, wf::Forward{model::UserId{101}, ""});
    ASSERT_THAT(f, IsOk());
    constexpr int kThreads = 12;
    constexpr int kRounds = 3;
    std::int64_t version = f->version;
    for (int round = 0; round < kRounds; ++round) {
        std::thread held = HoldWriter();
        std::vector<Result<wf::Dossier>> results(kThreads, Fail(ErrorCode::kInternal, "not run"));
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                results[static_cast<std::size_t>(t)] =
                    service_->Act(Leader(), d->id, wf::Assign{model::UserId{1000 + t}}, version);
            });
        }
        WaitQueued(kThreads);  // every one decided on `version`, all in the next batch
        const std::uint64_t batches = store_->WriterStats().batches;
        ReleaseWriter(held);
        for (std::thread& t : threads) {
            t.join();
        }
        EXPECT_EQ(store_->WriterStats().batches, batches + 1);
        int wins = 0;
        for (const auto& r : results) {
            if (r) {
                ++wins;
                EXPECT_EQ(r->version, version + 1);
            } else {
                EXPECT_EQ(r.error().code, ErrorCode::kConflict);
                EXPECT_THAT(r.error().message,
                            HasSubstr(fmt::format(
                                "dossier {} changed concurrently (version {}, expected {})",
                                d->code,
                                version + 1,
                                version)));
            }
        }
        EXPECT_EQ(wins, 1) << "round " << round;
        ++version;
    }
    EXPECT_GE(store_->WriterStats().max_batch_seen, static_cast<std::size_t>(kThreads));
    auto events = store_->Events(d->id);
    ASSERT_THAT(events, IsOk());
    ASSERT_EQ(static_cast<std::int64_t>(events->size()), version);
    for (std::size_t i = 0; i < events->size(); ++i) {
        EXPECT_EQ((*events)[i].seq, static_cast<std::int64_t>(i) + 1);
    }
    auto loaded = store_->Load(d->id);
    ASSERT_THAT(loaded, IsOk());
    EXPECT_EQ(loaded->version, version);
    ExpectChainIntact();
}

TEST_F(PgBatchedAppendTest, FailingAppendsInABatchDoNotFailTheirBatchMates) {
    auto first = service_->Submit(Officer(), BirthSubmission(wf::Channel::kOnline, "web-1"));
    ASSERT_THAT(first, IsOk());
    auto other = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(other, IsOk());
    auto history = store_->Events(first->id);
    ASSERT_THAT(history, IsOk());
    // A new dossier with a taken idempotency key, straight to the store.
    core::ports::AppendRequest dup;
    dup.events = {history->front()};
    std::get<wf::Submitted>(dup.events.front().data).code.clear();
    dup.projection = *first;
    dup.projection.code.clear();
    dup.outbox = {{"dvcqg.sync", 1}};
    // Events decided on a version the dossier does not have.
    core::ports::AppendRequest stale;
    stale.dossier = first->id;
    stale.expected_version = first->version + 5;
    stale.events = {history->front()};
    stale.events.front().seq = first->version + 6;
    stale.projection = *first;

    std::thread held = HoldWriter();  // submits the dossier coded …-0003
    // Queued in this order: a submission, the duplicate, a submission, the stale append, a
    // submission, a forward of `other`.
    std::vector<std::thread> threads;
    std::vector<Result<wf::Dossier>> submitted(3, Fail(ErrorCode::kInternal, "not run"));
    Result<core::ports::AppendResult> dup_result = Fail(ErrorCode::kInternal, "not run");
    Result<core::ports::AppendResult> stale_result = Fail(ErrorCode::kInternal, "not run");
    Result<wf::Dossier> forwarded = Fail(ErrorCode::kInternal, "not run");
    std::size_t queued = 0;
    const auto submit = [&](std::size_t i) {
        threads.emplace_back([&, i] {
            submitted[i] = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
        });
        WaitQueued(++queued);
    };
    submit(0);
    threads.emplace_back([&] { dup_result = store_->Append(dup); });
    WaitQueued(++queued);
    submit(1);
    threads.emplace_back([&] { stale_result = store_->Append(stale); });
    WaitQueued(++queued);
    submit(2);
    threads.emplace_back([&] {
        forwarded = service_->Act(Officer(), other->id, wf::Forward{model::UserId{101}, ""});
    });
    WaitQueued(++queued);
    const std::uint64_t batches = store_->WriterStats().batches;
    ReleaseWriter(held);
    for (std::thread& t : threads) {
        t.join();
    }
    EXPECT_EQ(store_->WriterStats().batches, batches + 1);
    EXPECT_THAT(dup_result, HasError(ErrorCode::kAlreadyExists));
    ASSERT_THAT(stale_result, HasError(ErrorCode::kConflict));
    EXPECT_THAT(
        stale_result.error().message,
        HasSubstr(fmt::format(
            "changed concurrently (version {}, expected {})", first->version, first->version + 5)));
    ASSERT_THAT(forwarded, IsOk());
    EXPECT_EQ(forwarded->version, other->version + 1);
    // The duplicate's counter increment went with its savepoint: codes follow without a gap.
    for (std::size_t i = 0; i < submitted.size(); ++i) {
        ASSERT_THAT(submitted[i], IsOk());
        EXPECT_EQ(submitted[i]->code, fmt::format("000.00.21.H99-260302-{:04}", i + 4));
        auto loaded = store_->LoadByCode(submitted[i]->code);
        ASSERT_THAT(loaded, IsOk());
        EXPECT_EQ(*loaded, *submitted[i]);
    }
    EXPECT_EQ(Count("SELECT count(*) FROM dossiers"), 6);
    EXPECT_EQ(Count("SELECT count(*) FROM dossier_public"), 6);
    EXPECT_EQ(Count("SELECT count(*) FROM events"), Count("SELECT sum(version) FROM dossiers"));
    ExpectChainIntact();
}

TEST_F(PgBatchedAppendTest, AppendsAfterStopAreUnavailableAndReadsGoOn) {
    auto d = service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter));
    ASSERT_THAT(d, IsOk());
    store_->Stop();
    EXPECT_THAT(service_->Submit(Officer(), BirthSubmission(wf::Channel::kCounter)),
                HasError(ErrorCode::kUnavailable));
    EXPECT_THAT(service_->Act(Officer(), d->id, wf::Forward{model::UserId{101}, ""}),
                HasError(ErrorCode::kUnavailable));
    auto loaded = store_->Load(d->id);
    ASSERT_THAT(loaded, IsOk());
    EXPECT_EQ(*loaded, *d);
    EXPECT_EQ(Count("SELECT count(*) FROM events"), d->version);
    store_->Stop();  // idempotent
}

}  // namespace
}  // namespace motcua::storage::postgres
