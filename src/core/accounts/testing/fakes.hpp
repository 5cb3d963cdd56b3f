// In-memory implementations of the account ports, for tests of the core (no database, no
// cryptography). Not thread-safe. Test-only; never include from production code.
#pragma once

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/ports/accounts.hpp"

namespace motcua::core::accounts::testing {

class FakeAccountStore final : public ports::AccountStore {
public:
    std::map<std::int64_t, ports::Account> accounts;
    std::map<std::string, ports::SessionRecord> sessions;
    std::map<std::int64_t, ports::ApiTokenRecord> tokens;
    std::map<std::string, ports::PendingRegistration> registrations;
    int session_touches = 0;

    Result<ports::Account> CreateAccount(ports::Account a) override {
        for (const auto& [id, b] : accounts) {
            if (b.username == a.username || (!a.phone.empty() && b.phone == a.phone) ||
                (!a.email.empty() && b.email == a.email) || id == a.id.value()) {
                return Fail(ErrorCode::kAlreadyExists, "taken");
            }
        }
        if (a.id.value() == 0) {
            a.id = UserId{accounts.empty() ? 1 : accounts.rbegin()->first + 1};
        }
        accounts[a.id.value()] = a;
        return a;
    }

    Result<ports::Account> AccountById(UserId id) override {
        const auto it = accounts.find(id.value());
        if (it == accounts.end()) {
            return Fail(ErrorCode::kNotFound, "no account");
        }
        return it->second;
    }

    Result<ports::Account> AccountByUsername(std::string_view username) override {
        for (const auto& [id, a] : accounts) {
            if (a.username == username) {
                return a;
            }
        }
        return Fail(ErrorCode::kNotFound, "no account");
    }

    Result<std::optional<ports::Account>> AccountByContact(std::string_view contact) override {
        for (const auto& [id, a] : accounts) {
            if (a.username == contact || a.phone == contact || a.email == contact) {
                return std::optional<ports::Account>(a);
            }
        }
        return std::optional<ports::Account>{};
    }

    Result<std::vector<ports::Account>> ListAccounts(const ports::AccountQuery& q) override {
        std::vector<ports::Account> out;
        for (const auto& [id, a] : accounts) {
            if (id > q.after.value() && (!q.role || a.role == *q.role) &&
                (q.agency_code.empty() || a.agency_code == q.agency_code) &&
                static_cast<int>(out.size()) < q.limit) {
                out.push_back(a);
            }
        }
        return out;
    }

    Result<int> AddLoginFailure(UserId id) override {
        MOTCUA_ASSIGN_OR_RETURN(ports::Account * a, Find(id));
        return ++a->failed_logins;
    }

    Result<void> LockAccount(UserId id, Instant until) override {
        MOTCUA_ASSIGN_OR_RETURN(ports::Account * a, Find(id));
        a->locked_until = until;
        a->failed_logins = 0;
        return {};
    }

    Result<void> RecordLogin(UserId id, Instant at) override {
        MOTCUA_ASSIGN_OR_RETURN(ports::Account * a, Find(id));
        a->failed_logins = 0;
        a->locked_until.reset();
        a->last_login_at = at;
        return {};
    }

    Result<void> UpdateAccount(UserId id, const ports::AccountChange& change) override {
        MOTCUA_ASSIGN_OR_RETURN(ports::Account * a, Find(id));
        a->role = change.role;
        a->agency_code = change.agency_code;
        a->display_name = change.display_name;
        return {};
    }

    Result<void> SetDisabled(UserId id, std::optional<Instant> at) override {
        MOTCUA_ASSIGN_OR_RETURN(ports::Account * a, Find(id));
        a->disabled_at = at;
        return {};
    }

    Result<void> CreateSession(const ports::SessionRecord& s) override {
        if (!sessions.emplace(s.token_hash, s).second) {
            return Fail(ErrorCode::kAlreadyExists, "session taken");
        }
        return {};
    }

    Result<ports::SessionRecord> SessionByTokenHash(std::string_view hash) override {
        const auto it = sessions.find(std::string(hash));
        if (it == sessions.end()) {
            return Fail(ErrorCode::kNotFound, "no session");
        }
        return it->second;
    }

    Result<void> TouchSession(std::string_view hash, Instant at) override {
        ++session_touches;
        if (const auto it = sessions.find(std::string(hash)); it != sessions.end()) {
            it->second.last_seen_at = at;
        }
        return {};
    }

    Result<void> DeleteSession(std::string_view hash) override {
        sessions.erase(std::string(hash));
        return {};
    }

    Result<int> DeleteSessionsOf(UserId user) override {
        return static_cast<int>(
            std::erase_if(sessions, [&](const auto& kv) { return kv.second.user == user; }));
    }

    Result<int> DeleteExpiredSessions(Instant now, Instant idle_since) override {
        return static_cast<int>(std::erase_if(sessions, [&](const auto& kv) {
            return kv.second.expires_at <= now || kv.second.last_seen_at <= idle_since;
        }));
    }

