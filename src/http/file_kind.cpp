// Recognition of uploaded files by their bytes: magic numbers, and for ZIP files the central
// directory of an OOXML document (no macros, no encryption, no ZIP64).
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/unique_fd.hpp"
#include "http/internal/multipart_support.hpp"
#include "http/multipart.hpp"

namespace motcua::http {
namespace {

using internal::Lower;

// ZIP: the end-of-central-directory record and its longest comment; the largest central
// directory we read; the most entries we look at.
constexpr std::size_t kZipEocdBytes = 22;
constexpr std::size_t kZipMaxTail = kZipEocdBytes + 0xFFFF;
constexpr std::size_t kZipMaxDirectoryBytes = 4 * 1024 * 1024;
constexpr std::size_t kZipMaxEntries = 20000;

// ---- ZIP / OOXML ---------------------------------------------------------------------------

std::uint32_t Le16(std::string_view b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8U);
}

std::uint32_t Le32(std::string_view b, std::size_t at) {
    return Le16(b, at) | (Le16(b, at + 2) << 16U);
}

bool ReadAt(int fd, std::string& out, std::size_t n, std::uint64_t offset) {
    out.assign(n, '\0');
    std::size_t done = 0;
    while (done < n) {
        const ssize_t r =
            ::pread(fd, out.data() + done, n - done, static_cast<off_t>(offset + done));
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(r);
    }
    return true;
}

std::optional<FileKind> SniffOoxml(int fd, std::uint64_t size) {
    if (size < kZipEocdBytes) {
        return std::nullopt;
    }
    const std::size_t tail_size =
        static_cast<std::size_t>(std::min<std::uint64_t>(size, kZipMaxTail));
    const std::uint64_t tail_start = size - tail_size;
    std::string tail;
    if (!ReadAt(fd, tail, tail_size, tail_start)) {
        return std::nullopt;
    }
    const std::size_t eocd =
        tail.rfind(std::string_view("PK\x05\x06", 4), tail_size - kZipEocdBytes);
    if (eocd == std::string::npos) {
        return std::nullopt;
    }
    const std::uint32_t this_disk = Le16(tail, eocd + 4);
    const std::uint32_t directory_disk = Le16(tail, eocd + 6);
    const std::uint32_t entries = Le16(tail, eocd + 10);
    const std::uint32_t directory_size = Le32(tail, eocd + 12);
    const std::uint32_t directory_offset = Le32(tail, eocd + 16);
    if (this_disk != 0 || directory_disk != 0 || entries == 0xFFFFU ||
        directory_size == 0xFFFFFFFFU || directory_offset == 0xFFFFFFFFU ||
        entries > kZipMaxEntries || directory_size > kZipMaxDirectoryBytes ||
        std::uint64_t{directory_offset} + directory_size > tail_start + eocd) {
        return std::nullopt;  // multi-disk, ZIP64 or inconsistent
    }
    std::string directory;
    if (!ReadAt(fd, directory, directory_size, directory_offset)) {
        return std::nullopt;
    }
    bool content_types = false;
    bool word = false;
    bool excel = false;
    std::size_t at = 0;
    for (std::uint32_t i = 0; i < entries; ++i) {
        if (at + 46 > directory.size() || Le32(directory, at) != 0x02014b50U) {
            return std::nullopt;
        }
        const std::uint32_t flags = Le16(directory, at + 8);
        const std::size_t name_size = Le16(directory, at + 28);
        const std::size_t extra_size = Le16(directory, at + 30);
        const std::size_t comment_size = Le16(directory, at + 32);
        if (at + 46 + name_size > directory.size() || (flags & 1U) != 0) {
            return std::nullopt;  // truncated, or an encrypted entry
        }
        const std::string_view name = std::string_view(directory).substr(at + 46, name_size);
        std::string lower;
        for (const char c : name) {
            lower += Lower(c);
        }
        if (lower.ends_with("vbaproject.bin")) {
            return std::nullopt;  // macros
        }
        content_types = content_types || name == "[Content_Types].xml";
        word = word || name == "word/document.xml";
        excel = excel || name == "xl/workbook.xml";
        at += 46 + name_size + extra_size + comment_size;
    }
    if (!content_types || word == excel) {
        return std::nullopt;
    }
    return word ? FileKind::kDocx : FileKind::kXlsx;
}

}  // namespace

std::string_view MimeTypeOf(FileKind kind) {
    switch (kind) {
        case FileKind::kPdf:
            return "application/pdf";
        case FileKind::kPng:
            return "image/png";
        case FileKind::kJpeg:
            return "image/jpeg";
        case FileKind::kDocx:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        case FileKind::kXlsx:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    return "application/octet-stream";
}

std::string_view FileKindName(FileKind kind) {
    switch (kind) {
        case FileKind::kPdf:
            return "PDF";
        case FileKind::kPng:
            return "PNG";
        case FileKind::kJpeg:
            return "JPEG";
        case FileKind::kDocx:
            return "DOCX";
        case FileKind::kXlsx:
            return "XLSX";
    }
    return "?";
}

std::optional<FileKind> SniffFile(const std::string& path) {
    const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.ok()) {
        return std::nullopt;
    }

    struct stat st {};

    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
        return std::nullopt;
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    std::string head;
    if (!ReadAt(fd.get(), head, static_cast<std::size_t>(std::min<std::uint64_t>(size, 8)), 0)) {
        return std::nullopt;
    }
    if (head.starts_with("%PDF-")) {
        return FileKind::kPdf;
    }
    if (head.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) {
        return FileKind::kPng;
    }
    if (head.starts_with("\xFF\xD8\xFF")) {
        return FileKind::kJpeg;
    }
    if (head.starts_with(std::string_view("PK\x03\x04", 4))) {
        return SniffOoxml(fd.get(), size);
    }
    return std::nullopt;
}

}  // namespace motcua::http
