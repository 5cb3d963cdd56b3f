// AccountService: accounts, sign-in, server-side sessions, API tokens and citizen
// self-registration (docs/SECURITY.md). Pure: storage, hashing, randomness and message delivery
// come through the ports in core/ports/accounts.hpp, time through the injected Clock. Holds no
// mutable state; thread-safe when its ports are.
//
// Error conventions, for the HTTP layer:
//   - Login: kPermissionDenied "wrong username or password" for an unknown user and a wrong
//     password alike (same message, comparable work: an unknown user's password is hashed too);
//     kPermissionDenied for a demo account when the policy does not allow them; kUnavailable
//     for a locked account, with the unlock time (Vietnamese civil time) in the message.
//   - Authenticate / AuthenticateApiToken: kNotFound for a token that is unknown, expired,
//     revoked or malformed, or whose account is disabled (answer 401); kPermissionDenied for a
//     valid credential whose account may not be used now (a demo account on a server without
//     --demo: answer 403).
//   - Operations on behalf of someone (`by`): kPermissionDenied when that principal may not.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/ports/accounts.hpp"
#include "core/workflow/dossier.hpp"

namespace motcua::core::accounts {

using model::UserId;
using ports::ApiTokenId;
using ports::ContactKind;
using workflow::Role;

// Security settings; the defaults are the product's.
struct AccountPolicy {
    // A session ends after this long without a request…
    std::chrono::minutes session_idle_timeout{30};
    // …and this long after sign-in in any case.
    std::chrono::minutes session_lifetime{12 * 60};
    // Session and API-token activity is written at most this often (each write costs a
    // durable commit); the idle timeout is therefore exact to within this interval.
    std::chrono::seconds touch_interval{60};
    // This many consecutive wrong passwords lock the account…
    int max_login_failures = 5;
    // …for this long. A locked account refuses even the right password.
    std::chrono::minutes lockout{15};
    // One-time registration codes: digits, validity, wrong tries allowed, and the shortest
    // time between two codes sent to one contact.
    std::size_t code_digits = 6;
    std::chrono::minutes code_lifetime{10};
    int max_code_attempts = 5;
    std::chrono::seconds code_resend_interval{60};
    // API tokens expire this long after creation; zero: only when revoked.
    std::chrono::days api_token_lifetime{365};
    // Accept the published demo accounts (motcua serve --demo). Off in production.
    bool allow_demo = false;
    // Minimum password length in characters.
    std::size_t min_password_length = 8;
    // Named in the messages that carry one-time codes.
    std::string service_name = "Cổng dịch vụ công tỉnh";
};

// kInvalidArgument naming the field when a setting is out of range (durations and counts must be
// positive, 4–10 code digits, a minimum password length of at least 8).
[[nodiscard]] Result<void> ValidatePolicy(const AccountPolicy& policy);

// The authenticated user of a request.
struct Principal {
    UserId user;
    std::string username;
    std::string display_name;
    Role role = Role::kCitizen;
    std::string agency_code;  // empty for citizens
    bool demo = false;

    bool operator==(const Principal&) const = default;
};

// The Actor recorded on dossier events for this principal.
workflow::Actor ToActor(const Principal& principal);

// The principal of work done by motcua itself (seeding, background jobs): role kSystem, user 0.
Principal SystemPrincipal();

struct LoginResult {
    std::string session_token;  // raw; goes into the HttpOnly cookie, stored only hashed
    std::string csrf_token;     // echoed by the client on state-changing requests
    Principal principal;
    Instant expires_at;  // when the session ends without further activity
};

struct Session {
    Principal principal;
    std::string csrf_token;
    Instant expires_at;           // idle expiry, capped by the absolute one
    Instant absolute_expires_at;  // the end whatever the activity
};

// A new account made by an administrator (or by seeding, as the system).
struct NewAccount {
    std::string username;  // see ValidateUsername; may be empty for a citizen with a contact
    std::string display_name;
    Role role = Role::kCitizen;
    std::string agency_code;  // required for officers, specialists, leaders and controllers
    std::string password;
    bool demo = false;
    std::string phone;  // optional contacts, validated and normalised
    std::string email;
    // Normally empty (the store assigns the id). Seeding sets it so that demo staff are the
    // users the generated history shows.
    std::optional<UserId> id;
};

// An account as administrators see it (no password hash).
struct AccountInfo {
    Principal principal;
    std::string phone;
    std::string email;
    Instant created_at;
    std::optional<Instant> last_login_at;
    std::optional<Instant> locked_until;
    std::optional<Instant> disabled_at;  // set while the account is disabled

