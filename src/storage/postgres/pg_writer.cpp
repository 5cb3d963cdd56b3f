#include "storage/postgres/pg_writer.hpp"

#include <algorithm>
#include <exception>
#include <string_view>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <libpq-fe.h>

namespace motcua::storage::postgres {
namespace {

constexpr std::string_view kUnavailableVi =
    "Không kết nối được cơ sở dữ liệu, vui lòng thử lại sau.";

Error Unavailable(std::string_view why) {
    return Error{ErrorCode::kUnavailable,
                 fmt::format("postgres writer: connection lost: {}", why),
                 std::string(kUnavailableVi),
                 {}};
}

std::string SavepointName(std::size_t index) {
    return fmt::format("motcua_job_{}", index);
}

}  // namespace

Result<std::vector<PgResult>> PgWriter::Tx::Pipeline(std::span<const PgStatement> statements) {
    std::vector<PgStatement> all;
    all.reserve(pending_.size() + statements.size());
    const std::size_t skip = pending_.size();
    for (PgStatement& p : pending_) {
        all.push_back(std::move(p));
    }
    pending_.clear();
    opened_ = true;
    all.insert(all.end(), statements.begin(), statements.end());
    MOTCUA_ASSIGN_OR_RETURN(std::vector<PgResult> results, connection_.Pipeline(all));
    results.erase(results.begin(), results.begin() + static_cast<std::ptrdiff_t>(skip));
    return results;
}

Result<std::unique_ptr<PgWriter>> PgWriter::Start(PgConnection connection,
                                                  PgWriterOptions options) {
    if (options.max_batch == 0) {
        return Fail(ErrorCode::kInvalidArgument, "postgres writer: max_batch must be at least 1");
    }
    std::unique_ptr<PgWriter> writer(new PgWriter(std::move(connection), std::move(options)));
    try {
        writer->thread_ = std::thread([w = writer.get()] { w->Run(); });
    } catch (const std::system_error& e) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("postgres writer: cannot start its thread: {}", e.what()));
    }
    return writer;
}

PgWriter::PgWriter(PgConnection connection, PgWriterOptions options)
    : connection_(std::move(connection)), options_(std::move(options)) {}

PgWriter::~PgWriter() {
    Stop();
}

Result<void> PgWriter::Execute(Job job) {
    if (writer_thread_id_.load() == std::this_thread::get_id()) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "postgres writer: Execute called from a job would wait for itself");
    }
    std::optional<Result<void>> outcome;
    std::unique_lock lock(mutex_);
    if (stopping_) {
        return Fail(ErrorCode::kUnavailable,
                    "postgres writer: stopped",
                    "Hệ thống đang dừng, vui lòng thử lại sau.");
    }
    queue_.push_back(Item{std::move(job), &outcome});
    wake_.notify_one();
    done_.wait(lock, [&] { return outcome.has_value(); });
    return std::move(*outcome);
}

void PgWriter::Stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    const std::lock_guard join(join_mutex_);
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) {
        thread_.join();
    }
}

bool PgWriter::IsStopping() const {
    const std::lock_guard lock(mutex_);
    return stopping_;
}

PgWriterStats PgWriter::Stats() const {
    PgWriterStats s;
    {
        const std::lock_guard lock(mutex_);
        s.queue_depth = queue_.size();
    }
    s.batches = batches_.load();
    s.commits = commits_.load();
    s.jobs = jobs_.load();
    s.failed_jobs = failed_jobs_.load();
    s.failed_batches = failed_batches_.load();
    s.max_batch_seen = max_batch_seen_.load();
    return s;
}

void PgWriter::Run() {
    writer_thread_id_.store(std::this_thread::get_id());
    std::vector<Item> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;  // stopping, and everything queued has been run
            }
            while (!queue_.empty() && batch.size() < options_.max_batch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        RunBatch(batch);
        batch.clear();
    }
}

