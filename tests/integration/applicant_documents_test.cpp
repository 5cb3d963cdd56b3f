// The applicant's own side of a dossier, as the citizen portal uses it: supplementing with
// uploaded files when asked, downloading the notices addressed to them (receipt, supplement
// request, apology, refusal) as PDFs, and rating once at the end. Another citizen gets 404.
#include <string>

#include <gtest/gtest.h>

#include "test_server.hpp"

namespace motcua::testing {
namespace {

using nlohmann::json;

constexpr std::string_view kBoundary = "----motcua-applicant-boundary";

const std::string kPdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

class ApplicantDocumentsTest : public ::testing::Test {
protected:
    TestServer& server = TestServer::Get();

    // Uploads a small PDF named `name` whose bytes are unique to the name (the store is shared by
    // every test of the binary and keyed by content); returns its SHA-256.
    static std::string UploadPdf(HttpClient& client, std::string_view name) {
        std::string body = "--" + std::string(kBoundary) + "\r\n";
        body += "Content-Disposition: form-data; name=\"file\"; filename=\"" + std::string(name) +
                "\"\r\n";
        body += "Content-Type: application/pdf\r\n\r\n" + kPdf + "% applicant-documents " +
                std::string(name) + "\n";
        body += "\r\n--" + std::string(kBoundary) + "--\r\n";
        const HttpResponse r = client.Send(
            "POST",
            "/api/attachments",
            body,
            {{"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.Json()["items"][0].value("sha256", "");
    }

    static HttpResponse Act(HttpClient& client,
                            const std::string& code,
                            std::string_view action,
                            const json& body = json::object()) {
        return client.Post("/api/dossiers/" + code + "/actions/" + std::string(action), body);
    }

    static bool IsPdf(const HttpResponse& r) {
        return r.status == 200 && r.Header("content-type").value_or("") == "application/pdf" &&
               r.body.rfind("%PDF-", 0) == 0;
    }
};

TEST_F(ApplicantDocumentsTest, SupplementsWithFilesAndDownloadsTheNoticesAddressedToThem) {
    auto citizen = server.SignedIn("citizen1");
    auto other = server.SignedIn("citizen2");
    auto officer = server.SignedIn("officer_a");
    auto leader = server.SignedIn("leader_a");

    HttpResponse r = citizen->Post("/api/dossiers", SubmissionBody());
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string code = r.Json()["code"];
    const std::string docs = "/api/dossiers/" + code + "/documents/";

    // Not received yet: no receipt, no notice.
    EXPECT_EQ(citizen->Get(docs + "receipt.pdf").status, 409);
    EXPECT_EQ(citizen->Get(docs + "supplement-request.pdf").status, 409);

    r = Act(*officer,
            code,
            "request-supplement",
            {{"reasons",
              {{{"component", "TP2"},
                {"problem", "Bản chụp giấy chứng sinh bị mờ"},
                {"fix", "Tải lên bản chụp rõ nét cả hai mặt"}}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(r.Json()["status"], "supplement_requested");

    // The request is addressed to the applicant: theirs to download, nobody else's.
    EXPECT_TRUE(IsPdf(citizen->Get(docs + "supplement-request.pdf")));
    EXPECT_EQ(other->Get(docs + "supplement-request.pdf").status, 404);

    // A file uploaded by someone else cannot be handed in; nothing changes.
    const std::string foreign = UploadPdf(*other, "cua-nguoi-khac.pdf");
    const auto version = citizen->Get("/api/dossiers/" + code).Json()["version"];
    r = Act(*citizen,
            code,
            "provide-supplement",
            {{"components", {"TP2"}},
             {"attachments",
              {{{"component", "TP2"}, {"sha256", foreign}, {"name", "giay-chung-sinh.pdf"}}}}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(citizen->Get("/api/dossiers/" + code).Json()["version"], version);

    // The applicant's own upload is handed in with the component it answers.
    const std::string sha = UploadPdf(*citizen, "giay-chung-sinh-ro.pdf");
    r = Act(*citizen,
            code,
            "provide-supplement",
            {{"components", {"TP2"}},
             {"attachments",
              {{{"component", "TP2"}, {"sha256", sha}, {"name", "giay-chung-sinh-ro.pdf"}}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["status"], "submitted");
    const json after = r.Json();
    bool carried = false;
    for (const json& a : after["attachments"]) {
        carried = carried || (a["component"] == "TP2" && a["sha256"] == sha);
    }
    EXPECT_TRUE(carried) << r.body;
    EXPECT_EQ(officer->Get("/api/attachments/" + sha).status, 200);

    // Received: the receipt and appointment slip is the applicant's too.
    ASSERT_EQ(Act(*officer, code, "receive").status, 200);
    EXPECT_TRUE(IsPdf(citizen->Get(docs + "receipt.pdf")));
    EXPECT_EQ(other->Get(docs + "receipt.pdf").status, 404);

    // An apology with a new date, addressed to the applicant.
    r = Act(*leader,
            code,
            "apologize",
            {{"reason", "Cần xác minh thêm thông tin"}, {"new_due_at", "2099-12-30T17:00"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(IsPdf(citizen->Get(docs + "apology.pdf")));
    EXPECT_EQ(citizen->Get(docs + "refusal.pdf").status, 409);

    // Refused at the end: the refusal notice, then one rating.
    r = Act(*officer,
            code,
            "refuse",
            {{"reasons",
              {{{"component", "chung"},
                {"problem", "Không thuộc thẩm quyền"},
                {"fix", "Nộp tại UBND nơi cư trú"}}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(IsPdf(citizen->Get(docs + "refusal.pdf")));
    EXPECT_EQ(Act(*other, code, "rate", {{"score", 1}}).status, 404);
    r = Act(*citizen, code, "rate", {{"score", 4}, {"comment", "Hướng dẫn rõ ràng"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["rating"], 4);
    EXPECT_EQ(Act(*citizen, code, "rate", {{"score", 5}}).status, 409);
}

}  // namespace
}  // namespace motcua::testing
