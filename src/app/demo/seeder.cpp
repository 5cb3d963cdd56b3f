#include "app/demo/seeder.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "app/demo/demo_accounts.hpp"
#include "app/demo/demo_data.hpp"
#include "app/demo/demo_files.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/deadline.hpp"
#include "core/workflow/dossier_service.hpp"

namespace motcua::app::demo {
namespace {

namespace cal = core::calendar;
namespace cat = core::catalog;
namespace wf = core::workflow;
namespace model = core::model;
using cal::LocalDateTime;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr cal::LocalDate kCatalogEffective{std::chrono::year{2024} / 6 / 1};
constexpr cal::LocalDate kAmendmentEffective{std::chrono::year{2025} / 7 / 1};
// Writes per commit while the dossiers go into a bulk-load database (Database::DeferCommits).
constexpr std::size_t kBulkCommitEvery = 4096;

std::string_view FileText(std::string_view name) {
    for (const EmbeddedFile& f : BuiltinDemoFiles()) {
        if (f.name == name) {
            return f.text;
        }
    }
    return {};
}

// Everything the dossier generator needs about one procedure.
struct ProcedureInfo {
    cat::ProcedureVersion version;
    std::vector<std::string> agencies;  // handling agencies with a process
    int weight = 1;
};

struct AgencyActors {
    wf::Actor officer;
    wf::Actor specialist;
    wf::Actor leader;
};

struct World {
    std::vector<ProcedureInfo> procedures;
    std::map<std::string, AgencyActors> actors;
    std::string consulted;  // the agency asked for opinions (tax office)
    std::vector<int> cumulative_weight;
};

AgencyActors ActorsOf(const model::Agency& a) {
    const auto id = [&](wf::Role role) {
        return DemoStaffId(a.id, role);
    };
    return {{wf::Role::kOneStopOfficer, id(wf::Role::kOneStopOfficer), a.code, "Cán bộ một cửa"},
            {wf::Role::kSpecialist, id(wf::Role::kSpecialist), a.code, "Chuyên viên thụ lý"},
            {wf::Role::kAgencyLeader, id(wf::Role::kAgencyLeader), a.code, "Lãnh đạo"}};
}

std::int64_t LegalMinutes(const cat::ProcedureVersion& v) {
    switch (v.deadline_unit) {
        case cal::DurationUnit::kWorkingHours:
            return static_cast<std::int64_t>(v.deadline) * 60;
        case cal::DurationUnit::kWorkingDays:
        case cal::DurationUnit::kCalendarDays:
            return static_cast<std::int64_t>(std::max(v.deadline, 1)) * 480;
    }
    return 480;
}

std::vector<wf::ProcessStep> StepsFor(std::int64_t legal_minutes) {
    const auto h = [](std::int64_t m) {
        return static_cast<int>(std::max<std::int64_t>(1, m / 60));
    };
    if (legal_minutes < 120) {
        return {{"Giải quyết và ký kết quả",
                 wf::Role::kAgencyLeader,
                 "",
                 h(legal_minutes),
                 cal::DurationUnit::kWorkingHours}};
    }
    return {{"Thẩm định hồ sơ",
             wf::Role::kSpecialist,
             "",
             h(legal_minutes / 2),
             cal::DurationUnit::kWorkingHours},
            {"Phê duyệt, ký kết quả",
             wf::Role::kAgencyLeader,
             "",
             h(legal_minutes / 4),
             cal::DurationUnit::kWorkingHours}};
}

Result<World> BuildWorld(Backend& b, std::mt19937_64& rng, SeedReport& report) {
    World world;
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<DemoAgency> demo_agencies,
                            ParseDemoAgencies(FileText("agencies.tsv")));
    // Agencies with their own calendar or hours (data/calendar/agencies.tsv).
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<cal::AgencyCalendar> own_calendars,
                            cal::BuiltinAgencyCalendars());
    std::map<std::string, model::AgencyId> ids;
    std::vector<model::Agency> communes;
    std::map<std::string, model::Agency> by_name;
    for (const DemoAgency& d : demo_agencies) {
        model::Agency a;
        a.code = d.code;
        a.name = d.name;
        MOTCUA_ASSIGN_OR_RETURN(a.kind, model::ParseAgencyKind(d.kind));
        if (!d.parent_code.empty()) {
            a.parent = ids.at(d.parent_code);
        }
        // Communes settle many procedures "within the day": online dossiers after 15:00 count
        // from the next working day there, as for paper (an agency setting, docs/CALENDAR.md).
        if (a.kind == model::AgencyKind::kCommune) {
            a.hours.online_cutoff = hours{15};
        }
        for (const cal::AgencyCalendar& own : own_calendars) {
            if (own.agency_code == a.code) {
                a.hours = own.hours;
                a.calendar_overrides = own.overrides;
            }
        }
        MOTCUA_ASSIGN_OR_RETURN(a.id, b.directory->SaveAgency(a));
        ids[a.code] = a.id;
        world.actors[a.code] = ActorsOf(a);
        by_name[a.name] = a;
        if (a.kind == model::AgencyKind::kCommune) {
            communes.push_back(a);
        }
        if (a.kind == model::AgencyKind::kOther && world.consulted.empty()) {
            world.consulted = a.code;
        }
        ++report.agencies;
    }

