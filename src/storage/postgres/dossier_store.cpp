#include "storage/postgres/dossier_store.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "core/catalog/text_fold.hpp"
#include "core/workflow/public_view.hpp"
#include "storage/common/audit_hash.hpp"
#include "storage/common/dossier_code.hpp"
#include "storage/common/json_codec.hpp"
#include "storage/common/public_lines.hpp"

namespace motcua::storage::postgres {
namespace {

namespace wf = core::workflow;

// Serialises appends to the audit chain (pg_advisory_xact_lock: held until COMMIT/ROLLBACK),
// taken once per batch by the writer right after BEGIN. Any constant works: it only has to differ
// from the other advisory locks motcua takes.
constexpr std::string_view kChainLock = "SELECT pg_advisory_xact_lock(7300002)";

// How many events VerifyAuditChain reads per query.
constexpr int kVerifyBatch = 2000;

Param Time(const std::optional<wf::LocalDateTime>& t) {
    if (!t) {
        return std::nullopt;
    }
    return EncodeTime(*t);
}

Result<wf::Dossier> LoadOne(PgConnection& c, std::string_view sql, const Param& key) {
    MOTCUA_ASSIGN_OR_RETURN(const PgResult r, c.Exec(sql, {key}));
    if (r.Rows() == 0) {
        return Fail(ErrorCode::kNotFound, "dossier not found", "không tìm thấy hồ sơ");
    }
    return DecodeDossier(r.Text(0, 0));
}

// Upserts the step rows; steps finished before `since` were written by earlier appends.
void WriteSteps(std::vector<PgStatement>& out,
                const wf::Dossier& d,
                std::optional<wf::LocalDateTime> since) {
    for (const wf::StepRecord& s : d.steps) {
        if (since.has_value() && s.finished_at.has_value() && *s.finished_at < *since) {
            continue;
        }
        std::optional<std::int64_t> assignee;
        if (s.assignee.has_value()) {
            assignee = s.assignee->value();
        }
        // Waiting for work: unfinished, on a dossier still in processing.
        const bool active = !s.finished_at.has_value() && !wf::IsTerminal(d.status);
        out.push_back(PgStatement{
            "INSERT INTO dossier_steps(dossier_id, step_index, name, role, agency_code, "
            "assignee, started_at, due_at, finished_at, verdict, consultation, active) "
            "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
            "ON CONFLICT (dossier_id, step_index) DO UPDATE SET name = excluded.name, "
            "role = excluded.role, agency_code = excluded.agency_code, "
            "assignee = excluded.assignee, started_at = excluded.started_at, "
            "due_at = excluded.due_at, finished_at = excluded.finished_at, "
            "verdict = excluded.verdict, consultation = excluded.consultation, "
            "active = excluded.active",
            {d.id.value(),
             std::int64_t{s.index},
             s.name,
             wf::RoleName(s.role),
             s.agency_code,
             assignee,
             EncodeTime(s.started_at),
             EncodeTime(s.due_at),
             Time(s.finished_at),
             wf::VerdictName(s.verdict),
             s.consultation,
             active}});
    }
}

void InsertProjection(std::vector<PgStatement>& out,
                      const std::string& tenant,
                      const wf::Dossier& d,
                      const std::string& body) {
    std::optional<std::int64_t> account;
    if (d.applicant.account.has_value()) {
        account = d.applicant.account->value();
    }
    const std::optional<std::string> key =
        d.idempotency_key.empty() ? std::nullopt : std::optional<std::string>(d.idempotency_key);
    out.push_back(PgStatement{
        "INSERT INTO dossiers(id, tenant, code, verification_key, agency_code, "
        "handling_agency_code, procedure_code, channel, assisted, status, submitted_at, "
        "received_at, due_at, finished_at, verdict, applicant_account, idempotency_key, version, "
        "applicant_folded, body) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
        "$14, $15, $16, $17, $18, $19, $20::jsonb)",
        {d.id.value(),
         tenant,
         d.code,
         d.verification_key,
         d.agency_code,
         d.handling_agency_code,
         d.procedure_code,
         wf::ChannelName(d.channel),
         d.assisted,
         static_cast<int>(d.status),
         EncodeTime(d.submitted_at),
         Time(d.received_at),
         Time(d.due_at),
         Time(d.finished_at),
         wf::VerdictName(d.verdict),
         account,
         key,
         d.version,
         core::catalog::FoldVietnamese(d.applicant.name),
         body}});
    WriteSteps(out, d, std::nullopt);
}

// The columns an event can change.
void UpdateProjection(std::vector<PgStatement>& out,
                      const wf::Dossier& d,
                      const std::string& body,
                      wf::LocalDateTime since) {
    out.push_back(
        PgStatement{"UPDATE dossiers SET handling_agency_code = $2, status = $3, received_at = $4, "
                    "due_at = $5, finished_at = $6, verdict = $7, version = $8, body = $9::jsonb "
                    "WHERE id = $1",
                    {d.id.value(),
                     d.handling_agency_code,
                     static_cast<int>(d.status),
                     Time(d.received_at),
                     Time(d.due_at),
                     Time(d.finished_at),
                     wf::VerdictName(d.verdict),
                     d.version,
                     body}});
    WriteSteps(out, d, since);
}

// The whole public row: the header of `d` and the timeline `lines` (PublicTimelineLines).
void InsertPublicView(std::vector<PgStatement>& out,
                      const std::string& tenant,
                      const wf::Dossier& d,
                      const std::string& lines) {
    const wf::PublicView v = wf::PublicHeader(d);
    out.push_back(PgStatement{
        "INSERT INTO dossier_public(code, tenant, dossier_id, verification_key, procedure_code, "
        "agency_code, handling_agency_code, channel, status, submitted_at, received_at, due_at, "
        "finished_at, returned_at, verdict, version, timeline) VALUES($1, $2, $3, $4, $5, $6, "
        "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb)",
        {v.code,
         tenant,
         d.id.value(),
         v.verification_key,
         v.procedure_code,
         v.agency_code,
         v.handling_agency_code,
         wf::ChannelName(v.channel),
         static_cast<int>(v.status),
         EncodeTime(v.submitted_at),
         Time(v.received_at),
         Time(v.due_at),
         Time(v.finished_at),
         Time(v.returned_at),
         wf::VerdictName(v.verdict),
         v.version,
         "[" + lines + "]"}});
}

// After an append to an existing dossier: the fields an event can change, and the new events'
// `lines` added to the stored timeline. A missing row stays missing (lookups then build the view
// from the events).
void UpdatePublicView(std::vector<PgStatement>& out,
                      const wf::Dossier& d,
                      const std::string& lines) {
    const Param added = lines.empty() ? Param(std::nullopt) : Param(std::string("[" + lines + "]"));
    out.push_back(PgStatement{
        "UPDATE dossier_public SET handling_agency_code = $2, status = $3, received_at = $4, "
        "due_at = $5, finished_at = $6, returned_at = $7, verdict = $8, version = $9, "
        "timeline = coalesce(timeline || $10::jsonb, timeline) WHERE dossier_id = $1",
        {d.id.value(),
         d.handling_agency_code,
         static_cast<int>(d.status),
         Time(d.received_at),
         Time(d.due_at),
         Time(d.finished_at),
         Time(d.returned_at),
         wf::VerdictName(d.verdict),
         d.version,
         added}});
}

// The newest chain hash in `r` (row 0, column 0; all zeros when the chain is empty).
Result<AuditHash> HeadHash(const PgResult& r) {
    AuditHash h{};
    if (r.Rows() > 0) {
        MOTCUA_ASSIGN_OR_RETURN(const std::vector<std::byte> bytes, r.Bytes(0, 0));
        if (bytes.size() != h.size()) {
            return Fail(ErrorCode::kInternal, "audit chain hash of the wrong size");
        }
        std::copy(bytes.begin(), bytes.end(), h.begin());
    }
    return h;
}

// One append inside its savepoint of the writer's batch transaction (which holds the chain
// lock), in two round trips: the version check (or the new dossier's code and id) with the
// newest chain hash; then the projection, step, public-view and outbox rows and the events with
// their chain entries. The writer rolls the savepoint back when it fails.
Result<core::ports::AppendResult> AppendIn(PgWriter::Tx& tx,
                                           const std::string& tenant,
                                           core::ports::AppendRequest& r,
                                           const std::string& lines) {
    wf::Dossier& d = r.projection;
    // The chain lock is held since the batch's BEGIN, so this sees the whole chain, including
    // the events of the jobs before this one in the batch.
    const PgStatement head{"SELECT hash FROM audit_chain ORDER BY event_id DESC LIMIT 1", {}};
    std::vector<PgStatement> first;
    AuditHash prev{};
    if (!r.dossier.has_value()) {
        auto* submitted = std::get_if<wf::Submitted>(&r.events.front().data);
        if (submitted == nullptr || r.expected_version != 0) {
            return Fail(ErrorCode::kInvalidArgument,
                        "a new dossier must start with its submission");
        }
        const bool needs_code = submitted->code.empty();
        const std::string day = CounterDay(r.events.front().at);
        if (needs_code) {
            first.push_back(PgStatement{
                "INSERT INTO dossier_counters(agency_code, day, last) VALUES($1, $2, 1) "
                "ON CONFLICT (agency_code, day) DO UPDATE SET last = dossier_counters.last + 1 "
                "RETURNING last",
                {submitted->agency_code, day}});
        }
        first.push_back(PgStatement{"SELECT nextval('dossier_ids')", {}});
        first.push_back(head);
        MOTCUA_ASSIGN_OR_RETURN(const std::vector<PgResult> got, tx.Pipeline(first));
        if (needs_code) {
            MOTCUA_ASSIGN_OR_RETURN(const std::int64_t number, got[0].Int64(0, 0));
            submitted->code = DossierCode(submitted->agency_code, day, number);
        }
        d.code = submitted->code;
        MOTCUA_ASSIGN_OR_RETURN(const std::int64_t id, got[got.size() - 2].Int64(0, 0));
        d.id = core::model::DossierId{id};
        MOTCUA_ASSIGN_OR_RETURN(prev, HeadHash(got.back()));
    } else {
        // Locks the row against writers outside this batch; within it, the jobs before this
        // one have already written their versions.
        first.push_back(PgStatement{"SELECT version FROM dossiers WHERE id = $1 FOR UPDATE",
                                    {r.dossier->value()}});
        first.push_back(head);
        MOTCUA_ASSIGN_OR_RETURN(const std::vector<PgResult> got, tx.Pipeline(first));
        if (got[0].Rows() == 0) {
            return Fail(ErrorCode::kNotFound, "dossier not found", "không tìm thấy hồ sơ");
        }
        MOTCUA_ASSIGN_OR_RETURN(const std::int64_t version, got[0].Int64(0, 0));
        if (version != r.expected_version) {
            return Fail(ErrorCode::kConflict,
                        fmt::format("dossier {} changed concurrently (version {}, expected {})",
                                    d.code,
                                    version,
                                    r.expected_version),
                        "hồ sơ vừa được người khác cập nhật; vui lòng tải lại");
        }
        d.id = *r.dossier;
        MOTCUA_ASSIGN_OR_RETURN(prev, HeadHash(got[1]));
    }
    std::vector<std::string> encoded;
    encoded.reserve(r.events.size());
    for (wf::Event& e : r.events) {
        e.dossier = d.id;
        encoded.push_back(EncodeEvent(e));
    }
    const std::string body = EncodeDossier(d);

    std::vector<PgStatement> writes;
    if (r.dossier.has_value()) {
        UpdateProjection(writes, d, body, r.events.front().at);
        UpdatePublicView(writes, d, lines);
    } else {
        InsertProjection(writes, tenant, d, body);
        InsertPublicView(writes, tenant, d, lines);
    }
    const std::string created_at = EncodeTime(r.events.back().at);
    for (const core::ports::OutboxMessage& m : r.outbox) {
        writes.push_back(
            PgStatement{"INSERT INTO outbox(topic, key, dossier_id, event_seq, "
                        "created_at) VALUES($1, $2, $3, $4, $5)",
                        {m.topic,
                         fmt::format("{}#{}", d.code, m.event_seq),
                         d.id.value(),
                         m.event_seq,
                         created_at}});
    }
    // Event ids are taken under the chain lock, in order, so id order is chain order.
    for (std::size_t i = 0; i < r.events.size(); ++i) {
        const wf::Event& e = r.events[i];
        const AuditHash hash = AuditChainHash(prev, encoded[i]);
        writes.push_back(PgStatement{
            "WITH e AS (INSERT INTO events(dossier_id, seq, type, at, data) "
            "VALUES($1, $2, $3, $4, $5) RETURNING id) "
            "INSERT INTO audit_chain(event_id, prev_hash, hash) SELECT id, $6::bytea, $7::bytea "
            "FROM e",
            {e.dossier.value(),
             e.seq,
             wf::EventTypeName(e.data),
             EncodeTime(e.at),
             encoded[i],
             Param::Bytes(prev),
             Param::Bytes(hash)}});
        prev = hash;
    }
    MOTCUA_TRY(tx.Pipeline(writes));
    return core::ports::AppendResult{d.id, d.code, d.version};
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

Result<std::optional<wf::LocalDateTime>> OptionalTimeAt(const PgResult& r, int column) {
    if (r.IsNull(0, column)) {
        return std::optional<wf::LocalDateTime>{};
    }
    MOTCUA_ASSIGN_OR_RETURN(const wf::LocalDateTime t,
                            core::calendar::ParseDateTime(r.Text(0, column)));
    return std::optional<wf::LocalDateTime>(t);
}

// The view in row 0 of a `SELECT code, dossier_id, verification_key, procedure_code,
// agency_code, handling_agency_code, channel, status, submitted_at, received_at, due_at,
// finished_at, returned_at, verdict, version, timeline`.
Result<wf::PublicView> PublicViewOf(const PgResult& r) {
    wf::PublicView v;
    int i = 0;
    v.code = std::string(r.Text(0, i++));
    MOTCUA_ASSIGN_OR_RETURN(const std::int64_t id, r.Int64(0, i++));
    v.id = core::model::DossierId{id};
    v.verification_key = std::string(r.Text(0, i++));
    v.procedure_code = std::string(r.Text(0, i++));
    v.agency_code = std::string(r.Text(0, i++));
    v.handling_agency_code = std::string(r.Text(0, i++));
    MOTCUA_ASSIGN_OR_RETURN(v.channel, wf::ParseChannel(r.Text(0, i++)));
    MOTCUA_ASSIGN_OR_RETURN(const std::int64_t status, r.Int64(0, i++));
    if (status < 1 || status > 10) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("stored status {} is invalid", status));
    }
    v.status = static_cast<wf::DossierStatus>(status);
    MOTCUA_ASSIGN_OR_RETURN(v.submitted_at, core::calendar::ParseDateTime(r.Text(0, i++)));
    MOTCUA_ASSIGN_OR_RETURN(v.received_at, OptionalTimeAt(r, i++));
    MOTCUA_ASSIGN_OR_RETURN(v.due_at, OptionalTimeAt(r, i++));
    MOTCUA_ASSIGN_OR_RETURN(v.finished_at, OptionalTimeAt(r, i++));
    MOTCUA_ASSIGN_OR_RETURN(v.returned_at, OptionalTimeAt(r, i++));
    MOTCUA_ASSIGN_OR_RETURN(v.verdict, VerdictNamed(r.Text(0, i++)));
    MOTCUA_ASSIGN_OR_RETURN(v.version, r.Int64(0, i++));
    MOTCUA_ASSIGN_OR_RETURN(v.timeline, DecodePublicTimeline(r.Text(0, i++)));
    return v;
}

}  // namespace

