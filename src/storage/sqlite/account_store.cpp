#include "storage/sqlite/account_store.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include <fmt/format.h>

namespace motcua::storage::sqlite {
namespace {

namespace ports = core::ports;
using core::model::UserId;
using ports::ApiTokenId;

std::optional<std::string> OptionalInstant(const std::optional<Instant>& t) {
    if (!t.has_value()) {
        return std::nullopt;
    }
    return EncodeInstant(*t);
}

std::optional<std::string> NullIfEmpty(const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

Result<std::optional<Instant>> ColumnOptionalInstant(Statement& st, int column) {
    if (st.IsNull(column)) {
        return std::optional<Instant>{};
    }
    MOTCUA_ASSIGN_OR_RETURN(const Instant t, DecodeInstant(st.ColumnText(column)));
    return std::optional<Instant>(t);
}

// A row of SELECT id, username, display_name, role, agency_code, phone, email, password_hash,
// demo, failed_logins, locked_until, created_at, last_login_at, disabled_at.
Result<ports::Account> ReadAccount(Statement& st) {
    ports::Account a;
    a.id = UserId{st.ColumnInt64(0)};
    a.username = std::string(st.ColumnText(1));
    a.display_name = std::string(st.ColumnText(2));
    MOTCUA_ASSIGN_OR_RETURN(a.role, core::workflow::ParseRole(st.ColumnText(3)));
    a.agency_code = std::string(st.ColumnText(4));
    a.phone = std::string(st.ColumnText(5));
    a.email = std::string(st.ColumnText(6));
    a.password_hash = std::string(st.ColumnText(7));
    a.demo = st.ColumnInt(8) != 0;
    a.failed_logins = st.ColumnInt(9);
    MOTCUA_ASSIGN_OR_RETURN(a.locked_until, ColumnOptionalInstant(st, 10));
    MOTCUA_ASSIGN_OR_RETURN(a.created_at, DecodeInstant(st.ColumnText(11)));
    MOTCUA_ASSIGN_OR_RETURN(a.last_login_at, ColumnOptionalInstant(st, 12));
    MOTCUA_ASSIGN_OR_RETURN(a.disabled_at, ColumnOptionalInstant(st, 13));
    return a;
}

tl::unexpected<Error> AccountNotFound() {
    return Fail(ErrorCode::kNotFound, "account not found", "không tìm thấy tài khoản");
}

// Runs `sql` (bound by `bind`) and reads at most one account.
template <class Bind>
Result<std::optional<ports::Account>> OneAccount(Connection& c, std::string_view sql, Bind bind) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(sql));
    MOTCUA_TRY(bind(*st));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
    if (!row) {
        return std::optional<ports::Account>{};
    }
    MOTCUA_ASSIGN_OR_RETURN(ports::Account a, ReadAccount(*st));
    return std::optional<ports::Account>(std::move(a));
}

Result<ports::Account> RequireAccount(Result<std::optional<ports::Account>> found) {
    if (!found) {
        return tl::unexpected(found.error());
    }
    if (!found->has_value()) {
        return AccountNotFound();
    }
    return std::move(**found);
}

// Runs an UPDATE/DELETE and returns how many rows it changed.
template <class Bind>
Result<int> Change(Connection& c, std::string_view sql, Bind bind) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(sql));
    MOTCUA_TRY(bind(*st));
    MOTCUA_TRY(st->Run());
    return static_cast<int>(c.Changes());
}

Result<ports::SessionRecord> ReadSession(Statement& st) {
    ports::SessionRecord s;
    s.token_hash = std::string(st.ColumnText(0));
    s.user = UserId{st.ColumnInt64(1)};
    s.csrf_token = std::string(st.ColumnText(2));
    MOTCUA_ASSIGN_OR_RETURN(s.created_at, DecodeInstant(st.ColumnText(3)));
    MOTCUA_ASSIGN_OR_RETURN(s.last_seen_at, DecodeInstant(st.ColumnText(4)));
    MOTCUA_ASSIGN_OR_RETURN(s.expires_at, DecodeInstant(st.ColumnText(5)));
    return s;
}

