#include "storage/postgres/pool.hpp"

#include <utility>

namespace motcua::storage::postgres {

PgPool::Lease::~Lease() {
    if (pool_ != nullptr) {
        pool_->Release(index_);
    }
}

PgConnection& PgPool::Lease::operator*() const {
    return pool_->connections_[index_];
}

Result<std::unique_ptr<PgPool>> PgPool::Open(const std::string& conninfo, std::size_t size) {
    if (size == 0) {
        return Fail(ErrorCode::kInvalidArgument, "a connection pool needs at least one connection");
    }
    std::vector<PgConnection> connections;
    connections.reserve(size);
    for (std::size_t i = 0; i < size; ++i) {
        MOTCUA_ASSIGN_OR_RETURN(PgConnection c, PgConnection::Open(conninfo));
        connections.push_back(std::move(c));
    }
    return std::unique_ptr<PgPool>(new PgPool(std::move(connections)));
}

PgPool::PgPool(std::vector<PgConnection> connections) : connections_(std::move(connections)) {
    free_.reserve(connections_.size());
    for (std::size_t i = connections_.size(); i > 0; --i) {
        free_.push_back(i - 1);
    }
}

Result<PgPool::Lease> PgPool::Acquire() {
    std::size_t index = 0;
    {
        std::unique_lock lock(mutex_);
        freed_.wait(lock, [&] { return !free_.empty(); });
        index = free_.back();
        free_.pop_back();
    }
    Lease lease(this, index);
    if (!connections_[index].Healthy()) {
        MOTCUA_TRY(connections_[index].Reset());
    }
    return lease;
}

void PgPool::Release(std::size_t index) {
    {
        const std::lock_guard lock(mutex_);
        free_.push_back(index);
    }
    freed_.notify_one();
}

}  // namespace motcua::storage::postgres
