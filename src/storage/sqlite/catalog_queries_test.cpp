// SqliteDirectory through the CatalogQueries port, on ":memory:" and a file database: the
// agency tree, publication decisions newest first and one decision with its versions, the
// processes of a procedure, reviews, and the ranking, fallback and paging of catalog search.
#include "core/ports/catalog_queries.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/catalog/procedure.hpp"
#include "core/model/agency.hpp"
#include "core/workflow/process.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/testing/test_db.hpp"
#include "storage/testing/province_fixture.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace wf = core::workflow;
namespace cat = core::catalog;
namespace cal = core::calendar;
namespace model = core::model;

using core::ports::CatalogQueries;
using core::ports::SearchPage;
using core::ports::SearchQuery;
using storage::testing::FirstDecision;
using storage::testing::MakeDecision;
using testing::DbKind;
using testing::DbKindName;
using testing::DbTest;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr const char* kProvince = "000.00.00.H99";
constexpr const char* kDepartment = "000.00.05.H99";
constexpr const char* kLandOffice = "000.01.05.H99";  // under the department
constexpr const char* kCommuneA = "000.00.21.H99";
constexpr const char* kCommuneB = "000.00.22.H99";
constexpr const char* kBirth = "1.001193";

cal::LocalDate Day(std::string_view text) {
    return *cal::ParseDate(text);
}

cat::ProcedureVersion MakeVersion(std::string code, std::string name) {
    cat::ProcedureVersion v = storage::testing::MakeVersion(std::move(code), std::move(name));
    v.implementing_agency = "UBND cấp xã";
    return v;
}

// Birth registration and its neighbours in the catalog, as the search must tell them apart.
const std::vector<std::pair<std::string, std::string>> kCatalog = {
    {kBirth, "Đăng ký khai sinh"},
    {"1.004884", "Đăng ký lại khai sinh"},
    {"1.003583", "Đăng ký khai sinh lưu động"},
    {"2.000528", "Đăng ký khai sinh có yếu tố nước ngoài"},
    {"2.000986",
     "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm "
     "y tế cho trẻ em dưới 6 tuổi"},
    {"2.000635", "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh"},
    {"1.000894", "Đăng ký kết hôn"},
    {"1.000656", "Đăng ký khai tử"},
};

class CatalogQueriesTest : public DbTest {
protected:
    void SetUp() override {
        DatabaseOptions options;
        options.path = DbPath();
        auto db = Database::Open(options);
        ASSERT_THAT(db, IsOk());
        db_ = std::move(*db);
        auto national = cal::BuiltinNationalSchedules();
        ASSERT_THAT(national, IsOk());
        directory_ = std::make_unique<SqliteDirectory>(*db_, std::move(*national));

        // Saved out of code order, to see the tree sort siblings.
        model::Agency province;
        province.code = kProvince;
        province.name = "UBND tỉnh";
        province.kind = model::AgencyKind::kProvince;
        const auto province_id = directory_->SaveAgency(province);
        ASSERT_THAT(province_id, IsOk());
        std::optional<model::AgencyId> department;
        for (const auto& [code, kind] : {std::pair{kCommuneB, model::AgencyKind::kCommune},
                                         std::pair{kDepartment, model::AgencyKind::kDepartment},
                                         std::pair{kCommuneA, model::AgencyKind::kCommune}}) {
            model::Agency a;
            a.code = code;
            a.name = std::string("Cơ quan ") + code;
            a.kind = kind;
            a.parent = *province_id;
            const auto id = directory_->SaveAgency(a);
            ASSERT_THAT(id, IsOk());
            if (std::string_view(code) == kDepartment) {
                department = *id;
            }
        }
        model::Agency land;
        land.code = kLandOffice;
        land.name = "Văn phòng đăng ký đất đai";
        land.kind = model::AgencyKind::kOther;
        land.parent = department;
        ASSERT_THAT(directory_->SaveAgency(land), IsOk());

        std::vector<cat::DecisionItem> items;
        for (const auto& [code, name] : kCatalog) {
            items.push_back({cat::ChangeKind::kNew, code, MakeVersion(code, name), {}});
        }
        ASSERT_THAT(directory_->Publish(FirstDecision(std::move(items))), IsOk());
    }

    CatalogQueries& queries() { return *directory_; }

    static std::vector<std::string> Names(const SearchPage& page) {
        std::vector<std::string> out;
        for (const core::ports::SearchHit& h : page.items) {
            out.push_back(h.version.name);
        }
        return out;
    }

    Result<SearchPage> Find(std::string text, int limit = 20, int offset = 0) {
        SearchQuery q;
        q.text = std::move(text);
        q.on = Day("2026-03-02");
        q.limit = limit;
        q.offset = offset;
        return queries().Search(q);
    }

    std::unique_ptr<Database> db_;
    std::unique_ptr<SqliteDirectory> directory_;
};

INSTANTIATE_TEST_SUITE_P(Db,
                         CatalogQueriesTest,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile),
                         DbKindName);