    MOTCUA_ASSIGN_OR_RETURN(std::vector<cat::ProcedureVersion> versions,
                            ParseDemoProcedures(FileText("procedures.tsv")));
    cat::PublicationDecision first;
    first.number = "1125/QĐ-UBND";
    first.title =
        "Công bố danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của các cơ "
        "quan trên địa bàn tỉnh";
    first.issuer = "Chủ tịch Ủy ban nhân dân tỉnh";
    first.signed_on = kCatalogEffective - days{7};
    first.effective_on = kCatalogEffective;
    for (const cat::ProcedureVersion& v : versions) {
        first.items.push_back({cat::ChangeKind::kNew, v.code, v, {}});
    }
    MOTCUA_TRY(b.directory->Publish(first));
    report.procedures = static_cast<int>(versions.size());

    // A year later the province cuts some deadlines (review and simplification).
    cat::PublicationDecision amendment;
    amendment.number = "1847/QĐ-UBND";
    amendment.title = "Công bố thủ tục hành chính được sửa đổi, bổ sung sau rà soát, đơn giản hóa";
    amendment.issuer = "Chủ tịch Ủy ban nhân dân tỉnh";
    amendment.signed_on = kAmendmentEffective - days{10};
    amendment.effective_on = kAmendmentEffective;
    std::vector<cat::SimplificationReview> reviews;
    std::map<std::string, int> amended_deadline;
    for (const cat::ProcedureVersion& v : versions) {
        if (v.deadline >= 5 && v.deadline_unit == cal::DurationUnit::kWorkingDays &&
            std::uniform_int_distribution<int>(0, 99)(rng) < 15) {
            cat::ProcedureVersion cut = v;
            cut.deadline = std::max(1, v.deadline * 7 / 10);
            amended_deadline[v.code] = cut.deadline;
            amendment.items.push_back({cat::ChangeKind::kAmended, v.code, cut, {}});
            const std::int64_t cost =
                std::uniform_int_distribution<std::int64_t>(200, 1500)(rng) * 1000;
            reviews.push_back(
                {v.code,
                 amendment.number,
                 v.deadline,
                 cut.deadline,
                 cost,
                 cost * std::uniform_int_distribution<std::int64_t>(30, 80)(rng) / 100,
                 std::uniform_int_distribution<std::int64_t>(200, 20000)(rng),
                 1});
        }
    }
    MOTCUA_TRY(b.directory->Publish(amendment));
    for (const cat::SimplificationReview& r : reviews) {
        MOTCUA_TRY(b.directory->SaveReview(r));
    }

    // Internal processes: commune procedures at every commune, province ones at their agency.
    for (const cat::ProcedureVersion& v : versions) {
        ProcedureInfo info;
        info.version = v;
        // "Within the day" procedures get a short process that fits the afternoon.
        std::int64_t legal = v.deadline == 0 ? 150 : LegalMinutes(v);
        if (const auto it = amended_deadline.find(v.code); it != amended_deadline.end()) {
            legal = std::min<std::int64_t>(legal, static_cast<std::int64_t>(it->second) * 480);
        }
        std::vector<std::string> handlers;
        if (v.level == cat::ProcedureLevel::kCommune) {
            for (const model::Agency& c : communes) {
                handlers.push_back(c.code);
            }
        } else if (const auto it = by_name.find(v.implementing_agency); it != by_name.end()) {
            handlers.push_back(it->second.code);
        } else {
            handlers.push_back(demo_agencies.front().code);
        }
        for (const std::string& agency : handlers) {
            wf::InternalProcess p;
            p.procedure_code = v.code;
            p.agency_code = agency;
            p.steps = StepsFor(legal);
            if (b.directory->SaveProcess(p, kCatalogEffective)) {
                info.agencies.push_back(agency);
                ++report.processes;
            }
        }
        if (info.agencies.empty()) {
            continue;
        }
        const bool everyday = v.sector_name == "Hộ tịch" || v.sector_name == "Chứng thực";
        info.weight = everyday ? 12 : (v.level == cat::ProcedureLevel::kCommune ? 3 : 2);
        world.procedures.push_back(std::move(info));
    }
    int total = 0;
    for (const ProcedureInfo& p : world.procedures) {
        total += p.weight;
        world.cumulative_weight.push_back(total);
    }
    return world;
}