Result<void> PgWriter::RunJob(Job& job, std::vector<PgStatement>& pending, bool& opened) {
    Tx tx(connection_, pending);
    Result<void> result;
    try {
        result = job(tx);
    } catch (const std::exception& e) {
        result =
            Fail(ErrorCode::kInternal, fmt::format("postgres writer: job threw: {}", e.what()));
    }
    if (!tx.opened_) {
        pending.pop_back();  // its SAVEPOINT was never sent: nothing to keep or undo
    }
    opened = tx.opened_;
    return result;
}

void PgWriter::RunBatch(std::vector<Item>& batch) {
    ++batches_;
    max_batch_seen_.store(std::max(max_batch_seen_.load(), batch.size()));
    std::vector<Result<void>> outcomes(batch.size());
    // The batch cannot go on: every job gets `why` (kUnavailable when the connection broke).
    const auto fail_all = [&](Error why) {
        ++failed_batches_;
        if (!connection_.Healthy()) {
            why = Unavailable(why.message);
        } else {
            static_cast<void>(connection_.Exec("ROLLBACK"));
        }
        for (Result<void>& o : outcomes) {
            if (o) {  // a job's own error stands; the others (kept or not run) get `why`
                o = tl::unexpected(why);
            }
        }
        if (!connection_.Healthy()) {
            static_cast<void>(connection_.Reset());  // else retried before the next batch
        }
        Acknowledge(batch, outcomes);
    };

    if (!connection_.Healthy()) {
        if (auto reset = connection_.Reset(); !reset) {
            fail_all(reset.error());
            return;
        }
    }
    std::vector<PgStatement> begin;
    begin.push_back(PgStatement{"BEGIN", {}});
    for (const std::string& sql : options_.begin) {
        begin.push_back(PgStatement{sql, {}});
    }
    if (auto begun = connection_.Pipeline(begin); !begun) {
        fail_all(begun.error());
        return;
    }

    // Sent in front of the next job's first statements, or of the COMMIT: the RELEASE of the
    // job before and the SAVEPOINT of the next.
    std::vector<PgStatement> pending;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const std::string savepoint = SavepointName(i);
        pending.push_back(PgStatement{"SAVEPOINT " + savepoint, {}});
        bool opened = false;
        Result<void> result = RunJob(batch[i].job, pending, opened);
        if (result) {
            if (opened) {
                pending.push_back(PgStatement{"RELEASE SAVEPOINT " + savepoint, {}});
            }
            continue;
        }
        if (!connection_.Healthy()) {
            fail_all(Unavailable(result.error().message));
            return;
        }
        outcomes[i] = std::move(result);
        if (opened) {
            if (auto undone = connection_.ExecScript(
                    fmt::format("ROLLBACK TO SAVEPOINT {0}; RELEASE SAVEPOINT {0}", savepoint));
                !undone) {
                fail_all(undone.error());
                return;
            }
        }
    }

    pending.push_back(PgStatement{"COMMIT", {}});
    auto committed = connection_.Pipeline(pending);
    if (committed) {
        // COMMIT of a transaction that had failed reports ROLLBACK instead of an error.
        const std::string_view tag = PQcmdStatus(committed->back().Raw());
        if (tag != "COMMIT") {
            committed = Fail(ErrorCode::kInternal,
                             fmt::format("postgres writer: the batch ended in {}", tag));
        }
    }
    if (!committed) {
        ++failed_batches_;
        Error why = committed.error();
        if (!connection_.Healthy()) {
            why = Unavailable(why.message);
        } else {
            static_cast<void>(connection_.Exec("ROLLBACK"));  // no-op unless still open
        }
        for (Result<void>& o : outcomes) {
            if (o) {
                o = tl::unexpected(why);
            }
        }
        if (!connection_.Healthy()) {
            static_cast<void>(connection_.Reset());
        }
    } else {
        ++commits_;
    }
    Acknowledge(batch, outcomes);
}

void PgWriter::Acknowledge(std::vector<Item>& batch, std::vector<Result<void>>& outcomes) {
    std::uint64_t failed = 0;
    {
        const std::lock_guard lock(mutex_);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (!outcomes[i]) {
                ++failed;
            }
            *batch[i].outcome = std::move(outcomes[i]);
        }
    }
    jobs_ += batch.size();
    failed_jobs_ += failed;
    done_.notify_all();
}

}  // namespace motcua::storage::postgres
