// The PostgreSQL DossierStore (DESIGN.md §5 "Production"): the same contract as
// sqlite::SqliteDossierStore — events, projection row, step rows, outbox rows, the public view
// and one audit-chain entry per event, appended in one transaction that is durable when Append
// returns — over a PgPool, with the schema of storage/postgres/migrations. The KPI counter
// tables of the SQLite store (docs/INDICATORS.md) and the attachment links are not kept here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/ports/dossier_store.hpp"
#include "storage/common/audit_report.hpp"
#include "storage/postgres/pool.hpp"

namespace motcua::storage::postgres {

// Thread-safe: each call takes a connection from the pool. Concurrent appends to one dossier
// are serialised by its projection row (SELECT … FOR UPDATE), so exactly one of those decided on
// the same version wins and the others fail with kConflict; the audit chain is serialised by a
// transaction-level advisory lock taken just before the events are inserted.
class PgDossierStore final : public core::ports::DossierStore {
public:
    // `pool` must outlive the store and its database be migrated (postgres::Migrate); `tenant`
    // (the province code) is written on the rows that carry one.
    PgDossierStore(PgPool& pool, std::string tenant) : pool_(pool), tenant_(std::move(tenant)) {}

    Result<core::workflow::Dossier> Load(core::model::DossierId id) override;
    Result<core::workflow::Dossier> LoadByCode(std::string_view code) override;
    Result<std::optional<core::workflow::Dossier>> FindByIdempotencyKey(
        std::string_view key) override;
    Result<std::vector<core::workflow::Event>> Events(core::model::DossierId id) override;
    // One read of the dossier_public row; a dossier without one gets the view built from its
    // events (the port's default).
    Result<core::workflow::PublicView> LoadPublicView(std::string_view code) override;
    Result<core::ports::AppendResult> Append(core::ports::AppendRequest request) override;

private:
    PgPool& pool_;
    std::string tenant_;
};

// Re-walks the whole audit chain in one consistent snapshot: SHA-256(prev ‖ canonical event)
// for every event in id order and the event's columns against its canonical JSON, then the
// dossiers whose newest events were removed and chain entries without an event. The same checks
// and messages as sqlite::VerifyAuditChain.
[[nodiscard]] Result<AuditReport> VerifyAuditChain(PgPool& pool);

}  // namespace motcua::storage::postgres
