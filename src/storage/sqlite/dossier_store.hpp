// The SQLite DossierStore: events, projection rows, step deadlines, outbox rows and the audit
// chain, appended in one group-committed transaction (DESIGN.md §3); plus the audit-chain
// verification and the projection rebuild that prove nothing was silently rewritten.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/kpi/facts.hpp"
#include "core/ports/dossier_store.hpp"
#include "storage/common/audit_report.hpp"
#include "storage/sqlite/database.hpp"

namespace motcua::storage::sqlite {

// Keeps the projections it last wrote in a bounded in-process cache, so the common
// load-decide-append cycle of one dossier skips decoding; the version check in Append keeps that
// safe even if another process wrote meanwhile (the stale read then fails with kConflict).
//
// With `kpi_counters` (the default) every append also adds the events' KPI facts to the counter
// tables in its transaction (docs/INDICATORS.md). A bulk load into an empty database may turn
// them off and rebuild them once at the end with RebuildKpiCounters(db). The
// facts of the appends of one group-commit batch are merged and written once, before its COMMIT
// (a Writer BatchStage), as rows of kpi_pending; every kFoldEvery such rows, and before the
// counters are read (SqliteKpiStore, VerifyKpiCounters), they are folded into the counters, so a
// few thousand appends add one row per counter key and rollup bucket however many share it.
class SqliteDossierStore final : public core::ports::DossierStore {
public:
    explicit SqliteDossierStore(Database& db,
                                std::size_t cache_size = 4096,
                                bool kpi_counters = true)
        : db_(db), cache_size_(cache_size), kpi_counters_(kpi_counters) {}

    Result<core::workflow::Dossier> Load(core::model::DossierId id) override;
    Result<core::workflow::Dossier> LoadByCode(std::string_view code) override;
    Result<std::optional<core::workflow::Dossier>> FindByIdempotencyKey(
        std::string_view key) override;
    Result<std::vector<core::workflow::Event>> Events(core::model::DossierId id) override;
    // One read of the public-view columns of the dossier's row (migration 0020), found by its
    // unique code; kNotFound when there is none.
    Result<core::workflow::PublicView> LoadPublicView(std::string_view code) override;
    // The same read, the timeline handed over as stored (PublicView::timeline_json), not decoded.
    Result<core::workflow::PublicView> LoadPublicViewRaw(std::string_view code) override;
    Result<core::ports::AppendResult> Append(core::ports::AppendRequest request) override;

private:
    // LoadPublicView (`raw` false) or LoadPublicViewRaw (`raw` true).
    Result<core::workflow::PublicView> ReadPublicView(std::string_view code, bool raw);

    // What this store's appends stage in the current batch (writer thread only): the KPI facts
    // and the applicant-name index rows of new dossiers (so the full-text index gets one segment
    // per batch instead of one per dossier).
    class FactStage final : public BatchStage {
    public:
        // Adds the facts of the job running now.
        void Stage(std::vector<core::kpi::Fact> facts);
        // Adds the name-index row (dossier id, folded applicant name) of the job running now.
        void StageName(std::int64_t dossier_id, std::string folded_name);
        void EndJob(bool kept) override;
        [[nodiscard]] Result<void> Flush(Connection& connection) override;
        void Clear() override;

    private:
        using Name = std::pair<std::int64_t, std::string>;
        std::vector<core::kpi::Fact> job_;   // of the running job
        std::vector<core::kpi::Fact> kept_;  // of the batch's kept jobs, not yet written
        std::vector<Name> job_names_;        // of the running job
        std::vector<Name> kept_names_;       // of the batch's kept jobs, not yet written
        std::size_t pending_rows_ = 0;       // kpi_pending rows written since the last fold
    };

    // kpi_pending rows after which a batch folds them into the counters before its COMMIT: a
    // fold merges the facts of a few hundred appends and holds the writer a few milliseconds.
    static constexpr std::size_t kFoldEvery = 1024;

    void Remember(const core::workflow::Dossier& dossier);
    // The traits of procedure version `id` (read on `c` once, then from traits_: a published
    // version's sector, fees and online level never change and its row is never deleted).
    [[nodiscard]] Result<core::kpi::ProcedureTraits> Traits(Connection& c,
                                                            core::model::ProcedureVersionId id);

    Database& db_;
    std::size_t cache_size_;
    bool kpi_counters_;
    std::mutex mutex_;
    std::unordered_map<std::int64_t, core::workflow::Dossier> cache_;
    FactStage facts_;
    std::mutex traits_mutex_;  // appends may run off the writer thread when it is not running
    std::unordered_map<std::int64_t, core::kpi::ProcedureTraits> traits_;
};

// The report type shared with the PostgreSQL back end (storage/common/audit_report.hpp).
using AuditReport = storage::AuditReport;

// Re-walks the whole audit chain: SHA-256(prev ‖ canonical event) for every event in id order,
// and the event's columns against its canonical JSON.
[[nodiscard]] Result<AuditReport> VerifyAuditChain(Database& db);

struct RebuildReport {
    std::int64_t dossiers = 0;
    std::int64_t events = 0;
    std::int64_t mismatches = 0;
    std::optional<std::string> first_mismatch;  // dossier code
};

// Replays every dossier's events and compares with the stored projection and the public view its
// row holds (or, with `write`, rewrites the rows where either differs from the replayed one). A
// dossier counts once in `mismatches` whichever of the two differs.
[[nodiscard]] Result<RebuildReport> RebuildProjections(Database& db, bool write);

}  // namespace motcua::storage::sqlite
