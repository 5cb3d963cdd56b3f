// Drafts of online submissions (hồ sơ đang soạn): create, list, read, autosave (If-Match
// versions, 409 when stale), delete; and the link from a submission to the draft it came from.
// The rules are core::drafts::DraftService's; this file only translates HTTP.
#include <map>

#include <fmt/format.h>

#include "core/calendar/civil_time.hpp"
#include "http/api.hpp"
#include "http/error_mapping.hpp"
#include "http/params.hpp"

namespace motcua::http {

namespace cal = core::calendar;
namespace wf = core::workflow;
using core::drafts::DraftContent;
using core::ports::Draft;
using core::ports::DraftId;

namespace {

Result<core::drafts::DraftService*> Service(Api& api) {
    if (api.drafts == nullptr) {
        return Fail(ErrorCode::kUnavailable,
                    "drafts are not enabled on this server",
                    "Hệ thống chưa hỗ trợ lưu hồ sơ đang soạn");
    }
    return api.drafts;
}

std::string FormatInstant(Instant t) {
    return cal::FormatDateTime(cal::ToLocal(t));
}

// The summary of a draft (lists); `procedure_name` from the catalog, empty when unknown.
Json SummaryJson(const Draft& d, const std::string& procedure_name) {
    return {{"id", d.id.value()},
            {"procedure_code", d.procedure_code},
            {"procedure_name", procedure_name},
            {"agency_code", d.agency_code},
            {"attachments", d.attachments},
            {"version", d.version},
            {"status", d.submitted() ? "submitted" : "open"},
            {"dossier_code", d.submitted() ? Json(d.dossier_code) : Json(nullptr)},
            {"submitted_at", d.submitted_at ? Json(FormatInstant(*d.submitted_at)) : Json(nullptr)},
            {"created_at", FormatInstant(d.created_at)},
            {"updated_at", FormatInstant(d.updated_at)},
            {"expires_at", FormatInstant(d.expires_at)}};
}

std::string ProcedureName(Api& api, const std::string& code) {
    const cal::LocalDate today =
        std::chrono::floor<std::chrono::days>(cal::ToLocal(api.clock.Now()));
    auto version = api.directory.VersionInForce(code, today);
    return version ? version->name : std::string();
}

// The whole draft with its answers, 200 or 201, with its version as ETag.
Response DraftResponse(Api& api, int status, const Draft& d) {
    Json body = SummaryJson(d, ProcedureName(api, d.procedure_code));
    body["answers"] = d.answers;
    Response r = Response::Json(status, Dump(body));
    r.headers.emplace_back("ETag", fmt::format("\"{}\"", d.version));
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

// agency_code, answers (a JSON object as text) and attachments of a body.
Result<DraftContent> ParseContent(const Json& body, bool answers_required) {
    DraftContent c;
    MOTCUA_ASSIGN_OR_RETURN(const auto agency, OptionalString(body, "agency_code"));
    c.agency_code = agency.value_or("");
    if (answers_required) {
        MOTCUA_ASSIGN_OR_RETURN(c.answers, RequiredString(body, "answers"));
    } else {
        MOTCUA_ASSIGN_OR_RETURN(const auto answers, OptionalString(body, "answers"));
        c.answers = answers.value_or("{}");
    }
    MOTCUA_ASSIGN_OR_RETURN(c.attachments, StringArray(body, "attachments"));
    return c;
}

// The answers are the client's JSON object, kept verbatim; checked only for form (and size, by
// the service: a body too large is 413 before anything else).
Result<void> CheckAnswers(const DraftContent& c, const core::drafts::DraftPolicy& policy) {
    if (c.answers.size() > policy.max_answers_bytes) {
        return {};  // the service gives the size error
    }
    auto parsed = ParseJsonObject(c.answers);
    if (!parsed) {
        return Fail(ErrorCode::kInvalidArgument,
                    "'answers' must hold a JSON object as text: " + parsed.error().message,
                    "Nội dung hồ sơ đang soạn không đúng định dạng",
                    "answers");
    }
    return {};
}

// Answers over the limit are 413, like any other body too large.
Result<Response> TooLargeAs413(Result<Response> r, const Request& request) {
    if (!r && r.error().code == ErrorCode::kOutOfRange && r.error().field == "answers") {
        const Error& e = r.error();
        return Problem(
            HttpProblem::kPayloadTooLarge,
            request,
            LocaleOf(request) == Locale::kEn || e.message_vi.empty() ? e.message : e.message_vi);
    }
    return r;
}

Result<Response> CreateDraft(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(core::drafts::DraftService * drafts, Service(api));
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    MOTCUA_ASSIGN_OR_RETURN(const std::string procedure, RequiredString(body, "procedure_code"));
    MOTCUA_ASSIGN_OR_RETURN(DraftContent content, ParseContent(body, false));
    MOTCUA_TRY(CheckAnswers(content, drafts->policy()));
    MOTCUA_ASSIGN_OR_RETURN(const Draft d,
                            drafts->Create(request.caller->actor, procedure, std::move(content)));
    Response r = DraftResponse(api, 201, d);
    r.headers.emplace_back("Location", "/api/drafts/" + d.id.value());
    return r;
}

Result<Response> ListDrafts(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(core::drafts::DraftService * drafts, Service(api));
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<Draft> list, drafts->ListOpen(request.caller->actor));
    std::map<std::string, std::string> names;
    Json items = Json::array();
    for (const Draft& d : list) {
        auto [it, added] = names.try_emplace(d.procedure_code);
        if (added) {
            it->second = ProcedureName(api, d.procedure_code);
        }
        items.push_back(SummaryJson(d, it->second));
    }
    Response r = JsonOk({{"items", items}, {"limit", drafts->policy().max_open_per_account}});
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

Result<Response> GetDraft(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(core::drafts::DraftService * drafts, Service(api));
    MOTCUA_ASSIGN_OR_RETURN(
        const Draft d,
        drafts->Get(request.caller->actor, DraftId{std::string(request.Param("id"))}));
    return DraftResponse(api, 200, d);
}

Result<Response> SaveDraft(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(core::drafts::DraftService * drafts, Service(api));
    const DraftId id{std::string(request.Param("id"))};
    const wf::Actor& actor = request.caller->actor;
    // Whose draft it is comes first, as on the other routes: another's (or none) answers 404
    // whatever the body says.
    MOTCUA_ASSIGN_OR_RETURN(const Draft current, drafts->Get(actor, id));
    MOTCUA_ASSIGN_OR_RETURN(const Json body, JsonBody(request));
    MOTCUA_ASSIGN_OR_RETURN(DraftContent content, ParseContent(body, true));
    MOTCUA_ASSIGN_OR_RETURN(
        const auto expected,
        IfMatchVersion(request, 1, "the draft version", "phiên bản hồ sơ đang soạn"));
    MOTCUA_ASSIGN_OR_RETURN(const auto procedure, OptionalString(body, "procedure_code"));
    if (procedure) {
        // The procedure is fixed: naming another one is a mistake, not a change.
        if (current.procedure_code != *procedure) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("the draft is for procedure {}; it cannot change",
                                    current.procedure_code),
                        "Không đổi được thủ tục của hồ sơ đang soạn",
                        "procedure_code");
        }
    }
    MOTCUA_TRY(CheckAnswers(content, drafts->policy()));
    MOTCUA_ASSIGN_OR_RETURN(const Draft d, drafts->Update(actor, id, std::move(content), expected));
    return DraftResponse(api, 200, d);
}

Result<Response> DeleteDraft(Api& api, const Request& request) {
    MOTCUA_ASSIGN_OR_RETURN(core::drafts::DraftService * drafts, Service(api));
    MOTCUA_ASSIGN_OR_RETURN(
        const auto expected,
        IfMatchVersion(request, 1, "the draft version", "phiên bản hồ sơ đang soạn"));
    MOTCUA_TRY(
        drafts->Delete(request.caller->actor, DraftId{std::string(request.Param("id"))}, expected));
    return Response::NoContent();
}

}  // namespace

