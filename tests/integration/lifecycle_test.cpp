// Every lifecycle action of the engine through the HTTP API, against a real server.
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace motcua::testing {
namespace {

using nlohmann::json;

class LifecycleTest : public ::testing::Test {
protected:
    TestServer& server = TestServer::Get();

    // Submits online as citizen1 and returns the dossier JSON.
    json SubmitOnline(HttpClient& citizen, std::string_view procedure = kBirthRegistration) {
        json body = SubmissionBody(procedure);
        body["components"] = {"TP1", "TP2", "TP3"};
        const HttpResponse r = citizen.Post("/api/dossiers", body);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.Json();
    }

    static HttpResponse Act(HttpClient& client,
                            const std::string& code,
                            std::string_view action,
                            const json& body = json::object()) {
        return client.Post("/api/dossiers/" + code + "/actions/" + std::string(action), body);
    }
};

TEST_F(LifecycleTest, OnlineSubmissionIsProcessedReturnedRatedAndTrackedPublicly) {
    auto citizen = server.SignedIn("citizen1");
    auto officer = server.SignedIn("officer_a");
    auto specialist = server.SignedIn("specialist_a");
    auto leader = server.SignedIn("leader_a");

    const json submitted = SubmitOnline(*citizen);
    const std::string code = submitted["code"];
    const std::string key = submitted["verification_key"];
    EXPECT_EQ(submitted["status"], "submitted");
    EXPECT_EQ(submitted["status_code"], 1);
    EXPECT_EQ(code.rfind(std::string(kCommuneA), 0), 0U) << code;

    HttpResponse r = Act(*officer, code, "receive");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["status"], "received");
    EXPECT_FALSE(r.Json()["due_at"].is_null());

    r = Act(*officer, code, "forward", {{"note", "Chuyển thụ lý"}});
    ASSERT_EQ(r.status, 200) << r.body;
    // Complete every step with whoever holds its role.
    for (int guard = 0; guard < 10; ++guard) {
        const json step = r.Json()["current_step"];
        if (step.is_null()) {
            break;
        }
        const std::string role = step["role"];
        HttpClient& actor = role == "agency_leader" ? *leader
                            : role == "specialist"  ? *specialist
                                                    : *officer;
        HttpResponse next = Act(actor, code, "complete-step", {{"note", "Đạt"}});
        if (next.status == 409) {
            break;  // the last step is finished by issuing the result
        }
        ASSERT_EQ(next.status, 200) << next.body;
        r = next;
    }
    // Approval and issue of the result belong to the agency's head.
    EXPECT_EQ(Act(*specialist, code, "issue-result", {{"result", "Giấy khai sinh"}}).status, 403);
    const HttpResponse issued = Act(*leader, code, "issue-result", {{"result", "Giấy khai sinh"}});
    ASSERT_EQ(issued.status, 200) << issued.body;
    EXPECT_EQ(issued.Json()["status"], "processed");

    r = Act(*officer, code, "return-result", {{"method", "counter"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["status"], "returned");
    EXPECT_EQ(r.Json()["status_code"], 10);

    r = Act(*citizen, code, "rate", {{"score", 5}, {"comment", "Nhanh"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["rating"], 5);

    // Public tracking with the receipt key: status and timeline, no personal data.
    HttpClient anonymous(server.port());
    r = anonymous.Get("/api/public/dossiers/" + code + "?key=" + key);
    ASSERT_EQ(r.status, 200) << r.body;
    const json pub = r.Json();
    EXPECT_EQ(pub["status"], "returned");
    EXPECT_GE(pub["timeline"].size(), 5U);
    EXPECT_EQ(r.body.find("Nguyễn Văn An"), std::string::npos);
    EXPECT_EQ(r.body.find("0912345678"), std::string::npos);
    EXPECT_FALSE(pub.contains("applicant"));

    // A wrong key and an unknown code answer alike.
    const HttpResponse wrong = anonymous.Get("/api/public/dossiers/" + code + "?key=AAAAAAAA");
    const HttpResponse unknown =
        anonymous.Get("/api/public/dossiers/000.00.21.H99-990101-9999?key=" + key);
    EXPECT_EQ(wrong.status, 404);
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(wrong.Json()["detail"], unknown.Json()["detail"]);

    // The event log through the API, in order.
    r = officer->Get("/api/dossiers/" + code + "/events");
    ASSERT_EQ(r.status, 200) << r.body;
    const json events = r.Json()["items"];
    ASSERT_GE(events.size(), 6U);
    EXPECT_EQ(events.front()["type"], "submitted");
    EXPECT_EQ(events.back()["type"], "rated");
}

TEST_F(LifecycleTest, SupplementRefusalWithdrawalStopAndApology) {
    auto citizen = server.SignedIn("citizen1");
    auto officer = server.SignedIn("officer_a");
    auto specialist = server.SignedIn("specialist_a");
    auto leader = server.SignedIn("leader_a");

    // Supplement: requested with structured reasons, provided by the citizen.
    std::string code = SubmitOnline(*citizen)["code"];
    ASSERT_EQ(Act(*officer, code, "receive").status, 200);
    HttpResponse r = Act(*officer,
                         code,
                         "request-supplement",
                         {{"reasons",
                           {{{"component", "TP2"},
                             {"problem", "Bản chụp mờ"},
                             {"fix", "Tải lên bản chụp rõ nét"}}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["status"], "supplement_requested");
    r = Act(*citizen, code, "provide-supplement", {{"components", {"TP2"}}});
    ASSERT_EQ(r.status, 200) << r.body;

    // Free-text-only reasons are refused, and nothing changes.
    const auto version = r.Json()["version"];
    r = Act(*officer, code, "refuse", {{"reasons", {{{"component", "TP1"}}}}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(officer->Get("/api/dossiers/" + code).Json()["version"], version);

    // Refusal of a fresh submission.
    code = SubmitOnline(*citizen)["code"];
    r = Act(*officer,
            code,
            "refuse",
            {{"reasons",
              {{{"component", "chung"},
                {"problem", "Không thuộc thẩm quyền"},
                {"fix", "Nộp tại UBND xã nơi cư trú"}}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["status"], "refused");

    // Withdrawal by the citizen.
    code = SubmitOnline(*citizen)["code"];
    r = Act(*citizen, code, "withdraw", {{"reason", "Nộp nhầm"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["status"], "withdrawn");

    // Stop and apology on a dossier in progress.
    code = SubmitOnline(*citizen, "1.004884")["code"];
    ASSERT_EQ(Act(*officer, code, "receive").status, 200);
    r = Act(*officer, code, "forward");
    ASSERT_EQ(r.status, 200) << r.body;
    // Only the head of the settling agency signs an apology or stops processing.
    const json apology = {{"reason", "Chờ xác minh"}, {"new_due_at", "2099-12-30T17:00"}};
    EXPECT_EQ(Act(*specialist, code, "apologize", apology).status, 403);
    r = Act(*leader, code, "apologize", apology);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.Json()["apology_issued"].get<bool>());
    r = Act(*leader,
            code,
            "stop",
            {{"reasons",
              {{{"component", "chung"},
                {"problem", "Người nộp đề nghị dừng"},
                {"fix", "Nộp lại khi đủ điều kiện"}}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["status"], "stopped");
}

TEST_F(LifecycleTest, CounterIntakeIsReceivedAtOnceAndIdempotent) {
    auto officer = server.SignedIn("officer_a");
    json body = SubmissionBody(kBirthRegistration, kCommuneA, "counter");
    const std::vector<std::pair<std::string, std::string>> headers = {
        {"Content-Type", "application/json"}, {"Idempotency-Key", "quay-1-0001"}};
    const HttpResponse first = officer->Send("POST", "/api/dossiers", body.dump(), headers);
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(first.Json()["status"], "received");
    const HttpResponse again = officer->Send("POST", "/api/dossiers", body.dump(), headers);
    ASSERT_EQ(again.status, 201) << again.body;
    EXPECT_EQ(again.Json()["code"], first.Json()["code"]);
}

TEST_F(LifecycleTest, StaleVersionIsAConflict) {
    auto citizen = server.SignedIn("citizen1");
    auto officer = server.SignedIn("officer_a");
    const std::string code = SubmitOnline(*citizen)["code"];
    const HttpResponse r =
        officer->Send("POST",
                      "/api/dossiers/" + code + "/actions/receive",
                      "{}",
                      {{"Content-Type", "application/json"}, {"If-Match", "\"7\""}});
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.Json()["code"], "conflict");
}

}  // namespace
}  // namespace motcua::testing