// One planned dossier: what and where, decided up front so workers can run in any order.
struct Plan {
    std::uint64_t seed = 0;
    std::size_t procedure = 0;
    std::string agency;
    wf::Channel channel = wf::Channel::kCounter;
    LocalDateTime received;
};

enum class Outcome { kOpen, kClosed };

// Acts, or stops the dossier here (left open) when the action would fall after the end.
#define MOTCUA_SEED_ACT(...)                                             \
    do {                                                                 \
        MOTCUA_ASSIGN_OR_RETURN(const bool motcua_go, act(__VA_ARGS__)); \
        if (!motcua_go) {                                                \
            return Outcome::kOpen;                                       \
        }                                                                \
    } while (false)

class Runner {
public:
    Runner(Backend& b, const World& world, cal::LocalDate until, std::uint64_t key_seed)
        : b_(b),
          world_(world),
          end_(LocalDateTime{until}),
          clock_(Instant{}),
          keys_(key_seed),
          service_(*b.directory, *b.store, clock_, keys_) {}

    // Drives one dossier through its planned life, as far as the end of the simulation.
    Result<Outcome> Run(const Plan& plan, SeedReport& report) {
        std::mt19937_64 rng(plan.seed);
        const auto chance = [&](int percent) {
            return std::uniform_int_distribution<int>(0, 99)(rng) < percent;
        };
        const auto between = [&](int lo, int hi) {
            return std::uniform_int_distribution<int>(lo, hi)(rng);
        };
        const cat::ProcedureVersion& v = world_.procedures[plan.procedure].version;
        const AgencyActors& at = world_.actors.at(plan.agency);
        MOTCUA_ASSIGN_OR_RETURN(const auto calendar, b_.directory->CalendarOf(plan.agency));
        const auto later = [&](LocalDateTime from, int working_hours) {
            return cal::ComputeDue(*calendar,
                                   {from,
                                    working_hours,
                                    cal::DurationUnit::kWorkingHours,
                                    cal::Channel::kOnline,
                                    cal::CountingConvention::kCivilCode,
                                    {}})
                .value_or(from + hours{working_hours});
        };
        const bool online = plan.channel == wf::Channel::kOnline;
        const wf::Actor citizen{
            wf::Role::kCitizen,
            model::UserId{
                kFirstDemoCitizen +
                static_cast<std::int64_t>(plan.seed % static_cast<std::uint64_t>(kDemoCitizens))},
            "",
            "Công dân"};
        const bool self_service = online && !chance(12);
        const wf::Actor& submitter =
            self_service || !online ? (online ? citizen : at.officer) : at.officer;
        const wf::Actor& applicant = submitter.role == wf::Role::kCitizen ? citizen : at.officer;

        LocalDateTime t = plan.received;
        wf::Dossier d;
        const auto act = [&](LocalDateTime when,
                             const wf::Actor& actor,
                             const wf::Command& command) -> Result<bool> {
            when = std::max(when, t);
            if (when >= end_) {
                return false;
            }
            t = when;
            clock_.Set(cal::ToInstant(t));
            MOTCUA_ASSIGN_OR_RETURN(d, service_.Act(actor, d.id, command));
            return true;
        };

        wf::Submission s;
        s.procedure_code = v.code;
        s.agency_code = plan.agency;
        s.channel = plan.channel;
        s.applicant = {fmt::format("Người nộp hồ sơ số {}", plan.seed % 100000),
                       fmt::format("0010{:08}", plan.seed % 100000000),
                       "0912000000",
                       "",
                       "Tỉnh Hòa Bình Xanh",
                       std::nullopt};
        for (const cat::Component& c : v.components) {
            if (c.required || chance(50)) {
                s.components.push_back(c.code);
            }
        }
        s.idempotency_key = fmt::format("seed-{}", plan.seed);
        clock_.Set(cal::ToInstant(t));
        MOTCUA_ASSIGN_OR_RETURN(d, service_.Submit(submitter, s));
        ++report.dossiers;

        const std::string first_component =
            v.components.empty() ? std::string("chung") : v.components.front().code;
        if (online) {
            if (chance(6)) {
                MOTCUA_SEED_ACT(later(t, 1),
                                at.officer,
                                wf::RequestSupplement{{{first_component,
                                                        "Ảnh chụp giấy tờ không rõ",
                                                        "Tải lên bản chụp rõ nét"}}});
                MOTCUA_SEED_ACT(
                    t + hours{between(4, 72)}, applicant, wf::ProvideSupplement{{first_component}});
            }
            MOTCUA_SEED_ACT(later(t, between(1, 3)), at.officer, wf::Receive{});
        }
        const wf::Reason reason{"chung",
                                "Hồ sơ không đủ điều kiện theo quy định",
                                "Đối chiếu điều kiện tại căn cứ pháp lý và nộp lại"};
        if (chance(2)) {
            MOTCUA_SEED_ACT(later(t, 1), at.officer, wf::Refuse{{reason}});
            return Outcome::kClosed;
        }
        MOTCUA_SEED_ACT(later(t, 1), at.officer, wf::Forward{at.specialist.user, {}});
        const bool apologise = chance(60);
        bool first = true;
        while (d.status == wf::DossierStatus::kProcessing && d.CurrentStep() != nullptr) {
            const wf::StepRecord step = *d.CurrentStep();
            const wf::Actor& worker =
                step.role == wf::Role::kAgencyLeader ? at.leader : at.specialist;
            if (first) {
                first = false;
                if (!world_.consulted.empty() && chance(10)) {
                    MOTCUA_SEED_ACT(later(t, 1),
                                    worker,
                                    wf::Consult{world_.consulted,
                                                "Đề nghị cho ý kiến về nghĩa vụ tài chính",
                                                2,
                                                cal::DurationUnit::kWorkingDays});
                    const int index = d.OpenConsultations().front()->index;
                    MOTCUA_SEED_ACT(later(t, between(2, chance(10) ? 30 : 14)),
                                    world_.actors.at(world_.consulted).specialist,
                                    wf::AnswerConsultation{index, "Thống nhất với đề xuất"});
                }
                if (chance(5)) {
                    MOTCUA_SEED_ACT(later(t, 2),
                                    worker,
                                    wf::RequestSupplement{{{first_component,
                                                            "Thông tin kê khai chưa khớp giấy tờ",
                                                            "Kê khai lại theo giấy tờ gốc"}}});
                    MOTCUA_SEED_ACT(t + hours{between(24, 120)},
                                    applicant,
                                    wf::ProvideSupplement{{first_component}});
                }
                if (online && !v.fees.empty() && v.fees.front().amount_vnd > 0 && chance(60)) {
                    MOTCUA_SEED_ACT(
                        later(t, 1),
                        worker,
                        wf::RequestPayment{v.fees.front().amount_vnd, v.fees.front().name});
                    MOTCUA_SEED_ACT(t + hours{between(1, 30)},
                                    applicant,
                                    wf::ConfirmPayment{v.fees.front().amount_vnd, "online"});
                }
                if (chance(1)) {
                    MOTCUA_SEED_ACT(later(t, 2), applicant, wf::Withdraw{"Không còn nhu cầu"});
                    return Outcome::kClosed;
                }
                if (chance(1)) {
                    MOTCUA_SEED_ACT(later(t, 2), at.leader, wf::Stop{{reason}});
                    return Outcome::kClosed;
                }
                if (chance(2)) {
                    MOTCUA_SEED_ACT(later(t, 3), worker, wf::Refuse{{reason}});
                    return Outcome::kClosed;
                }
            }
            // Most steps finish well within their budget; a few overrun it.
            const std::int64_t budget =
                cal::WorkingTimeBetween(*calendar, step.started_at, step.due_at)
                    .value_or(minutes{480})
                    .count();
            const bool overrun = chance(1);
            const int percent = overrun ? between(150, 400) : between(20, 90);
            const int work_hours =
                static_cast<int>(std::max<std::int64_t>(1, budget * percent / 100 / 60));
            LocalDateTime done = later(std::max(t, step.started_at), work_hours);
            // Officers who are not overrunning hurry to beat the dossier's deadline.
            const minutes margin{step.role == wf::Role::kAgencyLeader ? 15 : 60};
            if (!overrun && d.due_at && done > *d.due_at - margin && t < *d.due_at - margin) {
                done = *d.due_at - margin;
            }
            if (apologise && d.due_at && done > *d.due_at && !d.apology_issued && t < *d.due_at) {
                const LocalDateTime new_due = cal::ComputeDue(*calendar,
                                                              {*d.due_at,
                                                               3,
                                                               cal::DurationUnit::kWorkingDays,
                                                               cal::Channel::kOnline,
                                                               cal::CountingConvention::kCivilCode,
                                                               {}})
                                                  .value_or(*d.due_at + days{3});
                MOTCUA_SEED_ACT(t + minutes{30},
                                at.leader,
                                wf::Apologize{"Cần thêm thời gian xác minh, lấy ý kiến", new_due});
            }
            if (step.role == wf::Role::kAgencyLeader) {
                MOTCUA_SEED_ACT(done, at.leader, wf::IssueResult{});
            } else {
                MOTCUA_SEED_ACT(done, worker, wf::CompleteStep{});
            }
        }
        if (d.status == wf::DossierStatus::kProcessed) {
            if (d.verdict == wf::Verdict::kLate) {
                ++report.late;
            }
            const wf::ReturnMethod method = online
                                                ? wf::ReturnMethod::kOnline
                                                : (plan.channel == wf::Channel::kPostal && v.postal
                                                       ? wf::ReturnMethod::kPostal
                                                       : wf::ReturnMethod::kCounter);
            MOTCUA_SEED_ACT(later(t, between(1, 16)), at.officer, wf::ReturnResult{method});
            if (applicant.role == wf::Role::kCitizen && chance(40)) {
                const int score = chance(80) ? 5 : between(2, 4);
                MOTCUA_SEED_ACT(t + hours{between(1, 48)},
                                citizen,
                                wf::Rate{score, score >= 4 ? "Hài lòng" : "Cần cải thiện"});
            }
        }
        return wf::IsTerminal(d.status) ? Outcome::kClosed : Outcome::kOpen;
    }

private:
    Backend& b_;
    const World& world_;
    LocalDateTime end_;
    FakeClock clock_;
    RandomKeys keys_;
    wf::DossierService service_;
};

