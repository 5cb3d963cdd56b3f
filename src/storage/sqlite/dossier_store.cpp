#include "storage/sqlite/dossier_store.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <utility>

#include <fmt/format.h>

#include "core/catalog/text_fold.hpp"
#include "core/workflow/apply.hpp"
#include "storage/common/audit_hash.hpp"
#include "storage/common/dossier_code.hpp"
#include "storage/common/json_codec.hpp"
#include "storage/common/public_lines.hpp"
#include "storage/sqlite/attachment_store.hpp"
#include "storage/sqlite/internal/kpi_counters.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace wf = core::workflow;
using Hash = AuditHash;

constexpr std::string_view kSelectBody = "SELECT body FROM dossiers WHERE id = ?1";

Result<wf::Dossier> LoadOne(Connection& c, std::string_view sql, auto&& key) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(sql));
    MOTCUA_TRY(st->Bind(1, key));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
    if (!row) {
        return Fail(ErrorCode::kNotFound, "dossier not found", "không tìm thấy hồ sơ");
    }
    return DecodeDossier(st->ColumnText(0));
}

Result<std::string> NextCode(Connection& c, const std::string& agency, wf::LocalDateTime at) {
    const std::string day = CounterDay(at);
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached("INSERT INTO dossier_counters(agency_code, day, last) VALUES(?1, ?2, 1) "
                 "ON CONFLICT(agency_code, day) DO UPDATE SET last = last + 1 RETURNING last"));
    MOTCUA_TRY(st->BindAll(std::string_view(agency), std::string_view(day)));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
    if (!row) {
        return Fail(ErrorCode::kInternal, "dossier counter returned no row");
    }
    return DossierCode(agency, day, st->ColumnInt64(0));
}

std::optional<std::string> OptionalTime(const std::optional<wf::LocalDateTime>& t) {
    if (!t) {
        return std::nullopt;
    }
    return EncodeTime(*t);
}

// `body` is EncodeDossier(d), computed by the caller (off the writer thread when it can be).
// Steps finished before `since` were written by earlier appends and are skipped; so are the steps
// `previous` (the stored projection the events were applied to, when known) already holds as
// they are.
Result<void> WriteSteps(Connection& c,
                        const wf::Dossier& d,
                        std::optional<wf::LocalDateTime> since,
                        const wf::Dossier* previous = nullptr);

// Rewrites the projection row of an existing dossier: the columns an event can change. With
// `previous` (the stored projection the events were applied to), the indexed ones it already
// holds as they are are left out, so their indexes are not rewritten.
Result<void> UpdateProjection(Connection& c,
                              const wf::Dossier& d,
                              std::string_view body,
                              std::optional<wf::LocalDateTime> since,
                              const wf::Dossier* previous) {
    const bool all = previous == nullptr;
    const bool handling = all || previous->handling_agency_code != d.handling_agency_code;
    const bool status = all || previous->status != d.status;
    const bool received = all || previous->received_at != d.received_at;
    const bool due = all || previous->due_at != d.due_at;
    // At most 16 distinct texts, so the statement cache keeps them all.
    std::string sql = "UPDATE dossiers SET finished_at = ?2, verdict = ?3, version = ?4, body = ?5";
    if (handling) {
        sql += ", handling_agency_code = ?6";
    }
    if (status) {
        sql += ", status = ?7";
    }
    if (received) {
        sql += ", received_at = ?8";
    }
    if (due) {
        sql += ", due_at = ?9";
    }
    sql += " WHERE id = ?1";
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(sql));
    MOTCUA_TRY(st->Bind(1, d.id.value()));
    MOTCUA_TRY(st->Bind(2, OptionalTime(d.finished_at)));
    MOTCUA_TRY(st->Bind(3, wf::VerdictName(d.verdict)));
    MOTCUA_TRY(st->Bind(4, d.version));
    MOTCUA_TRY(st->Bind(5, body));
    if (handling) {
        MOTCUA_TRY(st->Bind(6, std::string_view(d.handling_agency_code)));
    }
    if (status) {
        MOTCUA_TRY(st->Bind(7, static_cast<int>(d.status)));
    }
    if (received) {
        MOTCUA_TRY(st->Bind(8, OptionalTime(d.received_at)));
    }
    if (due) {
        MOTCUA_TRY(st->Bind(9, OptionalTime(d.due_at)));
    }
    MOTCUA_TRY(st->Run());
    MOTCUA_TRY(WriteSteps(c, d, since, previous));
    return WriteAttachmentLinks(c, d);
}

// Adds new dossiers' rows to the applicant-name index (0009; the rows of updated and deleted
// dossiers are kept by its triggers).
Result<void> IndexNames(Connection& c,
                        std::span<const std::pair<std::int64_t, std::string>> names) {
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached("INSERT INTO dossier_names(rowid, applicant_folded) VALUES(?1, ?2)"));
    for (const auto& [id, folded] : names) {
        MOTCUA_TRY(st->BindAll(id, std::string_view(folded)));
        MOTCUA_TRY(st->Run());
        st->Reset();
    }
    return {};
}

