#include "core/accounts/account_service.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "core/accounts/credentials.hpp"
#include "core/calendar/civil_time.hpp"

namespace motcua::core::accounts {
namespace {

using ports::Account;
using std::chrono::microseconds;

constexpr std::string_view kApiTokenPrefix = "mc_";
constexpr std::size_t kTokenBytes = 32;  // 256 bits
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kShownPrefix = 10;      // "mc_" and 7 characters
constexpr std::size_t kMaxTokenLength = 256;  // longer presented tokens are not ours

tl::unexpected<Error> BadCredentials() {
    return Fail(ErrorCode::kPermissionDenied,
                "wrong username or password",
                "tên đăng nhập hoặc mật khẩu không đúng");
}

tl::unexpected<Error> NoSession() {
    return Fail(ErrorCode::kNotFound,
                "not signed in or the session has expired",
                "chưa đăng nhập hoặc phiên làm việc đã hết hạn; vui lòng đăng nhập lại");
}

tl::unexpected<Error> NoToken() {
    return Fail(ErrorCode::kNotFound,
                "unknown, expired or revoked API token",
                "mã truy cập API không hợp lệ, đã hết hạn hoặc đã bị thu hồi");
}

tl::unexpected<Error> DemoRefused() {
    return Fail(ErrorCode::kPermissionDenied,
                "demo accounts are disabled on this server (start it with --demo to use them)",
                "tài khoản trình diễn không được dùng trên máy chủ này (chỉ dùng khi máy chủ chạy "
                "với --demo)");
}

tl::unexpected<Error> Disabled() {
    return Fail(ErrorCode::kPermissionDenied,
                "this account is disabled; ask the administrator",
                "tài khoản đã bị khóa bởi quản trị viên; vui lòng liên hệ quản trị hệ thống");
}

tl::unexpected<Error> NotAllowed() {
    return Fail(ErrorCode::kPermissionDenied,
                "not allowed for your role",
                "bạn không có quyền thực hiện thao tác này");
}

// The first whole minute at or after `t`, in Vietnamese civil time.
calendar::LocalDateTime MinuteAtOrAfter(Instant t) {
    return calendar::ToLocal(t + microseconds{59'999'999});
}

tl::unexpected<Error> Locked(Instant until) {
    const calendar::LocalDateTime local = MinuteAtOrAfter(until);
    return Fail(ErrorCode::kUnavailable,
                fmt::format("the account is locked after repeated wrong passwords until {} "
                            "(Vietnam time)",
                            calendar::FormatDateTime(local)),
                fmt::format("tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; vui lòng thử lại "
                            "sau {}",
                            calendar::FormatDateTimeVi(local)));
}

Principal PrincipalOf(const Account& a) {
    return {a.id, a.username, a.display_name, a.role, a.agency_code, a.demo};
}

AccountInfo InfoOf(const Account& a) {
    return {PrincipalOf(a),
            a.phone,
            a.email,
            a.created_at,
            a.last_login_at,
            a.locked_until,
            a.disabled_at};
}

ApiTokenInfo InfoOf(const ports::ApiTokenRecord& t) {
    return {
        t.id, t.user, t.name, t.prefix, t.created_at, t.expires_at, t.last_used_at, t.revoked_at};
}

bool IsAdmin(const Principal& p) {
    return p.role == Role::kAdministrator || p.role == Role::kSystem;
}

bool IsSelf(const Principal& p, UserId user) {
    return p.role != Role::kSystem && p.user == user;
}

bool NeedsAgency(Role role) {
    return role == Role::kOneStopOfficer || role == Role::kSpecialist ||
           role == Role::kAgencyLeader || role == Role::kProvinceController;
}

std::string CodeHash(ports::SecretHasher& secrets, std::string_view salt, std::string_view code) {
    std::string input(salt);
    input.push_back(':');
    input.append(code);
    return secrets.Hash(input);
}

ports::NotificationChannel ChannelOf(ContactKind kind) {
    return kind == ContactKind::kPhone ? ports::NotificationChannel::kSms
                                       : ports::NotificationChannel::kEmail;
}

}  // namespace

Result<void> ValidatePolicy(const AccountPolicy& p) {
    const auto bad = [](std::string field, std::string what) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("account policy: {} {}", field, what),
                    fmt::format("cấu hình tài khoản: {} không hợp lệ", field),
                    std::move(field));
    };
    if (p.session_idle_timeout.count() <= 0) {
        return bad("session_idle_timeout", "must be positive");
    }
    if (p.session_lifetime < p.session_idle_timeout) {
        return bad("session_lifetime", "must be at least the idle timeout");
    }
    if (p.touch_interval.count() < 0 || p.touch_interval >= p.session_idle_timeout) {
        return bad("touch_interval", "must be non-negative and shorter than the idle timeout");
    }
    if (p.max_login_failures < 1) {
        return bad("max_login_failures", "must be at least 1");
    }
    if (p.lockout.count() <= 0) {
        return bad("lockout", "must be positive");
    }
    if (p.code_digits < 4 || p.code_digits > 10) {
        return bad("code_digits", "must be 4-10");
    }
    if (p.code_lifetime.count() <= 0) {
        return bad("code_lifetime", "must be positive");
    }
    if (p.max_code_attempts < 1) {
        return bad("max_code_attempts", "must be at least 1");
    }
    if (p.code_resend_interval.count() < 0) {
        return bad("code_resend_interval", "must not be negative");
    }
    if (p.api_token_lifetime.count() < 0) {
        return bad("api_token_lifetime", "must not be negative");
    }
    if (p.min_password_length < 8) {
        return bad("min_password_length", "must be at least 8");
    }
    return {};
}

