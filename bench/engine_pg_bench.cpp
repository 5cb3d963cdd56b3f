// Benchmark of the dossier engine on PostgreSQL 15: a throwaway server started in a directory on
// the disk to be measured (initdb + postgres on a unix socket, fsync=on, synchronous_commit=on),
// the catalog in a SQLite file beside it, seeded with a province and ~20 communes each with an
// internal process for birth registration.
//   (a) the peer: raw PostgreSQL, one INSERT of a ~1 KB row per transaction, one thread;
//   (b) durable dossier transitions through the real DossierService and PgDossierStore,
//       T = 2, 8, 32, 64 threads (a pool of T connections), each driving its own dossiers
//       (counter submission, Forward, CompleteStep, IssueResult, Return); one transition = one
//       durable transaction holding its events, the projection row, step rows, the public view,
//       audit-chain and outbox entries.
// Then the audit chain of everything written is verified.
//
// Usage: motcua_bench_engine_pg [DIR [SECONDS]]   (defaults: a fresh directory under the system
// temporary directory, removed afterwards; 6 seconds per measurement). DIR must be on the disk to
// be measured: on a tmpfs fsync is free and the figures mean nothing.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_support.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/catalog/procedure.hpp"
#include "core/model/agency.hpp"
#include "core/ports/dossier_store.hpp"
#include "core/workflow/commands.hpp"
#include "core/workflow/dossier_service.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/dossier_store.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/pool.hpp"
#include "storage/postgres/testing/test_server.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"

