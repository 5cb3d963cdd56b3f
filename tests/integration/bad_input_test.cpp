// Hostile and malformed requests: each gets the right 4xx as application/problem+json, nothing
// already accepted changes, and the server keeps answering.
#include <string>

#include <gtest/gtest.h>

#include "test_server.hpp"

namespace motcua::testing {
namespace {

using nlohmann::json;

class BadInputTest : public ::testing::Test {
protected:
    TestServer& server = TestServer::Get();

    static void ExpectProblem(const HttpResponse& r, int status, std::string_view type) {
        EXPECT_EQ(r.status, status) << r.body;
        EXPECT_EQ(r.Header("content-type").value_or(""), "application/problem+json") << r.body;
        const json body = r.Json();
        EXPECT_EQ(body.value("status", 0), status);
        EXPECT_EQ(body.value("type", ""), "/problems/" + std::string(type));
        EXPECT_FALSE(body.value("request_id", "").empty());
    }

    void TearDown() override {
        HttpClient probe(server.port());
        EXPECT_EQ(probe.Get("/healthz").status, 200) << "the server stopped answering";
    }
};

const std::vector<std::pair<std::string, std::string>> kJson = {
    {"Content-Type", "application/json"}};

TEST_F(BadInputTest, MalformedJsonWrongTypesAndMissingFields) {
    auto citizen = server.SignedIn("citizen1");
    ExpectProblem(citizen->Send("POST", "/api/dossiers", "{\"procedure_code\": ", kJson),
                  400,
                  "invalid-argument");
    ExpectProblem(
        citizen->Send("POST", "/api/dossiers", "[1,2,3]", kJson), 400, "invalid-argument");
    ExpectProblem(
        citizen->Send("POST", "/api/dossiers", "\"\xff\xfe\"", kJson), 400, "invalid-argument");

    json body = SubmissionBody();
    body["procedure_code"] = 5;
    HttpResponse r = citizen->Post("/api/dossiers", body);
    ExpectProblem(r, 400, "invalid-argument");
    EXPECT_EQ(r.Json()["field"], "procedure_code");

    body = SubmissionBody();
    body["applicant"].erase("name");
    r = citizen->Post("/api/dossiers", body);
    ExpectProblem(r, 400, "invalid-argument");
    EXPECT_EQ(r.Json()["field"], "applicant.name");

    body = SubmissionBody();
    body["components"] = {"TP1", 7};
    ExpectProblem(citizen->Post("/api/dossiers", body), 400, "invalid-argument");

    body = SubmissionBody();
    body["channel"] = "fax";
    r = citizen->Post("/api/dossiers", body);
    ExpectProblem(r, 400, "invalid-argument");
    EXPECT_EQ(r.Json()["field"], "channel");
}

TEST_F(BadInputTest, BadBodiesChangeNothing) {
    auto citizen = server.SignedIn("citizen1");
    auto officer = server.SignedIn("officer_a");
    const HttpResponse created = citizen->Post("/api/dossiers", SubmissionBody());
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string code = created.Json()["code"];
    const std::string path = "/api/dossiers/" + code;
    const auto version = created.Json()["version"];

    ExpectProblem(officer->Send("POST", path + "/actions/request-supplement", "{oops", kJson),
                  400,
                  "invalid-argument");
    ExpectProblem(officer->Post(path + "/actions/request-supplement", {{"reasons", "mờ"}}),
                  400,
                  "invalid-argument");
    ExpectProblem(officer->Post(path + "/actions/teleport", json::object()), 404, "not-found");
    ExpectProblem(
        officer->Post(path + "/actions/rate", {{"score", 1e300}}), 400, "invalid-argument");
    // Out of order: a result cannot be returned before it exists.
    ExpectProblem(
        officer->Post(path + "/actions/return-result", json::object()), 409, "not-allowed-now");
    EXPECT_EQ(officer->Get(path).Json()["version"], version);
}

TEST_F(BadInputTest, HugeBodiesDeepNestingAndWrongContentType) {
    auto citizen = server.SignedIn("citizen1");
    const std::string huge = "{\"x\":\"" + std::string(1'100'000, 'a') + "\"}";
    ExpectProblem(citizen->Send("POST", "/api/dossiers", huge, kJson), 413, "payload-too-large");

    const std::string deep = std::string(200, '[') + std::string(200, ']');
    ExpectProblem(citizen->Send("POST", "/api/dossiers", "{\"a\":" + deep + "}", kJson),
                  400,
                  "invalid-argument");

    ExpectProblem(
        citizen->Send(
            "POST", "/api/dossiers", SubmissionBody().dump(), {{"Content-Type", "text/plain"}}),
        415,
        "unsupported-media-type");
}

TEST_F(BadInputTest, UnknownRoutesMethodsAndTraversal) {
    HttpClient client(server.port());
    ExpectProblem(client.Get("/api/nothing-here"), 404, "not-found");
    const HttpResponse r = client.Send("DELETE", "/healthz");
    ExpectProblem(r, 405, "method-not-allowed");
    EXPECT_EQ(r.Header("allow").value_or(""), "GET");
    ExpectProblem(
        client.Get("/api/public/dossiers/..%2F..%2Fetc%2Fpasswd?key=x"), 404, "not-found");
    ExpectProblem(client.Get("/api/catalog/procedures/%2e%2e%2f%2e%2e"), 404, "not-found");
    ExpectProblem(client.Get("/api/public/dossiers/%zz?key=x"), 400, "bad-request");
    ExpectProblem(client.Get("/api/public/dossiers/a%00b?key=x"), 400, "bad-request");
    ExpectProblem(
        client.Get("/api/calendar/due?received=yesterday&amount=3"), 400, "invalid-argument");
    ExpectProblem(client.Get("/api/calendar/due?received=2026-01-05T08:00&amount=-3"),
                  400,
                  "invalid-argument");
    ExpectProblem(
        client.Get("/api/calendar/days?from=2026-01-01&to=2030-01-01"), 400, "invalid-argument");
}

TEST_F(BadInputTest, AuthenticationAndCsrf) {
    HttpClient anonymous(server.port());
    ExpectProblem(anonymous.Post("/api/dossiers", SubmissionBody()), 401, "unauthenticated");
    ExpectProblem(
        anonymous.Send("GET", "/api/auth/me", "", {{"Cookie", "motcua_session=forged-value"}}),
        401,
        "unauthenticated");
    ExpectProblem(anonymous.Send("GET", "/api/auth/me", "", {{"Authorization", "Bearer mc_nope"}}),
                  401,
                  "unauthenticated");

    const HttpResponse login = anonymous.Login("citizen1", "wrong password");
    ExpectProblem(login, 401, "unauthenticated");

    auto citizen = server.SignedIn("citizen1");
    citizen->set_send_csrf(false);
    ExpectProblem(citizen->Post("/api/dossiers", SubmissionBody()), 403, "csrf");
    citizen->set_send_csrf(true);
    EXPECT_EQ(citizen->Post("/api/dossiers", SubmissionBody()).status, 201);
}

TEST_F(BadInputTest, MalformedHttpOversizedHeadersAndSlowClients) {
    std::string reply = RawExchange(server.port(), "NOT HTTP AT ALL\r\n\r\n");
    EXPECT_NE(reply.find("400"), std::string::npos) << reply;

    const std::string big_header =
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20'000, 'a') + "\r\n\r\n";
    reply = RawExchange(server.port(), big_header);
    EXPECT_NE(reply.find("431"), std::string::npos) << reply.substr(0, 200);

    // A client that never finishes its header is cut off after the header timeout (2 s in the
    // test server) without an answer.
    reply = RawExchange(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n", 6000);
    EXPECT_TRUE(reply.empty()) << reply;

    // A body shorter than announced: the connection is dropped after the body timeout.
    reply = RawExchange(server.port(),
                        "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        "application/json\r\nContent-Length: 100\r\n\r\n{\"username\":",
                        6000);
    EXPECT_TRUE(reply.empty()) << reply;
}

TEST_F(BadInputTest, ProblemDetailsFollowTheClientsLanguage) {
    HttpClient client(server.port());
    const HttpResponse vi = client.Get("/api/calendar/due?received=x&amount=1");
    const HttpResponse en = client.Send(
        "GET", "/api/calendar/due?received=x&amount=1", "", {{"Accept-Language", "en"}});
    EXPECT_EQ(vi.Json()["title"], "Dữ liệu không hợp lệ");
    EXPECT_EQ(en.Json()["title"], "Invalid input");
}

}  // namespace
}  // namespace motcua::testing
