#include "http/multipart.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <utility>

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/unique_fd.hpp"
#include "common/utf8.hpp"
#include "core/workflow/attachments.hpp"

namespace motcua::http {
namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kMaxFieldNameBytes = 128;
constexpr std::size_t kMaxBoundaryBytes = 70;
constexpr std::size_t kMaxPadding = 64;  // transport padding after a boundary
// ZIP: the end-of-central-directory record and its longest comment; the largest central
// directory we read; the most entries we look at.
constexpr std::size_t kZipEocdBytes = 22;
constexpr std::size_t kZipMaxTail = kZipEocdBytes + 0xFFFF;
constexpr std::size_t kZipMaxDirectoryBytes = 4 * 1024 * 1024;
constexpr std::size_t kZipMaxEntries = 20000;

// ---- Small utilities -----------------------------------------------------------------------

struct DigestDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

using Digest = std::unique_ptr<EVP_MD_CTX, DigestDeleter>;

char Lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return Lower(x) == Lower(y);
           });
}

bool IsControl(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20U && c != '\t') || u == 0x7FU;
}

std::string_view TrimOws(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

// RFC 9110 tchar.
bool IsTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 2046 bchars (without the space, which is allowed only inside).
bool IsBoundaryChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("'()+_,-./:=?").find(c) != std::string_view::npos;
}

std::string Hex(const unsigned char* bytes, std::size_t n) {
    static constexpr std::string_view kDigits = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out += kDigits[bytes[i] >> 4U];
        out += kDigits[bytes[i] & 0x0FU];
    }
    return out;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// ---- Errors --------------------------------------------------------------------------------

tl::unexpected<Error> Malformed(std::string_view detail) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("malformed multipart/form-data body: {}", detail),
                "dữ liệu tải lên không đúng định dạng multipart/form-data");
}

tl::unexpected<Error> Truncated() {
    return Fail(ErrorCode::kInvalidArgument,
                "the upload is incomplete: the body ends before its closing boundary",
                "dữ liệu tải lên không đầy đủ (thiếu ranh giới kết thúc)");
}

tl::unexpected<Error> IoError(std::string_view what, int err) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("upload: cannot {}: {}", what, std::strerror(err)),
                "không xử lý được tệp tải lên, vui lòng thử lại sau");
}

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

std::string AllowedNames(const std::vector<FileKind>& allowed) {
    std::string out;
    for (const FileKind kind : allowed) {
        if (!out.empty()) {
            out += ", ";
        }
        out += FileKindName(kind);
    }
    return out;
}

// ---- Header values -------------------------------------------------------------------------

// A token or quoted-string at the start of `s` (RFC 9110 §5.6.4; a backslash escapes only '"'
// and '\', so Windows paths survive). Consumes it from `s`.
Result<std::string> ParseValue(std::string_view& s) {
    std::string out;
    if (!s.empty() && s.front() == '"') {
        std::size_t i = 1;
        while (true) {
            if (i >= s.size()) {
                return Malformed("unterminated quoted string in a part header");
            }
            const char c = s[i];
            if (c == '"') {
                s.remove_prefix(i + 1);
                return out;
            }
            if (IsControl(c)) {
                return Malformed("control character in a part header");
            }
            if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) {
                out += s[i + 1];
                i += 2;
                continue;
            }
            out += c;
            ++i;
        }
    }
    std::size_t i = 0;
    while (i < s.size() && s[i] != ';') {
        if (IsControl(s[i]) || s[i] == '"') {
            return Malformed("bad character in a part header parameter");
        }
        ++i;
    }
    out = std::string(TrimOws(s.substr(0, i)));
    s.remove_prefix(i);
    return out;
}

struct Parameters {
    std::string type;                                         // lower-case
    std::vector<std::pair<std::string, std::string>> params;  // names lower-case

    const std::string* Get(std::string_view name) const {
        for (const auto& [k, v] : params) {
            if (k == name) {
                return &v;
            }
        }
        return nullptr;
    }
};

