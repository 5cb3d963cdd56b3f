// The SQLite DossierQueries: queues and lists over the projection's query columns (`dossiers`)
// and step rows (`dossier_steps`), and per-status counts from `dossier_status_counts` (kept by
// triggers, migration 0003). Each call is one read snapshot; the page and its total agree.
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/ports/dossier_queries.hpp"
#include "storage/sqlite/database.hpp"

namespace motcua::storage::sqlite {

class SqliteDossierQueries final : public core::ports::DossierQueries {
public:
    explicit SqliteDossierQueries(Database& db) : db_(db) {}

    // ports::DossierQueries (contracts in core/ports/dossier_queries.hpp)
    Result<core::ports::DossierPage> List(const core::ports::DossierFilter& filter) override;
    Result<std::map<core::workflow::DossierStatus, std::int64_t>> StatusCounts() override;

    // The query plan SQLite chooses for the candidate query of List(filter) (the filter, order
    // and page, before the summary columns are joined): the detail lines of EXPLAIN QUERY PLAN,
    // e.g. "SEARCH d USING INDEX dossiers_open_due (due_at<?)". For tests and benchmarks that
    // check every queue shape uses an index.
    [[nodiscard]] Result<std::vector<std::string>> Plan(const core::ports::DossierFilter& filter);

private:
    Database& db_;
};

}  // namespace motcua::storage::sqlite
