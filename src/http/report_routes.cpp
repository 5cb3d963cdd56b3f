// The indicators and reports: the QĐ 766 index of a scope, the rankings, the dossiers behind
// any figure, and the settlement report as JSON, XLSX or CSV. Staff see their agency subtree;
// the province's controllers, administrators and auditors see everything.
#include <charconv>

#include <fmt/format.h>

#include "core/calendar/civil_time.hpp"
#include "core/kpi/facts.hpp"
#include "core/kpi/period.hpp"
#include "http/api.hpp"
#include "http/params.hpp"

namespace motcua::http {

namespace wf = core::workflow;
namespace kpi = core::kpi;
using wf::Role;

namespace {

tl::unexpected<Error> Invalid(std::string_view name, const Error& cause) {
    Error e = cause;
    e.code = ErrorCode::kInvalidArgument;
    e.field = std::string(name);
    return tl::unexpected(std::move(e));
}

Result<kpi::Period> PeriodParam(const Request& r) {
    const auto text = r.Query("period");
    if (!text) {
        return Fail(ErrorCode::kInvalidArgument,
                    "query parameter 'period' is required (2026-09, 2026-Q3 or 2026)",
                    "Thiếu tham số 'period' (ví dụ 2026-09, 2026-Q3 hoặc 2026)",
                    "period");
    }
    auto period = kpi::ParsePeriod(*text);
    if (!period) {
        return Invalid("period", period.error());
    }
    return *period;
}

// The agency whose subtree the caller asks for, checked against what the caller may see.
Result<std::string> AgencyScope(Api& api, const Request& r) {
    const wf::Actor& actor = r.caller->actor;
    const std::string requested(r.Query("agency").value_or(""));
    switch (actor.role) {
        case Role::kProvinceController:
        case Role::kAdministrator:
        case Role::kAuditor:
            if (!requested.empty()) {
                MOTCUA_TRY(api.directory.AgencyByCode(requested));
            }
            return requested;
        case Role::kOneStopOfficer:
        case Role::kSpecialist:
        case Role::kAgencyLeader: {
            if (requested.empty()) {
                return actor.agency_code;
            }
            MOTCUA_ASSIGN_OR_RETURN(const auto mine, api.directory.Subtree(actor.agency_code));
            if (std::find(mine.begin(), mine.end(), requested) == mine.end()) {
                return Fail(ErrorCode::kPermissionDenied,
                            "that agency is outside yours",
                            "cơ quan này nằm ngoài phạm vi của bạn",
                            "agency");
            }
            return requested;
        }
        default:
            return Fail(ErrorCode::kPermissionDenied,
                        "indicators are for the province's staff",
                        "chỉ số dành cho cán bộ, công chức");
    }
}

Result<kpi::Scope> ScopeParam(Api& api, const Request& r) {
    kpi::Scope scope;
    MOTCUA_ASSIGN_OR_RETURN(scope.agency_code, AgencyScope(api, r));
    scope.sector_code = std::string(r.Query("sector").value_or(""));
    scope.procedure_code = std::string(r.Query("procedure").value_or(""));
    return scope;
}

Response JsonText(std::string body) {
    return Response::Json(200, std::move(body));
}

Result<Response> Index766(Api& api, const Request& r) {
    MOTCUA_ASSIGN_OR_RETURN(const kpi::Period period, PeriodParam(r));
    MOTCUA_ASSIGN_OR_RETURN(const kpi::Scope scope, ScopeParam(api, r));
    MOTCUA_ASSIGN_OR_RETURN(const kpi::IndexReport report, api.kpi.Index(period, scope));
    return JsonText(api.reports.IndexJson(report));
}

Result<Response> Ranking(Api& api, const Request& r) {
    MOTCUA_ASSIGN_OR_RETURN(const kpi::Period period, PeriodParam(r));
    MOTCUA_ASSIGN_OR_RETURN(const std::string agency, AgencyScope(api, r));
    (void)agency;  // rankings compare every agency; staff may read them, citizens may not
    MOTCUA_ASSIGN_OR_RETURN(const kpi::RankingReport report, api.kpi.Ranking(period));
    return JsonText(api.reports.RankingJson(report));
}

Result<Response> DrillDown(Api& api, const Request& r) {
    MOTCUA_ASSIGN_OR_RETURN(const kpi::Period period, PeriodParam(r));
    MOTCUA_ASSIGN_OR_RETURN(const kpi::Scope scope, ScopeParam(api, r));
    const auto name = r.Query("metric");
    if (!name) {
        return Fail(ErrorCode::kInvalidArgument,
                    "query parameter 'metric' is required",
                    "Thiếu tham số 'metric'",
                    "metric");
    }
    auto metric = kpi::ParseMetric(*name);
    if (!metric) {
        return Invalid("metric", metric.error());
    }
    MOTCUA_ASSIGN_OR_RETURN(const int offset, IntParam(r, "offset", 0, 0, 10'000'000));
    MOTCUA_ASSIGN_OR_RETURN(const int limit, IntParam(r, "limit", 50, 1, 500));
    MOTCUA_ASSIGN_OR_RETURN(const auto page,
                            api.kpi.Dossiers(*metric, period, scope, offset, limit));
    return JsonText(api.reports.DrillDownJson(page));
}

Result<Response> Settlement(Api& api, const Request& r) {
    const auto from_text = r.Query("from");
    const auto to_text = r.Query("to");
    if (!from_text || !to_text) {
        return Fail(ErrorCode::kInvalidArgument,
                    "query parameters 'from' and 'to' (YYYY-MM-DD) are required",
                    "Thiếu tham số 'from' và 'to' (YYYY-MM-DD)",
                    from_text ? "to" : "from");
    }
    auto from = core::calendar::ParseDate(*from_text);
    if (!from) {
        return Invalid("from", from.error());
    }
    auto to = core::calendar::ParseDate(*to_text);
    if (!to) {
        return Invalid("to", to.error());
    }
    auto period = kpi::CustomPeriod(*from, *to);
    if (!period) {
        return Invalid("to", period.error());
    }
    MOTCUA_ASSIGN_OR_RETURN(const std::string agency, AgencyScope(api, r));
    const std::string_view format = r.Query("format").value_or("json");
    if (format != "json" && format != "xlsx" && format != "csv") {
        return Fail(ErrorCode::kInvalidArgument,
                    "query parameter 'format' must be json, xlsx or csv",
                    "Tham số 'format' phải là json, xlsx hoặc csv",
                    "format");
    }
    MOTCUA_ASSIGN_OR_RETURN(const kpi::SettlementReport report,
                            api.kpi.Settlement(*period, agency));
    if (format == "json") {
        return JsonText(api.reports.SettlementJson(report));
    }
    Response response;
    const std::string name =
        fmt::format("bao-cao-giai-quyet-{}-{}.{}", *from_text, *to_text, format);
    if (format == "xlsx") {
        MOTCUA_ASSIGN_OR_RETURN(response.body, api.reports.SettlementXlsx(report));
        response.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    } else {
        MOTCUA_ASSIGN_OR_RETURN(response.body, api.reports.SettlementCsv(report));
        response.content_type = "text/csv; charset=utf-8";
    }
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
    return response;
}

}  // namespace

void AddReportRoutes(Router& router, Api& api) {
    const auto add = [&router, &api](std::string pattern,
                                     Result<Response> (*f)(Api&, const Request&)) {
        Route route;
        route.method = "GET";
        route.pattern = std::move(pattern);
        route.handler = [&api, f](Request& r) {
            return f(api, r);
        };
        route.dispatch = Dispatch::kWorker;
        router.Add(std::move(route));
    };
    add("/api/indicators/766", Index766);
    add("/api/indicators/766/ranking", Ranking);
    add("/api/indicators/766/dossiers", DrillDown);
    add("/api/reports/settlement", Settlement);
}

}  // namespace motcua::http