workflow::Actor ToActor(const Principal& p) {
    std::optional<UserId> user;
    if (p.role != Role::kSystem || p.user.value() != 0) {
        user = p.user;
    }
    return {p.role, user, p.agency_code, p.display_name};
}

Principal SystemPrincipal() {
    return {UserId{0}, "system", "Hệ thống", Role::kSystem, "", false};
}

// ---- Sign-in and sessions ------------------------------------------------------------------

Result<LoginResult> AccountService::OpenSession(const Account& account, Instant now) {
    MOTCUA_ASSIGN_OR_RETURN(std::string token, ports_.random.Token(kTokenBytes));
    MOTCUA_ASSIGN_OR_RETURN(std::string csrf, ports_.random.Token(kTokenBytes));
    ports::SessionRecord s;
    s.token_hash = ports_.secrets.Hash(token);
    s.user = account.id;
    s.csrf_token = csrf;
    s.created_at = now;
    s.last_seen_at = now;
    s.expires_at = now + policy_.session_lifetime;
    MOTCUA_TRY(ports_.store.CreateSession(s));
    return LoginResult{std::move(token),
                       std::move(csrf),
                       PrincipalOf(account),
                       std::min(now + policy_.session_idle_timeout, s.expires_at)};
}

Result<LoginResult> AccountService::Login(std::string_view username, std::string_view password) {
    if (password.size() > kMaxPasswordBytes) {
        return BadCredentials();
    }
    auto found = ports_.store.AccountByUsername(NormalizeLogin(username));
    if (!found) {
        if (found.error().code != ErrorCode::kNotFound) {
            return tl::unexpected(found.error());
        }
        // The same work as checking a real password, so timing does not tell who exists.
        (void)ports_.passwords.Hash(password);
        return BadCredentials();
    }
    const Account& account = *found;
    const Instant now = clock_.Now();
    if (account.locked_until.has_value() && now < *account.locked_until) {
        return Locked(*account.locked_until);
    }
    if (!ports_.passwords.Verify(account.password_hash, password)) {
        MOTCUA_ASSIGN_OR_RETURN(const int failures, ports_.store.AddLoginFailure(account.id));
        if (failures >= policy_.max_login_failures) {
            const Instant until = now + policy_.lockout;
            MOTCUA_TRY(ports_.store.LockAccount(account.id, until));
            return Locked(until);
        }
        return BadCredentials();
    }
    if (account.demo && !policy_.allow_demo) {
        return DemoRefused();
    }
    if (account.disabled_at.has_value()) {
        return Disabled();
    }
    MOTCUA_TRY(ports_.store.RecordLogin(account.id, now));
    return OpenSession(account, now);
}

