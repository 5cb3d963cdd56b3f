#include "storage/sqlite/writer.hpp"

#include <algorithm>
#include <cstddef>
#include <exception>
#include <string>
#include <system_error>
#include <utility>

#include <pthread.h>
#include <sqlite3.h>

#include "storage/sqlite/transaction.hpp"

namespace motcua::storage::sqlite {

namespace {

constexpr std::string_view kJobSavepoint = "motcua_writer_job";
constexpr std::string_view kRetryVi = "Hệ thống tạm thời không ghi được dữ liệu, vui lòng thử lại.";

tl::unexpected<Error> Stopped() {
    return Fail(ErrorCode::kUnavailable,
                "writer: stopped, not accepting jobs",
                "Hệ thống đang dừng, vui lòng thử lại sau.");
}

// True when the connection holds foreign-key violations that only COMMIT would report
// (DEFERRABLE INITIALLY DEFERRED keys, or PRAGMA defer_foreign_keys).
bool HasDeferredForeignKeyViolations(Connection& connection) {
    int current = 0;
    int highwater = 0;
    const int rc = sqlite3_db_status(
        connection.Handle(), SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highwater, 0);
    return rc == SQLITE_OK && current > 0;
}

}  // namespace

void Writer::Deliver(std::vector<Acknowledgement>& acks, const Result<void>& flushed) {
    for (Acknowledgement& ack : acks) {
        if (ack.result && !flushed) {
            ack.result = tl::unexpected<Error>(flushed.error());
        }
        try {
            ack.done(std::move(ack.result));
        } catch (const std::exception&) {
            // A callback must not throw (see writer.hpp); nothing sensible is left to do.
        }
    }
}

Writer::Writer(Connection connection, WriterOptions options)
    : connection_(std::move(connection)), options_(options) {}

Result<std::unique_ptr<Writer>> Writer::Start(Connection connection, WriterOptions options) {
    if (connection.IsReadOnly()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "writer: the connection is read-only",
                    "Lỗi cấu hình cơ sở dữ liệu.");
    }
    if (connection.InTransaction()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "writer: the connection has an open transaction",
                    "Lỗi cấu hình cơ sở dữ liệu.");
    }
    if (options.max_batch == 0) {
        return Fail(ErrorCode::kInvalidArgument,
                    "writer: max_batch must be >= 1",
                    "Lỗi cấu hình cơ sở dữ liệu.",
                    "max_batch");
    }
    std::unique_ptr<CommitSyncer> syncer;
    if (!options.durable_file.empty()) {
        // COMMIT writes the WAL without waiting for the disk; the syncer flushes it before any
        // job of the commit is acknowledged (commit_syncer.hpp).
        MOTCUA_TRY(connection.Exec("PRAGMA synchronous = NORMAL"));
        MOTCUA_ASSIGN_OR_RETURN(syncer, CommitSyncer::Start(options.durable_file));
    }
    std::unique_ptr<Writer> writer(new Writer(std::move(connection), options));
    writer->syncer_ = std::move(syncer);
    try {
        writer->thread_ = std::thread([w = writer.get()] { w->Run(); });
    } catch (const std::system_error& e) {
        return Fail(ErrorCode::kUnavailable,
                    std::string("writer: cannot start the writer thread: ") + e.what(),
                    "Không khởi động được tiến trình ghi dữ liệu.");
    }
    return writer;
}

Writer::~Writer() {
    Stop();
}

Result<void> Writer::Submit(Job job, Done done, JobOptions options) {
    if (!job) {
        return Fail(ErrorCode::kInvalidArgument, "writer: empty job", "Lỗi hệ thống.");
    }
    {
        const std::lock_guard lock(mutex_);
        if (stopping_) {
            return Stopped();
        }
        queue_.push_back(Item{std::move(job), std::move(done), options});
    }
    wake_.notify_one();
    return {};
}

std::future<Result<void>> Writer::Submit(Job job, JobOptions options) {
    std::promise<Result<void>> promise;
    std::future<Result<void>> future = promise.get_future();
    auto submitted = Submit(
        std::move(job),
        [p = std::move(promise)](Result<void> result) mutable { p.set_value(std::move(result)); },
        options);
    if (!submitted) {
        std::promise<Result<void>> refused;
        refused.set_value(tl::unexpected<Error>(std::move(submitted).error()));
        return refused.get_future();
    }
    return future;
}

Result<void> Writer::Execute(Job job, JobOptions options) {
    if (OnWriterThread() || (syncer_ && syncer_->OnSyncThread())) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "writer: Execute called from a writer job or callback would wait for itself; "
                    "use Submit, or do the work in the same job",
                    "Lỗi hệ thống.");
    }
    return Submit(std::move(job), options).get();
}

bool Writer::Enlist(BatchStage& stage) {
    if (!OnWriterThread() || !connection_.InTransaction()) {
        return false;  // Only jobs take part in batches.
    }
    if (std::find(stages_.begin(), stages_.end(), &stage) == stages_.end()) {
        stages_.push_back(&stage);
    }
    return true;
}

