// Port of the attachment store (DESIGN.md §5): files handed in with dossiers, kept once per
// content under their SHA-256, with the database holding metadata only. The core never touches
// files: paths cross this port as plain strings and metadata as values. Which dossier carries
// which file is recorded with the dossier's events (Submitted / SupplementReceived attachments)
// and written by the DossierStore with the projection; this port answers the reverse question.
// Implementations must be thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/model/ids.hpp"

namespace motcua::core::ports {

// One upload of a content by one uploader. The same content uploaded by two people is stored
// once and has two upload records.
struct AttachmentMeta {
    std::string sha256;        // 64 lower-case hex digits of the content
    std::int64_t size = 0;     // bytes
    std::string content_type;  // MIME type recognised from the content ("application/pdf")
    std::string name;          // display name as uploaded, sanitised; never used as a path
    std::optional<model::UserId> uploaded_by;  // the account; none for the system
    std::string uploader_agency;               // agency the uploader acted for; empty: citizen
    calendar::LocalDateTime uploaded_at;       // civil time, set by the store

    bool operator==(const AttachmentMeta&) const = default;
};

class AttachmentStore {
public:
    virtual ~AttachmentStore() = default;

    // Stores the content of the regular file at `temp_path` — already checked by the caller
    // (allowed type, size limit; http/multipart.hpp does both) — and records `meta` as an upload
    // by `meta.uploaded_by` / `meta.uploader_agency`. The store re-hashes the file:
    // kInvalidArgument when `meta.sha256` is not 64 lower-case hex digits or not the content's
    // hash; `size` is taken from the file and `uploaded_at` from the store's clock. Identical
    // content is stored once: on success `temp_path` has been moved into the store or, when the
    // content was already there, removed. The same uploader storing the same content again gets the
    // first record back (idempotent). On failure `temp_path` is left to the caller. kUnavailable or
    // kInternal for file-system and database failures.
    [[nodiscard]] virtual Result<AttachmentMeta> Put(const std::string& temp_path,
                                                     AttachmentMeta meta) = 0;

    // The first upload record of the content (its size and type describe the content).
    // kNotFound when the content is unknown.
    [[nodiscard]] virtual Result<AttachmentMeta> Get(std::string_view sha256) = 0;

    // Every upload record of the content, oldest first; empty when the content is unknown.
    [[nodiscard]] virtual Result<std::vector<AttachmentMeta>> Uploads(std::string_view sha256) = 0;

    // The path of the stored file, to stream a download (open read-only, never write or
    // remove). kNotFound when the content is unknown (or `sha256` malformed); kInternal when it
    // is recorded but its file is missing (lost data, for the operator).
    [[nodiscard]] virtual Result<std::string> PathOf(std::string_view sha256) = 0;

    // The whole content. kNotFound as PathOf; kOutOfRange when larger than `max_bytes`.
    [[nodiscard]] virtual Result<std::string> ReadAll(std::string_view sha256,
                                                      std::size_t max_bytes) = 0;

    // The dossiers whose events carry this content, in id order (for download authorisation:
    // whoever may see one of them may read the file).
    [[nodiscard]] virtual Result<std::vector<model::DossierId>> DossiersWith(
        std::string_view sha256) = 0;
};

}  // namespace motcua::core::ports