Result<ports::ApiTokenRecord> ReadToken(Statement& st) {
    ports::ApiTokenRecord t;
    t.id = ApiTokenId{st.ColumnInt64(0)};
    t.user = UserId{st.ColumnInt64(1)};
    t.name = std::string(st.ColumnText(2));
    t.prefix = std::string(st.ColumnText(3));
    t.token_hash = std::string(st.ColumnText(4));
    MOTCUA_ASSIGN_OR_RETURN(t.created_at, DecodeInstant(st.ColumnText(5)));
    MOTCUA_ASSIGN_OR_RETURN(t.expires_at, ColumnOptionalInstant(st, 6));
    MOTCUA_ASSIGN_OR_RETURN(t.last_used_at, ColumnOptionalInstant(st, 7));
    MOTCUA_ASSIGN_OR_RETURN(t.revoked_at, ColumnOptionalInstant(st, 8));
    return t;
}

template <class Bind>
Result<std::vector<ports::ApiTokenRecord>> Tokens(Connection& c, std::string_view sql, Bind bind) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(sql));
    MOTCUA_TRY(bind(*st));
    std::vector<ports::ApiTokenRecord> out;
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            break;
        }
        MOTCUA_ASSIGN_OR_RETURN(ports::ApiTokenRecord t, ReadToken(*st));
        out.push_back(std::move(t));
    }
    return out;
}

std::string_view KindName(ports::ContactKind kind) {
    return kind == ports::ContactKind::kPhone ? "phone" : "email";
}

std::string_view ChannelName(ports::NotificationChannel channel) {
    return channel == ports::NotificationChannel::kSms ? "sms" : "email";
}

template <class Int>
bool ParseInt(std::string_view text, Int& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

// ---- Instants ------------------------------------------------------------------------------

std::string EncodeInstant(Instant t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss<std::chrono::microseconds> tod{t - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
                       static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()),
                       tod.hours().count(),
                       tod.minutes().count(),
                       tod.seconds().count(),
                       tod.subseconds().count());
}

Result<Instant> DecodeInstant(std::string_view text) {
    const auto bad = [&] {
        return Fail(ErrorCode::kInternal, fmt::format("malformed stored instant '{}'", text));
    };
    // 2026-11-25T10:21:15.123456Z
    if (text.size() != 27 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':' || text[19] != '.' || text[26] != 'Z') {
        return bad();
    }
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    std::int64_t micro = 0;
    if (!ParseInt(text.substr(0, 4), year) || !ParseInt(text.substr(5, 2), month) ||
        !ParseInt(text.substr(8, 2), day) || !ParseInt(text.substr(11, 2), hour) ||
        !ParseInt(text.substr(14, 2), minute) || !ParseInt(text.substr(17, 2), second) ||
        !ParseInt(text.substr(20, 6), micro)) {
        return bad();
    }
    const std::chrono::year_month_day ymd{
        std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) {
        return bad();
    }
    return Instant{std::chrono::sys_days{ymd}} + std::chrono::hours{hour} +
           std::chrono::minutes{minute} + std::chrono::seconds{second} +
           std::chrono::microseconds{micro};
}

// ---- Accounts ------------------------------------------------------------------------------

