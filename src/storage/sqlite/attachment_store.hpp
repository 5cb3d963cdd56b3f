// The attachment store on a local directory plus SQLite metadata (DESIGN.md §5): each content is
// one file <dir>/<aa>/<sha256> (aa: its first two hex digits), written once, fsynced before it
// gets its name; the tables of migration 0005 hold the content rows, the upload records and the
// dossier links. Paths are built only from verified hex digests, never from anything a user
// sent. An S3-compatible back end can implement the same port later.
#pragma once

#include <memory>
#include <string>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/ports/attachment_store.hpp"
#include "core/workflow/dossier.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/database.hpp"

namespace motcua::storage::sqlite {

class SqliteAttachmentStore final : public core::ports::AttachmentStore {
public:
    // Opens the store on `dir`, creating it (mode 0750) when missing. `db` and `clock` must
    // outlive the store. kUnavailable when the directory cannot be created or is not one.
    [[nodiscard]] static Result<std::unique_ptr<SqliteAttachmentStore>> Open(Database& db,
                                                                             std::string dir,
                                                                             const Clock& clock);

    // See core/ports/attachment_store.hpp. The file work (hashing, fsync, rename — or a copy
    // when `temp_path` is on another file system) runs on the calling thread; only the metadata
    // rows go through the writer. A crash between the two leaves a file without rows, which
    // the next Put of that content adopts.
    Result<core::ports::AttachmentMeta> Put(const std::string& temp_path,
                                            core::ports::AttachmentMeta meta) override;
    Result<core::ports::AttachmentMeta> Get(std::string_view sha256) override;
    Result<std::vector<core::ports::AttachmentMeta>> Uploads(std::string_view sha256) override;
    Result<std::string> PathOf(std::string_view sha256) override;
    Result<std::string> ReadAll(std::string_view sha256, std::size_t max_bytes) override;
    Result<std::vector<core::model::DossierId>> DossiersWith(std::string_view sha256) override;

    const std::string& dir() const { return dir_; }

private:
    SqliteAttachmentStore(Database& db, std::string dir, const Clock& clock)
        : db_(db), dir_(std::move(dir)), clock_(clock) {}

    // <dir>/<aa>/<sha256>; `sha256` must already be checked with IsSha256Hex.
    std::string FileOf(std::string_view sha256) const;

    Database& db_;
    std::string dir_;
    const Clock& clock_;
};

// Records the dossier's attachments in dossier_attachments (rows already there are kept). Called
// by SqliteDossierStore with every projection write, inside its transaction.
[[nodiscard]] Result<void> WriteAttachmentLinks(Connection& c, const core::workflow::Dossier& d);

}  // namespace motcua::storage::sqlite