// Inserts (or, for an existing id, rewrites) the projection row; `folded` is
// FoldVietnamese(d.applicant.name). A new row's name-index entry is the caller's (IndexNames).
Result<void> WriteProjection(Connection& c,
                             const std::string& tenant,
                             const wf::Dossier& d,
                             std::string_view body,
                             std::string_view folded,
                             std::optional<wf::LocalDateTime> since = std::nullopt) {
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached(
            "INSERT INTO dossiers(id, tenant, code, verification_key, agency_code, "
            "handling_agency_code, procedure_code, channel, assisted, status, submitted_at, "
            "received_at, due_at, finished_at, verdict, applicant_account, idempotency_key, "
            "version, body, applicant_folded) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
            "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) "
            "ON CONFLICT(id) DO UPDATE SET handling_agency_code = excluded.handling_agency_code, "
            "status = excluded.status, received_at = excluded.received_at, "
            "due_at = excluded.due_at, finished_at = excluded.finished_at, "
            "verdict = excluded.verdict, version = excluded.version, body = excluded.body, "
            "applicant_folded = excluded.applicant_folded"));
    std::optional<std::int64_t> account;
    if (d.applicant.account.has_value()) {
        account = d.applicant.account->value();
    }
    const std::optional<std::string> key =
        d.idempotency_key.empty() ? std::nullopt : std::optional<std::string>(d.idempotency_key);
    MOTCUA_TRY(st->BindAll(d.id.value(),
                           std::string_view(tenant),
                           std::string_view(d.code),
                           std::string_view(d.verification_key),
                           std::string_view(d.agency_code),
                           std::string_view(d.handling_agency_code),
                           std::string_view(d.procedure_code),
                           wf::ChannelName(d.channel),
                           d.assisted ? 1 : 0,
                           static_cast<int>(d.status),
                           std::string_view(EncodeTime(d.submitted_at))));
    MOTCUA_TRY(st->Bind(12, OptionalTime(d.received_at)));
    MOTCUA_TRY(st->Bind(13, OptionalTime(d.due_at)));
    MOTCUA_TRY(st->Bind(14, OptionalTime(d.finished_at)));
    MOTCUA_TRY(st->Bind(15, wf::VerdictName(d.verdict)));
    MOTCUA_TRY(st->Bind(16, account));
    MOTCUA_TRY(st->Bind(17, key));
    MOTCUA_TRY(st->Bind(18, d.version));
    MOTCUA_TRY(st->Bind(19, body));
    MOTCUA_TRY(st->Bind(20, folded));
    MOTCUA_TRY(st->Run());

    MOTCUA_TRY(WriteSteps(c, d, since));
    return WriteAttachmentLinks(c, d);
}

Result<void> WriteSteps(Connection& c,
                        const wf::Dossier& d,
                        std::optional<wf::LocalDateTime> since,
                        const wf::Dossier* previous) {
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement step,
        c.Cached("INSERT INTO dossier_steps(dossier_id, step_index, name, role, agency_code, "
                 "assignee, started_at, due_at, finished_at, verdict, consultation, active) "
                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                 "ON CONFLICT(dossier_id, step_index) DO UPDATE SET name = excluded.name, "
                 "role = excluded.role, agency_code = excluded.agency_code, "
                 "assignee = excluded.assignee, started_at = excluded.started_at, "
                 "due_at = excluded.due_at, finished_at = excluded.finished_at, "
                 "verdict = excluded.verdict, consultation = excluded.consultation, "
                 "active = excluded.active"));
    // A step's `active` column also depends on whether the dossier is terminal.
    const bool same_terminal =
        previous != nullptr && wf::IsTerminal(previous->status) == wf::IsTerminal(d.status);
    for (const wf::StepRecord& s : d.steps) {
        if (since.has_value() && s.finished_at.has_value() && *s.finished_at < *since) {
            continue;
        }
        if (same_terminal) {
            const auto& old = previous->steps;
            const auto same = std::find_if(old.begin(), old.end(), [&](const wf::StepRecord& o) {
                return o.index == s.index;
            });
            if (same != old.end() && *same == s) {
                continue;  // Its row already says this.
            }
        }
        std::optional<std::int64_t> assignee;
        if (s.assignee.has_value()) {
            assignee = s.assignee->value();
        }
        MOTCUA_TRY(step->BindAll(d.id.value(),
                                 s.index,
                                 std::string_view(s.name),
                                 wf::RoleName(s.role),
                                 std::string_view(s.agency_code)));
        MOTCUA_TRY(step->Bind(6, assignee));
        MOTCUA_TRY(step->Bind(7, std::string_view(EncodeTime(s.started_at))));
        MOTCUA_TRY(step->Bind(8, std::string_view(EncodeTime(s.due_at))));
        MOTCUA_TRY(step->Bind(9, OptionalTime(s.finished_at)));
        MOTCUA_TRY(step->Bind(10, wf::VerdictName(s.verdict)));
        MOTCUA_TRY(step->Bind(11, s.consultation ? 1 : 0));
        // Waiting for work: unfinished, on a dossier still in processing (a dossier refused,
        // stopped or withdrawn mid-step leaves its step unfinished but no longer active).
        MOTCUA_TRY(step->Bind(12, !s.finished_at.has_value() && !wf::IsTerminal(d.status) ? 1 : 0));
        MOTCUA_TRY(step->Run());
        step->Reset();
    }
    return {};
}

