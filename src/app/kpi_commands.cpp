#include "app/kpi_commands.hpp"

#include <fstream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "app/cli_output.hpp"
#include "app/wiring.hpp"
#include "common/clock.hpp"
#include "core/kpi/kpi_service.hpp"
#include "integrations/reports/report_json.hpp"
#include "integrations/reports/settlement_csv.hpp"
#include "integrations/reports/settlement_xlsx.hpp"
#include "storage/sqlite/kpi_store.hpp"

namespace motcua::app {
namespace {

namespace kpi = core::kpi;
namespace cal = core::calendar;
namespace reports = integrations::reports;

struct KpiArgs {
    std::string db;
    std::string period;
    std::string from;
    std::string to;
    std::string agency;
    std::string sector;
    std::string procedure;
    std::string metric;
    std::string format = "json";
    std::string out;
    int offset = 0;
    int limit = 50;
    bool json = false;
    bool repair = false;
};

// The database with the KPI store and service on the system clock.
struct Kpi {
    Backend backend;
    std::unique_ptr<storage::sqlite::SqliteKpiStore> store;
    SystemClock clock;
    std::unique_ptr<kpi::KpiService> service;
};

Result<std::unique_ptr<Kpi>> OpenKpi(const std::string& path) {
    auto k = std::make_unique<Kpi>();
    MOTCUA_ASSIGN_OR_RETURN(k->backend, OpenBackend(path));
    k->store = std::make_unique<storage::sqlite::SqliteKpiStore>(*k->backend.db);
    k->service = std::make_unique<kpi::KpiService>(*k->store, k->clock);
    return k;
}

Result<void> Write(const std::string& path, std::string_view bytes) {
    if (path.empty()) {
        std::fwrite(bytes.data(), 1, bytes.size(), stdout);
        return {};
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("cannot write '{}'", path),
                    fmt::format("không ghi được tệp '{}'", path));
    }
    return {};
}

Result<void> RunVerify(const KpiArgs& a) {
    MOTCUA_ASSIGN_OR_RETURN(Backend b, OpenBackend(a.db));
    MOTCUA_ASSIGN_OR_RETURN(const storage::sqlite::KpiCheckReport r,
                            storage::sqlite::VerifyKpiCounters(*b.db, a.repair));
    fmt::print("{} dossiers, {} events replayed, {} counters recomputed, {} differ{}\n",
               r.dossiers,
               r.events,
               r.facts,
               r.mismatches,
               r.repaired ? " (rewritten)" : "");
    if (r.mismatches > 0 && !r.repaired) {
        return Fail(ErrorCode::kFailedPrecondition,
                    fmt::format("KPI counters differ from the event log: {}",
                                r.first_mismatch.value_or("?")),
                    "số liệu chỉ tiêu khác với nhật ký sự kiện");
    }
    return {};
}

Result<void> RunIndicators(const KpiArgs& a) {
    MOTCUA_ASSIGN_OR_RETURN(const kpi::Period period, kpi::ParsePeriod(a.period));
    MOTCUA_ASSIGN_OR_RETURN(auto k, OpenKpi(a.db));
    MOTCUA_ASSIGN_OR_RETURN(const kpi::IndexReport report,
                            k->service->Index(period, {a.agency, a.sector, a.procedure}));
    if (a.json) {
        fmt::print("{}\n", reports::IndexJson(report, 2));
        return {};
    }
    const kpi::Index766& index = report.index;
    fmt::print("Bộ chỉ số 766 — {} — kỳ {} (đến hết {})\n",
               report.agency_name,
               report.period.label,
               cal::FormatDateVi(report.as_of));
    for (const kpi::IndicatorResult& r : index.indicators) {
        if (!r.available) {
            fmt::print("  {:<5} {:<58} —  ({})\n", r.id, r.name, r.unavailable_reason);
            continue;
        }
        fmt::print("  {:<5} {:<58} {:>8.2f} {:<4} {}\n",
                   r.id,
                   r.name,
                   r.value.value_or(0),
                   r.unit,
                   r.points.has_value() ? fmt::format("{:.2f}/{:g} điểm", *r.points, r.max_points)
                                        : std::string("(theo dõi)"));
    }
    fmt::print("Tổng: {:.2f}/{:g} điểm; trên phần tính được: {:.2f}/100 ({}){}\n",
               index.score,
               index.max_points,
               index.score_of_computable.value_or(0),
               index.band.has_value() ? kpi::BandNameVi(*index.band) : "—",
               index.on_time_percent.has_value()
                   ? fmt::format("; đúng hạn {:.2f}%", *index.on_time_percent)
                   : std::string());
    return {};
}

Result<void> RunRanking(const KpiArgs& a) {
    MOTCUA_ASSIGN_OR_RETURN(const kpi::Period period, kpi::ParsePeriod(a.period));
    MOTCUA_ASSIGN_OR_RETURN(auto k, OpenKpi(a.db));
    MOTCUA_ASSIGN_OR_RETURN(const kpi::RankingReport report, k->service->Ranking(period));
    if (a.json) {
        fmt::print("{}\n", reports::RankingJson(report, 2));
        return {};
    }
    for (const auto& [title, list] : {std::pair{"Sở, ban, ngành", &report.agencies},
                                      std::pair{"Xã, phường", &report.communes}}) {
        fmt::print("{} — kỳ {}\n", title, report.period.label);
        for (const kpi::RankedAgency& r : *list) {
            fmt::print("  {:>3}. {:<14} {:<48} {:>6.2f} {:<10}{}\n",
                       r.rank,
                       r.code,
                       r.name,
                       r.score,
                       r.index.band.has_value() ? kpi::BandNameVi(*r.index.band) : "—",
                       r.flagged ? "  ← xếp cuối" : "");
        }
    }
    return {};
}

Result<void> RunSettlement(const KpiArgs& a) {
    MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate from, cal::ParseDate(a.from));
    MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate to, cal::ParseDate(a.to));
    MOTCUA_ASSIGN_OR_RETURN(const kpi::Period period, kpi::CustomPeriod(from, to));
    MOTCUA_ASSIGN_OR_RETURN(auto k, OpenKpi(a.db));
    MOTCUA_ASSIGN_OR_RETURN(const kpi::SettlementReport report,
                            k->service->Settlement(period, a.agency));
    if (a.format == "json") {
        return Write(a.out, reports::SettlementJson(report, 2) + "\n");
    }
    if (a.format == "csv") {
        return Write(a.out, reports::SettlementCsv(report));
    }
    if (a.out.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "--format xlsx needs --out FILE",
                    "định dạng xlsx cần --out TỆP",
                    "out");
    }
    return reports::WriteSettlementXlsx(a.out, report);
}

