#include "storage/sqlite/internal/dossier_rows.hpp"

#include <algorithm>
#include <span>
#include <utility>

#include <fmt/format.h>

#include "core/workflow/apply.hpp"
#include "storage/common/json_codec.hpp"
#include "storage/sqlite/attachment_store.hpp"

namespace motcua::storage::sqlite::internal {
namespace {

namespace wf = core::workflow;

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
                        const wf::Dossier* previous = nullptr) {
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

}  // namespace

Result<void> UpdateProjection(Connection& c,
                              const wf::Dossier& d,
                              std::string_view body,
                              std::string_view lines,
                              std::optional<wf::LocalDateTime> since,
                              const wf::Dossier* previous) {
    const bool all = previous == nullptr;
    const bool handling = all || previous->handling_agency_code != d.handling_agency_code;
    const bool status = all || previous->status != d.status;
    const bool received = all || previous->received_at != d.received_at;
    const bool due = all || previous->due_at != d.due_at;
    // At most 16 distinct texts, so the statement cache keeps them all. returned_at is not
    // indexed: naming it always costs nothing (the row is rewritten anyway).
    std::string sql =
        "UPDATE dossiers SET finished_at = ?2, verdict = ?3, version = ?4, body = ?5, "
        "returned_at = ?10, timeline = CASE WHEN ?11 = '' THEN timeline "
        "WHEN timeline = '[]' THEN '[' || ?11 || ']' "
        "ELSE rtrim(timeline, ']') || ',' || ?11 || ']' END";
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
    MOTCUA_TRY(st->Bind(10, OptionalTime(d.returned_at)));
    MOTCUA_TRY(st->Bind(11, lines));
    MOTCUA_TRY(st->Run());
    MOTCUA_TRY(WriteSteps(c, d, since, previous));
    return WriteAttachmentLinks(c, d);
}

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

Result<void> WriteProjection(Connection& c,
                             const std::string& tenant,
                             const wf::Dossier& d,
                             std::string_view body,
                             std::string_view folded,
                             std::string_view timeline,
                             std::optional<wf::LocalDateTime> since) {
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached(
            "INSERT INTO dossiers(id, tenant, code, verification_key, agency_code, "
            "handling_agency_code, procedure_code, channel, assisted, status, submitted_at, "
            "received_at, due_at, finished_at, verdict, applicant_account, idempotency_key, "
            "version, body, applicant_folded, returned_at, timeline) VALUES(?1, ?2, ?3, ?4, ?5, "
            "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22) "
            "ON CONFLICT(id) DO UPDATE SET handling_agency_code = excluded.handling_agency_code, "
            "status = excluded.status, received_at = excluded.received_at, "
            "due_at = excluded.due_at, finished_at = excluded.finished_at, "
            "verdict = excluded.verdict, version = excluded.version, body = excluded.body, "
            "applicant_folded = excluded.applicant_folded, returned_at = excluded.returned_at, "
            "timeline = excluded.timeline"));
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
    MOTCUA_TRY(st->Bind(21, OptionalTime(d.returned_at)));
    MOTCUA_TRY(st->Bind(22, timeline));
    MOTCUA_TRY(st->Run());

    MOTCUA_TRY(WriteSteps(c, d, since));
    return WriteAttachmentLinks(c, d);
}

// ---- The public view (0020_public_view_in_dossiers.sql) ----------------------------------

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

Result<wf::PublicView> PublicViewAt(const Statement& row, int first) {
    MOTCUA_ASSIGN_OR_RETURN(wf::PublicView v, PublicFieldsAt(row, first));
    MOTCUA_ASSIGN_OR_RETURN(v.timeline,
                            DecodePublicTimeline(row.ColumnText(first + kPublicColumnCount - 1)));
    return v;
}

}  // namespace motcua::storage::sqlite::internal
