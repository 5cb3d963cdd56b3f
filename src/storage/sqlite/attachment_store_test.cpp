// SqliteAttachmentStore against ":memory:" and a file database: content-addressed files stored
// once, upload records per uploader, hash verification, paths never taken from users, and the
// dossier links written with the events through DossierService.
#include "storage/sqlite/attachment_store.hpp"

#include <array>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/testing/result_matchers.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/workflow/dossier_service.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/dossier_store.hpp"
#include "storage/sqlite/testing/test_db.hpp"
#include "storage/testing/province_fixture.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace fs = std::filesystem;
namespace wf = core::workflow;
namespace cal = core::calendar;
namespace cat = core::catalog;
namespace model = core::model;
using core::ports::AttachmentMeta;
using testing::DbKind;
using testing::DbKindName;
using testing::DbTest;

using storage::testing::CountingKeys;
using storage::testing::FirstDecision;
using storage::testing::kBirth;
using storage::testing::kCommune;
using storage::testing::SeedProvince;

std::string Sha256Hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), md.data(), &length, EVP_sha256(), nullptr);
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += fmt::format("{:02x}", md[i]);
    }
    return out;
}

std::string Slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;  // not istreambuf_iterator: GCC 12 -O3 -Wnull-dereference
    content << in.rdbuf();
    return content.str();
}

// Regular files under `dir`, recursively.
std::vector<fs::path> FilesUnder(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) {
            out.push_back(entry.path());
        }
    }
    return out;
}

const std::string kPdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

class AttachmentStoreTest : public DbTest {
protected:
    AttachmentStoreTest() : clock_(cal::ToInstant(*cal::ParseDateTime("2026-03-02T09:00"))) {}

    void SetUp() override {
        DatabaseOptions options;
        options.path = DbPath();
        auto db = Database::Open(options);
        ASSERT_THAT(db, IsOk());
        db_ = std::move(*db);
        auto store = SqliteAttachmentStore::Open(*db_, files_.string(), clock_);
        ASSERT_THAT(store, IsOk());
        store_ = std::move(*store);
    }