Result<Session> AccountService::Authenticate(std::string_view session_token) {
    if (session_token.empty() || session_token.size() > kMaxTokenLength) {
        return NoSession();
    }
    const std::string hash = ports_.secrets.Hash(session_token);
    auto found = ports_.store.SessionByTokenHash(hash);
    if (!found) {
        return found.error().code == ErrorCode::kNotFound ? NoSession()
                                                          : tl::unexpected(found.error());
    }
    ports::SessionRecord& s = *found;
    if (!ConstantTimeEquals(s.token_hash, hash)) {
        return NoSession();
    }
    const Instant now = clock_.Now();
    if (now >= s.expires_at || now >= s.last_seen_at + policy_.session_idle_timeout) {
        MOTCUA_TRY(ports_.store.DeleteSession(hash));
        return NoSession();
    }
    auto account = ports_.store.AccountById(s.user);
    if (!account) {
        if (account.error().code == ErrorCode::kNotFound) {
            MOTCUA_TRY(ports_.store.DeleteSession(hash));
            return NoSession();
        }
        return tl::unexpected(account.error());
    }
    if (account->disabled_at.has_value()) {
        MOTCUA_TRY(ports_.store.DeleteSession(hash));
        return NoSession();
    }
    if (account->demo && !policy_.allow_demo) {
        return DemoRefused();
    }
    if (now - s.last_seen_at >= policy_.touch_interval) {
        MOTCUA_TRY(ports_.store.TouchSession(hash, now));
        s.last_seen_at = now;
    }
    return Session{PrincipalOf(*account),
                   std::move(s.csrf_token),
                   std::min(s.last_seen_at + policy_.session_idle_timeout, s.expires_at),
                   s.expires_at};
}

Result<void> AccountService::CheckCsrf(const Session& session, std::string_view presented) {
    if (presented.empty() || session.csrf_token.empty() ||
        !ConstantTimeEquals(session.csrf_token, presented)) {
        return Fail(ErrorCode::kPermissionDenied,
                    "missing or wrong CSRF token",
                    "yêu cầu không hợp lệ (thiếu mã chống giả mạo); vui lòng tải lại trang");
    }
    return {};
}

Result<void> AccountService::Logout(std::string_view session_token) {
    if (session_token.empty() || session_token.size() > kMaxTokenLength) {
        return {};
    }
    return ports_.store.DeleteSession(ports_.secrets.Hash(session_token));
}

Result<int> AccountService::LogoutEverywhere(const Principal& by, UserId user) {
    if (!IsSelf(by, user) && !IsAdmin(by)) {
        return NotAllowed();
    }
    return ports_.store.DeleteSessionsOf(user);
}

// ---- API tokens ----------------------------------------------------------------------------

Result<NewApiToken> AccountService::CreateApiToken(const Principal& by,
                                                   UserId user,
                                                   std::string_view name) {
    if (!IsSelf(by, user) && !IsAdmin(by)) {
        return NotAllowed();
    }
    auto label = ValidateDisplayName(name);
    if (!label) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the token name must have 1-120 characters",
                    "tên mã truy cập phải có từ 1 đến 120 ký tự",
                    "name");
    }
    MOTCUA_ASSIGN_OR_RETURN(const Account account, ports_.store.AccountById(user));
    if (account.role == Role::kCitizen) {
        return Fail(ErrorCode::kPermissionDenied,
                    "API tokens are for staff and system accounts, not citizens",
                    "mã truy cập API chỉ cấp cho tài khoản cán bộ, hệ thống");
    }
    MOTCUA_ASSIGN_OR_RETURN(const std::string secret, ports_.random.Token(kTokenBytes));
    const std::string raw = std::string(kApiTokenPrefix) + secret;
    const Instant now = clock_.Now();
    ports::ApiTokenRecord t;
    t.user = user;
    t.name = std::move(*label);
    t.prefix = raw.substr(0, kShownPrefix);
    t.token_hash = ports_.secrets.Hash(raw);
    t.created_at = now;
    if (policy_.api_token_lifetime.count() > 0) {
        t.expires_at = now + policy_.api_token_lifetime;
    }
    MOTCUA_ASSIGN_OR_RETURN(const ApiTokenId id, ports_.store.CreateApiToken(t));
    return NewApiToken{id, raw, t.prefix, t.expires_at};
}

