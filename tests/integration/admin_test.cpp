// The administration API against a real server: only administrators change the catalog,
// internal processes, agency calendars and accounts (other roles 403, no session 401); a
// published procedure version appears in the public search at once, with the same rules and
// errors as `motcua catalog import`; a process over the legal deadline is refused naming
// "steps", and a saved process leaves dossiers already received on the version they started
// with; a disabled account loses its sessions and cannot sign in.
#include <array>
#include <chrono>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "core/calendar/civil_time.hpp"
#include "test_server.hpp"

namespace motcua::testing {
namespace {

using nlohmann::json;

std::string Today() {
    return core::calendar::FormatDate(
        std::chrono::floor<std::chrono::days>(core::calendar::ToLocal(SystemClock().Now())));
}

// The content of a commune procedure with two components, settled in `deadline` working days.
json Content(const std::string& name, int deadline) {
    return {{"name", name},
            {"sector_code", "G09-TP01"},
            {"sector_name", "Hộ tịch"},
            {"level", "commune"},
            {"implementing_agency", "UBND cấp xã"},
            {"components",
             {{{"code", "TP1"}, {"name", "Tờ khai"}, {"copies", 1}, {"original", true}},
              {{"code", "TP2"}, {"name", "Giấy tờ tùy thân"}, {"required", false}}}},
            {"deadline", deadline},
            {"deadline_unit", "working_days"},
            {"fees", {{{"name", "Lệ phí"}, {"amount_vnd", 0}}}},
            {"result", "Trích lục"},
            {"online_level", "full"},
            {"postal", false}};
}

json Decision(const std::string& number, const std::string& code, json content) {
    return {{"number", number},
            {"title", "Công bố thủ tục hành chính được sửa đổi"},
            {"signed_on", Today()},
            {"effective_on", Today()},
            {"items", {{{"code", code}, {"version", std::move(content)}}}}};
}

json Steps(std::initializer_list<std::pair<const char*, int>> hours) {
    json steps = json::array();
    for (const auto& [name, budget] : hours) {
        steps.push_back({{"name", name},
                         {"role", "specialist"},
                         {"budget", budget},
                         {"unit", "working_hours"}});
    }
    return {{"steps", steps}};
}

class AdminTest : public ::testing::Test {
protected:
    TestServer& server = TestServer::Get();

    HttpResponse Put(HttpClient& client, const std::string& target, const json& body) {
        return client.Send("PUT", target, body.dump(), {{"Content-Type", "application/json"}});
    }

