#include "storage/sqlite/internal/version_rows.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/catalog/text_fold.hpp"
#include "storage/common/json_codec.hpp"

namespace motcua::storage::sqlite::internal {

namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;

std::string VersionSql(std::string_view tail) {
    return fmt::format("SELECT {} FROM procedure_versions v {}", kVersionColumns, tail);
}

Result<cat::ProcedureVersion> ReadVersion(Statement& st) {
    cat::ProcedureVersion v;
    v.id = model::ProcedureVersionId{st.ColumnInt64(0)};
    v.code = std::string(st.ColumnText(1));
    v.version = st.ColumnInt(2);
    v.name = std::string(st.ColumnText(3));
    v.sector_code = std::string(st.ColumnText(4));
    v.sector_name = std::string(st.ColumnText(5));
    MOTCUA_ASSIGN_OR_RETURN(v.level, cat::ParseProcedureLevel(st.ColumnText(6)));
    v.implementing_agency = std::string(st.ColumnText(7));
    v.competent_agency = std::string(st.ColumnText(8));
    v.steps = std::string(st.ColumnText(9));
    v.subjects = std::string(st.ColumnText(10));
    v.requirements = std::string(st.ColumnText(11));
    v.deadline = st.ColumnInt(12);
    MOTCUA_ASSIGN_OR_RETURN(v.deadline_unit, cat::ParseDurationUnit(st.ColumnText(13)));
    v.legal_basis = std::string(st.ColumnText(14));
    v.result = std::string(st.ColumnText(15));
    MOTCUA_ASSIGN_OR_RETURN(v.online_level, cat::ParseOnlineLevel(st.ColumnText(16)));
    v.postal = st.ColumnInt(17) != 0;
    v.decision = model::DecisionId{st.ColumnInt64(18)};
    MOTCUA_ASSIGN_OR_RETURN(v.effective_from, cal::ParseDate(st.ColumnText(19)));
    if (!st.IsNull(20)) {
        MOTCUA_ASSIGN_OR_RETURN(v.effective_to, cal::ParseDate(st.ColumnText(20)));
    }
    MOTCUA_TRY(DecodeVersionBody(st.ColumnText(21), v));
    return v;
}

Result<std::vector<cat::ProcedureVersion>> ReadVersions(Statement& st) {
    std::vector<cat::ProcedureVersion> out;
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
        if (!row) {
            return out;
        }
        MOTCUA_ASSIGN_OR_RETURN(cat::ProcedureVersion v, ReadVersion(st));
        out.push_back(std::move(v));
    }
}

Result<std::int64_t> InsertVersion(Connection& c,
                                   const std::string& tenant,
                                   const cat::ProcedureVersion& v) {
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached("INSERT INTO procedure_versions(tenant, code, version, name, folded_name, "
                 "sector_code, sector_name, level, implementing_agency, competent_agency, steps, "
                 "subjects, requirements, deadline, deadline_unit, legal_basis, result, "
                 "online_level, postal, decision_id, effective_from, effective_to, body) "
                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                 "?17, ?18, ?19, ?20, ?21, ?22, ?23)"));
    const std::string folded = cat::FoldVietnamese(v.name);
    MOTCUA_TRY(st->BindAll(std::string_view(tenant),
                           std::string_view(v.code),
                           v.version,
                           std::string_view(v.name),
                           std::string_view(folded),
                           std::string_view(v.sector_code),
                           std::string_view(v.sector_name),
                           cat::ProcedureLevelName(v.level),
                           std::string_view(v.implementing_agency),
                           std::string_view(v.competent_agency),
                           std::string_view(v.steps),
                           std::string_view(v.subjects),
                           std::string_view(v.requirements),
                           v.deadline,
                           cat::DurationUnitName(v.deadline_unit),
                           std::string_view(v.legal_basis),
                           std::string_view(v.result),
                           cat::OnlineLevelName(v.online_level),
                           v.postal ? 1 : 0,
                           v.decision.value()));
    MOTCUA_TRY(st->Bind(21, std::string_view(cal::FormatDate(v.effective_from))));
    MOTCUA_TRY(st->Bind(22,
                        v.effective_to
                            ? std::optional<std::string>(cal::FormatDate(*v.effective_to))
                            : std::nullopt));
    MOTCUA_TRY(st->Bind(23, std::string_view(EncodeVersionBody(v))));
    MOTCUA_TRY(st->Run());
    const std::int64_t id = c.LastInsertRowId();
    // Searchable text: name, code, sector and implementing agency, folded.
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement fts,
                            c.Cached("INSERT INTO procedure_search(rowid, folded) VALUES(?1, ?2)"));
    const std::string text = cat::FoldVietnamese(
        fmt::format("{} {} {} {}", v.name, v.code, v.sector_name, v.implementing_agency));
    MOTCUA_TRY(fts->BindAll(id, std::string_view(text)));
    MOTCUA_TRY(fts->Run());
    return id;
}