Result<Principal> AccountService::AuthenticateApiToken(std::string_view token) {
    if (!token.starts_with(kApiTokenPrefix) || token.size() > kMaxTokenLength) {
        return NoToken();
    }
    const std::string hash = ports_.secrets.Hash(token);
    auto found = ports_.store.ApiTokenByHash(hash);
    if (!found) {
        return found.error().code == ErrorCode::kNotFound ? NoToken()
                                                          : tl::unexpected(found.error());
    }
    const ports::ApiTokenRecord& t = *found;
    const Instant now = clock_.Now();
    if (!ConstantTimeEquals(t.token_hash, hash) || t.revoked_at.has_value() ||
        (t.expires_at.has_value() && now >= *t.expires_at)) {
        return NoToken();
    }
    auto account = ports_.store.AccountById(t.user);
    if (!account) {
        return account.error().code == ErrorCode::kNotFound ? NoToken()
                                                            : tl::unexpected(account.error());
    }
    if (account->disabled_at.has_value()) {
        return NoToken();
    }
    if (account->demo && !policy_.allow_demo) {
        return DemoRefused();
    }
    if (!t.last_used_at.has_value() || now - *t.last_used_at >= policy_.touch_interval) {
        MOTCUA_TRY(ports_.store.TouchApiToken(t.id, now));
    }
    return PrincipalOf(*account);
}

Result<void> AccountService::RevokeApiToken(const Principal& by, ApiTokenId id) {
    MOTCUA_ASSIGN_OR_RETURN(const ports::ApiTokenRecord t, ports_.store.ApiTokenById(id));
    if (!IsSelf(by, t.user) && !IsAdmin(by)) {
        return NotAllowed();
    }
    return ports_.store.RevokeApiToken(id, clock_.Now());
}

Result<std::vector<ApiTokenInfo>> AccountService::ListApiTokens(const Principal& by, UserId user) {
    if (!IsSelf(by, user) && !IsAdmin(by) && by.role != Role::kAuditor) {
        return NotAllowed();
    }
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<ports::ApiTokenRecord> tokens,
                            ports_.store.ApiTokensOf(user));
    std::vector<ApiTokenInfo> out;
    out.reserve(tokens.size());
    for (const ports::ApiTokenRecord& t : tokens) {
        out.push_back(InfoOf(t));
    }
    return out;
}

// ---- Registration --------------------------------------------------------------------------

