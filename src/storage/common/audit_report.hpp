// What a re-walk of the audit chain found (`motcua verify-audit`), the same for every back end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace motcua::storage {

struct AuditReport {
    std::int64_t events_checked = 0;
    // The first event whose chain entry does not match (altered, inserted or removed rows).
    std::optional<std::int64_t> first_broken_event;
    std::string problem;  // what is wrong with it, empty when intact
};

}  // namespace motcua::storage