    HttpResponse Patch(HttpClient& client, const std::string& target, const json& body) {
        return client.Send("PATCH", target, body.dump(), {{"Content-Type", "application/json"}});
    }
};

TEST_F(AdminTest, OnlyAdministratorsAdminister) {
    HttpClient anonymous(server.port());
    auto admin = server.SignedIn("admin");
    const std::string code = "9.100001";
    const std::string process = fmt::format("/api/processes/{}/{}", code, kCommuneA);
    const std::string calendar = fmt::format("/api/agencies/{}/calendar", kCommuneB);

    struct Write {
        std::string method;
        std::string target;
        json body;
    };

    const std::array<Write, 6> writes = {{
        {"POST", "/api/catalog/decisions", Decision("901/QĐ-UBND", code, Content("Thử", 2))},
        {"PUT", process, Steps({{"Thẩm định", 8}})},
        {"PUT", calendar, {{"entries", json::array()}}},
        {"PATCH", "/api/accounts/1", {{"display_name", "Tên mới"}}},
        {"POST", "/api/accounts/1/disable", json::object()},
        {"POST", "/api/accounts/1/enable", json::object()},
    }};
    for (const std::string_view who :
         {"citizen1", "officer_a", "specialist_a", "leader_a", "controller", "auditor"}) {
        auto client = server.SignedIn(std::string(who));
        for (const Write& w : writes) {
            const HttpResponse r = client->Send(
                w.method, w.target, w.body.dump(), {{"Content-Type", "application/json"}});
            EXPECT_EQ(r.status, 403) << who << " " << w.method << " " << w.target << ": " << r.body;
        }
    }
    for (const Write& w : writes) {
        const HttpResponse r = anonymous.Send(
            w.method, w.target, w.body.dump(), {{"Content-Type", "application/json"}});
        EXPECT_EQ(r.status, 401) << w.method << " " << w.target;
    }
    // Nothing was published by those attempts; the administrator can.
    EXPECT_EQ(anonymous.Get("/api/catalog/procedures/" + code).status, 404);
    const HttpResponse published = admin->Post("/api/catalog/decisions", writes[0].body);
    EXPECT_EQ(published.status, 201) << published.body;
    EXPECT_EQ(Put(*admin, process, writes[1].body).status, 200);
    EXPECT_EQ(Put(*admin, calendar, writes[2].body).status, 200);
}

TEST_F(AdminTest, APublishedVersionAppearsInSearchUnderTheImportRules) {
    HttpClient anonymous(server.port());
    auto admin = server.SignedIn("admin");
    const std::string code = "9.100002";

    // A bad field is named; nothing is kept.
    json bad = Decision("902/QĐ-UBND", code, Content("", 2));
    HttpResponse r = admin->Post("/api/catalog/decisions", bad);
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json()["field"], "items[0].version.name");
    EXPECT_EQ(r.Header("content-type").value_or(""), "application/problem+json");
    bad = Decision("902/QĐ-UBND", code, Content("Cấp giấy xác nhận thử nghiệm", 2));
    bad["items"][0]["version"]["deadline_unit"] = "fortnights";
    r = admin->Post("/api/catalog/decisions", bad);
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json()["field"], "items[0].version.deadline_unit");
    bad = Decision("902/QĐ-UBND", code, Content("Cấp giấy xác nhận thử nghiệm", 2));
    bad["items"][0]["version"]["components"][1]["code"] = "TP1";
    r = admin->Post("/api/catalog/decisions", bad);
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json()["field"].get<std::string>().rfind("items[0].version.components[", 0), 0U)
        << r.body;
    EXPECT_EQ(anonymous.Get("/api/catalog/procedures/" + code).status, 404);
    const json decisions = anonymous.Get("/api/catalog/decisions").Json();
    for (const auto& d : decisions["items"]) {
        EXPECT_NE(d["number"], "902/QĐ-UBND");
    }

    // New, then amended (kind inferred as by the import), each in force at once.
    r = admin->Post("/api/catalog/decisions",
                    Decision("902/QĐ-UBND", code, Content("Cấp giấy xác nhận thử nghiệm", 5)));
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.Json()["decision"]["items"][0]["kind"], "new");
    EXPECT_EQ(r.Json()["versions"][0]["version"], 1);
    r = admin->Post("/api/catalog/decisions",
                    Decision("903/QĐ-UBND", code, Content("Cấp giấy xác nhận thí điểm", 3)));
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.Json()["decision"]["items"][0]["kind"], "amended");
    EXPECT_EQ(r.Json()["versions"][0]["version"], 2);

    r = anonymous.Get("/api/catalog/procedures?q=giay%20xac%20nhan%20thi%20diem");
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_FALSE(r.Json()["items"].empty()) << r.body;
    EXPECT_EQ(r.Json()["items"][0]["code"], code);
    EXPECT_EQ(r.Json()["items"][0]["name"], "Cấp giấy xác nhận thí điểm");
    EXPECT_EQ(r.Json()["items"][0]["deadline"], 3);
    const json old = anonymous.Get("/api/catalog/procedures?q=thu%20nghiem").Json();
    for (const auto& hit : old["items"]) {
        EXPECT_NE(hit["name"], "Cấp giấy xác nhận thử nghiệm") << "the amended version is closed";
    }
    r = anonymous.Get("/api/catalog/procedures/" + code + "/versions");
    ASSERT_EQ(r.Json()["items"].size(), 2U);
    EXPECT_EQ(r.Json()["items"][0]["effective_to"], Today());

    // The same decision twice is refused, and a new code cannot be published as new twice.
    r = admin->Post("/api/catalog/decisions",
                    Decision("903/QĐ-UBND", code, Content("Cấp giấy xác nhận thí điểm", 3)));
    ASSERT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.Json()["field"], "number");
    json again = Decision("904/QĐ-UBND", code, Content("Cấp giấy xác nhận thí điểm", 3));
    again["items"][0]["kind"] = "new";
    r = admin->Post("/api/catalog/decisions", again);
    ASSERT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.Json()["field"], "items[0]");
}

