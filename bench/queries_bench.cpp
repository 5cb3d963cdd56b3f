// Latency of the dossier queues (SqliteDossierQueries::List) on a database seeded by
// `motcua seed-demo`, one query at a time from one thread, each a fresh read snapshot:
//   (a) an officer's queue: one commune's scope (its subtree), open dossiers, by due time,
//       first page of 50, with the total — the commune with the most open dossiers, then a
//       different commune each query;
//   (b) other shapes: the province's overdue dossiers, a specialist's own queue, a citizen's
//       own dossiers, a name search in a commune, every dossier newest first, StatusCounts.
// Prints p50/p99 in milliseconds over N queries per shape and the plan of (a).
//
// Usage: motcua_bench_queries DB [N]   (N defaults to 1000). DB is migrated if needed; nothing
// else is written.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_support.hpp"
#include "bench/fatal.hpp"
#include "common/result.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/model/agency.hpp"
#include "core/ports/catalog_queries.hpp"
#include "core/ports/dossier_queries.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/dossier_queries.hpp"
#include "storage/sqlite/statement.hpp"

namespace motcua::bench {
namespace {

namespace cal = core::calendar;
namespace model = core::model;
using core::ports::DossierFilter;
using core::ports::DossierOrder;
using core::ports::DossierPage;
using storage::sqlite::Connection;
using storage::sqlite::Database;
using storage::sqlite::SqliteDirectory;
using storage::sqlite::SqliteDossierQueries;
using Steady = std::chrono::steady_clock;

struct Figures {
    double p50_ms = 0;
    double p99_ms = 0;
    std::int64_t total = 0;  // of the last query
    std::size_t items = 0;
};

// Runs `query(i)` n times, timing each call.
Result<Figures> Measure(int n, const std::function<Result<DossierPage>(int)>& query) {
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(n));
    Figures f;
    for (int i = 0; i < n; ++i) {
        const auto start = Steady::now();
        MOTCUA_ASSIGN_OR_RETURN(const DossierPage page, query(i));
        ms.push_back(Seconds(Steady::now() - start) * 1000.0);
        f.total = page.total;
        f.items = page.items.size();
    }
    f.p50_ms = Percentile(ms, 0.50);
    f.p99_ms = Percentile(ms, 0.99);
    return f;
}

void Report(std::string_view shape, const Result<Figures>& f) {
    if (!f) {
        fmt::print("{:<58} error: {}\n", shape, f.error().message);
        return;
    }
    fmt::print(
        "{:<58} {:>8.3f} {:>8.3f} {:>8} {:>6}\n", shape, f->p50_ms, f->p99_ms, f->total, f->items);
}

// The first column of the first row of `sql` as an integer, or nullopt.
Result<std::optional<std::int64_t>> FirstInt(Database& db, std::string sql) {
    return db.Read([&](Connection& c) -> Result<std::optional<std::int64_t>> {
        MOTCUA_ASSIGN_OR_RETURN(storage::sqlite::Statement st, c.Prepare(sql));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
        if (!row || st.IsNull(0)) {
            return std::optional<std::int64_t>{};
        }
        return std::optional<std::int64_t>(st.ColumnInt64(0));
    });
}

int Run(int argc, char** argv) {
    if (argc < 2) {
        fmt::print(stderr, "usage: motcua_bench_queries DB [N]\n");
        return 2;
    }
    const int n = argc > 2 ? std::max(1, std::stoi(argv[2])) : 1000;
    storage::sqlite::DatabaseOptions options;
    options.path = argv[1];
    auto db = Database::Open(options);
    if (!db) {
        return Fatal("open", db.error());
    }
    auto national = cal::BuiltinNationalSchedules();
    if (!national) {
        return Fatal("calendar", national.error());
    }
    SqliteDirectory directory(**db, std::move(*national));
    SqliteDossierQueries queries(**db);

    // Communes, with their subtrees and open dossiers.
    auto tree = directory.AgencyTree();
    if (!tree) {
        return Fatal("agencies", tree.error());
    }

    struct Commune {
        std::string code;
        std::vector<std::string> scope;
        std::int64_t open = 0;
        std::int64_t all = 0;
    };

    std::vector<Commune> communes;
    for (const core::ports::AgencyNode& a : *tree) {
        if (a.agency.kind != model::AgencyKind::kCommune) {
            continue;
        }
        auto scope = directory.Subtree(a.agency.code);
        if (!scope) {
            return Fatal("subtree", scope.error());
        }
        DossierFilter f;
        f.agencies = *scope;
        f.limit = 1;
        auto all = queries.List(f);
        f.open_only = true;
        auto open = queries.List(f);
        if (!all || !open) {
            return Fatal("count", all ? open.error() : all.error());
        }
        communes.push_back({a.agency.code, *scope, open->total, all->total});
    }
    if (communes.empty()) {
        fmt::print(stderr, "no commune in {}: seed it with motcua seed-demo first\n", argv[1]);
        return 1;
    }
    std::sort(communes.begin(), communes.end(), [](const Commune& x, const Commune& y) {
        return x.open > y.open;
    });
    auto counts = queries.StatusCounts();
    if (!counts) {
        return Fatal("status counts", counts.error());
    }
    std::int64_t dossiers = 0;
    for (const auto& [status, count] : *counts) {
        dossiers += count;
    }
    const Commune& busiest = communes.front();
    fmt::print("{}: {} dossiers, {} communes; busiest commune {} has {} dossiers, {} open\n\n",
               argv[1],
               dossiers,
               communes.size(),
               busiest.code,
               busiest.all,
               busiest.open);

    DossierFilter queue;
    queue.agencies = busiest.scope;
    queue.open_only = true;
    auto plan = queries.Plan(queue);
    if (!plan) {
        return Fatal("plan", plan.error());
    }
    fmt::print("plan of (a):\n");
    for (const std::string& line : *plan) {
        fmt::print("  {}\n", line);
    }

    // "Now" for overdue: the latest submission in the database.
    auto latest = FirstInt(**db, "SELECT max(id) FROM dossiers");
    DossierFilter newest;
    newest.order = DossierOrder::kSubmittedDescending;
    newest.limit = 1;
    auto last = queries.List(newest);
    if (!latest || !last || last->items.empty()) {
        fmt::print(stderr, "empty database\n");
        return 1;
    }
    const cal::LocalDateTime now = last->items.front().submitted_at;
    // Someone with an open step assigned, and a citizen account with dossiers, if any.
    DossierFilter open;
    open.open_only = true;
    open.limit = DossierFilter::kMaxLimit;
    auto open_page = queries.List(open);
    std::optional<model::UserId> assignee;
    if (open_page) {
        for (const core::ports::DossierSummary& s : open_page->items) {
            if (s.current_step && s.current_step->assignee) {
                assignee = s.current_step->assignee;
                break;
            }
        }
    }
    auto account = FirstInt(**db,
                            "SELECT applicant_account FROM dossiers WHERE applicant_account IS "
                            "NOT NULL ORDER BY id DESC LIMIT 1");

    fmt::print("\n{:<58} {:>8} {:>8} {:>8} {:>6}\n",
               "shape (N = " + std::to_string(n) + ")",
               "p50 ms",
               "p99 ms",
               "total",
               "items");
    Report("(a) officer's queue, busiest commune, open, by due",
           Measure(n, [&](int) { return queries.List(queue); }));
    Report("(a) officer's queue, a different commune each query", Measure(n, [&](int i) {
               DossierFilter f = queue;
               f.agencies = communes[static_cast<std::size_t>(i) % communes.size()].scope;
               return queries.List(f);
           }));
    Report("(a) same, every dossier of the commune, newest first", Measure(n, [&](int i) {
               DossierFilter f;
               f.agencies = communes[static_cast<std::size_t>(i) % communes.size()].scope;
               f.order = DossierOrder::kSubmittedDescending;
               return queries.List(f);
           }));
    Report("(b) province: overdue now, by due", Measure(n, [&](int) {
               DossierFilter f;
               f.overdue_at = now;
               return queries.List(f);
           }));
    Report("(b) province: due within 2 days, open", Measure(n, [&](int) {
               DossierFilter f;
               f.open_only = true;
               f.due_from = now;
               f.due_before = now + std::chrono::days{2};
               return queries.List(f);
           }));
    if (assignee) {
        Report("(b) a specialist's own queue", Measure(n, [&](int) {
                   DossierFilter f;
                   f.assignee = assignee;
                   return queries.List(f);
               }));
    } else {
        fmt::print("{:<58} (no assigned open step in this database)\n",
                   "(b) a specialist's own queue");
    }
    if (account && account->has_value()) {
        Report("(b) a citizen's own dossiers, newest first", Measure(n, [&](int) {
                   DossierFilter f;
                   f.applicant_account = model::UserId{**account};
                   f.order = DossierOrder::kSubmittedDescending;
                   return queries.List(f);
               }));
    } else {
        fmt::print("{:<58} (no citizen account in this database)\n",
                   "(b) a citizen's own dossiers");
    }
    Report("(b) applicant name words in a commune (matching all)", Measure(n, [&](int i) {
               DossierFilter f;
               f.agencies = communes[static_cast<std::size_t>(i) % communes.size()].scope;
               f.text = "nguoi nop ho so";  // every demo applicant is "Người nộp hồ sơ số N"
               f.order = DossierOrder::kSubmittedDescending;
               return queries.List(f);
           }));
    Report("(b) a name in the whole province (no match)", Measure(n, [&](int) {
               DossierFilter f;
               f.text = "tran thi mai";
               f.order = DossierOrder::kSubmittedDescending;
               return queries.List(f);
           }));
    Report("(b) every dossier, newest first (page 1 and the total)", Measure(n, [&](int) {
               DossierFilter f;
               f.order = DossierOrder::kSubmittedDescending;
               return queries.List(f);
           }));
    Report("(b) StatusCounts", Measure(n, [&](int) -> Result<DossierPage> {
               MOTCUA_TRY(queries.StatusCounts());
               return DossierPage{};
           }));
    return 0;
}

}  // namespace
}  // namespace motcua::bench

int main(int argc, char** argv) {
    return motcua::bench::Run(argc, argv);
}
