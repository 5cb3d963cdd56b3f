// Lists and searches: the public catalog, the agency tree, publication decisions, and the
// dossier lists and work queues, each scoped to what the caller may see.
#include <charconv>

#include <fmt/format.h>

#include "core/calendar/civil_time.hpp"
#include "http/api.hpp"
#include "http/dto.hpp"
#include "http/params.hpp"

namespace motcua::http {

namespace wf = core::workflow;
namespace cal = core::calendar;
namespace ports = core::ports;
using wf::Role;

namespace {

cal::LocalDate Today(const Api& api) {
    return std::chrono::floor<std::chrono::days>(cal::ToLocal(api.clock.Now()));
}

// ---- Catalog -------------------------------------------------------------------------------

Json SummaryJson(const core::catalog::ProcedureVersion& v) {
    namespace catalog = core::catalog;
    return {{"code", v.code},
            {"name", v.name},
            {"sector_code", v.sector_code},
            {"sector_name", v.sector_name},
            {"level", catalog::ProcedureLevelName(v.level)},
            {"online_level", catalog::OnlineLevelName(v.online_level)},
            {"deadline", v.deadline},
            {"deadline_unit", catalog::DurationUnitName(v.deadline_unit)},
            {"postal", v.postal}};
}

Result<Response> SearchProcedures(Api& api, const Request& r) {
    ports::SearchQuery q;
    q.text = std::string(r.Query("q").value_or(""));
    if (q.text.size() > 200) {
        return BadParam("q", "at most 200 characters");
    }
    q.sector_code = std::string(r.Query("sector").value_or(""));
    if (const auto level = r.Query("level")) {
        auto parsed = core::catalog::ParseProcedureLevel(*level);
        if (!parsed) {
            return BadParam("level", "central, province, district or commune");
        }
        q.level = *parsed;
    }
    if (const auto online = r.Query("online")) {
        auto parsed = core::catalog::ParseOnlineLevel(*online);
        if (!parsed) {
            return BadParam("online", "none, partial or full");
        }
        q.online_level = *parsed;
    }
    MOTCUA_ASSIGN_OR_RETURN(q.limit, IntParam(r, "limit", 20, 1, 200));
    MOTCUA_ASSIGN_OR_RETURN(q.offset, IntParam(r, "offset", 0, 0, 1'000'000));
    q.on = Today(api);
    MOTCUA_ASSIGN_OR_RETURN(const ports::SearchPage page, api.catalog.Search(q));
    Json items = Json::array();
    for (const ports::SearchHit& hit : page.items) {
        items.push_back(SummaryJson(hit.version));
    }
    return JsonOk({{"items", items},
                   {"total", page.total},
                   {"limit", q.limit},
                   {"offset", q.offset},
                   {"partial", page.partial}});
}

Result<Response> ProcedureVersions(Api& api, const Request& r) {
    MOTCUA_ASSIGN_OR_RETURN(const auto versions, api.catalog.History(r.Param("code")));
    if (versions.empty()) {
        return Fail(
            ErrorCode::kNotFound, "no procedure with this code", "không có thủ tục với mã này");
    }
    Json items = Json::array();
    for (const auto& v : versions) {
        items.push_back(ProcedureJson(v));
    }
    return JsonOk({{"items", items}});
}

Result<Response> Decisions(Api& api, const Request&) {
    MOTCUA_ASSIGN_OR_RETURN(const auto decisions, api.catalog.Decisions());
    Json items = Json::array();
    for (const auto& d : decisions) {
        items.push_back(DecisionJson(d));
    }
    return JsonOk({{"items", items}});
}

Result<Response> Agencies(Api& api, const Request&) {
    MOTCUA_ASSIGN_OR_RETURN(const auto tree, api.catalog.AgencyTree());
    Json items = Json::array();
    for (const ports::AgencyNode& node : tree) {
        Json a = AgencyJson(node.agency, node.parent_code);
        a["depth"] = node.depth;
        items.push_back(std::move(a));
    }
    return JsonOk({{"items", items}});
}

// ---- Dossier lists -------------------------------------------------------------------------

Json StepSummaryJson(const ports::StepSummary& s) {
    return {{"index", s.index},
            {"name", s.name},
            {"role", wf::RoleName(s.role)},
            {"agency_code", s.agency_code},
            {"assignee", s.assignee ? Json(s.assignee->value()) : Json(nullptr)},
            {"started_at", cal::FormatDateTime(s.started_at)},
            {"due_at", cal::FormatDateTime(s.due_at)}};
}

Json DossierSummaryJson(const ports::DossierSummary& d) {
    const auto opt = [](const std::optional<cal::LocalDateTime>& t) {
        return t ? Json(cal::FormatDateTime(*t)) : Json(nullptr);
    };
    return {{"id", d.id.value()},
            {"code", d.code},
            {"procedure_code", d.procedure_code},
            {"procedure_name", d.procedure_name},
            {"agency_code", d.agency_code},
            {"handling_agency_code", d.handling_agency_code},
            {"status", wf::StatusName(d.status)},
            {"status_code", static_cast<int>(d.status)},
            {"status_name", wf::StatusNameVi(d.status)},
            {"channel", wf::ChannelName(d.channel)},
            {"applicant_name", d.applicant_name},
            {"submitted_at", cal::FormatDateTime(d.submitted_at)},
            {"received_at", opt(d.received_at)},
            {"due_at", opt(d.due_at)},
            {"verdict", wf::VerdictName(d.verdict)},
            {"version", d.version},
            {"current_step", d.current_step ? StepSummaryJson(*d.current_step) : Json(nullptr)}};
}

Result<wf::DossierStatus> ParseStatus(std::string_view name) {
    for (int code = 1; code <= 10; ++code) {
        const auto status = static_cast<wf::DossierStatus>(code);
        if (wf::StatusName(status) == name || std::to_string(code) == name) {
            return status;
        }
    }
    return BadParam("status", "a status name (submitted, received, processing, …) or code 1–10");
}

Result<Response> ListDossiers(Api& api, const Request& r) {
    const wf::Actor& actor = r.caller->actor;
    ports::DossierFilter f;
    // Scope: citizens see their own; agency staff their agency subtree; the province's
    // controllers, administrators and auditors everything (optionally narrowed by ?agency).
    const auto agency = r.Query("agency");
    switch (actor.role) {
        case Role::kCitizen:
            f.applicant_account = actor.user;
            break;
        case Role::kOneStopOfficer:
        case Role::kSpecialist:
        case Role::kAgencyLeader: {
            const std::string_view root = agency.value_or(actor.agency_code);
            MOTCUA_ASSIGN_OR_RETURN(const auto mine, api.directory.Subtree(actor.agency_code));
            if (std::find(mine.begin(), mine.end(), root) == mine.end()) {
                return Fail(ErrorCode::kPermissionDenied,
                            "that agency is outside yours",
                            "cơ quan này nằm ngoài phạm vi của bạn",
                            "agency");
            }
            MOTCUA_ASSIGN_OR_RETURN(f.agencies, api.directory.Subtree(root));
            break;
        }
        default:
            if (agency) {
                MOTCUA_TRY(api.directory.AgencyByCode(*agency));  // unknown: 404, not "all"
                MOTCUA_ASSIGN_OR_RETURN(f.agencies, api.directory.Subtree(*agency));
            }
            break;
    }
    if (const auto statuses = r.Query("status"); statuses && !statuses->empty()) {
        std::string_view rest = *statuses;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            MOTCUA_ASSIGN_OR_RETURN(const auto status, ParseStatus(rest.substr(0, comma)));
            f.statuses.push_back(status);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    }
    MOTCUA_ASSIGN_OR_RETURN(f.open_only, BoolParam(r, "open"));
    MOTCUA_ASSIGN_OR_RETURN(f.due_from, TimeParam(r, "due_from"));
    MOTCUA_ASSIGN_OR_RETURN(f.due_before, TimeParam(r, "due_before"));
    MOTCUA_ASSIGN_OR_RETURN(const bool overdue, BoolParam(r, "overdue"));
    if (overdue) {
        f.overdue_at = cal::ToLocal(api.clock.Now());
    }
    f.procedure_code = std::string(r.Query("procedure").value_or(""));
    if (const auto channel = r.Query("channel")) {
        auto parsed = wf::ParseChannel(*channel);
        if (!parsed) {
            return BadParam("channel", "online, counter or postal");
        }
        f.channel = *parsed;
    }
    if (const auto role = r.Query("step_role")) {
        auto parsed = wf::ParseRole(*role);
        if (!parsed) {
            return BadParam("step_role", "a role name");
        }
        f.step_role = *parsed;
    }
    if (const auto assignee = r.Query("assignee")) {
        if (*assignee != "me") {
            return BadParam("assignee", "'me'");
        }
        f.assignee = actor.user;
    }
    MOTCUA_ASSIGN_OR_RETURN(f.received_from, DateParam(r, "received_from"));
    MOTCUA_ASSIGN_OR_RETURN(f.received_to, DateParam(r, "received_to"));
    f.text = std::string(r.Query("q").value_or(""));
    if (f.text.size() > 100) {
        return BadParam("q", "at most 100 characters");
    }
    const std::string_view sort = r.Query("sort").value_or("due");
    if (sort == "due") {
        f.order = ports::DossierOrder::kDueAscending;
    } else if (sort == "submitted") {
        f.order = ports::DossierOrder::kSubmittedDescending;
    } else {
        return BadParam("sort", "due or submitted");
    }
    MOTCUA_ASSIGN_OR_RETURN(f.limit, IntParam(r, "limit", 50, 1, ports::DossierFilter::kMaxLimit));
    MOTCUA_ASSIGN_OR_RETURN(f.offset, IntParam(r, "offset", 0, 0, 10'000'000));
    MOTCUA_ASSIGN_OR_RETURN(const ports::DossierPage page, api.queries.List(f));
    Json items = Json::array();
    for (const auto& d : page.items) {
        items.push_back(DossierSummaryJson(d));
    }
    return JsonOk(
        {{"items", items}, {"total", page.total}, {"limit", f.limit}, {"offset", f.offset}});
}

template <class F>
Handler Bind(Api& api, F f) {
    return [&api, f](Request& request) {
        return f(api, request);
    };
}

}  // namespace

void AddQueryRoutes(Router& router, Api& api) {
    const auto add = [&router](std::string pattern, Handler handler, Access access) {
        Route route;
        route.method = "GET";
        route.pattern = std::move(pattern);
        route.handler = std::move(handler);
        route.access = access;
        router.Add(std::move(route));
    };
    add("/api/catalog/procedures", Bind(api, SearchProcedures), Access::kPublic);
    add("/api/catalog/procedures/{code}/versions", Bind(api, ProcedureVersions), Access::kPublic);
    add("/api/catalog/decisions", Bind(api, Decisions), Access::kPublic);
    add("/api/agencies", Bind(api, Agencies), Access::kPublic);
    add("/api/dossiers", Bind(api, ListDossiers), Access::kAuthenticated);
}

}  // namespace motcua::http
