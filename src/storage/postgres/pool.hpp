// A fixed-size pool of PostgreSQL connections, thread-safe: Acquire blocks until one is free
// and the lease gives it back when it goes out of scope.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "storage/postgres/connection.hpp"

namespace motcua::storage::postgres {

class PgPool {
public:
    // A connection lent by the pool; returned on destruction. Move-only.
    class Lease {
    public:
        Lease(Lease&& other) noexcept
            : pool_(std::exchange(other.pool_, nullptr)), index_(other.index_) {}

        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();

        PgConnection& operator*() const;

        PgConnection* operator->() const { return &**this; }

    private:
        friend class PgPool;

        Lease(PgPool* pool, std::size_t index) : pool_(pool), index_(index) {}

        PgPool* pool_;
        std::size_t index_;
    };

    // Opens `size` (>= 1) connections with `conninfo` now; kUnavailable when any fails.
    [[nodiscard]] static Result<std::unique_ptr<PgPool>> Open(const std::string& conninfo,
                                                              std::size_t size);

    PgPool(const PgPool&) = delete;
    PgPool& operator=(const PgPool&) = delete;
    PgPool(PgPool&&) = delete;
    PgPool& operator=(PgPool&&) = delete;
    ~PgPool() = default;

    // A free connection, waiting for one when all are lent. A connection broken by an earlier
    // failure is reconnected first (kUnavailable when that fails; it stays in the pool).
    [[nodiscard]] Result<Lease> Acquire();

    [[nodiscard]] std::size_t Size() const { return connections_.size(); }

private:
    explicit PgPool(std::vector<PgConnection> connections);
    void Release(std::size_t index);

    std::vector<PgConnection> connections_;  // fixed after construction
    std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::size_t> free_;  // indexes into connections_, guarded by mutex_
};

}  // namespace motcua::storage::postgres
