// Port of the draft store (hồ sơ đang soạn): online submissions kept on the server while the
// applicant fills them in, so that they can save, leave and resume on any device. A draft holds
// the web client's answers as opaque text, the procedure, the receiving agency once chosen and
// the files already uploaded. The rules — who sees a draft, limits, expiry, what a submitted
// draft allows — are DraftService's (core/drafts/draft_service.hpp); the store keeps the rows
// and compares versions atomically. Discarded drafts (deleted by their owner or expired) lose
// their answers but stay as a record that a submission was started, for the settlement report's
// "drafts submitted / started". Implementations must be thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "common/strong_id.hpp"
#include "core/model/ids.hpp"

namespace motcua::core::ports {

// A draft's identifier: random and unguessable (base64url), made by DraftService.
using DraftId = StrongId<struct DraftIdTag, std::string>;

struct Draft {
    DraftId id;
    model::UserId owner;                   // the account that started it: the only one who sees it
    std::string procedure_code;            // fixed when the draft is created
    std::string agency_code;               // receiving agency; empty until chosen
    std::string answers;                   // the client's JSON text, stored verbatim (opaque here)
    std::vector<std::string> attachments;  // SHA-256 (lower-case hex) of uploaded files, in order
    std::int64_t version = 1;              // 1 when created, +1 with every change
    Instant created_at;
    Instant updated_at;
    Instant expires_at;        // from this instant on the draft is gone (not found)
    std::string dossier_code;  // the dossier it became; empty until submitted
    std::optional<Instant> submitted_at;

    // Submitted drafts are read-only.
    bool submitted() const { return submitted_at.has_value(); }

    bool operator==(const Draft&) const = default;
};

class DraftStore {
public:
    virtual ~DraftStore() = default;

    // Stores a new draft unless its owner already has `max_open` open drafts (not submitted,
    // not discarded, expires_at after draft.created_at): then returns false and writes
    // nothing. The count and the insert are one atomic step. kAlreadyExists when the id is
    // taken.
    [[nodiscard]] virtual Result<bool> Insert(const Draft& draft, std::size_t max_open) = 0;

    // The draft (expired ones included: the caller decides). kNotFound when there is no such
    // draft or it was discarded.
    [[nodiscard]] virtual Result<Draft> Get(const DraftId& id) = 0;

    // The open drafts of `owner` (not submitted, not discarded, expires_at after `now`), most
    // recently updated first, at most `limit`; `answers` is left empty (lists need no answers).
    [[nodiscard]] virtual Result<std::vector<Draft>> ListOpen(model::UserId owner,
                                                              Instant now,
                                                              std::size_t limit) = 0;

    // Replaces the stored draft of `draft.id` with `draft` when the stored version is
    // `expected_version` (compare and set); kConflict, nothing written, otherwise. kNotFound
    // when there is no such draft or it was discarded.
    [[nodiscard]] virtual Result<void> Replace(const Draft& draft,
                                               std::int64_t expected_version) = 0;

    // Discards the draft at `at`: its answers and attachments are erased and it is never
    // returned again, but its procedure, agency and times stay for the statistics. Version
    // check and errors as Replace.
    [[nodiscard]] virtual Result<void> Discard(const DraftId& id,
                                               std::int64_t expected_version,
                                               Instant at) = 0;

    // Discards at most `limit` drafts whose expires_at is at or before `now`, the oldest
    // first; returns how many.
    [[nodiscard]] virtual Result<int> DiscardExpired(Instant now, int limit) = 0;
};

}  // namespace motcua::core::ports
