#include "bench/engine_world.hpp"

#include <array>
#include <cstddef>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_support.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/catalog/procedure.hpp"
#include "core/workflow/dossier_service.hpp"

namespace motcua::bench {

namespace wf = core::workflow;
namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;
using Steady = std::chrono::steady_clock;

std::string CommuneCode(int i) {
    return fmt::format("000.00.{:02}.H99", 21 + i);
}

std::string CountingKeys::NewVerificationKey() {
    return fmt::format("K{:07}", ++next_ % 10000000);
}

Result<SeededDirectory> SeedDirectory(storage::sqlite::Database& db) {
    MOTCUA_ASSIGN_OR_RETURN(std::vector<cal::YearSchedule> national,
                            cal::BuiltinNationalSchedules());
    SeededDirectory seeded;
    seeded.directory = std::make_unique<storage::sqlite::SqliteDirectory>(db, std::move(national));
    storage::sqlite::SqliteDirectory& directory = *seeded.directory;

    model::Agency province;
    province.code = kProvince;
    province.name = "UBND tỉnh";
    province.kind = model::AgencyKind::kProvince;
    MOTCUA_ASSIGN_OR_RETURN(seeded.province, directory.SaveAgency(province));

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
    v.postal = true;
    v.result = "Giấy khai sinh (bản chính)";
    cat::PublicationDecision decision;
    decision.number = "1125/QĐ-UBND";
    decision.title = "Công bố danh mục thủ tục hành chính";
    decision.issuer = "Chủ tịch UBND tỉnh";
    MOTCUA_ASSIGN_OR_RETURN(decision.signed_on, cal::ParseDate("2025-06-20"));
    MOTCUA_ASSIGN_OR_RETURN(decision.effective_on, cal::ParseDate("2025-07-01"));
    decision.items = {{cat::ChangeKind::kNew, kBirth, v, {}}};
    MOTCUA_TRY(directory.Publish(decision));
    MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate today, cal::ParseDate("2026-03-02"));

    model::Agency commune;  // defaults kept; code, name, kind and parent set for each commune
    for (int i = 0; i < kCommunes; ++i) {
        commune.code = CommuneCode(i);
        commune.name = fmt::format("UBND xã số {}", i + 1);
        commune.kind = model::AgencyKind::kCommune;
        commune.parent = seeded.province;
        MOTCUA_TRY(directory.SaveAgency(commune));
        wf::InternalProcess p;
        p.procedure_code = kBirth;
        p.agency_code = commune.code;
        p.steps = {
            {"Thẩm định hồ sơ", wf::Role::kSpecialist, "", 12, cal::DurationUnit::kWorkingHours},
            {"Phê duyệt", wf::Role::kAgencyLeader, "", 4, cal::DurationUnit::kWorkingHours}};
        MOTCUA_TRY(directory.SaveProcess(p, today));
    }
    return seeded;
}

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

DriveResult Drive(core::ports::Directory& directory,
                  core::ports::DossierStore& store,
                  const Clock& clock,
                  const DriveOptions& options) {
    CountingKeys keys;
    wf::DossierService service(directory, store, clock, keys);
    std::atomic<bool> stop{false};
    std::atomic<std::int64_t> transitions{0};
    std::atomic<std::int64_t> events{0};
    std::atomic<std::int64_t> failures{0};
    std::atomic<std::int64_t> serial{0};
    const auto threads = static_cast<std::size_t>(options.threads);
    std::vector<std::vector<double>> lat(threads);
    std::vector<Error> errors(threads);
    std::vector<std::thread> workers;
    const auto start = Steady::now();
    const auto deadline = start + options.duration;
    for (int t = 0; t < options.threads; ++t) {
        workers.emplace_back([&, t] {
            const int commune = t % kCommunes;
            const Actors a = ActorsOf(commune);
            std::vector<double>& mine = lat[static_cast<std::size_t>(t)];
            const auto timed = [&](auto&& call, int event_count) -> Result<wf::Dossier> {
                const auto t0 = Steady::now();
                Result<wf::Dossier> r = call();
                if (options.latencies) {
                    mine.push_back(Seconds(Steady::now() - t0) * 1000);
                }
                if (r) {
                    transitions.fetch_add(1, std::memory_order_relaxed);
                    const std::int64_t total =
                        events.fetch_add(event_count, std::memory_order_relaxed) + event_count;
                    if (options.max_events && total >= *options.max_events) {
                        stop = true;
                    }
                } else {
                    failures.fetch_add(1, std::memory_order_relaxed);
                    errors[static_cast<std::size_t>(t)] = r.error();
                }
                return r;
            };
            // After the submission (2 events): the actions and the events each one appends.
            const std::array<std::tuple<const wf::Actor*, wf::Command, int>, 4> steps = {{
                {&a.officer, wf::Forward{a.specialist.user, ""}, 1},
                {&a.specialist, wf::CompleteStep{}, 2},
                {&a.leader, wf::IssueResult{}, 2},
                {&a.officer, wf::ReturnResult{}, 1},
            }};
            while (!stop.load(std::memory_order_relaxed) && Steady::now() < deadline) {
                Result<wf::Dossier> d =
                    timed([&] { return service.Submit(a.officer, BirthAt(commune, ++serial)); }, 2);
                for (std::size_t i = 0; i < steps.size() && d; ++i) {
                    if (stop.load(std::memory_order_relaxed) || Steady::now() >= deadline) {
                        break;
                    }
                    const wf::DossierId id = d->id;
                    const auto& [actor, command, step_events] = steps[i];
                    d = timed([&] { return service.Act(*actor, id, command); }, step_events);
                }
            }
        });
    }
    for (std::thread& w : workers) {
        w.join();
    }
    DriveResult result;
    result.seconds = Seconds(Steady::now() - start);
    result.transitions = transitions.load();
    result.events = events.load();
    result.failures = failures.load();
    for (const Error& e : errors) {
        if (!e.message.empty()) {
            result.first_failure = e;
        }
    }
    std::vector<double> all;
    for (const auto& mine : lat) {
        all.insert(all.end(), mine.begin(), mine.end());
    }
    result.p50_ms = Percentile(all, 0.50);
    result.p99_ms = Percentile(all, 0.99);
    return result;
}

}  // namespace motcua::bench
