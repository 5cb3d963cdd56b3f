// The catalog administration half of SqliteDirectory: publishing decisions, importing a catalog,
// saving processes, delegations and reviews, listing versions, and ranked search.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/catalog/text_fold.hpp"
#include "storage/common/json_codec.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/internal/version_rows.hpp"

namespace motcua::storage::sqlite {

namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;
using internal::kVersionColumns;
using internal::PublishIn;
using internal::ReadVersion;
using internal::ReadVersions;
using internal::VersionSql;

Result<model::DecisionId> SqliteDirectory::Publish(const cat::PublicationDecision& decision) {
    const std::string tenant = db_.tenant();
    auto id = db_.Write([&](Connection& c) { return PublishIn(c, tenant, decision); });
    InvalidateCaches();
    return id;
}

Result<model::DecisionId> SqliteDirectory::ImportCatalog(
    std::vector<cat::ProcedureVersion> versions,
    cat::PublicationDecision decision) {
    const std::string tenant = db_.tenant();
    auto id = db_.Write([&](Connection& c) -> Result<model::DecisionId> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement in_force,
            c.Cached("SELECT 1 FROM procedure_versions WHERE code = ?1 AND effective_from <= ?2 "
                     "AND (effective_to IS NULL OR effective_to > ?2)"));
        const std::string day = cal::FormatDate(decision.effective_on);
        decision.items.clear();
        for (cat::ProcedureVersion& v : versions) {
            MOTCUA_TRY(in_force->BindAll(std::string_view(v.code), std::string_view(day)));
            MOTCUA_ASSIGN_OR_RETURN(const bool exists, in_force->Step());
            in_force->Reset();
            cat::DecisionItem item;
            item.kind = exists ? cat::ChangeKind::kAmended : cat::ChangeKind::kNew;
            item.code = v.code;
            item.version = std::move(v);
            decision.items.push_back(std::move(item));
        }
        return PublishIn(c, tenant, decision);
    });
    InvalidateCaches();
    return id;
}

Result<model::DecisionId> SqliteDirectory::PublishDecision(
    const cat::PublicationDecision& decision) {
    return Publish(decision);
}

Result<core::ports::ProcessVersion> SqliteDirectory::StoreProcess(
    const core::workflow::InternalProcess& process,
    cal::LocalDate on,
    cal::LocalDateTime applies_from,
    cal::LocalDateTime saved_at,
    std::string_view saved_by) {
    MOTCUA_ASSIGN_OR_RETURN(const cat::ProcedureVersion version,
                            VersionInForce(process.procedure_code, on));
    MOTCUA_TRY(AgencyByCode(process.agency_code));
    MOTCUA_TRY(core::workflow::ValidateProcess(process, version.deadline, version.deadline_unit));
    const std::string tenant = db_.tenant();
    const std::string steps = EncodeSteps(process.steps);
    core::ports::ProcessVersion saved;
    saved.applies_from = applies_from;
    saved.saved_at = saved_at;
    saved.saved_by = std::string(saved_by);
    saved.process = process;
    MOTCUA_ASSIGN_OR_RETURN(saved.version, db_.Write([&](Connection& c) -> Result<int> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement next,
            c.Cached("SELECT coalesce(max(version), 0) + 1 FROM internal_process_versions "
                     "WHERE procedure_code = ?1 AND agency_code = ?2"));
        MOTCUA_TRY(next->BindAll(std::string_view(process.procedure_code),
                                 std::string_view(process.agency_code)));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, next->Step());
        const int number = row ? next->ColumnInt(0) : 1;
        next->Reset();
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement version_row,
            c.Cached("INSERT INTO internal_process_versions(tenant, procedure_code, agency_code, "
                     "version, steps, applies_from, saved_at, saved_by) "
                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
        MOTCUA_TRY(version_row->BindAll(std::string_view(tenant),
                                        std::string_view(process.procedure_code),
                                        std::string_view(process.agency_code),
                                        number,
                                        std::string_view(steps),
                                        std::string_view(cal::FormatDateTime(applies_from)),
                                        std::string_view(cal::FormatDateTime(saved_at)),
                                        saved_by));
        MOTCUA_TRY(version_row->Run());
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement current,
            c.Cached("INSERT INTO internal_processes(tenant, procedure_code, agency_code, steps) "
                     "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(procedure_code, agency_code) DO UPDATE "
                     "SET steps = excluded.steps"));
        MOTCUA_TRY(current->BindAll(std::string_view(tenant),
                                    std::string_view(process.procedure_code),
                                    std::string_view(process.agency_code),
                                    std::string_view(steps)));
        MOTCUA_TRY(current->Run());
        return number;
    }));
    const std::lock_guard lock(mutex_);
    const std::string key = fmt::format("{}@{}", process.procedure_code, process.agency_code);
    processes_.erase(key);
    process_versions_.erase(key);
    ++process_generation_;
    return saved;
}

