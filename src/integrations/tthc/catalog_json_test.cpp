#include "integrations/tthc/catalog_json.hpp"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/testing/result_matchers.hpp"

namespace motcua::integrations::tthc {
namespace {

using core::catalog::Component;
using core::catalog::DurationUnit;
using core::catalog::Fee;
using core::catalog::OnlineLevel;
using core::catalog::ProcedureLevel;
using core::catalog::ProcedureVersion;
using testing::HasSubstr;

std::string GoldenPath(std::string_view name) {
    return std::string(MOTCUA_SOURCE_DIR) + "/tests/golden/catalog/" + std::string(name);
}

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Compares `actual` with the golden file, or rewrites it when MOTCUA_UPDATE_GOLDEN=1.
void ExpectGolden(std::string_view name, const std::string& actual) {
    const std::string path = GoldenPath(name);
    const char* update = std::getenv("MOTCUA_UPDATE_GOLDEN");  // NOLINT(concurrency-mt-unsafe)
    if (update != nullptr && std::string_view(update) == "1") {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    EXPECT_EQ(actual, ReadFile(path))
        << "golden file " << path << " differs; rerun with MOTCUA_UPDATE_GOLDEN=1 to accept";
}

// Three procedures covering every field and the corners of the layout.
std::vector<ProcedureVersion> SampleCatalog() {
    ProcedureVersion birth;
    birth.code = "1.001193";
    birth.name = "Đăng ký khai sinh";
    birth.sector_code = "G09-TP09";
    birth.sector_name = "Hộ tịch";
    birth.level = ProcedureLevel::kCommune;
    birth.implementing_agency = "Ủy ban nhân dân cấp xã";
    birth.competent_agency = "Ủy ban nhân dân cấp xã";
    birth.steps =
        "Bước 1: Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa.\n"
        "Bước 2: Công chức tư pháp - hộ tịch kiểm tra hồ sơ.\n"
        "Bước 3: Trả kết quả.";
    birth.subjects = "Công dân Việt Nam";
    birth.requirements = "";
    birth.components = {
        {"TP1",
         "Tờ khai đăng ký khai sinh theo mẫu",
         true,
         1,
         true,
         "https://dichvucong.gov.vn/mau/TK-khai-sinh.docx"},
        {"TP2", "Giấy chứng sinh", true, 1, true, ""},
        {"TP3", "Giấy tờ tùy thân của người đi đăng ký (xuất trình)", false, 2, false, ""},
    };
    birth.deadline = 0;
    birth.deadline_unit = DurationUnit::kWorkingDays;
    birth.fees = {{"Lệ phí đăng ký khai sinh", 0, "Miễn lệ phí khi đăng ký đúng hạn"},
                  {"Lệ phí đăng ký khai sinh quá hạn", 8'000, "Theo Nghị quyết của HĐND tỉnh"}};
    birth.legal_basis =
        "Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014\n"
        "Nghị định 123/2015/NĐ-CP quy định chi tiết một số điều của Luật Hộ tịch";
    birth.result = "Giấy khai sinh (bản chính)";
    birth.online_level = OnlineLevel::kFull;
    birth.postal = true;

    ProcedureVersion license;
    license.code = "2.000908";
    license.name = "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ";
    license.sector_code = "G10-XD01";
    license.sector_name = "Hoạt động xây dựng";
    license.level = ProcedureLevel::kProvince;
    license.implementing_agency = "Sở Xây dựng";
    license.competent_agency = "Ủy ban nhân dân tỉnh; Sở Xây dựng (ủy quyền)";
    license.steps = "Nộp hồ sơ\n\nThẩm định hồ sơ, kiểm tra thực địa\nCấp giấy phép";
    license.subjects = "Tổ chức, cá nhân";
    license.requirements = "Phù hợp quy hoạch chi tiết xây dựng; bảo đảm an toàn công trình.";
    license.components = {
        {"GP1", "Đơn đề nghị cấp giấy phép xây dựng", true, 1, true, "mau-01.docx"},
        {"GP2", "Bản vẽ thiết kế xây dựng", true, 2, false, ""},
    };
    license.deadline = 15;
    license.deadline_unit = DurationUnit::kCalendarDays;
    license.fees = {{"Lệ phí cấp giấy phép xây dựng", 75'000, ""}};
    license.legal_basis = "Luật Xây dựng số 50/2014/QH13";
    license.result = "Giấy phép xây dựng";
    license.online_level = OnlineLevel::kPartial;
    license.postal = false;

    ProcedureVersion certify;
    certify.code = "2.000815";
    certify.name = "Chứng thực bản sao từ bản chính";
    certify.sector_name = "Chứng thực";
    certify.level = ProcedureLevel::kDistrict;
    certify.deadline = 4;
    certify.deadline_unit = DurationUnit::kWorkingHours;
    certify.online_level = OnlineLevel::kNone;
    return {birth, license, certify};
}

TEST(CatalogJson, WriteMatchesGolden) {
    ExpectGolden("sample.expected.json", WriteCatalogJson(SampleCatalog()));
}

TEST(CatalogJson, RoundTripIsLossless) {
    const std::vector<ProcedureVersion> sample = SampleCatalog();
    EXPECT_THAT(ParseCatalogJson(WriteCatalogJson(sample)), IsOkAndHolds(sample));
}

TEST(CatalogJson, EmptyCatalog) {
    EXPECT_EQ(WriteCatalogJson({}), "[]\n");
    EXPECT_THAT(ParseCatalogJson("[]"), IsOkAndHolds(testing::IsEmpty()));
}

TEST(CatalogJson, InvalidUtf8IsReplacedNotThrown) {
    std::vector<ProcedureVersion> sample = SampleCatalog();
    sample[0].name = "Đăng ký \xFF khai sinh";
    const std::string text = WriteCatalogJson(sample);
    EXPECT_THAT(text, HasSubstr("Đăng ký \xEF\xBF\xBD khai sinh"));
}

// A national-database export: sector as an array, two agencies with codes, named cases of
// steps, two channels with different deadlines, document numbers apart from titles, two dossier
// groups, originals and copies of one paper, unknown keys, no extension keys.
TEST(CatalogJson, ImportsNationalLayout) {
    const auto parsed = ParseCatalogJson(ReadFile(GoldenPath("dvcqg_import.input.json")));
    ASSERT_THAT(parsed, IsOk());
    ASSERT_EQ(parsed->size(), 1U);
    const ProcedureVersion& v = (*parsed)[0];
    EXPECT_EQ(v.code, "1.000656");
    EXPECT_EQ(v.sector_code, "G09-TP09");
    EXPECT_EQ(v.level, ProcedureLevel::kCommune);
    EXPECT_EQ(v.implementing_agency, "UBND xã A; UBND xã B");
    EXPECT_EQ(v.steps,
              "Trường hợp trực tiếp\nNộp hồ sơ\nNhận kết quả\nTrường hợp trực tuyến\nNộp "
              "trên Cổng DVC");
    EXPECT_EQ(v.deadline, 5);  // the first channel's
    EXPECT_EQ(v.deadline_unit, DurationUnit::kWorkingDays);
    ASSERT_EQ(v.fees.size(), 1U);
    EXPECT_EQ(v.fees[0], (Fee{"", 0, "Miễn lệ phí"}));
    ASSERT_EQ(v.components.size(), 3U);
    EXPECT_EQ(v.components[0],
              (Component{"1", "Tờ khai đăng ký kết hôn", true, 1, true, "https://x.vn/tk.doc"}));
    EXPECT_EQ(
        v.components[1],
        (Component{
            "2", "Giấy xác nhận tình trạng hôn nhân", true, 3, true, "Mẫu TP/HT-2020-XNTTHN"}));
    EXPECT_EQ(v.components[2], (Component{"3", "Hộ chiếu (bản sao)", false, 1, false, ""}));
    EXPECT_EQ(v.legal_basis,
              "Luật Hộ tịch số 60/2014/QH13\n123/2015/NĐ-CP Nghị định quy định chi tiết\n"
              "04/2020/TT-BTP");
    EXPECT_EQ(v.result, "Giấy chứng nhận kết hôn");
    EXPECT_EQ(v.online_level, OnlineLevel::kPartial);  // from KENH 2
    EXPECT_TRUE(v.postal);                             // from KENH 3
    ExpectGolden("dvcqg_import.expected.json", WriteCatalogJson(*parsed));
}

TEST(CatalogJson, LabelsReadLeniently) {
    EXPECT_THAT(ParseProcedureLevelLabel("Cấp Tỉnh"), IsOkAndHolds(ProcedureLevel::kProvince));
    EXPECT_THAT(ParseProcedureLevelLabel("CẤP XÃ"), IsOkAndHolds(ProcedureLevel::kCommune));
    EXPECT_THAT(ParseProcedureLevelLabel("cap huyen"), IsOkAndHolds(ProcedureLevel::kDistrict));
    EXPECT_THAT(ParseProcedureLevelLabel("central"), IsOkAndHolds(ProcedureLevel::kCentral));
    EXPECT_THAT(ParseProcedureLevelLabel("Cấp thôn"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseDurationUnitLabel("Ngày làm việc"), IsOkAndHolds(DurationUnit::kWorkingDays));
    EXPECT_THAT(ParseDurationUnitLabel("ngày"), IsOkAndHolds(DurationUnit::kCalendarDays));
    EXPECT_THAT(ParseDurationUnitLabel("Giờ làm việc"), IsOkAndHolds(DurationUnit::kWorkingHours));
    EXPECT_THAT(ParseDurationUnitLabel("working_days"), IsOkAndHolds(DurationUnit::kWorkingDays));
    EXPECT_THAT(ParseDurationUnitLabel("Tuần"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseOnlineLevelLabel("Toàn trình"), IsOkAndHolds(OnlineLevel::kFull));
    EXPECT_THAT(ParseOnlineLevelLabel("partial"), IsOkAndHolds(OnlineLevel::kPartial));
    for (const auto level : {ProcedureLevel::kCentral,
                             ProcedureLevel::kProvince,
                             ProcedureLevel::kDistrict,
                             ProcedureLevel::kCommune}) {
        EXPECT_THAT(ParseProcedureLevelLabel(ProcedureLevelLabel(level)), IsOkAndHolds(level));
    }
    for (const auto unit :
         {DurationUnit::kWorkingDays, DurationUnit::kCalendarDays, DurationUnit::kWorkingHours}) {
        EXPECT_THAT(ParseDurationUnitLabel(DurationUnitLabel(unit)), IsOkAndHolds(unit));
    }
    for (const auto online : {OnlineLevel::kNone, OnlineLevel::kPartial, OnlineLevel::kFull}) {
        EXPECT_THAT(ParseOnlineLevelLabel(OnlineLevelLabel(online)), IsOkAndHolds(online));
    }
}

// ---------------------------------------------------------------------------------------------
// Bad input: each error names the record and the field.

using Json = nlohmann::json;

struct BadRecordCase {
    std::string_view name;
    std::function<void(Json&)> mutate;  // applied to a valid record (the sample's first)
    std::string_view message;           // expected message, after "record 1, field "
};

Json ValidRecord() {
    return Json::parse(WriteCatalogJson(SampleCatalog()))[0];
}

const std::vector<BadRecordCase>& BadRecordCases() {
    static const std::vector<BadRecordCase> kCases = {
        {"MissingCode", [](Json& r) { r.erase("MATTHC"); }, "MATTHC: missing"},
        {"NullName", [](Json& r) { r["TENTTHC"] = nullptr; }, "TENTTHC: missing"},
        {"NameNotString",
         [](Json& r) { r["TENTTHC"] = 5; },
         "TENTTHC: expected a string, got number"},
        {"EmptyName", [](Json& r) { r["TENTTHC"] = ""; }, "TENTTHC: must not be empty"},
        {"BadCode",
         [](Json& r) { r["MATTHC"] = "1001193"; },
         "MATTHC: '1001193' is not a procedure code of the form d.dddddd"},
        {"SectorNameMissing",
         [](Json& r) { r["LINHVUCTHUCHIEN"].erase("TENLINHVUC"); },
         "LINHVUCTHUCHIEN.TENLINHVUC: missing"},
        {"SectorTwice",
         [](Json& r) {
             r["LINHVUCTHUCHIEN"] = Json::array({r["LINHVUCTHUCHIEN"], r["LINHVUCTHUCHIEN"]});
         },
         "LINHVUCTHUCHIEN: expected one sector, got 2"},
        {"UnknownLevel",
         [](Json& r) { r["CAPTHUCHIEN"] = "Cấp Thôn"; },
         "CAPTHUCHIEN: unknown level (cấp thực hiện) 'Cấp Thôn'"},
        {"AgenciesNotArray",
         [](Json& r) { r["COQUANTHUCHIEN"] = "UBND"; },
         "COQUANTHUCHIEN: expected an array, got string"},
        {"AgencyWithoutName",
         [](Json& r) {
             r["COQUANTHUCHIEN"][0] = {{"MADONVI", "X"}};
         },
         "COQUANTHUCHIEN[0].TENDONVI: missing"},
        {"NoChannels", [](Json& r) { r.erase("CACHTHUCTHUCHIEN"); }, "CACHTHUCTHUCHIEN: missing"},
        {"EmptyChannels",
         [](Json& r) { r["CACHTHUCTHUCHIEN"] = Json::array(); },
         "CACHTHUCTHUCHIEN: must not be empty"},
        {"UnknownChannel",
         [](Json& r) { r["CACHTHUCTHUCHIEN"][1]["KENH"] = 4; },
         "CACHTHUCTHUCHIEN[1].KENH: 4 is not 1 (counter), 2 (online) or 3 (postal)"},
        {"DeadlineAsString",
         [](Json& r) { r["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["THOIGIANGIAIQUYET"] = "5"; },
         "CACHTHUCTHUCHIEN[0].THOIGIAN[0].THOIGIANGIAIQUYET: expected an integer, got string"},
        {"DeadlineFraction",
         [](Json& r) { r["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["THOIGIANGIAIQUYET"] = 2.5; },
         "CACHTHUCTHUCHIEN[0].THOIGIAN[0].THOIGIANGIAIQUYET: expected an integer, got number"},
        {"NegativeDeadline",
         [](Json& r) { r["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["THOIGIANGIAIQUYET"] = -1; },
         "CACHTHUCTHUCHIEN[0].THOIGIAN[0].THOIGIANGIAIQUYET: must not be negative"},
        {"HugeDeadline",
         [](Json& r) {
             r["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["THOIGIANGIAIQUYET"] = 10'000'000'000LL;
         },
         "CACHTHUCTHUCHIEN[0].THOIGIAN[0].THOIGIANGIAIQUYET: 10000000000 is out of range"},
        {"UnknownUnit",
         [](Json& r) { r["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["DONVITINH"] = "Tuần"; },
         "CACHTHUCTHUCHIEN[0].THOIGIAN[0].DONVITINH: unknown time unit (đơn vị tính) 'Tuần'"},
        {"BadUnitInSecondChannel",
         [](Json& r) { r["CACHTHUCTHUCHIEN"][2]["THOIGIAN"][0]["DONVITINH"] = 1; },
         "CACHTHUCTHUCHIEN[2].THOIGIAN[0].DONVITINH: expected a string, got number"},
        {"NegativeFee",
         [](Json& r) { r["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["PHILEPHI"][1]["SOTIEN"] = -8000; },
         "CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[1].SOTIEN: must not be negative"},
        {"FeeInDollars",
         [](Json& r) { r["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["PHILEPHI"][0]["DONVI"] = "USD"; },
         "CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[0].DONVI: unsupported currency 'USD'"},
        {"PaperWithoutName",
         [](Json& r) { r["THANHPHANHOSO"][0]["GIAYTO"][2].erase("TENGIAYTO"); },
         "THANHPHANHOSO[0].GIAYTO[2].TENGIAYTO: missing"},
        {"PaperEmptyName",
         [](Json& r) { r["THANHPHANHOSO"][0]["GIAYTO"][2]["TENGIAYTO"] = ""; },
         "THANHPHANHOSO[0].GIAYTO[2].TENGIAYTO: must not be empty"},
        {"PaperDuplicateCode",
         [](Json& r) { r["THANHPHANHOSO"][0]["GIAYTO"][1]["MAGIAYTO"] = "TP1"; },
         "THANHPHANHOSO[0].GIAYTO[1].MAGIAYTO: duplicate component code 'TP1'"},
        {"PaperNoCopies",
         [](Json& r) {
             r["THANHPHANHOSO"][0]["GIAYTO"][0]["SOBANCHINH"] = 0;
             r["THANHPHANHOSO"][0]["GIAYTO"][0]["SOBANSAO"] = 0;
         },
         "THANHPHANHOSO[0].GIAYTO[0]: SOBANCHINH + SOBANSAO must be at least 1"},
        {"PaperRequiredAsText",
         [](Json& r) { r["THANHPHANHOSO"][0]["GIAYTO"][1]["BATBUOC"] = "có"; },
         "THANHPHANHOSO[0].GIAYTO[1].BATBUOC: expected true or false, got string"},
        {"PaperNotObject",
         [](Json& r) { r["THANHPHANHOSO"][0]["GIAYTO"][1] = "Giấy chứng sinh"; },
         "THANHPHANHOSO[0].GIAYTO[1]: expected an object, got string"},
        {"UnknownOnlineLevel",
         [](Json& r) { r["MUCDODVC"] = "level4"; },
         "MUCDODVC: unknown online service level (mức độ DVC) 'level4'"},
        {"PostalAsNumber",
         [](Json& r) { r["BUUCHINH"] = 1; },
         "BUUCHINH: expected true or false, got number"},
    };
    return kCases;
}

class CatalogJsonBadRecord : public testing::TestWithParam<BadRecordCase> {};

TEST_P(CatalogJsonBadRecord, NamesRecordAndField) {
    Json record = ValidRecord();
    GetParam().mutate(record);
    const auto parsed = ParseCatalogJson(Json::array({record}).dump());
    ASSERT_THAT(parsed, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(parsed.error().message,
                testing::StartsWith("record 1, field " + std::string(GetParam().message)));
    EXPECT_THAT(parsed.error().field, testing::StartsWith("[0]."));
    EXPECT_THAT(parsed.error().message_vi, testing::StartsWith("bản ghi 1, trường "));
}

INSTANTIATE_TEST_SUITE_P(CatalogJson,
                         CatalogJsonBadRecord,
                         testing::ValuesIn(BadRecordCases()),
                         [](const testing::TestParamInfo<BadRecordCase>& case_info) {
                             return std::string(case_info.param.name);
                         });

TEST(CatalogJson, ErrorNamesTwelfthRecord) {
    Json records = Json::array();
    for (int i = 0; i < 12; ++i) {
        records.push_back(ValidRecord());
    }
    records[11]["THANHPHANHOSO"][0]["GIAYTO"][2].erase("TENGIAYTO");
    const auto parsed = ParseCatalogJson(records.dump());
    ASSERT_THAT(parsed, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(parsed.error().message,
              "record 12, field THANHPHANHOSO[0].GIAYTO[2].TENGIAYTO: missing");
    EXPECT_EQ(parsed.error().field, "[11].THANHPHANHOSO[0].GIAYTO[2].TENGIAYTO");
}

TEST(CatalogJson, RejectsMalformedDocuments) {
    struct Case {
        std::string_view text;
        std::string_view message;
    };

    const std::vector<Case> cases = {
        {"", "malformed catalog JSON at byte 1"},
        {R"([{"MATTHC": "1.001193",}])",
         "malformed catalog JSON at byte 24: parse error at line 1, column 24"},
        {"[1, 2", "malformed catalog JSON"},
        {R"({"MATTHC": "1.001193"})",
         "catalog JSON must be an array of procedure records, got object"},
        {"[[]]", "record 1: expected an object, got array"},
        {"[{}]", "record 1, field MATTHC: missing"},
    };
    for (const Case& c : cases) {
        const auto parsed = ParseCatalogJson(c.text);
        ASSERT_THAT(parsed, HasError(ErrorCode::kInvalidArgument)) << c.text;
        EXPECT_THAT(parsed.error().message, testing::StartsWith(std::string(c.message))) << c.text;
    }
}

}  // namespace
}  // namespace motcua::integrations::tthc
