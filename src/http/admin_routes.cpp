// The administration of the reference data: publishing a decision with new and amended
// procedure versions, saving a version of an internal process, and an agency's own calendar
// entries. Writes are for administrators only (403 for every other role); the reads are public
// like the rest of the catalog.
#include <fmt/format.h>

#include "core/calendar/civil_time.hpp"
#include "core/catalog/procedure.hpp"
#include "http/api.hpp"
#include "http/dto.hpp"
#include "http/params.hpp"

namespace motcua::http {

namespace wf = core::workflow;
namespace cal = core::calendar;
namespace cat = core::catalog;
using wf::Role;

namespace {

Result<core::ports::CatalogAdmin*> AdminOf(Api& api) {
    if (api.catalog_admin == nullptr) {
        return Fail(ErrorCode::kUnavailable, "catalog administration is not configured");
    }
    return api.catalog_admin;
}

Result<void> RequireAdministrator(const Request& request) {
    return RequireRole(request, {Role::kAdministrator});
}

std::string At(std::string_view path, std::size_t index) {
    return fmt::format("{}[{}]", path, index);
}

// A date field "YYYY-MM-DD" of `object`.
Result<cal::LocalDate> DateField(const Json& object, std::string_view key, std::string_view path) {
    MOTCUA_ASSIGN_OR_RETURN(const std::string text, RequiredString(object, key, path));
    const std::string field = path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
    auto date = cal::ParseDate(text);
    if (!date) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("field '{}' must be a date YYYY-MM-DD", field),
                    fmt::format("Trường '{}' phải là ngày dạng YYYY-MM-DD", field),
                    field);
    }
    return *date;
}

// A procedure version's content in the shape of ProcedureJson (id, version, decision and dates
// are the publication's, not the client's). Type errors name the field under `path`.
Result<cat::ProcedureVersion> ParseVersion(const Json& j, std::string_view path) {
    cat::ProcedureVersion v;
    const auto text = [&](std::string_view key, std::string& out) -> Result<void> {
        MOTCUA_ASSIGN_OR_RETURN(const auto value, OptionalString(j, key, path));
        out = value.value_or("");
        return {};
    };
    MOTCUA_TRY(text("code", v.code));
    MOTCUA_ASSIGN_OR_RETURN(v.name, RequiredString(j, "name", path));
    MOTCUA_TRY(text("sector_code", v.sector_code));
    MOTCUA_ASSIGN_OR_RETURN(v.sector_name, RequiredString(j, "sector_name", path));
    const std::string prefix = fmt::format("{}.", path);
    MOTCUA_ASSIGN_OR_RETURN(const std::string level, RequiredString(j, "level", path));
    MOTCUA_ASSIGN_OR_RETURN(v.level, AtField(cat::ParseProcedureLevel(level), prefix + "level"));
    MOTCUA_TRY(text("implementing_agency", v.implementing_agency));
    MOTCUA_TRY(text("competent_agency", v.competent_agency));
    MOTCUA_TRY(text("steps", v.steps));
    MOTCUA_TRY(text("subjects", v.subjects));
    MOTCUA_TRY(text("requirements", v.requirements));
    MOTCUA_TRY(text("legal_basis", v.legal_basis));
    MOTCUA_TRY(text("result", v.result));
    MOTCUA_ASSIGN_OR_RETURN(const std::int64_t deadline, RequiredInt(j, "deadline", path));
    if (deadline < 0 || deadline > 3650) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the deadline must be from 0 to 3650",
                    "thời hạn giải quyết phải từ 0 đến 3650",
                    prefix + "deadline");
    }
    v.deadline = static_cast<int>(deadline);
    MOTCUA_ASSIGN_OR_RETURN(const std::string unit, RequiredString(j, "deadline_unit", path));
    MOTCUA_ASSIGN_OR_RETURN(v.deadline_unit,
                            AtField(cat::ParseDurationUnit(unit), prefix + "deadline_unit"));
    MOTCUA_ASSIGN_OR_RETURN(const auto online, OptionalString(j, "online_level", path));
    if (online) {
        MOTCUA_ASSIGN_OR_RETURN(v.online_level,
                                AtField(cat::ParseOnlineLevel(*online), prefix + "online_level"));
    }
    MOTCUA_ASSIGN_OR_RETURN(const auto postal, OptionalBool(j, "postal", path));
    v.postal = postal.value_or(false);
    const std::string components_path = prefix + "components";
    MOTCUA_ASSIGN_OR_RETURN(const auto components, ObjectArray(j, "components", path));
    for (std::size_t i = 0; i < components.size(); ++i) {
        const Json& c = *components[i];
        const std::string at = At(components_path, i);
        cat::Component component;
        MOTCUA_ASSIGN_OR_RETURN(component.code, RequiredString(c, "code", at));
        MOTCUA_ASSIGN_OR_RETURN(component.name, RequiredString(c, "name", at));
        MOTCUA_ASSIGN_OR_RETURN(const auto required, OptionalBool(c, "required", at));
        component.required = required.value_or(true);
        MOTCUA_ASSIGN_OR_RETURN(const auto copies, OptionalInt(c, "copies", at));
        component.copies = static_cast<int>(std::clamp<std::int64_t>(copies.value_or(1), -1, 1000));
        MOTCUA_ASSIGN_OR_RETURN(const auto original, OptionalBool(c, "original", at));
        component.original = original.value_or(false);
        MOTCUA_ASSIGN_OR_RETURN(const auto template_url, OptionalString(c, "template_url", at));
        component.template_url = template_url.value_or("");
        v.components.push_back(std::move(component));
    }
    const std::string fees_path = prefix + "fees";
    MOTCUA_ASSIGN_OR_RETURN(const auto fees, ObjectArray(j, "fees", path));
    for (std::size_t i = 0; i < fees.size(); ++i) {
        const Json& f = *fees[i];
        const std::string at = At(fees_path, i);
        cat::Fee fee;
        MOTCUA_ASSIGN_OR_RETURN(fee.name, RequiredString(f, "name", at));
        MOTCUA_ASSIGN_OR_RETURN(fee.amount_vnd, RequiredInt(f, "amount_vnd", at));
        MOTCUA_ASSIGN_OR_RETURN(const auto description, OptionalString(f, "description", at));
        fee.description = description.value_or("");
        v.fees.push_back(std::move(fee));
    }
    return v;
}

