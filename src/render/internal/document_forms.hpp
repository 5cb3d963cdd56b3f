// The dossier's documents, each drawn on a fresh PdfWriter from its DocumentInput (internal to
// render/; RenderDocument in documents.cpp picks one and finishes the PDF). `form` is the form's
// name printed above the heading (core::workflow::DocumentFormVi). Each fails kInvalidArgument
// (field "events") when input.events lack the event it prints; Receipt also fails when the
// tracking URL cannot be a QR code.
#pragma once

#include <string_view>

#include "common/result.hpp"
#include "core/workflow/documents.hpp"
#include "render/internal/pdf_writer.hpp"

namespace motcua::render::internal {

// Receipt and appointment slip (needs a Received event), with the tracking QR code
// (reception_documents.cpp).
Result<void> Receipt(PdfWriter& w, const core::workflow::DocumentInput& in, std::string_view form);
// Control slip: every hand-over and step of the dossier in a table (needs a Received event;
// reception_documents.cpp).
Result<void> ControlSlip(PdfWriter& w,
                         const core::workflow::DocumentInput& in,
                         std::string_view form);
// Supplement request, for the last SupplementRequested event (notice_documents.cpp).
Result<void> SupplementRequest(PdfWriter& w,
                               const core::workflow::DocumentInput& in,
                               std::string_view form);
// Refusal, for the last Refused event (notice_documents.cpp).
Result<void> Refusal(PdfWriter& w, const core::workflow::DocumentInput& in, std::string_view form);
// Apology with a new appointment, for the last ApologyIssued event (notice_documents.cpp).
Result<void> Apology(PdfWriter& w, const core::workflow::DocumentInput& in, std::string_view form);
// Stop notice, for the last Stopped event (notice_documents.cpp).
Result<void> StopNotice(PdfWriter& w,
                        const core::workflow::DocumentInput& in,
                        std::string_view form);

}  // namespace motcua::render::internal
