// What the access log keeps of a request target: no secrets, no personal data.
#pragma once

#include <string>
#include <string_view>

namespace motcua::http {

// `target` (path and query, as received) for the access log: the values of the query
// parameters that carry a secret or personal data — `key` (the receipt's verification key of a
// public lookup) and `q` (search text, which may be an applicant's name) — replaced by "***",
// everything else as received; cut to 512 bytes.
[[nodiscard]] std::string TargetForLog(std::string_view target);

}  // namespace motcua::http