Result<ports::Account> SqliteAccountStore::CreateAccount(ports::Account a) {
    const std::string& tenant = db_.tenant();
    return db_.Write([&](Connection& c) -> Result<ports::Account> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("INSERT INTO accounts(id, tenant, username, display_name, role, "
                     "agency_code, phone, email, password_hash, demo, failed_logins, "
                     "locked_until, created_at, last_login_at, disabled_at) "
                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"));
        if (a.id.value() != 0) {
            MOTCUA_TRY(st->Bind(1, a.id.value()));
        } else {
            MOTCUA_TRY(st->Bind(1, nullptr));
        }
        MOTCUA_TRY(st->Bind(2, std::string_view(tenant)));
        MOTCUA_TRY(st->Bind(3, std::string_view(a.username)));
        MOTCUA_TRY(st->Bind(4, std::string_view(a.display_name)));
        MOTCUA_TRY(st->Bind(5, core::workflow::RoleName(a.role)));
        MOTCUA_TRY(st->Bind(6, std::string_view(a.agency_code)));
        MOTCUA_TRY(st->Bind(7, NullIfEmpty(a.phone)));
        MOTCUA_TRY(st->Bind(8, NullIfEmpty(a.email)));
        MOTCUA_TRY(st->Bind(9, std::string_view(a.password_hash)));
        MOTCUA_TRY(st->Bind(10, a.demo ? 1 : 0));
        MOTCUA_TRY(st->Bind(11, a.failed_logins));
        MOTCUA_TRY(st->Bind(12, OptionalInstant(a.locked_until)));
        MOTCUA_TRY(st->Bind(13, std::string_view(EncodeInstant(a.created_at))));
        MOTCUA_TRY(st->Bind(14, OptionalInstant(a.last_login_at)));
        MOTCUA_TRY(st->Bind(15, OptionalInstant(a.disabled_at)));
        auto inserted = st->Run();
        if (!inserted) {
            if (inserted.error().code == ErrorCode::kAlreadyExists) {
                return Fail(ErrorCode::kAlreadyExists,
                            "the username, phone, e-mail or id is already used by another "
                            "account",
                            "tên đăng nhập, số điện thoại hoặc thư điện tử đã được sử dụng");
            }
            return tl::unexpected(inserted.error());
        }
        a.id = UserId{c.LastInsertRowId()};
        return a;
    });
}

Result<ports::Account> SqliteAccountStore::AccountById(UserId id) {
    // One statement (every authenticated request): no BEGIN/COMMIT around it.
    return RequireAccount(db_.ReadOne([&](Connection& c) {
        return OneAccount(c,
                          "SELECT id, username, display_name, role, agency_code, phone, email, "
                          "password_hash, demo, failed_logins, locked_until, created_at, "
                          "last_login_at, disabled_at FROM accounts WHERE id = ?1",
                          [&](Statement& st) { return st.Bind(1, id.value()); });
    }));
}

Result<ports::Account> SqliteAccountStore::AccountByUsername(std::string_view username) {
    return RequireAccount(db_.Read([&](Connection& c) {
        return OneAccount(c,
                          "SELECT id, username, display_name, role, agency_code, phone, email, "
                          "password_hash, demo, failed_logins, locked_until, created_at, "
                          "last_login_at, disabled_at FROM accounts WHERE username = ?1",
                          [&](Statement& st) { return st.Bind(1, username); });
    }));
}

Result<std::optional<ports::Account>> SqliteAccountStore::AccountByContact(
    std::string_view contact) {
    return db_.Read([&](Connection& c) {
        return OneAccount(c,
                          "SELECT id, username, display_name, role, agency_code, phone, email, "
                          "password_hash, demo, failed_logins, locked_until, created_at, "
                          "last_login_at, disabled_at FROM accounts "
                          "WHERE username = ?1 OR phone = ?1 OR email = ?1 ORDER BY id LIMIT 1",
                          [&](Statement& st) { return st.Bind(1, contact); });
    });
}