// ---- The public view (0008_public_view.sql) ----------------------------------------------

// The columns PublicViewAt reads, in this order: code, dossier_id, verification_key,
// procedure_code, agency_code, handling_agency_code, channel, status, submitted_at, received_at,
// due_at, finished_at, returned_at, verdict, version, timeline.
constexpr int kPublicColumnCount = 16;

Result<wf::Verdict> VerdictNamed(std::string_view name) {
    for (const wf::Verdict v :
         {wf::Verdict::kPending, wf::Verdict::kEarly, wf::Verdict::kOnTime, wf::Verdict::kLate}) {
        if (wf::VerdictName(v) == name) {
            return v;
        }
    }
    return Fail(ErrorCode::kInvalidArgument, fmt::format("unknown verdict '{}'", name));
}

Result<std::optional<wf::LocalDateTime>> OptionalTimeAt(const Statement& row, int column) {
    if (row.IsNull(column)) {
        return std::optional<wf::LocalDateTime>{};
    }
    MOTCUA_ASSIGN_OR_RETURN(const wf::LocalDateTime t,
                            core::calendar::ParseDateTime(row.ColumnText(column)));
    return std::optional<wf::LocalDateTime>(t);
}

// The stored view in the row's columns [first, first + kPublicColumnCount), its timeline left
// empty (the last column).
Result<wf::PublicView> PublicFieldsAt(const Statement& row, int first) {
    wf::PublicView v;
    int i = first;
    v.code = std::string(row.ColumnText(i++));
    v.id = core::model::DossierId{row.ColumnInt64(i++)};
    v.verification_key = std::string(row.ColumnText(i++));
    v.procedure_code = std::string(row.ColumnText(i++));
    v.agency_code = std::string(row.ColumnText(i++));
    v.handling_agency_code = std::string(row.ColumnText(i++));
    MOTCUA_ASSIGN_OR_RETURN(v.channel, wf::ParseChannel(row.ColumnText(i++)));
    const int status = row.ColumnInt(i++);
    if (status < 1 || status > 10) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("stored status {} is invalid", status));
    }
    v.status = static_cast<wf::DossierStatus>(status);
    MOTCUA_ASSIGN_OR_RETURN(v.submitted_at, core::calendar::ParseDateTime(row.ColumnText(i++)));
    MOTCUA_ASSIGN_OR_RETURN(v.received_at, OptionalTimeAt(row, i++));
    MOTCUA_ASSIGN_OR_RETURN(v.due_at, OptionalTimeAt(row, i++));
    MOTCUA_ASSIGN_OR_RETURN(v.finished_at, OptionalTimeAt(row, i++));
    MOTCUA_ASSIGN_OR_RETURN(v.returned_at, OptionalTimeAt(row, i++));
    MOTCUA_ASSIGN_OR_RETURN(v.verdict, VerdictNamed(row.ColumnText(i++)));
    v.version = row.ColumnInt64(i++);
    return v;
}

// The stored view in the row's columns [first, first + kPublicColumnCount), timeline decoded.
Result<wf::PublicView> PublicViewAt(const Statement& row, int first) {
    MOTCUA_ASSIGN_OR_RETURN(wf::PublicView v, PublicFieldsAt(row, first));
    MOTCUA_ASSIGN_OR_RETURN(v.timeline,
                            DecodePublicTimeline(row.ColumnText(first + kPublicColumnCount - 1)));
    return v;
}

// Writes the whole row: `view`'s fields and `timeline`, the stored JSON array.
Result<void> WritePublicView(Connection& c,
                             const std::string& tenant,
                             const wf::PublicView& v,
                             std::string_view timeline) {
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached("INSERT OR REPLACE INTO dossier_public(code, tenant, dossier_id, "
                 "verification_key, procedure_code, agency_code, handling_agency_code, channel, "
                 "status, submitted_at, received_at, due_at, finished_at, returned_at, verdict, "
                 "version, timeline) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                 "?13, ?14, ?15, ?16, ?17)"));
    MOTCUA_TRY(st->BindAll(std::string_view(v.code),
                           std::string_view(tenant),
                           v.id.value(),
                           std::string_view(v.verification_key),
                           std::string_view(v.procedure_code),
                           std::string_view(v.agency_code),
                           std::string_view(v.handling_agency_code),
                           wf::ChannelName(v.channel),
                           static_cast<int>(v.status),
                           std::string_view(EncodeTime(v.submitted_at))));
    MOTCUA_TRY(st->Bind(11, OptionalTime(v.received_at)));
    MOTCUA_TRY(st->Bind(12, OptionalTime(v.due_at)));
    MOTCUA_TRY(st->Bind(13, OptionalTime(v.finished_at)));
    MOTCUA_TRY(st->Bind(14, OptionalTime(v.returned_at)));
    MOTCUA_TRY(st->Bind(15, wf::VerdictName(v.verdict)));
    MOTCUA_TRY(st->Bind(16, v.version));
    MOTCUA_TRY(st->Bind(17, timeline));
    return st->Run();
}

