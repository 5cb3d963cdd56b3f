#include "storage/sqlite/read_pool.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

namespace motcua::storage::sqlite {

namespace {

bool IsInMemoryPath(std::string_view path) {
    return path == ":memory:" || path.find("mode=memory") != std::string_view::npos ||
           path.find("cache=shared") != std::string_view::npos;
}

}  // namespace

ReadPool::Lease::~Lease() {
    if (pool_ == nullptr) {
        return;
    }
    if (connection_->InTransaction()) {
        static_cast<void>(connection_->Exec("ROLLBACK"));
    }
    pool_->Return(connection_);
}

Result<std::unique_ptr<ReadPool>> ReadPool::Open(const ReadPoolOptions& options) {
    if (IsInMemoryPath(options.path)) {
        return Fail(ErrorCode::kInvalidArgument,
                    "read pool: in-memory and shared-cache databases cannot be shared by a pool; "
                    "read through the writer's connection or use a file",
                    "Lỗi cấu hình cơ sở dữ liệu.",
                    "path");
    }
    if (options.cache_kib < 1) {
        return Fail(ErrorCode::kInvalidArgument,
                    "read pool: cache_kib must be >= 1",
                    "Lỗi cấu hình cơ sở dữ liệu.",
                    "cache_kib");
    }
    std::size_t size = options.size;
    if (size == 0) {
        size = std::max<std::size_t>(2, std::thread::hardware_concurrency());
    }
    std::unique_ptr<ReadPool> pool(new ReadPool());
    pool->connections_.reserve(size);
    pool->free_.reserve(size);
    const OpenOptions open{.path = options.path,
                           .read_only = true,
                           .busy_timeout_ms = options.busy_timeout_ms,
                           .vfs = options.vfs};
    for (std::size_t i = 0; i < size; ++i) {
        MOTCUA_ASSIGN_OR_RETURN(Connection connection, Connection::Open(open));
        MOTCUA_TRY(connection.Exec(fmt::format("PRAGMA cache_size = -{}", options.cache_kib)));
        pool->connections_.push_back(std::make_unique<Connection>(std::move(connection)));
        pool->free_.push_back(pool->connections_.back().get());
    }
    return pool;
}

ReadPool::Lease ReadPool::Borrow() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [this] { return !free_.empty(); });
    Connection* connection = free_.back();
    free_.pop_back();
    return {this, connection};
}

void ReadPool::Return(Connection* connection) noexcept {
    {
        const std::lock_guard lock(mutex_);
        free_.push_back(connection);
    }
    returned_.notify_one();
}

std::size_t ReadPool::Available() const {
    const std::lock_guard lock(mutex_);
    return free_.size();
}

}  // namespace motcua::storage::sqlite
