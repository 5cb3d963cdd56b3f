#include "integrations/tthc/catalog_xlsx.hpp"

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "common/testing/result_matchers.hpp"
#include "integrations/tthc/catalog_json.hpp"

namespace motcua::integrations::tthc {
namespace {

using core::catalog::Component;
using core::catalog::Fee;
using core::catalog::ProcedureVersion;
using testing::HasSubstr;

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The catalog of the JSON golden file: three procedures covering every field.
std::vector<ProcedureVersion> SampleCatalog() {
    const auto parsed = ParseCatalogJson(
        ReadFile(std::string(MOTCUA_SOURCE_DIR) + "/tests/golden/catalog/sample.expected.json"));
    EXPECT_THAT(parsed, IsOk());
    return parsed.value_or(std::vector<ProcedureVersion>{});
}

// A fresh directory per test, removed afterwards.
class CatalogXlsx : public testing::Test {
protected:
    void SetUp() override {
        const auto* info = testing::UnitTest::GetInstance()->current_test_info();
        dir_ = std::filesystem::temp_directory_path() /
               ("motcua_xlsx_" + std::to_string(::getpid()) + "_" + info->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }

    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string Path(std::string_view name) const { return (dir_ / name).string(); }

    std::filesystem::path dir_;
};

// The named part of a zip file, empty when absent.
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

TEST_F(CatalogXlsx, WriteThenReadGivesTheSameCatalog) {
    const std::vector<ProcedureVersion> sample = SampleCatalog();
    ASSERT_EQ(sample.size(), 3U);
    ASSERT_THAT(WriteCatalogXlsx(Path("catalog.xlsx"), sample), IsOk());
    EXPECT_THAT(ReadCatalogXlsx(Path("catalog.xlsx")), IsOkAndHolds(sample));
}

// Control characters are stored as "_xHHHH_" escapes, so literal escapes must survive too.
TEST_F(CatalogXlsx, SpecialCharactersRoundTrip) {
    std::vector<ProcedureVersion> sample = SampleCatalog();
    sample[2].steps = "Bước 1\r\nBước 2\tcột\x01 _x0041_ _x005F_ _xZZZZ_ <&>\"'";
    sample[2].name = "  =SUM(A1:A2) khoảng trắng  ";
    sample[2].subjects = std::string(32767, 'a');
    ASSERT_THAT(WriteCatalogXlsx(Path("special.xlsx"), sample), IsOk());
    EXPECT_THAT(ReadCatalogXlsx(Path("special.xlsx")), IsOkAndHolds(sample));
}

TEST_F(CatalogXlsx, EmptyCatalogRoundTrips) {
    ASSERT_THAT(WriteCatalogXlsx(Path("empty.xlsx"), {}), IsOk());
    EXPECT_THAT(ReadCatalogXlsx(Path("empty.xlsx")), IsOkAndHolds(testing::IsEmpty()));
}

TEST_F(CatalogXlsx, LayoutHasSheetsBoldFrozenHeaders) {
    ASSERT_THAT(WriteCatalogXlsx(Path("catalog.xlsx"), SampleCatalog()), IsOk());
    const std::string workbook = ZipPart(Path("catalog.xlsx"), "xl/workbook.xml");
    const std::size_t thu_tuc = workbook.find("name=\"ThuTuc\"");
    const std::size_t thanh_phan = workbook.find("name=\"ThanhPhanHoSo\"");
    const std::size_t phi = workbook.find("name=\"PhiLePhi\"");
    ASSERT_NE(thu_tuc, std::string::npos);
    ASSERT_NE(thanh_phan, std::string::npos);
    ASSERT_NE(phi, std::string::npos);
    EXPECT_LT(thu_tuc, thanh_phan);
    EXPECT_LT(thanh_phan, phi);

    for (const char* sheet :
         {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"}) {
        const std::string xml = ZipPart(Path("catalog.xlsx"), sheet);
        EXPECT_THAT(xml, HasSubstr("ySplit=\"1\"")) << sheet;
        EXPECT_THAT(xml, HasSubstr("state=\"frozen\"")) << sheet;
        EXPECT_THAT(xml, HasSubstr("<autoFilter")) << sheet;
        EXPECT_THAT(xml, HasSubstr("<col ")) << sheet;
    }
    EXPECT_THAT(ZipPart(Path("catalog.xlsx"), "xl/styles.xml"), HasSubstr("<b/>"));
    const std::string strings = ZipPart(Path("catalog.xlsx"), "xl/sharedStrings.xml");
    for (const char* header : {"Mã TTHC",
                               "Tên TTHC",
                               "Mã lĩnh vực",
                               "Lĩnh vực",
                               "Cấp thực hiện",
                               "Cơ quan thực hiện",
                               "Cơ quan có thẩm quyền",
                               "Thời hạn giải quyết",
                               "Đơn vị tính",
                               "Phí/lệ phí (VND)",
                               "Mô tả phí",
                               "Căn cứ pháp lý",
                               "Kết quả",
                               "Mức độ DVC",
                               "Bưu chính",
                               "Đối tượng",
                               "Yêu cầu",
                               "Trình tự",
                               "Mã giấy tờ",
                               "Tên giấy tờ",
                               "Bắt buộc",
                               "Số bản",
                               "Bản chính",
                               "Mẫu đơn",
                               "Tên phí",
                               "Số tiền (VND)",
                               "Mô tả",
                               // the fee summary of the first procedure
                               "0; 8000",
                               "Lệ phí đăng ký khai sinh; Lệ phí đăng ký khai sinh quá hạn"}) {
        EXPECT_THAT(strings, HasSubstr(std::string(">") + header + "<")) << header;
    }
}

TEST_F(CatalogXlsx, WriteRefusesWhatAWorkbookCannotHold) {
    std::vector<ProcedureVersion> twice = SampleCatalog();
    twice.push_back(twice[0]);
    const auto duplicate = WriteCatalogXlsx(Path("twice.xlsx"), twice);
    ASSERT_THAT(duplicate, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(duplicate.error().message, HasSubstr("procedure 1.001193 appears twice"));

    std::vector<ProcedureVersion> long_text = SampleCatalog();
    long_text[1].steps = std::string(32768, 'x');
    const auto too_long = WriteCatalogXlsx(Path("long.xlsx"), long_text);
    ASSERT_THAT(too_long, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(too_long.error().message, HasSubstr("procedure 2.000908, column 'Trình tự'"));
    EXPECT_FALSE(std::filesystem::exists(Path("twice.xlsx")));
    EXPECT_FALSE(std::filesystem::exists(Path("long.xlsx")));
}

TEST_F(CatalogXlsx, WriteToMissingDirectoryIsUnavailable) {
    EXPECT_THAT(WriteCatalogXlsx(Path("no/such/dir/catalog.xlsx"), SampleCatalog()),
                HasError(ErrorCode::kUnavailable));
}

TEST_F(CatalogXlsx, NotAnXlsxFile) {
    std::ofstream(Path("catalog.xlsx")) << "Mã TTHC,Tên TTHC\n1.001193,Đăng ký khai sinh\n";
    const auto text = ReadCatalogXlsx(Path("catalog.xlsx"));
    ASSERT_THAT(text, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(text.error().message, HasSubstr("is not an XLSX workbook"));

    std::ofstream(Path("empty.xlsx")).flush();
    EXPECT_THAT(ReadCatalogXlsx(Path("empty.xlsx")), HasError(ErrorCode::kInvalidArgument));

    EXPECT_THAT(ReadCatalogXlsx(Path("missing.xlsx")), HasError(ErrorCode::kNotFound));
}

TEST_F(CatalogXlsx, ZipWithoutWorkbookIsNotXlsx) {
    int error = 0;
    zip_t* archive = zip_open(Path("other.zip").c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(archive, nullptr);
    static constexpr std::string_view kText = "hello";
    zip_source_t* source = zip_source_buffer(archive, kText.data(), kText.size(), 0);
    ASSERT_GE(zip_file_add(archive, "readme.txt", source, ZIP_FL_OVERWRITE), 0);
    ASSERT_EQ(zip_close(archive), 0);
    const auto read = ReadCatalogXlsx(Path("other.zip"));
    ASSERT_THAT(read, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(read.error().message, HasSubstr("the zip has no xl/workbook.xml"));
}

// ---------------------------------------------------------------------------------------------
// Hand-made workbooks, written with libxlsxwriter directly.

using Value = std::variant<std::monostate, std::string, double>;
using Rows = std::vector<std::vector<Value>>;

struct SheetSpec {
    std::string name;
    Rows rows;  // row 1 first
};

void WriteWorkbook(const std::string& path, const std::vector<SheetSpec>& sheets) {
    lxw_workbook* workbook = workbook_new(path.c_str());
    ASSERT_NE(workbook, nullptr);
    for (const SheetSpec& spec : sheets) {
        lxw_worksheet* sheet = workbook_add_worksheet(workbook, spec.name.c_str());
        for (std::size_t r = 0; r < spec.rows.size(); ++r) {
            for (std::size_t c = 0; c < spec.rows[r].size(); ++c) {
                const auto row = static_cast<lxw_row_t>(r);
                const auto col = static_cast<lxw_col_t>(c);
                if (const auto* text = std::get_if<std::string>(&spec.rows[r][c])) {
                    worksheet_write_string(sheet, row, col, text->c_str(), nullptr);
                } else if (const auto* number = std::get_if<double>(&spec.rows[r][c])) {
                    worksheet_write_number(sheet, row, col, *number, nullptr);
                }
            }
        }
    }
    ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);
}

const std::vector<Value> kThuTucHeader = {"Mã TTHC",
                                          "Tên TTHC",
                                          "Mã lĩnh vực",
                                          "Lĩnh vực",
                                          "Cấp thực hiện",
                                          "Cơ quan thực hiện",
                                          "Cơ quan có thẩm quyền",
                                          "Thời hạn giải quyết",
                                          "Đơn vị tính",
                                          "Phí/lệ phí (VND)",
                                          "Mô tả phí",
                                          "Căn cứ pháp lý",
                                          "Kết quả",
                                          "Mức độ DVC",
                                          "Bưu chính",
                                          "Đối tượng",
                                          "Yêu cầu",
                                          "Trình tự"};

std::vector<Value> ProcedureRow(std::string code) {
    return {std::move(code),
            "Đăng ký khai sinh",
            "G09-TP09",
            "Hộ tịch",
            "Cấp Xã",
            "UBND cấp xã",
            "UBND cấp xã",
            3.0,
            "Ngày làm việc",
            8000.0,
            "Lệ phí",
            "Luật Hộ tịch",
            "Giấy khai sinh",
            "Toàn trình",
            "Có",
            "Công dân",
            "",
            "Nộp hồ sơ"};
}

const std::vector<Value> kComponentHeader =
    {"Mã TTHC", "Mã giấy tờ", "Tên giấy tờ", "Bắt buộc", "Số bản", "Bản chính", "Mẫu đơn"};

std::vector<Value> ComponentRow(std::string procedure, std::string code) {
    return {std::move(procedure), std::move(code), "Tờ khai", "Có", 1.0, "Có", ""};
}

const std::vector<Value> kFeeHeader = {"Mã TTHC", "Tên phí", "Số tiền (VND)", "Mô tả"};

// Seven ThuTuc rows (header + 1.000001 … 1.000006), two papers and one fee each for the first.
std::vector<SheetSpec> GoodWorkbook() {
    Rows procedures = {kThuTucHeader};
    for (int i = 1; i <= 6; ++i) {
        procedures.push_back(ProcedureRow("1.00000" + std::to_string(i)));
    }
    return {
        {"ThuTuc", procedures},
        {"ThanhPhanHoSo",
         {kComponentHeader, ComponentRow("1.000001", "TP1"), ComponentRow("1.000001", "TP2")}},
        {"PhiLePhi", {kFeeHeader, {"1.000001", "Lệ phí", 8000.0, "Miễn cho trẻ em"}}},
    };
}

TEST_F(CatalogXlsx, ReadsHandMadeWorkbook) {
    WriteWorkbook(Path("good.xlsx"), GoodWorkbook());
    const auto read = ReadCatalogXlsx(Path("good.xlsx"));
    ASSERT_THAT(read, IsOk());
    ASSERT_EQ(read->size(), 6U);
    const ProcedureVersion& first = (*read)[0];
    EXPECT_EQ(first.code, "1.000001");
    EXPECT_EQ(first.deadline, 3);
    EXPECT_TRUE(first.postal);
    ASSERT_EQ(first.components.size(), 2U);
    EXPECT_EQ(first.components[1], (Component{"TP2", "Tờ khai", true, 1, true, ""}));
    EXPECT_EQ(first.fees, (std::vector<Fee>{{"Lệ phí", 8000, "Miễn cho trẻ em"}}));
    EXPECT_TRUE((*read)[5].fees.empty());  // PhiLePhi present: the summary columns are ignored
}

TEST_F(CatalogXlsx, ReadsToleratedVariants) {
    std::vector<SheetSpec> sheets = GoodWorkbook();
    Rows& procedures = sheets[0].rows;
    // Headers in another order and case, without diacritics.
    std::swap(procedures[0][0], procedures[0][1]);
    for (std::size_t r = 1; r < procedures.size(); ++r) {
        std::swap(procedures[r][0], procedures[r][1]);
    }
    procedures[0][7] = "THOI HAN GIAI QUYET";
    procedures[1][1] = 1.000001;  // a code Excel turned into a number
    procedures[2][7] = " 5 ";     // a number typed as text
    procedures[2][14] = "x";      // Bưu chính
    procedures[3].resize(9);      // trailing cells absent
    procedures.insert(procedures.begin() + 3, std::vector<Value>{});  // a blank row
    sheets.pop_back();  // no PhiLePhi: the ThuTuc summary is read
    procedures[5][9] = "50.000; 0";
    procedures[5][10] = "Phí thẩm định; Lệ phí";
    sheets[1].rows[1][0] = 1.000001;
    WriteWorkbook(Path("variants.xlsx"), sheets);

    const auto read = ReadCatalogXlsx(Path("variants.xlsx"));
    ASSERT_THAT(read, IsOk());
    ASSERT_EQ(read->size(), 6U);
    EXPECT_EQ((*read)[0].code, "1.000001");
    EXPECT_EQ((*read)[0].components.size(), 2U);
    EXPECT_EQ((*read)[0].fees, (std::vector<Fee>{{"Lệ phí", 8000, ""}}));
    EXPECT_EQ((*read)[1].deadline, 5);
    EXPECT_TRUE((*read)[1].postal);
    EXPECT_TRUE((*read)[2].fees.empty());
    EXPECT_FALSE((*read)[2].postal);
    EXPECT_EQ((*read)[2].online_level, core::catalog::OnlineLevel::kNone);
    EXPECT_EQ((*read)[3].fees, (std::vector<Fee>{{"Phí thẩm định", 50000, ""}, {"Lệ phí", 0, ""}}));
}

struct CorruptCase {
    std::string_view name;
    std::function<void(std::vector<SheetSpec>&)> corrupt;
    std::string_view message;  // exact
    std::string_view cell;     // Error::field
};

const std::vector<CorruptCase>& CorruptCases() {
    static const std::vector<CorruptCase> kCases = {
        {"DeadlineText",
         [](auto& s) { s[0].rows[6][7] = "năm ngày"; },
         "ThuTuc row 7, column 'Thời hạn giải quyết': not a number",
         "ThuTuc!H7"},
        {"DeadlineFraction",
         [](auto& s) { s[0].rows[2][7] = 2.5; },
         "ThuTuc row 3, column 'Thời hạn giải quyết': 2.5 is not a whole number",
         "ThuTuc!H3"},
        {"DeadlineMissing",
         [](auto& s) { s[0].rows[4][7] = std::monostate{}; },
         "ThuTuc row 5, column 'Thời hạn giải quyết': missing",
         "ThuTuc!H5"},
        {"NegativeDeadline",
         [](auto& s) { s[0].rows[4][7] = -1.0; },
         "ThuTuc row 5, column 'Thời hạn giải quyết': must not be negative",
         "ThuTuc!H5"},
        {"UnknownUnit",
         [](auto& s) { s[0].rows[1][8] = "Tuần"; },
         "ThuTuc row 2, column 'Đơn vị tính': unknown time unit (đơn vị tính) 'Tuần' (expected "
         "Ngày làm việc, Ngày, Giờ)",
         "ThuTuc!I2"},
        {"UnknownLevel",
         [](auto& s) { s[0].rows[3][4] = "Cấp Thôn"; },
         "ThuTuc row 4, column 'Cấp thực hiện': unknown level (cấp thực hiện) 'Cấp Thôn' "
         "(expected Cấp Bộ, Cấp Tỉnh, Cấp Huyện, Cấp Xã)",
         "ThuTuc!E4"},
        {"PostalNotYesNo",
         [](auto& s) { s[0].rows[2][14] = "maybe"; },
         "ThuTuc row 3, column 'Bưu chính': 'maybe' is not Có or Không",
         "ThuTuc!O3"},
        {"EmptyName",
         [](auto& s) { s[0].rows[5][1] = ""; },
         "ThuTuc row 6, column 'Tên TTHC': must not be empty",
         "ThuTuc!B6"},
        {"BadCode",
         [](auto& s) { s[0].rows[5][0] = "TT-01"; },
         "ThuTuc row 6, column 'Mã TTHC': 'TT-01' is not a procedure code of the form d.dddddd",
         "ThuTuc!A6"},
        {"CodeAsWholeNumber",
         [](auto& s) { s[0].rows[4][0] = 1.0; },
         "ThuTuc row 5, column 'Mã TTHC': '1' is not a procedure code of the form d.dddddd",
         "ThuTuc!A5"},
        {"DuplicateCode",
         [](auto& s) { s[0].rows[3][0] = "1.000001"; },
         "ThuTuc row 4, column 'Mã TTHC': procedure 1.000001 already appears in row 2",
         "ThuTuc!A4"},
        {"MissingColumn",
         [](auto& s) {
             for (auto& row : s[0].rows) {
                 row.erase(row.begin() + 1);
             }
         },
         "sheet ThuTuc: missing column 'Tên TTHC' in the header row",
         "ThuTuc"},
        {"NoThuTucSheet",
         [](auto& s) { s[0].name = "Sheet1"; },
         "",  // checked below: names the sheet
         ""},
        {"ComponentOfUnknownProcedure",
         [](auto& s) { s[1].rows[2][0] = "1.999999"; },
         "ThanhPhanHoSo row 3, column 'Mã TTHC': procedure '1.999999' is not in sheet ThuTuc",
         "ThanhPhanHoSo!A3"},
        {"ComponentZeroCopies",
         [](auto& s) { s[1].rows[2][4] = 0.0; },
         "ThanhPhanHoSo row 3, column 'Số bản': must be at least 1",
         "ThanhPhanHoSo!E3"},
        {"ComponentCopiesText",
         [](auto& s) { s[1].rows[1][4] = "hai"; },
         "ThanhPhanHoSo row 2, column 'Số bản': not a number",
         "ThanhPhanHoSo!E2"},
        {"ComponentDuplicateCode",
         [](auto& s) { s[1].rows[2][1] = "TP1"; },
         "ThanhPhanHoSo row 3, column 'Mã giấy tờ': duplicate component code 'TP1'",
         "ThanhPhanHoSo!B3"},
        {"ComponentWithoutName",
         [](auto& s) { s[1].rows[1][2] = std::monostate{}; },
         "ThanhPhanHoSo row 2, column 'Tên giấy tờ': must not be empty",
         "ThanhPhanHoSo!C2"},
        {"FeeNotNumber",
         [](auto& s) { s[2].rows[1][2] = "năm mươi nghìn"; },
         "PhiLePhi row 2, column 'Số tiền (VND)': not a number",
         "PhiLePhi!C2"},
        {"NegativeFee",
         [](auto& s) { s[2].rows[1][2] = -8000.0; },
         "PhiLePhi row 2, column 'Số tiền (VND)': must not be negative",
         "PhiLePhi!C2"},
        {"FeeOfUnknownProcedure",
         [](auto& s) { s[2].rows[1][0] = "9.000000"; },
         "PhiLePhi row 2, column 'Mã TTHC': procedure '9.000000' is not in sheet ThuTuc",
         "PhiLePhi!A2"},
        {"FeeSheetWithoutAmountColumn",
         [](auto& s) { s[2].rows[0][2] = "Tiền"; },
         "sheet PhiLePhi: missing column 'Số tiền (VND)' in the header row",
         "PhiLePhi"},
        {"SummaryFeeNotNumber",
         [](auto& s) {
             s.pop_back();
             s[0].rows[2][9] = "8000; miễn";
         },
         "ThuTuc row 3, column 'Phí/lệ phí (VND)': 'miễn' is not a number",
         "ThuTuc!J3"},
        {"SummaryFeeNamesMismatch",
         [](auto& s) {
             s.pop_back();
             s[0].rows[2][10] = "Phí; Lệ phí";
         },
         "ThuTuc row 3, column 'Mô tả phí': 2 fee names for 1 amounts",
         "ThuTuc!K3"},
    };
    return kCases;
}

class CatalogXlsxCorrupt : public CatalogXlsx, public testing::WithParamInterface<CorruptCase> {};

TEST_P(CatalogXlsxCorrupt, NamesSheetRowAndColumn) {
    std::vector<SheetSpec> sheets = GoodWorkbook();
    GetParam().corrupt(sheets);
    WriteWorkbook(Path("corrupt.xlsx"), sheets);
    const auto read = ReadCatalogXlsx(Path("corrupt.xlsx"));
    ASSERT_THAT(read, HasError(ErrorCode::kInvalidArgument));
    if (GetParam().message.empty()) {
        EXPECT_THAT(read.error().message, HasSubstr("has no sheet ThuTuc"));
        return;
    }
    EXPECT_EQ(read.error().message, GetParam().message);
    EXPECT_EQ(read.error().field, GetParam().cell);
    EXPECT_FALSE(read.error().message_vi.empty());
}

INSTANTIATE_TEST_SUITE_P(CatalogXlsx,
                         CatalogXlsxCorrupt,
                         testing::ValuesIn(CorruptCases()),
                         [](const testing::TestParamInfo<CorruptCase>& case_info) {
                             return std::string(case_info.param.name);
                         });

}  // namespace
}  // namespace motcua::integrations::tthc
