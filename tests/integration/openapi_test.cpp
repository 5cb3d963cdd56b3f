// The OpenAPI description (src/http/api/openapi.json, served at GET /api/openapi.json) against
// the running server: the spec and the route table list the same operations, and real responses
// from a walk through the API — public reads, sign-in, every lifecycle action, and the errors
// each route can give — validate against the documented schemas. The validation itself is
// tests/integration/validate_openapi.py (Debian python3-jsonschema, JSON Schema 2020-12).
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include "common/clock.hpp"
#include "core/calendar/civil_time.hpp"
#include "storage/sqlite/account_store.hpp"
#include "test_server.hpp"

namespace motcua::testing {
namespace {

using nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

// Operations the spec documents before the server has their route. Each entry is removed when
// its route lands (the test fails while a documented-ahead operation is routed).
const std::set<std::string> kDocumentedAhead = {};

// "/api/dossiers/{code}/actions/{action}" → "/api/dossiers/{}/actions/{}": templates compare
// without their parameter names.
std::string Normalize(std::string_view path) {
    static const std::regex kParam(R"(\{[^}/]*\})");
    return std::regex_replace(std::string(path), kParam, "{}");
}

std::string OperationKey(std::string_view method, std::string_view path) {
    return fmt::format("{} {}", method, Normalize(path));
}

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The spec's operations as "METHOD /normalized/path" → the spec's own path.
std::map<std::string, std::string> SpecOperations(const json& spec) {
    std::map<std::string, std::string> ops;
    for (const auto& [path, item] : spec.at("paths").items()) {
        for (const auto& [method, op] : item.items()) {
            std::string upper = method;
            for (char& c : upper) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            ops[OperationKey(upper, path)] = fmt::format("{} {}", upper, path);
        }
    }
    return ops;
}

// Sends requests and records each exchange as one sample for validate_openapi.py.
class Sampler {
public:
    explicit Sampler(const http::Router& router) : router_(router) {}

    // True when the server has a route for the spec operation `method` `path`.
    bool Routed(std::string_view method, std::string_view path) const {
        for (const http::Route& r : router_.routes()) {
            if (r.method == method && Normalize(r.pattern) == Normalize(path)) {
                return true;
            }
        }
        return false;
    }

    // Sends `method target` and records the answer under the operation `method path`;
    // `expected` is the status this step of the walk must get (0: any).
    HttpResponse Call(int expected,
                      HttpClient& client,
                      std::string_view method,
                      std::string_view path,
                      const std::string& target,
                      std::string_view body = {},
                      Headers headers = {}) {
        HttpResponse r = client.Send(method, target, body, std::move(headers));
        if (expected != 0) {
            EXPECT_EQ(r.status, expected)
                << method << " " << target << ": " << r.body.substr(0, 500);
        }
        Record(json{{"method", method}, {"path", path}}, target, r);
        return r;
    }

    HttpResponse Get(int expected,
                     HttpClient& client,
                     std::string_view path,
                     const std::string& target) {
        return Call(expected, client, "GET", path, target);
    }

    HttpResponse Post(int expected,
                      HttpClient& client,
                      std::string_view path,
                      const std::string& target,
                      const json& body = json::object(),
                      Headers headers = {}) {
        headers.emplace_back("Content-Type", "application/json");
        return Call(expected, client, "POST", path, target, body.dump(), std::move(headers));
    }

    // An answer given before any route was chosen; it must match
    // #/components/responses/<response>.
    HttpResponse Unrouted(int expected,
                          HttpClient& client,
                          std::string_view response,
                          std::string_view method,
                          const std::string& target) {
        HttpResponse r = client.Send(method, target);
        EXPECT_EQ(r.status, expected) << method << " " << target << ": " << r.body;
        Record(json{{"method", method}, {"response", response}}, target, r);
        return r;
    }

    void Write(const std::filesystem::path& file) const {
        std::ofstream out(file, std::ios::binary);
        for (const json& s : samples_) {
            out << s.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
        }
    }

    std::size_t size() const { return samples_.size(); }

private:
    void Record(json sample, const std::string& target, const HttpResponse& r) {
        json headers = json::object();
        for (const auto& [name, value] : r.headers) {
            headers[name] = value;
        }
        sample["target"] = target;
        sample["status"] = r.status;
        sample["content_type"] = r.Header("content-type").value_or("");
        sample["headers"] = std::move(headers);
        sample["body"] = r.body;
        samples_.push_back(std::move(sample));
    }

    const http::Router& router_;
    std::vector<json> samples_;
};

// Runs `command` through the shell; its exit status and what it printed.
std::pair<int, std::string> RunCommand(const std::string& command) {
    std::string output;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) {
        return {-1, "popen failed"};
    }
    char buffer[4096];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) {
        output.append(buffer, n);
    }
    const int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::string Quote(const std::string& text) {
    return "'" + text + "'";
}

class OpenApiTest : public ::testing::Test {
protected:
    TestServer& server = TestServer::Get();

