#include "app/cli_output.hpp"

#include <cstdlib>
#include <string>

namespace motcua::app {

int ReportError(const Error& error) {
    const char* lang = std::getenv("LANG");  // NOLINT(concurrency-mt-unsafe): read at exit
    const bool vietnamese = lang != nullptr && std::string_view(lang).starts_with("vi");
    const std::string& text =
        vietnamese && !error.message_vi.empty() ? error.message_vi : error.message;
    fmt::print(stderr, "motcua: {}\n", text);
    switch (error.code) {
        case ErrorCode::kInvalidArgument:
        case ErrorCode::kOutOfRange:
        case ErrorCode::kNotFound:
            return kExitUsage;
        default:
            return kExitFailure;
    }
}

}  // namespace motcua::app
