#include "storage/common/public_lines.hpp"

#include "core/workflow/public_view.hpp"
#include "storage/common/json_codec.hpp"

namespace motcua::storage {

std::string PublicTimelineLines(std::span<const core::workflow::Event> events,
                                const core::workflow::Dossier& after) {
    std::string lines;
    for (const core::workflow::Event& e : events) {
        if (const auto entry = core::workflow::PublicEntry(e, after)) {
            if (!lines.empty()) {
                lines += ',';
            }
            lines += EncodePublicEntry(*entry);
        }
    }
    return lines;
}

}  // namespace motcua::storage
