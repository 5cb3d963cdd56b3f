// The composition of the storage back end with the core for one database: what every command
// and the server need. Only app/ sees all modules (STYLE.md §1).
#pragma once

#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/ports/dossier_store.hpp"
#include "core/workflow/dossier_service.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/dossier_store.hpp"

namespace motcua::app {

// Verification keys from a CSPRNG-seeded generator: 8 characters without look-alikes.
class RandomKeys final : public core::ports::KeySource {
public:
    RandomKeys();

    explicit RandomKeys(std::uint64_t seed) : engine_(seed) {}

    std::string NewVerificationKey() override;

private:
    std::mutex mutex_;
    std::mt19937_64 engine_;
};

struct Backend {
    std::unique_ptr<storage::sqlite::Database> db;
    std::unique_ptr<storage::sqlite::SqliteDirectory> directory;
    std::unique_ptr<storage::sqlite::SqliteDossierStore> store;
};

// Opens (and migrates) the database at `path`; `bulk` trades durability for speed while a
// generator fills an empty database (see DatabaseOptions::bulk_load).
[[nodiscard]] Result<Backend> OpenBackend(const std::string& path, bool bulk = false);

}  // namespace motcua::app