Result<void> SqliteDirectory::SaveProcess(const core::workflow::InternalProcess& process,
                                          cal::LocalDate on) {
    const cal::LocalDateTime start{on};
    MOTCUA_TRY(StoreProcess(process, on, start, start, ""));
    return {};
}

Result<core::ports::ProcessVersion> SqliteDirectory::SaveProcessVersion(
    const core::workflow::InternalProcess& process,
    cal::LocalDateTime now,
    std::string_view saved_by) {
    const cal::LocalDate today = std::chrono::floor<std::chrono::days>(now);
    return StoreProcess(process, today, now + std::chrono::minutes{1}, now, saved_by);
}

Result<std::vector<core::ports::ProcessVersion>> SqliteDirectory::ProcessVersions(
    std::string_view procedure_code,
    std::string_view agency_code) {
    return db_.Read([&](Connection& c) -> Result<std::vector<core::ports::ProcessVersion>> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT id, version, steps, applies_from, saved_at, saved_by FROM "
                     "internal_process_versions WHERE procedure_code = ?1 AND agency_code = ?2 "
                     "ORDER BY version"));
        MOTCUA_TRY(st->BindAll(procedure_code, agency_code));
        std::vector<core::ports::ProcessVersion> out;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                return out;
            }
            core::ports::ProcessVersion v;
            v.process.id = model::ProcessId{st->ColumnInt64(0)};
            v.process.procedure_code = std::string(procedure_code);
            v.process.agency_code = std::string(agency_code);
            v.version = st->ColumnInt(1);
            MOTCUA_ASSIGN_OR_RETURN(v.process.steps, DecodeSteps(st->ColumnText(2)));
            MOTCUA_ASSIGN_OR_RETURN(v.applies_from, cal::ParseDateTime(st->ColumnText(3)));
            MOTCUA_ASSIGN_OR_RETURN(v.saved_at, cal::ParseDateTime(st->ColumnText(4)));
            v.saved_by = std::string(st->ColumnText(5));
            out.push_back(std::move(v));
        }
    });
}

Result<core::workflow::InternalProcess> SqliteDirectory::ProcessFor(
    std::string_view procedure_code,
    std::string_view agency_code,
    cal::LocalDateTime received_at) {
    const std::string key = fmt::format("{}@{}", procedure_code, agency_code);
    std::vector<core::ports::ProcessVersion> versions;
    bool cached = false;
    std::uint64_t generation = 0;
    {
        const std::lock_guard lock(mutex_);
        if (const auto it = process_versions_.find(key); it != process_versions_.end()) {
            versions = it->second;
            cached = true;
        }
        generation = process_generation_;
    }
    if (!cached) {
        MOTCUA_ASSIGN_OR_RETURN(versions, ProcessVersions(procedure_code, agency_code));
        const std::lock_guard lock(mutex_);
        if (generation == process_generation_) {
            process_versions_.emplace(key, versions);
        }
    }
    if (versions.empty()) {
        return Process(procedure_code, agency_code);  // kNotFound, worded as usual
    }
    const core::ports::ProcessVersion* chosen = &versions.front();
    for (const core::ports::ProcessVersion& v : versions) {
        if (v.applies_from <= received_at) {
            chosen = &v;
        }
    }
    return chosen->process;
}

Result<void> SqliteDirectory::SaveAgencyCalendar(std::string_view agency_code,
                                                 const std::vector<cal::CalendarEntry>& entries) {
    MOTCUA_ASSIGN_OR_RETURN(model::Agency agency, AgencyByCode(agency_code));
    std::vector<cal::CalendarEntry> sorted = entries;
    std::stable_sort(
        sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i].date == sorted[i - 1].date) {
            const auto at = std::find_if(entries.begin(), entries.end(), [&](const auto& e) {
                return e.date == sorted[i].date;
            });
            const auto index = std::find_if(
                at + 1, entries.end(), [&](const auto& e) { return e.date == sorted[i].date; });
            const std::string day = cal::FormatDate(sorted[i].date);
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("{} appears twice; give one entry per day", day),
                        fmt::format("ngày {} xuất hiện hai lần; mỗi ngày chỉ một mục",
                                    cal::FormatDateVi(sorted[i].date)),
                        fmt::format("entries[{}].date", index - entries.begin()));
        }
    }
    agency.calendar_overrides = std::move(sorted);
    // The agency's calendar must still build (dates inside the calendar's range).
    MOTCUA_TRY(cal::WorkingCalendar::Build(national_, model::CalendarOf(agency)));
    MOTCUA_TRY(SaveAgency(agency));
    return {};
}

