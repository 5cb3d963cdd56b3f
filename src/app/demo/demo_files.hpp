// The demo province's data files (data/demo/*.tsv), compiled into the binary.
#pragma once

#include <span>

#include "common/embedded_file.hpp"

namespace motcua::app::demo {

std::span<const EmbeddedFile> BuiltinDemoFiles();

}  // namespace motcua::app::demo
