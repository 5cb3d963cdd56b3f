// Catalog search on the demo province's catalog (data/demo/procedures.tsv, as seed-demo
// publishes it): the everyday queries must put the procedure people mean first.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/demo/demo_data.hpp"
#include "app/demo/demo_files.hpp"
#include "common/testing/result_matchers.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/ports/catalog_queries.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"

namespace motcua::app::demo {
namespace {

namespace cal = core::calendar;
namespace cat = core::catalog;

std::string_view DemoFile(std::string_view name) {
    for (const EmbeddedFile& f : BuiltinDemoFiles()) {
        if (f.name == name) {
            return f.text;
        }
    }
    return {};
}

class DemoSearchTest : public ::testing::Test {
protected:
    void SetUp() override {
        storage::sqlite::DatabaseOptions options;
        options.path = ":memory:";
        auto db = storage::sqlite::Database::Open(options);
        ASSERT_THAT(db, IsOk());
        db_ = std::move(*db);
        auto national = cal::BuiltinNationalSchedules();
        ASSERT_THAT(national, IsOk());
        directory_ = std::make_unique<storage::sqlite::SqliteDirectory>(*db_, std::move(*national));
        auto versions = ParseDemoProcedures(DemoFile("procedures.tsv"));
        ASSERT_THAT(versions, IsOk());
        cat::PublicationDecision decision;
        decision.number = "1/QĐ-UBND";
        decision.title = "Công bố danh mục thủ tục hành chính";
        decision.issuer = "Chủ tịch UBND tỉnh";
        decision.signed_on = *cal::ParseDate("2025-07-01");
        decision.effective_on = decision.signed_on;
        ASSERT_THAT(directory_->ImportCatalog(std::move(*versions), decision), IsOk());
    }

    // The names of the first `n` hits for `text`.
    std::vector<std::string> Top(std::string text, int n) {
        core::ports::SearchQuery q;
        q.text = std::move(text);
        q.on = *cal::ParseDate("2026-03-02");
        q.limit = n;
        core::ports::CatalogQueries& catalog = *directory_;
        const auto page = catalog.Search(q);
        EXPECT_THAT(page, IsOk());
        std::vector<std::string> names;
        if (page) {
            for (const core::ports::SearchHit& h : page->items) {
                names.push_back(h.version.name);
            }
        }
        return names;
    }

    std::unique_ptr<storage::sqlite::Database> db_;
    std::unique_ptr<storage::sqlite::SqliteDirectory> directory_;
};

TEST_F(DemoSearchTest, EverydayQueriesFindTheProcedureFirst) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"dang ky khai sinh", "Đăng ký khai sinh"},
        {"Đăng ký khai sinh", "Đăng ký khai sinh"},
        {"DANG KY KHAI SINH", "Đăng ký khai sinh"},
        {"khai sinh", "Đăng ký khai sinh"},
        {"dang ky ket hon", "Đăng ký kết hôn"},
        {"ket hon", "Đăng ký kết hôn"},
        {"khai tu", "Đăng ký khai tử"},
        {"chung thuc di chuc", "Chứng thực di chúc"},
        {"dang ki khai sinh", "Đăng ký khai sinh"},  // misspelt: some of the words
    };
    for (const auto& [query, first] : cases) {
        SCOPED_TRACE(query);
        const std::vector<std::string> top = Top(query, 5);
        ASSERT_FALSE(top.empty());
        EXPECT_EQ(top.front(), first);
    }
}

TEST_F(DemoSearchTest, NamesStartingWithTheQueryComeBeforeLooserMatches) {
    const std::vector<std::string> top = Top("dang ky khai sinh", 7);
    ASSERT_EQ(top.size(), 7U);
    EXPECT_EQ(top[0], "Đăng ký khai sinh");
    EXPECT_THAT(
        std::vector<std::string>(top.begin() + 1, top.begin() + 5),
        ::testing::UnorderedElementsAre("Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
                                        "Đăng ký khai sinh lưu động",
                                        "Đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân",
                                        "Đăng ký khai sinh có yếu tố nước ngoài"));
    // Then the phrase inside a longer name, then the words apart.
    EXPECT_THAT(top[5],
                ::testing::StartsWith("Liên thông thủ tục hành chính về đăng ký khai sinh"));
    EXPECT_EQ(top[6], "Đăng ký lại khai sinh");
}

}  // namespace
}  // namespace motcua::app::demo
