#include "core/workflow/dossier_service.hpp"

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/workflow/apply.hpp"
#include "core/workflow/testing/fakes.hpp"

namespace motcua::core::workflow {
namespace {

using calendar::DurationUnit;
using calendar::FormatDateTime;
using calendar::LocalDateTime;
using model::AgencyId;

constexpr const char* kProvince = "000.00.00.H99";
constexpr const char* kJustice = "000.00.10.H99";  // Sở Tư pháp
constexpr const char* kCommune = "000.00.21.H99";  // a commune
constexpr const char* kOtherCommune = "000.00.22.H99";
constexpr const char* kTax = "000.00.30.H99";  // consulted agency

LocalDateTime At(std::string_view text) {
    return *calendar::ParseDateTime(text);
}

Instant Utc(std::string_view local) {
    return calendar::ToInstant(At(local));
}

model::Agency MakeAgency(std::int64_t id,
                         const char* code,
                         const char* name,
                         std::optional<std::int64_t> parent) {
    model::Agency a;
    a.id = AgencyId{id};
    a.code = code;
    a.name = name;
    if (parent) {
        a.parent = AgencyId{*parent};
    }
    return a;
}

class DossierServiceTest : public ::testing::Test {
protected:
    DossierServiceTest() : clock_(Utc("2026-03-02T09:00")), service_(dir_, store_, clock_, keys_) {
        dir_.agencies = {MakeAgency(1, kProvince, "UBND tỉnh", std::nullopt),
                         MakeAgency(2, kJustice, "Sở Tư pháp", 1),
                         MakeAgency(3, kCommune, "UBND xã A", 1),
                         MakeAgency(4, kOtherCommune, "UBND xã B", 1),
                         MakeAgency(5, kTax, "Chi cục Thuế", 1)};
        catalog::ProcedureVersion v;
        v.id = model::ProcedureVersionId{10};
        v.code = "1.001193";
        v.name = "Đăng ký khai sinh";
        v.sector_name = "Hộ tịch";
        v.components = {{"TP1", "Tờ khai đăng ký khai sinh", true, 1, true, ""},
                        {"TP2", "Giấy chứng sinh", true, 1, true, ""},
                        {"TP3", "Giấy tờ tùy thân của người đi đăng ký", false, 1, false, ""}};
        v.deadline = 3;
        v.deadline_unit = DurationUnit::kWorkingDays;
        v.online_level = catalog::OnlineLevel::kFull;
        v.postal = true;
        v.result = "Giấy khai sinh (bản chính)";
        v.effective_from = *calendar::ParseDate("2025-07-01");
        dir_.versions = {v};
        InternalProcess p;
        p.procedure_code = "1.001193";
        p.agency_code = kCommune;
        p.steps = {{"Thẩm định hồ sơ", Role::kSpecialist, "", 12, DurationUnit::kWorkingHours},
                   {"Phê duyệt", Role::kAgencyLeader, "", 4, DurationUnit::kWorkingHours}};
        dir_.processes = {p};
    }

    Actor Officer(const char* agency = kCommune) {
        return {Role::kOneStopOfficer, model::UserId{100}, agency, "Cán bộ một cửa"};
    }

    Actor Specialist(const char* agency = kCommune) {
        return {Role::kSpecialist, model::UserId{101}, agency, "Chuyên viên"};
    }

    Actor Leader(const char* agency = kCommune) {
        return {Role::kAgencyLeader, model::UserId{102}, agency, "Chủ tịch UBND xã"};
    }

    Actor Citizen(std::int64_t id = 500) {
        return {Role::kCitizen, model::UserId{id}, "", "Nguyễn Văn A"};
    }

    Submission Birth(Channel channel, std::string key = "") {
        Submission s;
        s.procedure_code = "1.001193";
        s.agency_code = kCommune;
        s.channel = channel;
        s.applicant = {"Nguyễn Văn A", "001090000001", "0912345678", "", "Xã A", std::nullopt};
        s.components = {"TP1", "TP2"};
        s.idempotency_key = std::move(key);
        return s;
    }

