#include "app/db_commands.hpp"

#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "app/cli_output.hpp"
#include "app/wiring.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/workflow/dossier.hpp"
#include "integrations/tthc/catalog_json.hpp"
#include "integrations/tthc/catalog_xlsx.hpp"
#include "storage/sqlite/backup.hpp"
#include "storage/sqlite/migrations.hpp"

namespace motcua::app {
namespace {

namespace cal = core::calendar;
namespace cat = core::catalog;

bool EndsWith(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

Result<std::string> ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("cannot read '{}'", path),
                    fmt::format("không đọc được tệp '{}'", path));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Result<void> WriteFile(const std::string& path, std::string_view text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("cannot write '{}'", path),
                    fmt::format("không ghi được tệp '{}'", path));
    }
    return {};
}

struct DbArgs {
    std::string db;
    std::string to;
    std::string file;
    std::string decision;
    std::string title = "Công bố danh mục thủ tục hành chính";
    std::string effective;
    std::string query;
    bool write = false;
};

CLI::App* WithDb(CLI::App* cmd, DbArgs& args) {
    cmd->add_option("--db", args.db, "SQLite database file")->required();
    return cmd;
}

Result<void> RunMigrate(const DbArgs& a) {
    MOTCUA_ASSIGN_OR_RETURN(Backend b, OpenBackend(a.db));
    MOTCUA_ASSIGN_OR_RETURN(const int version, b.db->Read([](storage::sqlite::Connection& c) {
        return storage::sqlite::SchemaVersion(c);
    }));
    fmt::print("{}: schema version {}\n", a.db, version);
    return {};
}

Result<void> RunVerifyAudit(const DbArgs& a) {
    MOTCUA_ASSIGN_OR_RETURN(Backend b, OpenBackend(a.db));
    MOTCUA_ASSIGN_OR_RETURN(const storage::sqlite::AuditReport report,
                            storage::sqlite::VerifyAuditChain(*b.db));
    if (report.first_broken_event) {
        return Fail(ErrorCode::kFailedPrecondition,
                    fmt::format("audit chain broken at event {}: {} ({} events checked)",
                                *report.first_broken_event,
                                report.problem,
                                report.events_checked),
                    fmt::format("chuỗi kiểm toán bị phá vỡ tại sự kiện {}: {}",
                                *report.first_broken_event,
                                report.problem));
    }
    fmt::print("audit chain intact: {} events checked\n", report.events_checked);
    return {};
}

Result<void> RunBackup(const DbArgs& a) {
    storage::sqlite::OpenOptions open;
    open.path = a.db;
    open.read_only = true;
    MOTCUA_ASSIGN_OR_RETURN(storage::sqlite::Connection source,
                            storage::sqlite::Connection::Open(open));
    MOTCUA_TRY(storage::sqlite::BackupTo(source, a.to));
    fmt::print("backed up {} to {}\n", a.db, a.to);
    return {};
}

Result<void> RunRebuild(const DbArgs& a) {
    MOTCUA_ASSIGN_OR_RETURN(Backend b, OpenBackend(a.db));
    MOTCUA_ASSIGN_OR_RETURN(const storage::sqlite::RebuildReport r,
                            storage::sqlite::RebuildProjections(*b.db, a.write));
    fmt::print("{} dossiers, {} events replayed, {} projections differ{}\n",
               r.dossiers,
               r.events,
               r.mismatches,
               a.write && r.mismatches > 0 ? " (rewritten)" : "");
    if (r.mismatches > 0 && !a.write) {
        return Fail(ErrorCode::kFailedPrecondition,
                    fmt::format("projection of dossier {} differs from its event log",
                                r.first_mismatch.value_or("?")),
                    fmt::format("dữ liệu hồ sơ {} khác với nhật ký sự kiện",
                                r.first_mismatch.value_or("?")));
    }
    return {};
}

Result<void> RunImport(const DbArgs& a) {
    std::vector<cat::ProcedureVersion> versions;
    if (EndsWith(a.file, ".xlsx")) {
        MOTCUA_ASSIGN_OR_RETURN(versions, integrations::tthc::ReadCatalogXlsx(a.file));
    } else {
        MOTCUA_ASSIGN_OR_RETURN(const std::string text, ReadFile(a.file));
        MOTCUA_ASSIGN_OR_RETURN(versions, integrations::tthc::ParseCatalogJson(text));
    }
    cat::PublicationDecision decision;
    decision.number = a.decision;
    decision.title = a.title;
    decision.issuer = "Chủ tịch Ủy ban nhân dân tỉnh";
    MOTCUA_ASSIGN_OR_RETURN(decision.effective_on, cal::ParseDate(a.effective));
    decision.signed_on = decision.effective_on;
    MOTCUA_ASSIGN_OR_RETURN(Backend b, OpenBackend(a.db));
    const std::size_t count = versions.size();
    MOTCUA_TRY(b.directory->ImportCatalog(std::move(versions), decision));
    fmt::print("imported {} procedures under decision {}\n", count, a.decision);
    return {};
}