Result<RegistrationStarted> AccountService::StartRegistration(std::string_view contact_text,
                                                              std::string_view display_name,
                                                              std::string_view password) {
    MOTCUA_ASSIGN_OR_RETURN(const Contact contact, ParseContact(contact_text));
    MOTCUA_ASSIGN_OR_RETURN(std::string name, ValidateDisplayName(display_name));
    MOTCUA_TRY(ValidatePassword(password, policy_.min_password_length));
    const Instant now = clock_.Now();

    auto earlier = ports_.store.RegistrationByContact(contact.value);
    if (earlier) {
        const Instant next = earlier->created_at + policy_.code_resend_interval;
        if (now < next) {
            const auto wait = std::chrono::ceil<std::chrono::seconds>(next - now).count();
            return Fail(ErrorCode::kUnavailable,
                        fmt::format("a code was sent a moment ago; ask again in {} s", wait),
                        fmt::format("mã vừa được gửi; vui lòng chờ {} giây rồi yêu cầu lại", wait));
        }
    } else if (earlier.error().code != ErrorCode::kNotFound) {
        return tl::unexpected(earlier.error());
    }

    ports::PendingRegistration r;
    r.contact = contact.value;
    r.kind = contact.kind;
    r.display_name = std::move(name);
    MOTCUA_ASSIGN_OR_RETURN(r.password_hash, ports_.passwords.Hash(password));
    MOTCUA_ASSIGN_OR_RETURN(r.code_salt, ports_.random.Token(kSaltBytes));
    MOTCUA_ASSIGN_OR_RETURN(const std::string code, ports_.random.Digits(policy_.code_digits));
    r.created_at = now;
    r.expires_at = now + policy_.code_lifetime;
    // For a contact that has an account the registration is stored all the same (so resending
    // behaves alike), but against a random secret no code can match; the message sent tells
    // the owner instead of carrying a code.
    MOTCUA_ASSIGN_OR_RETURN(const std::optional<Account> existing,
                            ports_.store.AccountByContact(contact.value));
    if (existing.has_value()) {
        MOTCUA_ASSIGN_OR_RETURN(const std::string unusable, ports_.random.Token(kTokenBytes));
        r.code_hash = CodeHash(ports_.secrets, r.code_salt, "!" + unusable);
    } else {
        r.code_hash = CodeHash(ports_.secrets, r.code_salt, code);
    }
    MOTCUA_TRY(ports_.store.PutRegistration(r));
    const std::string subject = fmt::format("{}: đăng ký tài khoản", policy_.service_name);
    std::string text;
    if (existing.has_value()) {
        text = fmt::format(
            "{}: {} đã có tài khoản. Hãy đăng nhập bằng tài khoản đó. Nếu bạn không yêu cầu "
            "đăng ký, hãy bỏ qua tin này.",
            policy_.service_name,
            contact.kind == ContactKind::kPhone ? "Số điện thoại này" : "Địa chỉ thư này");
    } else {
        text = fmt::format(
            "{}: mã xác thực đăng ký tài khoản là {}, có hiệu lực {} phút. Không cung cấp mã "
            "này cho bất kỳ ai.",
            policy_.service_name,
            code,
            policy_.code_lifetime.count());
    }
    auto sent = ports_.notifier.Send(ChannelOf(contact.kind), contact.value, subject, text);
    if (!sent) {
        (void)ports_.store.DeleteRegistration(contact.value);
        return tl::unexpected(sent.error());
    }
    return RegistrationStarted{contact.value, contact.kind, r.expires_at};
}

Result<LoginResult> AccountService::ConfirmRegistration(std::string_view contact_text,
                                                        std::string_view code) {
    MOTCUA_ASSIGN_OR_RETURN(const Contact contact, ParseContact(contact_text));
    auto found = ports_.store.RegistrationByContact(contact.value);
    if (!found) {
        if (found.error().code != ErrorCode::kNotFound) {
            return tl::unexpected(found.error());
        }
        return Fail(ErrorCode::kNotFound,
                    "no registration is waiting for this contact; start again",
                    "không có yêu cầu đăng ký nào đang chờ xác thực cho liên hệ này; vui lòng "
                    "đăng ký lại");
    }
    const ports::PendingRegistration& r = *found;
    const Instant now = clock_.Now();
    if (now >= r.expires_at) {
        MOTCUA_TRY(ports_.store.DeleteRegistration(r.contact));
        return Fail(ErrorCode::kFailedPrecondition,
                    "the code has expired; ask for a new one",
                    "mã xác thực đã hết hiệu lực; vui lòng yêu cầu mã mới");
    }
    // Claim the try before comparing, so concurrent guesses cannot exceed the limit.
    MOTCUA_ASSIGN_OR_RETURN(const int tries, ports_.store.ClaimCodeAttempt(r.contact));
    std::string given;  // "123 456" and "123456" alike
    for (const char c : code.substr(0, 64)) {
        if (c != ' ' && c != '-') {
            given.push_back(c);
        }
    }
    if (tries > policy_.max_code_attempts ||
        !ConstantTimeEquals(CodeHash(ports_.secrets, r.code_salt, given), r.code_hash)) {
        const int left = std::max(0, policy_.max_code_attempts - tries);
        if (left == 0) {
            MOTCUA_TRY(ports_.store.DeleteRegistration(r.contact));
            return Fail(ErrorCode::kPermissionDenied,
                        "wrong code too many times; register again to get a new code",
                        "nhập sai mã quá số lần cho phép; vui lòng đăng ký lại để nhận mã mới");
        }
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("wrong code; {} tries left", left),
                    fmt::format("mã xác thực không đúng; còn {} lần thử", left),
                    "code");
    }
    Account a;
    a.username = r.contact;
    a.display_name = r.display_name;
    a.role = Role::kCitizen;
    (r.kind == ContactKind::kPhone ? a.phone : a.email) = r.contact;
    a.password_hash = r.password_hash;
    a.created_at = now;
    a.last_login_at = now;
    auto created = ports_.store.CreateAccount(std::move(a));
    MOTCUA_TRY(ports_.store.DeleteRegistration(r.contact));
    if (!created) {
        if (created.error().code == ErrorCode::kAlreadyExists) {
            return Fail(ErrorCode::kAlreadyExists,
                        "this contact already has an account; sign in with it",
                        "liên hệ này đã có tài khoản; vui lòng đăng nhập",
                        "contact");
        }
        return tl::unexpected(created.error());
    }
    return OpenSession(*created, now);
}