    // A counter dossier forwarded into its first step.
    Dossier Processing() {
        Dossier d = *service_.Submit(Officer(), Birth(Channel::kCounter));
        return *service_.Act(Officer(), d.id, Forward{model::UserId{101}, ""});
    }

    // Each stored projection equals the replay of its stored events.
    void ExpectReplayMatches(DossierId id) {
        const std::vector<Event> events = *store_.Events(id);
        Dossier replayed = Replay(events);
        replayed.id = id;
        EXPECT_EQ(replayed, *store_.Load(id));
    }

    testing::FakeDirectory dir_;
    testing::FakeStore store_;
    testing::FakeKeys keys_;
    FakeClock clock_;
    DossierService service_;
};

TEST_F(DossierServiceTest, CounterDossierIsReceivedWithCodeAndDueDate) {
    const Result<Dossier> d = service_.Submit(Officer(), Birth(Channel::kCounter));
    ASSERT_THAT(d, IsOk());
    EXPECT_EQ(d->status, DossierStatus::kReceived);
    EXPECT_EQ(d->code, "000.00.21.H99-260302-0001");
    EXPECT_EQ(FormatDateTime(*d->due_at), "2026-03-05T17:00");
    EXPECT_EQ(d->verification_key, "K0000001");
    const Result<Dossier> second = service_.Submit(Officer(), Birth(Channel::kCounter));
    ASSERT_THAT(second, IsOk());
    EXPECT_EQ(second->code, "000.00.21.H99-260302-0002");
    ExpectReplayMatches(d->id);
}

TEST_F(DossierServiceTest, PaperAfterThreePmCountsFromNextWorkingDay) {
    clock_.Set(Utc("2026-03-06T15:30"));  // Friday
    const Result<Dossier> d = service_.Submit(Officer(), Birth(Channel::kPostal));
    ASSERT_THAT(d, IsOk());
    EXPECT_EQ(FormatDateTime(*d->due_at), "2026-03-12T17:00");
}

TEST_F(DossierServiceTest, OnlineDossierWaitsForReception) {
    const Result<Dossier> d = service_.Submit(Citizen(), Birth(Channel::kOnline));
    ASSERT_THAT(d, IsOk());
    EXPECT_EQ(d->status, DossierStatus::kSubmitted);
    EXPECT_FALSE(d->assisted);
    EXPECT_FALSE(d->due_at.has_value());
    clock_.Set(Utc("2026-03-03T10:00"));
    const Result<Dossier> r = service_.Act(Officer(), d->id, Receive{});
    ASSERT_THAT(r, IsOk());
    EXPECT_EQ(r->status, DossierStatus::kReceived);
    EXPECT_EQ(FormatDateTime(*r->due_at), "2026-03-06T17:00");
}

TEST_F(DossierServiceTest, OfficerEnteringOnlineIsRecordedAsAssisted) {
    const Result<Dossier> d = service_.Submit(Officer(), Birth(Channel::kOnline));
    ASSERT_THAT(d, IsOk());
    EXPECT_TRUE(d->assisted);
}

TEST_F(DossierServiceTest, FullLifecycleWithConsultationIsOnTimeAndReplays) {
    Dossier d = Processing();
    ASSERT_EQ(d.status, DossierStatus::kProcessing);
    ASSERT_NE(d.CurrentStep(), nullptr);
    EXPECT_EQ(d.CurrentStep()->name, "Thẩm định hồ sơ");
    EXPECT_EQ(FormatDateTime(d.CurrentStep()->due_at), "2026-03-03T15:00");

    clock_.Set(Utc("2026-03-02T14:00"));
    const Consult consult{kTax, "Xác nhận nghĩa vụ thuế", 1, DurationUnit::kWorkingDays};
    d = *service_.Act(Specialist(), d.id, consult);
    ASSERT_EQ(d.OpenConsultations().size(), 1U);
    const int consultation = d.OpenConsultations().front()->index;
    // The step cannot finish while the consulted agency has not answered.
    EXPECT_THAT(service_.Act(Specialist(), d.id, CompleteStep{}),
                HasError(ErrorCode::kFailedPrecondition));
    // Only the consulted agency answers.
    EXPECT_THAT(service_.Act(Specialist(), d.id, AnswerConsultation{consultation, "Đã xác nhận"}),
                HasError(ErrorCode::kPermissionDenied));
    clock_.Set(Utc("2026-03-03T08:00"));
    d = *service_.Act(Specialist(kTax), d.id, AnswerConsultation{consultation, "Đã xác nhận"});
    EXPECT_TRUE(d.OpenConsultations().empty());

    clock_.Set(Utc("2026-03-03T09:00"));
    d = *service_.Act(Specialist(), d.id, CompleteStep{"Hồ sơ hợp lệ", std::nullopt});
    EXPECT_EQ(d.steps[0].verdict, Verdict::kOnTime);
    EXPECT_EQ(d.CurrentStep()->name, "Phê duyệt");

    clock_.Set(Utc("2026-03-03T10:00"));
    EXPECT_THAT(service_.Act(Specialist(), d.id, IssueResult{}),
                HasError(ErrorCode::kPermissionDenied));
    d = *service_.Act(Leader(), d.id, IssueResult{});
    EXPECT_EQ(d.status, DossierStatus::kProcessed);
    EXPECT_EQ(d.verdict, Verdict::kEarly);
    d = *service_.Act(Officer(), d.id, ReturnResult{ReturnMethod::kCounter});
    EXPECT_EQ(d.status, DossierStatus::kReturned);
    ExpectReplayMatches(d.id);
    EXPECT_EQ(store_.events[d.id.value()].size(), 10U);
}

TEST_F(DossierServiceTest, AConsultedAgencyActsOnlyOnItsConsultation) {
    Dossier d = Processing();
    const Consult consult{kTax, "Xác nhận nghĩa vụ thuế", 1, DurationUnit::kWorkingDays};
    d = *service_.Act(Specialist(), d.id, consult);
    // The consulted agency sees the dossier, but withdrawing, stopping or billing it
    // belongs to the receiving and handling agency.
    EXPECT_THAT(service_.Get(Officer(kTax), d.id), IsOk());
    EXPECT_THAT(service_.Act(Officer(kTax), d.id, Withdraw{"Nộp nhầm"}),
                HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(service_.Act(Officer(kTax), d.id, RequestPayment{50'000, "Lệ phí"}),
                HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(service_.Act(Leader(kTax), d.id, Stop{{{"chung", "Dừng", "Nộp lại"}}}),
                HasError(ErrorCode::kPermissionDenied));
    const int consultation = d.OpenConsultations().front()->index;
    EXPECT_THAT(service_.Act(Specialist(kTax), d.id, AnswerConsultation{consultation, "Đồng ý"}),
                IsOk());
}

TEST_F(DossierServiceTest, LateStepIsAttributedToItsAgency) {
    Dossier d = Processing();
    clock_.Set(Utc("2026-03-04T16:00"));  // step budget 12 h ended 03/03 13:30
    d = *service_.Act(Specialist(), d.id, CompleteStep{});
    EXPECT_EQ(d.steps[0].verdict, Verdict::kLate);
    EXPECT_EQ(d.steps[0].agency_code, kCommune);
    clock_.Set(Utc("2026-03-06T10:00"));
    d = *service_.Act(Leader(), d.id, IssueResult{});
    EXPECT_EQ(d.verdict, Verdict::kLate);  // due 05/03 17:00
}

TEST_F(DossierServiceTest, CounterSupplementIsHandedInAtTheCounter) {
    Dossier d = Processing();
    clock_.Set(Utc("2026-03-03T09:00"));
    d = *service_.Act(Specialist(),
                      d.id,
                      RequestSupplement{{{"TP2", "Giấy chứng sinh bị mờ", "Nộp bản rõ nét"}}});
    EXPECT_EQ(d.status, DossierStatus::kSupplementRequested);
    clock_.Set(Utc("2026-03-10T10:00"));
    // A counter dossier has no citizen account: only an officer records the supplement.
    EXPECT_THAT(service_.Act(Citizen(), d.id, ProvideSupplement{{"TP2"}}),
                HasError(ErrorCode::kNotFound));
    d = *service_.Act(Officer(), d.id, ProvideSupplement{{"TP2"}});
    EXPECT_EQ(d.status, DossierStatus::kProcessing);
    EXPECT_EQ(FormatDateTime(*d.due_at), "2026-03-13T17:00");
}

TEST_F(DossierServiceTest, SupplementRestartsThePeriodFromTheCompleteDossier) {
    Submission s = Birth(Channel::kOnline);
    Dossier d = *service_.Submit(Citizen(), s);
    d = *service_.Act(Officer(), d.id, Receive{});
    d = *service_.Act(Officer(), d.id, Forward{});
    clock_.Set(Utc("2026-03-03T09:00"));
    d = *service_.Act(Specialist(),
                      d.id,
                      RequestSupplement{{{"TP2", "Giấy chứng sinh bị mờ", "Nộp bản rõ nét"}}});
    clock_.Set(Utc("2026-03-10T10:00"));
    d = *service_.Act(Citizen(), d.id, ProvideSupplement{{"TP2"}});
    EXPECT_EQ(d.status, DossierStatus::kProcessing);
    EXPECT_EQ(FormatDateTime(*d.due_at), "2026-03-13T17:00");
    ASSERT_EQ(d.pauses.size(), 1U);
    ExpectReplayMatches(d.id);
}

TEST_F(DossierServiceTest, FreeTextAloneIsNotAReason) {
    Dossier d = Processing();
    EXPECT_THAT(service_.Act(Specialist(), d.id, Refuse{{{"", "Không đủ điều kiện", ""}}}),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(service_.Act(Specialist(), d.id, Refuse{}), HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(store_.Load(d.id)->status, DossierStatus::kProcessing);
}

TEST_F(DossierServiceTest, ApologyOnceWithALaterDate) {
    Dossier d = Processing();
    clock_.Set(Utc("2026-03-05T08:00"));
    EXPECT_THAT(service_.Act(Leader(), d.id, Apologize{"Chờ xác minh", At("2026-03-04T17:00")}),
                HasError(ErrorCode::kInvalidArgument));
    const Result<Dossier> a =
        service_.Act(Leader(), d.id, Apologize{"Chờ xác minh", At("2026-03-10T17:00")});
    ASSERT_THAT(a, IsOk());
    EXPECT_TRUE(a->apology_issued);
    EXPECT_EQ(FormatDateTime(*a->original_due_at), "2026-03-05T17:00");
    EXPECT_EQ(FormatDateTime(*a->due_at), "2026-03-10T17:00");
    EXPECT_THAT(service_.Act(Leader(), d.id, Apologize{"Lần nữa", At("2026-03-12T17:00")}),
                HasError(ErrorCode::kFailedPrecondition));
}

TEST_F(DossierServiceTest, OtherAgencyDossierIsNotFound) {
    Dossier d = Processing();
    EXPECT_THAT(service_.Act(Specialist(kOtherCommune), d.id, CompleteStep{}),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(service_.Get(Citizen(999), d.id), HasError(ErrorCode::kNotFound));
    // The province sees its whole subtree.
    EXPECT_THAT(service_.Get(Officer(kProvince), d.id), IsOk());
}

TEST_F(DossierServiceTest, WrongRoleIsPermissionDenied) {
    Dossier d = *service_.Submit(Officer(), Birth(Channel::kCounter));
    EXPECT_THAT(service_.Act(Specialist(), d.id, Forward{}),
                HasError(ErrorCode::kPermissionDenied));
    const Actor auditor{Role::kAuditor, model::UserId{9}, "", "Kiểm toán"};
    EXPECT_THAT(service_.Act(auditor, d.id, Forward{}), HasError(ErrorCode::kPermissionDenied));
}

TEST_F(DossierServiceTest, IdempotentSubmissionMakesOneDossier) {
    const Dossier a = *service_.Submit(Citizen(), Birth(Channel::kOnline, "key-1"));
    const Dossier b = *service_.Submit(Citizen(), Birth(Channel::kOnline, "key-1"));
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(store_.appends, 1);
}

TEST_F(DossierServiceTest, IdempotencyKeysAreScopedToTheActor) {
    const Dossier mine = *service_.Submit(Citizen(500), Birth(Channel::kOnline, "key-1"));
    // Another citizen guessing the key gets a dossier of their own, never the first one.
    const Dossier theirs = *service_.Submit(Citizen(501), Birth(Channel::kOnline, "key-1"));
    EXPECT_NE(mine.id, theirs.id);
    EXPECT_EQ(theirs.applicant.account, model::UserId{501});
}

TEST_F(DossierServiceTest, BadSubmissionsChangeNothing) {
    Submission missing = Birth(Channel::kCounter);
    missing.components = {"TP1"};
    EXPECT_THAT(service_.Submit(Officer(), missing), HasError(ErrorCode::kInvalidArgument));
    Submission unknown = Birth(Channel::kCounter);
    unknown.procedure_code = "9.999999";
    EXPECT_THAT(service_.Submit(Officer(), unknown), HasError(ErrorCode::kNotFound));
    Submission elsewhere = Birth(Channel::kCounter);
    elsewhere.agency_code = "000.00.99.H99";
    EXPECT_THAT(service_.Submit(Officer(), elsewhere), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(service_.Submit(Officer(kOtherCommune), Birth(Channel::kCounter)),
                HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(service_.Submit(Citizen(), Birth(Channel::kCounter)),
                HasError(ErrorCode::kPermissionDenied));
    clock_.Set(Utc("2025-06-01T09:00"));  // before the version took effect
    EXPECT_THAT(service_.Submit(Officer(), Birth(Channel::kCounter)),
                HasError(ErrorCode::kNotFound));
    EXPECT_EQ(store_.appends, 0);
}

TEST_F(DossierServiceTest, StaleVersionIsAConflict) {
    Dossier d = Processing();
    EXPECT_THAT(service_.Act(Specialist(), d.id, CompleteStep{}, d.version - 1),
                HasError(ErrorCode::kConflict));
    EXPECT_THAT(service_.Act(Specialist(), d.id, CompleteStep{}, d.version), IsOk());
}

TEST_F(DossierServiceTest, CitizenWithdrawsAndRates) {
    Dossier d = *service_.Submit(Citizen(), Birth(Channel::kOnline));
    EXPECT_THAT(service_.Act(Citizen(), d.id, Rate{5, ""}),
                HasError(ErrorCode::kFailedPrecondition));
    d = *service_.Act(Citizen(), d.id, Withdraw{"Nộp nhầm thủ tục"});
    EXPECT_EQ(d.status, DossierStatus::kWithdrawn);
    EXPECT_THAT(service_.Act(Citizen(), d.id, Rate{6, ""}), HasError(ErrorCode::kInvalidArgument));
    d = *service_.Act(Citizen(), d.id, Rate{4, "Nhanh"});
    EXPECT_EQ(d.rating, 4);
    EXPECT_THAT(service_.Act(Citizen(), d.id, Rate{5, ""}), HasError(ErrorCode::kAlreadyExists));
}

TEST_F(DossierServiceTest, PaymentAndStop) {
    Dossier d = Processing();
    d = *service_.Act(Specialist(), d.id, RequestPayment{8000, "Lệ phí"});
    EXPECT_EQ(d.status, DossierStatus::kAwaitingPayment);
    EXPECT_THAT(service_.Act(Specialist(), d.id, CompleteStep{}),
                HasError(ErrorCode::kFailedPrecondition));
    d = *service_.Act(Officer(), d.id, ConfirmPayment{8000, "counter"});
    EXPECT_EQ(d.status, DossierStatus::kProcessing);
    EXPECT_EQ(d.amount_paid_vnd, 8000);
    EXPECT_THAT(service_.Act(Specialist(), d.id, Stop{{{"chung", "Người dân đề nghị", "Nộp lại"}}}),
                HasError(ErrorCode::kPermissionDenied));
    d = *service_.Act(
        Leader(), d.id, Stop{{{"chung", "Người dân đề nghị dừng", "Nộp lại khi cần"}}});
    EXPECT_EQ(d.status, DossierStatus::kStopped);
    EXPECT_TRUE(d.finished_at.has_value());
    ExpectReplayMatches(d.id);
}

TEST_F(DossierServiceTest, OutboxGetsSyncAndNotifications) {
    store_.outbox.clear();
    const Dossier d = *service_.Submit(Officer(), Birth(Channel::kCounter));
    // Submitted + Received: two sync messages, one notification.
    ASSERT_EQ(store_.outbox.size(), 3U);
    EXPECT_EQ(store_.outbox[0].topic, "dvcqg.sync");
    EXPECT_EQ(store_.outbox[2].topic, "notify.applicant");
    (void)d;
}

// Which commands each status allows, for an actor entitled to them: every status × command pair,
// generated from one table (NĐ 61/2018 Đ17–20 as modelled in docs/WORKFLOW.md).
TEST_F(DossierServiceTest, TransitionTableStatusByCommand) {
    const std::vector<std::pair<DossierStatus, std::vector<std::string_view>>> allowed = {
        {DossierStatus::kSubmitted, {"receive", "request_supplement", "refuse", "withdraw"}},
        {DossierStatus::kReceived,
         {"request_supplement", "refuse", "forward", "apologize", "stop", "withdraw"}},
        {DossierStatus::kProcessing,
         {"request_supplement",
          "refuse",
          "assign",
          "complete_step",
          "request_payment",
          "issue_result",
          "apologize",
          "stop",
          "withdraw"}},
        {DossierStatus::kSupplementRequested,
         {"provide_supplement", "refuse", "apologize", "stop", "withdraw"}},
        {DossierStatus::kAwaitingPayment, {"confirm_payment", "apologize", "stop", "withdraw"}},
        {DossierStatus::kProcessed, {"return"}},
        {DossierStatus::kReturned, {}},
        {DossierStatus::kRefused, {}},
        {DossierStatus::kStopped, {}},
        {DossierStatus::kWithdrawn, {}},
    };
    const Reason reason{"TP1", "Thiếu chữ ký", "Ký bổ sung"};
    // (command, entitled actor)
    const std::vector<std::pair<Command, Actor>> commands = {
        {Receive{}, Officer()},
        {RequestSupplement{{reason}}, Leader()},
        {ProvideSupplement{{"TP3"}}, Officer()},
        {Refuse{{reason}}, Leader()},
        {Forward{}, Officer()},
        {Assign{model::UserId{7}}, Leader()},
        {CompleteStep{}, Leader()},
        {RequestPayment{8000, "Lệ phí"}, Leader()},
        {ConfirmPayment{8000, "counter"}, Officer()},
        {IssueResult{}, Leader()},
        {ReturnResult{ReturnMethod::kCounter}, Officer()},
        {Apologize{"Chờ xác minh", At("2026-12-31T17:00")}, Leader()},
        {Stop{{reason}}, Leader()},
        {Withdraw{"Nộp nhầm"}, Officer()},
    };
    // A fresh dossier in `status`, at the last step of the process when processing.
    const auto make = [&](DossierStatus status) -> DossierId {
        Dossier d = *service_.Submit(Citizen(), Birth(Channel::kOnline));
        const auto act = [&](const Actor& a, const Command& c) {
            d = *service_.Act(a, d.id, c);
        };
        if (status == DossierStatus::kSubmitted) {
            return d.id;
        }
        if (status == DossierStatus::kWithdrawn) {
            act(Citizen(), Withdraw{"Không cần nữa"});
            return d.id;
        }
        act(Officer(), Receive{});
        if (status == DossierStatus::kReceived) {
            return d.id;
        }
        if (status == DossierStatus::kRefused) {
            act(Officer(), Refuse{{reason}});
            return d.id;
        }
        act(Officer(), Forward{});
        act(Specialist(), CompleteStep{});
        switch (status) {
            case DossierStatus::kSupplementRequested:
                act(Leader(), RequestSupplement{{reason}});
                break;
            case DossierStatus::kAwaitingPayment:
                act(Leader(), RequestPayment{8000, "Lệ phí"});
                break;
            case DossierStatus::kStopped:
                act(Leader(), Stop{{reason}});
                break;
            case DossierStatus::kProcessed:
                act(Leader(), IssueResult{});
                break;
            case DossierStatus::kReturned:
                act(Leader(), IssueResult{});
                act(Officer(), ReturnResult{});
                break;
            default:
                break;
        }
        return d.id;
    };
    for (const auto& [status, names] : allowed) {
        for (const auto& [command, actor] : commands) {
            const DossierId id = make(status);
            ASSERT_EQ(store_.Load(id)->status, status) << StatusName(status);
            const std::string_view name = CommandName(command);
            const bool expect = std::find(names.begin(), names.end(), name) != names.end();
            const Result<Dossier> r = service_.Act(actor, id, command);
            if (expect) {
                EXPECT_THAT(r, IsOk()) << StatusName(status) << " × " << name;
            } else {
                EXPECT_THAT(r, HasError(ErrorCode::kFailedPrecondition))
                    << StatusName(status) << " × " << name;
                EXPECT_EQ(store_.Load(id)->status, status) << "changed by a refused " << name;
            }
        }
    }
}

TEST(Judge, EarlyOnTimeLate) {
    const LocalDateTime due = At("2026-03-05T17:00");
    EXPECT_EQ(Judge(At("2026-03-04T17:00"), due), Verdict::kEarly);
    EXPECT_EQ(Judge(At("2026-03-05T08:00"), due), Verdict::kOnTime);
    EXPECT_EQ(Judge(At("2026-03-05T17:00"), due), Verdict::kOnTime);
    EXPECT_EQ(Judge(At("2026-03-05T17:01"), due), Verdict::kLate);
}

TEST(Reasons, NeedComponentProblemAndFix) {
    EXPECT_THAT(ValidateReasons({{"TP1", "Thiếu chữ ký", "Ký lại"}}), IsOk());
    EXPECT_THAT(ValidateReasons({}), HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(ValidateReasons({{"TP1", "Thiếu chữ ký", ""}}).error().field, "reasons[0].fix");
}

TEST(ProcessValidation, BudgetsMustFitTheLegalDeadline) {
    InternalProcess p;
    p.steps = {{"A", Role::kSpecialist, "", 2, DurationUnit::kWorkingDays},
               {"B", Role::kAgencyLeader, "", 4, DurationUnit::kWorkingHours}};
    EXPECT_THAT(ValidateProcess(p, 3, DurationUnit::kWorkingDays), IsOk());
    const Result<void> r = ValidateProcess(p, 2, DurationUnit::kWorkingDays);
    ASSERT_THAT(r, HasError(ErrorCode::kInvalidArgument));
    EXPECT_NE(r.error().message.find("4 more than"), std::string::npos) << r.error().message;
    p.steps[0].budget = 0;
    EXPECT_THAT(ValidateProcess(p, 10, DurationUnit::kWorkingDays),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ValidateProcess(InternalProcess{}, 10, DurationUnit::kWorkingDays),
                HasError(ErrorCode::kInvalidArgument));
}

}  // namespace
}  // namespace motcua::core::workflow