Result<wf::Dossier> PgDossierStore::Load(core::model::DossierId id) {
    MOTCUA_ASSIGN_OR_RETURN(PgPool::Lease c, pool_.Acquire());
    return LoadOne(*c, "SELECT body FROM dossiers WHERE id = $1", id.value());
}

Result<wf::Dossier> PgDossierStore::LoadByCode(std::string_view code) {
    MOTCUA_ASSIGN_OR_RETURN(PgPool::Lease c, pool_.Acquire());
    return LoadOne(*c, "SELECT body FROM dossiers WHERE code = $1", code);
}

Result<std::optional<wf::Dossier>> PgDossierStore::FindByIdempotencyKey(std::string_view key) {
    MOTCUA_ASSIGN_OR_RETURN(PgPool::Lease c, pool_.Acquire());
    auto d = LoadOne(*c, "SELECT body FROM dossiers WHERE idempotency_key = $1", key);
    if (!d) {
        if (d.error().code == ErrorCode::kNotFound) {
            return std::optional<wf::Dossier>{};
        }
        return tl::unexpected(d.error());
    }
    return std::optional<wf::Dossier>(std::move(*d));
}

Result<std::vector<wf::Event>> PgDossierStore::Events(core::model::DossierId id) {
    MOTCUA_ASSIGN_OR_RETURN(PgPool::Lease c, pool_.Acquire());
    MOTCUA_ASSIGN_OR_RETURN(
        const PgResult r,
        c->Exec("SELECT data FROM events WHERE dossier_id = $1 ORDER BY seq", {id.value()}));
    std::vector<wf::Event> events;
    events.reserve(static_cast<std::size_t>(r.Rows()));
    for (int row = 0; row < r.Rows(); ++row) {
        MOTCUA_ASSIGN_OR_RETURN(wf::Event e, DecodeEvent(r.Text(row, 0)));
        events.push_back(std::move(e));
    }
    return events;
}