namespace motcua::bench {
namespace {

namespace wf = core::workflow;
namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;
namespace pg = storage::postgres;
using Steady = std::chrono::steady_clock;

constexpr const char* kProvince = "000.00.00.H99";
constexpr const char* kBirth = "1.001193";
constexpr int kCommunes = 20;
constexpr int kEventsPerCycle = 8;       // 2 + 1 + 2 + 2 + 1
constexpr int kTransitionsPerCycle = 5;  // Submit, Forward, CompleteStep, IssueResult, Return

// 000.00.21.H99, 000.00.22.H99, …
std::string CommuneCode(int i) {
    return fmt::format("000.00.{:02}.H99", 21 + i);
}

class CountingKeys final : public core::ports::KeySource {
public:
    std::string NewVerificationKey() override { return fmt::format("K{:07}", ++next_ % 10000000); }

private:
    std::atomic<std::int64_t> next_{0};
};

Result<std::unique_ptr<storage::sqlite::SqliteDirectory>> SeedDirectory(
    storage::sqlite::Database& db) {
    MOTCUA_ASSIGN_OR_RETURN(std::vector<cal::YearSchedule> national,
                            cal::BuiltinNationalSchedules());
    auto directory = std::make_unique<storage::sqlite::SqliteDirectory>(db, std::move(national));
    model::Agency province;
    province.code = kProvince;
    province.name = "UBND tỉnh";
    province.kind = model::AgencyKind::kProvince;
    MOTCUA_ASSIGN_OR_RETURN(const model::AgencyId province_id, directory->SaveAgency(province));

    cat::ProcedureVersion v;
    v.code = kBirth;
    v.name = "Đăng ký khai sinh";
    v.sector_code = "HT";
    v.sector_name = "Hộ tịch";
    v.level = cat::ProcedureLevel::kCommune;
    v.implementing_agency = "Ủy ban nhân dân cấp xã";
    v.components = {{"TP1", "Tờ khai đăng ký khai sinh", true, 1, true, ""},
                    {"TP2", "Giấy chứng sinh", true, 1, true, ""}};
    v.deadline = 3;
    v.deadline_unit = cal::DurationUnit::kWorkingDays;
    v.online_level = cat::OnlineLevel::kFull;
    v.result = "Giấy khai sinh (bản chính)";
    cat::PublicationDecision decision;
    decision.number = "1125/QĐ-UBND";
    decision.title = "Công bố danh mục thủ tục hành chính";
    decision.issuer = "Chủ tịch UBND tỉnh";
    MOTCUA_ASSIGN_OR_RETURN(decision.signed_on, cal::ParseDate("2025-06-20"));
    MOTCUA_ASSIGN_OR_RETURN(decision.effective_on, cal::ParseDate("2025-07-01"));
    decision.items = {{cat::ChangeKind::kNew, kBirth, v, {}}};
    MOTCUA_TRY(directory->Publish(decision));
    MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate today, cal::ParseDate("2026-03-02"));
    for (int i = 0; i < kCommunes; ++i) {
        model::Agency commune;
        commune.code = CommuneCode(i);
        commune.name = fmt::format("UBND xã số {}", i + 1);
        commune.kind = model::AgencyKind::kCommune;
        commune.parent = province_id;
        MOTCUA_TRY(directory->SaveAgency(commune));
        wf::InternalProcess p;
        p.procedure_code = kBirth;
        p.agency_code = commune.code;
        p.steps = {
            {"Thẩm định hồ sơ", wf::Role::kSpecialist, "", 12, cal::DurationUnit::kWorkingHours},
            {"Phê duyệt", wf::Role::kAgencyLeader, "", 4, cal::DurationUnit::kWorkingHours}};
        MOTCUA_TRY(directory->SaveProcess(p, today));
    }
    return directory;
}

struct Actors {
    wf::Actor officer;
    wf::Actor specialist;
    wf::Actor leader;
};

Actors ActorsOf(int commune) {
    const std::string code = CommuneCode(commune);
    const std::int64_t base = 1000 + commune * 10;
    return {{wf::Role::kOneStopOfficer, model::UserId{base + 1}, code, "Cán bộ một cửa"},
            {wf::Role::kSpecialist, model::UserId{base + 2}, code, "Chuyên viên"},
            {wf::Role::kAgencyLeader, model::UserId{base + 3}, code, "Lãnh đạo"}};
}

wf::Submission BirthAt(int commune, std::int64_t n) {
    wf::Submission s;
    s.procedure_code = kBirth;
    s.agency_code = CommuneCode(commune);
    s.channel = wf::Channel::kCounter;
    s.applicant = {fmt::format("Người nộp số {}", n),
                   fmt::format("0010{:08}", n % 100000000),
                   "0912000000",
                   "",
                   "Tỉnh H99",
                   std::nullopt};
    s.components = {"TP1", "TP2"};
    return s;
}

struct Load {
    std::int64_t transitions = 0;
    std::int64_t failures = 0;
    Error first_failure;
    double seconds = 0;
    double p50_ms = 0;
    double p99_ms = 0;
};

Load Drive(core::ports::Directory& directory,
           core::ports::DossierStore& store,
           const Clock& clock,
           int threads,
           Steady::duration duration) {
    CountingKeys keys;
    wf::DossierService service(directory, store, clock, keys);
    std::atomic<std::int64_t> transitions{0};
    std::atomic<std::int64_t> failures{0};
    std::atomic<std::int64_t> serial{0};
    std::vector<std::vector<double>> lat(static_cast<std::size_t>(threads));
    std::vector<Error> errors(static_cast<std::size_t>(threads));
    std::vector<std::thread> workers;
    const auto start = Steady::now();
    const auto deadline = start + duration;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            const int commune = t % kCommunes;
            const Actors a = ActorsOf(commune);
            std::vector<double>& mine = lat[static_cast<std::size_t>(t)];
            const auto timed = [&](auto&& call) -> Result<wf::Dossier> {
                const auto t0 = Steady::now();
                Result<wf::Dossier> r = call();
                mine.push_back(Seconds(Steady::now() - t0) * 1000);
                if (r) {
                    transitions.fetch_add(1, std::memory_order_relaxed);
                } else {
                    failures.fetch_add(1, std::memory_order_relaxed);
                    errors[static_cast<std::size_t>(t)] = r.error();
                }
                return r;
            };
            const std::array<std::tuple<const wf::Actor*, wf::Command>, 4> steps = {{
                {&a.officer, wf::Forward{a.specialist.user, ""}},
                {&a.specialist, wf::CompleteStep{}},
                {&a.leader, wf::IssueResult{}},
                {&a.officer, wf::ReturnResult{}},
            }};
            while (Steady::now() < deadline) {
                Result<wf::Dossier> d =
                    timed([&] { return service.Submit(a.officer, BirthAt(commune, ++serial)); });
                for (std::size_t i = 0; i < steps.size() && d && Steady::now() < deadline; ++i) {
                    const wf::DossierId id = d->id;
                    const auto& [actor, command] = steps[i];
                    d = timed([&] { return service.Act(*actor, id, command); });
                }
            }
        });
    }
    for (std::thread& w : workers) {
        w.join();
    }
    Load load;
    load.seconds = Seconds(Steady::now() - start);
    load.transitions = transitions.load();
    load.failures = failures.load();
    for (const Error& e : errors) {
        if (!e.message.empty()) {
            load.first_failure = e;
        }
    }
    std::vector<double> all;
    for (const auto& mine : lat) {
        all.insert(all.end(), mine.begin(), mine.end());
    }
    load.p50_ms = Percentile(all, 0.50);
    load.p99_ms = Percentile(all, 0.99);
    return load;
}

// (a) One INSERT of a ~1 KB row per transaction, one thread.
Result<Load> MeasureRaw(const std::string& conninfo, Steady::duration duration) {
    MOTCUA_ASSIGN_OR_RETURN(pg::PgConnection c, pg::PgConnection::Open(conninfo));
    MOTCUA_TRY(
        c.Exec("CREATE TABLE raw_rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
               "payload text NOT NULL)"));
    const std::string payload(1024, 'x');
    Load raw;
    std::vector<double> lat;
    const auto start = Steady::now();
    while (Steady::now() - start < duration) {
        const auto t0 = Steady::now();
        MOTCUA_TRY(pg::InTransaction(c, [&](pg::PgConnection& tx) -> Result<void> {
            MOTCUA_TRY(tx.Exec("INSERT INTO raw_rows(payload) VALUES($1)", {payload}));
            return {};
        }));
        lat.push_back(Seconds(Steady::now() - t0) * 1000);
        ++raw.transitions;
    }
    raw.seconds = Seconds(Steady::now() - start);
    raw.p50_ms = Percentile(lat, 0.50);
    raw.p99_ms = Percentile(lat, 0.99);
    return raw;
}