    bool operator==(const AccountInfo&) const = default;
};

// An administrator's change to an account; absent fields stay as they are.
struct AccountUpdate {
    std::optional<Role> role;
    std::optional<std::string> agency_code;
    std::optional<std::string> display_name;
};

struct NewApiToken {
    ApiTokenId id;
    std::string token;   // raw "mc_…"; shown to the owner once, never retrievable again
    std::string prefix;  // its first characters, shown in lists
    std::optional<Instant> expires_at;
};

// An API token as lists show it (no hash).
struct ApiTokenInfo {
    ApiTokenId id;
    UserId user;
    std::string name;
    std::string prefix;
    Instant created_at;
    std::optional<Instant> expires_at;
    std::optional<Instant> last_used_at;
    std::optional<Instant> revoked_at;

    bool operator==(const ApiTokenInfo&) const = default;
};

struct RegistrationStarted {
    std::string contact;  // normalised
    ContactKind kind = ContactKind::kPhone;
    Instant expires_at;  // the code's end of validity
};

struct PurgeReport {
    int sessions = 0;
    int registrations = 0;
};

// The ports the service works through; they must outlive it.
struct AccountPorts {
    ports::AccountStore& store;
    ports::PasswordHasher& passwords;
    ports::SecretHasher& secrets;
    ports::RandomSource& random;
    ports::Notifier& notifier;
};

class AccountService {
public:
    // `policy` should have passed ValidatePolicy.
    AccountService(const AccountPorts& ports, const Clock& clock, AccountPolicy policy = {})
        : ports_(ports), clock_(clock), policy_(std::move(policy)) {}

    const AccountPolicy& policy() const { return policy_; }

    // ---- Sign-in and sessions ----

    // Checks the password and opens a session. `username` may be a mobile number in any accepted
    // spelling or an e-mail address (NormalizeLogin). Errors: see the file comment. A wrong
    // password counts towards the lockout; a success resets the count.
    [[nodiscard]] Result<LoginResult> Login(std::string_view username, std::string_view password);

    // The session of a raw session token, sliding its idle expiry. An expired session is deleted
    // and answers kNotFound; so does a session whose account is gone.
    [[nodiscard]] Result<Session> Authenticate(std::string_view session_token);

    // kPermissionDenied unless `presented` (the request's CSRF header or form field) equals the
    // session's CSRF token; compared in constant time.
    [[nodiscard]] static Result<void> CheckCsrf(const Session& session, std::string_view presented);

    // Ends the session of a raw token; succeeds when there is none.
    [[nodiscard]] Result<void> Logout(std::string_view session_token);

    // Ends every session of `user` and returns how many; `by` must be that user or an
    // administrator.
    [[nodiscard]] Result<int> LogoutEverywhere(const Principal& by, UserId user);

    // ---- API tokens (machine clients) ----

    // A new token "mc_<43 base64url characters>" for `user`, named `name` (1–120 characters),
    // expiring after policy.api_token_lifetime. `by` must be that user or an administrator;
    // citizens' accounts get no API tokens (kPermissionDenied); kNotFound for an unknown user.
    [[nodiscard]] Result<NewApiToken> CreateApiToken(const Principal& by,
                                                     UserId user,
                                                     std::string_view name);

