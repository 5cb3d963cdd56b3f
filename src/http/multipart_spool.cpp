// Spooling of uploaded files: each file part goes to its own temporary file, hashed as it is
// written; the MultipartForm owns those files until it releases them.
#include <array>
#include <cerrno>
#include <cstring>
#include <span>
#include <utility>

#include <fmt/format.h>
#include <unistd.h>

#include "common/hex.hpp"
#include "http/internal/multipart_support.hpp"
#include "http/multipart.hpp"

namespace motcua::http {
namespace internal {
namespace {

// "20 MB", "512 KB", "100 byte".
std::string SizeText(std::size_t bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
        return fmt::format("{} MB", bytes / (1024 * 1024));
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
        return fmt::format("{} KB", bytes / 1024);
    }
    return fmt::format("{} byte", bytes);
}

}  // namespace

tl::unexpected<Error> IoError(std::string_view what, int err) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("upload: cannot {}: {}", what, std::strerror(err)),
                "không xử lý được tệp tải lên, vui lòng thử lại sau");
}

FileSink::FileSink(int fd, std::size_t limit) : fd_(fd), limit_(limit), digest_(EVP_MD_CTX_new()) {}

Result<void> FileSink::Init() {
    if (!digest_ || EVP_DigestInit_ex(digest_.get(), EVP_sha256(), nullptr) != 1) {
        return Fail(ErrorCode::kInternal, "upload: SHA-256 unavailable");
    }
    return {};
}

Result<void> FileSink::Write(std::string_view data, std::string_view display_name) {
    size_ += data.size();
    if (size_ > limit_) {
        return Fail(
            ErrorCode::kOutOfRange,
            fmt::format("file '{}' is larger than {} bytes", display_name, limit_),
            fmt::format(
                "tệp '{}' vượt quá dung lượng cho phép ({})", display_name, SizeText(limit_)));
    }
    EVP_DigestUpdate(digest_.get(), data.data(), data.size());
    while (!data.empty()) {
        const ssize_t w = ::write(fd_.get(), data.data(), data.size());
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return IoError("write a temporary file", errno);
        }
        data.remove_prefix(static_cast<std::size_t>(w));
    }
    return {};
}

Result<std::string> FileSink::Finish() {
    if (fd_.Close() != 0) {
        return IoError("close a temporary file", errno);
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(digest_.get(), md.data(), &length);
    return HexLower(std::span<const unsigned char>(md.data(), length));
}

}  // namespace internal

MultipartForm::MultipartForm(MultipartForm&& other) noexcept
    : fields(std::move(other.fields)),
      files(std::exchange(other.files, {})),
      released_(std::exchange(other.released_, {})) {}

MultipartForm& MultipartForm::operator=(MultipartForm&& other) noexcept {
    if (this != &other) {
        MultipartForm old(std::move(*this));  // removes our files on scope exit
        fields = std::move(other.fields);
        files = std::exchange(other.files, {});
        released_ = std::exchange(other.released_, {});
    }
    return *this;
}

MultipartForm::~MultipartForm() {
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (i < released_.size() && released_[i]) {
            continue;
        }
        if (!files[i].temp_path.empty()) {
            ::unlink(files[i].temp_path.c_str());
        }
    }
}

std::optional<std::string_view> MultipartForm::Field(std::string_view name) const {
    for (const auto& [k, v] : fields) {
        if (k == name) {
            return std::string_view(v);
        }
    }
    return std::nullopt;
}

void MultipartForm::Release(std::size_t index) {
    if (released_.size() < files.size()) {
        released_.resize(files.size(), false);
    }
    released_.at(index) = true;
}

}  // namespace motcua::http