// After an append to an existing dossier: the fields an event can change, and the new events'
// `lines` (PublicTimelineLines) added to the stored timeline (its last line is an object, so rtrim
// takes off only the array's closing bracket). A missing row stays missing (lookups then build the
// view from the events; the rebuild check reports it).
Result<void> UpdatePublicView(Connection& c, const wf::Dossier& d, std::string_view lines) {
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached("UPDATE dossier_public SET handling_agency_code = ?2, status = ?3, "
                 "received_at = ?4, due_at = ?5, finished_at = ?6, returned_at = ?7, "
                 "verdict = ?8, version = ?9, timeline = CASE WHEN ?10 = '' THEN timeline "
                 "WHEN timeline = '[]' THEN '[' || ?10 || ']' "
                 "ELSE rtrim(timeline, ']') || ',' || ?10 || ']' END "
                 "WHERE dossier_id = ?1"));
    MOTCUA_TRY(st->BindAll(
        d.id.value(), std::string_view(d.handling_agency_code), static_cast<int>(d.status)));
    MOTCUA_TRY(st->Bind(4, OptionalTime(d.received_at)));
    MOTCUA_TRY(st->Bind(5, OptionalTime(d.due_at)));
    MOTCUA_TRY(st->Bind(6, OptionalTime(d.finished_at)));
    MOTCUA_TRY(st->Bind(7, OptionalTime(d.returned_at)));
    MOTCUA_TRY(st->Bind(8, wf::VerdictName(d.verdict)));
    MOTCUA_TRY(st->Bind(9, d.version));
    MOTCUA_TRY(st->Bind(10, lines));
    return st->Run();
}

Result<Hash> LastHash(Connection& c) {
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached("SELECT hash FROM audit_chain ORDER BY event_id DESC LIMIT 1"));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
    Hash h{};
    if (row) {
        const std::span<const std::byte> blob = st->ColumnBlob(0);
        if (blob.size() != h.size()) {
            return Fail(ErrorCode::kInternal, "audit chain hash of the wrong size");
        }
        std::copy(blob.begin(), blob.end(), h.begin());
    }
    return h;
}

// `encoded[i]` is EncodeEvent(events[i]), or empty to encode here.
Result<void> AppendEvents(Connection& c,
                          const std::vector<wf::Event>& events,
                          const std::vector<std::string>& encoded) {
    MOTCUA_ASSIGN_OR_RETURN(Hash prev, LastHash(c));
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement insert,
        c.Cached("INSERT INTO events(dossier_id, seq, type, at, data) VALUES(?1, ?2, ?3, ?4, ?5)"));
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement chain,
        c.Cached("INSERT INTO audit_chain(event_id, prev_hash, hash) VALUES(?1, ?2, ?3)"));
    for (std::size_t i = 0; i < events.size(); ++i) {
        const wf::Event& e = events[i];
        const std::string data = encoded[i].empty() ? EncodeEvent(e) : encoded[i];
        MOTCUA_TRY(insert->BindAll(e.dossier.value(),
                                   e.seq,
                                   wf::EventTypeName(e.data),
                                   std::string_view(EncodeTime(e.at)),
                                   std::string_view(data)));
        MOTCUA_TRY(insert->Run());
        insert->Reset();
        const std::int64_t event_id = c.LastInsertRowId();
        const Hash hash = AuditChainHash(prev, data);
        MOTCUA_TRY(chain->BindAll(
            event_id, std::span<const std::byte>(prev), std::span<const std::byte>(hash)));
        MOTCUA_TRY(chain->Run());
        chain->Reset();
        prev = hash;
    }
    return {};
}

}  // namespace

void SqliteDossierStore::FactStage::Stage(std::vector<core::kpi::Fact> facts) {
    if (job_.empty()) {
        job_ = std::move(facts);
    } else {
        job_.insert(job_.end(),
                    std::make_move_iterator(facts.begin()),
                    std::make_move_iterator(facts.end()));
    }
}

void SqliteDossierStore::FactStage::StageName(std::int64_t dossier_id, std::string folded_name) {
    job_names_.emplace_back(dossier_id, std::move(folded_name));
}

void SqliteDossierStore::FactStage::EndJob(bool kept) {
    if (kept && !job_.empty()) {
        kept_.insert(kept_.end(),
                     std::make_move_iterator(job_.begin()),
                     std::make_move_iterator(job_.end()));
    }
    if (kept && !job_names_.empty()) {
        kept_names_.insert(kept_names_.end(),
                           std::make_move_iterator(job_names_.begin()),
                           std::make_move_iterator(job_names_.end()));
    }
    job_.clear();
    job_names_.clear();
}

Result<void> SqliteDossierStore::FactStage::Flush(Connection& connection) {
    if (!kept_names_.empty()) {
        const std::vector<Name> names = std::move(kept_names_);
        kept_names_.clear();
        MOTCUA_TRY(IndexNames(connection, names));
    }
    if (kept_.empty()) {
        return {};
    }
    const std::vector<core::kpi::Fact> facts = std::move(kept_);
    kept_.clear();
    return internal::AddFacts(connection, facts);
}

void SqliteDossierStore::FactStage::Clear() {
    job_.clear();
    kept_.clear();
    job_names_.clear();
    kept_names_.clear();
}