// "type; a=b; c="d"" → type and parameters. Duplicate parameters are refused (ambiguity is how
// filters are bypassed).
Result<Parameters> ParseParameters(std::string_view value) {
    Parameters out;
    const std::size_t semi = value.find(';');
    const std::string_view type = TrimOws(value.substr(0, semi));
    if (type.empty() ||
        !std::all_of(type.begin(), type.end(), [](char c) { return IsTokenChar(c) || c == '/'; })) {
        return Malformed("bad header value");
    }
    for (const char c : type) {
        out.type += Lower(c);
    }
    std::string_view rest =
        semi == std::string_view::npos ? std::string_view{} : value.substr(semi);
    while (true) {
        rest = TrimOws(rest);
        if (rest.empty()) {
            break;
        }
        if (rest.front() != ';') {
            return Malformed("parameters must be separated by ';'");
        }
        rest = TrimOws(rest.substr(1));
        if (rest.empty()) {
            break;  // a trailing ';'
        }
        const std::size_t eq = rest.find('=');
        if (eq == std::string_view::npos) {
            return Malformed("parameter without a value");
        }
        const std::string_view name = TrimOws(rest.substr(0, eq));
        if (name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar)) {
            return Malformed("bad parameter name");
        }
        std::string key;
        for (const char c : name) {
            key += Lower(c);
        }
        rest = TrimOws(rest.substr(eq + 1));
        MOTCUA_ASSIGN_OR_RETURN(std::string v, ParseValue(rest));
        if (out.Get(key) != nullptr) {
            return Malformed(fmt::format("parameter '{}' given twice", key));
        }
        out.params.emplace_back(std::move(key), std::move(v));
    }
    return out;
}

// RFC 8187 ext-value: UTF-8'lang'percent-encoded.
Result<std::string> DecodeExtValue(std::string_view v) {
    const std::size_t q1 = v.find('\'');
    const std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
    if (q2 == std::string_view::npos || !EqualsIgnoreCase(v.substr(0, q1), "utf-8")) {
        return Malformed("filename* must be UTF-8''…");
    }
    std::string out;
    for (std::size_t i = q2 + 1; i < v.size(); ++i) {
        if (v[i] != '%') {
            out += v[i];
            continue;
        }
        if (i + 2 >= v.size() || HexValue(v[i + 1]) < 0 || HexValue(v[i + 2]) < 0) {
            return Malformed("bad percent escape in filename*");
        }
        out += static_cast<char>(HexValue(v[i + 1]) * 16 + HexValue(v[i + 2]));
        i += 2;
    }
    return out;
}

// ---- The body file, read in chunks ---------------------------------------------------------

class Reader {
public:
    Reader(int fd, std::size_t capacity) : fd_(fd), buffer_(capacity) {}

    // Buffers at least `want` bytes (at most the capacity) unless the file ends first.
    Result<void> Fill(std::size_t want) {
        want = std::min(want, buffer_.size());
        while (end_ - pos_ < want && !eof_) {
            if (pos_ > 0) {
                std::memmove(buffer_.data(), buffer_.data() + pos_, end_ - pos_);
                end_ -= pos_;
                pos_ = 0;
            }
            const ssize_t r = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
            if (r < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return IoError("read the request body", errno);
            }
            if (r == 0) {
                eof_ = true;
            }
            end_ += static_cast<std::size_t>(r);
        }
        return {};
    }

    std::string_view View() const { return {buffer_.data() + pos_, end_ - pos_}; }

    void Consume(std::size_t n) { pos_ += n; }

    // True when the file has ended (what View() shows is all there is).
    bool eof() const { return eof_; }

private:
    int fd_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    bool eof_ = false;
};

// The headers of one part that matter.
struct PartHeaders {
    std::optional<Parameters> disposition;
    std::string content_type;
};

// Where a file part's bytes go: a temporary file, hashed as it is written.
class FileSink {
public:
    FileSink(int fd, std::size_t limit) : fd_(fd), limit_(limit), digest_(EVP_MD_CTX_new()) {}

    Result<void> Init() {
        if (!digest_ || EVP_DigestInit_ex(digest_.get(), EVP_sha256(), nullptr) != 1) {
            return Fail(ErrorCode::kInternal, "upload: SHA-256 unavailable");
        }
        return {};
    }

