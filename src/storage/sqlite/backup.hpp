// Online backup of a live SQLite database to a file (sqlite3_backup_*), safe while the Writer
// keeps writing: the copy is the consistent snapshot the source connection saw when the backup
// began, produced in small steps that never take the write lock.
#pragma once

#include <functional>
#include <string>

#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"

namespace motcua::storage::sqlite {

struct BackupOptions {
    // Pages copied per sqlite3_backup_step. Small steps keep each step short; the snapshot is
    // held for the whole backup either way.
    int pages_per_step = 64;
    // Called on the caller's thread after every step with the pages still to copy and the
    // total, e.g. for progress reports. Optional; must not throw.
    std::function<void(int remaining, int total)> progress = {};
};

// Copies the database of `source` into a new file at `destination_path`, replacing any file
// there only once the copy is complete (it is written to destination_path + ".partial" and
// renamed), so a failed backup never leaves a truncated file under the real name.
//
// `source` is used for the whole call and must not be used by another thread meanwhile: pass a
// connection of your own or a ReadPool one (pool.WithReader([&](Connection& c) { return
// BackupTo(c, path); })), not the Writer's. For a file database in WAL mode the source holds
// one read transaction throughout (reusing the caller's if one is open), so concurrent commits
// neither block the backup nor restart it, and the copy is exactly that snapshot (the WAL cannot
// be checkpointed past it meanwhile). An in-memory source is copied as-is.
// Errors: kUnavailable for I/O failures (disk full, unwritable directory), kInternal otherwise.
[[nodiscard]] Result<void> BackupTo(Connection& source,
                                    const std::string& destination_path,
                                    const BackupOptions& options = {});

}  // namespace motcua::storage::sqlite