int Fatal(std::string_view what, const Error& error) {
    fmt::print(stderr, "{}: {}\n", what, error.message);
    return 1;
}

int Run(int argc, char** argv) {
    RemoveOnExit cleanup;
    const std::filesystem::path dir = WorkDirectory(argc, argv, "motcua_bench_engine_pg_", cleanup);
    const double seconds_each = argc > 2 ? std::stod(argv[2]) : 6.0;
    const auto duration =
        std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(seconds_each));
    std::filesystem::permissions(dir,
                                 std::filesystem::perms::owner_all |
                                     std::filesystem::perms::group_exec |
                                     std::filesystem::perms::others_exec);

    auto server = pg::testing::TestServer::Start(dir);
    if (!server) {
        return Fatal("postgres", server.error());
    }
    auto conninfo = (*server)->CreateDatabase("bench");
    if (!conninfo) {
        return Fatal("create database", conninfo.error());
    }
    if (auto migrated = pg::Migrate(*conninfo); !migrated) {
        return Fatal("migrate", migrated.error());
    }
    fmt::print(
        "motcua engine benchmark on PostgreSQL: server in {} (fsync=on, synchronous_commit=on), "
        "{} communes, {:.0f} s per measurement, {} hardware threads\n\n",
        dir.string(),
        kCommunes,
        seconds_each,
        std::thread::hardware_concurrency());

    auto raw = MeasureRaw(*conninfo, duration);
    if (!raw) {
        return Fatal("raw", raw.error());
    }
    const double raw_rate = static_cast<double>(raw->transitions) / raw->seconds;

    storage::sqlite::DatabaseOptions options;
    options.path = (dir / "directory.db").string();
    auto db = storage::sqlite::Database::Open(options);
    if (!db) {
        return Fatal("directory", db.error());
    }
    auto directory = SeedDirectory(**db);
    if (!directory) {
        return Fatal("seed", directory.error());
    }
    const FakeClock clock(cal::ToInstant(*cal::ParseDateTime("2026-03-02T09:00")));
    std::vector<std::pair<int, Load>> loads;
    for (const int threads : {2, 8, 32, 64}) {
        auto pool = pg::PgPool::Open(*conninfo, static_cast<std::size_t>(threads));
        if (!pool) {
            return Fatal("pool", pool.error());
        }
        pg::PgDossierStore store(**pool, "H99");
        loads.emplace_back(threads, Drive(**directory, store, clock, threads, duration));
        if (loads.back().second.failures != 0) {
            return Fatal(fmt::format("{} threads: {} failed transitions, e.g.",
                                     threads,
                                     loads.back().second.failures),
                         loads.back().second.first_failure);
        }
    }

    fmt::print("{:<62} {:>10} {:>8} {:>8} {:>8}\n",
               "durable writes",
               "per s",
               "vs (a)",
               "p50 ms",
               "p99 ms");
    fmt::print("{:<62} {:>10.0f} {:>8} {:>8.2f} {:>8.2f}\n",
               "(a) raw PostgreSQL: 1 INSERT (1 KB) per transaction, 1 thread",
               raw_rate,
               "1.0x",
               raw->p50_ms,
               raw->p99_ms);
    for (const auto& [threads, load] : loads) {
        const double rate = static_cast<double>(load.transitions) / load.seconds;
        fmt::print("{:<62} {:>10.0f} {:>7.1f}x {:>8.2f} {:>8.2f}\n",
                   fmt::format("(b) transitions, {:>2} threads ({:.0f} events/s)",
                               threads,
                               rate * kEventsPerCycle / kTransitionsPerCycle),
                   rate,
                   rate / raw_rate,
                   load.p50_ms,
                   load.p99_ms);
    }

    auto pool = pg::PgPool::Open(*conninfo, 1);
    if (!pool) {
        return Fatal("pool", pool.error());
    }
    const auto t0 = Steady::now();
    auto report = pg::VerifyAuditChain(**pool);
    if (!report) {
        return Fatal("verify", report.error());
    }
    fmt::print("\naudit chain: {} events verified in {:.2f} s{}\n",
               report->events_checked,
               Seconds(Steady::now() - t0),
               report->first_broken_event
                   ? fmt::format(", BROKEN at {}: {}", *report->first_broken_event, report->problem)
                   : ", intact");
    return report->first_broken_event ? 1 : 0;
}

}  // namespace
}  // namespace motcua::bench

int main(int argc, char** argv) {
    return motcua::bench::Run(argc, argv);
}
