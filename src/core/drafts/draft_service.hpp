// DraftService: the rules of server-side drafts of online submissions (hồ sơ đang soạn, "lưu và
// quay lại"). A signed-in applicant — a citizen, or a one-stop officer preparing an assisted
// submission — starts a draft for a procedure, saves it as often as they like (each save names
// the version it replaces: a stale one is refused, so two devices never overwrite each other
// silently), resumes it on any device, and submits it; the submission marks the draft submitted
// and read-only. Pure: storage, randomness and time come through ports and the Clock; holds no
// mutable state; thread-safe when its ports are.
//
// Error conventions, for the HTTP layer:
//   - kNotFound for a draft that does not exist, was deleted, has expired or belongs to someone
//     else — one answer for all, so an id never reveals another person's draft.
//   - kConflict when the caller's version is not the stored one (someone saved in between).
//   - kFailedPrecondition for a change to a submitted draft, and for a new draft when the
//     account already has DraftPolicy::max_open_per_account open ones.
//   - kOutOfRange (field "answers") for answers larger than DraftPolicy::max_answers_bytes;
//     kInvalidArgument naming the field for other bad content.
//   - kPermissionDenied for roles that do not submit online (only citizens and one-stop
//     officers have drafts).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/ports/accounts.hpp"
#include "core/ports/attachment_store.hpp"
#include "core/ports/dossier_store.hpp"
#include "core/ports/draft_store.hpp"
#include "core/workflow/dossier.hpp"

namespace motcua::core::drafts {

using ports::Draft;
using ports::DraftId;

// Limits of drafts; the defaults are the product's (docs/API.md).
struct DraftPolicy {
    // A draft is kept this long after its last change (a submitted one, after its submission),
    // then it is gone: answers erased, never returned again.
    std::chrono::days lifetime{30};
    // Open drafts (not submitted, not expired) one account may have at a time.
    std::size_t max_open_per_account = 50;
    // Size of the answers text in bytes.
    std::size_t max_answers_bytes = 256 * 1024;
    // Uploaded files one draft may list.
    std::size_t max_attachments = 50;
    // Random bytes of a draft id (base64url: 4 characters per 3 bytes).
    std::size_t id_bytes = 18;
};

// What the client writes into a draft (all of it, on every save).
struct DraftContent {
    std::string agency_code;               // receiving agency; empty: not chosen yet
    std::string answers;                   // opaque text (the web client's JSON)
    std::vector<std::string> attachments;  // SHA-256 of files the caller uploaded
};

class DraftService {
public:
    // `attachments` may be null: then attachment hashes are checked for form only, not
    // against the caller's uploads. Every port must outlive the service.
    DraftService(ports::DraftStore& store,
                 ports::Directory& directory,
                 ports::RandomSource& random,
                 const Clock& clock,
                 ports::AttachmentStore* attachments = nullptr,
                 DraftPolicy policy = {})
        : store_(store),
          directory_(directory),
          random_(random),
          clock_(clock),
          attachments_(attachments),
          policy_(policy) {}

    // Starts a draft of `procedure_code` (a procedure in force today that can be submitted
    // online) owned by the actor, version 1. Errors: kNotFound for a procedure not in force;
    // kFailedPrecondition for a procedure without online submission or when the account has
    // max_open_per_account open drafts; content errors as Update.
    [[nodiscard]] Result<Draft> Create(const workflow::Actor& actor,
                                       std::string_view procedure_code,
                                       DraftContent content);

    // The actor's open drafts (not submitted, not expired), most recently saved first, without
    // their answers.
    [[nodiscard]] Result<std::vector<Draft>> ListOpen(const workflow::Actor& actor);

    // The actor's draft, submitted ones included (until they expire).
    [[nodiscard]] Result<Draft> Get(const workflow::Actor& actor, const DraftId& id);

    // Replaces the draft's agency, answers and attachments (autosave) and extends its life.
    // With `expected_version`, kConflict unless it is the stored version; a concurrent save
    // between our read and our write is kConflict too. kFailedPrecondition once submitted.
    // Content: kInvalidArgument (field "agency_code") for an unknown agency; kOutOfRange (field
    // "answers") for answers over the limit; kInvalidArgument (field "attachments[i]") for a
    // malformed hash, too many files, or a file that is not one of the caller's uploads
    // (unknown and foreign files get the same answer). Repeated hashes are kept once.
    [[nodiscard]] Result<Draft> Update(const workflow::Actor& actor,
                                       const DraftId& id,
                                       DraftContent content,
                                       std::optional<std::int64_t> expected_version = {});

    // Deletes the draft (its answers are erased at once). Version check as Update;
    // kFailedPrecondition once submitted (a submitted draft is read-only until it expires).
    [[nodiscard]] Result<void> Delete(const workflow::Actor& actor,
                                      const DraftId& id,
                                      std::optional<std::int64_t> expected_version = {});

    // The draft a submission names: the actor's (kNotFound otherwise, as Get) and for the same
    // procedure (kInvalidArgument, field "draft_id", otherwise). An already submitted draft is
    // returned too: submitting it again with DraftIdempotencyKey returns the same dossier.
    [[nodiscard]] Result<Draft> ForSubmission(const workflow::Actor& actor,
                                              const DraftId& id,
                                              std::string_view procedure_code);

    // Records that the draft became `dossier` (its code, its receiving agency, now): the draft
    // turns read-only and expires `lifetime` later. Idempotent for the same dossier;
    // kFailedPrecondition when the draft was submitted as another dossier; kNotFound as Get.
    // Concurrent saves are retried over, never lost into a conflict.
    [[nodiscard]] Result<Draft> MarkSubmitted(const workflow::Actor& actor,
                                              const DraftId& id,
                                              const workflow::Dossier& dossier);

    // Discards expired drafts (at most `limit`); returns how many. For housekeeping.
    [[nodiscard]] Result<int> PurgeExpired(int limit = 1000);

    const DraftPolicy& policy() const { return policy_; }

private:
    [[nodiscard]] Result<Draft> Owned(const workflow::Actor& actor, const DraftId& id);
    [[nodiscard]] Result<void> Apply(const workflow::Actor& actor,
                                     DraftContent content,
                                     const Draft* before,
                                     Draft& draft);

    ports::DraftStore& store_;
    ports::Directory& directory_;
    ports::RandomSource& random_;
    const Clock& clock_;
    ports::AttachmentStore* attachments_;
    DraftPolicy policy_;
};

// The idempotency key a submission from a draft is made with: one draft gives at most one
// dossier, whichever device submits it and however often.
std::string DraftIdempotencyKey(const DraftId& id);

// Whether `role` may have drafts (citizens; one-stop officers for assisted submissions).
bool MayDraft(workflow::Role role);

}  // namespace motcua::core::drafts
