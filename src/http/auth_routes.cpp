// Sign-in, sign-out, citizen registration, API tokens and account administration.
#include <charconv>

#include <fmt/format.h>

#include "core/calendar/civil_time.hpp"
#include "http/api.hpp"
#include "http/authenticator.hpp"
#include "http/error_mapping.hpp"
#include "http/params.hpp"

namespace motcua::http {

namespace acc = core::accounts;
namespace wf = core::workflow;
namespace cal = core::calendar;

Caller CallerOf(const acc::Principal& p) {
    Caller c;
    c.actor = acc::ToActor(p);
    c.username = p.username;
    c.display_name = p.display_name;
    c.demo = p.demo;
    return c;
}

Result<Caller> AccountAuthenticator::FromSession(std::string_view session_token) {
    MOTCUA_ASSIGN_OR_RETURN(const acc::Session session, accounts_.Authenticate(session_token));
    Caller c = CallerOf(session.principal);
    c.session_token = std::string(session_token);
    c.csrf_token = session.csrf_token;
    return c;
}

Result<Caller> AccountAuthenticator::FromApiToken(std::string_view api_token) {
    MOTCUA_ASSIGN_OR_RETURN(const acc::Principal principal,
                            accounts_.AuthenticateApiToken(api_token));
    Caller c = CallerOf(principal);
    c.by_token = true;
    return c;
}

namespace {

constexpr std::string_view kCookie = "motcua_session";

std::string FormatInstant(Instant t) {
    return cal::FormatDateTime(cal::ToLocal(t));
}

Json PrincipalJson(const acc::Principal& p) {
    return {{"id", p.user.value()},
            {"username", p.username},
            {"display_name", p.display_name},
            {"role", wf::RoleName(p.role)},
            {"agency_code", p.agency_code},
            {"demo", p.demo}};
}

acc::Principal PrincipalOf(const Caller& c) {
    acc::Principal p;
    p.user = c.actor.user.value_or(core::model::UserId{});
    p.username = c.username;
    p.display_name = c.display_name;
    p.role = c.actor.role;
    p.agency_code = c.actor.agency_code;
    p.demo = c.demo;
    return p;
}

std::string SessionCookie(const Api& api, std::string_view token, std::int64_t max_age) {
    return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
                       kCookie,
                       token,
                       max_age,
                       api.secure_cookies ? "; Secure" : "");
}

Response SignedIn(Api& api, const acc::LoginResult& login, int status) {
    Response r = Response::Json(status,
                                Dump({{"user", PrincipalJson(login.principal)},
                                      {"csrf_token", login.csrf_token},
                                      {"expires_at", FormatInstant(login.expires_at)}}));
    const auto lifetime =
        std::chrono::duration_cast<std::chrono::seconds>(api.accounts.policy().session_lifetime);
    r.headers.emplace_back("Set-Cookie", SessionCookie(api, login.session_token, lifetime.count()));
    return r;
}

// A locked account or a too-early resend is a "try later", not a server fault.
Result<Response> TryLater(const Result<Response>& r, const Request& request) {
    if (!r && r.error().code == ErrorCode::kUnavailable) {
        const bool en = LocaleOf(request) == Locale::kEn;
        const Error& e = r.error();
        Response p = Problem(HttpProblem::kTooManyRequests,
                             request,
                             en || e.message_vi.empty() ? e.message : e.message_vi);
        p.headers.emplace_back("Retry-After", "60");
        return p;
    }
    return r;
}

Result<Response> Login(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    MOTCUA_ASSIGN_OR_RETURN(const std::string username, RequiredString(body, "username"));
    MOTCUA_ASSIGN_OR_RETURN(const std::string password, RequiredString(body, "password"));
    auto login = api.accounts.Login(username, password);
    if (!login && login.error().code == ErrorCode::kPermissionDenied) {
        // Wrong credentials (or a demo account on a production server): 401, with the reason.
        const bool en = LocaleOf(request) == Locale::kEn;
        const Error& e = login.error();
        return Problem(HttpProblem::kUnauthenticated,
                       request,
                       en || e.message_vi.empty() ? e.message : e.message_vi);
    }
    if (!login) {
        return tl::unexpected(login.error());
    }
    return SignedIn(api, *login, 200);
}

Result<Response> Logout(Api& api, const Request& request) {
    if (request.caller && !request.caller->session_token.empty()) {
        MOTCUA_TRY(api.accounts.Logout(request.caller->session_token));
    }
    Response r = Response::NoContent();
    r.headers.emplace_back("Set-Cookie", SessionCookie(api, "", 0));
    return r;
}

Result<Response> Me(Api&, const Request& request) {
    const Caller& c = *request.caller;
    Json body = {{"user", PrincipalJson(PrincipalOf(c))}};
    if (!c.by_token) {
        body["csrf_token"] = c.csrf_token;
    }
    return Response::Json(200, Dump(body));
}

Result<Response> Register(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    MOTCUA_ASSIGN_OR_RETURN(const std::string contact, RequiredString(body, "contact"));
    MOTCUA_ASSIGN_OR_RETURN(const std::string name, RequiredString(body, "display_name"));
    MOTCUA_ASSIGN_OR_RETURN(const std::string password, RequiredString(body, "password"));
    MOTCUA_ASSIGN_OR_RETURN(const acc::RegistrationStarted started,
                            api.accounts.StartRegistration(contact, name, password));
    return Response::Json(
        202,
        Dump({{"contact", started.contact},
              {"channel", started.kind == core::ports::ContactKind::kPhone ? "sms" : "email"},
              {"expires_at", FormatInstant(started.expires_at)}}));
}

Result<Response> ConfirmRegistration(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    MOTCUA_ASSIGN_OR_RETURN(const std::string contact, RequiredString(body, "contact"));
    MOTCUA_ASSIGN_OR_RETURN(const std::string code, RequiredString(body, "code"));
    MOTCUA_ASSIGN_OR_RETURN(const acc::LoginResult login,
                            api.accounts.ConfirmRegistration(contact, code));
    return SignedIn(api, login, 201);
}

Result<Response> CreateToken(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    MOTCUA_ASSIGN_OR_RETURN(const std::string name, RequiredString(body, "name"));
    const acc::Principal by = PrincipalOf(*request.caller);
    MOTCUA_ASSIGN_OR_RETURN(const acc::NewApiToken token,
                            api.accounts.CreateApiToken(by, by.user, name));
    return Response::Json(
        201,
        Dump({{"id", token.id.value()},
              {"token", token.token},
              {"prefix", token.prefix},
              {"expires_at",
               token.expires_at ? Json(FormatInstant(*token.expires_at)) : Json(nullptr)}}));
}

Json AccountJson(const acc::AccountInfo& a) {
    Json j = PrincipalJson(a.principal);
    j["phone"] = a.phone;
    j["email"] = a.email;
    j["created_at"] = FormatInstant(a.created_at);
    j["last_login_at"] = a.last_login_at ? Json(FormatInstant(*a.last_login_at)) : Json(nullptr);
    j["locked_until"] = a.locked_until ? Json(FormatInstant(*a.locked_until)) : Json(nullptr);
    j["disabled_at"] = a.disabled_at ? Json(FormatInstant(*a.disabled_at)) : Json(nullptr);
    return j;
}

Result<Response> ListAccounts(Api& api, const Request& request) {
    core::ports::AccountQuery query;
    if (const auto role = request.Query("role")) {
        MOTCUA_ASSIGN_OR_RETURN(query.role, AtField(wf::ParseRole(*role), "role"));
    }
    query.agency_code = std::string(request.Query("agency").value_or(""));
    MOTCUA_ASSIGN_OR_RETURN(query.limit, IntParam(request, "limit", 100, 1, 1000));
    MOTCUA_ASSIGN_OR_RETURN(const auto after,
                            OptionalIntParam(request, "after", 0, INT64_C(9'000'000'000'000'000)));
    query.after = core::model::UserId{after.value_or(0)};
    MOTCUA_ASSIGN_OR_RETURN(const auto accounts,
                            api.accounts.ListAccounts(PrincipalOf(*request.caller), query));
    Json items = Json::array();
    for (const auto& a : accounts) {
        items.push_back(AccountJson(a));
    }
    return Response::Json(200, Dump({{"items", items}}));
}

Result<Response> CreateAccount(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    acc::NewAccount account;
    MOTCUA_ASSIGN_OR_RETURN(account.username, RequiredString(body, "username"));
    MOTCUA_ASSIGN_OR_RETURN(account.display_name, RequiredString(body, "display_name"));
    MOTCUA_ASSIGN_OR_RETURN(const std::string role, RequiredString(body, "role"));
    MOTCUA_ASSIGN_OR_RETURN(account.role, AtField(wf::ParseRole(role), "role"));
    MOTCUA_ASSIGN_OR_RETURN(const auto agency, OptionalString(body, "agency_code"));
    account.agency_code = agency.value_or("");
    if (!account.agency_code.empty()) {
        MOTCUA_TRY(api.directory.AgencyByCode(account.agency_code));
    }
    MOTCUA_ASSIGN_OR_RETURN(account.password, RequiredString(body, "password"));
    MOTCUA_ASSIGN_OR_RETURN(const auto phone, OptionalString(body, "phone"));
    MOTCUA_ASSIGN_OR_RETURN(const auto email, OptionalString(body, "email"));
    account.phone = phone.value_or("");
    account.email = email.value_or("");
    MOTCUA_ASSIGN_OR_RETURN(const acc::AccountInfo created,
                            api.accounts.CreateAccount(PrincipalOf(*request.caller), account));
    return Response::Json(201, Dump(AccountJson(created)));
}

// The {id} of /api/accounts/{id}…: a positive integer (anything else is no account).
Result<core::model::UserId> AccountIdParam(const Request& request) {
    const std::string_view text = request.Param("id");
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
        return Fail(ErrorCode::kNotFound, "account not found", "không tìm thấy tài khoản");
    }
    return core::model::UserId{id};
}

Result<Response> UpdateAccount(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const core::model::UserId id, AccountIdParam(request));
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    acc::AccountUpdate update;
    MOTCUA_ASSIGN_OR_RETURN(const auto role, OptionalString(body, "role"));
    if (role) {
        MOTCUA_ASSIGN_OR_RETURN(update.role, AtField(wf::ParseRole(*role), "role"));
    }
    MOTCUA_ASSIGN_OR_RETURN(update.agency_code, OptionalString(body, "agency_code"));
    if (update.agency_code && !update.agency_code->empty()) {
        MOTCUA_TRY(AtField(api.directory.AgencyByCode(*update.agency_code), "agency_code"));
    }
    MOTCUA_ASSIGN_OR_RETURN(update.display_name, OptionalString(body, "display_name"));
    MOTCUA_ASSIGN_OR_RETURN(const acc::AccountInfo changed,
                            api.accounts.UpdateAccount(PrincipalOf(*request.caller), id, update));
    return Response::Json(200, Dump(AccountJson(changed)));
}

Result<Response> SetDisabled(Api& api, const Request& request, bool disabled) {
    MOTCUA_ASSIGN_OR_RETURN(const core::model::UserId id, AccountIdParam(request));
    MOTCUA_ASSIGN_OR_RETURN(
        const acc::AccountInfo changed,
        api.accounts.SetAccountDisabled(PrincipalOf(*request.caller), id, disabled));
    return Response::Json(200, Dump(AccountJson(changed)));
}

Result<Response> DisableAccount(Api& api, const Request& request) {
    return SetDisabled(api, request, true);
}

Result<Response> EnableAccount(Api& api, const Request& request) {
    return SetDisabled(api, request, false);
}

template <class F>
Handler Bind(Api& api, F f) {
    return [&api, f](Request& request) {
        return TryLater(f(api, request), request);
    };
}

}  // namespace

void AddAuthRoutes(Router& router, Api& api) {
    const auto add = [&router](std::string method,
                               std::string pattern,
                               Handler handler,
                               Access access,
                               std::string rate_class = {}) {
        Route route;
        route.method = std::move(method);
        route.pattern = std::move(pattern);
        route.handler = std::move(handler);
        route.access = access;
        route.dispatch = Dispatch::kWorker;  // password hashing and durable writes
        route.csrf_exempt = !rate_class.empty();
        route.rate_class = std::move(rate_class);
        router.Add(std::move(route));
    };
    add("POST", "/api/auth/login", Bind(api, Login), Access::kPublic, "login");
    add("POST", "/api/auth/register", Bind(api, Register), Access::kPublic, "login");
    add("POST",
        "/api/auth/register/confirm",
        Bind(api, ConfirmRegistration),
        Access::kPublic,
        "login");
    add("POST", "/api/auth/logout", Bind(api, Logout), Access::kAuthenticated);
    add("GET", "/api/auth/me", Bind(api, Me), Access::kAuthenticated);
    add("POST", "/api/auth/tokens", Bind(api, CreateToken), Access::kAuthenticated);
    add("GET", "/api/accounts", Bind(api, ListAccounts), Access::kAuthenticated);
    add("POST", "/api/accounts", Bind(api, CreateAccount), Access::kAuthenticated);
    add("PATCH", "/api/accounts/{id}", Bind(api, UpdateAccount), Access::kAuthenticated);
    add("POST", "/api/accounts/{id}/disable", Bind(api, DisableAccount), Access::kAuthenticated);
    add("POST", "/api/accounts/{id}/enable", Bind(api, EnableAccount), Access::kAuthenticated);
}

}  // namespace motcua::http