TEST_P(CatalogQueriesTest, AgencyTreeIsDepthFirstWithSiblingsByCode) {
    const auto tree = queries().AgencyTree();
    ASSERT_THAT(tree, IsOk());
    std::vector<std::string> lines;
    for (const core::ports::AgencyNode& n : *tree) {
        lines.push_back(std::to_string(n.depth) + " " + n.agency.code + " < " + n.parent_code);
    }
    EXPECT_THAT(lines,
                ElementsAre("0 000.00.00.H99 < ",
                            "1 000.00.05.H99 < 000.00.00.H99",
                            "2 000.01.05.H99 < 000.00.05.H99",
                            "1 000.00.21.H99 < 000.00.00.H99",
                            "1 000.00.22.H99 < 000.00.00.H99"));
    const auto agencies = queries().Agencies();
    ASSERT_THAT(agencies, IsOk());
    EXPECT_EQ(agencies->size(), tree->size());
}

TEST_P(CatalogQueriesTest, DecisionsNewestFirstAndOneWithItsVersions) {
    cat::ProcedureVersion amended = MakeVersion(kBirth, "Đăng ký khai sinh");
    amended.deadline = 3;
    ASSERT_THAT(directory_->Publish(
                    MakeDecision("200/QĐ-UBND",
                                 "2025-12-15",
                                 "2026-01-01",
                                 {{cat::ChangeKind::kAmended, kBirth, amended, {}},
                                  {cat::ChangeKind::kAbolished, "1.003583", std::nullopt, {}}})),
                IsOk());
    // Signed later, in force the same day: it comes first.
    ASSERT_THAT(
        directory_->Publish(MakeDecision(
            "210/QĐ-UBND",
            "2025-12-20",
            "2026-01-01",
            {{cat::ChangeKind::kNew, "1.009999", MakeVersion("1.009999", "Thủ tục mới"), {}}})),
        IsOk());

    const auto decisions = queries().Decisions();
    ASSERT_THAT(decisions, IsOk());
    std::vector<std::string> numbers;
    for (const cat::PublicationDecision& d : *decisions) {
        numbers.push_back(d.number);
        for (const cat::DecisionItem& item : d.items) {
            EXPECT_FALSE(item.version.has_value()) << d.number << " " << item.code;
        }
    }
    EXPECT_THAT(numbers, ElementsAre("210/QĐ-UBND", "200/QĐ-UBND", "100/QĐ-UBND"));
    ASSERT_EQ((*decisions)[1].items.size(), 2U);
    EXPECT_EQ((*decisions)[1].items[0].kind, cat::ChangeKind::kAmended);
    EXPECT_EQ((*decisions)[1].items[1].kind, cat::ChangeKind::kAbolished);
    EXPECT_EQ((*decisions)[1].items[1].code, "1.003583");
    EXPECT_EQ((*decisions)[2].items.size(), kCatalog.size());
    EXPECT_EQ((*decisions)[1].effective_on, Day("2026-01-01"));

    const auto one = queries().Decision("200/QĐ-UBND");
    ASSERT_THAT(one, IsOk());
    EXPECT_EQ(one->title, "Công bố thủ tục hành chính");
    ASSERT_EQ(one->items.size(), 2U);
    ASSERT_TRUE(one->items[0].version.has_value());
    EXPECT_EQ(one->items[0].version->version, 2);
    EXPECT_EQ(one->items[0].version->deadline, 3);
    EXPECT_EQ(one->items[0].version->decision, one->id);
    EXPECT_FALSE(one->items[1].version.has_value());
    EXPECT_THAT(queries().Decision("999/QĐ-UBND"), HasError(ErrorCode::kNotFound));

    // History and versions in force follow the decisions.
    const auto history = queries().History(kBirth);
    ASSERT_THAT(history, IsOk());
    ASSERT_EQ(history->size(), 2U);
    EXPECT_EQ((*history)[0].effective_to, Day("2026-01-01"));
    EXPECT_FALSE((*history)[1].effective_to.has_value());
    EXPECT_THAT(queries().History("9.999999"), IsOkAndHolds(IsEmpty()));
    const auto before = queries().VersionsInForce(Day("2025-12-31"));
    const auto after = queries().VersionsInForce(Day("2026-01-01"));
    ASSERT_THAT(before, IsOk());
    ASSERT_THAT(after, IsOk());
    EXPECT_EQ(before->size(), kCatalog.size());
    EXPECT_EQ(after->size(), kCatalog.size());  // one abolished, one new
}

