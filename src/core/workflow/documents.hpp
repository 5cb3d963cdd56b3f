// The documents a dossier can produce (TT 01/2018/TT-VPCP Mẫu 01–05, TT 03/2025/TT-VPCP Mẫu
// 01–06; spec §1.6) and the rule saying when each is meaningful. Rendering lives in render/;
// this is the pure rule the HTTP layer asks before rendering.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/catalog/procedure.hpp"
#include "core/workflow/dossier.hpp"

namespace motcua::core::workflow {

enum class DocumentKind {
    kReceipt,            // Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)
    kSupplementRequest,  // Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)
    kRefusal,            // Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu 03)
    kApology,            // Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)
    kStopNotice,         // Thông báo dừng giải quyết hồ sơ (TT 03/2025 Mẫu 05)
    kControlSlip,  // Phiếu kiểm soát quá trình giải quyết hồ sơ (TT 01 Mẫu 05, TT 03 Mẫu 06)
};

// Every kind, in the order above.
inline constexpr std::array<DocumentKind, 6> kAllDocumentKinds = {
    DocumentKind::kReceipt,
    DocumentKind::kSupplementRequest,
    DocumentKind::kRefusal,
    DocumentKind::kApology,
    DocumentKind::kStopNotice,
    DocumentKind::kControlSlip,
};

// The URL name: "receipt", "supplement-request", "refusal", "apology", "stop-notice",
// "control-slip" (GET /api/dossiers/{code}/documents/{name}.pdf).
std::string_view DocumentKindName(DocumentKind kind);

// The kind called `name` (one of the URL names above); kInvalidArgument (field "document")
// listing the accepted names otherwise.
[[nodiscard]] Result<DocumentKind> ParseDocumentKind(std::string_view name);

// The Vietnamese title printed on the form, in capitals ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT
// QUẢ", …).
std::string_view DocumentTitleVi(DocumentKind kind);

// The form the document follows under the dossier's rule set (RuleSet::name): "Mẫu số 01 –
// Thông tư 01/2018/TT-VPCP" for "NĐ 61/2018", "Mẫu số 01 – Thông tư 03/2025/TT-VPCP" for
// "NĐ 118/2025" (the stop notice is Mẫu 05 and the control slip Mẫu 06 there). Empty when the
// rule set has no such form (the stop notice under NĐ 61/2018) or is unknown.
std::string DocumentFormVi(DocumentKind kind, std::string_view rule_set);

// Whether the dossier's history makes the document meaningful:
//   receipt, control slip — the dossier was received (it has a reception time; a dossier
//                            refused or sent back for supplement before reception has none);
//   supplement request    — at least one supplement was requested (before or after reception);
//   refusal               — the dossier is refused (status 3);
//   apology               — an apology with a new appointment was issued;
//   stop notice           — processing was stopped (status 8).
// kFailedPrecondition with an English and a Vietnamese message naming the dossier, the
// document and the current status otherwise (field "document").
[[nodiscard]] Result<void> DocumentAvailable(DocumentKind kind, const Dossier& dossier);

// The kinds DocumentAvailable accepts for `dossier`, in kAllDocumentKinds order.
std::vector<DocumentKind> AvailableDocuments(const Dossier& dossier);

// An agency as the header of a form names it: the governing body on the first line, the agency
// itself in bold below ("UBND TỈNH HÒA BÌNH XANH" / "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH").
struct DocumentAgency {
    std::string name;         // "UBND phường Thống Nhất"
    std::string parent_name;  // "UBND tỉnh Hòa Bình Xanh"; empty for a top-level agency

    bool operator==(const DocumentAgency&) const = default;
};

// Everything a document prints, gathered by the caller (render/documents.hpp renders it).
struct DocumentInput {
    Dossier dossier;
    std::vector<Event> events;            // the dossier's events in order (reasons, times, actors)
    DocumentAgency receiving_agency;      // Bộ phận Một cửa that received the dossier
    DocumentAgency handling_agency;       // agency settling it (apology, stop notice, refusal after
                                          // reception)
    std::string province_name;            // "tỉnh Hòa Bình Xanh": the place of the date line
    catalog::ProcedureVersion procedure;  // the version the dossier pinned: name, components
                                          // (names, copies, original/copy), deadline, fees
    // Names of the agencies in the dossier's steps and consultations, by code; a code missing
    // here is printed as the code.
    std::map<std::string, std::string, std::less<>> agency_names;
    std::string tracking_url;  // QR content of the receipt: TrackingUrl(base, code, key)
    std::string officer_name;  // signs where the event has no actor name; printed as issuer
    LocalDateTime printed_at;  // printed in the footer; the PDF creation date
    std::string number;        // register number ("Số: …"); empty prints the dossier code

    bool operator==(const DocumentInput&) const = default;
};

// The public tracking page of a dossier: "<base>/tra-cuu?ma=<code>&key=<key>", with code and key
// percent-encoded (RFC 3986 unreserved characters kept) and one trailing '/' of `base` dropped.
std::string TrackingUrl(std::string_view base, std::string_view code, std::string_view key);

}  // namespace motcua::core::workflow