    Result<ports::ApiTokenId> CreateApiToken(const ports::ApiTokenRecord& t) override {
        ports::ApiTokenRecord stored = t;
        stored.id = ports::ApiTokenId{tokens.empty() ? 1 : tokens.rbegin()->first + 1};
        tokens[stored.id.value()] = stored;
        return stored.id;
    }

    Result<ports::ApiTokenRecord> ApiTokenByHash(std::string_view hash) override {
        for (const auto& [id, t] : tokens) {
            if (t.token_hash == hash) {
                return t;
            }
        }
        return Fail(ErrorCode::kNotFound, "no token");
    }

    Result<ports::ApiTokenRecord> ApiTokenById(ports::ApiTokenId id) override {
        const auto it = tokens.find(id.value());
        if (it == tokens.end()) {
            return Fail(ErrorCode::kNotFound, "no token");
        }
        return it->second;
    }

    Result<std::vector<ports::ApiTokenRecord>> ApiTokensOf(UserId user) override {
        std::vector<ports::ApiTokenRecord> out;
        for (const auto& [id, t] : tokens) {
            if (t.user == user) {
                out.push_back(t);
            }
        }
        return out;
    }

    Result<void> RevokeApiToken(ports::ApiTokenId id, Instant at) override {
        const auto it = tokens.find(id.value());
        if (it == tokens.end()) {
            return Fail(ErrorCode::kNotFound, "no token");
        }
        if (!it->second.revoked_at) {
            it->second.revoked_at = at;
        }
        return {};
    }

    Result<void> TouchApiToken(ports::ApiTokenId id, Instant at) override {
        if (const auto it = tokens.find(id.value()); it != tokens.end()) {
            it->second.last_used_at = at;
        }
        return {};
    }

    Result<void> PutRegistration(const ports::PendingRegistration& r) override {
        registrations[r.contact] = r;
        return {};
    }

    Result<ports::PendingRegistration> RegistrationByContact(std::string_view contact) override {
        const auto it = registrations.find(std::string(contact));
        if (it == registrations.end()) {
            return Fail(ErrorCode::kNotFound, "no registration");
        }
        return it->second;
    }

    Result<int> ClaimCodeAttempt(std::string_view contact) override {
        const auto it = registrations.find(std::string(contact));
        if (it == registrations.end()) {
            return Fail(ErrorCode::kNotFound, "no registration");
        }
        return ++it->second.attempts;
    }

    Result<void> DeleteRegistration(std::string_view contact) override {
        registrations.erase(std::string(contact));
        return {};
    }

    Result<int> DeleteExpiredRegistrations(Instant now) override {
        return static_cast<int>(std::erase_if(
            registrations, [&](const auto& kv) { return kv.second.expires_at <= now; }));
    }

private:
    Result<ports::Account*> Find(UserId id) {
        const auto it = accounts.find(id.value());
        if (it == accounts.end()) {
            return Fail(ErrorCode::kNotFound, "no account");
        }
        return &it->second;
    }
};

// "fake$<n>$<password>": readable, salted by a counter; counts the hashing work done.
class FakePasswordHasher final : public ports::PasswordHasher {
public:
    int hashes = 0;    // calls of Hash
    int verifies = 0;  // calls of Verify

    Result<std::string> Hash(std::string_view password) override {
        ++hashes;
        return fmt::format("fake${}${}", hashes, password);
    }

    bool Verify(std::string_view encoded, std::string_view password) override {
        ++verifies;
        if (!encoded.starts_with("fake$")) {
            return false;
        }
        const std::size_t second = encoded.find('$', 5);
        return second != std::string_view::npos && encoded.substr(second + 1) == password;
    }
};

// "h<16 hex digits>" of std::hash: deterministic within a run, and reveals nothing readable.
class FakeSecretHasher final : public ports::SecretHasher {
public:
    std::string Hash(std::string_view secret) override {
        return fmt::format("h{:016x}", std::hash<std::string_view>{}(secret));
    }
};

// Tokens "tok<n>" (padded to look like base64url), codes from `codes` (then "000000"…).
class FakeRandom final : public ports::RandomSource {
public:
    std::deque<std::string> codes;
    int tokens = 0;

    Result<std::string> Token(std::size_t bytes) override {
        return fmt::format("tok{}-{}", ++tokens, bytes);
    }

    Result<std::string> Digits(std::size_t digits) override {
        if (!codes.empty()) {
            std::string code = codes.front();
            codes.pop_front();
            return code;
        }
        return std::string(digits, '0');
    }
};

struct SentMessage {
    ports::NotificationChannel channel = ports::NotificationChannel::kSms;
    std::string to;
    std::string subject;
    std::string text;
};

class FakeNotifier final : public ports::Notifier {
public:
    std::vector<SentMessage> sent;
    bool fail = false;  // answer kUnavailable

    Result<void> Send(ports::NotificationChannel channel,
                      std::string_view to,
                      std::string_view subject,
                      std::string_view text) override {
        if (fail) {
            return Fail(ErrorCode::kUnavailable, "gateway down");
        }
        sent.push_back({channel, std::string(to), std::string(subject), std::string(text)});
        return {};
    }
};

}  // namespace motcua::core::accounts::testing
