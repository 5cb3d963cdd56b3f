#include "render/documents.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "render/testing/sample_documents.hpp"

namespace motcua::render {
namespace {

namespace fs = std::filesystem;
using core::workflow::DocumentInput;
using core::workflow::DocumentKind;
using core::workflow::DocumentKindName;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Where rendered PDFs and PNGs are kept for people to look at.
fs::path ArtifactDir() {
    const fs::path dir = fs::path(MOTCUA_ARTIFACT_DIR) / "documents";
    fs::create_directories(dir);
    return dir;
}

fs::path GoldenPath(std::string_view name) {
    return fs::path(MOTCUA_SOURCE_DIR) / "tests/golden/documents" / name;
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void WriteFile(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

bool HaveTool(const std::string& tool) {
    const std::string command = "command -v " + tool + " >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;  // NOLINT(concurrency-mt-unsafe)
}

// Standard output of `command`, or nothing when it fails.
std::optional<std::string> RunTool(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");  // NOLINT(cert-env33-c)
    if (pipe == nullptr) {
        return std::nullopt;
    }
    std::string out;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        out.append(buffer, n);
    }
    if (pclose(pipe) != 0) {
        return std::nullopt;
    }
    return out;
}

// `text` without any white space, so that line and page breaks do not matter when searching.
std::string Squeeze(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c != ' ' && c != '\n' && c != '\f' && c != '\t') {
            out += c;
        }
    }
    return out;
}

std::string Quote(const fs::path& path) {
    return "'" + path.string() + "'";
}

// Compares `actual` with the golden file, or rewrites it when MOTCUA_UPDATE_GOLDEN=1.
void ExpectGolden(std::string_view name, const std::string& actual) {
    const fs::path path = GoldenPath(name);
    const char* update = std::getenv("MOTCUA_UPDATE_GOLDEN");  // NOLINT(concurrency-mt-unsafe)
    if (update != nullptr && std::string_view(update) == "1") {
        fs::create_directories(path.parent_path());
        WriteFile(path, actual);
        return;
    }
    EXPECT_EQ(actual, ReadFile(path))
        << "golden file " << path << " differs; rerun with MOTCUA_UPDATE_GOLDEN=1 to accept";
}

// Renders, keeps the PDF and a 60 dpi PNG per page as artifacts, returns the PDF's path.
fs::path RenderToArtifacts(DocumentKind kind, const DocumentInput& input, std::string_view name) {
    const auto pdf = RenderDocument(kind, input);
    EXPECT_THAT(pdf, IsOk());
    const fs::path path = ArtifactDir() / (std::string(name) + ".pdf");
    WriteFile(path, pdf.value_or(""));
    if (HaveTool("pdftoppm")) {
        const fs::path png = ArtifactDir() / std::string(name);
        EXPECT_TRUE(RunTool("pdftoppm -png -r 60 " + Quote(path) + " " + Quote(png)).has_value());
    }
    return path;
}

// The PDF's text: `-layout` keeps the page's columns, `-raw` follows the drawing order.
std::optional<std::string> PdfText(const fs::path& pdf, std::string_view mode = "-layout") {
    return RunTool("pdftotext " + std::string(mode) + " " + Quote(pdf) + " -");
}

class DocumentGolden : public ::testing::TestWithParam<DocumentKind> {};

TEST_P(DocumentGolden, TextMatchesGoldenFile) {
    const DocumentKind kind = GetParam();
    const std::string name(DocumentKindName(kind));
    const fs::path pdf = RenderToArtifacts(kind, testing::SampleFor(kind), name);
    if (!HaveTool("pdftotext")) {
        GTEST_SKIP() << "pdftotext (Debian poppler-utils) is not installed";
    }
    const auto text = PdfText(pdf);
    ASSERT_TRUE(text.has_value());
    ExpectGolden(name + ".txt", *text);
}

std::string KindTestName(const ::testing::TestParamInfo<DocumentKind>& param) {
    std::string name(DocumentKindName(param.param));
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

INSTANTIATE_TEST_SUITE_P(AllKinds,
                         DocumentGolden,
                         ::testing::ValuesIn(core::workflow::kAllDocumentKinds),
                         KindTestName);

TEST(RenderDocument, ProducesOneA4PdfWithVietnameseMetadata) {
    const auto pdf = RenderDocument(DocumentKind::kReceipt, testing::BuildingPermit());
    ASSERT_THAT(pdf, IsOk());
    EXPECT_THAT(*pdf, StartsWith("%PDF-1."));
    const fs::path path = ArtifactDir() / "metadata-receipt.pdf";
    WriteFile(path, *pdf);
    if (!HaveTool("pdfinfo")) {
        GTEST_SKIP() << "pdfinfo (Debian poppler-utils) is not installed";
    }
    const auto info = RunTool("pdfinfo -isodates " + Quote(path));
    ASSERT_TRUE(info.has_value());
    EXPECT_THAT(*info, HasSubstr("Pages:           1\n"));
    EXPECT_THAT(*info, HasSubstr("Page size:       595.276 x 841.89 pts (A4)"));
    EXPECT_THAT(*info,
                HasSubstr("Title:           GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ – "
                          "000.00.21.H99-260302-0007"));
    EXPECT_THAT(*info, HasSubstr("Author:          UBND phường Thống Nhất"));
    EXPECT_THAT(*info, HasSubstr("Creator:         motcua"));
    // The creation date is the printing time, not the clock.
    EXPECT_THAT(*info, HasSubstr("CreationDate:    2026-04-02T09:05:00+07"));
}

TEST(RenderDocument, SameInputGivesSameBytes) {
    for (const DocumentKind kind : core::workflow::kAllDocumentKinds) {
        const DocumentInput input = testing::SampleFor(kind);
        const auto first = RenderDocument(kind, input);
        const auto second = RenderDocument(kind, input);
        ASSERT_THAT(first, IsOk());
        ASSERT_THAT(second, IsOk());
        EXPECT_TRUE(*first == *second) << DocumentKindName(kind);
    }
}

TEST(RenderDocument, ThreadsRenderTheSameBytes) {
    const DocumentInput input = testing::BuildingPermit();
    const auto expected = RenderDocument(DocumentKind::kControlSlip, input);
    ASSERT_THAT(expected, IsOk());
    std::vector<std::string> outputs(4);
    std::vector<std::thread> threads;
    for (std::string& out : outputs) {
        threads.emplace_back([&input, &out] {
            for (int i = 0; i < 3; ++i) {
                out = RenderDocument(DocumentKind::kControlSlip, input).value_or("failed");
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    for (const std::string& out : outputs) {
        EXPECT_TRUE(out == *expected);
    }
}

TEST(RenderDocument, ReceiptQrOpensTheTrackingPageWithTheKey) {
    const DocumentInput input = testing::BuildingPermit();
    const fs::path pdf = RenderToArtifacts(DocumentKind::kReceipt, input, "receipt-qr");
    if (!HaveTool("pdftoppm") || !HaveTool("zbarimg")) {
        GTEST_SKIP() << "pdftoppm (poppler-utils) or zbarimg (zbar-tools) is not installed";
    }
    const fs::path png = ArtifactDir() / "receipt-qr-150dpi";
    ASSERT_TRUE(
        RunTool("pdftoppm -png -r 150 -singlefile -f 1 -l 1 " + Quote(pdf) + " " + Quote(png))
            .has_value());
    const auto decoded = RunTool("zbarimg --quiet --raw " + Quote(png.string() + ".png"));
    ASSERT_TRUE(decoded.has_value()) << "no QR code found";
    EXPECT_EQ(*decoded,
              "https://dichvucong.hoabinhxanh.gov.vn/tra-cuu?ma=000.00.21.H99-260302-0007&"
              "key=K7QW2M9X\n");
}

TEST(RenderDocument, RefusesDocumentsTheStateDoesNotAllow) {
    DocumentInput input = testing::BuildingPermit();
    input.events.resize(1);  // submitted only
    input.dossier = core::workflow::Replay(input.events);
    for (const DocumentKind kind : core::workflow::kAllDocumentKinds) {
        EXPECT_THAT(RenderDocument(kind, input), HasError(ErrorCode::kFailedPrecondition))
            << DocumentKindName(kind);
    }
    // A returned dossier was neither refused nor stopped.
    const DocumentInput returned = testing::BuildingPermit();
    EXPECT_THAT(RenderDocument(DocumentKind::kRefusal, returned),
                HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(RenderDocument(DocumentKind::kStopNotice, returned),
                HasError(ErrorCode::kFailedPrecondition));
}

TEST(RenderDocument, NeedsTheEventItPrints) {
    DocumentInput input = testing::BuildingPermit();
    std::erase_if(input.events, [](const core::workflow::Event& e) {
        return std::holds_alternative<core::workflow::ApologyIssued>(e.data);
    });
    const auto result = RenderDocument(DocumentKind::kApology, input);
    EXPECT_THAT(result, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(result.error().field, "events");
}

TEST(RenderDocument, ReceiptNeedsATrackingUrlThatFitsAQrCode) {
    DocumentInput input = testing::BuildingPermit();
    input.tracking_url.clear();
    EXPECT_THAT(RenderDocument(DocumentKind::kReceipt, input),
                HasError(ErrorCode::kInvalidArgument));
    input.tracking_url = std::string(5000, 'x');
    const auto result = RenderDocument(DocumentKind::kReceipt, input);
    EXPECT_THAT(result, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(result.error().field, "tracking_url");
    // Other documents print no QR code.
    EXPECT_THAT(RenderDocument(DocumentKind::kControlSlip, input), IsOk());
}

TEST(RenderDocument, LongReasonsContinueOnFollowingPages) {
    DocumentInput input = testing::BuildingPermit();
    core::workflow::SupplementRequested many;
    for (int i = 1; i <= 40; ++i) {
        many.reasons.push_back({"TP3",
                                "Thiếu nội dung số " + std::to_string(i),
                                "Bổ sung mục " + std::to_string(i) + " xong"});
    }
    std::string huge;
    for (int i = 0; i < 400; ++i) {
        huge += "Chi tiết cần sửa đổi thứ " + std::to_string(i) + ". ";
    }
    huge += "KẾT THÚC LÝ DO DÀI";
    many.reasons.push_back({"chung", huge, "Sửa theo hướng dẫn"});
    input.events.push_back({input.dossier.id,
                            static_cast<std::int64_t>(input.events.size()) + 1,
                            testing::At("2026-04-02T10:00"),
                            {},
                            many});
    const fs::path pdf = RenderToArtifacts(DocumentKind::kSupplementRequest, input, "long-reasons");
    if (!HaveTool("pdftotext") || !HaveTool("pdfinfo")) {
        GTEST_SKIP() << "poppler-utils is not installed";
    }
    const auto text = PdfText(pdf, "-raw");
    ASSERT_TRUE(text.has_value());
    const std::string squeezed = Squeeze(*text);
    for (int i = 1; i <= 40; ++i) {
        EXPECT_THAT(squeezed, HasSubstr(Squeeze("Bổ sung mục " + std::to_string(i) + " xong")));
    }
    for (int i = 0; i < 400; ++i) {
        EXPECT_THAT(squeezed, HasSubstr(Squeeze("cần sửa đổi thứ " + std::to_string(i) + ".")));
    }
    EXPECT_THAT(squeezed, HasSubstr(Squeeze("KẾT THÚC LÝ DO DÀI")));
    EXPECT_THAT(squeezed, HasSubstr(Squeeze("NGƯỜI HƯỚNG DẪN")));
    const auto info = RunTool("pdfinfo " + Quote(pdf));
    ASSERT_TRUE(info.has_value());
    EXPECT_THAT(*info, Not(HasSubstr("Pages:           1\n")));
}

TEST(RenderDocument, BeforeReceptionTheOneStopDeskSpeaks) {
    // The criminal-record dossier, sent back for a supplement and then refused at reception.
    DocumentInput input = testing::CriminalRecord();
    input.events.resize(1);
    const core::workflow::Reason reason{"TP2", "Thiếu bản chụp căn cước", "Tải lên bản chụp"};
    input.events.push_back(
        {input.dossier.id,
         2,
         testing::At("2026-05-11T08:05"),
         testing::Person(core::workflow::Role::kOneStopOfficer, "", "Vũ Thị Lan"),
         core::workflow::SupplementRequested{{reason}}});
    input.events.push_back(
        {input.dossier.id,
         3,
         testing::At("2026-05-12T09:00"),
         testing::Person(core::workflow::Role::kOneStopOfficer, "", "Vũ Thị Lan"),
         core::workflow::Refused{{reason}}});
    input.dossier = core::workflow::Replay(input.events);
    EXPECT_THAT(RenderDocument(DocumentKind::kReceipt, input),
                HasError(ErrorCode::kFailedPrecondition));
    const fs::path supplement =
        RenderToArtifacts(DocumentKind::kSupplementRequest, input, "supplement-at-reception");
    const fs::path refusal =
        RenderToArtifacts(DocumentKind::kRefusal, input, "refusal-at-reception");
    if (!HaveTool("pdftotext")) {
        GTEST_SKIP() << "pdftotext (Debian poppler-utils) is not installed";
    }
    const std::string s = Squeeze(PdfText(supplement, "-raw").value_or(""));
    EXPECT_THAT(s, HasSubstr(Squeeze("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH")));
    EXPECT_THAT(s, HasSubstr(Squeeze("Hồ sơ chưa được tiếp nhận")));
    EXPECT_THAT(s, Not(HasSubstr(Squeeze("Thời gian tiếp nhận hồ sơ"))));
    const std::string r = Squeeze(PdfText(refusal, "-raw").value_or(""));
    EXPECT_THAT(r, HasSubstr(Squeeze("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH")));
    EXPECT_THAT(r, Not(HasSubstr(Squeeze("SỞ TƯ PHÁP"))));
    EXPECT_THAT(r, HasSubstr(Squeeze("NGƯỜI TIẾP NHẬN HỒ SƠ")));
    EXPECT_THAT(r, HasSubstr(Squeeze("Thiếu bản chụp căn cước")));
}

TEST(RenderDocument, DecomposedAndMarkupLikeTextPrintsAsTyped) {
    DocumentInput input = testing::BuildingPermit();
    // "Nguyễn" typed with combining marks (NFD), and characters that are markup in Pango.
    input.events[0].data = [&] {
        auto submitted = std::get<core::workflow::Submitted>(input.events[0].data);
        submitted.applicant.name = "Nguye\xCC\x82\xCC\x83n <Văn> & \"Tí\"";
        return core::workflow::EventData(submitted);
    }();
    input.dossier = core::workflow::Replay(input.events);
    const fs::path pdf = RenderToArtifacts(DocumentKind::kReceipt, input, "nfd-name");
    if (!HaveTool("pdftotext")) {
        GTEST_SKIP() << "pdftotext (Debian poppler-utils) is not installed";
    }
    const auto text = PdfText(pdf);
    ASSERT_TRUE(text.has_value());
    EXPECT_THAT(Squeeze(*text), HasSubstr(Squeeze("Ông/Bà Nguyễn <Văn> & \"Tí\"")));
}

}  // namespace
}  // namespace motcua::render
