// The authorization matrix: every role × every endpoint × own / foreign agency and own /
// foreign dossier → the expected status, generated from one table. A dossier outside the
// caller's reach answers 404 (as if it did not exist), a resource the role may not use 403,
// no credentials 401.
#include <array>
#include <map>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace motcua::testing {
namespace {

using nlohmann::json;

// Columns: who calls. "anonymous" has no session.
constexpr std::array<std::string_view, 10> kCallers = {"anonymous",
                                                       "citizen1",
                                                       "citizen2",
                                                       "officer_a",
                                                       "officer_b",
                                                       "specialist_a",
                                                       "leader_a",
                                                       "controller",
                                                       "admin",
                                                       "auditor"};

// Targets: the dossier of citizen1 received at commune A ("own" for citizen1 and commune A's
// staff, "foreign" for citizen2 and commune B), or none.
enum class Target { kNone, kDossierA, kFreshDossierA };

struct Row {
    std::string_view method;
    std::string_view path;  // {code} and {key} are replaced by the target's
    Target target;
    std::string_view body;  // JSON; {n} is replaced by a unique number
    // Expected status per caller, in kCallers order.
    std::array<int, kCallers.size()> expected;
};

// clang-format off
const Row kMatrix[] = {
    //                                                                 anon cit1 cit2 offA offB speA leaA ctrl admn audt
    {"GET",  "/healthz",                             Target::kNone,   "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/calendar/days?from=2026-01-01&to=2026-01-31", Target::kNone, "",
                                                                          {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/catalog/procedures/1.001193",     Target::kNone,   "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/agencies/000.00.21.H99",          Target::kNone,   "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/public/dossiers/{code}?key={key}", Target::kDossierA, "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/auth/me",                         Target::kNone,   "", {401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/dossiers/{code}",                 Target::kDossierA, "", {401, 200, 404, 200, 404, 200, 200, 200, 200, 200}},
    {"GET",  "/api/dossiers/{code}/events",          Target::kDossierA, "", {401, 200, 404, 200, 404, 200, 200, 200, 200, 200}},
    // Submitting at commune A: citizens online for themselves, commune A's staff on a
    // citizen's behalf; nobody else.
    {"POST", "/api/dossiers",                        Target::kNone,
     R"({"procedure_code":"1.001193","agency_code":"000.00.21.H99","channel":"online",
         "applicant":{"name":"Trần Thị Bình"},"components":["TP1","TP2"]})",
                                                                          {401, 201, 201, 201, 403, 201, 201, 403, 403, 403}},
    // Receiving: the one-stop officer (or the head) of the receiving agency only.
    {"POST", "/api/dossiers/{code}/actions/receive", Target::kFreshDossierA, "{}",
                                                                          {401, 403, 404, 200, 404, 403, 200, 403, 403, 403}},
    // Withdrawing: the applicant, or the receiving agency recording the applicant's written
    // request at the counter.
    {"POST", "/api/dossiers/{code}/actions/withdraw", Target::kFreshDossierA, R"({"reason":"Nộp nhầm"})",
                                                                          {401, 200, 404, 200, 404, 403, 200, 403, 403, 403}},
    {"GET",  "/api/audit/verify",                    Target::kNone,   "", {401, 403, 403, 403, 403, 403, 403, 200, 200, 200}},
    {"GET",  "/api/accounts",                        Target::kNone,   "", {401, 403, 403, 403, 403, 403, 403, 403, 200, 200}},
    {"POST", "/api/accounts",                        Target::kNone,
     R"({"username":"nguoidung{n}","display_name":"Cán bộ mới","role":"specialist",
         "agency_code":"000.00.21.H99","password":"Mat-khau-{n}-dai"})",
                                                                          {401, 403, 403, 403, 403, 403, 403, 403, 201, 403}},
    {"POST", "/api/auth/tokens",                     Target::kNone,   R"({"name":"máy {n}"})",
                                                                          {401, 403, 403, 201, 201, 201, 201, 201, 201, 201}},
};

// clang-format on

class AuthorizationTest : public ::testing::Test {
protected:
    TestServer& server = TestServer::Get();
    std::map<std::string, std::unique_ptr<HttpClient>> clients;
    int counter = 0;

    void SetUp() override {
        for (const std::string_view caller : kCallers) {
            clients[std::string(caller)] = caller == "anonymous"
                                               ? std::make_unique<HttpClient>(server.port())
                                               : server.SignedIn(std::string(caller));
        }
    }

    // A new online dossier of citizen1 at commune A: {code, key}.
    std::pair<std::string, std::string> FreshDossier() {
        const HttpResponse r = clients["citizen1"]->Post("/api/dossiers", SubmissionBody());
        EXPECT_EQ(r.status, 201) << r.body;
        return {r.Json()["code"], r.Json()["verification_key"]};
    }

    static std::string Replace(std::string text, std::string_view from, const std::string& to) {
        for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
            text.replace(at, from.size(), to);
            at += to.size();
        }
        return text;
    }
};

TEST_F(AuthorizationTest, EveryRoleEveryEndpoint) {
    const auto shared = FreshDossier();
    int checked = 0;
    for (const Row& row : kMatrix) {
        for (std::size_t c = 0; c < kCallers.size(); ++c) {
            std::pair<std::string, std::string> target = shared;
            if (row.target == Target::kFreshDossierA) {
                target = FreshDossier();
            }
            const std::string n = std::to_string(++counter);
            std::string path = Replace(std::string(row.path), "{code}", target.first);
            path = Replace(path, "{key}", target.second);
            const std::string body = Replace(std::string(row.body), "{n}", n);
            HttpClient& client = *clients[std::string(kCallers[c])];
            const HttpResponse r =
                row.method == "GET"
                    ? client.Get(path)
                    : client.Send(row.method, path, body, {{"Content-Type", "application/json"}});
            EXPECT_EQ(r.status, row.expected[c])
                << kCallers[c] << " " << row.method << " " << row.path << ": " << r.body;
            ++checked;
        }
    }
    EXPECT_EQ(checked, static_cast<int>(std::size(kMatrix) * kCallers.size()));
}

TEST_F(AuthorizationTest, ApiTokensActWithoutCsrfAndAreRefusedOnceWrong) {
    const HttpResponse created =
        clients["officer_a"]->Post("/api/auth/tokens", {{"name", "quầy 1"}});
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string token = created.Json()["token"];
    HttpClient machine(server.port());
    machine.set_bearer(token);
    const HttpResponse me = machine.Get("/api/auth/me");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.Json()["user"]["username"], "officer_a");
    EXPECT_FALSE(me.Json().contains("csrf_token"));
    const HttpResponse intake =
        machine.Post("/api/dossiers", SubmissionBody(kBirthRegistration, kCommuneA, "counter"));
    EXPECT_EQ(intake.status, 201) << intake.body;
    machine.set_bearer(token + "x");
    EXPECT_EQ(machine.Get("/api/auth/me").status, 401);
}

TEST_F(AuthorizationTest, LogoutEndsTheSession) {
    auto citizen = server.SignedIn("citizen2");
    ASSERT_EQ(citizen->Get("/api/auth/me").status, 200);
    EXPECT_EQ(citizen->Send("POST", "/api/auth/logout").status, 204);
    EXPECT_EQ(citizen->Get("/api/auth/me").status, 401);
}

}  // namespace
}  // namespace motcua::testing