    Result<void> Write(std::string_view data, std::string_view display_name) {
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

    // Closes the file; the hex SHA-256 of everything written.
    Result<std::string> Finish() {
        if (fd_.Close() != 0) {
            return IoError("close a temporary file", errno);
        }
        std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
        unsigned int length = 0;
        EVP_DigestFinal_ex(digest_.get(), md.data(), &length);
        return Hex(md.data(), length);
    }

    std::size_t size() const { return size_; }

private:
    UniqueFd fd_;
    std::size_t limit_;
    std::size_t size_ = 0;
    Digest digest_;
};

class Parser {
public:
    Parser(int fd,
           const std::string& boundary,
           const MultipartLimits& limits,
           std::string temp_dir,
           MultipartForm& form)
        : reader_(fd, 2 * kChunk + limits.max_part_header_bytes),
          dash_boundary_("--" + boundary),
          delimiter_("\r\n--" + boundary),
          searcher_(delimiter_.begin(), delimiter_.end()),
          limits_(limits),
          temp_dir_(std::move(temp_dir)),
          form_(form) {}

    Result<void> Run() {
        MOTCUA_TRY(Preamble());
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool more, AfterDelimiter());
            if (!more) {
                return {};
            }
            MOTCUA_TRY(Part());
        }
    }

