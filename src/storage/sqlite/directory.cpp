#include "storage/sqlite/directory.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/calendar/schedule_text.hpp"
#include "core/catalog/text_fold.hpp"
#include "storage/common/json_codec.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;

constexpr std::string_view kVersionColumns =
    "v.id, v.code, v.version, v.name, v.sector_code, v.sector_name, v.level, "
    "v.implementing_agency, v.competent_agency, v.steps, v.subjects, v.requirements, v.deadline, "
    "v.deadline_unit, v.legal_basis, v.result, v.online_level, v.postal, v.decision_id, "
    "v.effective_from, v.effective_to, v.body";

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

std::string SessionsText(const cal::OfficeHours& hours) {
    std::string text;
    for (const cal::OfficeSession& s : hours.sessions) {
        text += fmt::format("{}{:02}:{:02}-{:02}:{:02}",
                            text.empty() ? "" : ",",
                            s.start.count() / 60,
                            s.start.count() % 60,
                            s.end.count() / 60,
                            s.end.count() % 60);
    }
    return text;
}

std::string ClockText(std::chrono::minutes m) {
    return fmt::format("{:02}:{:02}", m.count() / 60, m.count() % 60);
}

// Reads one agency row (id, code, name, kind, parent_id, sessions, paper_cutoff, online_cutoff)
// and its calendar entries.
Result<model::Agency> ReadAgency(Connection& c, Statement& st) {
    model::Agency a;
    a.id = model::AgencyId{st.ColumnInt64(0)};
    a.code = std::string(st.ColumnText(1));
    a.name = std::string(st.ColumnText(2));
    MOTCUA_ASSIGN_OR_RETURN(a.kind, model::ParseAgencyKind(st.ColumnText(3)));
    if (!st.IsNull(4)) {
        a.parent = model::AgencyId{st.ColumnInt64(4)};
    }
    MOTCUA_ASSIGN_OR_RETURN(a.hours.sessions, cal::ParseSessions(st.ColumnText(5)));
    MOTCUA_ASSIGN_OR_RETURN(a.hours.paper_cutoff, cal::ParseClock(st.ColumnText(6)));
    if (!st.IsNull(7)) {
        MOTCUA_ASSIGN_OR_RETURN(a.hours.online_cutoff, cal::ParseClock(st.ColumnText(7)));
    }
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement entries,
        c.Cached("SELECT date, kind, name FROM agency_calendar_entries WHERE agency_id = ?1 "
                 "ORDER BY date"));
    MOTCUA_TRY(entries->Bind(1, a.id.value()));
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, entries->Step());
        if (!row) {
            break;
        }
        cal::CalendarEntry e;
        MOTCUA_ASSIGN_OR_RETURN(e.date, cal::ParseDate(entries->ColumnText(0)));
        MOTCUA_ASSIGN_OR_RETURN(e.kind, cal::ParseDayKind(entries->ColumnText(1)));
        e.name = std::string(entries->ColumnText(2));
        a.calendar_overrides.push_back(std::move(e));
    }
    return a;
}

constexpr std::string_view kAgencySelect =
    "SELECT id, code, name, kind, parent_id, sessions, paper_cutoff, online_cutoff FROM agencies";

Result<int64_t> InsertVersion(Connection& c,
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

}  // namespace

void SqliteDirectory::InvalidateCaches() {
    const std::lock_guard lock(mutex_);
    calendars_.clear();
    versions_.clear();
    processes_.clear();
    subtrees_.clear();
}

Result<model::Agency> SqliteDirectory::AgencyByCode(std::string_view code) {
    return db_.Read([&](Connection& c) -> Result<model::Agency> {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st,
                                c.Cached(fmt::format("{} WHERE code = ?1", kAgencySelect)));
        MOTCUA_TRY(st->Bind(1, code));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            return Fail(ErrorCode::kNotFound,
                        fmt::format("unknown agency '{}'", code),
                        fmt::format("không có cơ quan mã '{}'", code),
                        "agency");
        }
        return ReadAgency(c, *st);
    });
}

Result<std::vector<model::Agency>> SqliteDirectory::Agencies() {
    return db_.Read([&](Connection& c) -> Result<std::vector<model::Agency>> {
        MOTCUA_ASSIGN_OR_RETURN(Statement st,
                                c.Prepare(fmt::format("{} ORDER BY id", kAgencySelect)));
        std::vector<model::Agency> out;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
            if (!row) {
                return out;
            }
            MOTCUA_ASSIGN_OR_RETURN(model::Agency a, ReadAgency(c, st));
            out.push_back(std::move(a));
        }
    });
}

