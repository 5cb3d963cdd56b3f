#include "core/workflow/documents.hpp"

#include <optional>
#include <string>

#include <fmt/format.h>

#include "common/enum_names.hpp"

namespace motcua::core::workflow {
namespace {

constexpr std::array<NamedValue<DocumentKind>, 6> kDocumentNames = {{
    {DocumentKind::kReceipt, "receipt"},
    {DocumentKind::kSupplementRequest, "supplement-request"},
    {DocumentKind::kRefusal, "refusal"},
    {DocumentKind::kApology, "apology"},
    {DocumentKind::kStopNotice, "stop-notice"},
    {DocumentKind::kControlSlip, "control-slip"},
}};

// What is missing, in both languages, when the document is not available.
struct Missing {
    std::string_view en;
    std::string_view vi;
};

// Why `kind` is meaningless for `d`, or nothing when it is meaningful.
std::optional<Missing> WhyNot(DocumentKind kind, const Dossier& d) {
    switch (kind) {
        case DocumentKind::kReceipt:
        case DocumentKind::kControlSlip:
            if (!d.received_at.has_value()) {
                return Missing{"the dossier has not been received", "hồ sơ chưa được tiếp nhận"};
            }
            return std::nullopt;
        case DocumentKind::kSupplementRequest:
            if (d.supplement_requests == 0) {
                return Missing{"no supplement was requested",
                               "hồ sơ không có yêu cầu bổ sung, hoàn thiện"};
            }
            return std::nullopt;
        case DocumentKind::kRefusal:
            if (d.status != DossierStatus::kRefused) {
                return Missing{"the dossier was not refused", "hồ sơ không bị từ chối"};
            }
            return std::nullopt;
        case DocumentKind::kApology:
            if (!d.apology_issued) {
                return Missing{"no apology with a new appointment was issued",
                               "hồ sơ chưa có văn bản xin lỗi và hẹn lại ngày trả kết quả"};
            }
            return std::nullopt;
        case DocumentKind::kStopNotice:
            if (d.status != DossierStatus::kStopped) {
                return Missing{"processing of the dossier was not stopped",
                               "hồ sơ không bị dừng giải quyết"};
            }
            return std::nullopt;
    }
    return Missing{"unknown document", "loại văn bản không hợp lệ"};
}

std::string PercentEncode(std::string_view text) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                                byte == '_' || byte == '~';
        if (unreserved) {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4U];
            out += kHex[byte & 0xFU];
        }
    }
    return out;
}

}  // namespace

std::string_view DocumentKindName(DocumentKind kind) {
    return NameOf(kDocumentNames, kind);
}

Result<DocumentKind> ParseDocumentKind(std::string_view name) {
    return ParseName(kDocumentNames, name, "document");
}

std::string_view DocumentTitleVi(DocumentKind kind) {
    switch (kind) {
        case DocumentKind::kReceipt:
            return "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ";
        case DocumentKind::kSupplementRequest:
            return "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ";
        case DocumentKind::kRefusal:
            return "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ";
        case DocumentKind::kApology:
            return "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ";
        case DocumentKind::kStopNotice:
            return "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ";
        case DocumentKind::kControlSlip:
            return "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ";
    }
    return "";
}

std::string DocumentFormVi(DocumentKind kind, std::string_view rule_set) {
    // Form numbers: TT 01/2018/TT-VPCP Đ9 (six forms), TT 03/2025/TT-VPCP Phụ lục I (seven).
    int number = 0;
    std::string_view circular;
    if (rule_set == "NĐ 61/2018") {
        circular = "Thông tư 01/2018/TT-VPCP";
        switch (kind) {
            case DocumentKind::kReceipt:
                number = 1;
                break;
            case DocumentKind::kSupplementRequest:
                number = 2;
                break;
            case DocumentKind::kRefusal:
                number = 3;
                break;
            case DocumentKind::kApology:
                number = 4;
                break;
            case DocumentKind::kStopNotice:
                number = 0;
                break;
            case DocumentKind::kControlSlip:
                number = 5;
                break;
        }
    } else if (rule_set == "NĐ 118/2025") {
        circular = "Thông tư 03/2025/TT-VPCP";
        number = static_cast<int>(kind) + 1;
    }
    if (number == 0) {
        return {};
    }
    return fmt::format("Mẫu số {:02} – {}", number, circular);
}

Result<void> DocumentAvailable(DocumentKind kind, const Dossier& dossier) {
    const std::optional<Missing> missing = WhyNot(kind, dossier);
    if (!missing.has_value()) {
        return {};
    }
    const int status = static_cast<int>(dossier.status);
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("no {} for dossier {}: {} (status {} {})",
                            DocumentKindName(kind),
                            dossier.code,
                            missing->en,
                            status,
                            StatusName(dossier.status)),
                fmt::format("không có \"{}\" cho hồ sơ {}: {} (trạng thái {} – {})",
                            DocumentTitleVi(kind),
                            dossier.code,
                            missing->vi,
                            status,
                            StatusNameVi(dossier.status)),
                "document");
}

std::string TrackingUrl(std::string_view base, std::string_view code, std::string_view key) {
    if (base.ends_with('/')) {
        base.remove_suffix(1);
    }
    return fmt::format("{}/tra-cuu?ma={}&key={}", base, PercentEncode(code), PercentEncode(key));
}

std::vector<DocumentKind> AvailableDocuments(const Dossier& dossier) {
    std::vector<DocumentKind> kinds;
    for (const DocumentKind kind : kAllDocumentKinds) {
        if (!WhyNot(kind, dossier).has_value()) {
            kinds.push_back(kind);
        }
    }
    return kinds;
}

}  // namespace motcua::core::workflow