Result<void> RunFigureDossiers(const KpiArgs& a) {
    MOTCUA_ASSIGN_OR_RETURN(const kpi::Metric metric, kpi::ParseMetric(a.metric));
    MOTCUA_ASSIGN_OR_RETURN(const kpi::Period period, kpi::ParsePeriod(a.period));
    MOTCUA_ASSIGN_OR_RETURN(auto k, OpenKpi(a.db));
    MOTCUA_ASSIGN_OR_RETURN(
        const core::ports::DrillDownPage page,
        k->service->Dossiers(metric, period, {a.agency, a.sector, a.procedure}, a.offset, a.limit));
    fmt::print("{}\n", reports::DrillDownJson(page, 2));
    return {};
}

CLI::App* WithDb(CLI::App* cmd, KpiArgs& args) {
    cmd->add_option("--db", args.db, "SQLite database file")->required();
    return cmd;
}

}  // namespace

void AddKpiCommands(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<KpiArgs>();
    const auto bind = [&exit_code, args](CLI::App* cmd, Result<void> (*run)(const KpiArgs&)) {
        cmd->callback(
            [&exit_code, args, run] { FinishCommand(exit_code, [&] { return run(*args); }); });
    };
    const auto scope = [args](CLI::App* cmd) {
        cmd->add_option("--agency", args->agency, "agency code (with the agencies below it)");
        cmd->add_option("--sector", args->sector, "sector code");
        cmd->add_option("--procedure", args->procedure, "procedure code");
    };

    CLI::App* verify =
        WithDb(app.add_subcommand("verify-kpi",
                                  "Recompute the KPI counters from the event log and compare (or "
                                  "--repair)"),
               *args);
    verify->add_flag("--repair", args->repair, "rewrite the counters from the recomputation");
    bind(verify, &RunVerify);

    CLI::App* indicators =
        WithDb(app.add_subcommand("indicators", "The QĐ 766 index of a period"), *args);
    indicators->add_option("--period", args->period, "2026-09, 2026-Q3, 2026 or FROM..TO")
        ->required();
    scope(indicators);
    indicators->add_flag("--json", args->json, "print JSON");
    bind(indicators, &RunIndicators);

    CLI::App* ranking =
        WithDb(app.add_subcommand("ranking", "Departments and communes ranked by the QĐ 766 index"),
               *args);
    ranking->add_option("--period", args->period, "2026-09, 2026-Q3, 2026 or FROM..TO")->required();
    ranking->add_flag("--json", args->json, "print JSON");
    bind(ranking, &RunRanking);

    CLI::App* report = app.add_subcommand("report", "Reports");
    report->require_subcommand(1);
    CLI::App* settlement = WithDb(
        report->add_subcommand("settlement", "Settlement report per agency and sector"), *args);
    settlement->add_option("--from", args->from, "first day YYYY-MM-DD")->required();
    settlement->add_option("--to", args->to, "last day YYYY-MM-DD")->required();
    settlement->add_option("--agency", args->agency, "agency code (with the agencies below it)");
    settlement->add_option("--format", args->format, "json, csv or xlsx")
        ->check(CLI::IsMember({"json", "csv", "xlsx"}));
    settlement->add_option("--out", args->out, "output file (default stdout; required for xlsx)");
    bind(settlement, &RunSettlement);

    CLI::App* figure =
        WithDb(app.add_subcommand("figure-dossiers", "The dossiers behind a figure, with lateness"),
               *args);
    figure->add_option("--metric", args->metric, "metric name (docs/INDICATORS.md)")->required();
    figure->add_option("--period", args->period, "2026-09, 2026-Q3, 2026 or FROM..TO")->required();
    scope(figure);
    figure->add_option("--offset", args->offset, "first dossier (0-based)");
    figure->add_option("--limit", args->limit, "dossiers per page (1..1000)");
    bind(figure, &RunFigureDossiers);
}

}  // namespace motcua::app