private:
    // Skips the preamble (rarely sent; bounded) up to the first boundary.
    Result<void> Preamble() {
        const std::size_t limit = limits_.max_part_header_bytes + delimiter_.size();
        MOTCUA_TRY(reader_.Fill(limit));
        const std::string_view v = reader_.View();
        if (v.starts_with(dash_boundary_)) {
            reader_.Consume(dash_boundary_.size());
            return {};
        }
        const std::size_t at = v.substr(0, limit).find(delimiter_);
        if (at == std::string_view::npos) {
            return Malformed("the body does not start with its boundary");
        }
        reader_.Consume(at + delimiter_.size());
        return {};
    }

    // After a boundary: "--" closes the body (false); else padding and CRLF open a part (true).
    Result<bool> AfterDelimiter() {
        MOTCUA_TRY(reader_.Fill(2 + kMaxPadding + 2));
        std::string_view v = reader_.View();
        if (v.starts_with("--")) {
            return false;  // the close delimiter; the epilogue is ignored
        }
        std::size_t i = 0;
        while (i < v.size() && i < kMaxPadding && (v[i] == ' ' || v[i] == '\t')) {
            ++i;
        }
        v.remove_prefix(i);
        if (v.starts_with("\r\n")) {
            reader_.Consume(i + 2);
            return true;
        }
        if (reader_.eof() && v.size() < 2) {
            return Truncated();
        }
        return Malformed("a boundary must be followed by a line break or '--'");
    }

    Result<PartHeaders> Headers() {
        PartHeaders h;
        std::size_t total = 0;
        while (true) {
            MOTCUA_TRY(reader_.Fill(limits_.max_part_header_bytes + 2));
            const std::string_view v = reader_.View();
            const std::size_t crlf = v.find("\r\n");
            if (crlf == std::string_view::npos) {
                if (reader_.eof() && v.size() <= limits_.max_part_header_bytes) {
                    return Truncated();
                }
                return Malformed("part headers too long");
            }
            total += crlf + 2;
            if (total > limits_.max_part_header_bytes) {
                return Malformed("part headers too long");
            }
            const std::string line(v.substr(0, crlf));
            reader_.Consume(crlf + 2);
            if (line.empty()) {
                return h;
            }
            MOTCUA_TRY(Header(line, h));
        }
    }

    static Result<void> Header(std::string_view line, PartHeaders& h) {
        if (line.front() == ' ' || line.front() == '\t') {
            return Malformed("folded part header lines are not accepted");
        }
        if (std::any_of(line.begin(), line.end(), [](char c) { return c == '\r' || c == '\n'; })) {
            return Malformed("bare CR or LF in a part header");
        }
        if (std::any_of(line.begin(), line.end(), IsControl)) {
            return Malformed("control character in a part header");
        }
        const std::size_t colon = line.find(':');
        if (colon == 0 || colon == std::string_view::npos) {
            return Malformed("part header line without a name");
        }
        const std::string_view name = line.substr(0, colon);
        if (!std::all_of(name.begin(), name.end(), IsTokenChar)) {
            return Malformed("bad part header name");
        }
        const std::string_view value = TrimOws(line.substr(colon + 1));
        if (EqualsIgnoreCase(name, "content-disposition")) {
            if (h.disposition.has_value()) {
                return Malformed("Content-Disposition given twice");
            }
            MOTCUA_ASSIGN_OR_RETURN(h.disposition, ParseParameters(value));
        } else if (EqualsIgnoreCase(name, "content-type")) {
            if (!h.content_type.empty()) {
                return Malformed("Content-Type given twice");
            }
            h.content_type = std::string(value);
        } else if (EqualsIgnoreCase(name, "content-transfer-encoding")) {
            if (!EqualsIgnoreCase(value, "binary") && !EqualsIgnoreCase(value, "8bit") &&
                !EqualsIgnoreCase(value, "7bit")) {
                return Malformed("transfer encodings are not accepted");
            }
        }
        return {};
    }

    // Streams the part's content to `sink` up to the next delimiter (consumed).
    template <class Sink>
    Result<void> Body(Sink&& sink) {
        while (true) {
            MOTCUA_TRY(reader_.Fill(kChunk + delimiter_.size()));
            const std::string_view v = reader_.View();
            const auto found = std::search(v.begin(), v.end(), searcher_);
            if (found != v.end()) {
                const auto at = static_cast<std::size_t>(found - v.begin());
                MOTCUA_TRY(sink(v.substr(0, at)));
                reader_.Consume(at + delimiter_.size());
                return {};
            }
            if (reader_.eof()) {
                return Truncated();
            }
            // Keep what could be the start of a delimiter split across reads.
            const std::size_t keep = delimiter_.size() - 1;
            if (v.size() > keep) {
                MOTCUA_TRY(sink(v.substr(0, v.size() - keep)));
                reader_.Consume(v.size() - keep);
            }
        }
    }

    Result<void> Part() {
        MOTCUA_ASSIGN_OR_RETURN(PartHeaders h, Headers());
        if (++parts_ > limits_.max_parts) {
            return Fail(
                ErrorCode::kInvalidArgument,
                fmt::format("too many parts in the upload (at most {})", limits_.max_parts),
                fmt::format("dữ liệu tải lên có quá nhiều phần (tối đa {})", limits_.max_parts));
        }
        if (!h.disposition.has_value() || h.disposition->type != "form-data") {
            return Malformed("every part needs 'Content-Disposition: form-data'");
        }
        const std::string* name = h.disposition->Get("name");
        if (name == nullptr || name->empty() || name->size() > kMaxFieldNameBytes ||
            !common::IsValidUtf8(*name)) {
            return Malformed("every part needs a field name (at most 128 bytes of UTF-8)");
        }
        const std::string* filename = h.disposition->Get("filename");
        const std::string* ext_filename = h.disposition->Get("filename*");
        if (filename == nullptr && ext_filename == nullptr) {
            return Field(*name);
        }
        std::string raw_name;
        if (ext_filename != nullptr) {
            MOTCUA_ASSIGN_OR_RETURN(raw_name, DecodeExtValue(*ext_filename));
        } else {
            raw_name = *filename;
        }
        return File(*name, raw_name, std::move(h.content_type));
    }

    Result<void> Field(const std::string& name) {
        std::string value;
        MOTCUA_TRY(Body([&](std::string_view data) -> Result<void> {
            if (value.size() + data.size() > limits_.max_field_bytes) {
                return Fail(ErrorCode::kInvalidArgument,
                            fmt::format("form field '{}' is longer than {} bytes",
                                        core::workflow::SanitizeDisplayName(name),
                                        limits_.max_field_bytes),
                            fmt::format("trường '{}' quá dài (tối đa {} byte)",
                                        core::workflow::SanitizeDisplayName(name),
                                        limits_.max_field_bytes));
            }
            value.append(data);
            return {};
        }));
        fields_bytes_ += value.size();
        if (fields_bytes_ > limits_.max_fields_bytes) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("the form fields are longer than {} bytes in all",
                                    limits_.max_fields_bytes),
                        fmt::format("tổng dung lượng các trường vượt quá {} byte",
                                    limits_.max_fields_bytes));
        }
        if (!common::IsValidUtf8(value)) {
            return Malformed(fmt::format("form field '{}' is not UTF-8 text",
                                         core::workflow::SanitizeDisplayName(name)));
        }
        form_.fields.emplace_back(name, std::move(value));
        return {};
    }

    Result<void> File(const std::string& field, const std::string& raw_name, std::string type) {
        if (form_.files.size() >= limits_.max_files) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("too many files in one upload (at most {})", limits_.max_files),
                        fmt::format("mỗi lần chỉ được tải lên tối đa {} tệp", limits_.max_files));
        }
        std::string path = temp_dir_ + "/motcua-part-XXXXXX";
        const int fd = ::mkstemp(path.data());
        if (fd < 0) {
            return IoError("create a temporary file", errno);
        }
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        // Owned by the form from now on: removed with it on any failure below.
        UploadedFile& file = form_.files.emplace_back();
        file.temp_path = path;
        file.field = field;
        file.display_name = core::workflow::SanitizeDisplayName(raw_name);
        file.declared_type = std::move(type);
        FileSink sink(fd, limits_.max_file_bytes);
        MOTCUA_TRY(sink.Init());
        MOTCUA_TRY(
            Body([&](std::string_view data) { return sink.Write(data, file.display_name); }));
        MOTCUA_ASSIGN_OR_RETURN(file.sha256, sink.Finish());
        file.size = static_cast<std::int64_t>(sink.size());
        if (file.size == 0) {
            if (raw_name.empty()) {
                // A file input left empty by the browser: no file.
                ::unlink(path.c_str());
                form_.files.pop_back();
                return {};
            }
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("file '{}' is empty", file.display_name),
                        fmt::format("tệp '{}' không có nội dung", file.display_name));
        }
        const std::optional<FileKind> kind = SniffFile(path);
        if (!kind.has_value() || std::find(limits_.allowed.begin(), limits_.allowed.end(), *kind) ==
                                     limits_.allowed.end()) {
            const std::string allowed = AllowedNames(limits_.allowed);
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("the content of file '{}' is not an allowed type (allowed: {})",
                                    file.display_name,
                                    allowed),
                        fmt::format("tệp '{}' không đúng định dạng cho phép (chấp nhận: {})",
                                    file.display_name,
                                    allowed),
                        std::string(kUnsupportedContentField));
        }
        file.kind = *kind;
        file.content_type = std::string(MimeTypeOf(*kind));
        return {};
    }

    Reader reader_;
    std::string dash_boundary_;
    std::string delimiter_;
    std::boyer_moore_horspool_searcher<std::string::const_iterator> searcher_;
    const MultipartLimits& limits_;
    std::string temp_dir_;
    MultipartForm& form_;
    std::size_t parts_ = 0;
    std::size_t fields_bytes_ = 0;
};

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

