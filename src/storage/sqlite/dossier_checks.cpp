// VerifyAuditChain and RebuildProjections (dossier_store.hpp): the audit chain re-walked, and
// every projection row, public view included, replayed from the event log and compared (or
// rewritten).
#include <algorithm>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/catalog/text_fold.hpp"
#include "core/workflow/apply.hpp"
#include "storage/common/audit_hash.hpp"
#include "storage/common/json_codec.hpp"
#include "storage/sqlite/dossier_store.hpp"
#include "storage/sqlite/internal/dossier_rows.hpp"
#include "storage/sqlite/statement.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace wf = core::workflow;
using Hash = AuditHash;
using internal::kPublicColumnCount;
using internal::kPublicColumns;
using internal::PublicViewAt;
using internal::WriteProjection;

}  // namespace

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

// A projection row as replayed: the projection and its public timeline as stored.
struct ReplayedRow {
    wf::Dossier dossier;
    std::string timeline;
};

struct Rebuilt {
    RebuildReport report;
    std::vector<ReplayedRow> replayed;  // the rows whose projection or public view differs
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
    // Columns 0–10 for the projection, then the public view's (as PublicViewAt reads them) from
    // 11.
    constexpr int kFirstPublic = 11;
    MOTCUA_ASSIGN_OR_RETURN(
        Statement ids,
        c.Prepare(fmt::format("SELECT id, body, status, verdict, version, handling_agency_code, "
                              "received_at, due_at, finished_at, code, applicant_folded, {} "
                              "FROM dossiers ORDER BY id",
                              kPublicColumns)));
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
        std::string timeline = EncodePublicTimeline(view.timeline);
        const auto stored_view = PublicViewAt(ids, kFirstPublic);
        // The timeline's bytes too: a lookup copies them into its answer.
        const bool view_matches = stored_view.has_value() && *stored_view == view &&
                                  ids.ColumnText(kFirstPublic + kPublicColumnCount - 1) == timeline;
        const bool projection_matches = replayed == stored && ColumnsMatch(ids, replayed);
        if (!projection_matches || !view_matches) {
            ++out.report.mismatches;
            if (!out.report.first_mismatch) {
                out.report.first_mismatch = stored.code;
            }
            out.replayed.push_back({std::move(replayed), std::move(timeline)});
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
        for (const ReplayedRow& row : r.replayed) {
            const wf::Dossier& d = row.dossier;
            MOTCUA_TRY(WriteProjection(c,
                                       tenant,
                                       d,
                                       EncodeDossier(d),
                                       core::catalog::FoldVietnamese(d.applicant.name),
                                       row.timeline));
        }
        return r.report;
    });
}

}  // namespace motcua::storage::sqlite
