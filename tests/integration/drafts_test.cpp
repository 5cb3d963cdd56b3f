// Drafts of online submissions through the HTTP API: create, autosave with versions, resume,
// delete; only the owner sees a draft (404 for anyone else), stale versions 409, answers too
// large 413, a submission naming the draft marks it submitted (and read-only), the CSRF rules of
// every session request.
#include <string>

#include <gtest/gtest.h>

#include "test_server.hpp"

namespace motcua::testing {
namespace {

using nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kBoundary = "----motcua-draft-boundary";

class DraftsTest : public ::testing::Test {
protected:
    TestServer& server = TestServer::Get();

    static HttpResponse Put(HttpClient& client,
                            const std::string& id,
                            const json& body,
                            Headers headers = {}) {
        headers.emplace_back("Content-Type", "application/json");
        return client.Send("PUT", "/api/drafts/" + id, body.dump(), std::move(headers));
    }

    static HttpResponse Delete(HttpClient& client, const std::string& id, Headers headers = {}) {
        return client.Send("DELETE", "/api/drafts/" + id, {}, std::move(headers));
    }

    static json Answers(std::string_view name = "Nguyễn Văn An") {
        return {{"applicant", {{"name", name}, {"phone", "0912 345 678"}}}, {"page", "lien-he"}};
    }

