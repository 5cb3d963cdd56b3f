// GET /api/dossiers/{code}/documents/{kind}.pdf: the forms of TT 01/2018 and TT 03/2025 as PDF,
// only where the dossier's state makes the document meaningful.
#include <map>

#include "core/calendar/civil_time.hpp"
#include "core/workflow/documents.hpp"
#include "http/api.hpp"

namespace motcua::http {

namespace wf = core::workflow;

namespace {

// Name and parent name of every agency, and the province's place name ("tỉnh …") from the root.
struct AgencyNames {
    std::map<std::string, std::pair<std::string, std::string>, std::less<>> by_code;
    std::string province;

    wf::DocumentAgency Of(std::string_view code) const {
        const auto it = by_code.find(code);
        if (it == by_code.end()) {
            return {std::string(code), ""};
        }
        const auto parent = by_code.find(it->second.second);
        return {it->second.first, parent == by_code.end() ? "" : parent->second.first};
    }
};

Result<AgencyNames> LoadAgencyNames(Api& api) {
    MOTCUA_ASSIGN_OR_RETURN(const auto tree, api.catalog.AgencyTree());
    AgencyNames names;
    for (const auto& node : tree) {
        names.by_code[node.agency.code] = {node.agency.name, node.parent_code};
        if (node.depth == 0 && names.province.empty()) {
            std::string name = node.agency.name;
            for (const std::string_view prefix : {"UBND ", "Ủy ban nhân dân "}) {
                if (name.starts_with(prefix)) {
                    name = name.substr(prefix.size());
                }
            }
            names.province = name;
        }
    }
    return names;
}

Result<Response> Document(Api& api, const Request& request) {
    const std::string_view file = request.Param("file");
    constexpr std::string_view kSuffix = ".pdf";
    if (!file.ends_with(kSuffix)) {
        return Fail(ErrorCode::kNotFound, "documents are served as .pdf", "tài liệu có dạng .pdf");
    }
    auto kind = wf::ParseDocumentKind(file.substr(0, file.size() - kSuffix.size()));
    if (!kind) {
        return Fail(ErrorCode::kNotFound, kind.error().message, kind.error().message_vi);
    }
    const wf::Actor& actor = request.caller->actor;
    MOTCUA_ASSIGN_OR_RETURN(wf::Dossier dossier,
                            api.dossiers.GetByCode(actor, request.Param("code")));
    MOTCUA_TRY(wf::DocumentAvailable(*kind, dossier));
    wf::DocumentInput input;
    MOTCUA_ASSIGN_OR_RETURN(input.events, api.dossiers.History(actor, dossier.id));
    MOTCUA_ASSIGN_OR_RETURN(input.procedure, api.directory.Version(dossier.procedure_version));
    MOTCUA_ASSIGN_OR_RETURN(const AgencyNames names, LoadAgencyNames(api));
    input.receiving_agency = names.Of(dossier.agency_code);
    input.handling_agency = names.Of(
        dossier.handling_agency_code.empty() ? dossier.agency_code : dossier.handling_agency_code);
    input.province_name = names.province;
    for (const auto& step : dossier.steps) {
        input.agency_names[step.agency_code] = names.Of(step.agency_code).name;
    }
    input.tracking_url =
        wf::TrackingUrl(api.public_base_url, dossier.code, dossier.verification_key);
    // The fallback signer (an event without an actor name) is the staff member printing the
    // form; an applicant downloading the notices addressed to them never signs as the agency.
    if (actor.role != wf::Role::kCitizen) {
        input.officer_name = request.caller->display_name;
    }
    input.printed_at = core::calendar::ToLocal(api.clock.Now());
    input.dossier = std::move(dossier);
    auto pdf = api.documents.Render(*kind, input);
    if (!pdf && pdf.error().code == ErrorCode::kInvalidArgument) {
        // The stored record lacks what the form prints: our data, not the caller's request.
        Error e = pdf.error();
        e.code = ErrorCode::kInternal;
        return tl::unexpected(std::move(e));
    }
    if (!pdf) {
        return tl::unexpected(pdf.error());
    }
    Response r;
    r.content_type = "application/pdf";
    r.body = std::move(*pdf);
    r.headers.emplace_back(
        "Content-Disposition",
        "inline; filename=\"" + input.dossier.code + "-" + std::string(file) + "\"");
    r.headers.emplace_back("Cache-Control", "private, no-store");
    return r;
}

}  // namespace

void AddDocumentRoutes(Router& router, Api& api) {
    Route route;
    route.method = "GET";
    route.pattern = "/api/dossiers/{code}/documents/{file}";
    route.handler = [&api](Request& r) {
        return Document(api, r);
    };
    route.dispatch = Dispatch::kWorker;  // rendering takes ~10 ms
    router.Add(std::move(route));
}

}  // namespace motcua::http