TEST_F(AdminTest, ProcessesFitTheDeadlineAndReceivedDossiersKeepTheirs) {
    auto admin = server.SignedIn("admin");
    auto officer = server.SignedIn("officer_a");
    const std::string code = "9.100003";
    ASSERT_EQ(admin
                  ->Post("/api/catalog/decisions",
                         Decision("905/QĐ-UBND", code, Content("Xác nhận quy trình", 2)))
                  .status,
              201);
    const std::string target = fmt::format("/api/processes/{}/{}", code, kCommuneA);

    // Two working days are 16 working hours; 20 are refused, naming the steps.
    HttpResponse r = Put(*admin, target, Steps({{"Thẩm định", 12}, {"Phê duyệt", 8}}));
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json()["field"], "steps");
    EXPECT_NE(r.Json()["detail"].get<std::string>().find("vượt 4 giờ"), std::string::npos);
    r = Put(*admin,
            target,
            {{"steps",
              {{{"name", "Thẩm định"},
                {"role", "citizen"},
                {"budget", 4},
                {"unit", "working_hours"}}}}});
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json()["field"], "steps[0].role");
    r = Put(*admin, fmt::format("/api/processes/9.999999/{}", kCommuneA), Steps({{"Xử lý", 4}}));
    EXPECT_EQ(r.status, 404) << r.body;

    r = Put(*admin, target, Steps({{"Thẩm định lần một", 8}, {"Phê duyệt", 8}}));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["version"], 1);
    EXPECT_EQ(r.Json()["saved_by"], "admin");

    // A dossier received now, then a new version of the process.
    r = officer->Post("/api/dossiers", SubmissionBody(code, kCommuneA, "counter"));
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string dossier = r.Json()["code"];
    r = Put(*admin, target, Steps({{"Thẩm định lần hai", 4}, {"Phê duyệt", 4}}));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["version"], 2);
    EXPECT_GT(r.Json()["applies_from"].get<std::string>(), r.Json()["saved_at"].get<std::string>());
    r = server.SignedIn("citizen1")->Get(target);
    EXPECT_EQ(r.Json()["steps"][0]["name"], "Thẩm định lần hai");
    r = officer->Get(target + "/versions");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["items"].size(), 2U);

    // The dossier follows the process it was received under.
    r = officer->Post("/api/dossiers/" + dossier + "/actions/forward", json::object());
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["current_step"]["name"], "Thẩm định lần một") << r.body;
}

