// DraftService against in-memory ports: only the owner sees or changes a draft (anyone else is
// told it does not exist), stale versions conflict, a submitted draft is read-only, the limits
// (answers size, files, open drafts per account) give clear errors, drafts expire.
#include "core/drafts/draft_service.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/workflow/testing/fakes.hpp"

namespace motcua::core::drafts {
namespace {

using workflow::Actor;
using workflow::Role;

constexpr const char* kProvince = "000.00.00.H99";
constexpr const char* kCommune = "000.00.21.H99";
constexpr const char* kOtherCommune = "000.00.22.H99";
constexpr const char* kBirth = "1.001193";
constexpr const char* kLawyer = "1.002000";  // not online

const std::string kShaA(64, 'a');
const std::string kShaB(64, 'b');
const std::string kShaC(64, 'c');
const std::string kShaE(64, 'e');
const std::string kShaF(64, 'f');

Instant Utc(std::string_view local) {
    return calendar::ToInstant(*calendar::ParseDateTime(local));
}

// A DraftStore in a map, with the same atomic rules as the SQLite one.
class FakeDraftStore final : public ports::DraftStore {
public:
    std::map<std::string, Draft> rows;
    std::map<std::string, Instant> discarded;
    // Simulates a save by someone else between a read and the write of the next Replace.
    int concurrent_saves = 0;

    Result<bool> Insert(const Draft& draft, std::size_t max_open) override {
        if (rows.contains(draft.id.value())) {
            return Fail(ErrorCode::kAlreadyExists, "draft id taken");
        }
        const auto open = std::count_if(rows.begin(), rows.end(), [&](const auto& kv) {
            const Draft& d = kv.second;
            return d.owner == draft.owner && !d.submitted() && !discarded.contains(kv.first) &&
                   d.expires_at > draft.created_at;
        });
        if (static_cast<std::size_t>(open) >= max_open) {
            return false;
        }
        rows[draft.id.value()] = draft;
        return true;
    }

    Result<Draft> Get(const ports::DraftId& id) override {
        const auto it = rows.find(id.value());
        if (it == rows.end() || discarded.contains(id.value())) {
            return Fail(ErrorCode::kNotFound, "no draft");
        }
        return it->second;
    }

    Result<std::vector<Draft>> ListOpen(model::UserId owner,
                                        Instant now,
                                        std::size_t limit) override {
        std::vector<Draft> out;
        for (const auto& [id, d] : rows) {
            if (d.owner == owner && !d.submitted() && !discarded.contains(id) &&
                d.expires_at > now) {
                out.push_back(d);
                out.back().answers.clear();
            }
        }
        std::sort(out.begin(), out.end(), [](const Draft& a, const Draft& b) {
            return a.updated_at > b.updated_at;
        });
        if (out.size() > limit) {
            out.resize(limit);
        }
        return out;
    }

    Result<void> Replace(const Draft& draft, std::int64_t expected_version) override {
        MOTCUA_ASSIGN_OR_RETURN(Draft stored, Get(draft.id));
        if (concurrent_saves > 0) {
            --concurrent_saves;
            ++rows[draft.id.value()].version;
            return Fail(ErrorCode::kConflict, "changed");
        }
        if (stored.version != expected_version) {
            return Fail(ErrorCode::kConflict, "changed");
        }
        rows[draft.id.value()] = draft;
        return {};
    }

    Result<void> Discard(const ports::DraftId& id,
                         std::int64_t expected_version,
                         Instant at) override {
        MOTCUA_ASSIGN_OR_RETURN(Draft stored, Get(id));
        if (stored.version != expected_version) {
            return Fail(ErrorCode::kConflict, "changed");
        }
        rows[id.value()].answers.clear();
        rows[id.value()].attachments.clear();
        discarded[id.value()] = at;
        return {};
    }

    Result<int> DiscardExpired(Instant now, int limit) override {
        int n = 0;
        for (auto& [id, d] : rows) {
            if (n < limit && !discarded.contains(id) && d.expires_at <= now) {
                d.answers.clear();
                discarded[id] = now;
                ++n;
            }
        }
        return n;
    }
};

// Tokens "id1-<bytes>", "id2-<bytes>", …
class FakeRandom final : public ports::RandomSource {
public:
    int tokens = 0;

    Result<std::string> Token(std::size_t bytes) override {
        return "id" + std::to_string(++tokens) + "-" + std::to_string(bytes);
    }

