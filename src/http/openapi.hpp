// The OpenAPI 3.1 description of the API (src/http/api/openapi.json), compiled into the binary
// by cmake/EmbedFiles.cmake and served at GET /api/openapi.json. A test
// (tests/integration/openapi_test.cpp) keeps it equal to the route table and checks real
// responses against its schemas.
#pragma once

#include <span>

#include "common/embedded_file.hpp"

namespace motcua::http {

// The embedded files of src/http/api/ (generated at build time): "openapi.json".
std::span<const EmbeddedFile> ApiDocumentFiles();

}  // namespace motcua::http
