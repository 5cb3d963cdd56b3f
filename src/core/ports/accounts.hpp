// Ports of the accounts and authentication service (core/accounts/account_service.hpp): the
// account store, password and secret hashing, randomness and the notifier that delivers
// one-time codes. Implementations must be thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "common/strong_id.hpp"
#include "core/model/ids.hpp"
#include "core/workflow/dossier.hpp"

namespace motcua::core::ports {

using model::UserId;
using workflow::Role;

using ApiTokenId = StrongId<struct ApiTokenIdTag, std::int64_t>;

// A person (or machine owner) who can sign in.
struct Account {
    UserId id;                 // 0 when creating: the store assigns one
    std::string username;      // unique; lower-case; a citizen's is their contact
    std::string display_name;  // shown in the UI and recorded on events
    Role role = Role::kCitizen;
    std::string agency_code;    // the agency staff act for; empty for citizens
    std::string phone;          // normalised "0xxxxxxxxx", empty when none; unique
    std::string email;          // lower-case, empty when none; unique
    std::string password_hash;  // PasswordHasher encoding
    bool demo = false;          // a published demo account (refused unless the server allows)
    int failed_logins = 0;      // consecutive wrong passwords since the last success or lock
    std::optional<Instant> locked_until;
    Instant created_at;
    std::optional<Instant> last_login_at;
    // Set while an administrator has disabled the account: it cannot sign in and its sessions
    // and API tokens are refused.
    std::optional<Instant> disabled_at;

    bool operator==(const Account&) const = default;
};

// What an administrator changes on an account (UpdateAccount). The caller validates.
struct AccountChange {
    Role role = Role::kCitizen;
    std::string agency_code;
    std::string display_name;
};

// Filter and keyset page for ListAccounts; accounts come in id order.
struct AccountQuery {
    std::optional<Role> role;
    std::string agency_code;  // empty: any
    UserId after;             // ids greater than this (0: from the start)
    int limit = 100;          // 1..1000
};

// A server-side session. The raw token lives only in the user's cookie.
struct SessionRecord {
    std::string token_hash;  // SecretHasher hash of the raw token; unique
    UserId user;
    std::string csrf_token;  // sent back with every state-changing request
    Instant created_at;
    Instant last_seen_at;
    Instant expires_at;  // absolute end, whatever the activity

    bool operator==(const SessionRecord&) const = default;
};

// A token for machine clients. The raw token is shown once and never stored.
struct ApiTokenRecord {
    ApiTokenId id;  // 0 when creating: the store assigns one
    UserId user;
    std::string name;        // what the owner called it ("đồng bộ DVCQG")
    std::string prefix;      // the first characters of the raw token, to recognise it in lists
    std::string token_hash;  // SecretHasher hash of the raw token; unique
    Instant created_at;
    std::optional<Instant> expires_at;  // none: until revoked
    std::optional<Instant> last_used_at;
    std::optional<Instant> revoked_at;

    bool operator==(const ApiTokenRecord&) const = default;
};

enum class ContactKind { kPhone, kEmail };

// A self-registration waiting for its one-time code. One per contact.
struct PendingRegistration {
    std::string contact;  // normalised phone or e-mail
    ContactKind kind = ContactKind::kPhone;
    std::string display_name;
    std::string password_hash;
    std::string code_salt;  // random; code_hash = SecretHasher(code_salt + ":" + code)
    std::string code_hash;
    int attempts = 0;  // codes tried so far
    Instant created_at;
    Instant expires_at;

    bool operator==(const PendingRegistration&) const = default;
};

// Accounts, sessions, API tokens and pending registrations. Each call is atomic.
class AccountStore {
public:
    virtual ~AccountStore() = default;

    // ---- Accounts ----
    // Stores a new account and returns it with its id (account.id when non-zero, else a new
    // one). kAlreadyExists when the username, phone, e-mail or id is taken.
    [[nodiscard]] virtual Result<Account> CreateAccount(Account account) = 0;
    // kNotFound when absent.
    [[nodiscard]] virtual Result<Account> AccountById(UserId id) = 0;
    // kNotFound when absent; `username` is compared exactly (callers normalise).
    [[nodiscard]] virtual Result<Account> AccountByUsername(std::string_view username) = 0;
    // The account whose username, phone or e-mail is `contact`, if any.
    [[nodiscard]] virtual Result<std::optional<Account>> AccountByContact(
        std::string_view contact) = 0;
    [[nodiscard]] virtual Result<std::vector<Account>> ListAccounts(const AccountQuery& query) = 0;
    // Adds one to the account's failed_logins and returns the new count. kNotFound when absent.
    [[nodiscard]] virtual Result<int> AddLoginFailure(UserId id) = 0;
    // Sets locked_until and resets failed_logins to 0. kNotFound when absent.
    [[nodiscard]] virtual Result<void> LockAccount(UserId id, Instant until) = 0;
    // A successful sign-in: failed_logins = 0, no lock, last_login_at = at. kNotFound when absent.
    [[nodiscard]] virtual Result<void> RecordLogin(UserId id, Instant at) = 0;
    // Sets the role, agency and display name. kNotFound when absent.
    [[nodiscard]] virtual Result<void> UpdateAccount(UserId id, const AccountChange& change) = 0;
    // Sets disabled_at (`at`) or clears it (nullopt). kNotFound when absent.
    [[nodiscard]] virtual Result<void> SetDisabled(UserId id, std::optional<Instant> at) = 0;