#undef MOTCUA_SEED_ACT

// Plans every dossier: reception instants spread over two years (working hours for paper,
// any time for online), procedures by weight, agencies among those that handle them.
std::vector<Plan> PlanDossiers(const World& world, const SeedOptions& o, std::mt19937_64& rng) {
    std::vector<Plan> plans;
    plans.reserve(static_cast<std::size_t>(o.dossiers));
    const int span_days = 730;
    const cal::LocalDate first = o.until - days{span_days};
    std::uniform_int_distribution<int> pick_weight(1, world.cumulative_weight.back());
    for (int i = 0; i < o.dossiers; ++i) {
        Plan p;
        p.seed = o.seed * std::uint64_t{1000003} + static_cast<std::uint64_t>(i);
        const int w = pick_weight(rng);
        p.procedure = static_cast<std::size_t>(
            std::lower_bound(world.cumulative_weight.begin(), world.cumulative_weight.end(), w) -
            world.cumulative_weight.begin());
        const ProcedureInfo& info = world.procedures[p.procedure];
        p.agency = info.agencies[std::uniform_int_distribution<std::size_t>(
            0, info.agencies.size() - 1)(rng)];
        const int channel = std::uniform_int_distribution<int>(0, 99)(rng);
        const bool online_ok = info.version.online_level != cat::OnlineLevel::kNone;
        p.channel = online_ok && channel < 48              ? wf::Channel::kOnline
                    : info.version.postal && channel >= 92 ? wf::Channel::kPostal
                                                           : wf::Channel::kCounter;
        cal::LocalDate day =
            first + days{std::uniform_int_distribution<int>(0, span_days - 1)(rng)};
        const std::chrono::weekday wd{day};
        if (p.channel != wf::Channel::kOnline &&
            (wd == std::chrono::Saturday || wd == std::chrono::Sunday)) {
            day += days{wd == std::chrono::Saturday ? 2 : 1};
        }
        const int minute = p.channel == wf::Channel::kOnline
                               ? std::uniform_int_distribution<int>(6 * 60, 23 * 60)(rng)
                               : std::uniform_int_distribution<int>(7 * 60 + 15, 16 * 60 + 45)(rng);
        p.received = LocalDateTime{day} + minutes{minute};
        plans.push_back(std::move(p));
    }
    std::stable_sort(plans.begin(), plans.end(), [](const Plan& a, const Plan& b) {
        return a.received < b.received;
    });
    return plans;
}

}  // namespace

