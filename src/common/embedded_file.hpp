// EmbeddedFile: a data file compiled into the binary (cmake/EmbedFiles.cmake), so reference data
// such as holiday schedules ships with motcua and needs no file system at run time.
#pragma once

#include <string_view>

namespace motcua {

struct EmbeddedFile {
    std::string_view name;  // base name, e.g. "vn-2026.tsv"
    std::string_view text;  // contents
};

}  // namespace motcua