// ---- Publication decisions ----------------------------------------------------------------

Result<cat::PublicationDecision> ParseDecision(Api& api, const Json& body) {
    cat::PublicationDecision d;
    MOTCUA_ASSIGN_OR_RETURN(d.number, RequiredString(body, "number"));
    if (d.number.empty() || d.number.size() > 100) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the decision number must have 1-100 characters",
                    "số quyết định phải có từ 1 đến 100 ký tự",
                    "number");
    }
    MOTCUA_ASSIGN_OR_RETURN(d.title, RequiredString(body, "title"));
    if (d.title.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the decision needs a title (trích yếu)",
                    "quyết định cần có trích yếu",
                    "title");
    }
    MOTCUA_ASSIGN_OR_RETURN(const auto issuer, OptionalString(body, "issuer"));
    d.issuer = issuer.value_or("Chủ tịch Ủy ban nhân dân tỉnh");
    MOTCUA_ASSIGN_OR_RETURN(d.signed_on, DateField(body, "signed_on", ""));
    MOTCUA_ASSIGN_OR_RETURN(d.effective_on, DateField(body, "effective_on", ""));
    MOTCUA_ASSIGN_OR_RETURN(const auto items, ObjectArray(body, "items"));
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Json& item = *items[i];
        const std::string at = At("items", i);
        cat::DecisionItem out;
        MOTCUA_ASSIGN_OR_RETURN(out.code, RequiredString(item, "code", at));
        MOTCUA_ASSIGN_OR_RETURN(const auto replaced, OptionalString(item, "replaced_code", at));
        out.replaced_code = replaced.value_or("");
        MOTCUA_ASSIGN_OR_RETURN(const auto kind, OptionalString(item, "kind", at));
        if (kind) {
            MOTCUA_ASSIGN_OR_RETURN(out.kind, AtField(cat::ParseChangeKind(*kind), at + ".kind"));
        } else {
            // As `motcua catalog import`: a code in force on the effective date is amended,
            // any other is new.
            auto in_force = api.directory.VersionInForce(out.code, d.effective_on);
            if (!in_force && in_force.error().code != ErrorCode::kNotFound) {
                return tl::unexpected(in_force.error());
            }
            out.kind = in_force ? cat::ChangeKind::kAmended : cat::ChangeKind::kNew;
        }
        MOTCUA_ASSIGN_OR_RETURN(const Json* version, OptionalObject(item, "version", at));
        if (version != nullptr) {
            MOTCUA_ASSIGN_OR_RETURN(out.version, ParseVersion(*version, at + ".version"));
            if (out.version->code.empty()) {
                out.version->code = out.code;
            }
        }
        d.items.push_back(std::move(out));
    }
    return d;
}