Result<void> RunExport(const DbArgs& a) {
    cal::LocalDate day = std::chrono::floor<std::chrono::days>(cal::ToLocal(SystemClock().Now()));
    if (!a.effective.empty()) {
        MOTCUA_ASSIGN_OR_RETURN(day, cal::ParseDate(a.effective));
    }
    MOTCUA_ASSIGN_OR_RETURN(Backend b, OpenBackend(a.db));
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<cat::ProcedureVersion> versions,
                            b.directory->VersionsInForce(day));
    if (EndsWith(a.to, ".xlsx")) {
        MOTCUA_TRY(integrations::tthc::WriteCatalogXlsx(a.to, versions));
    } else {
        MOTCUA_TRY(WriteFile(a.to, integrations::tthc::WriteCatalogJson(versions)));
    }
    fmt::print("exported {} procedures in force on {} to {}\n",
               versions.size(),
               cal::FormatDate(day),
               a.to);
    return {};
}

Result<void> RunSearch(const DbArgs& a) {
    MOTCUA_ASSIGN_OR_RETURN(Backend b, OpenBackend(a.db));
    storage::sqlite::SearchQuery q;
    q.text = a.query;
    q.on = std::chrono::floor<std::chrono::days>(cal::ToLocal(SystemClock().Now()));
    MOTCUA_ASSIGN_OR_RETURN(const storage::sqlite::SearchPage page, b.directory->Search(q));
    for (const storage::sqlite::SearchHit& hit : page.items) {
        fmt::print("{}\t{}\t{}\n", hit.version.code, hit.version.name, hit.version.sector_name);
    }
    return {};
}

Result<void> RunSimplification(const DbArgs& a) {
    MOTCUA_ASSIGN_OR_RETURN(Backend b, OpenBackend(a.db));
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<cat::SimplificationReview> reviews,
                            b.directory->Reviews(a.decision));
    if (reviews.empty()) {
        return Fail(
            ErrorCode::kNotFound,
            fmt::format("no simplification reviews under decision '{}'", a.decision),
            fmt::format("không có kết quả rà soát, đơn giản hóa theo quyết định '{}'", a.decision));
    }
    // code, deadline before → after (cut %), cost before → after (cut %), annual saving VND
    for (const cat::SimplificationReview& r : reviews) {
        const cat::SimplificationFigures f = cat::Figures(r);
        fmt::print("{}\t{} → {}\t{:.2f}%\t{} → {}\t{:.2f}%\t{}\n",
                   r.procedure_code,
                   r.deadline_before,
                   r.deadline_after,
                   f.deadline_cut_percent,
                   r.cost_before_vnd,
                   r.cost_after_vnd,
                   f.cost_cut_percent,
                   f.annual_saving_vnd);
    }
    const cat::SimplificationFigures total = cat::TotalFigures(reviews);
    fmt::print("total\t\t{:.2f}%\t{} → {}\t{:.2f}%\t{}\n",
               total.deadline_cut_percent,
               total.annual_cost_before_vnd,
               total.annual_cost_after_vnd,
               total.cost_cut_percent,
               total.annual_saving_vnd);
    return {};
}

}  // namespace

