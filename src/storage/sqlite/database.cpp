#include "storage/sqlite/database.hpp"

#include "storage/builtin_migrations.hpp"
#include "storage/sqlite/migrations.hpp"

namespace motcua::storage::sqlite {

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
    std::unique_ptr<Database> db(new Database(options));
    OpenOptions open;
    open.path = options.path;
    MOTCUA_ASSIGN_OR_RETURN(Connection connection, Connection::Open(open));
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<Migration> migrations,
                            ParseMigrationFiles(BuiltinMigrations()));
    MOTCUA_TRY(Migrate(connection, migrations));
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
