// The settlement report's files: the XLSX workbook read back cell by cell (and its frozen header
// and number formats), the CSV and JSON forms against golden files.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zip.h>

#include "common/testing/result_matchers.hpp"
#include "core/kpi/settlement.hpp"
#include "integrations/reports/report_json.hpp"
#include "integrations/reports/settlement_columns.hpp"
#include "integrations/reports/settlement_csv.hpp"
#include "integrations/reports/settlement_xlsx.hpp"

namespace motcua::integrations::reports {
namespace {

namespace kpi = core::kpi;
using kpi::Metric;
using kpi::Totals;

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Compares `actual` with tests/golden/kpi/<name>, or rewrites it when MOTCUA_UPDATE_GOLDEN=1.
void ExpectGolden(std::string_view name, const std::string& actual) {
    const std::string path =
        std::string(MOTCUA_SOURCE_DIR) + "/tests/golden/kpi/" + std::string(name);
    const char* update = std::getenv("MOTCUA_UPDATE_GOLDEN");  // NOLINT(concurrency-mt-unsafe)
    if (update != nullptr && std::string_view(update) == "1") {
        std::filesystem::create_directories(std::filesystem::path(path).parent_path());
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    EXPECT_EQ(actual, ReadFile(path))
        << "golden file " << path << " differs; rerun with MOTCUA_UPDATE_GOLDEN=1 to accept";
}

kpi::SettlementRow Row(std::string code,
                       std::string name,
                       std::string parent,
                       std::int64_t online,
                       std::int64_t counter,
                       std::int64_t early,
                       std::int64_t late,
                       std::int64_t carried,
                       std::int64_t overdue) {
    Totals flows;
    flows.Add(Metric::kReceivedOnlineSelf, online);
    flows.Add(Metric::kReceivedCounter, counter);
    flows.Add(Metric::kSettledEarly, early);
    flows.Add(Metric::kSettledLate, late);
    flows.Add(Metric::kDossierPaid, online);
    flows.Add(Metric::kDossierPaidOnline, online / 2);
    flows.Add(Metric::kSettlementMinutes, (early + late) * 2 * 1440);
    flows.Add(Metric::kSettlementCount, early + late);
    Totals before;
    before.Add(Metric::kPending, carried);
    Totals end;
    end.Add(Metric::kPending, carried + online + counter - early - late);
    end.Add(Metric::kPendingOverdue, overdue);
    return {
        std::move(code), std::move(name), std::move(parent), kpi::FiguresOf(flows, before, end)};
}

// A small report: a department, two communes (one with a name to quote), one sector.
kpi::SettlementReport Sample() {
    kpi::SettlementReport r;
    r.period = *kpi::ParsePeriod("2026-Q3");
    r.as_of = *core::calendar::ParseDate("2026-09-30");
    r.agency_name = "UBND tỉnh Hòa Bình Xanh";
    kpi::SettlementSection province{"province_level", "Cơ quan cấp tỉnh", {}, {}};
    province.rows = {Row("000.00.02.H99", "Sở Tư pháp", "000.00.00.H99", 4, 6, 7, 1, 2, 0)};
    province.total = Row("", "Tổng cộng", "", 4, 6, 7, 1, 2, 0);
    kpi::SettlementSection communes{"commune_level", "Cấp xã", {}, {}};
    communes.rows = {
        Row("000.00.21.H99", "UBND phường Thống Nhất", "000.00.00.H99", 10, 20, 25, 2, 3, 1),
        Row("000.00.22.H99", "UBND xã \"Tân Lập\", huyện A", "000.00.00.H99", 0, 0, 0, 0, 0, 0)};
    communes.total = Row("", "Tổng cộng", "", 10, 20, 25, 2, 3, 1);
    kpi::SettlementSection sectors{"sectors", "Lĩnh vực", {}, {}};
    sectors.rows = {Row("TP-HOTICH", "Hộ tịch", "", 14, 26, 32, 3, 5, 1)};
    sectors.total = Row("", "Tổng cộng", "", 14, 26, 32, 3, 5, 1);
    r.total = Row("", "UBND tỉnh Hòa Bình Xanh", "", 14, 26, 32, 3, 5, 1);
    // Online drafts: 3 started, 2 submitted after 12 and 45 minutes (median 28.5).
    kpi::AddDraftFigures(r.total.figures,
                         std::vector<kpi::DraftTally>{{"000.00.21.H99", "1.001193", 720, 1},
                                                      {"000.00.21.H99", "1.001193", 2700, 1},
                                                      {"", "1.001193", std::nullopt, 1}});
    r.sections = {province, communes, sectors};
    return r;
}

// ---- A minimal XLSX reader: sheet order, shared strings, cells ---------------------------

std::string ZipPart(const std::string& path, const std::string& name) {
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (archive == nullptr) {
        return {};
    }
    std::string data;
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(archive, name.c_str(), 0, &stat) == 0) {
        zip_file_t* file = zip_fopen(archive, name.c_str(), 0);
        data.resize(static_cast<std::size_t>(stat.size));
        const zip_int64_t n = zip_fread(file, data.data(), stat.size);
        data.resize(n > 0 ? static_cast<std::size_t>(n) : 0U);
        zip_fclose(file);
    }
    zip_discard(archive);
    return data;
}

std::string Unescape(std::string s) {
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"&lt;", "<"},
                                   {"&gt;", ">"},
                                   {"&quot;", "\""},
                                   {"&apos;", "'"},
                                   {"&amp;", "&"}}) {
        for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) {
            s.replace(at, from.size(), to);
        }
    }
    return s;
}

