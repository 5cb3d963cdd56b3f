#include "app/wiring.hpp"

#include <array>

#include "core/calendar/builtin_calendar.hpp"

namespace motcua::app {

RandomKeys::RandomKeys() : engine_(std::random_device{}()) {}

std::string RandomKeys::NewVerificationKey() {
    static constexpr std::string_view kAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string key(8, ' ');
    const std::lock_guard lock(mutex_);
    std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
    for (char& c : key) {
        c = kAlphabet[pick(engine_)];
    }
    return key;
}

Result<Backend> OpenBackend(const std::string& path, bool bulk) {
    Backend b;
    storage::sqlite::DatabaseOptions options;
    options.path = path;
    options.bulk_load = bulk;
    MOTCUA_ASSIGN_OR_RETURN(b.db, storage::sqlite::Database::Open(options));
    MOTCUA_ASSIGN_OR_RETURN(std::vector<core::calendar::YearSchedule> national,
                            core::calendar::BuiltinNationalSchedules());
    b.directory = std::make_unique<storage::sqlite::SqliteDirectory>(*b.db, std::move(national));
    // A bulk load builds the KPI counters once at the end (seed-demo), not with each event.
    b.store = std::make_unique<storage::sqlite::SqliteDossierStore>(
        *b.db, std::size_t{4096}, /*kpi_counters=*/!bulk);
    return b;
}

Result<Accounts> OpenAccounts(Backend& backend,
                              const Clock& clock,
                              const core::accounts::AccountPolicy& policy,
                              const integrations::security::Argon2Params& argon2) {
    MOTCUA_TRY(core::accounts::ValidatePolicy(policy));
    Accounts a;
    MOTCUA_ASSIGN_OR_RETURN(a.passwords, integrations::security::Argon2idHasher::Create(argon2));
    a.store = std::make_unique<storage::sqlite::SqliteAccountStore>(*backend.db);
    a.notifications = std::make_unique<storage::sqlite::SqliteNotificationSink>(*backend.db, clock);
    a.secrets = std::make_unique<integrations::security::Sha256SecretHasher>();
    a.random = std::make_unique<integrations::security::OpenSslRandom>();
    a.service = std::make_unique<core::accounts::AccountService>(
        core::accounts::AccountPorts{
            *a.store, *a.passwords, *a.secrets, *a.random, *a.notifications},
        clock,
        policy);
    return a;
}

}  // namespace motcua::app
