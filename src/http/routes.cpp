// The route table of the motcua API. Every route is listed here, once, with its access policy;
// api/openapi.json documents the same list (a test keeps them equal).
#include <utility>

#include <fmt/format.h>

#include "core/calendar/civil_time.hpp"
#include "core/calendar/deadline.hpp"
#include "core/catalog/procedure.hpp"
#include "http/api.hpp"
#include "http/dto.hpp"
#include "http/error_mapping.hpp"
#include "http/openapi.hpp"
#include "http/params.hpp"

namespace motcua::http {

namespace wf = core::workflow;
namespace cal = core::calendar;
using wf::Role;

Result<void> RequireRole(const Request& request, std::initializer_list<Role> roles) {
    if (request.caller) {
        for (const Role r : roles) {
            if (request.caller->actor.role == r) {
                return {};
            }
        }
    }
    return Fail(ErrorCode::kPermissionDenied,
                "your role may not use this resource",
                "Vai trò của bạn không được dùng chức năng này");
}

namespace {

Response JsonResponse(int status, const Json& body) {
    return Response::Json(status, Dump(body));
}

Result<cal::LocalDate> RequiredDate(const Request& request, std::string_view name) {
    const auto text = request.Query(name);
    if (!text) {
        return BadParam(name, "a date YYYY-MM-DD");
    }
    auto date = cal::ParseDate(*text);
    if (!date) {
        return BadParam(name, "a date YYYY-MM-DD");
    }
    return *date;
}

// The calendar for `?agency=CODE`, or the national one.
Result<std::shared_ptr<const cal::WorkingCalendar>> CalendarFor(Api& api, const Request& request) {
    const auto agency = request.Query("agency");
    if (!agency || agency->empty()) {
        return api.national_calendar;
    }
    return api.directory.CalendarOf(*agency);
}

const wf::Actor& ActorOf(const Request& request) {
    return request.caller->actor;
}

// ---- Health, metrics ---------------------------------------------------------------------

Result<Response> Healthz(Api& api, const Request&) {
    if (api.health) {
        MOTCUA_TRY(api.health());
    }
    return JsonResponse(200, {{"status", "ok"}});
}

// ---- API description ---------------------------------------------------------------------

Result<Response> OpenApiDocument(Api&, const Request&) {
    for (const EmbeddedFile& file : ApiDocumentFiles()) {
        if (file.name == "openapi.json") {
            Response r = Response::Json(200, std::string(file.text));
            r.headers.emplace_back("Cache-Control", "public, max-age=300");
            return r;
        }
    }
    return Fail(ErrorCode::kInternal, "openapi.json is not embedded in the binary");
}

// ---- Calendar ----------------------------------------------------------------------------

Result<Response> CalendarDays(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate from, RequiredDate(request, "from"));
    MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate to, RequiredDate(request, "to"));
    if (to < from || (to - from).count() > 366) {
        return Fail(ErrorCode::kInvalidArgument,
                    "'to' must be on or after 'from' and at most 366 days later",
                    "'to' phải từ 'from' trở đi và không quá 366 ngày",
                    "to");
    }
    MOTCUA_ASSIGN_OR_RETURN(const auto calendar, CalendarFor(api, request));
    MOTCUA_TRY(calendar->CheckCovered(from));
    MOTCUA_TRY(calendar->CheckCovered(to));
    Json days = Json::array();
    for (cal::LocalDate d = from; d <= to; d += std::chrono::days{1}) {
        const cal::DayStatus s = calendar->Day(d);
        days.push_back({{"date", cal::FormatDate(d)},
                        {"working", s.working},
                        {"reason", cal::DayReasonName(s.reason)},
                        {"name", s.name},
                        {"description", cal::DescribeDayVi(s)},
                        {"agency_override", s.agency_override},
                        {"statutory_fallback", s.statutory_fallback}});
    }
    return JsonResponse(200, {{"agency_code", calendar->agency_code()}, {"days", days}});
}