    // A new temporary file holding `content` (where the HTTP layer leaves verified uploads).
    std::string Temp(std::string_view content) {
        const std::string path = dir_.File(fmt::format("upload-{}", temps_++));
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

    static AttachmentMeta Meta(std::string_view content,
                               std::optional<std::int64_t> user,
                               std::string agency = "",
                               std::string name = "tờ khai.pdf") {
        AttachmentMeta m;
        m.sha256 = Sha256Hex(content);
        m.content_type = "application/pdf";
        m.name = std::move(name);
        if (user) {
            m.uploaded_by = model::UserId{*user};
        }
        m.uploader_agency = std::move(agency);
        return m;
    }

    FakeClock clock_;
    std::unique_ptr<Database> db_;
    fs::path files_ = dir_.Path() / "files";
    std::unique_ptr<SqliteAttachmentStore> store_;
    int temps_ = 0;
};

TEST_P(AttachmentStoreTest, PutMovesTheFileUnderItsHashAndRecordsTheUpload) {
    const std::string temp = Temp(kPdf);
    const std::string sha = Sha256Hex(kPdf);
    const auto stored = store_->Put(temp, Meta(kPdf, 500));
    ASSERT_THAT(stored, IsOk());
    EXPECT_EQ(stored->sha256, sha);
    EXPECT_EQ(stored->size, static_cast<std::int64_t>(kPdf.size()));
    EXPECT_EQ(stored->content_type, "application/pdf");
    EXPECT_EQ(stored->name, "tờ khai.pdf");
    EXPECT_EQ(stored->uploaded_by, model::UserId{500});
    EXPECT_EQ(cal::FormatDateTime(stored->uploaded_at), "2026-03-02T09:00");

    EXPECT_FALSE(fs::exists(temp));
    const fs::path file = files_ / sha.substr(0, 2) / sha;
    EXPECT_EQ(Slurp(file), kPdf);
    EXPECT_THAT(store_->PathOf(sha), IsOkAndHolds(file.string()));
    EXPECT_THAT(store_->ReadAll(sha, 1024), IsOkAndHolds(kPdf));
    EXPECT_THAT(store_->Get(sha), IsOkAndHolds(*stored));
}

TEST_P(AttachmentStoreTest, IdenticalContentIsStoredOnce) {
    const auto first = store_->Put(Temp(kPdf), Meta(kPdf, 500, "", "a.pdf"));
    ASSERT_THAT(first, IsOk());
    clock_.Advance(std::chrono::minutes(5));
    const std::string second_temp = Temp(kPdf);
    const auto second = store_->Put(second_temp, Meta(kPdf, 100, kCommune, "b.pdf"));
    ASSERT_THAT(second, IsOk());
    EXPECT_FALSE(fs::exists(second_temp));
    EXPECT_EQ(FilesUnder(files_).size(), 1U);
    EXPECT_EQ(second->name, "b.pdf");
    EXPECT_EQ(second->uploader_agency, kCommune);

    // The same uploader again: the first record, nothing new.
    const auto again = store_->Put(Temp(kPdf), Meta(kPdf, 500, "", "renamed.pdf"));
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ(*again, *first);
    const auto uploads = store_->Uploads(first->sha256);
    ASSERT_THAT(uploads, IsOk());
    EXPECT_EQ(*uploads, (std::vector<AttachmentMeta>{*first, *second}));
    EXPECT_THAT(store_->Get(first->sha256), IsOkAndHolds(*first));
    EXPECT_EQ(FilesUnder(files_).size(), 1U);
}

TEST_P(AttachmentStoreTest, WrongHashIsRefusedAndTheFileLeftToTheCaller) {
    const std::string temp = Temp(kPdf);
    AttachmentMeta meta = Meta(kPdf, 500);
    meta.sha256 = Sha256Hex("something else");
    EXPECT_THAT(store_->Put(temp, meta), HasError(ErrorCode::kInvalidArgument));
    EXPECT_TRUE(fs::exists(temp));
    EXPECT_TRUE(FilesUnder(files_).empty());
    EXPECT_THAT(store_->Uploads(meta.sha256), IsOkAndHolds(::testing::IsEmpty()));
}

TEST_P(AttachmentStoreTest, NamesFromUsersNeverBecomePaths) {
    for (const std::string& bad : {std::string("../../etc/passwd"),
                                   std::string(64, 'A'),
                                   "../" + std::string(61, 'a'),
                                   std::string(63, 'a')}) {
        SCOPED_TRACE(bad);
        EXPECT_THAT(store_->Get(bad), HasError(ErrorCode::kNotFound));
        EXPECT_THAT(store_->PathOf(bad), HasError(ErrorCode::kNotFound));
        EXPECT_THAT(store_->ReadAll(bad, 1024), HasError(ErrorCode::kNotFound));
        EXPECT_THAT(store_->Uploads(bad), IsOkAndHolds(::testing::IsEmpty()));
        AttachmentMeta meta = Meta(kPdf, 500);
        meta.sha256 = bad;
        EXPECT_THAT(store_->Put(Temp(kPdf), meta), HasError(ErrorCode::kInvalidArgument));
    }
    // The display name is only text.
    const auto stored = store_->Put(Temp(kPdf), Meta(kPdf, 500, "", "../../etc/passwd"));
    ASSERT_THAT(stored, IsOk());
    EXPECT_EQ(stored->name, "passwd");
    const std::vector<fs::path> files = FilesUnder(files_);
    ASSERT_EQ(files.size(), 1U);
    EXPECT_EQ(files.front().filename(), stored->sha256);
    // Unknown but well-formed content.
    EXPECT_THAT(store_->PathOf(std::string(64, 'a')), HasError(ErrorCode::kNotFound));
}

TEST_P(AttachmentStoreTest, ReadAllRespectsItsLimit) {
    const auto stored = store_->Put(Temp(kPdf), Meta(kPdf, 500));
    ASSERT_THAT(stored, IsOk());
    EXPECT_THAT(store_->ReadAll(stored->sha256, kPdf.size() - 1), HasError(ErrorCode::kOutOfRange));
    EXPECT_THAT(store_->ReadAll(stored->sha256, kPdf.size()), IsOkAndHolds(kPdf));
}

TEST_P(AttachmentStoreTest, AMissingFileIsReportedAsLostData) {
    const auto stored = store_->Put(Temp(kPdf), Meta(kPdf, 500));
    ASSERT_THAT(stored, IsOk());
    fs::remove(files_ / stored->sha256.substr(0, 2) / stored->sha256);
    EXPECT_THAT(store_->PathOf(stored->sha256), HasError(ErrorCode::kInternal));
    // Uploading the content again restores the file.
    ASSERT_THAT(store_->Put(Temp(kPdf), Meta(kPdf, 501)), IsOk());
    EXPECT_THAT(store_->ReadAll(stored->sha256, 1024), IsOkAndHolds(kPdf));
}

TEST_P(AttachmentStoreTest, TemporaryFileOnAnotherFileSystemIsCopied) {
    struct stat shm {};

    struct stat here {};

    if (::stat("/dev/shm", &shm) != 0 || ::stat(files_.c_str(), &here) != 0 ||
        shm.st_dev == here.st_dev) {
        GTEST_SKIP() << "no second file system at /dev/shm";
    }
    const std::string temp = fmt::format("/dev/shm/motcua-attachment-test-{}", ::getpid());
    std::ofstream(temp, std::ios::binary) << kPdf;
    const auto stored = store_->Put(temp, Meta(kPdf, 500));
    ASSERT_THAT(stored, IsOk());
    EXPECT_FALSE(fs::exists(temp));
    EXPECT_THAT(store_->ReadAll(stored->sha256, 1024), IsOkAndHolds(kPdf));
    const std::vector<fs::path> files = FilesUnder(files_);
    ASSERT_EQ(files.size(), 1U);  // no staging file left behind
    EXPECT_EQ(files.front().filename(), stored->sha256);
}

// ---- Links written with the dossier's events ----------------------------------------------

class AttachmentLinkTest : public AttachmentStoreTest {
protected:
    void SetUp() override {
        AttachmentStoreTest::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        auto national = cal::BuiltinNationalSchedules();
        ASSERT_THAT(national, IsOk());
        directory_ = std::make_unique<SqliteDirectory>(*db_, std::move(*national));
        dossiers_ = std::make_unique<SqliteDossierStore>(*db_);
        service_ = std::make_unique<wf::DossierService>(
            *directory_, *dossiers_, clock_, keys_, store_.get());
        ASSERT_THAT(
            SeedProvince(*directory_, {{kCommune, "UBND xã A", model::AgencyKind::kCommune}}),
            IsOk());
        cat::ProcedureVersion v = storage::testing::MakeVersion(kBirth, "Đăng ký khai sinh");
        v.components = {{"TP1", "Tờ khai", true, 1, true, ""},
                        {"TP2", "Giấy chứng sinh", true, 1, true, ""}};
        v.deadline = 3;
        v.result = "Giấy khai sinh";
        ASSERT_THAT(directory_->Publish(FirstDecision({{cat::ChangeKind::kNew, kBirth, v, {}}})),
                    IsOk());
    }

