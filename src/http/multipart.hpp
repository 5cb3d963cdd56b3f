// multipart/form-data uploads (RFC 7578): a streaming parser over the body file the server
// wrote (Request::upload_file), and recognition of file content by its bytes. File parts are
// copied in chunks to their own temporary files while their SHA-256 is computed, never held in
// memory; form fields (small, limited) become strings. A file is accepted only when its bytes
// are one of the allowed kinds — the name and the declared Content-Type are never trusted — and
// the user's file name is kept as a sanitised display name only, never used as a path.
//
// Errors are kInvalidArgument with English and Vietnamese messages (malformed body, missing
// boundary, too many parts or files, field too long), kOutOfRange for a file over the size
// limit, and kUnavailable when a temporary file cannot be written. A file whose content is not
// allowed is kInvalidArgument with `field == kUnsupportedContentField` (IsUnsupportedContent),
// which handlers answer with 415.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "http/message.hpp"

namespace motcua::http {

// The kinds of file content motcua recognises.
enum class FileKind {
    kPdf,   // "%PDF-"
    kPng,   // the 8-byte PNG signature
    kJpeg,  // FF D8 FF
    kDocx,  // a ZIP with [Content_Types].xml and word/document.xml, without macros
    kXlsx,  // a ZIP with [Content_Types].xml and xl/workbook.xml, without macros
};

// "application/pdf", "image/png", "image/jpeg", and the OOXML types.
std::string_view MimeTypeOf(FileKind kind);
// "PDF", "PNG", "JPEG", "DOCX", "XLSX" (for messages).
std::string_view FileKindName(FileKind kind);

// Recognises the content of the regular file at `path` by its bytes (magic numbers; for ZIP
// files the central directory: OOXML parts present, no vbaProject.bin, no encrypted entries,
// no ZIP64). nullopt when it is none of the kinds, empty, or unreadable.
std::optional<FileKind> SniffFile(const std::string& path);

struct MultipartLimits {
    std::size_t max_parts = 32;                     // fields and files together
    std::size_t max_files = 10;                     // file parts
    std::size_t max_file_bytes = 20 * 1024 * 1024;  // each file
    std::size_t max_field_bytes = 8 * 1024;         // each field value
    std::size_t max_fields_bytes = 64 * 1024;       // all field values together
    std::size_t max_part_header_bytes = 4 * 1024;   // the header block of one part
    // Kinds accepted; by default PDF, PNG and JPEG (add kDocx / kXlsx to accept office files).
    std::vector<FileKind> allowed = {FileKind::kPdf, FileKind::kPng, FileKind::kJpeg};
    // Directory for the files' temporary copies; empty: the directory of the body file.
    std::string temp_dir;
};

// One uploaded file, checked and hashed, waiting in a temporary file.
struct UploadedFile {
    std::string field;          // the form field's name
    std::string display_name;   // the user's file name, sanitised (SanitizeDisplayName)
    std::string declared_type;  // the part's Content-Type as sent (informational, untrusted)
    FileKind kind = FileKind::kPdf;
    std::string content_type;  // MimeTypeOf(kind)
    std::string sha256;        // 64 lower-case hex digits
    std::int64_t size = 0;     // bytes
    std::string temp_path;     // owned by the form until Release()
};

// The parsed form. Owns the temporary files of its `files`: the destructor removes those not
// released. Move-only.
class MultipartForm {
public:
    MultipartForm() = default;
    MultipartForm(MultipartForm&& other) noexcept;
    MultipartForm& operator=(MultipartForm&& other) noexcept;
    MultipartForm(const MultipartForm&) = delete;
    MultipartForm& operator=(const MultipartForm&) = delete;
    ~MultipartForm();

    // The first value of the field `name`, if sent.
    std::optional<std::string_view> Field(std::string_view name) const;

    // Gives up ownership of files[index].temp_path, e.g. after AttachmentStore::Put moved or
    // removed it; the destructor then leaves that path alone. Precondition: index < files.size().
    void Release(std::size_t index);

    Fields fields;  // text fields, in order (names and values as sent, values valid UTF-8)
    std::vector<UploadedFile> files;

private:
    std::vector<bool> released_;
};

// The boundary parameter of a multipart/form-data Content-Type (quoted or not). kInvalidArgument
// when the type is not multipart/form-data or the boundary is missing or not 1–70 allowed
// characters (RFC 2046 §5.1.1).
[[nodiscard]] Result<std::string> BoundaryOf(std::string_view content_type);

// Parses the multipart/form-data body stored at `body_path`, whose request Content-Type was
// `content_type`. Reads the body once, in fixed-size chunks. On success every file part is in
// its own temporary file (under limits.temp_dir) with its hash, size and recognised kind; a
// browser's empty file input (empty name, no bytes) is skipped. On failure nothing is left
// behind. Errors: see the file comment.
[[nodiscard]] Result<MultipartForm> ParseMultipart(const std::string& body_path,
                                                   std::string_view content_type,
                                                   const MultipartLimits& limits = {});

// The Error::field of the "content not allowed" failure.
inline constexpr std::string_view kUnsupportedContentField = "file";

// True when `error` (from ParseMultipart) means a file's content is not an allowed kind: the
// request deserves 415 Unsupported Media Type rather than 400.
bool IsUnsupportedContent(const Error& error);

}  // namespace motcua::http