Result<std::string> BoundaryOf(std::string_view content_type) {
    auto parsed = ParseParameters(content_type);
    if (!parsed) {
        return Fail(ErrorCode::kInvalidArgument,
                    "malformed Content-Type header",
                    "tiêu đề Content-Type không đúng định dạng");
    }
    if (parsed->type != "multipart/form-data") {
        return Fail(ErrorCode::kInvalidArgument,
                    "expected a multipart/form-data body",
                    "yêu cầu tải tệp phải có dạng multipart/form-data");
    }
    const std::string* boundary = parsed->Get("boundary");
    if (boundary == nullptr || boundary->empty() || boundary->size() > kMaxBoundaryBytes ||
        boundary->back() == ' ' || !std::all_of(boundary->begin(), boundary->end(), [](char c) {
            return IsBoundaryChar(c) || c == ' ';
        })) {
        return Fail(ErrorCode::kInvalidArgument,
                    "multipart/form-data without a valid boundary parameter",
                    "yêu cầu tải tệp thiếu tham số boundary hợp lệ");
    }
    return *boundary;
}

Result<MultipartForm> ParseMultipart(const std::string& body_path,
                                     std::string_view content_type,
                                     const MultipartLimits& limits) {
    MOTCUA_ASSIGN_OR_RETURN(const std::string boundary, BoundaryOf(content_type));
    const UniqueFd fd(::open(body_path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.ok()) {
        return IoError("open the request body", errno);
    }
    std::string temp_dir = limits.temp_dir;
    if (temp_dir.empty()) {
        temp_dir = std::filesystem::path(body_path).parent_path().string();
        if (temp_dir.empty()) {
            temp_dir = ".";
        }
    }
    MultipartForm form;
    Parser parser(fd.get(), boundary, limits, std::move(temp_dir), form);
    MOTCUA_TRY(parser.Run());
    return form;
}

bool IsUnsupportedContent(const Error& error) {
    return error.code == ErrorCode::kInvalidArgument && error.field == kUnsupportedContentField;
}

}  // namespace motcua::http