    Result<std::string> Digits(std::size_t digits) override { return std::string(digits, '0'); }
};

// Upload records: content → uploads.
class FakeAttachments final : public ports::AttachmentStore {
public:
    std::map<std::string, std::vector<ports::AttachmentMeta>> uploads;

    void Uploaded(const std::string& sha, std::int64_t user, std::string agency = "") {
        ports::AttachmentMeta m;
        m.sha256 = sha;
        m.uploaded_by = model::UserId{user};
        m.uploader_agency = std::move(agency);
        uploads[sha].push_back(m);
    }

    Result<ports::AttachmentMeta> Put(const std::string&, ports::AttachmentMeta) override {
        return Fail(ErrorCode::kInternal, "not in this test");
    }

    Result<ports::AttachmentMeta> Get(std::string_view sha) override {
        const auto it = uploads.find(std::string(sha));
        if (it == uploads.end()) {
            return Fail(ErrorCode::kNotFound, "unknown");
        }
        return it->second.front();
    }

    Result<std::vector<ports::AttachmentMeta>> Uploads(std::string_view sha) override {
        const auto it = uploads.find(std::string(sha));
        return it == uploads.end() ? std::vector<ports::AttachmentMeta>{} : it->second;
    }

    Result<std::string> PathOf(std::string_view) override {
        return Fail(ErrorCode::kNotFound, "unknown");
    }

    Result<std::string> ReadAll(std::string_view, std::size_t) override {
        return Fail(ErrorCode::kNotFound, "unknown");
    }

    Result<std::vector<model::DossierId>> DossiersWith(std::string_view) override {
        return std::vector<model::DossierId>{};
    }
};

model::Agency MakeAgency(std::int64_t id, const char* code, std::optional<std::int64_t> parent) {
    model::Agency a;
    a.id = model::AgencyId{id};
    a.code = code;
    a.name = code;
    if (parent) {
        a.parent = model::AgencyId{*parent};
    }
    return a;
}

catalog::ProcedureVersion Procedure(const char* code, catalog::OnlineLevel online) {
    catalog::ProcedureVersion v;
    v.id = model::ProcedureVersionId{code == std::string_view(kBirth) ? 10 : 11};
    v.code = code;
    v.name = code;
    v.online_level = online;
    v.effective_from = *calendar::ParseDate("2025-07-01");
    return v;
}

class DraftServiceTest : public ::testing::Test {
protected:
    DraftServiceTest()
        : clock_(Utc("2026-03-02T09:00")),
          service_(store_, directory_, random_, clock_, &attachments_, Policy()) {
        directory_.agencies = {MakeAgency(1, kProvince, std::nullopt),
                               MakeAgency(2, kCommune, 1),
                               MakeAgency(3, kOtherCommune, 1)};
        directory_.versions = {Procedure(kBirth, catalog::OnlineLevel::kFull),
                               Procedure(kLawyer, catalog::OnlineLevel::kNone)};
        attachments_.Uploaded(kShaA, 500);
        attachments_.Uploaded(kShaB, 600);
        attachments_.Uploaded(kShaC, 101, kCommune);  // a colleague
        attachments_.Uploaded(kShaE, 500);
        attachments_.Uploaded(kShaF, 500);
    }

    static DraftPolicy Policy() {
        DraftPolicy p;
        p.max_open_per_account = 3;
        p.max_answers_bytes = 100;
        p.max_attachments = 2;
        return p;
    }

    static Actor Citizen(std::int64_t id = 500) {
        return {Role::kCitizen, model::UserId{id}, "", "Nguyễn Văn A"};
    }

    static Actor Officer(const char* agency = kCommune) {
        return {Role::kOneStopOfficer, model::UserId{100}, agency, "Cán bộ một cửa"};
    }

    static DraftContent Content(std::string answers = R"({"name":"An"})",
                                std::vector<std::string> files = {},
                                std::string agency = kCommune) {
        return {std::move(agency), std::move(answers), std::move(files)};
    }

    Draft Started(const Actor& actor = Citizen()) {
        auto d = service_.Create(actor, kBirth, Content());
        EXPECT_THAT(d, IsOk());
        return *d;
    }

