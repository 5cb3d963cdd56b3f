#include "render/documents.hpp"

#include <memory>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "render/internal/document_forms.hpp"
#include "render/internal/document_layout.hpp"
#include "render/internal/pdf_writer.hpp"
#include "render/vietnamese_text.hpp"

namespace motcua::render {
namespace {

using core::workflow::DocumentInput;
using core::workflow::DocumentKind;
using internal::Apology;
using internal::ControlSlip;
using internal::IsoDate;
using internal::PdfWriter;
using internal::Receipt;
using internal::Refusal;
using internal::StopNotice;
using internal::SupplementRequest;

}  // namespace

Result<std::string> RenderDocument(DocumentKind kind, const DocumentInput& input) {
    MOTCUA_TRY(core::workflow::DocumentAvailable(kind, input.dossier));
    const std::string form = core::workflow::DocumentFormVi(kind, input.dossier.rule_set);
    internal::PdfInfo info;
    info.title = fmt::format("{} – {}", core::workflow::DocumentTitleVi(kind), input.dossier.code);
    info.subject = input.procedure.name;
    const bool handling = kind == DocumentKind::kApology || kind == DocumentKind::kStopNotice;
    info.author = handling ? input.handling_agency.name : input.receiving_agency.name;
    info.keywords = input.dossier.code;
    info.date = IsoDate(input.printed_at);
    info.footer_left = fmt::format(
        "Mã hồ sơ {} · In lúc {}", input.dossier.code, FormatShortDateTimeVi(input.printed_at));
    MOTCUA_ASSIGN_OR_RETURN(const std::unique_ptr<PdfWriter> writer,
                            PdfWriter::Create(std::move(info)));
    switch (kind) {
        case DocumentKind::kReceipt:
            MOTCUA_TRY(Receipt(*writer, input, form));
            break;
        case DocumentKind::kSupplementRequest:
            MOTCUA_TRY(SupplementRequest(*writer, input, form));
            break;
        case DocumentKind::kRefusal:
            MOTCUA_TRY(Refusal(*writer, input, form));
            break;
        case DocumentKind::kApology:
            MOTCUA_TRY(Apology(*writer, input, form));
            break;
        case DocumentKind::kStopNotice:
            MOTCUA_TRY(StopNotice(*writer, input, form));
            break;
        case DocumentKind::kControlSlip:
            MOTCUA_TRY(ControlSlip(*writer, input, form));
            break;
    }
    return writer->Finish();
}

Result<std::string> PdfDocumentRenderer::Render(DocumentKind kind, const DocumentInput& input) {
    return RenderDocument(kind, input);
}

}  // namespace motcua::render