Result<void> Writer::FlushStages() {
    try {
        for (BatchStage* stage : stages_) {
            MOTCUA_TRY(stage->Flush(connection_));
        }
    } catch (const std::exception& e) {
        return Fail(ErrorCode::kInternal,
                    std::string("writer: writing the staged work threw: ") + e.what(),
                    "Lỗi hệ thống.");
    }
    return {};
}

void Writer::ClearStages() {
    for (BatchStage* stage : stages_) {
        stage->Clear();
    }
    stages_.clear();
}

void Writer::Stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (OnWriterThread()) {
        return;  // Joining ourselves would deadlock; the loop ends after draining.
    }
    if (syncer_ && syncer_->OnSyncThread()) {
        return;  // Joining would wait for acknowledgements this thread is to run.
    }
    {
        const std::lock_guard join_lock(join_mutex_);
        if (thread_.joinable()) {
            thread_.join();
        }
    }
    if (syncer_) {
        syncer_->Stop();  // After the writer's last Acknowledge: flushes and acknowledges it.
    }
}

void Writer::AwaitDurable() {
    if (syncer_ && !OnWriterThread()) {
        syncer_->AwaitDurable();
    }
}

bool Writer::IsStopping() const {
    const std::lock_guard lock(mutex_);
    return stopping_;
}

WriterStats Writer::Stats() const {
    WriterStats stats;
    {
        const std::lock_guard lock(mutex_);
        stats.queue_depth = queue_.size();
    }
    stats.batches = batches_.load();
    stats.commits = commits_.load();
    stats.jobs = jobs_.load();
    stats.failed_jobs = failed_jobs_.load();
    stats.failed_commits = failed_commits_.load();
    stats.max_batch_seen = max_batch_seen_.load();
    if (syncer_) {
        const CommitSyncer::Stats flushed = syncer_->GetStats();
        stats.flushes = flushed.flushes;
        stats.failed_flushes = flushed.failed_flushes;
        stats.flush_seconds = flushed.flush_seconds;
    }
    return stats;
}

bool Writer::OnWriterThread() const {
    return writer_thread_id_.load() == std::this_thread::get_id();
}

void Writer::Run() {
    writer_thread_id_.store(std::this_thread::get_id());
    pthread_setname_np(pthread_self(), "motcua-writer");  // Shown by top -H and perf.
    std::vector<Item> batch;
    batch.reserve(options_.max_batch);
    while (true) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                break;  // Stopping, and everything queued has been committed.
            }
            if (options_.linger.count() > 0 && queue_.size() < options_.max_batch) {
                wake_.wait_for(lock, options_.linger, [this] {
                    return stopping_ || queue_.size() >= options_.max_batch;
                });
            }
            const std::size_t n = std::min(queue_.size(), options_.max_batch);
            for (std::size_t i = 0; i < n; ++i) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        RunBatch(batch);
        batch.clear();
        if (options_.between_batches && !open_) {
            options_.between_batches(connection_);
        }
    }
    // Stopping with deferred work: commit it (a failure has nobody left to tell).
    static_cast<void>(CommitOpen());
    writer_thread_id_.store(std::thread::id());
}

void Writer::RunBatch(std::vector<Item>& batch) {
    std::size_t first = 0;
    while (first < batch.size()) {
        first = RunTransaction(batch, first, batch.size());
    }
}

Result<void> Writer::RunJob(Job& job) {
    auto savepoint = Savepoint::Begin(connection_, kJobSavepoint);
    if (!savepoint) {
        return tl::unexpected<Error>(std::move(savepoint).error());
    }
    Result<void> result;
    try {
        result = job(connection_);
    } catch (const std::exception& e) {
        result = Fail(
            ErrorCode::kInternal, std::string("writer: job threw: ") + e.what(), "Lỗi hệ thống.");
    }
    if (result && HasDeferredForeignKeyViolations(connection_)) {
        result = Fail(ErrorCode::kFailedPrecondition,
                      "writer: job left a deferred FOREIGN KEY constraint violated",
                      "Dữ liệu không thỏa mãn ràng buộc của hệ thống.");
    }
    if (result) {
        result = savepoint->Release();
    } else {
        static_cast<void>(savepoint->Rollback());
    }
    if (result && !connection_.InTransaction()) {
        result = Fail(ErrorCode::kInternal,
                      "writer: job ended the writer's transaction (BEGIN/COMMIT/ROLLBACK inside a "
                      "job)",
                      "Lỗi hệ thống.");
    }
    for (BatchStage* stage : stages_) {
        stage->EndJob(result.has_value());
    }
    return result;
}

void Writer::DeferCommits(std::size_t jobs) {
    commit_every_.store(std::max<std::size_t>(jobs, 1));
}

bool Writer::DefersCommits() const {
    return commit_every_.load() > 1;
}

Result<void> Writer::Sync() {
    return Execute([](Connection&) -> Result<void> { return {}; }, JobOptions{.commits = true});
}