Result<std::vector<ports::Account>> SqliteAccountStore::ListAccounts(const ports::AccountQuery& q) {
    return db_.Read([&](Connection& c) -> Result<std::vector<ports::Account>> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT id, username, display_name, role, agency_code, phone, email, "
                     "password_hash, demo, failed_logins, locked_until, created_at, "
                     "last_login_at, disabled_at FROM accounts "
                     "WHERE id > ?1 AND (?2 IS NULL OR role = ?2) AND (?3 = '' OR agency_code = "
                     "?3) ORDER BY id LIMIT ?4"));
        std::optional<std::string_view> role;
        if (q.role.has_value()) {
            role = core::workflow::RoleName(*q.role);
        }
        MOTCUA_TRY(st->Bind(1, q.after.value()));
        MOTCUA_TRY(st->Bind(2, role));
        MOTCUA_TRY(st->Bind(3, std::string_view(q.agency_code)));
        MOTCUA_TRY(st->Bind(4, std::clamp(q.limit, 1, 1000)));
        std::vector<ports::Account> out;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                break;
            }
            MOTCUA_ASSIGN_OR_RETURN(ports::Account a, ReadAccount(*st));
            out.push_back(std::move(a));
        }
        return out;
    });
}

Result<int> SqliteAccountStore::AddLoginFailure(UserId id) {
    return db_.Write([&](Connection& c) -> Result<int> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("UPDATE accounts SET failed_logins = failed_logins + 1 WHERE id = ?1 "
                     "RETURNING failed_logins"));
        MOTCUA_TRY(st->Bind(1, id.value()));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            return AccountNotFound();
        }
        return st->ColumnInt(0);
    });
}

Result<void> SqliteAccountStore::LockAccount(UserId id, Instant until) {
    MOTCUA_ASSIGN_OR_RETURN(const int changed, db_.Write([&](Connection& c) {
        return Change(c,
                      "UPDATE accounts SET locked_until = ?2, failed_logins = 0 WHERE id = ?1",
                      [&](Statement& st) {
                          return st.BindAll(id.value(), std::string_view(EncodeInstant(until)));
                      });
    }));
    if (changed == 0) {
        return AccountNotFound();
    }
    return {};
}

Result<void> SqliteAccountStore::RecordLogin(UserId id, Instant at) {
    MOTCUA_ASSIGN_OR_RETURN(const int changed, db_.Write([&](Connection& c) {
        return Change(c,
                      "UPDATE accounts SET failed_logins = 0, locked_until = NULL, "
                      "last_login_at = ?2 WHERE id = ?1",
                      [&](Statement& st) {
                          return st.BindAll(id.value(), std::string_view(EncodeInstant(at)));
                      });
    }));
    if (changed == 0) {
        return AccountNotFound();
    }
    return {};
}

Result<void> SqliteAccountStore::UpdateAccount(UserId id, const ports::AccountChange& change) {
    MOTCUA_ASSIGN_OR_RETURN(const int changed, db_.Write([&](Connection& c) {
        return Change(c,
                      "UPDATE accounts SET role = ?2, agency_code = ?3, display_name = ?4 "
                      "WHERE id = ?1",
                      [&](Statement& st) {
                          return st.BindAll(id.value(),
                                            core::workflow::RoleName(change.role),
                                            std::string_view(change.agency_code),
                                            std::string_view(change.display_name));
                      });
    }));
    if (changed == 0) {
        return AccountNotFound();
    }
    return {};
}

Result<void> SqliteAccountStore::SetDisabled(UserId id, std::optional<Instant> at) {
    MOTCUA_ASSIGN_OR_RETURN(const int changed, db_.Write([&](Connection& c) {
        return Change(c,
                      "UPDATE accounts SET disabled_at = ?2 WHERE id = ?1",
                      [&](Statement& st) -> Result<void> {
                          MOTCUA_TRY(st.Bind(1, id.value()));
                          return st.Bind(2, OptionalInstant(at));
                      });
    }));
    if (changed == 0) {
        return AccountNotFound();
    }
    return {};
}

// ---- Sessions ------------------------------------------------------------------------------

Result<void> SqliteAccountStore::CreateSession(const ports::SessionRecord& s) {
    const std::string& tenant = db_.tenant();
    MOTCUA_TRY(db_.Write([&](Connection& c) {
        return Change(c,
                      "INSERT INTO sessions(token_hash, tenant, account_id, csrf_token, "
                      "created_at, last_seen_at, expires_at) "
                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                      [&](Statement& st) {
                          return st.BindAll(std::string_view(s.token_hash),
                                            std::string_view(tenant),
                                            s.user.value(),
                                            std::string_view(s.csrf_token),
                                            std::string_view(EncodeInstant(s.created_at)),
                                            std::string_view(EncodeInstant(s.last_seen_at)),
                                            std::string_view(EncodeInstant(s.expires_at)));
                      });
    }));
    return {};
}