Result<std::vector<std::string>> SqliteDirectory::Subtree(std::string_view code) {
    {
        const std::lock_guard lock(mutex_);
        if (const auto it = subtrees_.find(code); it != subtrees_.end()) {
            return it->second;
        }
    }
    auto tree = db_.Read([&](Connection& c) -> Result<std::vector<std::string>> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("WITH RECURSIVE tree(id, code) AS (SELECT id, code FROM agencies WHERE "
                     "code = ?1 UNION ALL SELECT a.id, a.code FROM agencies a JOIN tree t ON "
                     "a.parent_id = t.id) SELECT code FROM tree"));
        MOTCUA_TRY(st->Bind(1, code));
        std::vector<std::string> out;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                break;
            }
            out.emplace_back(st->ColumnText(0));
        }
        if (out.empty()) {
            return Fail(ErrorCode::kNotFound,
                        fmt::format("unknown agency '{}'", code),
                        fmt::format("không có cơ quan mã '{}'", code),
                        "agency");
        }
        return out;
    });
    if (tree) {
        const std::lock_guard lock(mutex_);
        subtrees_.emplace(std::string(code), *tree);
    }
    return tree;
}

Result<cat::ProcedureVersion> SqliteDirectory::VersionInForce(std::string_view code,
                                                              cal::LocalDate date) {
    return db_.Read([&](Connection& c) -> Result<cat::ProcedureVersion> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached(VersionSql("WHERE v.code = ?1 AND v.effective_from <= ?2 AND "
                                "(v.effective_to IS NULL OR v.effective_to > ?2) "
                                "ORDER BY v.version DESC LIMIT 1")));
        MOTCUA_TRY(st->BindAll(code, std::string_view(cal::FormatDate(date))));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            return Fail(
                ErrorCode::kNotFound,
                fmt::format("procedure {} is not in force on {}", code, cal::FormatDate(date)),
                fmt::format(
                    "thủ tục {} không có hiệu lực vào ngày {}", code, cal::FormatDateVi(date)),
                "procedure_code");
        }
        return ReadVersion(*st);
    });
}

Result<cat::ProcedureVersion> SqliteDirectory::Version(model::ProcedureVersionId id) {
    {
        const std::lock_guard lock(mutex_);
        if (const auto it = versions_.find(id.value()); it != versions_.end()) {
            return it->second;
        }
    }
    auto version = db_.Read([&](Connection& c) -> Result<cat::ProcedureVersion> {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(VersionSql("WHERE v.id = ?1")));
        MOTCUA_TRY(st->Bind(1, id.value()));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            return Fail(ErrorCode::kNotFound,
                        "unknown procedure version",
                        "không có phiên bản thủ tục này");
        }
        return ReadVersion(*st);
    });
    if (version) {
        const std::lock_guard lock(mutex_);
        versions_.emplace(id.value(), *version);
    }
    return version;
}

Result<std::string> SqliteDirectory::CompetentAgency(std::string_view code,
                                                     std::string_view agency,
                                                     cal::LocalDate date) {
    MOTCUA_ASSIGN_OR_RETURN(
        const std::vector<cat::Delegation> delegations,
        db_.Read([&](Connection& c) -> Result<std::vector<cat::Delegation>> {
            MOTCUA_ASSIGN_OR_RETURN(
                CachedStatement st,
                c.Cached("SELECT procedure_code, from_agency, to_agency, kind, decision_number, "
                         "effective_from, effective_to FROM delegations WHERE procedure_code = "
                         "?1"));
            MOTCUA_TRY(st->Bind(1, code));
            std::vector<cat::Delegation> out;
            while (true) {
                MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
                if (!row) {
                    return out;
                }
                cat::Delegation d;
                d.procedure_code = std::string(st->ColumnText(0));
                d.from_agency = std::string(st->ColumnText(1));
                d.to_agency = std::string(st->ColumnText(2));
                d.kind = st->ColumnText(3) == "decentralization"
                             ? cat::DelegationKind::kDecentralization
                             : cat::DelegationKind::kAuthorization;
                d.decision_number = std::string(st->ColumnText(4));
                MOTCUA_ASSIGN_OR_RETURN(d.effective_from, cal::ParseDate(st->ColumnText(5)));
                if (!st->IsNull(6)) {
                    MOTCUA_ASSIGN_OR_RETURN(d.effective_to, cal::ParseDate(st->ColumnText(6)));
                }
                out.push_back(std::move(d));
            }
        }));
    return cat::CompetentAgency(delegations, code, agency, date);
}