TEST_F(AdminTest, AgencyCalendarEntriesAreEditedAndShownInTheMonth) {
    HttpClient anonymous(server.port());
    auto admin = server.SignedIn("admin");
    const std::string target = fmt::format("/api/agencies/{}/calendar", kCommuneB);
    const json entries = {
        {"entries",
         {{{"date", "2031-03-08"}, {"kind", "makeup_workday"}, {"name", "Làm bù"}},
          {{"date", "2031-03-10"}, {"kind", "swap_off"}, {"name", "Nghỉ"}}}}};
    HttpResponse r = Put(*admin, target, entries);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["entries"].size(), 2U);
    r = anonymous.Get(target);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["entries"][1]["kind"], "swap_off");
    r = anonymous.Get(
        fmt::format("/api/calendar/days?from=2031-03-08&to=2031-03-10&agency={}", kCommuneB));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.Json()["days"][0]["working"]);
    EXPECT_TRUE(r.Json()["days"][0]["agency_override"]);
    EXPECT_FALSE(r.Json()["days"][2]["working"]);

    json twice = entries;
    twice["entries"][1]["date"] = "2031-03-08";
    r = Put(*admin, target, twice);
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json()["field"], "entries[1].date");
    json wrong = entries;
    wrong["entries"][0]["kind"] = "picnic";
    r = Put(*admin, target, wrong);
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json()["field"], "entries[0].kind");
    EXPECT_EQ(anonymous.Get(target).Json()["entries"].size(), 2U);
    EXPECT_EQ(Put(*admin, "/api/agencies/999.99.99.Z99/calendar", entries).status, 404);

    r = Put(*admin, target, {{"entries", json::array()}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(anonymous.Get(target).Json()["entries"].empty());
}

TEST_F(AdminTest, RolesChangeAndDisabledAccountsLoseTheirSessions) {
    auto admin = server.SignedIn("admin");
    HttpResponse r = admin->Post("/api/accounts",
                                 {{"username", "canbo_quantri_thu"},
                                  {"display_name", "Cán bộ thử"},
                                  {"role", "specialist"},
                                  {"agency_code", kCommuneA},
                                  {"password", kPassword}});
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string id = std::to_string(r.Json()["id"].get<std::int64_t>());
    EXPECT_TRUE(r.Json()["disabled_at"].is_null());
    auto user = server.SignedIn("canbo_quantri_thu");

    r = Patch(*admin, "/api/accounts/" + id, {{"role", "agency_leader"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["role"], "agency_leader");
    EXPECT_EQ(user->Get("/api/auth/me").Json()["user"]["role"], "agency_leader");
    r = Patch(*admin, "/api/accounts/" + id, {{"role", "citizen"}});
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json()["field"], "agency_code");
    r = Patch(*admin, "/api/accounts/" + id, {{"agency_code", "999.99.99.Z99"}});
    ASSERT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.Json()["field"], "agency_code");
    EXPECT_EQ(Patch(*admin, "/api/accounts/999999", {{"display_name", "Ai"}}).status, 404);
    EXPECT_EQ(Patch(*admin, "/api/accounts/abc", {{"display_name", "Ai"}}).status, 404);

    r = admin->Post("/api/accounts/" + id + "/disable", json::object());
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_FALSE(r.Json()["disabled_at"].is_null());
    EXPECT_EQ(user->Get("/api/auth/me").status, 401);
    HttpClient again(server.port());
    EXPECT_EQ(again.Login("canbo_quantri_thu", kPassword).status, 401);
    const json leaders = admin->Get("/api/accounts?role=agency_leader&limit=1000").Json();
    bool listed = false;
    for (const auto& a : leaders["items"]) {
        if (a["username"] == "canbo_quantri_thu") {
            listed = true;
            EXPECT_FALSE(a["disabled_at"].is_null());
        }
    }
    EXPECT_TRUE(listed);

    r = admin->Post("/api/accounts/" + id + "/enable", json::object());
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.Json()["disabled_at"].is_null());
    EXPECT_EQ(again.Login("canbo_quantri_thu", kPassword).status, 200);

    // Administrators cannot lock themselves out.
    const std::string self =
        std::to_string(admin->Get("/api/auth/me").Json()["user"]["id"].get<std::int64_t>());
    EXPECT_EQ(admin->Post("/api/accounts/" + self + "/disable", json::object()).status, 409);
    EXPECT_EQ(Patch(*admin, "/api/accounts/" + self, {{"role", "auditor"}}).status, 409);
    EXPECT_EQ(admin->Get("/api/auth/me").status, 200);
}

}  // namespace
}  // namespace motcua::testing