Result<void> SqliteDirectory::SaveDelegation(const cat::Delegation& d) {
    const std::string tenant = db_.tenant();
    MOTCUA_TRY(db_.Write([&](Connection& c) -> Result<bool> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("INSERT INTO delegations(tenant, procedure_code, from_agency, to_agency, "
                     "kind, decision_number, effective_from, effective_to) VALUES(?1, ?2, ?3, ?4, "
                     "?5, ?6, ?7, ?8)"));
        MOTCUA_TRY(st->BindAll(
            std::string_view(tenant),
            std::string_view(d.procedure_code),
            std::string_view(d.from_agency),
            std::string_view(d.to_agency),
            std::string_view(d.kind == cat::DelegationKind::kDecentralization ? "decentralization"
                                                                              : "authorization"),
            std::string_view(d.decision_number),
            std::string_view(cal::FormatDate(d.effective_from))));
        MOTCUA_TRY(st->Bind(8,
                            d.effective_to
                                ? std::optional<std::string>(cal::FormatDate(*d.effective_to))
                                : std::nullopt));
        MOTCUA_TRY(st->Run());
        return true;
    }));
    InvalidateCaches();
    return {};
}

Result<void> SqliteDirectory::SaveReview(const cat::SimplificationReview& r) {
    const std::string tenant = db_.tenant();
    MOTCUA_TRY(db_.Write([&](Connection& c) -> Result<bool> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("INSERT INTO simplification_reviews(tenant, procedure_code, decision_number, "
                     "deadline_before, deadline_after, cost_before_vnd, cost_after_vnd, "
                     "subjects_per_year, times_per_year) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                     "?9)"));
        MOTCUA_TRY(st->BindAll(std::string_view(tenant),
                               std::string_view(r.procedure_code),
                               std::string_view(r.decision_number),
                               r.deadline_before,
                               r.deadline_after,
                               r.cost_before_vnd,
                               r.cost_after_vnd,
                               r.subjects_per_year,
                               r.times_per_year));
        MOTCUA_TRY(st->Run());
        return true;
    }));
    return {};
}

Result<std::vector<cat::SimplificationReview>> SqliteDirectory::Reviews(
    std::string_view decision_number) {
    return db_.Read([&](Connection& c) -> Result<std::vector<cat::SimplificationReview>> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT procedure_code, decision_number, deadline_before, deadline_after, "
                     "cost_before_vnd, cost_after_vnd, subjects_per_year, times_per_year FROM "
                     "simplification_reviews WHERE ?1 = '' OR decision_number = ?1 ORDER BY id"));
        MOTCUA_TRY(st->Bind(1, decision_number));
        std::vector<cat::SimplificationReview> out;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                return out;
            }
            out.push_back({std::string(st->ColumnText(0)),
                           std::string(st->ColumnText(1)),
                           st->ColumnInt(2),
                           st->ColumnInt(3),
                           st->ColumnInt64(4),
                           st->ColumnInt64(5),
                           st->ColumnInt64(6),
                           st->ColumnInt(7)});
        }
    });
}

Result<std::vector<cat::ProcedureVersion>> SqliteDirectory::VersionsInForce(cal::LocalDate date) {
    return db_.Read([&](Connection& c) -> Result<std::vector<cat::ProcedureVersion>> {
        MOTCUA_ASSIGN_OR_RETURN(
            Statement st,
            c.Prepare(VersionSql("WHERE v.effective_from <= ?1 AND (v.effective_to "
                                 "IS NULL OR v.effective_to > ?1) ORDER BY v.code")));
        MOTCUA_TRY(st.Bind(1, std::string_view(cal::FormatDate(date))));
        return ReadVersions(st);
    });
}

Result<std::vector<cat::ProcedureVersion>> SqliteDirectory::History(std::string_view code) {
    return db_.Read([&](Connection& c) -> Result<std::vector<cat::ProcedureVersion>> {
        MOTCUA_ASSIGN_OR_RETURN(Statement st,
                                c.Prepare(VersionSql("WHERE v.code = ?1 ORDER BY v.version")));
        MOTCUA_TRY(st.Bind(1, code));
        return ReadVersions(st);
    });
}

namespace {

// The FTS5 query of folded words: each a quoted prefix term (FTS5 syntax characters cannot
// survive folding), joined by `op` (" " for all of them, " OR " for any).
std::string MatchOf(const std::vector<std::string>& words, std::string_view op) {
    std::string match;
    for (const std::string& w : words) {
        match += fmt::format("{}\"{}\"*", match.empty() ? "" : op, w);
    }
    return match;
}

std::vector<std::string> Words(std::string_view folded) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < folded.size()) {
        const std::size_t end = std::min(folded.find(' ', i), folded.size());
        if (end > i) {
            words.emplace_back(folded.substr(i, end - i));
        }
        i = end + 1;
    }
    return words;
}

