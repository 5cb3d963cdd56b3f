#include "storage/sqlite/commit_syncer.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

namespace motcua::storage::sqlite {

CommitSyncer::CommitSyncer(int fd) : fd_(fd) {}

Result<std::unique_ptr<CommitSyncer>> CommitSyncer::Start(const std::string& file) {
    // Read-only is enough: fdatasync flushes the file, whichever descriptor names it.
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return Fail(ErrorCode::kUnavailable,
                    "commit syncer: cannot open " + file + ": " + std::strerror(errno),
                    "Không mở được tệp nhật ký của cơ sở dữ liệu.");
    }
    std::unique_ptr<CommitSyncer> syncer(new CommitSyncer(fd));
    try {
        syncer->thread_ = std::thread([s = syncer.get()] { s->Run(); });
    } catch (const std::system_error& e) {
        return Fail(ErrorCode::kUnavailable,
                    std::string("commit syncer: cannot start its thread: ") + e.what(),
                    "Không khởi động được tiến trình ghi dữ liệu.");
    }
    return syncer;
}

CommitSyncer::~CommitSyncer() {
    Stop();
    ::close(fd_);
}

std::uint64_t CommitSyncer::BeginCommit() {
    return begun_.fetch_add(1) + 1;
}

void CommitSyncer::Acknowledge(std::uint64_t commit, Ack ack) {
    {
        const std::lock_guard lock(mutex_);
        queue_.push_back(Group{commit, std::move(ack)});
    }
    wake_.notify_one();
}

void CommitSyncer::AwaitDurable() {
    const std::uint64_t target = begun_.load();
    if (durable_.load() >= target || OnSyncThread()) {
        return;
    }
    std::unique_lock lock(mutex_);
    durable_wake_.wait(lock, [&] { return durable_.load() >= target; });
}

bool CommitSyncer::OnSyncThread() const {
    return thread_id_.load() == std::this_thread::get_id();
}

void CommitSyncer::Stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (OnSyncThread()) {
        return;
    }
    const std::lock_guard join_lock(join_mutex_);
    if (thread_.joinable()) {
        thread_.join();
    }
}

CommitSyncer::Stats CommitSyncer::GetStats() const {
    return Stats{.flushes = flushes_.load(),
                 .failed_flushes = failed_flushes_.load(),
                 .flush_seconds = static_cast<double>(flush_nanoseconds_.load()) / 1e9};
}

Result<void> CommitSyncer::Flush() {
    const auto start = std::chrono::steady_clock::now();
    int rc = 0;
    while ((rc = ::fdatasync(fd_)) != 0 && errno == EINTR) {
    }
    const int error = errno;
    flush_nanoseconds_.fetch_add(
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                       std::chrono::steady_clock::now() - start)
                                       .count()));
    flushes_.fetch_add(1);
    if (rc != 0) {
        failed_flushes_.fetch_add(1);
        return Fail(ErrorCode::kUnavailable,
                    std::string("commit syncer: fdatasync of the write-ahead log failed (") +
                        std::strerror(error) +
                        "); the change was applied but may not survive a crash",
                    "Hệ thống chưa xác nhận được việc lưu dữ liệu, vui lòng kiểm tra lại.");
    }
    return {};
}

void CommitSyncer::Run() {
    thread_id_.store(std::this_thread::get_id());
    pthread_setname_np(pthread_self(), "motcua-syncer");  // Shown by top -H and perf.
    std::deque<Group> groups;
    while (true) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                break;  // Stopping, and everything queued has been acknowledged.
            }
            groups.swap(queue_);
        }
        std::uint64_t last = 0;
        for (const Group& g : groups) {
            last = std::max(last, g.commit);
        }
        // One flush covers every commit written before it, however many are queued.
        const bool new_commits = last > durable_.load();
        const Result<void> flushed = new_commits ? Flush() : Result<void>{};
        if (new_commits) {
            {
                const std::lock_guard lock(mutex_);
                durable_.store(last);
            }
            durable_wake_.notify_all();
        }
        for (Group& g : groups) {
            try {
                g.ack(g.commit == 0 ? Result<void>{} : flushed);
            } catch (const std::exception&) {
                // An acknowledgement must not throw (writer.hpp); nothing is left to do.
            }
        }
        groups.clear();
    }
    thread_id_.store(std::thread::id());
}

}  // namespace motcua::storage::sqlite