Result<core::workflow::InternalProcess> SqliteDirectory::Process(std::string_view procedure_code,
                                                                 std::string_view agency_code) {
    const std::string key = fmt::format("{}@{}", procedure_code, agency_code);
    {
        const std::lock_guard lock(mutex_);
        if (const auto it = processes_.find(key); it != processes_.end()) {
            return it->second;
        }
    }
    auto process = db_.Read([&](Connection& c) -> Result<core::workflow::InternalProcess> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT id, steps FROM internal_processes WHERE procedure_code = ?1 AND "
                     "agency_code = ?2"));
        MOTCUA_TRY(st->BindAll(procedure_code, agency_code));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            return Fail(
                ErrorCode::kNotFound,
                fmt::format("no internal process for {} at {}", procedure_code, agency_code),
                fmt::format("chưa có quy trình nội bộ cho thủ tục {} tại cơ quan {}",
                            procedure_code,
                            agency_code));
        }
        core::workflow::InternalProcess p;
        p.id = model::ProcessId{st->ColumnInt64(0)};
        p.procedure_code = std::string(procedure_code);
        p.agency_code = std::string(agency_code);
        MOTCUA_ASSIGN_OR_RETURN(p.steps, DecodeSteps(st->ColumnText(1)));
        return p;
    });
    if (process) {
        const std::lock_guard lock(mutex_);
        processes_.emplace(key, *process);
    }
    return process;
}

Result<std::shared_ptr<const cal::WorkingCalendar>> SqliteDirectory::CalendarOf(
    std::string_view agency_code) {
    {
        const std::lock_guard lock(mutex_);
        if (const auto it = calendars_.find(agency_code); it != calendars_.end()) {
            return it->second;
        }
    }
    MOTCUA_ASSIGN_OR_RETURN(const model::Agency agency, AgencyByCode(agency_code));
    MOTCUA_ASSIGN_OR_RETURN(cal::WorkingCalendar calendar,
                            cal::WorkingCalendar::Build(national_, model::CalendarOf(agency)));
    auto shared = std::make_shared<const cal::WorkingCalendar>(std::move(calendar));
    const std::lock_guard lock(mutex_);
    calendars_.emplace(std::string(agency_code), shared);
    return shared;
}

Result<model::AgencyId> SqliteDirectory::SaveAgency(const model::Agency& agency) {
    MOTCUA_TRY(model::ValidateAgency(agency));
    const std::string tenant = db_.tenant();
    auto saved = db_.Write([&](Connection& c) -> Result<model::AgencyId> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("INSERT INTO agencies(tenant, code, name, kind, parent_id, sessions, "
                     "paper_cutoff, online_cutoff) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                     "ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
                     "parent_id = excluded.parent_id, sessions = excluded.sessions, "
                     "paper_cutoff = excluded.paper_cutoff, online_cutoff = excluded.online_cutoff "
                     "RETURNING id"));
        const std::optional<std::int64_t> parent =
            agency.parent ? std::optional<std::int64_t>(agency.parent->value()) : std::nullopt;
        MOTCUA_TRY(st->BindAll(std::string_view(tenant),
                               std::string_view(agency.code),
                               std::string_view(agency.name),
                               model::AgencyKindName(agency.kind)));
        MOTCUA_TRY(st->Bind(5, parent));
        MOTCUA_TRY(st->Bind(6, std::string_view(SessionsText(agency.hours))));
        MOTCUA_TRY(st->Bind(7, std::string_view(ClockText(agency.hours.paper_cutoff))));
        MOTCUA_TRY(st->Bind(8,
                            agency.hours.online_cutoff
                                ? std::optional<std::string>(ClockText(*agency.hours.online_cutoff))
                                : std::nullopt));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            return Fail(ErrorCode::kInternal, "agency upsert returned no id");
        }
        const model::AgencyId id{st->ColumnInt64(0)};
        st->Reset();
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement del,
            c.Cached("DELETE FROM agency_calendar_entries WHERE agency_id = ?1"));
        MOTCUA_TRY(del->Bind(1, id.value()));
        MOTCUA_TRY(del->Run());
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement ins,
            c.Cached("INSERT INTO agency_calendar_entries(agency_id, date, kind, name) "
                     "VALUES(?1, ?2, ?3, ?4)"));
        for (const cal::CalendarEntry& e : agency.calendar_overrides) {
            MOTCUA_TRY(ins->BindAll(id.value(),
                                    std::string_view(cal::FormatDate(e.date)),
                                    cal::DayKindName(e.kind),
                                    std::string_view(e.name)));
            MOTCUA_TRY(ins->Run());
            ins->Reset();
        }
        return id;
    });
    InvalidateCaches();
    return saved;
}

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
