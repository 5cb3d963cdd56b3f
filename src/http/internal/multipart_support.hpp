// What the multipart parser (multipart.cpp), the spooling of file parts to temporary files
// (multipart_spool.cpp) and the recognition of file content (file_kind.cpp) share. Internal to
// http/.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <openssl/evp.h>

#include "common/result.hpp"
#include "common/unique_fd.hpp"

namespace motcua::http::internal {

// ASCII lower case of `c`; other bytes unchanged.
inline char Lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// kUnavailable "upload: cannot <what>: <strerror(err)>", with the Vietnamese "try again later".
tl::unexpected<Error> IoError(std::string_view what, int err);

// Frees an OpenSSL digest context.
struct DigestDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

using Digest = std::unique_ptr<EVP_MD_CTX, DigestDeleter>;

// Where a file part's bytes go: a temporary file, hashed as it is written.
class FileSink {
public:
    // Takes ownership of `fd` (an open temporary file); accepts at most `limit` bytes.
    FileSink(int fd, std::size_t limit);

    // Starts the SHA-256. kInternal when OpenSSL has none. Call once, before Write.
    Result<void> Init();

    // Appends `data` to the file and the hash. kOutOfRange (a message naming `display_name` and
    // the limit) once more than `limit` bytes were given; kUnavailable when the write fails.
    Result<void> Write(std::string_view data, std::string_view display_name);

    // Closes the file; the hex SHA-256 of everything written. kUnavailable when close fails.
    Result<std::string> Finish();

    // Bytes given to Write so far.
    std::size_t size() const { return size_; }

private:
    UniqueFd fd_;
    std::size_t limit_;
    std::size_t size_ = 0;
    Digest digest_;
};

}  // namespace motcua::http::internal
