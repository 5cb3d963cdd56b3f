#include "core/workflow/attachments.hpp"

#include <map>

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/workflow/apply.hpp"
#include "core/workflow/dossier_service.hpp"
#include "core/workflow/testing/fakes.hpp"

namespace motcua::core::workflow {
namespace {

using calendar::DurationUnit;

// ---- Display names ---------------------------------------------------------------------------

struct NameCase {
    std::string_view name;
    std::string raw;
    std::string expected;
};

class DisplayName : public ::testing::TestWithParam<NameCase> {};

TEST_P(DisplayName, IsSanitised) {
    EXPECT_EQ(SanitizeDisplayName(GetParam().raw), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Attachments,
    DisplayName,
    ::testing::Values(
        NameCase{"plain", "to-khai.pdf", "to-khai.pdf"},
        NameCase{"vietnamese", "Tờ khai đăng ký khai sinh.pdf", "Tờ khai đăng ký khai sinh.pdf"},
        NameCase{"traversal", "../../etc/passwd", "passwd"},
        NameCase{"windows_path", "C:\\Users\\an\\Giấy chứng sinh.jpg", "Giấy chứng sinh.jpg"},
        NameCase{"only_dots", "..", std::string(kDefaultDisplayName)},
        NameCase{"dir_only", "uploads/", std::string(kDefaultDisplayName)},
        NameCase{"empty", "", std::string(kDefaultDisplayName)},
        NameCase{"controls", std::string("a\r\nb\0c\x7f.pdf", 11), "abc.pdf"},
        NameCase{"c1_control", "a\xc2\x85z.pdf", "az.pdf"},
        NameCase{"bidi_override", "invoice\xe2\x80\xaegpj.exe", "invoicegpj.exe"},
        NameCase{"invalid_utf8", "a\xff\xfe.pdf", "a__.pdf"},
        NameCase{"overlong_slash", "a\xc0\xaf.pdf", "a__.pdf"},
        NameCase{"surrogate", "a\xed\xa0\x80.pdf", "a___.pdf"},
        NameCase{"trimmed", "  scan.pdf. . ", "scan.pdf"}),
    [](const ::testing::TestParamInfo<NameCase>& p) { return std::string(p.param.name); });

TEST(DisplayNameLimit, CutsAtACharacterBoundaryKeepingTheExtension) {
    std::string raw;
    for (int i = 0; i < 150; ++i) {
        raw += "đ";  // two bytes each
    }
    raw += ".pdf";
    const std::string name = SanitizeDisplayName(raw);
    EXPECT_LE(name.size(), kMaxDisplayNameBytes);
    EXPECT_TRUE(name.ends_with("đ.pdf"));
    EXPECT_EQ(SanitizeDisplayName(name), name);  // valid UTF-8, stable
}

// ---- Hashes and reference lists -----------------------------------------------------------

const std::string kShaA(64, 'a');
const std::string kShaB(64, 'b');

TEST(Sha256Hex, OnlySixtyFourLowerCaseHexDigits) {
    EXPECT_TRUE(IsSha256Hex(kShaA));
    EXPECT_TRUE(IsSha256Hex("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    EXPECT_FALSE(IsSha256Hex(std::string(64, 'A')));
    EXPECT_FALSE(IsSha256Hex(std::string(63, 'a')));
    EXPECT_FALSE(IsSha256Hex(std::string(65, 'a')));
    EXPECT_FALSE(IsSha256Hex("../" + std::string(61, 'a')));
}

struct RefsCase {
    std::string_view name;
    std::vector<AttachmentRef> refs;
    std::string field;  // empty: valid
};

class AttachmentRefs : public ::testing::TestWithParam<RefsCase> {};

TEST_P(AttachmentRefs, AreCheckedAgainstTheComponents) {
    const std::vector<std::string> components = {"TP1", "TP2"};
    const Result<void> result = ValidateAttachmentRefs(GetParam().refs, components);
    if (GetParam().field.empty()) {
        EXPECT_THAT(result, IsOk());
    } else {
        ASSERT_THAT(result, HasError(ErrorCode::kInvalidArgument));
        EXPECT_EQ(result.error().field, GetParam().field);
        EXPECT_FALSE(result.error().message_vi.empty());
    }
}

INSTANTIATE_TEST_SUITE_P(
    Attachments,
    AttachmentRefs,
    ::testing::Values(
        RefsCase{"none", {}, ""},
        RefsCase{"two_components", {{"TP1", kShaA, "a", 0, ""}, {"TP2", kShaA, "a", 0, ""}}, ""},
        RefsCase{"bad_hash", {{"TP1", "abc", "a", 0, ""}}, "attachments[0].sha256"},
        RefsCase{"upper_case_hash",
                 {{"TP1", std::string(64, 'F'), "", 0, ""}},
                 "attachments[0].sha256"},
        RefsCase{"component_not_handed_in",
                 {{"TP1", kShaA, "", 0, ""}, {"TP3", kShaB, "", 0, ""}},
                 "attachments[1].component"},
        RefsCase{"twice", {{"TP1", kShaA, "", 0, ""}, {"TP1", kShaA, "", 0, ""}}, "attachments[1]"},
        RefsCase{"too_many",
                 std::vector<AttachmentRef>(kMaxAttachmentsPerCommand + 1,
                                            AttachmentRef{"TP1", kShaA, "", 0, ""}),
                 "attachments"}),
    [](const ::testing::TestParamInfo<RefsCase>& p) { return std::string(p.param.name); });

// ---- Who may use an upload ----------------------------------------------------------------

constexpr const char* kProvince = "000.00.00.H99";
constexpr const char* kCommune = "000.00.21.H99";
constexpr const char* kOtherCommune = "000.00.22.H99";

ports::AttachmentMeta UploadBy(std::optional<std::int64_t> user, std::string agency) {
    ports::AttachmentMeta m;
    m.sha256 = kShaA;
    m.size = 10;
    m.content_type = "application/pdf";
    m.name = "a.pdf";
    if (user) {
        m.uploaded_by = model::UserId{*user};
    }
    m.uploader_agency = std::move(agency);
    return m;
}

struct UseCase {
    std::string_view name;
    Actor actor;
    std::vector<std::string> scope;
    ports::AttachmentMeta upload;
    bool allowed;
};

class UploadUse : public ::testing::TestWithParam<UseCase> {};

TEST_P(UploadUse, FollowsTheRule) {
    const UseCase& c = GetParam();
    EXPECT_EQ(MayUseUpload(c.actor, c.scope, c.upload), c.allowed);
}

const Actor kCitizen{Role::kCitizen, model::UserId{500}, "", "Công dân"};
const Actor kOfficer{Role::kOneStopOfficer, model::UserId{100}, kCommune, "Cán bộ"};
const Actor kProvinceOfficer{Role::kSpecialist, model::UserId{300}, kProvince, "Chuyên viên"};
const Actor kAuditor{Role::kAuditor, model::UserId{400}, kProvince, "Kiểm tra"};
const Actor kSystem{Role::kSystem, std::nullopt, "", "Hệ thống"};

INSTANTIATE_TEST_SUITE_P(
    Attachments,
    UploadUse,
    ::testing::Values(
        UseCase{"own_upload", kCitizen, {}, UploadBy(500, ""), true},
        UseCase{"another_citizens_upload", kCitizen, {}, UploadBy(501, ""), false},
        UseCase{"citizen_and_officer_upload", kCitizen, {}, UploadBy(100, kCommune), false},
        UseCase{"officer_same_agency", kOfficer, {kCommune}, UploadBy(101, kCommune), true},
        UseCase{"officer_other_agency", kOfficer, {kCommune}, UploadBy(102, kOtherCommune), false},
        UseCase{"officer_and_citizen_upload", kOfficer, {kCommune}, UploadBy(500, ""), false},
        UseCase{"officer_above",
                kProvinceOfficer,
                {kProvince, kCommune},
                UploadBy(101, kCommune),
                true},
        UseCase{"auditor_is_no_officer",
                kAuditor,
                {kProvince, kCommune},
                UploadBy(101, kCommune),
                false},
        UseCase{"system", kSystem, {}, UploadBy(500, ""), true}),
    [](const ::testing::TestParamInfo<UseCase>& p) { return std::string(p.param.name); });

// ---- DossierService with attachments ------------------------------------------------------

class FakeAttachments final : public ports::AttachmentStore {
public:
    std::map<std::string, std::vector<ports::AttachmentMeta>> uploads;

    Result<ports::AttachmentMeta> Put(const std::string&, ports::AttachmentMeta meta) override {
        uploads[meta.sha256].push_back(meta);
        return meta;
    }

    Result<ports::AttachmentMeta> Get(std::string_view sha256) override {
        const auto it = uploads.find(std::string(sha256));
        if (it == uploads.end()) {
            return Fail(ErrorCode::kNotFound, "no such attachment");
        }
        return it->second.front();
    }

    Result<std::vector<ports::AttachmentMeta>> Uploads(std::string_view sha256) override {
        const auto it = uploads.find(std::string(sha256));
        return it == uploads.end() ? std::vector<ports::AttachmentMeta>{} : it->second;
    }

    Result<std::string> PathOf(std::string_view) override {
        return Fail(ErrorCode::kNotFound, "no files here");
    }

    Result<std::string> ReadAll(std::string_view, std::size_t) override {
        return Fail(ErrorCode::kNotFound, "no files here");
    }

    Result<std::vector<model::DossierId>> DossiersWith(std::string_view) override {
        return std::vector<model::DossierId>{};
    }
};

class AttachmentServiceTest : public ::testing::Test {
protected:
    AttachmentServiceTest()
        : clock_(calendar::ToInstant(*calendar::ParseDateTime("2026-03-02T09:00"))),
          service_(dir_, store_, clock_, keys_, &attachments_) {
        model::Agency province;
        province.id = model::AgencyId{1};
        province.code = kProvince;
        province.name = "UBND tỉnh";
        model::Agency commune;
        commune.id = model::AgencyId{2};
        commune.code = kCommune;
        commune.name = "UBND xã A";
        commune.parent = model::AgencyId{1};
        model::Agency other = commune;
        other.id = model::AgencyId{3};
        other.code = kOtherCommune;
        dir_.agencies = {province, commune, other};
        catalog::ProcedureVersion v;
        v.id = model::ProcedureVersionId{10};
        v.code = "1.001193";
        v.name = "Đăng ký khai sinh";
        v.components = {{"TP1", "Tờ khai", true, 1, true, ""},
                        {"TP2", "Giấy chứng sinh", true, 1, true, ""}};
        v.deadline = 3;
        v.deadline_unit = DurationUnit::kWorkingDays;
        v.online_level = catalog::OnlineLevel::kFull;
        v.effective_from = *calendar::ParseDate("2025-07-01");
        dir_.versions = {v};
        InternalProcess p;
        p.procedure_code = "1.001193";
        p.agency_code = kCommune;
        p.steps = {{"Thẩm định", Role::kSpecialist, "", 12, DurationUnit::kWorkingHours},
                   {"Phê duyệt", Role::kAgencyLeader, "", 4, DurationUnit::kWorkingHours}};
        dir_.processes = {p};
        attachments_.uploads[kShaA] = {UploadBy(500, "")};
        attachments_.uploads[kShaB] = {UploadBy(501, "")};
        attachments_.uploads[kShaB].front().sha256 = kShaB;
    }

    Submission Online(std::vector<AttachmentRef> refs) {
        Submission s;
        s.procedure_code = "1.001193";
        s.agency_code = kCommune;
        s.channel = Channel::kOnline;
        s.applicant.name = "Nguyễn Văn A";
        s.components = {"TP1", "TP2"};
        s.attachments = std::move(refs);
        return s;
    }

    testing::FakeDirectory dir_;
    testing::FakeStore store_;
    testing::FakeKeys keys_;
    FakeAttachments attachments_;
    FakeClock clock_;
    DossierService service_;
};

TEST_F(AttachmentServiceTest, OwnUploadIsCarriedWithTheStoresSizeAndType) {
    // The client's size and type are ignored; its name is sanitised.
    const Result<Dossier> d =
        service_.Submit(kCitizen, Online({{"TP1", kShaA, "../x/Tờ khai.pdf", 999, "text/html"}}));
    ASSERT_THAT(d, IsOk());
    const AttachmentRef expected{"TP1", kShaA, "Tờ khai.pdf", 10, "application/pdf"};
    ASSERT_EQ(d->attachments.size(), 1U);
    EXPECT_EQ(d->attachments.front(), expected);
    const std::vector<Event> events = *store_.Events(d->id);
    EXPECT_EQ(std::get<Submitted>(events.front().data).attachments.front(), expected);
    EXPECT_EQ(Replay(events).attachments, d->attachments);
}

TEST_F(AttachmentServiceTest, NameDefaultsToTheUploadsName) {
    const Result<Dossier> d = service_.Submit(kCitizen, Online({{"TP2", kShaA, "", 0, ""}}));
    ASSERT_THAT(d, IsOk());
    EXPECT_EQ(d->attachments.front().name, "a.pdf");
}

TEST_F(AttachmentServiceTest, UnknownAndForeignContentGetTheSameAnswer) {
    const Result<Dossier> foreign = service_.Submit(kCitizen, Online({{"TP1", kShaB, "", 0, ""}}));
    const Result<Dossier> unknown =
        service_.Submit(kCitizen, Online({{"TP1", std::string(64, 'c'), "", 0, ""}}));
    ASSERT_THAT(foreign, HasError(ErrorCode::kInvalidArgument));
    ASSERT_THAT(unknown, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(foreign.error(), unknown.error());
    EXPECT_EQ(foreign.error().field, "attachments[0].sha256");
    EXPECT_EQ(store_.appends, 0);
}

TEST_F(AttachmentServiceTest, ComponentMustBeHandedIn) {
    Submission s = Online({{"TP1", kShaA, "", 0, ""}});
    s.components = {"TP2", "TP1"};
    s.attachments.front().component = "TP9";
    EXPECT_THAT(service_.Submit(kCitizen, s), HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(store_.appends, 0);
}

TEST_F(AttachmentServiceTest, WithoutAStoreAttachmentsAreRefused) {
    DossierService plain(dir_, store_, clock_, keys_);
    EXPECT_THAT(plain.Submit(kCitizen, Online({{"TP1", kShaA, "", 0, ""}})),
                HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(plain.Submit(kCitizen, Online({})), IsOk());
}

TEST_F(AttachmentServiceTest, OfficersUseTheirAgencysUploads) {
    const std::string sha(64, 'd');
    attachments_.uploads[sha] = {UploadBy(101, kCommune)};
    attachments_.uploads[sha].front().sha256 = sha;
    Submission s = Online({{"TP1", sha, "", 0, ""}});
    s.channel = Channel::kCounter;
    EXPECT_THAT(service_.Submit(kOfficer, s), IsOk());
    const Actor other{Role::kOneStopOfficer, model::UserId{103}, kOtherCommune, "Cán bộ xã B"};
    s.agency_code = kOtherCommune;
    EXPECT_THAT(service_.Submit(other, s), HasError(ErrorCode::kInvalidArgument));
}

TEST_F(AttachmentServiceTest, SupplementAddsFilesOnceAndReusesTheDossiersOwn) {
    Dossier d = *service_.Submit(kCitizen, Online({{"TP1", kShaA, "", 0, ""}}));
    d = *service_.Act(kOfficer, d.id, Receive{});
    d = *service_.Act(
        kOfficer, d.id, RequestSupplement{{{"TP2", "Giấy chứng sinh bị mờ", "Nộp bản rõ nét"}}});
    // Another citizen's upload is refused; the dossier's own file may be handed in again by the
    // officer at the counter, who never uploaded it.
    EXPECT_THAT(
        service_.Act(kCitizen, d.id, ProvideSupplement{{"TP2"}, {{"TP2", kShaB, "", 0, ""}}}),
        HasError(ErrorCode::kInvalidArgument));
    const Result<Dossier> after = service_.Act(
        kOfficer, d.id, ProvideSupplement{{"TP2"}, {{"TP2", kShaA, "bản rõ.pdf", 0, ""}}});
    ASSERT_THAT(after, IsOk());
    ASSERT_EQ(after->attachments.size(), 2U);
    EXPECT_EQ(after->attachments[1],
              (AttachmentRef{"TP2", kShaA, "bản rõ.pdf", 10, "application/pdf"}));
    EXPECT_EQ(Replay(*store_.Events(d.id)).attachments, after->attachments);
}

TEST(AttachmentProjection, SameFileForTheSameComponentIsKeptOnce) {
    const std::string sha(64, 'e');
    Dossier d;
    Event submitted{model::DossierId{1}, 1, {}, kCitizen, Submitted{}};
    std::get<Submitted>(submitted.data).attachments = {{"TP1", sha, "a.pdf", 1, "application/pdf"}};
    Event supplement{model::DossierId{1}, 2, {}, kCitizen, SupplementReceived{}};
    std::get<SupplementReceived>(supplement.data).attachments = {
        {"TP1", sha, "a.pdf", 1, "application/pdf"}, {"TP2", sha, "a.pdf", 1, "application/pdf"}};
    d = Apply(Apply(std::move(d), submitted), supplement);
    ASSERT_EQ(d.attachments.size(), 2U);
    EXPECT_EQ(d.attachments[1].component, "TP2");
}

}  // namespace
}  // namespace motcua::core::workflow
