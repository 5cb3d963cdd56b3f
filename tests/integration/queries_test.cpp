// Catalog search, agencies, decisions, the dossier lists and queues, health and metrics.
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace motcua::testing {
namespace {

using nlohmann::json;

class QueriesTest : public ::testing::Test {
protected:
    TestServer& server = TestServer::Get();
};

TEST_F(QueriesTest, SearchIsDiacriticInsensitiveRankedAndPaged) {
    HttpClient client(server.port());
    HttpResponse r = client.Get("/api/catalog/procedures?q=dang%20ky%20khai%20sinh");
    ASSERT_EQ(r.status, 200) << r.body;
    json body = r.Json();
    ASSERT_FALSE(body["items"].empty());
    EXPECT_EQ(body["items"][0]["code"], kBirthRegistration);
    EXPECT_EQ(body["items"][0]["name"], "Đăng ký khai sinh");
    EXPECT_GE(body["total"].get<int>(), 2);

    // The same with diacritics, and paging walks the same ranking.
    r = client.Get(
        "/api/catalog/procedures?q=%C4%91%C4%83ng%20k%C3%BD%20khai%20sinh&limit=1&offset=1");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["total"], body["total"]);
    ASSERT_EQ(r.Json()["items"].size(), 1U);
    EXPECT_EQ(r.Json()["items"][0]["code"], body["items"][1]["code"]);

    EXPECT_EQ(client.Get("/api/catalog/procedures?limit=0").status, 400);
    EXPECT_EQ(client.Get("/api/catalog/procedures?level=galaxy").status, 400);
}

TEST_F(QueriesTest, ProcedureDetailVersionsAgenciesDecisions) {
    HttpClient client(server.port());
    HttpResponse r =
        client.Get(std::string("/api/catalog/procedures/") + std::string(kBirthRegistration));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["online_level"], "full");
    EXPECT_FALSE(r.Json()["components"].empty());
    r = client.Get(std::string("/api/catalog/procedures/") + std::string(kBirthRegistration) +
                   "/versions");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_GE(r.Json()["items"].size(), 1U);
    EXPECT_EQ(client.Get("/api/catalog/procedures/9.999999/versions").status, 404);

    r = client.Get("/api/agencies");
    ASSERT_EQ(r.status, 200) << r.body;
    const json agencies = r.Json()["items"];
    ASSERT_GE(agencies.size(), 50U);
    EXPECT_EQ(agencies[0]["code"], kProvince);
    EXPECT_TRUE(agencies[0]["parent_code"].is_null());

    r = client.Get("/api/catalog/decisions");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_GE(r.Json()["items"].size(), 1U);
}

TEST_F(QueriesTest, ListsAreScopedToWhatTheCallerMaySee) {
    auto citizen = server.SignedIn("citizen2");
    auto officer_a = server.SignedIn("officer_a");
    auto officer_b = server.SignedIn("officer_b");
    auto controller = server.SignedIn("controller");
    HttpResponse r = citizen->Post("/api/dossiers", SubmissionBody(kBirthRegistration, kCommuneB));
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string code = r.Json()["code"];

    const auto codes = [](const HttpResponse& response) {
        std::vector<std::string> out;
        const json body = response.Json();
        for (const auto& item : body["items"]) {
            out.push_back(item["code"].get<std::string>());
        }
        return out;
    };
    const auto has = [&](HttpClient& c, const std::string& query) {
        const HttpResponse page = c.Get("/api/dossiers?limit=500" + query);
        EXPECT_EQ(page.status, 200) << page.body;
        const auto list = codes(page);
        return std::find(list.begin(), list.end(), code) != list.end();
    };
    EXPECT_TRUE(has(*citizen, ""));
    EXPECT_TRUE(has(*officer_b, "&status=submitted"));
    EXPECT_TRUE(has(*officer_b, "&open=true&sort=due"));
    EXPECT_FALSE(has(*officer_b, "&status=returned"));
    EXPECT_FALSE(has(*officer_a, ""));
    EXPECT_TRUE(has(*controller, ""));
    EXPECT_TRUE(has(*controller, std::string("&agency=") + std::string(kCommuneB)));

    // Officers cannot widen their scope; bad filters are named.
    EXPECT_EQ(officer_a->Get(std::string("/api/dossiers?agency=") + std::string(kCommuneB)).status,
              403);
    r = officer_b->Get("/api/dossiers?status=lost");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.Json()["field"], "status");
    EXPECT_EQ(officer_b->Get("/api/dossiers?sort=random").status, 400);
}

TEST_F(QueriesTest, HealthAndMetrics) {
    HttpClient client(server.port());
    // The gateway simulator's outbox exists only on demo servers.
    EXPECT_EQ(client.Get("/sim/messages").status, 404);
    EXPECT_EQ(client.Get("/healthz").Json()["status"], "ok");
    const HttpResponse r = client.Get("/metrics");
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("motcua_http_requests_total{route=\"GET /healthz\",code=\"2xx\"}"),
              std::string::npos)
        << r.body.substr(0, 2000);
    EXPECT_NE(r.body.find("motcua_http_request_duration_seconds_bucket"), std::string::npos);
    EXPECT_NE(r.body.find("motcua_writer_queue_depth"), std::string::npos);
    EXPECT_NE(r.body.find("motcua_wal_flushes_total"), std::string::npos);
    EXPECT_NE(r.body.find("motcua_wal_flush_seconds_total"), std::string::npos);
    EXPECT_NE(r.body.find("motcua_dossiers{status=\"submitted\",code=\"1\"}"), std::string::npos);
}

}  // namespace
}  // namespace motcua::testing
