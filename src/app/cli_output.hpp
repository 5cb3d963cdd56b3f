// Output helpers shared by the CLI commands: buffered stdout and the one-line error contract.
#pragma once

#include <cstdio>
#include <string_view>

#include <fmt/format.h>

#include "common/result.hpp"

namespace motcua::app {

// Exit status for invalid arguments or input.
inline constexpr int kExitUsage = 2;
// Exit status for any other failure.
inline constexpr int kExitFailure = 1;

// Prints `error` as one line on stderr ("motcua: …"), in Vietnamese when LANG starts with "vi",
// and returns the exit status for its code.
int ReportError(const Error& error);

// Runs a command body returning Result<void> and stores its exit status (0, or ReportError's).
template <class F>
void FinishCommand(int& exit_code, F&& body) {
    const Result<void> result = body();
    exit_code = result ? 0 : ReportError(result.error());
}

// Accumulates output and writes it to stdout in large blocks.
class StdoutBuffer {
public:
    StdoutBuffer() = default;
    StdoutBuffer(const StdoutBuffer&) = delete;
    StdoutBuffer& operator=(const StdoutBuffer&) = delete;

    ~StdoutBuffer() { Flush(); }

    fmt::memory_buffer& buffer() { return buffer_; }

    // Writes out when the buffer is large; call after each record.
    void MaybeFlush() {
        if (buffer_.size() > (1U << 16)) {
            Flush();
        }
    }

    void Flush() {
        std::fwrite(buffer_.data(), 1, buffer_.size(), stdout);
        buffer_.clear();
    }

private:
    fmt::memory_buffer buffer_;
};

}  // namespace motcua::app