    json ServedSpec() {
        HttpClient client(server.port());
        const HttpResponse r = client.Get("/api/openapi.json");
        EXPECT_EQ(r.status, 200);
        return r.Json();
    }
};

TEST_F(OpenApiTest, IsServedAsEmbeddedFromTheSourceTree) {
    HttpClient client(server.port());
    const HttpResponse r = client.Get("/api/openapi.json");
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
    EXPECT_EQ(r.Header("content-type").value_or(""), "application/json");
    EXPECT_EQ(r.Header("cache-control").value_or(""), "public, max-age=300");
    EXPECT_EQ(r.body,
              ReadFile(std::filesystem::path(MOTCUA_SOURCE_DIR) / "src/http/api/openapi.json"))
        << "the binary embeds an older openapi.json: rebuild";
    const json spec = r.Json();
    ASSERT_FALSE(spec.is_discarded());
    EXPECT_EQ(spec.value("openapi", ""), "3.1.0");
    EXPECT_EQ(spec["info"].value("title", ""), "motcua API");
}

TEST_F(OpenApiTest, EveryRouteIsDocumentedAndEveryOperationRouted) {
    const json spec = ServedSpec();
    ASSERT_TRUE(spec.contains("paths"));
    const auto documented = SpecOperations(spec);
    std::set<std::string> routed;
    for (const http::Route& r : server.app().router().routes()) {
        const std::string key = OperationKey(r.method, r.pattern);
        routed.insert(key);
        EXPECT_TRUE(documented.contains(key))
            << r.method << " " << r.pattern << " is served but not in src/http/api/openapi.json";
    }
    std::set<std::string> ahead;
    for (const std::string& op : kDocumentedAhead) {
        const auto space = op.find(' ');
        ahead.insert(OperationKey(op.substr(0, space), op.substr(space + 1)));
    }
    for (const auto& [key, op] : documented) {
        if (ahead.contains(key)) {
            EXPECT_FALSE(routed.contains(key))
                << op << " is routed now: remove it from kDocumentedAhead";
            continue;
        }
        EXPECT_TRUE(routed.contains(key)) << op << " is documented but the server has no route";
    }
}

// A multipart/form-data body with one file part.
std::pair<std::string, std::string> MultipartFile(std::string_view name,
                                                  std::string_view type,
                                                  std::string_view content) {
    const std::string boundary = "motcua-openapi-boundary";
    std::string body = fmt::format(
        "--{}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n"
        "Content-Type: {}\r\n\r\n{}\r\n--{}--\r\n",
        boundary,
        name,
        type,
        content,
        boundary);
    return {"multipart/form-data; boundary=" + boundary, std::move(body)};
}

TEST_F(OpenApiTest, RealResponsesMatchTheSchemas) {
    Sampler s(server.app().router());
    const std::uint16_t port = server.port();
    // Unique per process and run (usernames, contacts and keys must not repeat).
    static int run = 0;
    const long unique = static_cast<long>(::getpid()) * 100 + ++run;
    const std::string n = std::to_string(unique);
    const std::string commune_a(kCommuneA);
    const std::string commune_b(kCommuneB);
    const std::string province(kProvince);
    const std::string birth(kBirthRegistration);
    HttpClient anonymous(port);

    // ---- System, calendar, catalog, agencies (public) -----------------------------------
    s.Get(200, anonymous, "/healthz", "/healthz");
    s.Get(200, anonymous, "/metrics", "/metrics");
    s.Get(200, anonymous, "/api/openapi.json", "/api/openapi.json");
    {
        HttpClient forged(port);
        forged.set_bearer("mc_not-a-token");
        s.Get(401, forged, "/healthz", "/healthz");
    }
    const std::string days = "/api/calendar/days";
    s.Get(200, anonymous, days, days + "?from=2026-01-01&to=2026-01-10");
    s.Get(200, anonymous, days, days + "?from=2026-04-25&to=2026-05-05&agency=" + commune_a);
    s.Get(400, anonymous, days, days + "?from=2026-01-10&to=2026-01-01");
    s.Get(400, anonymous, days, days + "?from=2026-01-01");
    s.Get(404, anonymous, days, days + "?from=2026-01-01&to=2026-01-02&agency=999.99.99.Z99");
    const std::string holidays = "/api/calendar/holidays";
    s.Get(200, anonymous, holidays, holidays + "?year=2026");
    s.Get(400, anonymous, holidays, holidays + "?year=soon");
    s.Get(404, anonymous, holidays, holidays + "?year=2026&agency=999.99.99.Z99");
    const std::string due = "/api/calendar/due";
    s.Get(200, anonymous, due, due + "?received=2026-03-02T16:00&amount=5&channel=counter");
    s.Get(200,
          anonymous,
          due,
          due + "?received=2026-03-02T09:00&amount=4&unit=working_hours&agency=" + commune_a);
    s.Get(400, anonymous, due, due + "?received=yesterday&amount=3");
    s.Get(404, anonymous, due, due + "?received=2026-03-02T09:00&amount=1&agency=999.99.99.Z99");

    const std::string procedure = "/api/catalog/procedures/{code}";
    s.Get(200, anonymous, procedure, "/api/catalog/procedures/" + birth);
    s.Get(404, anonymous, procedure, "/api/catalog/procedures/9.999999");
    if (s.Routed("GET", "/api/catalog/procedures")) {
        const std::string search = "/api/catalog/procedures";
        s.Get(200, anonymous, search, search + "?q=khai%20sinh&limit=5");
        s.Get(200, anonymous, search, search + "?level=commune&online=full&offset=2&limit=3");
        s.Get(200, anonymous, search, search + "?q=qwzxv%20khai");
        s.Get(400, anonymous, search, search + "?level=galaxy");
        s.Get(400, anonymous, search, search + "?limit=0");
    }
    if (s.Routed("GET", "/api/catalog/procedures/{code}/versions")) {
        const std::string versions = "/api/catalog/procedures/{code}/versions";
        s.Get(200, anonymous, versions, "/api/catalog/procedures/" + birth + "/versions");
        s.Get(404, anonymous, versions, "/api/catalog/procedures/9.999999/versions");
    }
    if (s.Routed("GET", "/api/catalog/decisions")) {
        s.Get(200, anonymous, "/api/catalog/decisions", "/api/catalog/decisions");
    }
    if (s.Routed("GET", "/api/agencies")) {
        s.Get(200, anonymous, "/api/agencies", "/api/agencies");
    }
    const std::string agency = "/api/agencies/{code}";
    s.Get(200, anonymous, agency, "/api/agencies/" + commune_a);
    s.Get(200, anonymous, agency, "/api/agencies/" + province);
    s.Get(404, anonymous, agency, "/api/agencies/999.99.99.Z99");
    const std::string process = "/api/processes/{procedure}/{agency}";
    s.Get(200, anonymous, process, "/api/processes/" + birth + "/" + commune_a);
    s.Get(404, anonymous, process, "/api/processes/9.999999/" + commune_a);

    // ---- Sign-in, accounts, tokens ------------------------------------------------------
    const std::string login = "/api/auth/login";
    const auto sign_in = [&](const std::string& username) {
        auto client = std::make_unique<HttpClient>(port);
        const HttpResponse r = client->Login(username, kPassword);
        EXPECT_EQ(r.status, 200) << username << ": " << r.body;
        return client;
    };
    auto citizen = sign_in("citizen1");
    auto officer = sign_in("officer_a");
    auto officer_b = sign_in("officer_b");
    auto specialist = sign_in("specialist_a");
    auto leader = sign_in("leader_a");
    auto controller = sign_in("controller");
    auto admin = sign_in("admin");
    auto auditor = sign_in("auditor");
    s.Post(200, anonymous, login, login, {{"username", "citizen2"}, {"password", kPassword}});
    s.Post(401, anonymous, login, login, {{"username", "citizen2"}, {"password", "sai mật khẩu"}});
    s.Post(400, anonymous, login, login, {{"username", "citizen2"}});
    s.Call(415, anonymous, "POST", login, login, "username=a", {{"Content-Type", "text/plain"}});

    const std::string me = "/api/auth/me";
    const HttpResponse me_specialist = s.Get(200, *specialist, me, me);
    const std::int64_t specialist_id = me_specialist.Json()["user"].value("id", 0);
    s.Get(200, *citizen, me, me);
    s.Get(401, anonymous, me, me);

    const std::string tokens = "/api/auth/tokens";
    const HttpResponse token = s.Post(201, *officer, tokens, tokens, {{"name", "quầy " + n}});
    s.Post(403, *citizen, tokens, tokens, {{"name", "máy"}});
    s.Post(400, *officer, tokens, tokens, json::object());
    HttpClient machine(port);
    machine.set_bearer(token.Json().value("token", ""));
    s.Get(200, machine, me, me);

    const std::string accounts = "/api/accounts";
    s.Get(200, *admin, accounts, accounts);
    s.Get(200, *auditor, accounts, accounts + "?role=specialist&agency=" + commune_a);
    s.Get(400, *admin, accounts, accounts + "?role=wizard");
    s.Get(403, *citizen, accounts, accounts);
    const json specialist_b_account = {{"username", "chuyenvien_b_" + n},
                                       {"display_name", "Chuyên viên xã B"},
                                       {"role", "specialist"},
                                       {"agency_code", commune_b},
                                       {"password", std::string(kPassword)},
                                       {"phone", fmt::format("08{:08}", unique % 100'000'000)}};
    s.Post(201, *admin, accounts, accounts, specialist_b_account);
    s.Post(409, *admin, accounts, accounts, specialist_b_account);
    json unknown_agency = specialist_b_account;
    unknown_agency["username"] = "khac_" + n;
    unknown_agency["agency_code"] = "999.99.99.Z99";
    s.Post(404, *admin, accounts, accounts, unknown_agency);
    s.Post(400, *admin, accounts, accounts, {{"username", "thieu_" + n}});
    s.Post(403, *officer, accounts, accounts, specialist_b_account);
    auto specialist_b = sign_in("chuyenvien_b_" + n);

    // Wrong passwords lock an account: 401 until the lock, then 429 with Retry-After.
    json lockable = specialist_b_account;
    lockable["username"] = "khoa_" + n;
    lockable.erase("phone");
    s.Post(201, *admin, accounts, accounts, lockable);
    for (int attempt = 0; attempt < 4; ++attempt) {
        s.Post(401, anonymous, login, login, {{"username", "khoa_" + n}, {"password", "sai"}});
    }
    s.Post(429, anonymous, login, login, {{"username", "khoa_" + n}, {"password", "sai"}});

    // Citizen registration with the code from the notification outbox.
    const std::string register_path = "/api/auth/register";
    const std::string confirm = "/api/auth/register/confirm";
    const std::string contact = fmt::format("09{:08}", unique % 100'000'000);
    s.Post(
        202,
        anonymous,
        register_path,
        register_path,
        {{"contact", contact}, {"display_name", "Lê Thị Hoa"}, {"password", "Mat-khau-rat-dai-1"}});
    s.Post(400, anonymous, register_path, register_path, {{"contact", contact}});
    s.Post(
        429,
        anonymous,
        register_path,
        register_path,
        {{"contact", contact}, {"display_name", "Lê Thị Hoa"}, {"password", "Mat-khau-rat-dai-1"}});
    HttpClient newcomer(port);
    s.Post(404, newcomer, confirm, confirm, {{"contact", "0900000001"}, {"code", "000000"}});
    s.Post(400, newcomer, confirm, confirm, {{"contact", contact}});
    const std::string code = server.RegistrationCode(contact);
    EXPECT_EQ(code.size(), 6U) << "no registration code for " << contact;
    s.Post(201, newcomer, confirm, confirm, {{"contact", contact}, {"code", code}});
    // A contact that has an account gets the same answer (the message tells its owner).
    s.Post(
        202,
        anonymous,
        register_path,
        register_path,
        {{"contact", contact}, {"display_name", "Lê Thị Hoa"}, {"password", "Mat-khau-rat-dai-1"}});

    const std::string logout = "/api/auth/logout";
    {
        auto leaving = sign_in("citizen2");
        leaving->set_send_csrf(false);
        s.Call(403, *leaving, "POST", logout, logout);
        leaving->set_send_csrf(true);
        s.Call(204, *leaving, "POST", logout, logout);
        s.Call(401, *leaving, "POST", logout, logout);
    }

    // ---- Dossiers -----------------------------------------------------------------------
    const std::string dossiers = "/api/dossiers";
    const std::string dossier = "/api/dossiers/{code}";
    const std::string events = "/api/dossiers/{code}/events";
    const std::string action = "/api/dossiers/{code}/actions/{action}";
    const std::string track = "/api/public/dossiers/{code}";
    const std::string document = "/api/dossiers/{code}/documents/{file}";
    const bool documents = s.Routed("GET", document);
    const auto submit = [&](HttpClient& who, std::string_view procedure_code) {
        json body = SubmissionBody(procedure_code);
        body["components"] = {"TP1", "TP2", "TP3"};
        return s.Post(201, who, dossiers, dossiers, body).Json();
    };
    const auto act = [&](int expected,
                         HttpClient& who,
                         const std::string& code_,
                         std::string_view name,
                         const json& body = json::object(),
                         Headers headers = {}) {
        return s.Post(expected,
                      who,
                      action,
                      fmt::format("/api/dossiers/{}/actions/{}", code_, name),
                      body,
                      std::move(headers));
    };
    const auto document_of =
        [&](int expected, HttpClient& who, const std::string& code_, std::string_view kind) {
            if (documents) {
                const HttpResponse r =
                    s.Get(expected,
                          who,
                          document,
                          fmt::format("/api/dossiers/{}/documents/{}.pdf", code_, kind));
                if (expected == 200) {
                    EXPECT_EQ(r.body.rfind("%PDF-", 0), 0U) << kind;
                }
            }
        };
    const json reasons = {
        {"reasons",
         {{{"component", "TP2"}, {"problem", "Bản chụp mờ"}, {"fix", "Tải lên bản chụp rõ nét"}}}}};

    // Errors of submission.
    s.Post(401, anonymous, dossiers, dossiers, SubmissionBody());
    json no_applicant = SubmissionBody();
    no_applicant.erase("applicant");
    s.Post(400, *citizen, dossiers, dossiers, no_applicant);
    s.Call(400,
           *citizen,
           "POST",
           dossiers,
           dossiers,
           "{\"procedure_code\": ",
           {{"Content-Type", "application/json"}});
    s.Call(415,
           *citizen,
           "POST",
           dossiers,
           dossiers,
           SubmissionBody().dump(),
           {{"Content-Type", "text/plain"}});
    s.Call(413,
           *citizen,
           "POST",
           dossiers,
           dossiers,
           "{\"x\":\"" + std::string(1'100'000, 'a') + "\"}",
           {{"Content-Type", "application/json"}});
    s.Post(403, *officer_b, dossiers, dossiers, SubmissionBody());
    s.Post(404, *citizen, dossiers, dossiers, SubmissionBody("9.999999"));
    citizen->set_send_csrf(false);
    s.Post(403, *citizen, dossiers, dossiers, SubmissionBody());
    citizen->set_send_csrf(true);

    // Counter intake, idempotent.
    const Headers idempotent = {{"Idempotency-Key", "openapi-" + n}};
    const json counter_body = SubmissionBody(kBirthRegistration, kCommuneA, "counter");
    s.Post(201, *officer, dossiers, dossiers, counter_body, idempotent);
    s.Post(201, *officer, dossiers, dossiers, counter_body, idempotent);
    s.Post(201, machine, dossiers, dossiers, counter_body);

    // 1. Online submission through reception, consultation, payment, every step, the result,
    //    its return and the rating.
    {
        const json submitted = submit(*citizen, kBirthRegistration);
        const std::string c = submitted.value("code", "");
        const std::string key = submitted.value("verification_key", "");
        s.Get(200, *citizen, dossier, "/api/dossiers/" + c);
        s.Get(404, *officer_b, dossier, "/api/dossiers/" + c);
        s.Get(401, anonymous, dossier, "/api/dossiers/" + c);
        document_of(409, *officer, c, "receipt");
        act(409, *officer, c, "receive", json::object(), {{"If-Match", "\"7\""}});
        act(400, *officer, c, "receive", json::object(), {{"If-Match", "sometime"}});
        act(404, *officer, c, "teleport");
        s.Call(415,
               *officer,
               "POST",
               action,
               "/api/dossiers/" + c + "/actions/receive",
               "receive",
               {{"Content-Type", "text/plain"}});
        act(409, *officer, c, "return-result");
        act(403, *specialist, c, "receive");
        officer->set_send_csrf(false);
        act(403, *officer, c, "receive");
        officer->set_send_csrf(true);
        act(200, *officer, c, "receive", json::object(), {{"If-Match", "\"1\""}});
        json d = act(200, *officer, c, "forward", {{"note", "Chuyển thụ lý"}}).Json();
        const auto current_actor = [&](const json& dossier_json) -> HttpClient& {
            const std::string role = dossier_json["current_step"].value("role", "");
            return role == "agency_leader" ? *leader
                   : role == "specialist"  ? *specialist
                                           : *officer;
        };
        d = act(200,
                current_actor(d),
                c,
                "consult",
                {{"agency_code", commune_b},
                 {"question", "Xác nhận nơi cư trú"},
                 {"budget", 1},
                 {"unit", "working_days"}})
                .Json();
        int consultation = -1;
        for (const json& step : d["steps"]) {
            if (step.value("consultation", false) && step["finished_at"].is_null()) {
                consultation = step.value("index", -1);
            }
        }
        act(400, *specialist_b, c, "answer-consultation", {{"step_index", consultation}});
        act(200,
            *specialist_b,
            c,
            "answer-consultation",
            {{"step_index", consultation}, {"answer", "Đúng nơi cư trú"}});
        act(200, *leader, c, "assign", {{"assignee", specialist_id}});
        act(200,
            *specialist,
            c,
            "request-payment",
            {{"amount_vnd", 8000}, {"description", "Lệ phí cấp bản sao"}});
        d = act(200, *citizen, c, "confirm-payment", {{"amount_vnd", 8000}, {"method", "online"}})
                .Json();
        // Every step with whoever holds its role; the last one ends by issuing the result.
        for (int guard = 0; guard < 10 && !d["current_step"].is_null(); ++guard) {
            const HttpResponse next =
                act(0, current_actor(d), c, "complete-step", {{"note", "Đạt"}});
            if (next.status != 200) {
                EXPECT_EQ(next.status, 409) << next.body;
                break;
            }
            d = next.Json();
        }
        act(403, *specialist, c, "issue-result", {{"result", "Giấy khai sinh"}});
        act(200, *leader, c, "issue-result", {{"result", "Giấy khai sinh bản chính"}});
        act(200, *officer, c, "return-result", {{"method", "online"}});
        act(400, *citizen, c, "rate", {{"score", 1e300}});
        act(200, *citizen, c, "rate", {{"score", 5}, {"comment", "Nhanh, chu đáo"}});
        act(409, *citizen, c, "rate", {{"score", 4}});
        s.Get(200, *officer, events, "/api/dossiers/" + c + "/events");
        s.Get(200, *citizen, events, "/api/dossiers/" + c + "/events");
        s.Get(200, anonymous, track, "/api/public/dossiers/" + c + "?key=" + key);
        s.Get(404, anonymous, track, "/api/public/dossiers/" + c + "?key=AAAAAAAA");
        document_of(200, *officer, c, "receipt");
        document_of(200, *citizen, c, "control-slip");
        document_of(409, *officer, c, "refusal");
        document_of(404, *officer, c, "passport");
    }

    // 2. A supplement asked and provided, then a refusal.
    {
        const json submitted = submit(*citizen, kBirthRegistration);
        const std::string c = submitted.value("code", "");
        act(200, *officer, c, "receive");
        act(400, *officer, c, "request-supplement", {{"reasons", "mờ"}});
        act(200, *officer, c, "request-supplement", reasons);
        act(200, *citizen, c, "provide-supplement", {{"components", {"TP2"}}});
        act(200, *officer, c, "refuse", reasons);
        s.Get(200, *citizen, events, "/api/dossiers/" + c + "/events");
        s.Get(200,
              anonymous,
              track,
              "/api/public/dossiers/" + c + "?key=" + submitted.value("verification_key", ""));
        document_of(200, *officer, c, "supplement-request");
        document_of(200, *officer, c, "refusal");
        // Outside commune B's reach (dossier 1 consulted commune B, so it is within it).
        s.Get(404, *officer_b, events, "/api/dossiers/" + c + "/events");
        document_of(404, *officer_b, c, "receipt");
    }

    // 3. Withdrawn by the applicant.
    {
        const std::string c = submit(*citizen, kBirthRegistration).value("code", "");
        act(200, *citizen, c, "withdraw", {{"reason", "Nộp nhầm"}});
        s.Get(200, *citizen, events, "/api/dossiers/" + c + "/events");
    }

    // 4. An apology with a new date, then a stop.
    {
        const std::string c = submit(*citizen, "1.004884").value("code", "");
        act(200, *officer, c, "receive");
        act(200, *officer, c, "forward");
        const json apology = {{"reason", "Chờ xác minh"}, {"new_due_at", "2099-12-30T17:00"}};
        act(403, *specialist, c, "apologize", apology);
        act(200, *leader, c, "apologize", apology);
        act(200, *leader, c, "stop", reasons);
        s.Get(200, *leader, events, "/api/dossiers/" + c + "/events");
        document_of(200, *leader, c, "apology");
        document_of(200, *leader, c, "stop-notice");
    }

    // ---- Lists, queues, reports, uploads, audit ------------------------------------------
    if (s.Routed("GET", dossiers)) {
        s.Get(200, *officer, dossiers, dossiers + "?open=true&sort=due&limit=5");
        s.Get(200, *officer, dossiers, dossiers + "?status=returned,refused&sort=submitted");
        s.Get(200, *specialist, dossiers, dossiers + "?assignee=me&step_role=specialist");
        s.Get(200, *citizen, dossiers, dossiers + "?q=" + commune_a);
        s.Get(200, *controller, dossiers, dossiers + "?agency=" + commune_a + "&overdue=true");
        s.Get(400, *officer, dossiers, dossiers + "?sort=sideways");
        s.Get(403, *officer, dossiers, dossiers + "?agency=" + province);
        s.Get(401, anonymous, dossiers, dossiers);
    }
    if (s.Routed("GET", "/api/indicators/766")) {
        const std::string indicators = "/api/indicators/766";
        s.Get(200, *controller, indicators, indicators + "?period=2026-Q1");
        s.Get(200, *controller, indicators, indicators + "?period=2026-Q1&agency=" + commune_a);
        s.Get(400, *controller, indicators, indicators + "?period=2026-Q5");
        const std::string ranking = indicators + "/ranking";
        s.Get(200, *controller, ranking, ranking + "?period=2026-Q1");
        s.Get(403, *citizen, ranking, ranking + "?period=2026-Q1");
        const std::string drill = indicators + "/dossiers";
        s.Get(200, *controller, drill, drill + "?period=2026-Q1&metric=settled_late");
        s.Get(400, *controller, drill, drill + "?period=2026-Q1&metric=nothing");
    }
    s.Get(404, anonymous, "/sim/messages", "/sim/messages?to=0912345678");
    if (s.Routed("GET", "/api/reports/settlement")) {
        const std::string report = "/api/reports/settlement";
        const std::string range = "?from=2026-01-01&to=2026-12-31";
        s.Get(200, *controller, report, report + range);
        s.Get(200, *controller, report, report + range + "&format=csv&agency=" + commune_a);
        s.Get(200, *controller, report, report + range + "&format=xlsx");
        s.Get(400, *controller, report, report + range + "&format=doc");
    }
    if (s.Routed("POST", "/api/attachments")) {
        const std::string attachments = "/api/attachments";
        const auto [pdf_type, pdf] =
            MultipartFile("to khai.pdf", "application/pdf", "%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n");
        const HttpResponse uploaded = s.Call(
            201, *citizen, "POST", attachments, attachments, pdf, {{"Content-Type", pdf_type}});
        const json items = uploaded.Json().value("items", json::array());
        const std::string sha = items.empty() ? "" : items[0].value("sha256", "");
        json with_file = SubmissionBody();
        with_file["attachments"] = {{{"component", "TP1"}, {"sha256", sha}}};
        s.Post(201, *citizen, dossiers, dossiers, with_file);
        const std::string download = "/api/attachments/{sha256}";
        const HttpResponse file = s.Get(200, *citizen, download, "/api/attachments/" + sha);
        EXPECT_EQ(file.body.rfind("%PDF-", 0), 0U);
        s.Get(200, *officer, download, "/api/attachments/" + sha);
        s.Get(404, *officer_b, download, "/api/attachments/" + sha);
        s.Get(404, *citizen, download, "/api/attachments/" + std::string(64, '0'));
        s.Call(415,
               *citizen,
               "POST",
               attachments,
               attachments,
               "{}",
               {{"Content-Type", "application/json"}});
        const auto [text_type, text] =
            MultipartFile("ghi chu.pdf", "application/pdf", "chỉ là chữ");
        s.Call(
            415, *citizen, "POST", attachments, attachments, text, {{"Content-Type", text_type}});
        const auto [big_type, big] =
            MultipartFile("lon.pdf", "application/pdf", "%PDF-1.4\n" + std::string(21 << 20, 'x'));
        s.Call(413, *citizen, "POST", attachments, attachments, big, {{"Content-Type", big_type}});
        s.Call(401, anonymous, "POST", attachments, attachments, pdf, {{"Content-Type", pdf_type}});
        citizen->set_send_csrf(false);
        s.Call(403, *citizen, "POST", attachments, attachments, pdf, {{"Content-Type", pdf_type}});
        citizen->set_send_csrf(true);
        const std::string boundary = "chi-co-truong";
        s.Call(400,
               *citizen,
               "POST",
               attachments,
               attachments,
               "--" + boundary +
                   "\r\nContent-Disposition: form-data; name=\"ghi_chu\"\r\n\r\nkhông "
                   "có tệp\r\n--" +
                   boundary + "--\r\n",
               {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
    }
    if (s.Routed("POST", "/api/drafts")) {
        const std::string drafts = "/api/drafts";
        const std::string draft = "/api/drafts/{id}";
        const auto put = [&](int expected,
                             HttpClient& who,
                             const std::string& id,
                             json body,
                             Headers headers = {}) {
            headers.emplace_back("Content-Type", "application/json");
            return s.Call(
                expected, who, "PUT", draft, drafts + "/" + id, body.dump(), std::move(headers));
        };
        const json started = s.Post(201,
                                    *citizen,
                                    drafts,
                                    drafts,
                                    {{"procedure_code", birth}, {"answers", R"({"trang":1})"}})
                                 .Json();
        const std::string id = started.value("id", "");
        s.Post(400, *citizen, drafts, drafts, json::object());
        s.Post(404, *citizen, drafts, drafts, {{"procedure_code", "9.999999"}});
        s.Post(403, *specialist, drafts, drafts, {{"procedure_code", birth}});
        s.Post(413,
               *citizen,
               drafts,
               drafts,
               {{"procedure_code", birth}, {"answers", std::string(300 * 1024, ' ') + "{}"}});
        s.Get(200, *citizen, drafts, drafts);
        s.Get(403, *specialist, drafts, drafts);
        s.Get(401, anonymous, drafts, drafts);
        s.Get(200, *citizen, draft, drafts + "/" + id);
        s.Get(404, *officer, draft, drafts + "/" + id);
        put(200,
            *citizen,
            id,
            {{"answers", R"({"trang":2})"}, {"agency_code", commune_a}},
            {{"If-Match", "\"1\""}});
        put(409, *citizen, id, {{"answers", "{}"}}, {{"If-Match", "\"1\""}});
        put(400, *citizen, id, {{"answers", "không phải JSON"}});
        put(404, *officer, id, {{"answers", "{}"}});
        json from_draft = SubmissionBody();
        from_draft["draft_id"] = id;
        s.Post(201, *citizen, dossiers, dossiers, from_draft);
        s.Get(200, *citizen, draft, drafts + "/" + id);
        s.Call(409, *citizen, "DELETE", draft, drafts + "/" + id);
        const std::string other = s.Post(201, *citizen, drafts, drafts, {{"procedure_code", birth}})
                                      .Json()
                                      .value("id", "");
        s.Call(409, *citizen, "DELETE", draft, drafts + "/" + other, {}, {{"If-Match", "\"9\""}});
        s.Call(404, *officer, "DELETE", draft, drafts + "/" + other);
        s.Call(204, *citizen, "DELETE", draft, drafts + "/" + other, {}, {{"If-Match", "\"1\""}});
    }
    s.Get(200, *auditor, "/api/audit/verify", "/api/audit/verify");
    s.Get(403, *citizen, "/api/audit/verify", "/api/audit/verify");

    // ---- Administration ------------------------------------------------------------------
    if (s.Routed("POST", "/api/catalog/decisions")) {
        const auto put = [&](int expected,
                             HttpClient& client,
                             std::string_view path,
                             const std::string& target,
                             const json& body) {
            return s.Call(expected,
                          client,
                          "PUT",
                          path,
                          target,
                          body.dump(),
                          {{"Content-Type", "application/json"}});
        };
        const std::string today = core::calendar::FormatDate(
            std::chrono::floor<std::chrono::days>(core::calendar::ToLocal(SystemClock().Now())));
        const std::string new_code = "9.2" + n.substr(n.size() - 5);
        const json content = {{"name", "Thủ tục thử của quản trị " + n},
                              {"sector_name", "Hộ tịch"},
                              {"level", "commune"},
                              {"components", {{{"code", "TP1"}, {"name", "Tờ khai"}}}},
                              {"deadline", 2},
                              {"deadline_unit", "working_days"}};
        json decision = {{"number", "QT-" + n},
                         {"title", "Công bố thử"},
                         {"signed_on", today},
                         {"effective_on", today},
                         {"items", {{{"code", new_code}, {"version", content}}}}};
        const std::string decisions = "/api/catalog/decisions";
        s.Post(403, *officer, decisions, decisions, decision);
        s.Post(401, anonymous, decisions, decisions, decision);
        json unnamed = decision;
        unnamed["items"][0]["version"]["name"] = "";
        s.Post(400, *admin, decisions, decisions, unnamed);
        s.Post(201, *admin, decisions, decisions, decision);
        s.Post(409, *admin, decisions, decisions, decision);

        const std::string process_route = "/api/processes/{procedure}/{agency}";
        const std::string target = "/api/processes/" + new_code + "/" + commune_a;
        const json steps = {{"steps",
                             {{{"name", "Thẩm định"},
                               {"role", "specialist"},
                               {"budget", 1},
                               {"unit", "working_days"}}}}};
        json over = steps;
        over["steps"][0]["budget"] = 3;
        put(403, *officer, process_route, target, steps);
        put(400, *admin, process_route, target, over);
        put(404, *admin, process_route, "/api/processes/9.999999/" + commune_a, steps);
        put(200, *admin, process_route, target, steps);
        const std::string versions = "/api/processes/{procedure}/{agency}/versions";
        s.Get(200, anonymous, versions, target + "/versions");
        s.Get(404, anonymous, versions, "/api/processes/9.999999/" + commune_a + "/versions");

        const std::string calendar = "/api/agencies/{code}/calendar";
        const std::string own = "/api/agencies/" + commune_b + "/calendar";
        const json entries = {
            {"entries",
             {{{"date", "2032-01-03"}, {"kind", "makeup_workday"}, {"name", "Làm bù"}}}}};
        put(200, *admin, calendar, own, entries);
        s.Get(200, anonymous, calendar, own);
        s.Get(404, anonymous, calendar, "/api/agencies/999.99.99.Z99/calendar");
        put(400, *admin, calendar, own, {{"entries", {{{"date", "mai"}}}}});
        put(403, *auditor, calendar, own, entries);
        put(200, *admin, calendar, own, {{"entries", json::array()}});

        const HttpResponse made = admin->Post("/api/accounts",
                                              {{"username", "qt" + n},
                                               {"display_name", "Cán bộ " + n},
                                               {"role", "specialist"},
                                               {"agency_code", commune_a},
                                               {"password", std::string(kPassword)}});
        const std::string id = std::to_string(made.Json().value("id", 0));
        const std::string account = "/api/accounts/{id}";
        const auto patch =
            [&](int expected, HttpClient& client, const std::string& url, const json& body) {
                return s.Call(expected,
                              client,
                              "PATCH",
                              account,
                              url,
                              body.dump(),
                              {{"Content-Type", "application/json"}});
            };
        patch(200, *admin, "/api/accounts/" + id, {{"role", "agency_leader"}});
        patch(400, *admin, "/api/accounts/" + id, {{"role", "emperor"}});
        patch(403, *officer, "/api/accounts/" + id, {{"display_name", "Ai đó"}});
        patch(404, *admin, "/api/accounts/999999", {{"display_name", "Ai đó"}});
        const std::string self =
            std::to_string(admin->Get("/api/auth/me").Json()["user"].value("id", 0));
        patch(409, *admin, "/api/accounts/" + self, {{"role", "auditor"}});
        const std::string disable = "/api/accounts/{id}/disable";
        s.Post(200, *admin, disable, "/api/accounts/" + id + "/disable");
        s.Post(409, *admin, disable, "/api/accounts/" + self + "/disable");
        s.Post(403, *auditor, disable, "/api/accounts/" + id + "/disable");
        s.Post(404, *admin, disable, "/api/accounts/999999/disable");
        const std::string enable = "/api/accounts/{id}/enable";
        s.Post(200, *admin, enable, "/api/accounts/" + id + "/enable");
        s.Post(401, anonymous, enable, "/api/accounts/" + id + "/enable");
        s.Get(200, *admin, "/api/accounts", "/api/accounts?limit=5&after=1");
    }

    // ---- Answers given before any route -------------------------------------------------
    s.Unrouted(404, anonymous, "NotFound", "GET", "/api/nothing-here");
    s.Unrouted(405, anonymous, "MethodNotAllowed", "DELETE", "/healthz");
    s.Unrouted(400, anonymous, "BadRequest", "GET", "/api/public/dossiers/%zz?key=x");

    // ---- Validate ------------------------------------------------------------------------
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / fmt::format("motcua-openapi-{}", ::getpid());
    std::filesystem::create_directories(dir);
    {
        std::ofstream spec(dir / "openapi.json", std::ios::binary);
        spec << anonymous.Get("/api/openapi.json").body;
    }
    s.Write(dir / "samples.jsonl");
    if (const char* keep = std::getenv("MOTCUA_OPENAPI_SAMPLES"); keep != nullptr && *keep != 0) {
        s.Write(keep);  // to look at what was validated
    }
    const std::string script =
        (std::filesystem::path(MOTCUA_SOURCE_DIR) / "tests/integration/validate_openapi.py")
            .string();
    // The Debian interpreter, where python3-jsonschema is installed (not a pyenv python).
    const auto [status, output] = RunCommand(fmt::format("/usr/bin/python3 {} {} {}",
                                                         Quote(script),
                                                         Quote((dir / "openapi.json").string()),
                                                         Quote((dir / "samples.jsonl").string())));
    EXPECT_EQ(status, 0) << output << "\nsamples kept in " << dir.string();
    std::cout << output;
    if (status == 0) {
        std::filesystem::remove_all(dir);
    }
    EXPECT_GT(s.size(), 150U);
}

}  // namespace
}  // namespace motcua::testing