Result<ports::SessionRecord> SqliteAccountStore::SessionByTokenHash(std::string_view token_hash) {
    // One statement (every request with a session cookie): no BEGIN/COMMIT around it.
    return db_.ReadOne([&](Connection& c) -> Result<ports::SessionRecord> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT token_hash, account_id, csrf_token, created_at, last_seen_at, "
                     "expires_at FROM sessions WHERE token_hash = ?1"));
        MOTCUA_TRY(st->Bind(1, token_hash));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            return Fail(ErrorCode::kNotFound, "session not found", "không tìm thấy phiên");
        }
        return ReadSession(*st);
    });
}

Result<void> SqliteAccountStore::TouchSession(std::string_view token_hash, Instant at) {
    MOTCUA_TRY(db_.Write([&](Connection& c) {
        return Change(
            c, "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1", [&](Statement& st) {
                return st.BindAll(token_hash, std::string_view(EncodeInstant(at)));
            });
    }));
    return {};
}

Result<void> SqliteAccountStore::DeleteSession(std::string_view token_hash) {
    MOTCUA_TRY(db_.Write([&](Connection& c) {
        return Change(c, "DELETE FROM sessions WHERE token_hash = ?1", [&](Statement& st) {
            return st.Bind(1, token_hash);
        });
    }));
    return {};
}

Result<int> SqliteAccountStore::DeleteSessionsOf(UserId user) {
    return db_.Write([&](Connection& c) {
        return Change(c, "DELETE FROM sessions WHERE account_id = ?1", [&](Statement& st) {
            return st.Bind(1, user.value());
        });
    });
}

Result<int> SqliteAccountStore::DeleteExpiredSessions(Instant now, Instant idle_since) {
    return db_.Write([&](Connection& c) {
        return Change(c,
                      "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen_at <= ?2",
                      [&](Statement& st) {
                          return st.BindAll(std::string_view(EncodeInstant(now)),
                                            std::string_view(EncodeInstant(idle_since)));
                      });
    });
}

// ---- API tokens ----------------------------------------------------------------------------

Result<ApiTokenId> SqliteAccountStore::CreateApiToken(const ports::ApiTokenRecord& t) {
    const std::string& tenant = db_.tenant();
    return db_.Write([&](Connection& c) -> Result<ApiTokenId> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("INSERT INTO api_tokens(tenant, account_id, name, prefix, token_hash, "
                     "created_at, expires_at, last_used_at, revoked_at) "
                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
        MOTCUA_TRY(st->BindAll(std::string_view(tenant),
                               t.user.value(),
                               std::string_view(t.name),
                               std::string_view(t.prefix),
                               std::string_view(t.token_hash),
                               std::string_view(EncodeInstant(t.created_at))));
        MOTCUA_TRY(st->Bind(7, OptionalInstant(t.expires_at)));
        MOTCUA_TRY(st->Bind(8, OptionalInstant(t.last_used_at)));
        MOTCUA_TRY(st->Bind(9, OptionalInstant(t.revoked_at)));
        MOTCUA_TRY(st->Run());
        return ApiTokenId{c.LastInsertRowId()};
    });
}

Result<ports::ApiTokenRecord> SqliteAccountStore::ApiTokenByHash(std::string_view token_hash) {
    MOTCUA_ASSIGN_OR_RETURN(std::vector<ports::ApiTokenRecord> found, db_.Read([&](Connection& c) {
        return Tokens(c,
                      "SELECT id, account_id, name, prefix, token_hash, "
                      "created_at, expires_at, last_used_at, revoked_at "
                      "FROM api_tokens WHERE token_hash = ?1",
                      [&](Statement& st) { return st.Bind(1, token_hash); });
    }));
    if (found.empty()) {
        return Fail(ErrorCode::kNotFound, "API token not found", "không tìm thấy mã truy cập");
    }
    return std::move(found.front());
}