Result<core::kpi::ProcedureTraits> SqliteDossierStore::Traits(Connection& c,
                                                              core::model::ProcedureVersionId id) {
    {
        const std::lock_guard lock(traits_mutex_);
        if (const auto it = traits_.find(id.value()); it != traits_.end()) {
            return it->second;
        }
    }
    MOTCUA_ASSIGN_OR_RETURN(core::kpi::ProcedureTraits traits, internal::TraitsOf(c, id));
    // An absent version gets defaults; they are not kept, so a version published later is read.
    if (!traits.sector_code.empty()) {
        const std::lock_guard lock(traits_mutex_);
        if (traits_.size() >= 4096) {
            traits_.clear();
        }
        traits_.emplace(id.value(), traits);
    }
    return traits;
}

void SqliteDossierStore::Remember(const wf::Dossier& dossier) {
    const std::lock_guard lock(mutex_);
    if (cache_.size() >= cache_size_) {
        cache_.clear();
    }
    cache_.insert_or_assign(dossier.id.value(), dossier);
}

Result<wf::Dossier> SqliteDossierStore::Load(core::model::DossierId id) {
    {
        const std::lock_guard lock(mutex_);
        if (const auto it = cache_.find(id.value()); it != cache_.end()) {
            return it->second;
        }
    }
    return db_.ReadLatest([&](Connection& c) { return LoadOne(c, kSelectBody, id.value()); });
}

Result<wf::Dossier> SqliteDossierStore::LoadByCode(std::string_view code) {
    return db_.ReadLatest([&](Connection& c) {
        return LoadOne(c, "SELECT body FROM dossiers WHERE code = ?1", code);
    });
}

Result<std::optional<wf::Dossier>> SqliteDossierStore::FindByIdempotencyKey(std::string_view key) {
    return db_.ReadLatest([&](Connection& c) -> Result<std::optional<wf::Dossier>> {
        auto d = LoadOne(c, "SELECT body FROM dossiers WHERE idempotency_key = ?1", key);
        if (!d) {
            if (d.error().code == ErrorCode::kNotFound) {
                return std::optional<wf::Dossier>{};
            }
            return tl::unexpected(d.error());
        }
        return std::optional<wf::Dossier>(std::move(*d));
    });
}

Result<std::vector<wf::Event>> SqliteDossierStore::Events(core::model::DossierId id) {
    return db_.ReadLatest([&](Connection& c) -> Result<std::vector<wf::Event>> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT data FROM events WHERE dossier_id = ?1 ORDER BY seq"));
        MOTCUA_TRY(st->Bind(1, id.value()));
        std::vector<wf::Event> events;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                break;
            }
            MOTCUA_ASSIGN_OR_RETURN(wf::Event e, DecodeEvent(st->ColumnText(0)));
            events.push_back(std::move(e));
        }
        return events;
    });
}

Result<wf::PublicView> SqliteDossierStore::ReadPublicView(std::string_view code, bool raw) {
    MOTCUA_ASSIGN_OR_RETURN(
        std::optional<wf::PublicView> view,
        // One statement: its own snapshot, without a BEGIN/COMMIT around it.
        db_.ReadOne([&](Connection& c) -> Result<std::optional<wf::PublicView>> {
            MOTCUA_ASSIGN_OR_RETURN(
                CachedStatement st,
                c.Cached("SELECT code, dossier_id, verification_key, procedure_code, "
                         "agency_code, handling_agency_code, channel, status, submitted_at, "
                         "received_at, due_at, finished_at, returned_at, verdict, version, "
                         "timeline FROM dossier_public WHERE code = ?1"));
            MOTCUA_TRY(st->Bind(1, code));
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                return std::optional<wf::PublicView>{};
            }
            if (!raw) {
                MOTCUA_ASSIGN_OR_RETURN(wf::PublicView v, PublicViewAt(*st, 0));
                return std::optional<wf::PublicView>(std::move(v));
            }
            MOTCUA_ASSIGN_OR_RETURN(wf::PublicView v, PublicFieldsAt(*st, 0));
            v.timeline_json = std::string(st->ColumnText(kPublicColumnCount - 1));
            return std::optional<wf::PublicView>(std::move(v));
        }));
    if (view.has_value()) {
        return std::move(*view);
    }
    // No row (a database edited behind the engine's back): built from the events.
    return DossierStore::LoadPublicView(code);
}

Result<wf::PublicView> SqliteDossierStore::LoadPublicView(std::string_view code) {
    return ReadPublicView(code, false);
}

Result<wf::PublicView> SqliteDossierStore::LoadPublicViewRaw(std::string_view code) {
    return ReadPublicView(code, true);
}