    // The principal of a raw API token (see the file comment for errors).
    [[nodiscard]] Result<Principal> AuthenticateApiToken(std::string_view token);

    // Revokes a token at once. `by` must be its owner or an administrator; kNotFound when absent.
    [[nodiscard]] Result<void> RevokeApiToken(const Principal& by, ApiTokenId id);

    // The tokens of `user` (revoked ones too). `by`: that user, an administrator or an auditor.
    [[nodiscard]] Result<std::vector<ApiTokenInfo>> ListApiTokens(const Principal& by, UserId user);

    // ---- Citizen self-registration ----

    // Validates the contact (ParseContact), name and password and sends a one-time code to the
    // contact through the Notifier (SMS for a phone, e-mail for an address). Starting again
    // replaces the earlier code. Whether the contact already has an account is never revealed
    // to the caller: the answer is the same, and the message sent to the contact says that an
    // account exists instead of carrying a code (so only the contact's owner learns it).
    // kUnavailable when a code was sent to this contact less than code_resend_interval ago, or
    // when the message cannot be sent.
    [[nodiscard]] Result<RegistrationStarted> StartRegistration(std::string_view contact,
                                                                std::string_view display_name,
                                                                std::string_view password);

    // Checks the code and creates the citizen account (username = the normalised contact), then
    // signs it in. kNotFound when no registration waits for the contact; kFailedPrecondition
    // when its code expired (it is then forgotten); kInvalidArgument (field "code") for a wrong
    // code while tries remain; kPermissionDenied when the tries are used up (the registration is
    // forgotten: start again); kAlreadyExists when the contact got an account meanwhile.
    [[nodiscard]] Result<LoginResult> ConfirmRegistration(std::string_view contact,
                                                          std::string_view code);

    // ---- Administration ----

    // Creates an account. `by` must be an administrator or the system. kInvalidArgument (with
    // the field) for invalid input, the kSystem role, a missing agency for agency staff
    // (officers, specialists, leaders, controllers) or an agency for a citizen; kAlreadyExists
    // for a taken username, phone, e-mail or id. The agency code's existence is the caller's
    // to check.
    [[nodiscard]] Result<AccountInfo> CreateAccount(const Principal& by, const NewAccount& account);

    // Accounts in id order. `by`: an administrator, an auditor or the system.
    [[nodiscard]] Result<std::vector<AccountInfo>> ListAccounts(const Principal& by,
                                                                const ports::AccountQuery& query);

    // Changes an account's role, agency or display name, under the rules of CreateAccount
    // (kInvalidArgument naming "role", "agency_code" or "display_name"). `by` must be an
    // administrator or the system; an administrator may not change the role of their own account
    // (kFailedPrecondition), so the province always keeps the one who is signed in. kNotFound
    // for an unknown user. The agency code's existence is the caller's to check. The change
    // applies to the account's open sessions at their next request.
    [[nodiscard]] Result<AccountInfo> UpdateAccount(const Principal& by,
                                                    UserId user,
                                                    const AccountUpdate& update);

    // Disables (`disabled` true) or enables an account. Disabling ends every session of the
    // account at once; while disabled it cannot sign in (kPermissionDenied after a right
    // password) and its API tokens are refused. `by` must be an administrator or the system; an
    // administrator may not disable their own account (kFailedPrecondition). kNotFound for an
    // unknown user. Idempotent.
    [[nodiscard]] Result<AccountInfo> SetAccountDisabled(const Principal& by,
                                                         UserId user,
                                                         bool disabled);

    // ---- Housekeeping ----

    // Deletes expired sessions and registrations (a periodic job; lookups also delete what
    // they find expired).
    [[nodiscard]] Result<PurgeReport> PurgeExpired();

private:
    [[nodiscard]] Result<LoginResult> OpenSession(const ports::Account& account, Instant now);

    AccountPorts ports_;
    const Clock& clock_;
    AccountPolicy policy_;
};

}  // namespace motcua::core::accounts