    // A new draft of birth registration at commune A; its JSON.
    static json Start(HttpClient& client, const json& answers = Answers()) {
        const HttpResponse r = client.Post("/api/drafts",
                                           {{"procedure_code", kBirthRegistration},
                                            {"agency_code", kCommuneA},
                                            {"answers", answers.dump()}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.Json();
    }
};

TEST_F(DraftsTest, CreateSaveResumeOnAnotherDeviceAndDelete) {
    auto laptop = server.SignedIn("citizen1");
    // The answers are kept byte for byte: spacing and key order included.
    const std::string verbatim =
        R"({"z": 1,  "applicant": {"name": "Trần Thị Bích"}, "a": [true]})";
    HttpResponse r = laptop->Post("/api/drafts",
                                  {{"procedure_code", kBirthRegistration}, {"answers", verbatim}});
    ASSERT_EQ(r.status, 201) << r.body;
    const json created = r.Json();
    const std::string id = created["id"];
    EXPECT_GE(id.size(), 24U);  // random, unguessable
    EXPECT_EQ(r.Header("location").value_or(""), "/api/drafts/" + id);
    EXPECT_EQ(r.Header("etag").value_or(""), "\"1\"");
    EXPECT_EQ(created["version"], 1);
    EXPECT_EQ(created["status"], "open");
    EXPECT_EQ(created["agency_code"], "");
    EXPECT_EQ(created["procedure_name"], "Đăng ký khai sinh");
    EXPECT_EQ(created["answers"], verbatim);
    EXPECT_TRUE(created["dossier_code"].is_null());

    // Another device of the same person: the list, then the draft with its answers.
    auto phone = server.SignedIn("citizen1");
    r = phone->Get("/api/drafts");
    ASSERT_EQ(r.status, 200) << r.body;
    bool listed = false;
    const json list = r.Json();
    for (const json& item : list["items"]) {
        listed = listed || item["id"] == id;
        EXPECT_FALSE(item.contains("answers"));
    }
    EXPECT_TRUE(listed) << id << " not in " << r.body;
    r = phone->Get("/api/drafts/" + id);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["answers"], verbatim);

    // Autosave from the phone, then from the laptop with what it last saw: 409, nothing lost.
    r = Put(*phone,
            id,
            {{"answers", Answers("Trần Thị Bích Ngọc").dump()}, {"agency_code", kCommuneA}},
            {{"If-Match", "\"1\""}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["version"], 2);
    EXPECT_EQ(r.Header("etag").value_or(""), "\"2\"");
    EXPECT_EQ(r.Json()["agency_code"], kCommuneA);
    r = Put(*laptop, id, {{"answers", "{}"}}, {{"If-Match", "\"1\""}});
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.Json()["type"], "/problems/conflict");
    EXPECT_EQ(r.Header("content-type").value_or(""), "application/problem+json");
    r = laptop->Get("/api/drafts/" + id);
    EXPECT_EQ(json::parse(r.Json()["answers"].get<std::string>())["applicant"]["name"],
              "Trần Thị Bích Ngọc");
    EXPECT_EQ(Delete(*laptop, id, {{"If-Match", "\"1\""}}).status, 409);
    EXPECT_EQ(Put(*laptop, id, {{"answers", "{}"}}, {{"If-Match", "soon"}}).status, 400);

    // Deleted: gone for every device.
    r = Delete(*laptop, id, {{"If-Match", "\"2\""}});
    EXPECT_EQ(r.status, 204) << r.body;
    EXPECT_EQ(phone->Get("/api/drafts/" + id).status, 404);
    EXPECT_EQ(Delete(*laptop, id).status, 404);
}

TEST_F(DraftsTest, OnlyTheOwnerSeesADraft) {
    auto owner = server.SignedIn("citizen1");
    auto other = server.SignedIn("citizen2");
    auto officer = server.SignedIn("officer_a");
    const std::string id = Start(*owner)["id"];
    for (HttpClient* client : {other.get(), officer.get()}) {
        HttpResponse r = client->Get("/api/drafts/" + id);
        EXPECT_EQ(r.status, 404) << r.body;
        EXPECT_EQ(Put(*client, id, {{"answers", "{}"}}).status, 404);
        // A body that would be refused tells nothing either: ownership is checked first.
        EXPECT_EQ(Put(*client, id, {{"answers", 42}}).status, 404);
        EXPECT_EQ(Delete(*client, id).status, 404);
        r = client->Get("/api/drafts");
        ASSERT_EQ(r.status, 200);
        const json list = r.Json();
        for (const json& item : list["items"]) {
            EXPECT_NE(item["id"], id);
        }
    }
    // The same answer as an id that never existed.
    const HttpResponse foreign = other->Get("/api/drafts/" + id);
    const HttpResponse missing = other->Get("/api/drafts/AAAAAAAAAAAAAAAAAAAAAAAA");
    EXPECT_EQ(foreign.Json()["detail"], missing.Json()["detail"]);
    // Nor can anyone else submit from it.
    json body = SubmissionBody();
    body["draft_id"] = id;
    EXPECT_EQ(other->Post("/api/dossiers", body).status, 404);
    EXPECT_EQ(owner->Get("/api/drafts/" + id).Json()["status"], "open");
    EXPECT_EQ(Delete(*owner, id).status, 204);

    // Roles that never submit online have no drafts.
    auto specialist = server.SignedIn("specialist_a");
    EXPECT_EQ(specialist->Get("/api/drafts").status, 403);
    EXPECT_EQ(
        specialist->Post("/api/drafts", {{"procedure_code", kBirthRegistration}, {"answers", "{}"}})
            .status,
        403);
    HttpClient anonymous(server.port());
    EXPECT_EQ(anonymous.Get("/api/drafts").status, 401);
}

TEST_F(DraftsTest, TooLargeAndMalformedContentIsRefused) {
    auto citizen = server.SignedIn("citizen1");
    const std::string id = Start(*citizen)["id"];
    // Answers over 256 KB: 413 (the body itself is within the server's limit).
    const std::string big = "{\"x\":\"" + std::string(300 * 1024, 'a') + "\"}";
    HttpResponse r = Put(*citizen, id, {{"answers", big}});
    EXPECT_EQ(r.status, 413) << r.body.substr(0, 300);
    EXPECT_EQ(r.Json()["type"], "/problems/payload-too-large");
    r = citizen->Post("/api/drafts", {{"procedure_code", kBirthRegistration}, {"answers", big}});
    EXPECT_EQ(r.status, 413);
    // A body over the server's limit: 413 before any handler.
    r = citizen->Send("PUT",
                      "/api/drafts/" + id,
                      "{\"answers\":\"" + std::string(1'100'000, 'a') + "\"}",
                      {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 413);
    // 256 KB exactly is fine.
    const std::string limit = "{\"x\":\"" + std::string(256 * 1024 - 8, 'a') + "\"}";
    ASSERT_EQ(limit.size(), 256U * 1024U);
    r = Put(*citizen, id, {{"answers", limit}});
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
    EXPECT_EQ(citizen->Get("/api/drafts/" + id).Json()["answers"], limit);

    // Not a JSON object; no answers; a bad file hash; someone else's upload; unknown agency;
    // another procedure; an unknown procedure; a procedure not offered online.
    EXPECT_EQ(Put(*citizen, id, {{"answers", "not json"}}).status, 400);
    EXPECT_EQ(Put(*citizen, id, {{"answers", "[1,2]"}}).status, 400);
    EXPECT_EQ(Put(*citizen, id, {{"agency_code", kCommuneA}}).status, 400);
    r = Put(*citizen, id, {{"answers", "{}"}, {"attachments", {"../../etc/passwd"}}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.Json()["field"], "attachments[0]");
    r = Put(*citizen, id, {{"answers", "{}"}, {"attachments", {std::string(64, '7')}}});
    EXPECT_EQ(r.status, 400);
    r = Put(*citizen, id, {{"answers", "{}"}, {"agency_code", "999.99.99.Z99"}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.Json()["field"], "agency_code");
    r = Put(*citizen, id, {{"answers", "{}"}, {"procedure_code", "1.004884"}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(citizen->Post("/api/drafts", {{"procedure_code", "9.999999"}}).status, 404);
    EXPECT_EQ(citizen->Post("/api/drafts", json::object()).status, 400);
    r = citizen->Send("POST", "/api/drafts", "{}", {{"Content-Type", "text/plain"}});
    EXPECT_EQ(r.status, 415);
    EXPECT_EQ(Delete(*citizen, id).status, 204);
}

TEST_F(DraftsTest, SubmittingFromADraftMarksItSubmitted) {
    auto citizen = server.SignedIn("citizen1");
    // A file uploaded while drafting is listed in the draft.
    const std::string pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
    std::string upload = "--" + std::string(kBoundary) +
                         "\r\nContent-Disposition: form-data; name=\"file\"; "
                         "filename=\"to-khai.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" +
                         pdf + "\r\n--" + std::string(kBoundary) + "--\r\n";
    HttpResponse r = citizen->Send(
        "POST",
        "/api/attachments",
        upload,
        {{"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string sha = r.Json()["items"][0]["sha256"];

    const std::string id = Start(*citizen)["id"];
    r = Put(*citizen,
            id,
            {{"answers", Answers().dump()}, {"agency_code", kCommuneA}, {"attachments", {sha}}},
            {{"If-Match", "\"1\""}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["attachments"], json::array({sha}));

    // A draft of another procedure cannot carry this submission.
    json wrong = SubmissionBody("1.004884");
    wrong["draft_id"] = id;
    r = citizen->Post("/api/dossiers", wrong);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json()["field"], "draft_id");

    json body = SubmissionBody();
    body["draft_id"] = id;
    body["attachments"] = {{{"component", "TP1"}, {"sha256", sha}}};
    r = citizen->Post("/api/dossiers", body);
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string code = r.Json()["code"];

    r = citizen->Get("/api/drafts/" + id);
    ASSERT_EQ(r.status, 200) << r.body;
    const json draft = r.Json();
    EXPECT_EQ(draft["status"], "submitted");
    EXPECT_EQ(draft["dossier_code"], code);
    EXPECT_FALSE(draft["submitted_at"].is_null());
    EXPECT_EQ(draft["version"], 3);
    // Read-only now, and no longer among the open drafts.
    r = Put(*citizen, id, {{"answers", "{}"}});
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.Json()["type"], "/problems/not-allowed-now");
    EXPECT_EQ(Delete(*citizen, id).status, 409);
    const json open = citizen->Get("/api/drafts").Json();
    for (const json& item : open["items"]) {
        EXPECT_NE(item["id"], id);
    }
    // Submitting the same draft again (another device, a retry) gives the same dossier.
    body["idempotency_key"] = "some other key";
    r = citizen->Post("/api/dossiers", body);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.Json()["code"], code);
}

TEST_F(DraftsTest, StateChangesNeedTheCsrfTokenOfTheSession) {
    auto citizen = server.SignedIn("citizen1");
    const std::string id = Start(*citizen)["id"];
    citizen->set_send_csrf(false);
    EXPECT_EQ(citizen->Post("/api/drafts", {{"procedure_code", kBirthRegistration}}).status, 403);
    HttpResponse r = Put(*citizen, id, {{"answers", "{}"}});
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.Json()["type"], "/problems/csrf");
    EXPECT_EQ(Delete(*citizen, id).status, 403);
    EXPECT_EQ(citizen->Get("/api/drafts/" + id).status, 200);  // reads need none
    EXPECT_EQ(citizen->Get("/api/drafts").status, 200);
    citizen->set_send_csrf(true);
    EXPECT_EQ(Delete(*citizen, id).status, 204);
}

TEST_F(DraftsTest, OpenDraftsPerAccountAreLimited) {
    auto citizen = server.SignedIn("citizen2");
    std::vector<std::string> ids;
    HttpResponse r;
    for (int i = 0; i < 60; ++i) {
        r = citizen->Post("/api/drafts", {{"procedure_code", kBirthRegistration}});
        if (r.status != 201) {
            break;
        }
        ids.push_back(r.Json()["id"]);
    }
    EXPECT_EQ(ids.size(), 50U);
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.Json()["type"], "/problems/not-allowed-now");
    EXPECT_NE(r.Json()["detail"].get<std::string>().find("50"), std::string::npos) << r.body;
    r = citizen->Get("/api/drafts");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.Json()["items"].size(), 50U);
    EXPECT_EQ(r.Json()["limit"], 50);
    EXPECT_EQ(r.Json()["items"][0]["id"], ids.back());  // newest first
    for (const std::string& id : ids) {
        EXPECT_EQ(Delete(*citizen, id).status, 204);
    }
    EXPECT_EQ(citizen->Post("/api/drafts", {{"procedure_code", kBirthRegistration}}).status, 201);
}

TEST_F(DraftsTest, OfficersKeepDraftsOfAssistedSubmissions) {
    auto officer = server.SignedIn("officer_a");
    const std::string id = Start(*officer)["id"];
    json body = SubmissionBody();
    body["draft_id"] = id;
    const HttpResponse r = officer->Post("/api/dossiers", body);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(officer->Get("/api/drafts/" + id).Json()["dossier_code"], r.Json()["code"]);
}

}  // namespace
}  // namespace motcua::testing