TEST_P(CatalogQueriesTest, ProcessesOfAProcedureByAgency) {
    for (const char* agency : {kCommuneB, kCommuneA}) {
        wf::InternalProcess p;
        p.procedure_code = kBirth;
        p.agency_code = agency;
        p.steps = {{"Thẩm định", wf::Role::kSpecialist, "", 8, cal::DurationUnit::kWorkingHours}};
        ASSERT_THAT(directory_->SaveProcess(p, Day("2026-03-02")), IsOk());
    }
    const auto processes = queries().Processes(kBirth);
    ASSERT_THAT(processes, IsOk());
    ASSERT_EQ(processes->size(), 2U);
    EXPECT_EQ((*processes)[0].agency_code, kCommuneA);
    EXPECT_EQ((*processes)[1].agency_code, kCommuneB);
    EXPECT_EQ((*processes)[0].steps.size(), 1U);
    EXPECT_THAT(queries().Process(kBirth, kCommuneB), IsOkAndHolds((*processes)[1]));
    EXPECT_THAT(queries().Process(kBirth, kProvince), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(queries().Processes("1.000894"), IsOkAndHolds(IsEmpty()));
}

TEST_P(CatalogQueriesTest, ReviewsOfADecisionOrAll) {
    ASSERT_THAT(directory_->SaveReview({kBirth, "300/QĐ-UBND", 5, 3, 100000, 50000, 1000, 1}),
                IsOk());
    ASSERT_THAT(directory_->SaveReview({"1.000894", "301/QĐ-UBND", 5, 4, 0, 0, 10, 1}), IsOk());
    const auto one = queries().Reviews("300/QĐ-UBND");
    ASSERT_THAT(one, IsOk());
    ASSERT_EQ(one->size(), 1U);
    EXPECT_EQ(one->front().procedure_code, kBirth);
    const auto all = queries().Reviews("");
    ASSERT_THAT(all, IsOk());
    EXPECT_EQ(all->size(), 2U);
    EXPECT_THAT(queries().Reviews("999/QĐ-UBND"), IsOkAndHolds(IsEmpty()));
}

TEST_P(CatalogQueriesTest, SearchRanksTheNameThatIsTheQueryFirst) {
    const auto page = Find("dang ky khai sinh");
    ASSERT_THAT(page, IsOk());
    EXPECT_FALSE(page->partial);
    EXPECT_EQ(page->total, 5);
    const std::vector<std::string> names = Names(*page);
    ASSERT_EQ(names.size(), 5U);
    // The exact name; names that start with it; the phrase inside a name; the words apart.
    EXPECT_EQ(names[0], "Đăng ký khai sinh");
    EXPECT_THAT(std::vector<std::string>(names.begin() + 1, names.begin() + 3),
                UnorderedElementsAre("Đăng ký khai sinh lưu động",
                                     "Đăng ký khai sinh có yếu tố nước ngoài"));
    EXPECT_EQ(names[3], kCatalog[4].second);
    EXPECT_EQ(names[4], "Đăng ký lại khai sinh");
    for (std::size_t i = 1; i < page->items.size(); ++i) {
        EXPECT_LE(page->items[i - 1].rank, page->items[i].rank);
    }
    // Same with diacritics and case, and with the code.
    EXPECT_THAT(Find("ĐĂNG KÝ KHAI SINH").map(Names), IsOkAndHolds(ElementsAreArray(names)));
    const auto by_code = Find("1.001193");
    ASSERT_THAT(by_code, IsOk());
    EXPECT_THAT(Names(*by_code), ElementsAre("Đăng ký khai sinh"));
}

TEST_P(CatalogQueriesTest, SearchPagesKeepTheRankedOrder) {
    const auto all = Find("khai sinh");
    ASSERT_THAT(all, IsOk());
    EXPECT_EQ(all->total, 6);
    std::vector<std::string> paged;
    for (int offset = 0; offset < 8; offset += 2) {
        const auto page = Find("khai sinh", 2, offset);
        ASSERT_THAT(page, IsOk());
        EXPECT_EQ(page->total, 6);
        for (const std::string& n : Names(*page)) {
            paged.push_back(n);
        }
    }
    EXPECT_THAT(paged, ElementsAreArray(Names(*all)));
}

TEST_P(CatalogQueriesTest, SearchFallsBackToSomeOfTheWords) {
    // "ki" is a common misspelling of "ký": no name has every word.
    const auto page = Find("dang ki khai sinh");
    ASSERT_THAT(page, IsOk());
    EXPECT_TRUE(page->partial);
    ASSERT_FALSE(page->items.empty());
    EXPECT_EQ(page->items.front().version.name, "Đăng ký khai sinh");
    // Nothing at all: an empty page, not partial.
    const auto none = Find("xyzzy plugh");
    ASSERT_THAT(none, IsOk());
    EXPECT_EQ(none->total, 0);
    EXPECT_FALSE(none->partial);
    // One unknown word has nothing to fall back to.
    const auto one = Find("xyzzy");
    ASSERT_THAT(one, IsOk());
    EXPECT_EQ(one->total, 0);
}

TEST_P(CatalogQueriesTest, SearchWithoutTextListsByName) {
    const auto page = Find("", 3);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, static_cast<std::int64_t>(kCatalog.size()));
    // Folded order: "Đ" sorts as "d", after "C".
    EXPECT_THAT(Names(*page),
                ElementsAre("Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",
                            "Đăng ký kết hôn",
                            "Đăng ký khai sinh"));
}

}  // namespace
}  // namespace motcua::storage::sqlite