    wf::Submission Online(std::vector<wf::AttachmentRef> refs) {
        wf::Submission s;
        s.procedure_code = kBirth;
        s.agency_code = kCommune;
        s.channel = wf::Channel::kOnline;
        s.applicant.name = "Nguyễn Văn A";
        s.components = {"TP1", "TP2"};
        s.attachments = std::move(refs);
        return s;
    }

    Result<std::int64_t> Links(model::DossierId id) {
        return db_->Read([&](Connection& c) -> Result<std::int64_t> {
            MOTCUA_ASSIGN_OR_RETURN(
                Statement st,
                c.Prepare("SELECT count(*) FROM dossier_attachments WHERE dossier_id = ?1"));
            MOTCUA_TRY(st.Bind(1, id.value()));
            MOTCUA_TRY(st.Step());
            return st.ColumnInt64(0);
        });
    }

    const wf::Actor citizen_{wf::Role::kCitizen, model::UserId{500}, "", "Nguyễn Văn A"};
    const wf::Actor officer_{wf::Role::kOneStopOfficer, model::UserId{100}, kCommune, "Cán bộ"};
    CountingKeys keys_;
    std::unique_ptr<SqliteDirectory> directory_;
    std::unique_ptr<SqliteDossierStore> dossiers_;
    std::unique_ptr<wf::DossierService> service_;
};

TEST_P(AttachmentLinkTest, SubmissionAndSupplementLinkTheirFiles) {
    const std::string scan = "\xFF\xD8\xFF\xE0 a JPEG scan";
    const auto pdf = store_->Put(Temp(kPdf), Meta(kPdf, 500, "", "to-khai.pdf"));
    AttachmentMeta jpeg_meta = Meta(scan, 500, "", "chung-sinh.jpg");
    jpeg_meta.content_type = "image/jpeg";
    const auto jpeg = store_->Put(Temp(scan), jpeg_meta);
    ASSERT_THAT(pdf, IsOk());
    ASSERT_THAT(jpeg, IsOk());

    auto d = service_->Submit(citizen_, Online({{"TP1", pdf->sha256, "", 0, ""}}));
    ASSERT_THAT(d, IsOk());
    EXPECT_THAT(Links(d->id), IsOkAndHolds(1));
    EXPECT_THAT(store_->DossiersWith(pdf->sha256),
                IsOkAndHolds(std::vector<model::DossierId>{d->id}));
    EXPECT_THAT(store_->DossiersWith(jpeg->sha256), IsOkAndHolds(::testing::IsEmpty()));

    ASSERT_THAT(
        service_->Act(officer_,
                      d->id,
                      wf::RequestSupplement{{{"TP2", "Thiếu giấy chứng sinh", "Nộp bản chụp"}}}),
        IsOk());
    d = service_->Act(
        citizen_, d->id, wf::ProvideSupplement{{"TP2"}, {{"TP2", jpeg->sha256, "", 0, ""}}});
    ASSERT_THAT(d, IsOk());
    ASSERT_EQ(d->attachments.size(), 2U);
    EXPECT_EQ(d->attachments[1],
              (wf::AttachmentRef{"TP2",
                                 jpeg->sha256,
                                 "chung-sinh.jpg",
                                 static_cast<std::int64_t>(scan.size()),
                                 "image/jpeg"}));
    EXPECT_THAT(Links(d->id), IsOkAndHolds(2));
    EXPECT_THAT(store_->DossiersWith(jpeg->sha256),
                IsOkAndHolds(std::vector<model::DossierId>{d->id}));

    // The record replays and its chain verifies.
    EXPECT_THAT(dossiers_->Load(d->id), IsOkAndHolds(*d));
    const auto audit = VerifyAuditChain(*db_);
    ASSERT_THAT(audit, IsOk());
    EXPECT_FALSE(audit->first_broken_event.has_value()) << audit->problem;
    const auto rebuilt = RebuildProjections(*db_, /*write=*/false);
    ASSERT_THAT(rebuilt, IsOk());
    EXPECT_EQ(rebuilt->mismatches, 0);
}

TEST_P(AttachmentLinkTest, SomeoneElsesUploadChangesNothing) {
    const auto pdf = store_->Put(Temp(kPdf), Meta(kPdf, 777));
    ASSERT_THAT(pdf, IsOk());
    EXPECT_THAT(service_->Submit(citizen_, Online({{"TP1", pdf->sha256, "", 0, ""}})),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(store_->DossiersWith(pdf->sha256), IsOkAndHolds(::testing::IsEmpty()));
}

INSTANTIATE_TEST_SUITE_P(Storage,
                         AttachmentStoreTest,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile),
                         DbKindName);
INSTANTIATE_TEST_SUITE_P(Storage,
                         AttachmentLinkTest,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile),
                         DbKindName);

}  // namespace
}  // namespace motcua::storage::sqlite