Result<wf::PublicView> PgDossierStore::LoadPublicView(std::string_view code) {
    {
        MOTCUA_ASSIGN_OR_RETURN(PgPool::Lease c, pool_.Acquire());
        MOTCUA_ASSIGN_OR_RETURN(
            const PgResult r,
            c->Exec("SELECT code, dossier_id, verification_key, procedure_code, agency_code, "
                    "handling_agency_code, channel, status, submitted_at, received_at, due_at, "
                    "finished_at, returned_at, verdict, version, timeline FROM dossier_public "
                    "WHERE code = $1",
                    {code}));
        if (r.Rows() > 0) {
            return PublicViewOf(r);
        }
    }
    // No row (a database edited behind the store's back): built from the events.
    return DossierStore::LoadPublicView(code);
}

Result<std::unique_ptr<PgDossierStore>> PgDossierStore::Open(PgPool& pool,
                                                             const std::string& conninfo,
                                                             std::string tenant,
                                                             PgWriterOptions options) {
    MOTCUA_ASSIGN_OR_RETURN(PgConnection connection, PgConnection::Open(conninfo));
    options.begin.insert(options.begin.begin(), std::string(kChainLock));
    MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<PgWriter> writer,
                            PgWriter::Start(std::move(connection), std::move(options)));
    return std::unique_ptr<PgDossierStore>(
        new PgDossierStore(pool, std::move(writer), std::move(tenant)));
}