Result<ports::ApiTokenRecord> SqliteAccountStore::ApiTokenById(ApiTokenId id) {
    MOTCUA_ASSIGN_OR_RETURN(std::vector<ports::ApiTokenRecord> found, db_.Read([&](Connection& c) {
        return Tokens(c,
                      "SELECT id, account_id, name, prefix, token_hash, "
                      "created_at, expires_at, last_used_at, revoked_at "
                      "FROM api_tokens WHERE id = ?1",
                      [&](Statement& st) { return st.Bind(1, id.value()); });
    }));
    if (found.empty()) {
        return Fail(ErrorCode::kNotFound, "API token not found", "không tìm thấy mã truy cập");
    }
    return std::move(found.front());
}

Result<std::vector<ports::ApiTokenRecord>> SqliteAccountStore::ApiTokensOf(UserId user) {
    return db_.Read([&](Connection& c) {
        return Tokens(c,
                      "SELECT id, account_id, name, prefix, token_hash, created_at, expires_at, "
                      "last_used_at, revoked_at FROM api_tokens WHERE account_id = ?1 "
                      "ORDER BY id",
                      [&](Statement& st) { return st.Bind(1, user.value()); });
    });
}

Result<void> SqliteAccountStore::RevokeApiToken(ApiTokenId id, Instant at) {
    MOTCUA_ASSIGN_OR_RETURN(const int changed, db_.Write([&](Connection& c) {
        return Change(c,
                      "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
                      [&](Statement& st) {
                          return st.BindAll(id.value(), std::string_view(EncodeInstant(at)));
                      });
    }));
    if (changed == 0) {
        return Fail(ErrorCode::kNotFound, "API token not found", "không tìm thấy mã truy cập");
    }
    return {};
}

Result<void> SqliteAccountStore::TouchApiToken(ApiTokenId id, Instant at) {
    MOTCUA_TRY(db_.Write([&](Connection& c) {
        return Change(
            c, "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1", [&](Statement& st) {
                return st.BindAll(id.value(), std::string_view(EncodeInstant(at)));
            });
    }));
    return {};
}

// ---- Pending registrations -----------------------------------------------------------------

Result<void> SqliteAccountStore::PutRegistration(const ports::PendingRegistration& r) {
    const std::string& tenant = db_.tenant();
    MOTCUA_TRY(db_.Write([&](Connection& c) {
        return Change(c,
                      "INSERT OR REPLACE INTO pending_registrations(contact, tenant, kind, "
                      "display_name, password_hash, code_salt, code_hash, attempts, created_at, "
                      "expires_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                      [&](Statement& st) {
                          return st.BindAll(std::string_view(r.contact),
                                            std::string_view(tenant),
                                            KindName(r.kind),
                                            std::string_view(r.display_name),
                                            std::string_view(r.password_hash),
                                            std::string_view(r.code_salt),
                                            std::string_view(r.code_hash),
                                            r.attempts,
                                            std::string_view(EncodeInstant(r.created_at)),
                                            std::string_view(EncodeInstant(r.expires_at)));
                      });
    }));
    return {};
}

