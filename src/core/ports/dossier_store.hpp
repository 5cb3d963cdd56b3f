// Ports the workflow needs from the outside world (STYLE.md §1: core declares, storage and app
// implement). Implementations must be thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/working_calendar.hpp"
#include "core/catalog/procedure.hpp"
#include "core/model/agency.hpp"
#include "core/workflow/dossier.hpp"
#include "core/workflow/process.hpp"
#include "core/workflow/public_view.hpp"

namespace motcua::core::ports {

using model::DossierId;
using workflow::Dossier;
using workflow::Event;

// A message for another system (national portal sync, SMS/e-mail), written in the same
// transaction as the event that caused it and delivered later by the outbox dispatcher.
// Its idempotency key for the receiver is "<dossier code>#<event seq>", set by storage.
struct OutboxMessage {
    std::string topic;           // "dvcqg.sync", "notify.applicant"
    std::int64_t event_seq = 0;  // the event that caused it

    bool operator==(const OutboxMessage&) const = default;
};

struct AppendRequest {
    // Empty for a new dossier: storage assigns the id and, when the Submitted event's code is
    // empty, the dossier code `<agency code>-<YYMMDD>-<NNNN>` from an atomic per-agency daily
    // counter, writing it into the event and the projection before anything is hashed.
    std::optional<DossierId> dossier;
    std::int64_t expected_version = 0;  // the projection version the events were decided on
    std::vector<Event> events;          // seq = expected_version + 1, …
    Dossier projection;                 // the dossier after the events
    std::vector<OutboxMessage> outbox;
};

struct AppendResult {
    DossierId id;
    std::string code;
    std::int64_t version = 0;
};

// The dossier event store and its projection.
class DossierStore {
public:
    virtual ~DossierStore() = default;

    // kNotFound when absent.
    [[nodiscard]] virtual Result<Dossier> Load(DossierId id) = 0;
    [[nodiscard]] virtual Result<Dossier> LoadByCode(std::string_view code) = 0;
    // The dossier submitted with this idempotency key, if any.
    [[nodiscard]] virtual Result<std::optional<Dossier>> FindByIdempotencyKey(
        std::string_view key) = 0;
    // Events of one dossier in order.
    [[nodiscard]] virtual Result<std::vector<Event>> Events(DossierId id) = 0;

    // The public view of the dossier with this code (workflow/public_view.hpp); kNotFound when
    // absent. This default builds it from the projection and the events; a store that keeps the
    // view beside the projection answers with one read.
    [[nodiscard]] virtual Result<workflow::PublicView> LoadPublicView(std::string_view code) {
        MOTCUA_ASSIGN_OR_RETURN(const Dossier dossier, LoadByCode(code));
        MOTCUA_ASSIGN_OR_RETURN(const std::vector<Event> events, Events(dossier.id));
        return workflow::PublicViewOf(dossier, events);
    }

    // The same view for a public answer (DossierService::TrackPublic): a store that keeps the
    // timeline in the answer's JSON form hands over those bytes (PublicView::timeline_json)
    // instead of decoding them. This default is LoadPublicView.
    [[nodiscard]] virtual Result<workflow::PublicView> LoadPublicViewRaw(std::string_view code) {
        return LoadPublicView(code);
    }

    // Appends atomically and durably: events, projection, outbox rows and one audit-chain entry
    // per event, in one transaction; returns only after the commit is durable. kConflict when
    // the stored version is not `expected_version` (nothing written); kAlreadyExists when the
    // idempotency key is taken.
    [[nodiscard]] virtual Result<AppendResult> Append(AppendRequest request) = 0;
};

// Reference data: agencies, the catalog, internal processes and calendars.
class Directory {
public:
    virtual ~Directory() = default;

    [[nodiscard]] virtual Result<model::Agency> AgencyByCode(std::string_view code) = 0;
    // The agency and every agency below it (codes), for scoping officers.
    [[nodiscard]] virtual Result<std::vector<std::string>> Subtree(std::string_view code) = 0;
    // The version of `code` in force on `date`; kNotFound when the procedure is not in force.
    [[nodiscard]] virtual Result<catalog::ProcedureVersion> VersionInForce(
        std::string_view code,
        calendar::LocalDate date) = 0;
    [[nodiscard]] virtual Result<catalog::ProcedureVersion> Version(
        model::ProcedureVersionId id) = 0;
    // The competent agency for `code` received at `agency` on `date` (after delegations).
    [[nodiscard]] virtual Result<std::string> CompetentAgency(std::string_view code,
                                                              std::string_view agency,
                                                              calendar::LocalDate date) = 0;
    // kNotFound when the agency has no process for the procedure.
    [[nodiscard]] virtual Result<workflow::InternalProcess> Process(
        std::string_view procedure_code,
        std::string_view agency_code) = 0;

    // The process a dossier received at `received_at` follows: the version of the agency's
    // process that applied then (ports::ProcessVersion), or the first version for a dossier
    // received before any. kNotFound when the agency has no process for the procedure. A
    // directory that keeps no versions answers with the current process.
    [[nodiscard]] virtual Result<workflow::InternalProcess> ProcessFor(
        std::string_view procedure_code,
        std::string_view agency_code,
        calendar::LocalDateTime received_at) {
        static_cast<void>(received_at);
        return Process(procedure_code, agency_code);
    }

    // The agency's working calendar (national calendar with its overrides and hours).
    [[nodiscard]] virtual Result<std::shared_ptr<const calendar::WorkingCalendar>> CalendarOf(
        std::string_view agency_code) = 0;
};

// Random material (verification keys). Thread-safe.
class KeySource {
public:
    virtual ~KeySource() = default;
    // A short key printed on the receipt (8 characters of an unambiguous alphabet).
    virtual std::string NewVerificationKey() = 0;
};

}  // namespace motcua::core::ports
