// The SQLite DraftStore: drafts of online submissions in the `drafts` table of migration
// 0006_drafts. Writes go through the Database's group-committing writer (each compare-and-set
// is one statement there, so it is atomic), reads through its read pool. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/ports/draft_store.hpp"
#include "storage/sqlite/database.hpp"

namespace motcua::storage::sqlite {

class SqliteDraftStore final : public core::ports::DraftStore {
public:
    // `db` must outlive the store.
    explicit SqliteDraftStore(Database& db) : db_(db) {}

    // See core/ports/draft_store.hpp. The attachment list is stored as a JSON array.
    Result<bool> Insert(const core::ports::Draft& draft, std::size_t max_open) override;
    Result<core::ports::Draft> Get(const core::ports::DraftId& id) override;
    Result<std::vector<core::ports::Draft>> ListOpen(core::model::UserId owner,
                                                     Instant now,
                                                     std::size_t limit) override;
    Result<void> Replace(const core::ports::Draft& draft, std::int64_t expected_version) override;
    Result<void> Discard(const core::ports::DraftId& id,
                         std::int64_t expected_version,
                         Instant at) override;
    Result<int> DiscardExpired(Instant now, int limit) override;

private:
    Database& db_;
};

}  // namespace motcua::storage::sqlite
