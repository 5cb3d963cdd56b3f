// DossierService: the one entry point that changes dossiers. For each request it gathers the
// context (agency scope, pinned procedure version, internal process, calendar, rule set), asks
// the pure Decide for events, folds them into the projection and appends everything through the
// DossierStore in one durable transaction. Thread-safe when its ports are; holds no state.
//
// Attachments: a submission or supplement names uploaded files by SHA-256. Before deciding, the
// service reads each one's upload records from the AttachmentStore and requires one the actor
// may use (workflow/attachments.hpp MayUseUpload: their own upload, or an officer's upload from
// an agency in their scope), or the same content already on the dossier. Unknown content and
// someone else's content get the same kInvalidArgument, so the answer never reveals whether a
// file exists. Size and type are then copied from the store's record (the client's values are
// ignored) and the name is sanitised, or taken from the upload when the client gave none.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/ports/attachment_store.hpp"
#include "core/ports/dossier_store.hpp"
#include "core/workflow/commands.hpp"
#include "core/workflow/dossier.hpp"
#include "core/workflow/public_view.hpp"

namespace motcua::core::workflow {

class DossierService {
public:
    // `attachments` may be null: then any request referencing attachments fails with
    // kFailedPrecondition. Every port must outlive the service.
    DossierService(ports::Directory& directory,
                   ports::DossierStore& store,
                   const Clock& clock,
                   ports::KeySource& keys,
                   ports::AttachmentStore* attachments = nullptr)
        : directory_(directory),
          store_(store),
          clock_(clock),
          keys_(keys),
          attachments_(attachments) {}

    // Submits a new dossier (online, assisted, counter or postal). A repeated idempotency key
    // from the same actor returns the dossier made the first time and changes nothing; keys are
    // scoped to the actor (stored as "<role>:<user>:<key>"). Errors: kNotFound for an
    // unknown agency or a procedure not in force; kInvalidArgument for an attachment the actor
    // may not use (see above); the errors of DecideSubmission.
    [[nodiscard]] Result<Dossier> Submit(const Actor& actor, const Submission& submission);

    // Applies `command` to the dossier. With `expected_version`, fails kConflict when the
    // dossier changed since the caller read it; a concurrent change between our read and our
    // write also gives kConflict (never a half-applied transition). A ProvideSupplement's
    // attachments are checked as a submission's.
    [[nodiscard]] Result<Dossier> Act(const Actor& actor,
                                      DossierId id,
                                      const Command& command,
                                      std::optional<std::int64_t> expected_version = {});

    // The dossier if the actor may see it, else kNotFound (the same answer as a missing one).
    [[nodiscard]] Result<Dossier> Get(const Actor& actor, DossierId id);

    // The dossier with this code, under the same visibility rule.
    [[nodiscard]] Result<Dossier> GetByCode(const Actor& actor, std::string_view code);

    // Public tracking: the dossier when `code` exists and `key` is its verification key;
    // otherwise kNotFound, the same answer for an unknown code and a wrong key. The caller
    // must show only what the public may see (no personal data).
    [[nodiscard]] Result<Dossier> Track(std::string_view code, std::string_view key);

    // Public tracking by the stored public view (workflow/public_view.hpp): the same rule and
    // the same answers as Track, without loading the projection or the events. The view is the
    // store's LoadPublicViewRaw: its timeline may come as the stored JSON (timeline_json).
    [[nodiscard]] Result<PublicView> TrackPublic(std::string_view code, std::string_view key);

    // Its events, under the same visibility rule.
    [[nodiscard]] Result<std::vector<Event>> History(const Actor& actor, DossierId id);

private:
    [[nodiscard]] Result<std::vector<std::string>> ScopeOf(const Actor& actor);
    // Checks each reference against the store (see the file comment) and completes it.
    // `dossier` is the dossier being supplemented, null for a submission.
    [[nodiscard]] Result<void> ResolveAttachments(const Actor& actor,
                                                  std::span<const std::string> scope,
                                                  const Dossier* dossier,
                                                  std::vector<AttachmentRef>& refs);
    [[nodiscard]] Result<ports::AppendResult> Store(const Dossier& before,
                                                    std::optional<DossierId> id,
                                                    const Actor& actor,
                                                    std::vector<EventData> data,
                                                    Dossier& after);

    ports::Directory& directory_;
    ports::DossierStore& store_;
    const Clock& clock_;
    ports::KeySource& keys_;
    ports::AttachmentStore* attachments_;
};

}  // namespace motcua::core::workflow
