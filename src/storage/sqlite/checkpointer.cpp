#include "storage/sqlite/checkpointer.hpp"

#include <system_error>
#include <utility>

#include <sqlite3.h>

#include "storage/sqlite/internal/error.hpp"

namespace motcua::storage::sqlite {

Checkpointer::Checkpointer(Connection connection, int threshold)
    : connection_(std::move(connection)), threshold_(threshold) {}

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(const CheckpointerOptions& options) {
    if (options.threshold_frames < 1) {
        return Fail(ErrorCode::kInvalidArgument,
                    "checkpointer: threshold_frames must be >= 1",
                    "Lỗi cấu hình cơ sở dữ liệu.",
                    "threshold_frames");
    }
    OpenOptions open;
    open.path = options.path;
    MOTCUA_ASSIGN_OR_RETURN(Connection connection, Connection::Open(open));
    if (!options.sync) {
        MOTCUA_TRY(connection.Exec("PRAGMA synchronous = OFF"));
    }
    std::unique_ptr<Checkpointer> c(
        new Checkpointer(std::move(connection), options.threshold_frames));
    try {
        c->thread_ = std::thread([self = c.get()] { self->Run(); });
    } catch (const std::system_error& e) {
        return Fail(ErrorCode::kUnavailable,
                    std::string("checkpointer: cannot start its thread: ") + e.what(),
                    "Không khởi động được tiến trình ghi dữ liệu.");
    }
    return c;
}

Checkpointer::~Checkpointer() {
    Stop();
}

void Checkpointer::Attach(Connection& writer) {
    // Installing a WAL hook replaces SQLite's automatic checkpoint (which is one).
    sqlite3_wal_hook(writer.Handle(), &Checkpointer::OnWalCommit, this);
}

int Checkpointer::OnWalCommit(void* self, sqlite3* /*db*/, const char* /*schema*/, int frames) {
    auto* c = static_cast<Checkpointer*>(self);
    c->last_wal_frames_.store(frames, std::memory_order_relaxed);
    if (frames >= c->threshold_ && !c->pending_.exchange(true)) {
        {
            const std::lock_guard lock(c->mutex_);
            c->requested_ = true;
        }
        c->wake_.notify_one();
    }
    return SQLITE_OK;
}

Result<void> Checkpointer::CheckpointOnce() {
    int log = 0;
    int backfilled = 0;
    const int rc = sqlite3_wal_checkpoint_v2(
        connection_.Handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &backfilled);
    if (rc != SQLITE_OK) {
        failures_.fetch_add(1);
        return internal::Failure(connection_.Handle(), rc, "wal checkpoint");
    }
    last_backfilled_.store(backfilled, std::memory_order_relaxed);
    return {};
}

void Checkpointer::Run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return stopping_ || requested_; });
        if (!requested_) {
            break;  // stopping, nothing asked for
        }
        requested_ = false;
        ++started_;
        lock.unlock();
        Result<void> result = CheckpointOnce();
        tail_due_.store(true);
        pending_.store(false);
        lock.lock();
        last_result_ = std::move(result);
        ++runs_;
        done_.notify_all();
    }
    exited_ = true;
    done_.notify_all();
}

void Checkpointer::FinishOnWriter(Connection& writer) {
    if (!tail_due_.exchange(false)) {
        return;
    }
    int log = 0;
    int backfilled = 0;
    const int rc = sqlite3_wal_checkpoint_v2(
        writer.Handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &backfilled);
    if (rc == SQLITE_OK) {
        finished_on_writer_.fetch_add(1);
        last_backfilled_.store(backfilled, std::memory_order_relaxed);
        if (backfilled < log) {
            tail_due_.store(true);  // a reader still needs older frames: after the next batch
        }
    } else if (rc == SQLITE_BUSY) {
        tail_due_.store(true);  // a background pass holds the checkpoint: next time
    } else {
        failures_.fetch_add(1);
    }
}

Result<void> Checkpointer::CheckpointNow() {
    std::unique_lock lock(mutex_);
    if (stopping_) {
        return Fail(ErrorCode::kUnavailable,
                    "checkpointer: stopped",
                    "Hệ thống đang dừng, vui lòng thử lại sau.");
    }
    // The first run to start after this request (one already running may predate our writes).
    const std::uint64_t target = started_ + 1;
    pending_.store(true);
    requested_ = true;
    wake_.notify_one();
    done_.wait(lock, [&] { return runs_ >= target || exited_; });
    if (runs_ < target) {
        return Fail(ErrorCode::kUnavailable,
                    "checkpointer: stopped",
                    "Hệ thống đang dừng, vui lòng thử lại sau.");
    }
    return last_result_;
}

void Checkpointer::Stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    {
        const std::lock_guard join_lock(join_mutex_);
        if (thread_.joinable()) {
            thread_.join();
        }
    }
    done_.notify_all();
}

CheckpointerStats Checkpointer::Stats() const {
    CheckpointerStats s;
    {
        const std::lock_guard lock(mutex_);
        s.checkpoints = runs_;
    }
    s.failures = failures_.load();
    s.last_wal_frames = last_wal_frames_.load();
    s.last_backfilled = last_backfilled_.load();
    s.finished_on_writer = finished_on_writer_.load();
    return s;
}

}  // namespace motcua::storage::sqlite
