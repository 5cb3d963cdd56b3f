// The PostgreSQL DossierStore (DESIGN.md §5 "Production"): the same contract as
// sqlite::SqliteDossierStore — events, projection row, step rows, outbox rows, the public view
// and one audit-chain entry per event, appended atomically and durable when Append returns —
// reading over a PgPool and appending through a group-committing PgWriter, with the schema of
// storage/postgres/migrations. The KPI counter tables of the SQLite store (docs/INDICATORS.md)
// and the attachment links are not kept here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/ports/dossier_store.hpp"
#include "storage/common/audit_report.hpp"
#include "storage/postgres/pg_writer.hpp"
#include "storage/postgres/pool.hpp"

namespace motcua::storage::postgres {

// Thread-safe. Reads take a connection from the pool. Appends go to the store's PgWriter (its
// own connection and thread), which group-commits them: up to max_batch queued appends in one
// transaction, each in its own savepoint, the audit-chain advisory lock taken once right after
// BEGIN, one durable COMMIT, then every append acknowledged. An append whose version check fails
// (kConflict), whose idempotency key is taken (kAlreadyExists) or that fails otherwise is rolled
// back alone; a failed COMMIT fails every append of its batch; a broken connection fails them
// with kUnavailable and is reconnected.
class PgDossierStore final : public core::ports::DossierStore {
public:
    // Opens the writer's connection with `conninfo` (the database of `pool`, migrated by
    // postgres::Migrate) and starts the writer; `pool` must outlive the store and `tenant` (the
    // province code) is written on the rows that carry one. kUnavailable when the server cannot
    // be reached; kInvalidArgument for options.max_batch == 0. options.begin is extended with
    // the chain lock.
    [[nodiscard]] static Result<std::unique_ptr<PgDossierStore>> Open(PgPool& pool,
                                                                      const std::string& conninfo,
                                                                      std::string tenant,
                                                                      PgWriterOptions options = {});

    PgDossierStore(const PgDossierStore&) = delete;
    PgDossierStore& operator=(const PgDossierStore&) = delete;
    PgDossierStore(PgDossierStore&&) = delete;
    PgDossierStore& operator=(PgDossierStore&&) = delete;
    // Stop().
    ~PgDossierStore() override;

    Result<core::workflow::Dossier> Load(core::model::DossierId id) override;
    Result<core::workflow::Dossier> LoadByCode(std::string_view code) override;
    Result<std::optional<core::workflow::Dossier>> FindByIdempotencyKey(
        std::string_view key) override;
    Result<std::vector<core::workflow::Event>> Events(core::model::DossierId id) override;
    // One read of the dossier_public row; a dossier without one gets the view built from its
    // events (the port's default).
    Result<core::workflow::PublicView> LoadPublicView(std::string_view code) override;
    // Blocks until the append's batch has committed durably (or failed); see the class comment.
    // kUnavailable once Stop has begun.
    Result<core::ports::AppendResult> Append(core::ports::AppendRequest request) override;

    // Commits the appends already queued, then refuses new ones (kUnavailable) and joins the
    // writer thread. Idempotent; reads keep working.
    void Stop();

    // The writer's counters (batches, commits, appends acknowledged, largest batch).
    [[nodiscard]] PgWriterStats WriterStats() const;

private:
    PgDossierStore(PgPool& pool, std::unique_ptr<PgWriter> writer, std::string tenant)
        : pool_(pool), writer_(std::move(writer)), tenant_(std::move(tenant)) {}

    PgPool& pool_;
    std::unique_ptr<PgWriter> writer_;
    std::string tenant_;
};

// Re-walks the whole audit chain in one consistent snapshot: SHA-256(prev ‖ canonical event)
// for every event in id order and the event's columns against its canonical JSON, then the
// dossiers whose newest events were removed and chain entries without an event. The same checks
// and messages as sqlite::VerifyAuditChain.
[[nodiscard]] Result<AuditReport> VerifyAuditChain(PgPool& pool);

}  // namespace motcua::storage::postgres
