#include "storage/sqlite/backup.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>

#include <sqlite3.h>

#include "storage/sqlite/internal/error.hpp"
#include "storage/sqlite/transaction.hpp"

namespace motcua::storage::sqlite {

namespace {

using internal::Failure;

struct CloseDeleter {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};

tl::unexpected<Error> FileError(const std::string& what, const std::error_code& ec) {
    return Fail(ErrorCode::kUnavailable,
                "backup: " + what + ": " + ec.message(),
                "Không ghi được tệp sao lưu.");
}

// Copies `source` into the (new, empty) database file `path`.
Result<void> CopyInto(Connection& source, const std::string& path, const BackupOptions& options) {
    sqlite3* raw = nullptr;
    const int open_rc =
        sqlite3_open_v2(path.c_str(),
                        &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr);
    std::unique_ptr<sqlite3, CloseDeleter> destination(raw);
    if (open_rc != SQLITE_OK) {
        return Failure(destination.get(), open_rc, "backup: open " + path);
    }
    sqlite3_extended_result_codes(destination.get(), 1);

    sqlite3_backup* backup =
        sqlite3_backup_init(destination.get(), "main", source.Handle(), "main");
    if (backup == nullptr) {
        return Failure(
            destination.get(), sqlite3_extended_errcode(destination.get()), "backup: init");
    }
    int rc = SQLITE_OK;
    do {
        rc = sqlite3_backup_step(backup, options.pages_per_step);
        if ((rc == SQLITE_OK || rc == SQLITE_DONE) && options.progress) {
            options.progress(sqlite3_backup_remaining(backup), sqlite3_backup_pagecount(backup));
        }
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            sqlite3_sleep(1);  // Transient: another connection holds a lock; step again.
        }
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    const int finish_rc = sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
        return Failure(destination.get(), rc, "backup: step");
    }
    if (finish_rc != SQLITE_OK) {
        return Failure(destination.get(), finish_rc, "backup: finish");
    }
    const int close_rc = sqlite3_close(destination.release());
    if (close_rc != SQLITE_OK) {
        return Failure(nullptr, close_rc, "backup: close " + path);
    }
    return {};
}

}  // namespace

Result<void> BackupTo(Connection& source,
                      const std::string& destination_path,
                      const BackupOptions& options) {
    if (destination_path.empty() || options.pages_per_step <= 0) {
        return Fail(ErrorCode::kInvalidArgument,
                    "backup: need a destination path and pages_per_step > 0",
                    "Yêu cầu sao lưu không hợp lệ.");
    }
    const std::string partial = destination_path + ".partial";
    std::error_code ec;
    std::filesystem::remove(partial, ec);
    if (ec) {
        return FileError("remove " + partial, ec);
    }

    // Pin one snapshot of the source for the whole copy (see backup.hpp). The SELECT starts the
    // read transaction; BEGIN alone would not.
    std::optional<Transaction> snapshot;
    if (!source.InTransaction()) {
        MOTCUA_ASSIGN_OR_RETURN(Transaction tx,
                                Transaction::Begin(source, Transaction::Mode::kDeferred));
        snapshot.emplace(std::move(tx));
    }
    {
        MOTCUA_ASSIGN_OR_RETURN(Statement pin,
                                source.Prepare("SELECT count(*) FROM sqlite_master"));
        MOTCUA_TRY(pin.Step());
    }

    auto copied = CopyInto(source, partial, options);
    if (snapshot.has_value()) {
        static_cast<void>(snapshot->Commit());
    }
    if (!copied) {
        std::filesystem::remove(partial, ec);
        return copied;
    }
    std::filesystem::rename(partial, destination_path, ec);
    if (ec) {
        const std::error_code rename_error = ec;
        std::filesystem::remove(partial, ec);
        return FileError("rename to " + destination_path, rename_error);
    }
    return {};
}

}  // namespace motcua::storage::sqlite
