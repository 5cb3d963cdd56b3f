#include "http/multipart.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <utility>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "common/hex.hpp"
#include "common/unique_fd.hpp"
#include "common/utf8.hpp"
#include "core/workflow/attachments.hpp"
#include "http/internal/multipart_support.hpp"

namespace motcua::http {
namespace {

using internal::FileSink;
using internal::IoError;
using internal::Lower;

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kMaxFieldNameBytes = 128;
constexpr std::size_t kMaxBoundaryBytes = 70;
constexpr std::size_t kMaxPadding = 64;  // transport padding after a boundary

// ---- Small utilities -----------------------------------------------------------------------

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
        if (i + 2 >= v.size() || HexDigitValue(v[i + 1]) < 0 || HexDigitValue(v[i + 2]) < 0) {
            return Malformed("bad percent escape in filename*");
        }
        out += static_cast<char>(HexDigitValue(v[i + 1]) * 16 + HexDigitValue(v[i + 2]));
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

}  // namespace

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
