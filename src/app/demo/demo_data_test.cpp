#include "app/demo/demo_data.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"

namespace motcua::app::demo {
namespace {

using core::catalog::DurationUnit;
using core::catalog::OnlineLevel;
using core::catalog::ProcedureLevel;
using core::catalog::ProcedureVersion;
using testing::HasSubstr;

std::string ReadDataFile(const std::string& name) {
    const std::string path = std::string(MOTCUA_SOURCE_DIR) + "/data/demo/" + name;
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot open " << path;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

constexpr std::string_view kProcedureHeader =
    "code\tname\tsector_code\tsector_name\tlevel\timplementing_agency\tdeadline\tunit\tonline\t"
    "postal\tfee_vnd\tfee_name\tresult\tlegal_basis\tcomponents\n";

constexpr std::string_view kBirth =
    "1.001193\tĐăng ký khai sinh\tTP-HOTICH\tHộ tịch\tcommune\tUBND cấp xã\t0\tworking_days\tfull\t"
    "1\t0\t\tGiấy khai sinh\tLuật Hộ tịch 2014\t"
    "TP1|Tờ khai đăng ký khai sinh|1|1|1;TP2|Giấy chứng sinh|1|1|1\n";

constexpr std::string_view kRetailLiquor =
    "2.000620\tCấp Giấy phép bán lẻ rượu\tCT-LUUTHONGHANGHOA\tLưu thông hàng hóa trong nước\t"
    "commune\tUBND cấp xã\t10\tworking_days\tpartial\t0\t600000\tPhí thẩm định\tGiấy phép\t"
    "Nghị định 105/2017/NĐ-CP\tTP1|Đơn đề nghị|1|1|1;TP2|Bản sao đăng ký kinh doanh|0|2|0\n";

// ---------------------------------------------------------------------------------------------
// The shipped files

std::vector<ProcedureVersion> ShippedProcedures() {
    auto parsed = ParseDemoProcedures(ReadDataFile("procedures.tsv"));
    EXPECT_THAT(parsed, IsOk());
    return parsed ? std::move(*parsed) : std::vector<ProcedureVersion>{};
}

std::vector<DemoAgency> ShippedAgencies() {
    auto parsed = ParseDemoAgencies(ReadDataFile("agencies.tsv"));
    EXPECT_THAT(parsed, IsOk());
    return parsed ? std::move(*parsed) : std::vector<DemoAgency>{};
}

TEST(ShippedDemoData, HasAProvinceSizedCatalog) {
    const std::vector<ProcedureVersion> procedures = ShippedProcedures();
    EXPECT_GE(procedures.size(), 220U);
    std::set<std::string> sectors;
    int commune = 0;
    int province = 0;
    for (const ProcedureVersion& v : procedures) {
        sectors.insert(v.sector_code);
        commune += v.level == ProcedureLevel::kCommune ? 1 : 0;
        province += v.level == ProcedureLevel::kProvince ? 1 : 0;
    }
    EXPECT_GE(sectors.size(), 15U);
    EXPECT_GE(commune, 60);
    EXPECT_GE(province, 60);
}

TEST(ShippedDemoData, ProcedureCodesAreUnique) {
    const std::vector<ProcedureVersion> procedures = ShippedProcedures();
    std::set<std::string> codes;
    for (const ProcedureVersion& v : procedures) {
        EXPECT_TRUE(codes.insert(v.code).second) << "duplicate " << v.code;
    }
}

TEST(ShippedDemoData, SectorCodesNameOneSectorEach) {
    const std::vector<ProcedureVersion> procedures = ShippedProcedures();
    std::map<std::string, std::string> names;
    for (const ProcedureVersion& v : procedures) {
        const auto [it, inserted] = names.emplace(v.sector_code, v.sector_name);
        EXPECT_EQ(it->second, v.sector_name) << v.code << " in sector " << v.sector_code;
    }
}

TEST(ShippedDemoData, EveryImplementingAgencyExists) {
    const std::vector<ProcedureVersion> procedures = ShippedProcedures();
    const std::vector<DemoAgency> agencies = ShippedAgencies();
    std::set<std::string> names;
    for (const DemoAgency& a : agencies) {
        names.insert(a.name);
    }
    for (const ProcedureVersion& v : procedures) {
        if (v.implementing_agency == "UBND cấp xã") {
            EXPECT_EQ(v.level, ProcedureLevel::kCommune) << v.code;
        } else {
            EXPECT_TRUE(names.contains(v.implementing_agency))
                << v.code << ": no agency named '" << v.implementing_agency << "'";
        }
    }
}

TEST(ShippedDemoData, BirthRegistrationIsTheRealOne) {
    const std::vector<ProcedureVersion> procedures = ShippedProcedures();
    const auto it = std::find_if(procedures.begin(),
                                 procedures.end(),
                                 [](const ProcedureVersion& v) { return v.code == "1.001193"; });
    ASSERT_NE(it, procedures.end());
    EXPECT_EQ(it->name, "Đăng ký khai sinh");
    EXPECT_EQ(it->sector_name, "Hộ tịch");
    EXPECT_EQ(it->level, ProcedureLevel::kCommune);
    EXPECT_TRUE(it->fees.empty());
    EXPECT_FALSE(it->components.empty());
}

TEST(ShippedDemoData, AgencyTreeIsComplete) {
    const std::vector<DemoAgency> agencies = ShippedAgencies();
    EXPECT_GE(agencies.size(), 45U);
    const std::regex code_form(R"(^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9A-Z]{2}$)");
    std::set<std::string> codes;
    std::map<std::string, int> kinds;
    for (const DemoAgency& a : agencies) {
        EXPECT_TRUE(std::regex_match(a.code, code_form)) << a.code;
        EXPECT_TRUE(codes.insert(a.code).second) << "duplicate " << a.code;
        ++kinds[a.kind];
    }
    for (const DemoAgency& a : agencies) {
        if (a.kind != "province") {
            EXPECT_TRUE(codes.contains(a.parent_code)) << a.code << " has parent " << a.parent_code;
        }
    }
    EXPECT_EQ(kinds["province"], 1);
    EXPECT_GE(kinds["commune"], 40);
    EXPECT_GE(kinds["service_center"], 1);
    EXPECT_GE(kinds["department"], 10);
    EXPECT_EQ(agencies.front().code, "000.00.00.H99");
    EXPECT_EQ(agencies.front().kind, "province");
}

// ---------------------------------------------------------------------------------------------
// Parsing procedures

TEST(ParseDemoProcedures, ReadsEveryColumn) {
    const std::string text = std::string(kProcedureHeader) + std::string(kBirth) + "\n# comment\n" +
                             std::string(kRetailLiquor);
    const auto parsed = ParseDemoProcedures(text);
    ASSERT_THAT(parsed, IsOk());
    ASSERT_EQ(parsed->size(), 2U);

    const ProcedureVersion& birth = (*parsed)[0];
    EXPECT_EQ(birth.code, "1.001193");
    EXPECT_EQ(birth.version, 1);
    EXPECT_EQ(birth.name, "Đăng ký khai sinh");
    EXPECT_EQ(birth.sector_code, "TP-HOTICH");
    EXPECT_EQ(birth.sector_name, "Hộ tịch");
    EXPECT_EQ(birth.level, ProcedureLevel::kCommune);
    EXPECT_EQ(birth.implementing_agency, "UBND cấp xã");
    EXPECT_EQ(birth.deadline, 0);
    EXPECT_EQ(birth.deadline_unit, DurationUnit::kWorkingDays);
    EXPECT_EQ(birth.online_level, OnlineLevel::kFull);
    EXPECT_TRUE(birth.postal);
    EXPECT_TRUE(birth.fees.empty());
    EXPECT_EQ(birth.result, "Giấy khai sinh");
    EXPECT_EQ(birth.legal_basis, "Luật Hộ tịch 2014");
    ASSERT_EQ(birth.components.size(), 2U);
    EXPECT_EQ(birth.components[1].code, "TP2");
    EXPECT_EQ(birth.components[1].name, "Giấy chứng sinh");
    EXPECT_EQ(birth.decision, core::model::DecisionId{});
    EXPECT_EQ(birth.effective_from, core::calendar::LocalDate{});

    const ProcedureVersion& liquor = (*parsed)[1];
    EXPECT_EQ(liquor.online_level, OnlineLevel::kPartial);
    EXPECT_FALSE(liquor.postal);
    ASSERT_EQ(liquor.fees.size(), 1U);
    EXPECT_EQ(liquor.fees[0].name, "Phí thẩm định");
    EXPECT_EQ(liquor.fees[0].amount_vnd, 600000);
    const core::catalog::Component& copy = liquor.components[1];
    EXPECT_FALSE(copy.required);
    EXPECT_EQ(copy.copies, 2);
    EXPECT_FALSE(copy.original);
}

TEST(ParseDemoProcedures, AcceptsByteOrderMarkAndCrLf) {
    std::string text = "\xEF\xBB\xBF" + std::string(kProcedureHeader) + std::string(kBirth);
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 2)) {
        text.insert(at, "\r");
    }
    const auto parsed = ParseDemoProcedures(text);
    ASSERT_THAT(parsed, IsOk());
    EXPECT_EQ(parsed->size(), 1U);
    EXPECT_EQ(parsed->front().components.back().original, true);
}

// Replaces the `column`-th (0-based) tab-separated cell of the one-line record `line`.
std::string WithCell(std::string_view line, std::size_t column, std::string_view value) {
    std::string record(line.substr(0, line.size() - 1));  // without '\n'
    std::size_t begin = 0;
    for (std::size_t i = 0; i < column; ++i) {
        begin = record.find('\t', begin) + 1;
    }
    const std::size_t end = record.find('\t', begin);
    record.replace(begin, (end == std::string::npos ? record.size() : end) - begin, value);
    return record + "\n";
}

struct BadProcedure {
    std::string_view name;
    std::size_t column;  // 0-based cell to replace in the second record
    std::string_view value;
    std::string_view message_part;
};

class BadProcedureLine : public testing::TestWithParam<BadProcedure> {};

TEST_P(BadProcedureLine, NamesLineAndColumn) {
    const BadProcedure& bad = GetParam();
    // Line 1 header, line 2 good, line 3 the bad one.
    const std::string text = std::string(kProcedureHeader) + std::string(kBirth) +
                             WithCell(kRetailLiquor, bad.column, bad.value);
    const auto parsed = ParseDemoProcedures(text);
    ASSERT_THAT(parsed, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(parsed.error().message, HasSubstr("line 3"));
    EXPECT_THAT(parsed.error().message, HasSubstr(bad.message_part));
    EXPECT_THAT(parsed.error().message_vi, HasSubstr("dòng 3"));
}

INSTANTIATE_TEST_SUITE_P(
    Cells,
    BadProcedureLine,
    testing::Values(
        BadProcedure{"BadCode", 0, "1.23", "code"},
        BadProcedure{"DuplicateCode",
                     0,
                     "1.001193",
                     "duplicate procedure code '1.001193' (first "
                     "on line 2)"},
        BadProcedure{"EmptyName", 1, "", "column 2 (name): must not be empty"},
        BadProcedure{"UnknownLevel", 4, "county", "column 5 (level)"},
        BadProcedure{"DistrictLevel", 4, "district", "expected province or commune"},
        BadProcedure{"EmptyAgency", 5, "", "column 6 (implementing_agency)"},
        BadProcedure{"NegativeDeadline", 6, "-1", "column 7 (deadline): must not be negative"},
        BadProcedure{"TextDeadline", 6, "ten", "column 7 (deadline): expects a whole number"},
        BadProcedure{"UnknownUnit", 7, "weeks", "column 8 (unit)"},
        BadProcedure{"UnknownOnline", 8, "some", "column 9 (online)"},
        BadProcedure{"BadPostal", 9, "yes", "column 10 (postal)"},
        BadProcedure{"BadFee", 10, "600.000", "column 11 (fee_vnd)"},
        BadProcedure{"FeeWithoutName", 11, "", "column 12 (fee_name): a fee of 600000 VND"},
        BadProcedure{"SpacePadded", 12, " Giấy phép", "column 13 (result): has leading"},
        BadProcedure{"NoComponents", 14, "", "column 15 (components): needs at least one"},
        BadProcedure{"ShortComponent", 14, "TP1|Đơn|1|1", "component 1: expected CODE|name"},
        BadProcedure{"ZeroCopies", 14, "TP1|Đơn|1|1|1;TP2|Bản sao|1|0|0", "component 2: copies"},
        BadProcedure{"BadRequired", 14, "TP1|Đơn|x|1|1", "component 1: required must be 0 or 1"},
        BadProcedure{"TrailingSeparator", 14, "TP1|Đơn|1|1|1;", "component 2"},
        BadProcedure{"DuplicateComponent",
                     14,
                     "TP1|Đơn|1|1|1;TP1|Bản sao|1|1|0",
                     "components[1].code: duplicate component code 'TP1'"}),
    [](const testing::TestParamInfo<BadProcedure>& case_info) {
        return std::string(case_info.param.name);
    });

TEST(ParseDemoProcedures, FreeProcedureHasNoFeeName) {
    const std::string text =
        std::string(kProcedureHeader) + WithCell(kBirth, 11, "Lệ phí đăng ký khai sinh");
    const auto parsed = ParseDemoProcedures(text);
    ASSERT_THAT(parsed, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(parsed.error().message, HasSubstr("line 2, column 12 (fee_name)"));
    EXPECT_EQ(parsed.error().field, "fee_name");
}

TEST(ParseDemoProcedures, WrongColumnCountNamesTheLine) {
    const std::string text = std::string(kProcedureHeader) + "\n" + "1.001193\tĐăng ký khai sinh\n";
    const auto parsed = ParseDemoProcedures(text);
    ASSERT_THAT(parsed, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(parsed.error().message,
                HasSubstr("line 3: expected 15 tab-separated columns, got 2"));
}

TEST(ParseDemoProcedures, HeaderMustMatch) {
    const auto renamed =
        ParseDemoProcedures(WithCell(kProcedureHeader, 2, "sector") + std::string(kBirth));
    ASSERT_THAT(renamed, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(renamed.error().message,
                HasSubstr("line 1: header column 3 must be 'sector_code', got 'sector'"));

    const auto headless = ParseDemoProcedures(kBirth);
    ASSERT_THAT(headless, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(headless.error().message, HasSubstr("line 1: header column 1"));

    EXPECT_THAT(ParseDemoProcedures(""), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseDemoProcedures(kProcedureHeader), IsOkAndHolds(testing::IsEmpty()));
}

// ---------------------------------------------------------------------------------------------
// Parsing agencies

constexpr std::string_view kAgencies =
    "code\tname\tkind\tparent_code\n"
    "000.00.00.H99\tUBND tỉnh Hòa Bình Xanh\tprovince\t\n"
    "000.00.02.H99\tSở Tư pháp\tdepartment\t000.00.00.H99\n"
    "\n"
    "000.00.21.H99\tUBND xã Yên Mông\tcommune\t000.00.00.H99\n";

TEST(ParseDemoAgencies, ReadsTheTreeInOrder) {
    const auto parsed = ParseDemoAgencies(kAgencies);
    ASSERT_THAT(parsed, IsOk());
    ASSERT_EQ(parsed->size(), 3U);
    EXPECT_EQ((*parsed)[0],
              (DemoAgency{"000.00.00.H99", "UBND tỉnh Hòa Bình Xanh", "province", ""}));
    EXPECT_EQ((*parsed)[2],
              (DemoAgency{"000.00.21.H99", "UBND xã Yên Mông", "commune", "000.00.00.H99"}));
}

struct BadAgency {
    std::string_view name;
    std::string_view line;  // appended as line 6
    std::string_view message_part;
};

class BadAgencyLine : public testing::TestWithParam<BadAgency> {};

TEST_P(BadAgencyLine, NamesTheLine) {
    const BadAgency& bad = GetParam();
    const std::string text = std::string(kAgencies) + std::string(bad.line) + "\n";
    const auto parsed = ParseDemoAgencies(text);
    ASSERT_THAT(parsed, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(parsed.error().message, HasSubstr("line 6"));
    EXPECT_THAT(parsed.error().message, HasSubstr(bad.message_part));
}

INSTANTIATE_TEST_SUITE_P(
    Lines,
    BadAgencyLine,
    testing::Values(
        BadAgency{"LowerCaseCode",
                  "000.00.22.h99\tUBND xã A\tcommune\t000.00.00.H99",
                  "column 1 (code): '000.00.22.h99' is not an agency code"},
        BadAgency{"ShortCode", "00.00.22.H99\tUBND xã A\tcommune\t000.00.00.H99", "column 1"},
        BadAgency{"DuplicateCode",
                  "000.00.21.H99\tUBND xã A\tcommune\t000.00.00.H99",
                  "duplicate agency code '000.00.21.H99' (first on line 5)"},
        BadAgency{"EmptyName", "000.00.22.H99\t\tcommune\t000.00.00.H99", "column 2 (name)"},
        BadAgency{"UnknownKind",
                  "000.00.22.H99\tUBND huyện A\tdistrict\t000.00.00.H99",
                  "column 3 (kind): unknown agency kind 'district'"},
        BadAgency{"UnknownParent",
                  "000.00.22.H99\tUBND xã A\tcommune\t000.00.99.H99",
                  "column 4 (parent_code): parent '000.00.99.H99' is not defined"},
        BadAgency{"Orphan", "000.00.22.H99\tUBND xã A\tcommune\t", "only the province"},
        BadAgency{"SecondProvince", "000.00.00.H98\tUBND tỉnh B\tprovince\t", "a second province"},
        BadAgency{"MissingColumn", "000.00.22.H99\tUBND xã A\tcommune", "expected 4"}),
    [](const testing::TestParamInfo<BadAgency>& case_info) {
        return std::string(case_info.param.name);
    });

TEST(ParseDemoAgencies, ParentMustComeFirst) {
    const auto parsed = ParseDemoAgencies(
        "code\tname\tkind\tparent_code\n"
        "000.00.00.H99\tUBND tỉnh\tprovince\t\n"
        "000.01.05.H99\tVăn phòng đăng ký đất đai\tother\t000.00.05.H99\n"
        "000.00.05.H99\tSở Nông nghiệp và Môi trường\tdepartment\t000.00.00.H99\n");
    ASSERT_THAT(parsed, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(parsed.error().message, HasSubstr("line 3, column 4 (parent_code)"));
}

TEST(ParseDemoAgencies, NeedsAProvince) {
    const auto parsed = ParseDemoAgencies("code\tname\tkind\tparent_code\n# nothing yet\n");
    ASSERT_THAT(parsed, HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(parsed.error().message, HasSubstr("no agencies"));
}

}  // namespace
}  // namespace motcua::app::demo
