// The catalog administration half of SqliteDirectory: publishing decisions, importing a catalog,
// saving processes, delegations and reviews, listing versions, and search.
#include <algorithm>

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

Result<void> SqliteDirectory::SaveProcess(const core::workflow::InternalProcess& process,
                                          cal::LocalDate on) {
    MOTCUA_ASSIGN_OR_RETURN(const cat::ProcedureVersion version,
                            VersionInForce(process.procedure_code, on));
    MOTCUA_TRY(AgencyByCode(process.agency_code));
    MOTCUA_TRY(core::workflow::ValidateProcess(process, version.deadline, version.deadline_unit));
    const std::string tenant = db_.tenant();
    MOTCUA_TRY(db_.Write([&](Connection& c) -> Result<bool> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("INSERT INTO internal_processes(tenant, procedure_code, agency_code, steps) "
                     "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(procedure_code, agency_code) DO UPDATE "
                     "SET steps = excluded.steps"));
        MOTCUA_TRY(st->BindAll(std::string_view(tenant),
                               std::string_view(process.procedure_code),
                               std::string_view(process.agency_code),
                               std::string_view(EncodeSteps(process.steps))));
        MOTCUA_TRY(st->Run());
        return true;
    }));
    const std::lock_guard lock(mutex_);
    processes_.erase(fmt::format("{}@{}", process.procedure_code, process.agency_code));
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
                     "simplification_reviews WHERE decision_number = ?1 ORDER BY id"));
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

Result<SearchPage> SqliteDirectory::Search(const SearchQuery& q) {
    // Each folded word must prefix-match; FTS5 syntax characters cannot survive folding.
    std::string match;
    const std::string folded = cat::FoldVietnamese(q.text);
    for (std::size_t i = 0; i < folded.size();) {
        const std::size_t end = std::min(folded.find(' ', i), folded.size());
        match += fmt::format("{}\"{}\"*", match.empty() ? "" : " ", folded.substr(i, end - i));
        i = end + 1;
    }
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
    const std::string from = match.empty()
                                 ? std::string("FROM procedure_versions v")
                                 : std::string(
                                       "FROM procedure_search s JOIN procedure_versions v "
                                       "ON v.id = s.rowid");
    if (!match.empty()) {
        where += " AND procedure_search MATCH :match";
    }
    const std::string order = match.empty() ? "v.name" : "bm25(procedure_search), v.name";
    const int limit = std::clamp(q.limit, 1, 200);
    const int offset = std::max(q.offset, 0);
    return db_.Read([&](Connection& c) -> Result<SearchPage> {
        const auto bind = [&](Statement& st) -> Result<void> {
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
            if (!match.empty()) {
                MOTCUA_TRY(st.Bind(":match", std::string_view(match)));
            }
            return {};
        };
        SearchPage page;
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement count,
                                c.Cached(fmt::format("SELECT count(*) {} WHERE {}", from, where)));
        MOTCUA_TRY(bind(*count));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, count->Step());
        page.total = row ? count->ColumnInt64(0) : 0;
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached(fmt::format("SELECT {}, {} {} WHERE {} ORDER BY {} LIMIT :limit OFFSET "
                                 ":offset",
                                 kVersionColumns,
                                 match.empty() ? "0.0" : "bm25(procedure_search)",
                                 from,
                                 where,
                                 order)));
        MOTCUA_TRY(bind(*st));
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
    });
}

}  // namespace motcua::storage::sqlite