Result<core::ports::AppendResult> SqliteDossierStore::Append(core::ports::AppendRequest r) {
    const std::string& tenant = db_.tenant();
    // Encode here, keeping the writer thread (the one serial point) for the database work. An
    // existing dossier is known in full; a new one gets its id and code in the transaction, so
    // it is encoded without them and completed there.
    std::vector<std::string> encoded(r.events.size());
    std::string body;
    std::vector<PendingJson> pending_events;
    PendingJson pending_body;
    const std::string public_lines = PublicTimelineLines(r.events, r.projection);
    if (r.dossier.has_value()) {
        r.projection.id = *r.dossier;
        for (std::size_t i = 0; i < r.events.size(); ++i) {
            r.events[i].dossier = *r.dossier;
            encoded[i] = EncodeEvent(r.events[i]);
        }
        body = EncodeDossier(r.projection);
    } else {
        r.projection.id = core::model::DossierId{};
        pending_events.reserve(r.events.size());
        for (wf::Event& e : r.events) {
            e.dossier = core::model::DossierId{};
            pending_events.push_back(PendingEventJson(e));
        }
        pending_body = PendingDossierJson(r.projection);
    }
    // The projection the events were decided on, for their KPI facts and to skip the step rows
    // they leave as they are: a new dossier starts empty; an existing one is usually the cached
    // copy (else, for the facts, it is read in the transaction).
    std::optional<wf::Dossier> before;
    std::string folded;
    if (!r.dossier.has_value()) {
        before.emplace();
        folded = core::catalog::FoldVietnamese(r.projection.applicant.name);
    } else {
        const std::lock_guard lock(mutex_);
        if (const auto it = cache_.find(r.dossier->value());
            it != cache_.end() && it->second.version == r.expected_version) {
            before = it->second;
        }
    }
    auto appended = db_.Write(
        [&](Connection& c) -> Result<core::ports::AppendResult> {
            wf::Dossier& d = r.projection;
            if (r.events.empty()) {
                return Fail(ErrorCode::kInvalidArgument, "nothing to append");
            }
            if (!r.dossier.has_value()) {
                auto* submitted = std::get_if<wf::Submitted>(&r.events.front().data);
                if (submitted == nullptr || r.expected_version != 0) {
                    return Fail(ErrorCode::kInvalidArgument,
                                "a new dossier must start with its submission");
                }
                if (submitted->code.empty()) {
                    MOTCUA_ASSIGN_OR_RETURN(
                        submitted->code, NextCode(c, submitted->agency_code, r.events.front().at));
                }
                d.code = submitted->code;
                // Reserve the id: the row is written in full below.
                MOTCUA_ASSIGN_OR_RETURN(CachedStatement id_st,
                                        c.Cached("SELECT coalesce(max(id), 0) + 1 FROM dossiers"));
                MOTCUA_ASSIGN_OR_RETURN(const bool row, id_st->Step());
                (void)row;
                d.id = core::model::DossierId{id_st->ColumnInt64(0)};
            } else {
                MOTCUA_ASSIGN_OR_RETURN(CachedStatement v,
                                        c.Cached("SELECT version FROM dossiers WHERE id = ?1"));
                MOTCUA_TRY(v->Bind(1, r.dossier->value()));
                MOTCUA_ASSIGN_OR_RETURN(const bool row, v->Step());
                if (!row) {
                    return Fail(ErrorCode::kNotFound, "dossier not found", "không tìm thấy hồ sơ");
                }
                if (v->ColumnInt64(0) != r.expected_version) {
                    return Fail(ErrorCode::kConflict,
                                fmt::format("dossier {} changed concurrently (version {}, expected "
                                            "{})",
                                            d.code,
                                            v->ColumnInt64(0),
                                            r.expected_version),
                                "hồ sơ vừa được người khác cập nhật; vui lòng tải lại");
                }
                d.id = *r.dossier;
                if (kpi_counters_ && !before.has_value()) {
                    // Read before the projection row is rewritten below.
                    MOTCUA_ASSIGN_OR_RETURN(before, LoadOne(c, kSelectBody, r.dossier->value()));
                }
            }
            for (wf::Event& e : r.events) {
                e.dossier = d.id;
            }
            for (std::size_t i = 0; i < pending_events.size(); ++i) {
                if (pending_events[i].ok) {
                    encoded[i] = CompleteJson(pending_events[i], d.id.value(), d.code);
                }
            }
            if (pending_body.ok) {
                body = CompleteJson(pending_body, d.id.value(), d.code);
            }
            if (body.empty()) {
                body = EncodeDossier(d);
            }
            if (r.dossier.has_value()) {
                MOTCUA_TRY(UpdateProjection(
                    c, d, body, r.events.front().at, before.has_value() ? &*before : nullptr));
                MOTCUA_TRY(UpdatePublicView(c, d, public_lines));
            } else {
                MOTCUA_TRY(WriteProjection(c, tenant, d, body, folded));
                // Staged: the batch's new names go to the index together, before its COMMIT.
                if (db_.writer().Enlist(facts_)) {
                    facts_.StageName(d.id.value(), folded);
                } else {
                    const std::array<std::pair<std::int64_t, std::string>, 1> name{
                        std::pair{d.id.value(), folded}};
                    MOTCUA_TRY(IndexNames(c, name));
                }
                MOTCUA_TRY(
                    WritePublicView(c, tenant, wf::PublicHeader(d), "[" + public_lines + "]"));
            }
            MOTCUA_TRY(AppendEvents(c, r.events, encoded));
            if (kpi_counters_) {
                // Staged: written with the facts of the whole batch before its COMMIT.
                MOTCUA_ASSIGN_OR_RETURN(const core::kpi::ProcedureTraits traits,
                                        Traits(c, internal::FactsVersion(*before, r.events)));
                std::vector<core::kpi::Fact> facts =
                    r.events.empty() ? std::vector<core::kpi::Fact>{}
                                     : core::kpi::FactsOf(*before, r.events, traits);
                if (db_.writer().Enlist(facts_)) {
                    facts_.Stage(std::move(facts));
                } else {
                    MOTCUA_TRY(internal::AddFacts(c, facts));
                }
            }
            MOTCUA_ASSIGN_OR_RETURN(
                CachedStatement out,
                c.Cached("INSERT INTO outbox(topic, key, dossier_id, event_seq, created_at) "
                         "VALUES(?1, ?2, ?3, ?4, ?5)"));
            for (const core::ports::OutboxMessage& m : r.outbox) {
                MOTCUA_TRY(out->BindAll(std::string_view(m.topic),
                                        std::string_view(fmt::format("{}#{}", d.code, m.event_seq)),
                                        d.id.value(),
                                        m.event_seq,
                                        std::string_view(EncodeTime(r.events.back().at))));
                MOTCUA_TRY(out->Run());
                out->Reset();
            }
            return core::ports::AppendResult{d.id, d.code, d.version};
        },
        JobOptions{.keeps_stages = true});
    if (appended) {
        Remember(r.projection);
    } else {
        const std::lock_guard lock(mutex_);
        if (r.dossier.has_value()) {
            cache_.erase(r.dossier->value());
        }
    }
    return appended;
}