Result<Response> PublishDecision(Api& api, const Request& request) {
    MOTCUA_TRY(RequireAdministrator(request));
    MOTCUA_ASSIGN_OR_RETURN(core::ports::CatalogAdmin * admin, AdminOf(api));
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    MOTCUA_ASSIGN_OR_RETURN(const cat::PublicationDecision decision, ParseDecision(api, body));
    MOTCUA_TRY(admin->PublishDecision(decision));
    MOTCUA_ASSIGN_OR_RETURN(const cat::PublicationDecision stored,
                            api.catalog.Decision(decision.number));
    Json versions = Json::array();
    for (const cat::DecisionItem& item : stored.items) {
        if (item.version) {
            versions.push_back(ProcedureJson(*item.version));
        }
    }
    Response r = Response::Json(
        201, Dump({{"decision", DecisionJson(stored)}, {"versions", std::move(versions)}}));
    return r;
}

// ---- Internal processes -------------------------------------------------------------------

Json StepJson(const wf::ProcessStep& s) {
    return {{"name", s.name},
            {"role", wf::RoleName(s.role)},
            {"agency_code", s.agency_code},
            {"budget", s.budget},
            {"unit", cat::DurationUnitName(s.unit)}};
}

Json ProcessVersionJson(const core::ports::ProcessVersion& v) {
    Json steps = Json::array();
    for (const wf::ProcessStep& s : v.process.steps) {
        steps.push_back(StepJson(s));
    }
    return {{"procedure_code", v.process.procedure_code},
            {"agency_code", v.process.agency_code},
            {"version", v.version},
            {"applies_from", cal::FormatDateTime(v.applies_from)},
            {"saved_at", cal::FormatDateTime(v.saved_at)},
            {"saved_by", v.saved_by},
            {"steps", std::move(steps)}};
}

Result<std::vector<wf::ProcessStep>> ParseSteps(Api& api, const Json& body) {
    if (!body.contains("steps")) {
        return Fail(ErrorCode::kInvalidArgument,
                    "field 'steps' is required",
                    "Thiếu trường bắt buộc 'steps'",
                    "steps");
    }
    MOTCUA_ASSIGN_OR_RETURN(const auto items, ObjectArray(body, "steps"));
    std::vector<wf::ProcessStep> steps;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Json& j = *items[i];
        const std::string at = At("steps", i);
        wf::ProcessStep s;
        MOTCUA_ASSIGN_OR_RETURN(s.name, RequiredString(j, "name", at));
        MOTCUA_ASSIGN_OR_RETURN(const std::string role, RequiredString(j, "role", at));
        MOTCUA_ASSIGN_OR_RETURN(s.role, AtField(wf::ParseRole(role), at + ".role"));
        if (s.role != Role::kOneStopOfficer && s.role != Role::kSpecialist &&
            s.role != Role::kAgencyLeader) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("step {}: a step is taken by a one-stop officer, a specialist "
                                    "or an agency leader",
                                    i + 1),
                        fmt::format("bước {}: người thực hiện phải là cán bộ một cửa, chuyên viên "
                                    "hoặc lãnh đạo cơ quan",
                                    i + 1),
                        at + ".role");
        }
        MOTCUA_ASSIGN_OR_RETURN(const auto agency, OptionalString(j, "agency_code", at));
        s.agency_code = agency.value_or("");
        if (!s.agency_code.empty()) {
            MOTCUA_TRY(AtField(api.directory.AgencyByCode(s.agency_code), at + ".agency_code"));
        }
        MOTCUA_ASSIGN_OR_RETURN(const std::int64_t budget, RequiredInt(j, "budget", at));
        if (budget < 0 || budget > 100'000) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("step {}: the budget must be from 1 to 100000", i + 1),
                        fmt::format("bước {}: thời gian phải từ 1 đến 100000", i + 1),
                        at + ".budget");
        }
        s.budget = static_cast<int>(budget);
        MOTCUA_ASSIGN_OR_RETURN(const std::string unit, RequiredString(j, "unit", at));
        MOTCUA_ASSIGN_OR_RETURN(s.unit, AtField(cat::ParseDurationUnit(unit), at + ".unit"));
        steps.push_back(std::move(s));
    }
    return steps;
}

Result<Response> SaveProcess(Api& api, const Request& request) {
    MOTCUA_TRY(RequireAdministrator(request));
    MOTCUA_ASSIGN_OR_RETURN(core::ports::CatalogAdmin * admin, AdminOf(api));
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    wf::InternalProcess process;
    process.procedure_code = std::string(request.Param("procedure"));
    process.agency_code = std::string(request.Param("agency"));
    MOTCUA_ASSIGN_OR_RETURN(process.steps, ParseSteps(api, body));
    MOTCUA_ASSIGN_OR_RETURN(const core::ports::ProcessVersion saved,
                            admin->SaveProcessVersion(
                                process, cal::ToLocal(api.clock.Now()), request.caller->username));
    return JsonOk(ProcessVersionJson(saved));
}

