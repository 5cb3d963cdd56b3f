// Uploads (multipart, streamed to disk, type checked by content) and downloads of attachments.
#include <fmt/format.h>

#include "core/workflow/attachments.hpp"
#include "http/api.hpp"
#include "http/error_mapping.hpp"
#include "http/multipart.hpp"

namespace motcua::http {

namespace wf = core::workflow;

namespace {

constexpr std::int64_t kMaxDownload = 64LL * 1024 * 1024;

std::string PercentEncode(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
            c == '.' || c == '-' || c == '_') {
            out += c;
        } else {
            out += fmt::format("%{:02X}", u);
        }
    }
    return out;
}

Result<Response> Upload(Api& api, const Request& request) {
    // Files serve submissions and supplements: the applicant's side and the agencies' staff.
    // The auditor only reads; administrators and the province's controllers do not process
    // dossiers.
    MOTCUA_TRY(RequireRole(request,
                           {wf::Role::kCitizen,
                            wf::Role::kOneStopOfficer,
                            wf::Role::kSpecialist,
                            wf::Role::kAgencyLeader}));
    const auto type = request.Header("content-type");
    if (request.upload_file.empty() || !type) {
        return Problem(HttpProblem::kUnsupportedMediaType,
                       request,
                       LocaleOf(request) == Locale::kEn
                           ? "send the files as multipart/form-data"
                           : "Hãy gửi tệp dưới dạng multipart/form-data");
    }
    auto form = ParseMultipart(request.upload_file, *type);
    if (!form) {
        const Error& e = form.error();
        const std::string_view detail =
            LocaleOf(request) == Locale::kEn || e.message_vi.empty() ? e.message : e.message_vi;
        if (IsUnsupportedContent(e)) {
            return Problem(HttpProblem::kUnsupportedMediaType, request, detail);
        }
        if (e.code == ErrorCode::kOutOfRange) {
            return Problem(HttpProblem::kPayloadTooLarge, request, detail);
        }
        return tl::unexpected(e);
    }
    if (form->files.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "no file in the upload",
                    "Không có tệp nào được gửi lên",
                    "file");
    }
    const wf::Actor& actor = request.caller->actor;
    Json items = Json::array();
    for (std::size_t i = 0; i < form->files.size(); ++i) {
        const UploadedFile& f = form->files[i];
        core::ports::AttachmentMeta meta;
        meta.sha256 = f.sha256;
        meta.size = static_cast<std::int64_t>(f.size);
        meta.content_type = f.content_type;
        meta.name = f.display_name;
        meta.uploaded_by = actor.user;
        meta.uploader_agency = actor.agency_code;
        MOTCUA_ASSIGN_OR_RETURN(const core::ports::AttachmentMeta stored,
                                api.attachments.Put(f.temp_path, meta));
        form->Release(i);
        items.push_back({{"sha256", stored.sha256},
                         {"size", stored.size},
                         {"content_type", stored.content_type},
                         {"name", stored.name}});
    }
    return Response::Json(201, Dump({{"items", items}}));
}

// The file when the caller uploaded it, serves its uploader's agency, or may see a dossier that
// carries it; otherwise 404, the same as unknown content.
Result<Response> Download(Api& api, const Request& request) {
    const std::string_view sha = request.Param("sha256");
    const auto not_found = [] {
        return Fail(ErrorCode::kNotFound, "no such file", "không tìm thấy tệp");
    };
    if (!wf::IsSha256Hex(sha)) {
        return not_found();
    }
    const wf::Actor& actor = request.caller->actor;
    std::vector<std::string> scope;
    if (!actor.agency_code.empty()) {
        MOTCUA_ASSIGN_OR_RETURN(scope, api.directory.Subtree(actor.agency_code));
    }
    auto uploads = api.attachments.Uploads(sha);
    if (!uploads) {
        return uploads.error().code == ErrorCode::kNotFound ? not_found()
                                                            : tl::unexpected(uploads.error());
    }
    bool allowed = false;
    for (const auto& upload : *uploads) {
        allowed = allowed || wf::MayUseUpload(actor, scope, upload);
    }
    if (!allowed) {
        MOTCUA_ASSIGN_OR_RETURN(const auto dossiers, api.attachments.DossiersWith(sha));
        for (const auto id : dossiers) {
            if (api.dossiers.Get(actor, id)) {
                allowed = true;
                break;
            }
        }
    }
    if (!allowed || uploads->empty()) {
        return not_found();
    }
    MOTCUA_ASSIGN_OR_RETURN(std::string bytes, api.attachments.ReadAll(sha, kMaxDownload));
    Response r;
    r.content_type = uploads->front().content_type;
    r.body = std::move(bytes);
    r.headers.emplace_back("Content-Disposition",
                           "attachment; filename*=UTF-8''" + PercentEncode(uploads->front().name));
    r.headers.emplace_back("Cache-Control", "private, max-age=3600");
    return r;
}

}  // namespace

void AddAttachmentRoutes(Router& router, Api& api) {
    Route upload;
    upload.method = "POST";
    upload.pattern = "/api/attachments";
    upload.handler = [&api](Request& r) {
        return Upload(api, r);
    };
    upload.dispatch = Dispatch::kWorker;
    upload.multipart = true;
    router.Add(std::move(upload));

    Route download;
    download.method = "GET";
    download.pattern = "/api/attachments/{sha256}";
    download.handler = [&api](Request& r) {
        return Download(api, r);
    };
    download.dispatch = Dispatch::kWorker;
    router.Add(std::move(download));
}

}  // namespace motcua::http
