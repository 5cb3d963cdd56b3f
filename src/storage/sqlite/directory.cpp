#include "storage/sqlite/directory.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/calendar/schedule_text.hpp"
#include "storage/common/json_codec.hpp"
#include "storage/sqlite/internal/version_rows.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;
using internal::ReadVersion;
using internal::VersionSql;

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

}  // namespace

void SqliteDirectory::InvalidateCaches() {
    const std::lock_guard lock(mutex_);
    calendars_.clear();
    versions_.clear();
    by_code_.clear();
    agencies_.clear();
    delegations_.clear();
    ++catalog_generation_;
    processes_.clear();
    process_versions_.clear();
    ++process_generation_;
    subtrees_.clear();
}

Result<model::Agency> SqliteDirectory::AgencyByCode(std::string_view code) {
    return Remembered(agencies_, code, [&] {
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
    return Remembered(subtrees_, code, [&] {
        return db_.Read([&](Connection& c) -> Result<std::vector<std::string>> {
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
    });
}

Result<cat::ProcedureVersion> SqliteDirectory::VersionInForce(std::string_view code,
                                                              cal::LocalDate date) {
    // The versions of the code are read once and kept (they change only with a publication,
    // InvalidateCaches); the one in force is the newest whose period holds `date`, as in
    // SELECT … WHERE effective_from <= date < effective_to ORDER BY version DESC LIMIT 1.
    const auto in_force =
        [&](const std::vector<cat::ProcedureVersion>& versions) -> Result<cat::ProcedureVersion> {
        for (const cat::ProcedureVersion& v : versions) {
            if (v.InForceOn(date)) {
                return v;
            }
        }
        return Fail(
            ErrorCode::kNotFound,
            fmt::format("procedure {} is not in force on {}", code, cal::FormatDate(date)),
            fmt::format("thủ tục {} không có hiệu lực vào ngày {}", code, cal::FormatDateVi(date)),
            "procedure_code");
    };
    using Versions = std::shared_ptr<const std::vector<cat::ProcedureVersion>>;
    MOTCUA_ASSIGN_OR_RETURN(
        const Versions versions, Remembered(by_code_, code, [&] {
            return db_.Read([&](Connection& c) -> Result<Versions> {
                MOTCUA_ASSIGN_OR_RETURN(
                    CachedStatement st,
                    c.Cached(VersionSql("WHERE v.code = ?1 ORDER BY v.version DESC")));
                MOTCUA_TRY(st->Bind(1, code));
                std::vector<cat::ProcedureVersion> found;
                while (true) {
                    MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
                    if (!row) {
                        return std::make_shared<const std::vector<cat::ProcedureVersion>>(
                            std::move(found));
                    }
                    MOTCUA_ASSIGN_OR_RETURN(cat::ProcedureVersion v, ReadVersion(*st));
                    found.push_back(std::move(v));
                }
            });
        }));
    return in_force(*versions);
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
        const std::vector<cat::Delegation> delegations, Remembered(delegations_, code, [&] {
            return db_.Read([&](Connection& c) -> Result<std::vector<cat::Delegation>> {
                MOTCUA_ASSIGN_OR_RETURN(
                    CachedStatement st,
                    c.Cached(
                        "SELECT procedure_code, from_agency, to_agency, kind, decision_number, "
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
            });
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
    return Remembered(
        calendars_, agency_code, [&]() -> Result<std::shared_ptr<const cal::WorkingCalendar>> {
            MOTCUA_ASSIGN_OR_RETURN(const model::Agency agency, AgencyByCode(agency_code));
            MOTCUA_ASSIGN_OR_RETURN(
                cal::WorkingCalendar calendar,
                cal::WorkingCalendar::Build(national_, model::CalendarOf(agency)));
            return std::make_shared<const cal::WorkingCalendar>(std::move(calendar));
        });
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

}  // namespace motcua::storage::sqlite