Result<Response> CalendarHolidays(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const auto year, OptionalIntParam(request, "year", 1900, 2199));
    if (!year) {
        return BadParam("year", "a year");
    }
    MOTCUA_ASSIGN_OR_RETURN(const auto calendar, CalendarFor(api, request));
    const cal::LocalDate first = cal::LocalDate{std::chrono::year_month_day{
        std::chrono::year{static_cast<int>(*year)}, std::chrono::January, std::chrono::day{1}}};
    const cal::LocalDate last = cal::LocalDate{std::chrono::year_month_day{
        std::chrono::year{static_cast<int>(*year)}, std::chrono::December, std::chrono::day{31}}};
    MOTCUA_TRY(calendar->CheckCovered(first));
    MOTCUA_TRY(calendar->CheckCovered(last));
    Json days = Json::array();
    for (cal::LocalDate d = first; d <= last; d += std::chrono::days{1}) {
        const cal::DayStatus s = calendar->Day(d);
        if (s.reason == cal::DayReason::kWorkday || s.reason == cal::DayReason::kWeekend) {
            continue;
        }
        days.push_back({{"date", cal::FormatDate(d)},
                        {"working", s.working},
                        {"reason", cal::DayReasonName(s.reason)},
                        {"name", s.name},
                        {"statutory_fallback", s.statutory_fallback}});
    }
    return JsonResponse(200, {{"year", *year}, {"days", days}});
}

Result<Response> CalendarDue(Api& api, const Request& request) {
    const auto received_text = request.Query("received");
    if (!received_text) {
        return BadParam("received", "a time YYYY-MM-DDTHH:MM");
    }
    auto received = cal::ParseDateTime(*received_text);
    if (!received) {
        return BadParam("received", "a time YYYY-MM-DDTHH:MM");
    }
    MOTCUA_ASSIGN_OR_RETURN(const auto amount, OptionalIntParam(request, "amount", 0, 3650));
    if (!amount) {
        return BadParam("amount", "an integer from 0 to 3650");
    }
    cal::DueRequest due;
    due.received = *received;
    due.amount = static_cast<int>(*amount);
    if (const auto unit = request.Query("unit")) {
        auto parsed = core::catalog::ParseDurationUnit(*unit);
        if (!parsed) {
            return BadParam("unit", "working_days, working_hours or days");
        }
        due.unit = *parsed;
    }
    if (const auto channel = request.Query("channel")) {
        if (*channel == "paper" || *channel == "counter" || *channel == "postal") {
            due.channel = cal::Channel::kPaper;
        } else if (*channel != "online") {
            return BadParam("channel", "online, counter or postal");
        }
    }
    MOTCUA_ASSIGN_OR_RETURN(const auto calendar, CalendarFor(api, request));
    MOTCUA_ASSIGN_OR_RETURN(const cal::DueExplanation explained, cal::ExplainDue(*calendar, due));
    return JsonResponse(200,
                        {{"due_at", cal::FormatDateTime(explained.due)},
                         {"due_vi", cal::FormatDateTimeVi(explained.due)},
                         {"explanation", explained.lines}});
}

// ---- Public tracking ---------------------------------------------------------------------

Result<Response> PublicTrack(Api& api, const Request& request) {
    const std::string_view key = request.Query("key").value_or("");
    MOTCUA_ASSIGN_OR_RETURN(const wf::PublicView view,
                            api.dossiers.TrackPublic(request.Param("code"), key));
    return Response::Json(200, PublicViewBody(view));
}

// ---- Dossiers ----------------------------------------------------------------------------

