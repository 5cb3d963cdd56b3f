#include "storage/sqlite/database.hpp"

#include <string>
#include <vector>

#include <sqlite3.h>

#include "storage/builtin_migrations.hpp"
#include "storage/sqlite/migrations.hpp"

namespace motcua::storage::sqlite {
namespace {

Result<bool> HasDeferredIndexes(Connection& c) {
    MOTCUA_ASSIGN_OR_RETURN(Statement st,
                            c.Prepare("SELECT EXISTS(SELECT 1 FROM deferred_indexes)"));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
    return row && st.ColumnInt(0) != 0;
}

// Runs the CREATE statements kept in deferred_indexes and deletes them; inside the caller's
// transaction.
Result<void> BuildDeferredIndexes(Connection& c) {
    std::vector<std::string> statements;
    {
        MOTCUA_ASSIGN_OR_RETURN(Statement st, c.Prepare("SELECT sql FROM deferred_indexes"));
        for (;;) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
            if (!row) {
                break;
            }
            statements.emplace_back(st.ColumnText(0));
        }
    }
    for (const std::string& sql : statements) {
        MOTCUA_TRY(c.Exec(sql));
    }
    return c.Exec("DELETE FROM deferred_indexes");
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
    std::unique_ptr<Database> db(new Database(options));
    OpenOptions open;
    open.path = options.path;
    MOTCUA_ASSIGN_OR_RETURN(Connection connection, Connection::Open(open));
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<Migration> migrations,
                            ParseMigrationFiles(BuiltinMigrations()));
    MOTCUA_TRY(Migrate(connection, migrations));
    MOTCUA_ASSIGN_OR_RETURN(const bool deferred, HasDeferredIndexes(connection));
    if (deferred) {
        // A bulk load that did not get to RestoreIndexes.
        MOTCUA_TRY(connection.Exec("BEGIN IMMEDIATE"));
        auto built = BuildDeferredIndexes(connection);
        MOTCUA_TRY(connection.Exec(built ? "COMMIT" : "ROLLBACK"));
        MOTCUA_TRY(built);
    }
    // Statement journals and sorts in memory (no temp files per transaction); a 64 MiB page
    // cache for the one connection that writes.
    MOTCUA_TRY(connection.Exec("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;"));
    if (options.bulk_load) {
        MOTCUA_TRY(connection.Exec("PRAGMA synchronous = OFF"));
    }
    const bool memory = connection.IsMemory();
    WriterOptions writer_options;
    writer_options.max_batch = options.max_batch;
    if (!memory) {
        // WAL checkpoints on their own thread, not inside the writer's commits.
        CheckpointerOptions checkpoints;
        checkpoints.path = options.path;
        checkpoints.sync = !options.bulk_load;
        MOTCUA_ASSIGN_OR_RETURN(db->checkpointer_, Checkpointer::Start(checkpoints));
        db->checkpointer_->Attach(connection);
        writer_options.between_batches = [c = db->checkpointer_.get()](Connection& writer) {
            c->FinishOnWriter(writer);
        };
        if (!options.bulk_load) {
            // Commits flushed off the writer thread (CommitSyncer), still acknowledged durable.
            writer_options.durable_file =
                sqlite3_filename_wal(sqlite3_db_filename(connection.Handle(), "main"));
        }
    }

    MOTCUA_ASSIGN_OR_RETURN(db->writer_, Writer::Start(std::move(connection), writer_options));
    if (!memory) {
        ReadPoolOptions pool;
        pool.path = options.path;
        pool.size = options.readers;
        MOTCUA_ASSIGN_OR_RETURN(db->readers_, ReadPool::Open(pool));
    }
    return db;
}

Result<void> Database::DeferIndexes() {
    if (!options_.bulk_load) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "indexes can be deferred only during a bulk load",
                    "chỉ được hoãn lập chỉ mục khi nạp dữ liệu hàng loạt");
    }
    return Write([](Connection& c) -> Result<int> {
               MOTCUA_TRY(c.Exec(
                   "INSERT OR IGNORE INTO deferred_indexes(name, sql) SELECT name, sql FROM "
                   "sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE "
                   "'CREATE UNIQUE%' AND tbl_name IN ('dossiers', 'dossier_steps', 'outbox', "
                   "'dossier_attachments')"));
               std::vector<std::string> names;
               {
                   MOTCUA_ASSIGN_OR_RETURN(
                       Statement st,
                       c.Prepare("SELECT d.name FROM deferred_indexes d JOIN sqlite_schema s ON "
                                 "s.type = 'index' AND s.name = d.name"));
                   for (;;) {
                       MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
                       if (!row) {
                           break;
                       }
                       names.emplace_back(st.ColumnText(0));
                   }
               }
               for (const std::string& name : names) {
                   MOTCUA_TRY(c.Exec("DROP INDEX \"" + name + "\""));
               }
               return 0;
           })
        .map([](int) {});
}

Result<void> Database::RestoreIndexes() {
    return Write([](Connection& c) -> Result<int> {
               MOTCUA_TRY(BuildDeferredIndexes(c));
               return 0;
           })
        .map([](int) {});
}

Result<void> Database::DeferCommits(std::size_t jobs) {
    if (!options_.bulk_load) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "commits can be deferred only during a bulk load",
                    "chỉ được hoãn ghi khi nạp dữ liệu hàng loạt");
    }
    writer_->DeferCommits(jobs);
    return {};
}

}  // namespace motcua::storage::sqlite