// How well the name matches the folded phrase :phrase (catalog_queries.hpp, SearchHit::rank).
constexpr std::string_view kNameTier =
    "(CASE WHEN v.folded_name = :phrase THEN 0 "
    "WHEN substr(v.folded_name, 1, length(:phrase) + 1) = :phrase || ' ' THEN 1 "
    "WHEN instr(' ' || v.folded_name || ' ', ' ' || :phrase || ' ') > 0 THEN 2 "
    "WHEN instr(' ' || v.folded_name, ' ' || :phrase) > 0 THEN 3 ELSE 4 END)";

}  // namespace

Result<SearchPage> SqliteDirectory::Search(const SearchQuery& q) {
    const std::string phrase = cat::FoldVietnamese(q.text);
    const std::vector<std::string> words = Words(phrase);
    const std::string day = cal::FormatDate(q.on);
    std::string where =
        "v.effective_from <= :day AND (v.effective_to IS NULL OR v.effective_to > :day)";
    if (!q.sector_code.empty()) {
        where += " AND v.sector_code = :sector";
    }
    if (q.level) {
        where += " AND v.level = :level";
    }
    if (q.online_level) {
        where += " AND v.online_level = :online";
    }
    if (!q.agency.empty()) {
        where += " AND instr(v.implementing_agency, :agency) > 0";
    }
    const bool text = !words.empty();
    const std::string from = text ? std::string(
                                        "FROM procedure_search s JOIN procedure_versions v "
                                        "ON v.id = s.rowid")
                                  : std::string("FROM procedure_versions v");
    if (text) {
        where += " AND procedure_search MATCH :match";
    }
    const std::string rank =
        text ? fmt::format("{} * 1000.0 + bm25(procedure_search)", kNameTier) : "0.0";
    const std::string count_sql = fmt::format("SELECT count(*) {} WHERE {}", from, where);
    const std::string page_sql = fmt::format(
        "SELECT {}, {} AS search_rank {} WHERE {} ORDER BY search_rank, v.folded_name, v.code "
        "LIMIT :limit OFFSET :offset",
        kVersionColumns,
        rank,
        from,
        where);
    const int limit = std::clamp(q.limit, 1, 200);
    const int offset = std::max(q.offset, 0);

    return db_.Read([&](Connection& c) -> Result<SearchPage> {
        const auto bind = [&](Statement& st, const std::string& match) -> Result<void> {
            MOTCUA_TRY(st.Bind(":day", std::string_view(day)));
            if (!q.sector_code.empty()) {
                MOTCUA_TRY(st.Bind(":sector", std::string_view(q.sector_code)));
            }
            if (q.level) {
                MOTCUA_TRY(st.Bind(":level", cat::ProcedureLevelName(*q.level)));
            }
            if (q.online_level) {
                MOTCUA_TRY(st.Bind(":online", cat::OnlineLevelName(*q.online_level)));
            }
            if (!q.agency.empty()) {
                MOTCUA_TRY(st.Bind(":agency", std::string_view(q.agency)));
            }
            if (text) {
                MOTCUA_TRY(st.Bind(":match", std::string_view(match)));
            }
            return {};
        };
        const auto run = [&](const std::string& match) -> Result<SearchPage> {
            SearchPage page;
            MOTCUA_ASSIGN_OR_RETURN(CachedStatement count, c.Cached(count_sql));
            MOTCUA_TRY(bind(*count, match));
            MOTCUA_ASSIGN_OR_RETURN(const bool row, count->Step());
            page.total = row ? count->ColumnInt64(0) : 0;
            if (page.total == 0) {
                return page;
            }
            MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(page_sql));
            MOTCUA_TRY(bind(*st, match));
            if (text) {
                MOTCUA_TRY(st->Bind(":phrase", std::string_view(phrase)));
            }
            MOTCUA_TRY(st->Bind(":limit", limit));
            MOTCUA_TRY(st->Bind(":offset", offset));
            while (true) {
                MOTCUA_ASSIGN_OR_RETURN(const bool r, st->Step());
                if (!r) {
                    break;
                }
                MOTCUA_ASSIGN_OR_RETURN(cat::ProcedureVersion v, ReadVersion(*st));
                page.items.push_back({std::move(v), st->ColumnDouble(22)});
            }
            return page;
        };
        MOTCUA_ASSIGN_OR_RETURN(SearchPage page, run(MatchOf(words, " ")));
        if (page.total == 0 && words.size() > 1) {
            MOTCUA_ASSIGN_OR_RETURN(page, run(MatchOf(words, " OR ")));
            page.partial = page.total > 0;
        }
        return page;
    });
}

}  // namespace motcua::storage::sqlite