int ColumnIndex(const std::string& letters) {
    int index = 0;
    for (const char c : letters) {
        index = index * 26 + (c - 'A' + 1);
    }
    return index - 1;
}

// Sheet name → rows of cells as text (numbers printed with fmt "{}"), in sheet order.
using Grid = std::vector<std::vector<std::string>>;

std::vector<std::pair<std::string, Grid>> ReadWorkbook(const std::string& path) {
    std::vector<std::string> strings;
    const std::string shared = ZipPart(path, "xl/sharedStrings.xml");
    const std::regex si(R"re(<si><t[^>]*>([^<]*)</t></si>)re");
    for (auto it = std::sregex_iterator(shared.begin(), shared.end(), si);
         it != std::sregex_iterator();
         ++it) {
        strings.push_back(Unescape((*it)[1].str()));
    }
    std::vector<std::pair<std::string, Grid>> out;
    const std::string workbook = ZipPart(path, "xl/workbook.xml");
    const std::regex sheet(R"re(<sheet name="([^"]*)")re");
    int number = 0;
    for (auto it = std::sregex_iterator(workbook.begin(), workbook.end(), sheet);
         it != std::sregex_iterator();
         ++it) {
        const std::string xml = ZipPart(path, fmt::format("xl/worksheets/sheet{}.xml", ++number));
        Grid grid;
        const std::regex cell(R"re(<c r="([A-Z]+)([0-9]+)"([^>]*)>(?:<v>([^<]*)</v>)?</c>)re");
        for (auto c = std::sregex_iterator(xml.begin(), xml.end(), cell);
             c != std::sregex_iterator();
             ++c) {
            const auto row = static_cast<std::size_t>(std::stoi((*c)[2].str()) - 1);
            const auto col = static_cast<std::size_t>(ColumnIndex((*c)[1].str()));
            std::string value = (*c)[4].str();
            if ((*c)[3].str().find("t=\"s\"") != std::string::npos) {
                value = strings.at(static_cast<std::size_t>(std::stoi(value)));
            } else if (!value.empty()) {
                value = fmt::format("{}", std::stod(value));
            }
            if (grid.size() <= row) {
                grid.resize(row + 1);
            }
            if (grid[row].size() <= col) {
                grid[row].resize(col + 1);
            }
            grid[row][col] = value;
        }
        out.emplace_back(Unescape((*it)[1].str()), std::move(grid));
    }
    return out;
}

// The cell at (row, col), empty when the sheet has nothing there.
std::string At(const Grid& grid, std::size_t row, std::size_t col) {
    if (row >= grid.size() || col >= grid[row].size()) {
        return {};
    }
    return grid[row][col];
}

// What a data row must read as: STT, then every column of the table.
std::vector<std::string> Expected(const kpi::SettlementRow& r, int number) {
    std::vector<std::string> out{number > 0 ? std::to_string(number) : ""};
    for (const internal::Column& c : internal::SettlementColumns()) {
        const internal::Cell cell = c.value(r);
        if (const auto* text = std::get_if<std::string>(&cell)) {
            out.push_back(*text);
        } else if (const auto* count = std::get_if<std::int64_t>(&cell)) {
            out.push_back(fmt::format("{}", static_cast<double>(*count)));
        } else if (const auto* decimal = std::get_if<double>(&cell)) {
            out.push_back(fmt::format("{}", *decimal));
        } else {
            out.emplace_back();
        }
    }
    // Trailing empty cells are not in the sheet.
    while (!out.empty() && out.back().empty()) {
        out.pop_back();
    }
    return out;
}

class SettlementFiles : public ::testing::Test {
protected:
    SettlementFiles() {
        std::random_device random;
        dir_ = std::filesystem::temp_directory_path() /
               fmt::format("motcua_reports_{:08x}{:08x}", random(), random());
        std::filesystem::create_directories(dir_);
    }

    ~SettlementFiles() override {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    SettlementFiles(const SettlementFiles&) = delete;
    SettlementFiles& operator=(const SettlementFiles&) = delete;
    SettlementFiles(SettlementFiles&&) = delete;
    SettlementFiles& operator=(SettlementFiles&&) = delete;

    std::string Path(std::string_view name) const { return (dir_ / name).string(); }

    std::filesystem::path dir_;
};

TEST_F(SettlementFiles, WorkbookReadsBackCellByCell) {
    const kpi::SettlementReport report = Sample();
    const std::string path = Path("report.xlsx");
    ASSERT_THAT(WriteSettlementXlsx(path, report), IsOk());
    const auto sheets = ReadWorkbook(path);
    ASSERT_EQ(sheets.size(), 5U);
    EXPECT_EQ(sheets[0].first, "Thông tin");
    EXPECT_EQ(sheets[1].first, "Tổng hợp");
    EXPECT_EQ(sheets[2].first, "Cơ quan cấp tỉnh");
    EXPECT_EQ(sheets[3].first, "Cấp xã");
    EXPECT_EQ(sheets[4].first, "Lĩnh vực");

    const Grid& info = sheets[0].second;
    ASSERT_GE(info.size(), 5U);
    EXPECT_THAT(info[1], ::testing::ElementsAre("Kỳ báo cáo", "2026-Q3 (01/07/2026 – 30/09/2026)"));
    EXPECT_THAT(info[2], ::testing::ElementsAre("Số liệu đến hết ngày", "30/09/2026"));
    EXPECT_THAT(info[4],
                ::testing::ElementsAre("Chưa có số liệu", ::testing::StartsWith("Số hóa: ")));

    // Every data sheet: the header, then each row as the column table says.
    for (std::size_t s = 1; s < sheets.size(); ++s) {
        const Grid& grid = sheets[s].second;
        ASSERT_FALSE(grid.empty());
        ASSERT_EQ(grid[0].size(), internal::SettlementColumns().size() + 1);
        EXPECT_EQ(grid[0][0], "STT");
        EXPECT_EQ(grid[0][1], "Mã");
        EXPECT_EQ(grid[0][4], "Tổng số hồ sơ nhận giải quyết");
    }
    const Grid& summary = sheets[1].second;
    ASSERT_EQ(summary.size(), 4U);  // header, scope, two levels
    EXPECT_EQ(summary[1], Expected(report.total, 1));
    EXPECT_EQ(At(summary, 3, 2), "Cấp xã");
    const Grid& communes = sheets[3].second;
    ASSERT_EQ(communes.size(), 4U);  // header, two communes, total
    EXPECT_EQ(communes[1], Expected(report.sections[1].rows[0], 1));
    EXPECT_EQ(communes[2], Expected(report.sections[1].rows[1], 2));
    EXPECT_EQ(communes[3], Expected(report.sections[1].total, 0));
    // Anchors, independent of the column table: code, to settle (3 + 30), late, on-time rate.
    EXPECT_EQ(At(communes, 1, 1), "000.00.21.H99");
    EXPECT_EQ(At(communes, 1, 4), "33");
    EXPECT_EQ(At(communes, 1, 12), "2");
    EXPECT_EQ(At(communes, 1, 24), "92.59");  // 25 / 27
    // A commune with nothing received: zero counts, no on-time rate (empty cell).
    EXPECT_EQ(At(communes, 2, 4), "0");
    EXPECT_EQ(At(communes, 2, 24), "");

    // The header is frozen with STT, code and name; counts and decimals are formatted.
    const std::string sheet4 = ZipPart(path, "xl/worksheets/sheet4.xml");
    EXPECT_THAT(sheet4, ::testing::HasSubstr("state=\"frozen\""));
    EXPECT_THAT(sheet4, ::testing::HasSubstr("ySplit=\"1\""));
    EXPECT_THAT(sheet4, ::testing::HasSubstr("xSplit=\"3\""));
    const std::string styles = ZipPart(path, "xl/styles.xml");
    EXPECT_THAT(styles, ::testing::HasSubstr("formatCode=\"#,##0\""));
    EXPECT_THAT(styles, ::testing::HasSubstr("formatCode=\"0.00\""));
}

TEST_F(SettlementFiles, WorkbookBytes) {
    const auto bytes = SettlementXlsx(Sample());
    ASSERT_THAT(bytes, IsOk());
    ASSERT_GT(bytes->size(), 1000U);
    EXPECT_EQ(bytes->substr(0, 2), "PK");
    EXPECT_THAT(WriteSettlementXlsx(Path("missing/dir/report.xlsx"), Sample()),
                HasError(ErrorCode::kUnavailable));
}

TEST(SettlementCsv, MatchesGoldenFile) {
    const std::string csv = SettlementCsv(Sample());
    EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_THAT(csv, ::testing::HasSubstr("\"UBND xã \"\"Tân Lập\"\", huyện A\""));
    ExpectGolden("settlement_sample.csv", csv);
}

TEST(SettlementJson, MatchesGoldenFile) {
    ExpectGolden("settlement_sample.json", SettlementJson(Sample(), 2) + "\n");
}

}  // namespace
}  // namespace motcua::integrations::reports