Result<std::optional<DraftId>> DraftOfSubmission(Api& api,
                                                 const Request& request,
                                                 const Json& body,
                                                 wf::Submission& submission) {
    MOTCUA_ASSIGN_OR_RETURN(const auto text, OptionalString(body, "draft_id"));
    if (!text) {
        return std::optional<DraftId>{};
    }
    MOTCUA_ASSIGN_OR_RETURN(core::drafts::DraftService * drafts, Service(api));
    DraftId id{*text};
    MOTCUA_TRY(drafts->ForSubmission(request.caller->actor, id, submission.procedure_code));
    submission.idempotency_key = core::drafts::DraftIdempotencyKey(id);
    return std::optional<DraftId>(std::move(id));
}

Result<void> MarkDraftSubmitted(Api& api,
                                const Request& request,
                                const std::optional<DraftId>& id,
                                const wf::Dossier& dossier) {
    if (!id) {
        return {};
    }
    MOTCUA_ASSIGN_OR_RETURN(core::drafts::DraftService * drafts, Service(api));
    MOTCUA_TRY(drafts->MarkSubmitted(request.caller->actor, *id, dossier));
    return {};
}

void AddDraftRoutes(Router& router, Api& api) {
    const auto add = [&](std::string method,
                         std::string pattern,
                         Result<Response> (*handler)(Api&, const Request&),
                         Dispatch dispatch) {
        Route route;
        route.method = std::move(method);
        route.pattern = std::move(pattern);
        route.handler = [&api, handler](Request& r) {
            return TooLargeAs413(handler(api, r), r);
        };
        route.dispatch = dispatch;
        router.Add(std::move(route));
    };
    add("POST", "/api/drafts", CreateDraft, Dispatch::kWorker);
    add("GET", "/api/drafts", ListDrafts, Dispatch::kWorker);
    add("GET", "/api/drafts/{id}", GetDraft, Dispatch::kInline);
    add("PUT", "/api/drafts/{id}", SaveDraft, Dispatch::kWorker);
    add("DELETE", "/api/drafts/{id}", DeleteDraft, Dispatch::kWorker);
}

}  // namespace motcua::http