Result<void> PrintDatabaseTour(const std::string& db_path) {
    MOTCUA_ASSIGN_OR_RETURN(Backend b, OpenBackend(db_path));

    struct Row {
        int status = 0;
        std::int64_t count = 0;
    };

    MOTCUA_ASSIGN_OR_RETURN(
        const std::vector<Row> rows,
        b.db->Read([](storage::sqlite::Connection& c) -> Result<std::vector<Row>> {
            MOTCUA_ASSIGN_OR_RETURN(
                storage::sqlite::Statement st,
                c.Prepare("SELECT status, count(*) FROM dossiers GROUP BY status ORDER BY status"));
            std::vector<Row> out;
            while (true) {
                MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
                if (!row) {
                    return out;
                }
                out.push_back({st.ColumnInt(0), st.ColumnInt64(1)});
            }
        }));
    MOTCUA_ASSIGN_OR_RETURN(
        const std::vector<std::int64_t> verdicts,
        b.db->Read([](storage::sqlite::Connection& c) -> Result<std::vector<std::int64_t>> {
            MOTCUA_ASSIGN_OR_RETURN(
                storage::sqlite::Statement st,
                c.Prepare("SELECT count(*) FILTER (WHERE verdict = 'early'), count(*) FILTER "
                          "(WHERE verdict = 'on_time'), count(*) FILTER (WHERE verdict = 'late') "
                          "FROM dossiers WHERE status IN (9, 10)"));
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
            if (!row) {
                return std::vector<std::int64_t>{0, 0, 0};
            }
            return std::vector<std::int64_t>{
                st.ColumnInt64(0), st.ColumnInt64(1), st.ColumnInt64(2)};
        }));
    fmt::print("Cơ sở dữ liệu {}:\n", db_path);
    for (const Row& r : rows) {
        fmt::print(
            "  {:>2} {:<38} {:>7} hồ sơ\n",
            r.status,
            core::workflow::StatusNameVi(static_cast<core::workflow::DossierStatus>(r.status)),
            r.count);
    }
    const std::int64_t settled = verdicts[0] + verdicts[1] + verdicts[2];
    if (settled > 0) {
        fmt::print(
            "  Đã giải quyết: {} trước hạn, {} đúng hạn, {} quá hạn ({:.2f}% đúng và trước "
            "hạn)\n",
            verdicts[0],
            verdicts[1],
            verdicts[2],
            100.0 * static_cast<double>(verdicts[0] + verdicts[1]) / static_cast<double>(settled));
    }
    storage::sqlite::SearchQuery q;
    q.text = "dang ky khai sinh";
    q.on = std::chrono::floor<std::chrono::days>(cal::ToLocal(SystemClock().Now()));
    q.limit = 5;
    MOTCUA_ASSIGN_OR_RETURN(const storage::sqlite::SearchPage page, b.directory->Search(q));
    fmt::print("\nTìm \"dang ky khai sinh\": {} thủ tục\n", page.total);
    for (const storage::sqlite::SearchHit& hit : page.items) {
        fmt::print("  {}  {}\n", hit.version.code, hit.version.name);
    }
    fmt::print("\n");
    return {};
}

void AddDatabaseCommands(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<DbArgs>();
    const auto bind = [&exit_code, args](CLI::App* cmd, Result<void> (*run)(const DbArgs&)) {
        cmd->callback(
            [&exit_code, args, run] { FinishCommand(exit_code, [&] { return run(*args); }); });
    };

    bind(WithDb(app.add_subcommand("migrate", "Create or upgrade the database schema"), *args),
         &RunMigrate);
    bind(
        WithDb(app.add_subcommand("verify-audit", "Re-walk the audit chain of every event"), *args),
        &RunVerifyAudit);
    CLI::App* backup = WithDb(
        app.add_subcommand("backup", "Consistent copy of a live database (SQLite online backup)"),
        *args);
    backup->add_option("--to", args->to, "destination file")->required();
    bind(backup, &RunBackup);
    CLI::App* rebuild =
        WithDb(app.add_subcommand("rebuild-projections",
                                  "Replay every dossier's events and compare with (or --write) the "
                                  "stored projections"),
               *args);
    rebuild->add_flag("--write", args->write, "replace differing projections by the replay");
    bind(rebuild, &RunRebuild);

    CLI::App* catalog = app.add_subcommand("catalog", "The procedure catalog");
    catalog->require_subcommand(1);
    CLI::App* import = WithDb(
        catalog->add_subcommand("import", "Publish procedures from a JSON or XLSX file"), *args);
    import->add_option("FILE", args->file, "catalog file (.json or .xlsx)")->required();
    import->add_option("--decision", args->decision, "publication decision number")->required();
    import->add_option("--effective", args->effective, "effective date YYYY-MM-DD")->required();
    import->add_option("--title", args->title, "decision title");
    bind(import, &RunImport);
    CLI::App* exporter = WithDb(
        catalog->add_subcommand("export", "Write the procedures in force to JSON or XLSX"), *args);
    exporter->add_option("--to", args->to, "destination (.json or .xlsx)")->required();
    exporter->add_option("--on", args->effective, "date YYYY-MM-DD (default today)");
    bind(exporter, &RunExport);
    CLI::App* search =
        WithDb(catalog->add_subcommand("search", "Diacritic-insensitive search"), *args);
    search->add_option("TEXT", args->query, "words to find")->required();
    bind(search, &RunSearch);
    CLI::App* simplification =
        WithDb(catalog->add_subcommand("simplification",
                                       "Deadline and compliance-cost cuts of a review decision"),
               *args);
    simplification->add_option("--decision", args->decision, "decision number")->required();
    bind(simplification, &RunSimplification);
}

}  // namespace motcua::app
