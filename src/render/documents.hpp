// The dossier's documents as A4 PDF (docs/DOCUMENTS.md): receipt and appointment slip,
// supplement request, refusal, apology with a new appointment, stop notice and control slip,
// after the forms of TT 01/2018/TT-VPCP and TT 03/2025/TT-VPCP (spec §1.6). The first page has the
// national motto beside the agency's name, the number and the dated place line of NĐ 30/2020;
// numbers, money and dates are printed the Vietnamese way. Cairo + Pango with the Noto Serif font
// of Debian (fonts-noto-core); the receipt's QR code (libqrencode) holds the public tracking URL
// with the verification key.
#pragma once

#include <string>

#include "common/result.hpp"
#include "core/ports/document_renderer.hpp"
#include "core/workflow/documents.hpp"

namespace motcua::render {

// Renders `kind` for `input` as PDF bytes. The same input gives the same bytes (the PDF's dates
// are input.printed_at, nothing random is written). Errors:
//   kFailedPrecondition — core::workflow::DocumentAvailable refuses `kind` for input.dossier;
//   kInvalidArgument    — input.events lack the event the document prints (Received,
//                         SupplementRequested, Refused, ApologyIssued or Stopped; field
//                         "events"), or the receipt's input.tracking_url is empty or too long
//                         for a QR code (field "tracking_url");
//   kUnavailable        — Noto Serif is not installed;
//   kInternal           — cairo failed.
// Thread-safe: each thread uses its own Pango font map.
[[nodiscard]] Result<std::string> RenderDocument(core::workflow::DocumentKind kind,
                                                 const core::workflow::DocumentInput& input);

// core::ports::DocumentRenderer on RenderDocument, for app/ to hand to the HTTP layer.
class PdfDocumentRenderer final : public core::ports::DocumentRenderer {
public:
    [[nodiscard]] Result<std::string> Render(core::workflow::DocumentKind kind,
                                             const core::workflow::DocumentInput& input) override;
};

}  // namespace motcua::render