// Inserts the decision and applies it; runs inside the writer transaction.
Result<model::DecisionId> PublishIn(Connection& c,
                                    const std::string& tenant,
                                    const cat::PublicationDecision& d) {
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement ins,
        c.Cached("INSERT INTO publication_decisions(tenant, number, title, issuer, signed_on, "
                 "effective_on) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
    MOTCUA_TRY(ins->BindAll(std::string_view(tenant),
                            std::string_view(d.number),
                            std::string_view(d.title),
                            std::string_view(d.issuer),
                            std::string_view(cal::FormatDate(d.signed_on)),
                            std::string_view(cal::FormatDate(d.effective_on))));
    if (auto r = ins->Run(); !r) {
        if (r.error().code == ErrorCode::kAlreadyExists) {
            return Fail(ErrorCode::kAlreadyExists,
                        fmt::format("decision {} is already published", d.number),
                        fmt::format("quyết định {} đã được công bố", d.number),
                        "number");
        }
        return tl::unexpected(r.error());
    }
    const model::DecisionId id{c.LastInsertRowId()};
    cat::PublicationDecision decision = d;
    decision.id = id;

    // The versions of every code the decision touches.
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement existing_st, c.Cached(VersionSql("WHERE v.code = ?1")));
    std::vector<cat::ProcedureVersion> existing;
    std::vector<std::string> seen;
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement item,
                            c.Cached("INSERT INTO decision_items(decision_id, position, kind, "
                                     "code, replaced_code) VALUES(?1, ?2, ?3, ?4, ?5)"));
    int position = 0;
    for (const cat::DecisionItem& it : decision.items) {
        MOTCUA_TRY(item->BindAll(id.value(),
                                 ++position,
                                 cat::ChangeKindName(it.kind),
                                 std::string_view(it.code),
                                 std::string_view(it.replaced_code)));
        MOTCUA_TRY(item->Run());
        item->Reset();
        for (const std::string* code : {&it.code, &it.replaced_code}) {
            if (code->empty() || std::find(seen.begin(), seen.end(), *code) != seen.end()) {
                continue;
            }
            seen.push_back(*code);
            MOTCUA_TRY(existing_st->Bind(1, std::string_view(*code)));
            MOTCUA_ASSIGN_OR_RETURN(std::vector<cat::ProcedureVersion> versions,
                                    ReadVersions(*existing_st));
            existing_st->Reset();
            existing.insert(existing.end(), versions.begin(), versions.end());
        }
    }
    MOTCUA_ASSIGN_OR_RETURN(const cat::DecisionEffect effect,
                            cat::ApplyDecision(decision, existing));
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement close,
        c.Cached("UPDATE procedure_versions SET effective_to = ?2 WHERE id = ?1"));
    for (const auto& [version_id, date] : effect.to_close) {
        MOTCUA_TRY(close->BindAll(version_id.value(), std::string_view(cal::FormatDate(date))));
        MOTCUA_TRY(close->Run());
        close->Reset();
    }
    for (const cat::ProcedureVersion& v : effect.to_insert) {
        MOTCUA_TRY(InsertVersion(c, tenant, v));
    }
    return id;
}

}  // namespace motcua::storage::sqlite::internal