Result<Response> SubmitDossier(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    MOTCUA_ASSIGN_OR_RETURN(wf::Submission submission, ParseSubmission(body));
    if (const auto key = request.Header("idempotency-key"); key && !key->empty()) {
        submission.idempotency_key = std::string(*key);
    }
    const wf::Actor& actor = ActorOf(request);
    if (actor.role == Role::kCitizen) {
        submission.applicant.account = actor.user;
    }
    MOTCUA_ASSIGN_OR_RETURN(const auto draft, DraftOfSubmission(api, request, body, submission));
    MOTCUA_ASSIGN_OR_RETURN(const wf::Dossier dossier, api.dossiers.Submit(actor, submission));
    MOTCUA_TRY(MarkDraftSubmitted(api, request, draft, dossier));
    Response r = Response::Json(201, DossierBody(dossier));
    r.headers.emplace_back("Location", "/api/dossiers/" + dossier.code);
    return r;
}

Result<Response> GetDossier(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const wf::Dossier dossier,
                            api.dossiers.GetByCode(ActorOf(request), request.Param("code")));
    Response r = Response::Json(200, DossierBody(dossier));
    r.headers.emplace_back("ETag", fmt::format("\"{}\"", dossier.version));
    return r;
}

Result<Response> DossierEvents(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const wf::Dossier dossier,
                            api.dossiers.GetByCode(ActorOf(request), request.Param("code")));
    MOTCUA_ASSIGN_OR_RETURN(const auto events, api.dossiers.History(ActorOf(request), dossier.id));
    Json items = Json::array();
    for (const wf::Event& e : events) {
        items.push_back(EventJson(e));
    }
    return JsonResponse(200, {{"code", dossier.code}, {"items", items}});
}

Result<Response> DossierAction(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    MOTCUA_ASSIGN_OR_RETURN(const wf::Command command, ParseCommand(request.Param("action"), body));
    MOTCUA_ASSIGN_OR_RETURN(const auto expected,
                            IfMatchVersion(request, 0, "the dossier version", "phiên bản hồ sơ"));
    const wf::Actor& actor = ActorOf(request);
    MOTCUA_ASSIGN_OR_RETURN(const wf::Dossier before,
                            api.dossiers.GetByCode(actor, request.Param("code")));
    MOTCUA_ASSIGN_OR_RETURN(const wf::Dossier after,
                            api.dossiers.Act(actor, before.id, command, expected));
    Response r = Response::Json(200, DossierBody(after));
    r.headers.emplace_back("ETag", fmt::format("\"{}\"", after.version));
    return r;
}

// ---- Catalog (detail; search is with the catalog queries) -------------------------------------

Result<Response> ProcedureDetail(Api& api, const Request& request) {
    const cal::LocalDate today =
        std::chrono::floor<std::chrono::days>(cal::ToLocal(api.clock.Now()));
    MOTCUA_ASSIGN_OR_RETURN(const auto version,
                            api.directory.VersionInForce(request.Param("code"), today));
    return JsonResponse(200, ProcedureJson(version));
}

Result<Response> AgencyDetail(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const auto agency, api.directory.AgencyByCode(request.Param("code")));
    MOTCUA_ASSIGN_OR_RETURN(const auto subtree, api.directory.Subtree(agency.code));
    MOTCUA_ASSIGN_OR_RETURN(const auto tree, api.catalog.AgencyTree());
    std::string parent;
    for (const auto& node : tree) {
        if (node.agency.code == agency.code) {
            parent = node.parent_code;
        }
    }
    Json body = AgencyJson(agency, parent);
    body["subtree"] = subtree;
    return JsonResponse(200, body);
}

Result<Response> Process(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(
        const auto process,
        api.directory.Process(request.Param("procedure"), request.Param("agency")));
    Json steps = Json::array();
    for (const auto& s : process.steps) {
        steps.push_back({{"name", s.name},
                         {"role", wf::RoleName(s.role)},
                         {"agency_code", s.agency_code},
                         {"budget", s.budget},
                         {"unit", core::catalog::DurationUnitName(s.unit)}});
    }
    return JsonResponse(200,
                        {{"procedure_code", process.procedure_code},
                         {"agency_code", process.agency_code},
                         {"steps", steps}});
}

// ---- Audit -------------------------------------------------------------------------------