    FakeDraftStore store_;
    FakeAttachments attachments_;
    workflow::testing::FakeDirectory directory_;
    FakeRandom random_;
    FakeClock clock_;
    DraftService service_;
};

TEST_F(DraftServiceTest, CreateStoresTheAnswersVerbatimAtVersionOne) {
    const std::string answers = R"({ "applicant": {"name": "Nguyễn Thị Mai"}, "z": [1, 2] })";
    auto d = service_.Create(Citizen(), kBirth, Content(answers, {kShaA}));
    ASSERT_THAT(d, IsOk());
    EXPECT_FALSE(d->id.value().empty());
    EXPECT_EQ(d->owner, model::UserId{500});
    EXPECT_EQ(d->procedure_code, kBirth);
    EXPECT_EQ(d->agency_code, kCommune);
    EXPECT_EQ(d->answers, answers);
    EXPECT_THAT(d->attachments, ::testing::ElementsAre(kShaA));
    EXPECT_EQ(d->version, 1);
    EXPECT_EQ(d->created_at, Utc("2026-03-02T09:00"));
    EXPECT_EQ(d->expires_at, Utc("2026-04-01T09:00"));  // 30 days
    EXPECT_FALSE(d->submitted());
    EXPECT_THAT(service_.Get(Citizen(), d->id), IsOkAndHolds(*d));
}

TEST_F(DraftServiceTest, OnlyTheOwnerSeesOrChangesADraft) {
    const Draft d = Started();
    const Actor other = Citizen(501);
    EXPECT_THAT(service_.Get(other, d.id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(service_.Update(other, d.id, Content("{}")), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(service_.Delete(other, d.id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(service_.ForSubmission(other, d.id, kBirth), HasError(ErrorCode::kNotFound));
    // The same answer as for an id that does not exist at all.
    const auto foreign = service_.Get(other, d.id);
    const auto missing = service_.Get(other, ports::DraftId{"nothing-here"});
    ASSERT_FALSE(foreign.has_value());
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(foreign.error(), missing.error());
    EXPECT_THAT(service_.ListOpen(other), IsOkAndHolds(::testing::IsEmpty()));
    // Nothing changed.
    EXPECT_THAT(service_.Get(Citizen(), d.id), IsOkAndHolds(d));
}

TEST_F(DraftServiceTest, RolesThatDoNotSubmitOnlineHaveNoDrafts) {
    for (const Role role : {Role::kSpecialist,
                            Role::kAgencyLeader,
                            Role::kProvinceController,
                            Role::kAdministrator,
                            Role::kAuditor,
                            Role::kSystem}) {
        const Actor actor{role, model::UserId{9}, kCommune, "x"};
        EXPECT_THAT(service_.Create(actor, kBirth, Content()),
                    HasError(ErrorCode::kPermissionDenied))
            << workflow::RoleName(role);
        EXPECT_THAT(service_.ListOpen(actor), HasError(ErrorCode::kPermissionDenied));
    }
    EXPECT_THAT(service_.Create(Actor{Role::kCitizen, std::nullopt, "", "x"}, kBirth, Content()),
                HasError(ErrorCode::kPermissionDenied));
    // An officer keeps drafts of assisted submissions.
    EXPECT_THAT(service_.Create(Officer(), kBirth, Content()), IsOk());
}

TEST_F(DraftServiceTest, UpdateNeedsTheCurrentVersionAndExtendsTheLife) {
    const Draft d = Started();
    clock_.Advance(std::chrono::hours{1});
    auto saved = service_.Update(Citizen(), d.id, Content(R"({"name":"Bình"})"), 1);
    ASSERT_THAT(saved, IsOk());
    EXPECT_EQ(saved->version, 2);
    EXPECT_EQ(saved->answers, R"({"name":"Bình"})");
    EXPECT_EQ(saved->created_at, d.created_at);
    EXPECT_EQ(saved->updated_at, Utc("2026-03-02T10:00"));
    EXPECT_EQ(saved->expires_at, Utc("2026-04-01T10:00"));

    // The other device still holds version 1.
    EXPECT_THAT(service_.Update(Citizen(), d.id, Content(R"({"name":"Cũ"})"), 1),
                HasError(ErrorCode::kConflict));
    EXPECT_THAT(service_.Delete(Citizen(), d.id, 1), HasError(ErrorCode::kConflict));
    EXPECT_EQ(service_.Get(Citizen(), d.id)->answers, R"({"name":"Bình"})");
    // Without a version, the save is unconditional.
    EXPECT_THAT(service_.Update(Citizen(), d.id, Content("{}")), IsOk());
    // A save by someone else between our read and our write is a conflict, never lost.
    store_.concurrent_saves = 1;
    EXPECT_THAT(service_.Update(Citizen(), d.id, Content(R"({"x":1})"), 3),
                HasError(ErrorCode::kConflict));
}

struct ContentCase {
    const char* name;
    DraftContent content;
    ErrorCode code;
    const char* field;
};

class DraftContentRules : public DraftServiceTest,
                          public ::testing::WithParamInterface<ContentCase> {};

TEST_P(DraftContentRules, RefusesBadContentNamingTheField) {
    const ContentCase& c = GetParam();
    auto created = service_.Create(Citizen(), kBirth, c.content);
    ASSERT_FALSE(created.has_value()) << c.name;
    EXPECT_EQ(created.error().code, c.code) << c.name;
    EXPECT_EQ(created.error().field, c.field) << c.name;
    const Draft d = Started();
    auto updated = service_.Update(Citizen(), d.id, c.content, 1);
    ASSERT_FALSE(updated.has_value()) << c.name;
    EXPECT_EQ(updated.error().code, c.code) << c.name;
    EXPECT_EQ(service_.Get(Citizen(), d.id)->version, 1) << "nothing written: " << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Drafts,
    DraftContentRules,
    ::testing::Values(ContentCase{"answers over the limit",
                                  {kCommune, std::string(101, 'x'), {}},
                                  ErrorCode::kOutOfRange,
                                  "answers"},
                      ContentCase{"unknown agency",
                                  {"999.99.99.Z99", "{}", {}},
                                  ErrorCode::kInvalidArgument,
                                  "agency_code"},
                      ContentCase{"malformed hash",
                                  {kCommune, "{}", {kShaA, "../../etc/passwd"}},
                                  ErrorCode::kInvalidArgument,
                                  "attachments[1]"},
                      ContentCase{"someone else's upload",
                                  {kCommune, "{}", {kShaB}},
                                  ErrorCode::kInvalidArgument,
                                  "attachments[0]"},
                      ContentCase{"unknown upload",
                                  {kCommune, "{}", {std::string(64, 'd')}},
                                  ErrorCode::kInvalidArgument,
                                  "attachments[0]"},
                      ContentCase{"too many files",
                                  {kCommune, "{}", {kShaA, kShaA, kShaE, kShaF}},
                                  ErrorCode::kInvalidArgument,
                                  "attachments[3]"}),
    [](const ::testing::TestParamInfo<ContentCase>& param) {
        std::string name = param.param.name;
        std::replace(name.begin(), name.end(), ' ', '_');
        name.erase(std::remove(name.begin(), name.end(), '\''), name.end());
        return name;
    });

TEST_F(DraftServiceTest, AnswersAtTheLimitAndRepeatedFilesAreAccepted) {
    auto d = service_.Create(Citizen(), kBirth, Content(std::string(100, 'x'), {kShaA, kShaA}));
    ASSERT_THAT(d, IsOk());
    EXPECT_THAT(d->attachments, ::testing::ElementsAre(kShaA));
    // The officer may list an upload of a colleague of the same agency, not of another.
    EXPECT_THAT(service_.Create(Officer(), kBirth, Content("{}", {kShaC})), IsOk());
    EXPECT_THAT(service_.Create(Officer(kOtherCommune), kBirth, Content("{}", {kShaC})),
                HasError(ErrorCode::kInvalidArgument));
}

TEST_F(DraftServiceTest, ProceduresMustBeInForceAndOnline) {
    EXPECT_THAT(service_.Create(Citizen(), "9.999999", Content()), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(service_.Create(Citizen(), kLawyer, Content()),
                HasError(ErrorCode::kFailedPrecondition));
    // An agency may be chosen later.
    EXPECT_THAT(service_.Create(Citizen(), kBirth, Content("{}", {}, "")), IsOk());
}

TEST_F(DraftServiceTest, OpenDraftsPerAccountAreLimited) {
    for (int i = 0; i < 3; ++i) {
        Started();
        clock_.Advance(std::chrono::minutes{1});
    }
    auto fourth = service_.Create(Citizen(), kBirth, Content());
    ASSERT_THAT(fourth, HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(fourth.error().message_vi, ::testing::HasSubstr("3 hồ sơ đang soạn"));
    // Another account is not affected; deleting one makes room.
    EXPECT_THAT(service_.Create(Citizen(501), kBirth, Content()), IsOk());
    const auto mine = service_.ListOpen(Citizen());
    ASSERT_THAT(mine, IsOk());
    ASSERT_EQ(mine->size(), 3U);
    EXPECT_THAT(service_.Delete(Citizen(), mine->back().id), IsOk());
    EXPECT_THAT(service_.Create(Citizen(), kBirth, Content()), IsOk());
}

TEST_F(DraftServiceTest, ListIsNewestFirstWithoutAnswers) {
    const Draft first = Started();
    clock_.Advance(std::chrono::minutes{5});
    const Draft second = Started();
    clock_.Advance(std::chrono::minutes{5});
    ASSERT_THAT(service_.Update(Citizen(), first.id, Content(R"({"a":1})")), IsOk());
    const auto list = service_.ListOpen(Citizen());
    ASSERT_THAT(list, IsOk());
    ASSERT_EQ(list->size(), 2U);
    EXPECT_EQ((*list)[0].id, first.id);
    EXPECT_EQ((*list)[1].id, second.id);
    EXPECT_TRUE((*list)[0].answers.empty());
}

TEST_F(DraftServiceTest, DeletedDraftsAreGone) {
    const Draft d = Started();
    ASSERT_THAT(service_.Delete(Citizen(), d.id, 1), IsOk());
    EXPECT_THAT(service_.Get(Citizen(), d.id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(service_.Delete(Citizen(), d.id), HasError(ErrorCode::kNotFound));
    EXPECT_TRUE(store_.rows.at(d.id.value()).answers.empty());  // erased at once
}

TEST_F(DraftServiceTest, DraftsExpireThirtyDaysAfterTheLastSave) {
    const Draft d = Started();
    clock_.Advance(std::chrono::days{29});
    ASSERT_THAT(service_.Update(Citizen(), d.id, Content()), IsOk());
    clock_.Advance(std::chrono::days{29});
    EXPECT_THAT(service_.Get(Citizen(), d.id), IsOk());
    clock_.Advance(std::chrono::days{1});
    EXPECT_THAT(service_.Get(Citizen(), d.id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(service_.ListOpen(Citizen()), IsOkAndHolds(::testing::IsEmpty()));
    EXPECT_THAT(service_.PurgeExpired(), IsOkAndHolds(1));
    EXPECT_TRUE(store_.rows.at(d.id.value()).answers.empty());
}

TEST_F(DraftServiceTest, ASubmittedDraftIsReadOnly) {
    const Draft d = Started();
    workflow::Dossier dossier;
    dossier.code = "000.00.21.H99-260302-0001";
    dossier.agency_code = kOtherCommune;
    EXPECT_THAT(service_.ForSubmission(Citizen(), d.id, kBirth), IsOkAndHolds(d));
    EXPECT_THAT(service_.ForSubmission(Citizen(), d.id, kLawyer),
                HasError(ErrorCode::kInvalidArgument));
    clock_.Advance(std::chrono::minutes{42});
    store_.concurrent_saves = 1;  // an autosave lands while we mark it: retried over
    auto marked = service_.MarkSubmitted(Citizen(), d.id, dossier);
    ASSERT_THAT(marked, IsOk());
    EXPECT_TRUE(marked->submitted());
    EXPECT_EQ(marked->dossier_code, dossier.code);
    EXPECT_EQ(marked->agency_code, kOtherCommune);  // where it was actually submitted
    EXPECT_EQ(*marked->submitted_at, Utc("2026-03-02T09:42"));
    EXPECT_EQ(marked->answers, d.answers);  // still readable

    EXPECT_THAT(service_.Update(Citizen(), d.id, Content()),
                HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(service_.Delete(Citizen(), d.id), HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(service_.Get(Citizen(), d.id), IsOk());
    EXPECT_THAT(service_.ListOpen(Citizen()), IsOkAndHolds(::testing::IsEmpty()));
    // The same dossier again is fine (a retried submission); another one is not.
    EXPECT_THAT(service_.MarkSubmitted(Citizen(), d.id, dossier), IsOk());
    EXPECT_THAT(service_.ForSubmission(Citizen(), d.id, kBirth), IsOk());
    workflow::Dossier other = dossier;
    other.code = "000.00.21.H99-260302-0002";
    EXPECT_THAT(service_.MarkSubmitted(Citizen(), d.id, other),
                HasError(ErrorCode::kFailedPrecondition));
    // Someone else's submission cannot mark it.
    EXPECT_THAT(service_.MarkSubmitted(Citizen(501), d.id, dossier),
                HasError(ErrorCode::kNotFound));
}

TEST(DraftIdempotency, OneKeyPerDraft) {
    EXPECT_EQ(DraftIdempotencyKey(ports::DraftId{"abc"}), "draft:abc");
    EXPECT_NE(DraftIdempotencyKey(ports::DraftId{"abc"}),
              DraftIdempotencyKey(ports::DraftId{"abd"}));
}

}  // namespace
}  // namespace motcua::core::drafts
