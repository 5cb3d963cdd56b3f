// The SQLite AccountStore (accounts, sessions, API tokens, pending registrations; tables of
// migration 0002_accounts, `accounts.disabled_at` of 0007_admin) and the notification sink that
// stands in for the SMS and e-mail gateways: it stores every message in `notifications`, where the
// simulator and tests read them. Writes go through the Database's group-committing writer, reads
// through its read pool. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "core/ports/accounts.hpp"
#include "storage/sqlite/database.hpp"

namespace motcua::storage::sqlite {

class SqliteAccountStore final : public core::ports::AccountStore {
public:
    explicit SqliteAccountStore(Database& db) : db_(db) {}

    Result<core::ports::Account> CreateAccount(core::ports::Account account) override;
    Result<core::ports::Account> AccountById(core::model::UserId id) override;
    Result<core::ports::Account> AccountByUsername(std::string_view username) override;
    Result<std::optional<core::ports::Account>> AccountByContact(std::string_view contact) override;
    Result<std::vector<core::ports::Account>> ListAccounts(
        const core::ports::AccountQuery& query) override;
    Result<int> AddLoginFailure(core::model::UserId id) override;
    Result<void> LockAccount(core::model::UserId id, Instant until) override;
    Result<void> RecordLogin(core::model::UserId id, Instant at) override;
    Result<void> UpdateAccount(core::model::UserId id,
                               const core::ports::AccountChange& change) override;
    Result<void> SetDisabled(core::model::UserId id, std::optional<Instant> at) override;

    Result<void> CreateSession(const core::ports::SessionRecord& session) override;
    Result<core::ports::SessionRecord> SessionByTokenHash(std::string_view token_hash) override;
    Result<void> TouchSession(std::string_view token_hash, Instant at) override;
    Result<void> DeleteSession(std::string_view token_hash) override;
    Result<int> DeleteSessionsOf(core::model::UserId user) override;
    Result<int> DeleteExpiredSessions(Instant now, Instant idle_since) override;

    Result<core::ports::ApiTokenId> CreateApiToken(
        const core::ports::ApiTokenRecord& token) override;
    Result<core::ports::ApiTokenRecord> ApiTokenByHash(std::string_view token_hash) override;
    Result<core::ports::ApiTokenRecord> ApiTokenById(core::ports::ApiTokenId id) override;
    Result<std::vector<core::ports::ApiTokenRecord>> ApiTokensOf(core::model::UserId user) override;
    Result<void> RevokeApiToken(core::ports::ApiTokenId id, Instant at) override;
    Result<void> TouchApiToken(core::ports::ApiTokenId id, Instant at) override;

    Result<void> PutRegistration(const core::ports::PendingRegistration& registration) override;
    Result<core::ports::PendingRegistration> RegistrationByContact(
        std::string_view contact) override;
    Result<int> ClaimCodeAttempt(std::string_view contact) override;
    Result<void> DeleteRegistration(std::string_view contact) override;
    Result<int> DeleteExpiredRegistrations(Instant now) override;

private:
    Database& db_;
};

// A message kept by the sink.
struct StoredNotification {
    std::int64_t id = 0;
    core::ports::NotificationChannel channel = core::ports::NotificationChannel::kSms;
    std::string to;
    std::string subject;
    std::string text;
    Instant created_at;

    bool operator==(const StoredNotification&) const = default;
};

// The Notifier of a server without SMS or e-mail gateways (and of the demo): every message is
// stored, stamped with the clock's time, and never delivered anywhere else.
class SqliteNotificationSink final : public core::ports::Notifier {
public:
    SqliteNotificationSink(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

    Result<void> Send(core::ports::NotificationChannel channel,
                      std::string_view to,
                      std::string_view subject,
                      std::string_view text) override;

    // The latest messages to `to` (all recipients when empty), newest first; limit 1..1000.
    [[nodiscard]] Result<std::vector<StoredNotification>> Recent(std::string_view to,
                                                                 int limit = 20);

private:
    Database& db_;
    const Clock& clock_;
};

// The stored form of an instant: UTC "YYYY-MM-DDTHH:MM:SS.ffffffZ" (27 characters, sorts).
std::string EncodeInstant(Instant t);
// Parses EncodeInstant's form; kInternal (a corrupt row) otherwise.
[[nodiscard]] Result<Instant> DecodeInstant(std::string_view text);

}  // namespace motcua::storage::sqlite
