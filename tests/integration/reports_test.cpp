// Indicators and reports through the API: the QĐ 766 index, rankings, drill-down and the
// settlement report in its three formats, scoped by role.
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace motcua::testing {
namespace {

using nlohmann::json;

class ReportsTest : public ::testing::Test {
protected:
    TestServer& server = TestServer::Get();
};

TEST_F(ReportsTest, IndexRankingAndDrillDownForTheProvince) {
    auto officer = server.SignedIn("officer_a");
    ASSERT_EQ(
        officer->Post("/api/dossiers", SubmissionBody(kBirthRegistration, kCommuneA, "counter"))
            .status,
        201);
    auto controller = server.SignedIn("controller");
    HttpResponse r = controller->Get("/api/indicators/766?period=2026-Q4");
    ASSERT_EQ(r.status, 200) << r.body;
    const json index = r.Json();
    EXPECT_EQ(index["period"]["label"], "2026-Q4");
    EXPECT_TRUE(index.contains("groups"));
    EXPECT_LE(index["score"].get<double>(), 100.0);

    r = controller->Get("/api/indicators/766/ranking?period=2026-Q4");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.Json()["communes"].is_array());

    r = controller->Get("/api/indicators/766/dossiers?period=2026-Q4&metric=received_counter");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_GE(r.Json()["total"].get<int>(), 1);

    EXPECT_EQ(controller->Get("/api/indicators/766?period=2026-Q9").status, 400);
    EXPECT_EQ(controller->Get("/api/indicators/766").status, 400);
    EXPECT_EQ(controller->Get("/api/indicators/766?period=2026-Q4&agency=999.99.99.H99").status,
              404);
    EXPECT_EQ(
        controller->Get("/api/indicators/766/dossiers?period=2026-Q4&metric=happiness").status,
        400);
}

TEST_F(ReportsTest, ScopedByRole) {
    auto citizen = server.SignedIn("citizen1");
    EXPECT_EQ(citizen->Get("/api/indicators/766?period=2026-Q4").status, 403);
    EXPECT_EQ(citizen->Get("/api/reports/settlement?from=2026-10-01&to=2026-12-31").status, 403);
    auto officer = server.SignedIn("officer_a");
    HttpResponse r = officer->Get("/api/indicators/766?period=2026-Q4");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["scope"]["agency"], kCommuneA);
    EXPECT_EQ(officer
                  ->Get(std::string("/api/indicators/766?period=2026-Q4&agency=") +
                        std::string(kCommuneB))
                  .status,
              403);
    HttpClient anonymous(server.port());
    EXPECT_EQ(anonymous.Get("/api/indicators/766?period=2026-Q4").status, 401);
}

TEST_F(ReportsTest, SettlementReportAsJsonXlsxAndCsv) {
    auto controller = server.SignedIn("controller");
    const std::string base = "/api/reports/settlement?from=2026-10-01&to=2026-12-31";
    HttpResponse r = controller->Get(base);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.Json().contains("total"));

    r = controller->Get(base + "&format=xlsx");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Header("content-type").value_or(""),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(r.body.substr(0, 2), "PK");
    EXPECT_NE(r.Header("content-disposition").value_or("").find(".xlsx"), std::string::npos);

    r = controller->Get(base + "&format=csv");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Header("content-type").value_or(""), "text/csv; charset=utf-8");
    EXPECT_FALSE(r.body.empty());

    EXPECT_EQ(controller->Get(base + "&format=pdf").status, 400);
    EXPECT_EQ(controller->Get("/api/reports/settlement?from=2026-12-31&to=2026-10-01").status, 400);
    EXPECT_EQ(controller->Get("/api/reports/settlement?from=yesterday&to=2026-10-01").status, 400);
}

}  // namespace
}  // namespace motcua::testing
