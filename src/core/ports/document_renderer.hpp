// Port for printing a dossier's documents (STYLE.md §1: core declares, render implements, app
// wires), so the HTTP layer can serve PDFs without seeing render/. Implementations must be
// thread-safe.
#pragma once

#include <string>

#include "common/result.hpp"
#include "core/workflow/documents.hpp"

namespace motcua::core::ports {

class DocumentRenderer {
public:
    virtual ~DocumentRenderer() = default;

    // The document as PDF bytes. kFailedPrecondition when workflow::DocumentAvailable refuses
    // it; kInvalidArgument when the input lacks what the document prints; kUnavailable when
    // the renderer's fonts are missing; kInternal otherwise.
    [[nodiscard]] virtual Result<std::string> Render(workflow::DocumentKind kind,
                                                     const workflow::DocumentInput& input) = 0;
};

}  // namespace motcua::core::ports