// ---- Administration ------------------------------------------------------------------------

Result<AccountInfo> AccountService::CreateAccount(const Principal& by, const NewAccount& n) {
    if (!IsAdmin(by)) {
        return NotAllowed();
    }
    Account a;
    if (n.role == Role::kSystem) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the system role is not for accounts",
                    "vai trò không hợp lệ",
                    "role");
    }
    a.role = n.role;
    MOTCUA_ASSIGN_OR_RETURN(a.display_name, ValidateDisplayName(n.display_name));
    for (const auto& [text, kind, field] : {std::tuple{&n.phone, ContactKind::kPhone, &a.phone},
                                            std::tuple{&n.email, ContactKind::kEmail, &a.email}}) {
        if (text->empty()) {
            continue;
        }
        auto contact = ParseContact(*text);
        if (!contact || contact->kind != kind) {
            const bool phone = kind == ContactKind::kPhone;
            return Fail(
                ErrorCode::kInvalidArgument,
                phone ? "not a Vietnamese mobile number" : "not a valid e-mail address",
                phone ? "số điện thoại di động không hợp lệ" : "địa chỉ thư điện tử không hợp lệ",
                phone ? "phone" : "email");
        }
        *field = contact->value;
    }
    if (n.username.empty() && n.role == Role::kCitizen && (!a.phone.empty() || !a.email.empty())) {
        a.username = a.phone.empty() ? a.email : a.phone;
    } else {
        MOTCUA_ASSIGN_OR_RETURN(a.username, ValidateUsername(n.username));
    }
    if (NeedsAgency(n.role) && n.agency_code.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("a {} account needs an agency", workflow::RoleName(n.role)),
                    "tài khoản cán bộ phải thuộc một cơ quan",
                    "agency_code");
    }
    if (n.role == Role::kCitizen && !n.agency_code.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "a citizen account has no agency",
                    "tài khoản công dân không thuộc cơ quan nào",
                    "agency_code");
    }
    a.agency_code = n.agency_code;
    MOTCUA_TRY(ValidatePassword(n.password, policy_.min_password_length));
    MOTCUA_ASSIGN_OR_RETURN(a.password_hash, ports_.passwords.Hash(n.password));
    a.demo = n.demo;
    if (n.id.has_value()) {
        if (n.id->value() <= 0) {
            return Fail(ErrorCode::kInvalidArgument,
                        "an account id must be positive",
                        "mã tài khoản không hợp lệ",
                        "id");
        }
        a.id = *n.id;
    }
    a.created_at = clock_.Now();
    auto created = ports_.store.CreateAccount(std::move(a));
    if (!created) {
        if (created.error().code == ErrorCode::kAlreadyExists) {
            return Fail(ErrorCode::kAlreadyExists,
                        "the username, phone, e-mail or id is already used by another account",
                        "tên đăng nhập, số điện thoại hoặc thư điện tử đã được tài khoản khác "
                        "sử dụng",
                        "username");
        }
        return tl::unexpected(created.error());
    }
    return InfoOf(*created);
}