Result<Response> VerifyAudit(Api& api, const Request& request) {
    MOTCUA_TRY(
        RequireRole(request, {Role::kAuditor, Role::kAdministrator, Role::kProvinceController}));
    if (!api.verify_audit) {
        return Fail(ErrorCode::kUnavailable, "audit verification is not configured");
    }
    MOTCUA_ASSIGN_OR_RETURN(const Json report, api.verify_audit());
    return JsonResponse(200, report);
}

// GET /sim/messages?to=…: what the SMS and e-mail gateway simulator "sent" (demo servers only),
// so a demo user can read a one-time code.
Result<Response> SimMessages(Api& api, const Request& request) {
    if (!api.sim_messages) {
        return Fail(ErrorCode::kNotFound, "not a demo server", "không phải máy chủ trình diễn");
    }
    MOTCUA_ASSIGN_OR_RETURN(const Json messages,
                            api.sim_messages(request.Query("to").value_or("")));
    return JsonResponse(200, messages);
}

// Binds a handler to the Api.
template <class F>
Handler Bind(Api& api, F f) {
    return [&api, f](Request& request) {
        return f(api, request);
    };
}

}  // namespace

void AddRoutes(Router& router, Api& api, std::function<void(std::string&)> metrics_text) {
    const auto add = [&router](std::string method,
                               std::string pattern,
                               Handler handler,
                               Access access,
                               Dispatch dispatch = Dispatch::kInline) {
        Route route;
        route.method = std::move(method);
        route.pattern = std::move(pattern);
        route.handler = std::move(handler);
        route.access = access;
        route.dispatch = dispatch;
        router.Add(std::move(route));
    };
    const Access pub = Access::kPublic;
    const Access auth = Access::kAuthenticated;

    add("GET", "/healthz", Bind(api, Healthz), pub);
    add(
        "GET",
        "/metrics",
        [&api, metrics_text = std::move(metrics_text)](Request&) -> Result<Response> {
            Response r;
            r.content_type = "text/plain; version=0.0.4";
            if (metrics_text) {
                metrics_text(r.body);
            }
            if (api.extra_metrics) {
                api.extra_metrics(r.body);
            }
            return r;
        },
        pub);

    add("GET", "/api/openapi.json", Bind(api, OpenApiDocument), pub);

    add("GET", "/api/calendar/days", Bind(api, CalendarDays), pub);
    add("GET", "/api/calendar/holidays", Bind(api, CalendarHolidays), pub);
    add("GET", "/api/calendar/due", Bind(api, CalendarDue), pub);

    add("GET", "/api/catalog/procedures/{code}", Bind(api, ProcedureDetail), pub);
    add("GET", "/api/agencies/{code}", Bind(api, AgencyDetail), pub);
    add("GET", "/api/processes/{procedure}/{agency}", Bind(api, Process), pub);

    add("GET", "/api/public/dossiers/{code}", Bind(api, PublicTrack), pub);

    add("POST", "/api/dossiers", Bind(api, SubmitDossier), auth, Dispatch::kWorker);
    add("GET", "/api/dossiers/{code}", Bind(api, GetDossier), auth);
    add("GET", "/api/dossiers/{code}/events", Bind(api, DossierEvents), auth);
    add("POST",
        "/api/dossiers/{code}/actions/{action}",
        Bind(api, DossierAction),
        auth,
        Dispatch::kWorker);

    add("GET", "/api/audit/verify", Bind(api, VerifyAudit), auth, Dispatch::kWorker);

    add("GET", "/sim/messages", Bind(api, SimMessages), pub, Dispatch::kWorker);

    AddAuthRoutes(router, api);
    AddQueryRoutes(router, api);
    AddAttachmentRoutes(router, api);
    AddDraftRoutes(router, api);
    AddDocumentRoutes(router, api);
    AddReportRoutes(router, api);
    AddAdminRoutes(router, api);
}

}  // namespace motcua::http