Result<SeedReport> SeedDemo(Backend& backend, const SeedOptions& options) {
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<model::Agency> existing,
                            backend.directory->Agencies());
    if (!existing.empty()) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "the database already has data; seed-demo needs an empty database",
                    "cơ sở dữ liệu đã có dữ liệu; seed-demo cần cơ sở dữ liệu trống");
    }
    SeedReport report;
    std::mt19937_64 rng(options.seed);
    MOTCUA_ASSIGN_OR_RETURN(const World world, BuildWorld(backend, rng, report));
    const std::vector<Plan> plans = PlanDossiers(world, options, rng);
    // The demo accounts exist from the first day of the generated history.
    const FakeClock accounts_clock(
        cal::ToInstant(LocalDateTime{options.until - days{730}} + hours{7}));
    MOTCUA_ASSIGN_OR_RETURN(report.accounts, SeedDemoAccounts(backend, accounts_clock));
    // Into an empty file opened for a bulk load, the dossiers are committed every few thousand
    // writes rather than with every group-commit batch (the workers read back only their own
    // dossiers, through the store, which sees uncommitted work), and the queue and list indexes
    // are built once at the end instead of row by row (the workers read by id, code and
    // idempotency key, whose unique indexes stay).
    if (backend.db->bulk_load()) {
        MOTCUA_TRY(backend.db->Sync());
        MOTCUA_TRY(backend.db->DeferIndexes());
        MOTCUA_TRY(backend.db->DeferCommits(kBulkCommitEvery));
    }

    // Workers each own the dossiers of some receiving agencies, in reception order, so
    // per-agency dossier codes come out the same on every run; several workers keep the
    // group-committing writer's batches full.
    constexpr int kWorkers = 8;
    std::vector<SeedReport> partial(kWorkers);
    std::vector<Result<void>> status(kWorkers);
    std::atomic<int> done{0};
    std::mutex progress_mutex;
    std::vector<std::thread> threads;
    for (int w = 0; w < kWorkers; ++w) {
        threads.emplace_back([&, w] {
            Runner runner(
                backend, world, options.until, options.seed + static_cast<std::uint64_t>(w));
            for (const Plan& plan : plans) {
                if (std::hash<std::string>{}(plan.agency) % kWorkers !=
                    static_cast<std::size_t>(w)) {
                    continue;
                }
                auto outcome = runner.Run(plan, partial[static_cast<std::size_t>(w)]);
                if (!outcome) {
                    status[static_cast<std::size_t>(w)] = tl::unexpected(outcome.error());
                    return;
                }
                if (*outcome == Outcome::kOpen) {
                    ++partial[static_cast<std::size_t>(w)].open;
                }
                const int n = ++done;
                if (options.progress && n % 250 == 0) {
                    const std::lock_guard lock(progress_mutex);
                    options.progress(n, options.dossiers);
                }
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    if (backend.db->bulk_load()) {
        MOTCUA_TRY(backend.db->RestoreIndexes());
        MOTCUA_TRY(backend.db->DeferCommits(1));
        MOTCUA_TRY(backend.db->Sync());
    }
    for (int w = 0; w < kWorkers; ++w) {
        MOTCUA_TRY(status[static_cast<std::size_t>(w)]);
        report.dossiers += partial[static_cast<std::size_t>(w)].dossiers;
        report.late += partial[static_cast<std::size_t>(w)].late;
        report.open += partial[static_cast<std::size_t>(w)].open;
    }
    if (options.progress) {
        options.progress(options.dossiers, options.dossiers);
    }
    // Count events from the log itself rather than trusting the generator's tally.
    MOTCUA_ASSIGN_OR_RETURN(
        const std::int64_t events,
        backend.db->Read([](storage::sqlite::Connection& c) -> Result<std::int64_t> {
            MOTCUA_ASSIGN_OR_RETURN(storage::sqlite::Statement st,
                                    c.Prepare("SELECT count(*) FROM events"));
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
            return row ? st.ColumnInt64(0) : 0;
        }));
    report.events = static_cast<int>(events);
    const storage::sqlite::WriterStats stats = backend.db->writer().Stats();
    report.commits = stats.commits;
    report.jobs = stats.jobs;
    return report;
}

}  // namespace motcua::app::demo