void Writer::LoseDeferred(const Error& why) {
    if (uncommitted_ > 0 && !lost_) {
        lost_ = Error{ErrorCode::kUnavailable,
                      "writer: a deferred commit failed and lost acknowledged work: " + why.message,
                      std::string(kRetryVi),
                      {}};
    }
    open_.reset();
    uncommitted_ = 0;
}

Result<void> Writer::CommitOpen() {
    if (!open_) {
        return {};
    }
    auto committed = open_->Commit();
    if (!committed) {
        failed_commits_.fetch_add(1);
        LoseDeferred(committed.error());
        return committed;
    }
    commits_.fetch_add(1);
    open_.reset();
    uncommitted_ = 0;
    return {};
}

std::size_t Writer::RunTransaction(std::vector<Item>& batch, std::size_t first, std::size_t last) {
    const std::size_t count = last - first;
    batches_.fetch_add(1);
    if (count > max_batch_seen_.load()) {
        max_batch_seen_.store(count);
    }

    std::vector<Result<void>> results;
    results.reserve(count);
    std::size_t end = last;    // One past the last job run in this transaction.
    std::uint64_t commit = 0;  // The syncer's number of this batch's COMMIT, if issued.
    Result<void> begun;
    if (!open_) {
        auto tx = Transaction::Begin(connection_, Transaction::Mode::kImmediate);
        if (tx) {
            open_.emplace(std::move(*tx));
        } else {
            begun = tl::unexpected<Error>(std::move(tx).error());
        }
    }
    if (!begun) {
        failed_commits_.fetch_add(1);
        results.assign(count, tl::unexpected<Error>(begun.error()));
    } else {
        bool aborted = false;
        std::optional<Error> flush_error;
        for (std::size_t i = first; i < last && !aborted; ++i) {
            if (!stages_.empty() && !batch[i].options.keeps_stages) {
                // This job may read what the stages hold: write it first.
                if (auto flushed = FlushStages(); !flushed) {
                    flush_error = std::move(flushed).error();
                    end = i;
                    break;
                }
            }
            results.push_back(RunJob(batch[i].job));
            aborted = !connection_.InTransaction();
            end = i + 1;
        }
        if (!aborted && !flush_error && !stages_.empty()) {
            if (auto flushed = FlushStages(); !flushed) {
                flush_error = std::move(flushed).error();
            }
        }
        if (flush_error) {
            // The staged work of the batch's kept jobs could not be written: none of them is
            // applied. Jobs not run yet get a fresh batch.
            failed_commits_.fetch_add(1);
            if (connection_.InTransaction()) {
                static_cast<void>(open_->Rollback());
            }
            LoseDeferred(*flush_error);
            for (Result<void>& r : results) {
                if (r) {
                    r = tl::unexpected<Error>(*flush_error);
                }
            }
        } else if (aborted) {
            // SQLite rolled the whole transaction back: the jobs that had succeeded are lost
            // with it. The one that failed keeps its own error; the rest get a fresh batch.
            failed_commits_.fetch_add(1);
            LoseDeferred(
                Error{ErrorCode::kUnavailable, "the batch transaction was aborted", {}, {}});
            for (std::size_t i = 0; i + 1 < results.size(); ++i) {
                if (results[i]) {
                    results[i] = Fail(ErrorCode::kUnavailable,
                                      "writer: the batch transaction was aborted by a failure in "
                                      "another job; retry",
                                      std::string(kRetryVi));
                }
            }
        } else {
            const bool asked = std::any_of(batch.begin() + static_cast<std::ptrdiff_t>(first),
                                           batch.begin() + static_cast<std::ptrdiff_t>(end),
                                           [](const Item& item) { return item.options.commits; });
            if (asked || uncommitted_ + (end - first) >= commit_every_.load()) {
                // This batch's jobs are not acknowledged yet: a failed commit is their error.
                if (syncer_) {
                    commit = syncer_->BeginCommit();
                }
                if (auto committed = CommitOpen(); !committed) {
                    for (Result<void>& r : results) {
                        if (r) {
                            r = tl::unexpected<Error>(committed.error());
                        }
                    }
                }
            } else {
                uncommitted_ += end - first;  // acknowledged below, committed later
            }
        }
    }
    ClearStages();

    std::vector<Acknowledgement> acks;
    acks.reserve(end - first);
    for (std::size_t i = first; i < end; ++i) {
        Result<void>& result = results[i - first];
        jobs_.fetch_add(1);
        if (!result) {
            failed_jobs_.fetch_add(1);
        }
        if (result && batch[i].options.commits && lost_) {
            result = tl::unexpected<Error>(*std::exchange(lost_, std::nullopt));
        }
        if (batch[i].done) {
            acks.push_back(Acknowledgement{std::move(result), std::move(batch[i].done)});
        }
    }
    if (!syncer_) {
        Deliver(acks, {});
    } else if (commit != 0 || !acks.empty()) {
        syncer_->Acknowledge(commit, [acks = std::move(acks)](const Result<void>& flushed) mutable {
            Deliver(acks, flushed);
        });
    }
    return end;
}

}  // namespace motcua::storage::sqlite
