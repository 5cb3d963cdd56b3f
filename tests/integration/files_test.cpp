// Attachments (multipart upload, content checks, download permissions) and the printable
// documents of a dossier.
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace motcua::testing {
namespace {

using nlohmann::json;

constexpr std::string_view kBoundary = "----motcua-test-boundary";

std::string Multipart(std::string_view filename,
                      std::string_view declared_type,
                      std::string_view content) {
    std::string body;
    body += "--" + std::string(kBoundary) + "\r\n";
    body += "Content-Disposition: form-data; name=\"file\"; filename=\"" + std::string(filename) +
            "\"\r\n";
    body += "Content-Type: " + std::string(declared_type) + "\r\n\r\n";
    body += content;
    body += "\r\n--" + std::string(kBoundary) + "--\r\n";
    return body;
}

const std::string kPdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

class FilesTest : public ::testing::Test {
protected:
    TestServer& server = TestServer::Get();

    static HttpResponse Upload(HttpClient& client,
                               std::string_view name,
                               std::string_view type,
                               std::string_view content) {
        return client.Send(
            "POST",
            "/api/attachments",
            Multipart(name, type, content),
            {{"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
    }
};

TEST_F(FilesTest, UploadAttachSubmitAndDownloadWithPermissions) {
    auto citizen = server.SignedIn("citizen1");
    auto other = server.SignedIn("citizen2");
    auto officer = server.SignedIn("officer_a");
    HttpResponse r = Upload(*citizen, "../../etc/passwd.pdf", "application/pdf", kPdf);
    ASSERT_EQ(r.status, 201) << r.body;
    const json file = r.Json()["items"][0];
    const std::string sha = file["sha256"];
    EXPECT_EQ(sha.size(), 64U);
    EXPECT_EQ(file["content_type"], "application/pdf");
    EXPECT_EQ(file["name"].get<std::string>().find('/'), std::string::npos) << file;

    json body = SubmissionBody();
    body["attachments"] = {{{"component", "TP1"}, {"sha256", sha}, {"name", "to-khai.pdf"}}};
    r = citizen->Post("/api/dossiers", body);
    ASSERT_EQ(r.status, 201) << r.body;
    ASSERT_EQ(r.Json()["attachments"].size(), 1U);
    EXPECT_EQ(r.Json()["attachments"][0]["sha256"], sha);

    // The uploader and the receiving officer may download; another citizen is told it does not
    // exist, exactly like unknown content.
    r = citizen->Get("/api/attachments/" + sha);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, kPdf);
    EXPECT_EQ(r.Header("content-type").value_or(""), "application/pdf");
    EXPECT_EQ(officer->Get("/api/attachments/" + sha).status, 200);
    EXPECT_EQ(other->Get("/api/attachments/" + sha).status, 404);
    EXPECT_EQ(other->Get("/api/attachments/" + std::string(64, 'a')).status, 404);
    EXPECT_EQ(other->Get("/api/attachments/..%2F..%2Fetc%2Fpasswd").status, 404);

    // Someone else's upload cannot be attached.
    body["attachments"] = {{{"component", "TP1"}, {"sha256", sha}}};
    EXPECT_EQ(other->Post("/api/dossiers", body).status, 400);
}

TEST_F(FilesTest, ContentIsCheckedNotTheName) {
    auto citizen = server.SignedIn("citizen1");
    HttpResponse r =
        Upload(*citizen, "giay-to.pdf", "application/pdf", "MZ\x90\x00 this is a program");
    EXPECT_EQ(r.status, 415) << r.body;
    r = Upload(*citizen, "anh.png", "image/png", "<html><script>alert(1)</script></html>");
    EXPECT_EQ(r.status, 415) << r.body;
    r = citizen->Send("POST", "/api/attachments", "{}", {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 415) << r.body;
    r = citizen->Send(
        "POST",
        "/api/attachments",
        "--nope\r\n",
        {{"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
    EXPECT_EQ(r.status, 400) << r.body;
}

TEST_F(FilesTest, DocumentsOnlyWhereTheStateMakesThemMeaningful) {
    auto officer = server.SignedIn("officer_a");
    auto foreign = server.SignedIn("officer_b");
    HttpResponse r =
        officer->Post("/api/dossiers", SubmissionBody(kBirthRegistration, kCommuneA, "counter"));
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string base = "/api/dossiers/" + r.Json()["code"].get<std::string>() + "/documents/";

    r = officer->Get(base + "receipt.pdf");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Header("content-type").value_or(""), "application/pdf");
    EXPECT_EQ(r.body.rfind("%PDF-", 0), 0U);
    EXPECT_EQ(officer->Get(base + "control-slip.pdf").status, 200);

    r = officer->Get(base + "refusal.pdf");
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(officer->Get(base + "certificate.pdf").status, 404);
    EXPECT_EQ(officer->Get(base + "receipt.docx").status, 404);
    EXPECT_EQ(foreign->Get(base + "receipt.pdf").status, 404);
}

}  // namespace
}  // namespace motcua::testing