PgDossierStore::~PgDossierStore() {
    Stop();
}

void PgDossierStore::Stop() {
    writer_->Stop();
}

PgWriterStats PgDossierStore::WriterStats() const {
    return writer_->Stats();
}

Result<core::ports::AppendResult> PgDossierStore::Append(core::ports::AppendRequest r) {
    if (r.events.empty()) {
        return Fail(ErrorCode::kInvalidArgument, "nothing to append");
    }
    const std::string lines = PublicTimelineLines(r.events, r.projection);
    std::optional<core::ports::AppendResult> appended;
    MOTCUA_TRY(writer_->Execute([&](PgWriter::Tx& tx) -> Result<void> {
        MOTCUA_ASSIGN_OR_RETURN(appended, AppendIn(tx, tenant_, r, lines));
        return {};
    }));
    return std::move(*appended);
}

Result<AuditReport> VerifyAuditChain(PgPool& pool) {
    MOTCUA_ASSIGN_OR_RETURN(PgPool::Lease lease, pool.Acquire());
    return InTransaction(
        *lease,
        [](PgConnection& c) -> Result<AuditReport> {
            AuditReport report;
            const auto broken = [&](std::int64_t id, std::string problem) {
                if (!report.first_broken_event) {
                    report.first_broken_event = id;
                    report.problem = std::move(problem);
                }
            };
            AuditHash prev{};
            std::int64_t after = 0;
            bool more = true;
            while (more && !report.first_broken_event) {
                MOTCUA_ASSIGN_OR_RETURN(
                    const PgResult r,
                    c.Exec("SELECT e.id, e.dossier_id, e.seq, e.type, e.at, e.data, a.prev_hash, "
                           "a.hash FROM events e LEFT JOIN audit_chain a ON a.event_id = e.id "
                           "WHERE e.id > $1 ORDER BY e.id LIMIT $2",
                           {after, kVerifyBatch}));
                more = r.Rows() == kVerifyBatch;
                for (int row = 0; row < r.Rows(); ++row) {
                    ++report.events_checked;
                    MOTCUA_ASSIGN_OR_RETURN(const std::int64_t id, r.Int64(row, 0));
                    after = id;
                    if (r.IsNull(row, 7)) {
                        broken(id, "no audit-chain entry");
                        break;
                    }
                    const std::string_view data = r.Text(row, 5);
                    MOTCUA_ASSIGN_OR_RETURN(const std::vector<std::byte> stored_prev,
                                            r.Bytes(row, 6));
                    MOTCUA_ASSIGN_OR_RETURN(const std::vector<std::byte> stored_hash,
                                            r.Bytes(row, 7));
                    if (!std::equal(
                            prev.begin(), prev.end(), stored_prev.begin(), stored_prev.end())) {
                        broken(id,
                               "previous hash does not match the chain (an entry was removed or "
                               "inserted)");
                        break;
                    }
                    const AuditHash hash = AuditChainHash(prev, data);
                    if (!std::equal(
                            hash.begin(), hash.end(), stored_hash.begin(), stored_hash.end())) {
                        broken(id, "event content does not match its hash (the event was altered)");
                        break;
                    }
                    auto event = DecodeEvent(data);
                    const auto dossier = r.Int64(row, 1);
                    const auto seq = r.Int64(row, 2);
                    if (!event || !dossier || !seq || event->dossier.value() != *dossier ||
                        event->seq != *seq || wf::EventTypeName(event->data) != r.Text(row, 3) ||
                        EncodeTime(event->at) != r.Text(row, 4)) {
                        broken(id, "event columns differ from the hashed content");
                        break;
                    }
                    prev = hash;
                }
            }
            if (!report.first_broken_event) {
                // A dossier whose newest events were removed together with their chain entries:
                // its projection still counts them.
                MOTCUA_ASSIGN_OR_RETURN(
                    const PgResult tails,
                    c.Exec("SELECT d.code, d.version, coalesce(e.n, 0), coalesce(e.last_id, 0) "
                           "FROM dossiers d LEFT JOIN (SELECT dossier_id, count(*) AS n, "
                           "max(seq) AS m, max(id) AS last_id FROM events GROUP BY dossier_id) e "
                           "ON e.dossier_id = d.id WHERE e.n IS NULL OR e.n != d.version OR "
                           "e.m != d.version ORDER BY d.id LIMIT 1"));
                if (tails.Rows() > 0) {
                    MOTCUA_ASSIGN_OR_RETURN(const std::int64_t last_id, tails.Int64(0, 3));
                    broken(last_id,
                           fmt::format("dossier {} has {} events but its record counts {} "
                                       "(events removed)",
                                       tails.Text(0, 0),
                                       tails.Text(0, 2),
                                       tails.Text(0, 1)));
                }
            }
            if (!report.first_broken_event) {
                // Chain entries without an event (an event row deleted).
                MOTCUA_ASSIGN_OR_RETURN(
                    const PgResult orphans,
                    c.Exec("SELECT min(a.event_id) FROM audit_chain a LEFT JOIN events e ON "
                           "e.id = a.event_id WHERE e.id IS NULL"));
                if (orphans.Rows() > 0 && !orphans.IsNull(0, 0)) {
                    MOTCUA_ASSIGN_OR_RETURN(const std::int64_t id, orphans.Int64(0, 0));
                    broken(id, "the event of this chain entry was deleted");
                }
            }
            return report;
        },
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

}  // namespace motcua::storage::postgres
