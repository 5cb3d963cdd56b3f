#include "http/error_mapping.hpp"

#include <nlohmann/json.hpp>

namespace motcua::http {
namespace {

struct ProblemType {
    int status;
    std::string_view slug;  // "/problems/<slug>"
    std::string_view title_en;
    std::string_view title_vi;
};

ProblemType TypeOf(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return {400, "invalid-argument", "Invalid input", "Dữ liệu không hợp lệ"};
        case ErrorCode::kOutOfRange:
            return {400, "out-of-range", "Value out of range", "Giá trị ngoài phạm vi"};
        case ErrorCode::kNotFound:
            return {404, "not-found", "Not found", "Không tìm thấy"};
        case ErrorCode::kAlreadyExists:
            return {409, "already-exists", "Already exists", "Đã tồn tại"};
        case ErrorCode::kConflict:
            return {409, "conflict", "Changed by someone else", "Dữ liệu đã bị thay đổi"};
        case ErrorCode::kFailedPrecondition:
            return {409,
                    "not-allowed-now",
                    "Not allowed in the current state",
                    "Không thực hiện được ở trạng thái hiện tại"};
        case ErrorCode::kPermissionDenied:
            return {403, "forbidden", "Not permitted", "Không có quyền"};
        case ErrorCode::kUnavailable:
            return {503, "unavailable", "Temporarily unavailable", "Tạm thời không phục vụ được"};
        case ErrorCode::kInternal:
            break;
    }
    return {500, "internal", "Internal error", "Lỗi hệ thống"};
}

ProblemType TypeOf(HttpProblem problem) {
    switch (problem) {
        case HttpProblem::kUnauthenticated:
            return {401, "unauthenticated", "Sign-in required", "Cần đăng nhập"};
        case HttpProblem::kCsrfRejected:
            return {403, "csrf", "Missing or wrong CSRF token", "Thiếu hoặc sai mã chống giả mạo"};
        case HttpProblem::kRouteNotFound:
            return {404, "not-found", "Not found", "Không tìm thấy"};
        case HttpProblem::kMethodNotAllowed:
            return {
                405, "method-not-allowed", "Method not allowed", "Phương thức không được hỗ trợ"};
        case HttpProblem::kPayloadTooLarge:
            return {413, "payload-too-large", "Request body too large", "Dữ liệu gửi lên quá lớn"};
        case HttpProblem::kHeaderTooLarge:
            return {
                431, "header-too-large", "Request headers too large", "Phần đầu yêu cầu quá lớn"};
        case HttpProblem::kUnsupportedMediaType:
            return {415,
                    "unsupported-media-type",
                    "Unsupported content type",
                    "Định dạng dữ liệu không được chấp nhận"};
        case HttpProblem::kTooManyRequests:
            return {429,
                    "too-many-requests",
                    "Too many requests",
                    "Quá nhiều yêu cầu, vui lòng thử lại sau"};
        case HttpProblem::kBadRequest:
            return {400, "bad-request", "Malformed request", "Yêu cầu không đúng định dạng"};
        case HttpProblem::kShuttingDown:
            return {503, "shutting-down", "Server is restarting", "Hệ thống đang khởi động lại"};
    }
    return {500, "internal", "Internal error", "Lỗi hệ thống"};
}

Response Build(const ProblemType& type,
               const Request& request,
               std::string_view detail,
               std::string_view code,
               std::string_view field) {
    const bool en = LocaleOf(request) == Locale::kEn;
    nlohmann::json body = {
        {"type", "/problems/" + std::string(type.slug)},
        {"title", en ? type.title_en : type.title_vi},
        {"status", type.status},
        {"instance", request.path},
        {"request_id", request.request_id},
    };
    if (!detail.empty()) {
        body["detail"] = detail;
    }
    if (!code.empty()) {
        body["code"] = code;
    }
    if (!field.empty()) {
        body["field"] = field;
    }
    Response r = Response::Json(
        type.status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    r.content_type = "application/problem+json";
    return r;
}

}  // namespace

Locale LocaleOf(const Request& request) {
    const auto lang = request.Header("accept-language");
    if (lang && lang->size() >= 2 && (*lang)[0] == 'e' && (*lang)[1] == 'n') {
        return Locale::kEn;
    }
    return Locale::kVi;
}

int StatusOf(ErrorCode code) {
    return TypeOf(code).status;
}

int StatusOf(HttpProblem problem) {
    return TypeOf(problem).status;
}

Response Problem(const Error& error, const Request& request) {
    const ProblemType type = TypeOf(error.code);
    std::string_view detail;
    if (error.code != ErrorCode::kInternal) {
        const bool en = LocaleOf(request) == Locale::kEn;
        detail = en || error.message_vi.empty() ? error.message : error.message_vi;
    }
    return Build(type, request, detail, ErrorCodeName(error.code), error.field);
}

Response Problem(HttpProblem problem, const Request& request, std::string_view detail) {
    return Build(TypeOf(problem), request, detail, {}, {});
}

}  // namespace motcua::http