Result<AuditReport> VerifyAuditChain(Database& db) {
    return db.Read([](Connection& c) -> Result<AuditReport> {
        AuditReport report;
        MOTCUA_ASSIGN_OR_RETURN(
            Statement st,
            c.Prepare("SELECT e.id, e.dossier_id, e.seq, e.type, e.at, e.data, a.prev_hash, "
                      "a.hash FROM events e LEFT JOIN audit_chain a ON a.event_id = e.id "
                      "ORDER BY e.id"));
        Hash prev{};
        const auto broken = [&](std::int64_t id, std::string problem) {
            if (!report.first_broken_event) {
                report.first_broken_event = id;
                report.problem = std::move(problem);
            }
        };
        while (!report.first_broken_event) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
            if (!row) {
                break;
            }
            ++report.events_checked;
            const std::int64_t id = st.ColumnInt64(0);
            if (st.IsNull(7)) {
                broken(id, "no audit-chain entry");
                break;
            }
            const std::string_view data = st.ColumnText(5);
            const std::span<const std::byte> stored_prev = st.ColumnBlob(6);
            const std::span<const std::byte> stored_hash = st.ColumnBlob(7);
            if (!std::equal(prev.begin(), prev.end(), stored_prev.begin(), stored_prev.end())) {
                broken(id,
                       "previous hash does not match the chain (an entry was removed or "
                       "inserted)");
                break;
            }
            const Hash hash = AuditChainHash(prev, data);
            if (!std::equal(hash.begin(), hash.end(), stored_hash.begin(), stored_hash.end())) {
                broken(id, "event content does not match its hash (the event was altered)");
                break;
            }
            auto event = DecodeEvent(data);
            if (!event || event->dossier.value() != st.ColumnInt64(1) ||
                event->seq != st.ColumnInt64(2) ||
                wf::EventTypeName(event->data) != st.ColumnText(3) ||
                EncodeTime(event->at) != st.ColumnText(4)) {
                broken(id, "event columns differ from the hashed content");
                break;
            }
            prev = hash;
        }
        if (!report.first_broken_event) {
            // A dossier whose newest events were removed together with their chain entries:
            // its projection still counts them.
            MOTCUA_ASSIGN_OR_RETURN(
                Statement tails,
                c.Prepare("SELECT d.code, d.version, coalesce(e.n, 0), coalesce(e.last_id, 0) "
                          "FROM dossiers d LEFT JOIN (SELECT dossier_id, count(*) AS n, "
                          "max(seq) AS m, max(id) AS last_id FROM events GROUP BY dossier_id) e "
                          "ON e.dossier_id = d.id WHERE e.n IS NULL OR e.n != d.version OR "
                          "e.m != d.version ORDER BY d.id LIMIT 1"));
            MOTCUA_ASSIGN_OR_RETURN(const bool row, tails.Step());
            if (row) {
                broken(tails.ColumnInt64(3),
                       fmt::format("dossier {} has {} events but its record counts {} (events "
                                   "removed)",
                                   tails.ColumnText(0),
                                   tails.ColumnInt64(2),
                                   tails.ColumnInt64(1)));
            }
        }
        if (!report.first_broken_event) {
            // Chain entries without an event (an event row deleted).
            MOTCUA_ASSIGN_OR_RETURN(
                Statement orphans,
                c.Prepare("SELECT min(a.event_id) FROM audit_chain a LEFT JOIN events e ON "
                          "e.id = a.event_id WHERE e.id IS NULL"));
            MOTCUA_ASSIGN_OR_RETURN(const bool row, orphans.Step());
            if (row && !orphans.IsNull(0)) {
                broken(orphans.ColumnInt64(0), "the event of this chain entry was deleted");
            }
        }
        return report;
    });
}