    // ---- Sessions ----
    // kAlreadyExists when the token hash is taken.
    [[nodiscard]] virtual Result<void> CreateSession(const SessionRecord& session) = 0;
    // kNotFound when absent.
    [[nodiscard]] virtual Result<SessionRecord> SessionByTokenHash(std::string_view token_hash) = 0;
    // Sets last_seen_at; succeeds when the session is gone.
    [[nodiscard]] virtual Result<void> TouchSession(std::string_view token_hash, Instant at) = 0;
    // Succeeds when the session is already gone.
    [[nodiscard]] virtual Result<void> DeleteSession(std::string_view token_hash) = 0;
    // Deletes every session of `user`; returns how many.
    [[nodiscard]] virtual Result<int> DeleteSessionsOf(UserId user) = 0;
    // Deletes sessions whose expires_at <= now or whose last_seen_at <= idle_since; how many.
    [[nodiscard]] virtual Result<int> DeleteExpiredSessions(Instant now, Instant idle_since) = 0;

    // ---- API tokens ----
    // Stores a token and returns its id. kAlreadyExists when the hash is taken.
    [[nodiscard]] virtual Result<ApiTokenId> CreateApiToken(const ApiTokenRecord& token) = 0;
    // kNotFound when absent (revoked tokens are still found; the caller checks revoked_at).
    [[nodiscard]] virtual Result<ApiTokenRecord> ApiTokenByHash(std::string_view token_hash) = 0;
    [[nodiscard]] virtual Result<ApiTokenRecord> ApiTokenById(ApiTokenId id) = 0;
    // Every token of `user` (revoked ones too), in id order.
    [[nodiscard]] virtual Result<std::vector<ApiTokenRecord>> ApiTokensOf(UserId user) = 0;
    // Sets revoked_at (kept when already revoked). kNotFound when absent.
    [[nodiscard]] virtual Result<void> RevokeApiToken(ApiTokenId id, Instant at) = 0;
    // Sets last_used_at; succeeds when the token is gone.
    [[nodiscard]] virtual Result<void> TouchApiToken(ApiTokenId id, Instant at) = 0;

    // ---- Pending registrations ----
    // Stores `registration`, replacing any earlier one of the same contact.
    [[nodiscard]] virtual Result<void> PutRegistration(const PendingRegistration& registration) = 0;
    // kNotFound when absent.
    [[nodiscard]] virtual Result<PendingRegistration> RegistrationByContact(
        std::string_view contact) = 0;
    // Adds one to the attempts and returns the new count. kNotFound when absent.
    [[nodiscard]] virtual Result<int> ClaimCodeAttempt(std::string_view contact) = 0;
    // Succeeds when already gone.
    [[nodiscard]] virtual Result<void> DeleteRegistration(std::string_view contact) = 0;
    // Deletes registrations with expires_at <= now; returns how many.
    [[nodiscard]] virtual Result<int> DeleteExpiredRegistrations(Instant now) = 0;
};

// Slow, salted password hashing (argon2id in production).
class PasswordHasher {
public:
    virtual ~PasswordHasher() = default;
    // A self-describing encoding of a fresh salt and the hash of `password`.
    [[nodiscard]] virtual Result<std::string> Hash(std::string_view password) = 0;
    // True when `password` matches `encoded`; false for a mismatch or a malformed encoding.
    virtual bool Verify(std::string_view encoded, std::string_view password) = 0;
};

// Fast hashing of high-entropy secrets (session and API tokens): lower-case hex SHA-256.
class SecretHasher {
public:
    virtual ~SecretHasher() = default;
    virtual std::string Hash(std::string_view secret) = 0;
};

// Cryptographically secure randomness.
class RandomSource {
public:
    virtual ~RandomSource() = default;
    // `bytes` random bytes as unpadded base64url ("A–Z a–z 0–9 - _").
    [[nodiscard]] virtual Result<std::string> Token(std::size_t bytes) = 0;
    // `digits` uniformly random decimal digits (a one-time code; may start with 0).
    [[nodiscard]] virtual Result<std::string> Digits(std::size_t digits) = 0;
};

enum class NotificationChannel { kSms, kEmail };

// Delivers a message to a person (SMS gateway, e-mail; the built-in sink stores them).
class Notifier {
public:
    virtual ~Notifier() = default;
    // kUnavailable when the message cannot be handed over now.
    [[nodiscard]] virtual Result<void> Send(NotificationChannel channel,
                                            std::string_view to,
                                            std::string_view subject,
                                            std::string_view text) = 0;
};

}  // namespace motcua::core::ports