Result<Response> ProcessVersions(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(core::ports::CatalogAdmin * admin, AdminOf(api));
    MOTCUA_ASSIGN_OR_RETURN(
        const auto versions,
        admin->ProcessVersions(request.Param("procedure"), request.Param("agency")));
    if (versions.empty()) {
        return Fail(ErrorCode::kNotFound,
                    "no internal process for this procedure at this agency",
                    "chưa có quy trình nội bộ cho thủ tục này tại cơ quan này");
    }
    Json items = Json::array();
    for (const auto& v : versions) {
        items.push_back(ProcessVersionJson(v));
    }
    return JsonOk({{"items", std::move(items)}});
}

// ---- Agency calendars ---------------------------------------------------------------------

Json EntriesJson(std::string_view agency_code, const std::vector<cal::CalendarEntry>& entries) {
    Json items = Json::array();
    for (const cal::CalendarEntry& e : entries) {
        items.push_back({{"date", cal::FormatDate(e.date)},
                         {"kind", cal::DayKindName(e.kind)},
                         {"name", e.name}});
    }
    return {{"agency_code", agency_code}, {"entries", std::move(items)}};
}

Result<Response> AgencyCalendar(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(const auto agency, api.directory.AgencyByCode(request.Param("code")));
    return JsonOk(EntriesJson(agency.code, agency.calendar_overrides));
}

Result<Response> SaveAgencyCalendar(Api& api, const Request& request) {
    MOTCUA_TRY(RequireAdministrator(request));
    MOTCUA_ASSIGN_OR_RETURN(core::ports::CatalogAdmin * admin, AdminOf(api));
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    if (!body.contains("entries")) {
        return Fail(ErrorCode::kInvalidArgument,
                    "field 'entries' is required",
                    "Thiếu trường bắt buộc 'entries'",
                    "entries");
    }
    MOTCUA_ASSIGN_OR_RETURN(const auto items, ObjectArray(body, "entries"));
    if (items.size() > 1000) {
        return Fail(
            ErrorCode::kInvalidArgument, "at most 1000 entries", "tối đa 1000 ngày", "entries");
    }
    std::vector<cal::CalendarEntry> entries;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Json& j = *items[i];
        const std::string at = At("entries", i);
        cal::CalendarEntry e;
        MOTCUA_ASSIGN_OR_RETURN(e.date, DateField(j, "date", at));
        MOTCUA_TRY(AtField(api.national_calendar->CheckCovered(e.date), at + ".date"));
        MOTCUA_ASSIGN_OR_RETURN(const std::string kind, RequiredString(j, "kind", at));
        MOTCUA_ASSIGN_OR_RETURN(e.kind, AtField(cal::ParseDayKind(kind), at + ".kind"));
        MOTCUA_ASSIGN_OR_RETURN(e.name, RequiredString(j, "name", at));
        if (e.name.empty() || e.name.size() > 200) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("entry {} needs a name (1-200 characters)", i + 1),
                        fmt::format("ngày thứ {} cần có tên (1-200 ký tự)", i + 1),
                        at + ".name");
        }
        entries.push_back(std::move(e));
    }
    const std::string code(request.Param("code"));
    MOTCUA_TRY(admin->SaveAgencyCalendar(code, entries));
    MOTCUA_ASSIGN_OR_RETURN(const auto agency, api.directory.AgencyByCode(code));
    return JsonOk(EntriesJson(agency.code, agency.calendar_overrides));
}

template <class F>
Handler Bind(Api& api, F f) {
    return [&api, f](Request& request) {
        return f(api, request);
    };
}

}  // namespace

void AddAdminRoutes(Router& router, Api& api) {
    const auto add = [&router](std::string method,
                               std::string pattern,
                               Handler handler,
                               Access access,
                               Dispatch dispatch) {
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
    add("POST", "/api/catalog/decisions", Bind(api, PublishDecision), auth, Dispatch::kWorker);
    add("PUT",
        "/api/processes/{procedure}/{agency}",
        Bind(api, SaveProcess),
        auth,
        Dispatch::kWorker);
    add("GET",
        "/api/processes/{procedure}/{agency}/versions",
        Bind(api, ProcessVersions),
        pub,
        Dispatch::kInline);
    add("GET", "/api/agencies/{code}/calendar", Bind(api, AgencyCalendar), pub, Dispatch::kInline);
    add("PUT",
        "/api/agencies/{code}/calendar",
        Bind(api, SaveAgencyCalendar),
        auth,
        Dispatch::kWorker);
}

}  // namespace motcua::http