Result<ports::PendingRegistration> SqliteAccountStore::RegistrationByContact(
    std::string_view contact) {
    return db_.Read([&](Connection& c) -> Result<ports::PendingRegistration> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT contact, kind, display_name, password_hash, code_salt, code_hash, "
                     "attempts, created_at, expires_at FROM pending_registrations "
                     "WHERE contact = ?1"));
        MOTCUA_TRY(st->Bind(1, contact));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            return Fail(ErrorCode::kNotFound,
                        "no pending registration",
                        "không có yêu cầu đăng ký đang chờ");
        }
        ports::PendingRegistration r;
        r.contact = std::string(st->ColumnText(0));
        r.kind =
            st->ColumnText(1) == "email" ? ports::ContactKind::kEmail : ports::ContactKind::kPhone;
        r.display_name = std::string(st->ColumnText(2));
        r.password_hash = std::string(st->ColumnText(3));
        r.code_salt = std::string(st->ColumnText(4));
        r.code_hash = std::string(st->ColumnText(5));
        r.attempts = st->ColumnInt(6);
        MOTCUA_ASSIGN_OR_RETURN(r.created_at, DecodeInstant(st->ColumnText(7)));
        MOTCUA_ASSIGN_OR_RETURN(r.expires_at, DecodeInstant(st->ColumnText(8)));
        return r;
    });
}

Result<int> SqliteAccountStore::ClaimCodeAttempt(std::string_view contact) {
    return db_.Write([&](Connection& c) -> Result<int> {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st,
                                c.Cached("UPDATE pending_registrations SET attempts = attempts + 1 "
                                         "WHERE contact = ?1 RETURNING attempts"));
        MOTCUA_TRY(st->Bind(1, contact));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            return Fail(ErrorCode::kNotFound,
                        "no pending registration",
                        "không có yêu cầu đăng ký đang chờ");
        }
        return st->ColumnInt(0);
    });
}

Result<void> SqliteAccountStore::DeleteRegistration(std::string_view contact) {
    MOTCUA_TRY(db_.Write([&](Connection& c) {
        return Change(c,
                      "DELETE FROM pending_registrations WHERE contact = ?1",
                      [&](Statement& st) { return st.Bind(1, contact); });
    }));
    return {};
}

Result<int> SqliteAccountStore::DeleteExpiredRegistrations(Instant now) {
    return db_.Write([&](Connection& c) {
        return Change(
            c, "DELETE FROM pending_registrations WHERE expires_at <= ?1", [&](Statement& st) {
                return st.Bind(1, std::string_view(EncodeInstant(now)));
            });
    });
}

// ---- Notification sink ---------------------------------------------------------------------

Result<void> SqliteNotificationSink::Send(ports::NotificationChannel channel,
                                          std::string_view to,
                                          std::string_view subject,
                                          std::string_view text) {
    const std::string& tenant = db_.tenant();
    const std::string at = EncodeInstant(clock_.Now());
    MOTCUA_TRY(db_.Write([&](Connection& c) {
        return Change(c,
                      "INSERT INTO notifications(tenant, channel, recipient, subject, body, "
                      "created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                      [&](Statement& st) {
                          return st.BindAll(std::string_view(tenant),
                                            ChannelName(channel),
                                            to,
                                            subject,
                                            text,
                                            std::string_view(at));
                      });
    }));
    return {};
}

Result<std::vector<StoredNotification>> SqliteNotificationSink::Recent(std::string_view to,
                                                                       int limit) {
    return db_.Read([&](Connection& c) -> Result<std::vector<StoredNotification>> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT id, channel, recipient, subject, body, created_at FROM "
                     "notifications WHERE ?1 = '' OR recipient = ?1 ORDER BY id DESC LIMIT ?2"));
        MOTCUA_TRY(st->BindAll(to, std::clamp(limit, 1, 1000)));
        std::vector<StoredNotification> out;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                break;
            }
            StoredNotification n;
            n.id = st->ColumnInt64(0);
            n.channel = st->ColumnText(1) == "email" ? ports::NotificationChannel::kEmail
                                                     : ports::NotificationChannel::kSms;
            n.to = std::string(st->ColumnText(2));
            n.subject = std::string(st->ColumnText(3));
            n.text = std::string(st->ColumnText(4));
            MOTCUA_ASSIGN_OR_RETURN(n.created_at, DecodeInstant(st->ColumnText(5)));
            out.push_back(std::move(n));
        }
        return out;
    });
}

}  // namespace motcua::storage::sqlite