Result<std::vector<AccountInfo>> AccountService::ListAccounts(const Principal& by,
                                                              const ports::AccountQuery& query) {
    if (!IsAdmin(by) && by.role != Role::kAuditor) {
        return NotAllowed();
    }
    ports::AccountQuery q = query;
    q.limit = std::clamp(q.limit, 1, 1000);
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<Account> accounts, ports_.store.ListAccounts(q));
    std::vector<AccountInfo> out;
    out.reserve(accounts.size());
    for (const Account& a : accounts) {
        out.push_back(InfoOf(a));
    }
    return out;
}

Result<AccountInfo> AccountService::UpdateAccount(const Principal& by,
                                                  UserId user,
                                                  const AccountUpdate& update) {
    if (!IsAdmin(by)) {
        return NotAllowed();
    }
    MOTCUA_ASSIGN_OR_RETURN(Account a, ports_.store.AccountById(user));
    ports::AccountChange change{a.role, a.agency_code, a.display_name};
    if (update.role.has_value()) {
        if (*update.role == Role::kSystem) {
            return Fail(ErrorCode::kInvalidArgument,
                        "the system role is not for accounts",
                        "vai trò không hợp lệ",
                        "role");
        }
        if (*update.role != a.role && IsSelf(by, user)) {
            return Fail(ErrorCode::kFailedPrecondition,
                        "administrators may not change the role of their own account",
                        "quản trị viên không được tự đổi vai trò của tài khoản mình",
                        "role");
        }
        change.role = *update.role;
    }
    if (update.agency_code.has_value()) {
        change.agency_code = *update.agency_code;
    }
    if (update.display_name.has_value()) {
        MOTCUA_ASSIGN_OR_RETURN(change.display_name, ValidateDisplayName(*update.display_name));
    }
    if (NeedsAgency(change.role) && change.agency_code.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("a {} account needs an agency", workflow::RoleName(change.role)),
                    "tài khoản cán bộ phải thuộc một cơ quan",
                    "agency_code");
    }
    if (change.role == Role::kCitizen && !change.agency_code.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "a citizen account has no agency",
                    "tài khoản công dân không thuộc cơ quan nào",
                    "agency_code");
    }
    MOTCUA_TRY(ports_.store.UpdateAccount(user, change));
    a.role = change.role;
    a.agency_code = std::move(change.agency_code);
    a.display_name = std::move(change.display_name);
    return InfoOf(a);
}

Result<AccountInfo> AccountService::SetAccountDisabled(const Principal& by,
                                                       UserId user,
                                                       bool disabled) {
    if (!IsAdmin(by)) {
        return NotAllowed();
    }
    if (disabled && IsSelf(by, user)) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "administrators may not disable their own account",
                    "quản trị viên không được tự khóa tài khoản của mình");
    }
    MOTCUA_ASSIGN_OR_RETURN(Account a, ports_.store.AccountById(user));
    if (disabled) {
        if (!a.disabled_at.has_value()) {
            a.disabled_at = clock_.Now();
            MOTCUA_TRY(ports_.store.SetDisabled(user, a.disabled_at));
        }
        // Also when already disabled: a session opened in a race with the first call ends too.
        MOTCUA_TRY(ports_.store.DeleteSessionsOf(user));
    } else if (a.disabled_at.has_value()) {
        a.disabled_at.reset();
        MOTCUA_TRY(ports_.store.SetDisabled(user, std::nullopt));
    }
    return InfoOf(a);
}

Result<PurgeReport> AccountService::PurgeExpired() {
    const Instant now = clock_.Now();
    PurgeReport report;
    MOTCUA_ASSIGN_OR_RETURN(
        report.sessions,
        ports_.store.DeleteExpiredSessions(now, now - policy_.session_idle_timeout));
    MOTCUA_ASSIGN_OR_RETURN(report.registrations, ports_.store.DeleteExpiredRegistrations(now));
    return report;
}

}  // namespace motcua::core::accounts
