// The composition of the storage back end with the core for one database: what every command
// and the server need. Only app/ sees all modules (STYLE.md §1).
#pragma once

#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/accounts/account_service.hpp"
#include "core/ports/dossier_store.hpp"
#include "core/workflow/dossier_service.hpp"
#include "integrations/security/argon2id_hasher.hpp"
#include "integrations/security/secrets.hpp"
#include "storage/sqlite/account_store.hpp"
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
// generator fills an empty database (see DatabaseOptions::bulk_load), and leaves the KPI counters
// to be built once at the end (storage::sqlite::RebuildKpiCounters).
[[nodiscard]] Result<Backend> OpenBackend(const std::string& path, bool bulk = false);

// The accounts service of one database with its adapters: the SQLite account store, the
// notification sink (one-time codes land in the `notifications` table), argon2id, SHA-256 and
// OpenSSL randomness. Every part is on the heap, so moving this keeps the service's references
// valid; the Backend and the clock must outlive it.
struct Accounts {
    std::unique_ptr<storage::sqlite::SqliteAccountStore> store;
    std::unique_ptr<storage::sqlite::SqliteNotificationSink> notifications;
    std::unique_ptr<integrations::security::Argon2idHasher> passwords;
    std::unique_ptr<integrations::security::Sha256SecretHasher> secrets;
    std::unique_ptr<integrations::security::OpenSslRandom> random;
    std::unique_ptr<core::accounts::AccountService> service;
};

// Builds the accounts service on `backend`. kInvalidArgument for a policy that fails
// ValidatePolicy or argon2 parameters libargon2 refuses.
[[nodiscard]] Result<Accounts> OpenAccounts(
    Backend& backend,
    const Clock& clock,
    const core::accounts::AccountPolicy& policy = {},
    const integrations::security::Argon2Params& argon2 = {});

}  // namespace motcua::app