namespace {

struct Rebuilt {
    RebuildReport report;
    std::vector<wf::Dossier> replayed;  // the projections that differ, as replayed
    std::vector<wf::PublicView> views;  // the public views that differ (or are missing)
};

// Whether the row's query columns say what the projection says (reports and queues read them,
// not the JSON body).
bool ColumnsMatch(const Statement& row, const wf::Dossier& d) {
    const auto same_time = [&](int column, const std::optional<wf::LocalDateTime>& t) {
        return row.IsNull(column) ? !t.has_value()
                                  : t.has_value() && row.ColumnText(column) == EncodeTime(*t);
    };
    return row.ColumnInt(2) == static_cast<int>(d.status) &&
           row.ColumnText(3) == wf::VerdictName(d.verdict) && row.ColumnInt64(4) == d.version &&
           row.ColumnText(5) == d.handling_agency_code && same_time(6, d.received_at) &&
           same_time(7, d.due_at) && same_time(8, d.finished_at) && row.ColumnText(9) == d.code &&
           row.ColumnText(10) == core::catalog::FoldVietnamese(d.applicant.name);
}

Result<Rebuilt> Replay(Connection& c) {
    Rebuilt out;
    // Columns 0–10 from the projection row, then the public view's (as PublicViewAt reads them)
    // from 11, NULL when it has none.
    constexpr int kFirstPublic = 11;
    MOTCUA_ASSIGN_OR_RETURN(
        Statement ids,
        c.Prepare("SELECT d.id, d.body, d.status, d.verdict, d.version, d.handling_agency_code, "
                  "d.received_at, d.due_at, d.finished_at, d.code, d.applicant_folded, "
                  "p.code, p.dossier_id, p.verification_key, p.procedure_code, p.agency_code, "
                  "p.handling_agency_code, p.channel, p.status, p.submitted_at, p.received_at, "
                  "p.due_at, p.finished_at, p.returned_at, p.verdict, p.version, p.timeline "
                  "FROM dossiers d LEFT JOIN dossier_public p ON p.dossier_id = d.id "
                  "ORDER BY d.id"));
    static_assert(kFirstPublic + kPublicColumnCount == 27);
    MOTCUA_ASSIGN_OR_RETURN(
        Statement events, c.Prepare("SELECT data FROM events WHERE dossier_id = ?1 ORDER BY seq"));
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, ids.Step());
        if (!row) {
            break;
        }
        ++out.report.dossiers;
        MOTCUA_ASSIGN_OR_RETURN(const wf::Dossier stored, DecodeDossier(ids.ColumnText(1)));
        MOTCUA_TRY(events.Bind(1, ids.ColumnInt64(0)));
        wf::Dossier replayed;
        std::vector<wf::Event> history;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool ev, events.Step());
            if (!ev) {
                break;
            }
            ++out.report.events;
            MOTCUA_ASSIGN_OR_RETURN(wf::Event e, DecodeEvent(events.ColumnText(0)));
            replayed = wf::Apply(std::move(replayed), e);
            history.push_back(std::move(e));
        }
        events.Reset();
        wf::PublicView view = wf::PublicViewOf(replayed, history);
        view.id = core::model::DossierId{ids.ColumnInt64(0)};
        bool view_matches = false;
        if (!ids.IsNull(kFirstPublic)) {
            const auto stored_view = PublicViewAt(ids, kFirstPublic);
            // The timeline's bytes too: a lookup copies them into its answer.
            view_matches = stored_view.has_value() && *stored_view == view &&
                           ids.ColumnText(kFirstPublic + kPublicColumnCount - 1) ==
                               EncodePublicTimeline(view.timeline);
        }
        const bool projection_matches = replayed == stored && ColumnsMatch(ids, replayed);
        if (!projection_matches || !view_matches) {
            ++out.report.mismatches;
            if (!out.report.first_mismatch) {
                out.report.first_mismatch = stored.code;
            }
        }
        if (!projection_matches) {
            out.replayed.push_back(std::move(replayed));
        }
        if (!view_matches) {
            out.views.push_back(std::move(view));
        }
    }
    return out;
}

}  // namespace

Result<RebuildReport> RebuildProjections(Database& db, bool write) {
    if (!write) {
        return db.Read([](Connection& c) -> Result<RebuildReport> {
            MOTCUA_ASSIGN_OR_RETURN(Rebuilt r, Replay(c));
            return r.report;
        });
    }
    const std::string tenant = db.tenant();
    return db.Write([&](Connection& c) -> Result<RebuildReport> {
        MOTCUA_ASSIGN_OR_RETURN(Rebuilt r, Replay(c));
        for (const wf::Dossier& d : r.replayed) {
            MOTCUA_TRY(WriteProjection(
                c, tenant, d, EncodeDossier(d), core::catalog::FoldVietnamese(d.applicant.name)));
        }
        for (const wf::PublicView& v : r.views) {
            MOTCUA_TRY(WritePublicView(c, tenant, v, EncodePublicTimeline(v.timeline)));
        }
        return r.report;
    });
}

}  // namespace motcua::storage::sqlite
