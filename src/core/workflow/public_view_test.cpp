#include "core/workflow/public_view.hpp"

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/workflow/apply.hpp"
#include "core/workflow/dossier_service.hpp"
#include "core/workflow/testing/fakes.hpp"

namespace motcua::core::workflow {
namespace {

LocalDateTime At(std::string_view text) {
    return *calendar::ParseDateTime(text);
}

const std::vector<Reason> kReasons = {{"TP2", "Giấy chứng sinh bị mờ", "Nộp bản rõ nét"}};

struct EntryCase {
    std::string name;
    EventData data;
    std::optional<std::string> title;  // nullopt: not on the public timeline
    bool reasons = false;
    bool new_due_at = false;
    std::string_view event = {};   // empty: the EventTypeName
    bool of_consultation = false;  // the dossier's step 2 is a consultation
};

class PublicEntryTest : public ::testing::TestWithParam<EntryCase> {};

TEST_P(PublicEntryTest, TitleAndPublicDetailsOnly) {
    const EntryCase& c = GetParam();
    const Event e{DossierId{7}, 3, At("2026-03-02T09:30"), {}, c.data};
    Dossier d;
    if (c.of_consultation) {
        StepRecord step;
        step.index = 2;
        step.consultation = true;
        d.steps.push_back(step);
    }
    const std::optional<PublicTimelineEntry> entry = PublicEntry(e, d);
    if (!c.title.has_value()) {
        EXPECT_FALSE(entry.has_value());
        return;
    }
    ASSERT_TRUE(entry.has_value());
    EXPECT_EQ(entry->at, e.at);
    EXPECT_EQ(entry->event, c.event.empty() ? EventTypeName(c.data) : c.event);
    EXPECT_EQ(entry->title, *c.title);
    EXPECT_EQ(entry->reasons.has_value(), c.reasons);
    if (c.reasons) {
        EXPECT_EQ(*entry->reasons, kReasons);
    }
    EXPECT_EQ(entry->new_due_at.has_value(), c.new_due_at);
    if (c.new_due_at) {
        EXPECT_EQ(*entry->new_due_at, At("2026-03-10T17:00"));
    }
}

INSTANTIATE_TEST_SUITE_P(
    Events,
    PublicEntryTest,
    ::testing::Values(
        EntryCase{"submitted", Submitted{}, "Nộp hồ sơ"},
        EntryCase{"received", Received{"000.00.21.H99", At("2026-03-05T17:00")}, "Tiếp nhận hồ sơ"},
        EntryCase{"supplement_requested",
                  SupplementRequested{kReasons},
                  "Yêu cầu bổ sung hồ sơ",
                  true},
        EntryCase{"supplement_received", SupplementReceived{}, "Nhận hồ sơ bổ sung"},
        EntryCase{"refused", Refused{kReasons}, "Từ chối hồ sơ", true},
        EntryCase{"step_started", StepStarted{}, "Chuyển xử lý"},
        EntryCase{"consultation_started",
                  StepStarted{2,
                              "Lấy ý kiến",
                              Role::kSpecialist,
                              "000.00.30.H99",
                              {},
                              {},
                              true,
                              "Câu hỏi nội bộ"},
                  "Lấy ý kiến cơ quan liên quan",
                  false,
                  false,
                  "consultation_started"},
        EntryCase{"consultation_answered",
                  StepCompleted{2, Verdict::kOnTime, "Ý kiến nội bộ"},
                  "Cơ quan liên quan đã cho ý kiến",
                  false,
                  false,
                  "consultation_answered",
                  true},
        EntryCase{"step_completed_of_another_step",
                  StepCompleted{1, Verdict::kOnTime, ""},
                  "Hoàn thành bước xử lý",
                  false,
                  false,
                  "step_completed",
                  true},
        EntryCase{"step_assigned", StepAssigned{1, model::UserId{101}}, std::nullopt},
        EntryCase{"step_completed", StepCompleted{}, "Hoàn thành bước xử lý"},
        EntryCase{"payment_requested", PaymentRequested{}, "Yêu cầu thực hiện nghĩa vụ tài chính"},
        EntryCase{"payment_received", PaymentReceived{}, "Đã thanh toán"},
        EntryCase{"result_issued", ResultIssued{}, "Có kết quả giải quyết"},
        EntryCase{"returned", Returned{}, "Trả kết quả"},
        EntryCase{"apology_issued",
                  ApologyIssued{"Chờ xác minh", At("2026-03-10T17:00"), false},
                  "Xin lỗi và hẹn lại ngày trả kết quả",
                  false,
                  true},
        EntryCase{"stopped", Stopped{kReasons, Verdict::kPending}, "Dừng xử lý"},
        EntryCase{"withdrawn", Withdrawn{"Không cần nữa"}, "Rút hồ sơ"},
        EntryCase{"rated", Rated{5, "Tốt"}, "Đánh giá"}),
    [](const ::testing::TestParamInfo<EntryCase>& p) { return p.param.name; });

// A counter dossier received, forwarded, assigned, supplemented, apologised for, with an agency
// consulted, and returned.
std::vector<Event> History() {
    Submitted s;
    s.code = "000.00.21.H99-260302-0001";
    s.verification_key = "K0000001";
    s.agency_code = "000.00.21.H99";
    s.procedure_code = "1.001193";
    s.channel = Channel::kCounter;
    s.applicant = {"Nguyễn Văn A", "001090000001", "0912345678", "", "Xã A", std::nullopt};
    const DossierId id{1};
    const Actor officer{Role::kOneStopOfficer, model::UserId{100}, "000.00.21.H99", "Cán bộ"};
    std::vector<EventData> data = {
        s,
        Received{"000.00.21.H99", At("2026-03-05T17:00")},
        StepStarted{0,
                    "Thẩm định",
                    Role::kSpecialist,
                    "000.00.21.H99",
                    {},
                    At("2026-03-03T15:00"),
                    false,
                    "Ghi chú nội bộ"},
        StepAssigned{0, model::UserId{101}},
        SupplementRequested{kReasons},
        SupplementReceived{{"TP2"}, At("2026-03-13T17:00")},
        ApologyIssued{"Chờ xác minh", At("2026-03-16T17:00"), false},
        StepStarted{1,
                    "Lấy ý kiến",
                    Role::kSpecialist,
                    "000.00.30.H99",
                    {},
                    At("2026-03-15T17:00"),
                    true,
                    "Câu hỏi nội bộ"},
        StepCompleted{1, Verdict::kOnTime, "Ý kiến nội bộ"},
        ResultIssued{"Giấy khai sinh", Verdict::kLate},
        Returned{ReturnMethod::kCounter},
    };
    std::vector<Event> events;
    std::int64_t seq = 0;
    for (EventData& d : data) {
        events.push_back(Event{
            id, ++seq, At("2026-03-02T09:00") + std::chrono::hours(seq), officer, std::move(d)});
    }
    return events;
}

TEST(PublicView, HeaderComesFromTheProjectionAndTheTimelineFromTheEvents) {
    const std::vector<Event> events = History();
    Dossier d = Replay(events);
    d.id = DossierId{1};
    const PublicView v = PublicViewOf(d, events);
    EXPECT_EQ(v.id, d.id);
    EXPECT_EQ(v.version, 11);
    EXPECT_EQ(v.code, "000.00.21.H99-260302-0001");
    EXPECT_EQ(v.verification_key, "K0000001");
    EXPECT_EQ(v.procedure_code, "1.001193");
    EXPECT_EQ(v.agency_code, "000.00.21.H99");
    EXPECT_EQ(v.handling_agency_code, "000.00.21.H99");
    EXPECT_EQ(v.channel, Channel::kCounter);
    EXPECT_EQ(v.status, DossierStatus::kReturned);
    EXPECT_EQ(v.submitted_at, d.submitted_at);
    EXPECT_EQ(v.received_at, d.received_at);
    EXPECT_EQ(v.due_at, d.due_at);
    EXPECT_EQ(v.finished_at, d.finished_at);
    EXPECT_EQ(v.returned_at, d.returned_at);
    EXPECT_TRUE(v.returned_at.has_value());
    EXPECT_EQ(v.verdict, d.verdict);
    // Ten of eleven events: the assignment is internal.
    ASSERT_EQ(v.timeline.size(), 10U);
    EXPECT_EQ(v.timeline[3].event, "supplement_requested");
    EXPECT_EQ(v.timeline[5].event, "apology_issued");
    EXPECT_EQ(v.timeline[6].event, "consultation_started");
    EXPECT_EQ(v.timeline[7].event, "consultation_answered");
    EXPECT_EQ(v.timeline[7].title, "Cơ quan liên quan đã cho ý kiến");
    // Built one append at a time, as storage keeps it, the view is the same.
    PublicView incremental;
    Dossier folded;
    for (const Event& e : events) {
        folded = Apply(std::move(folded), e);
        folded.id = d.id;
        std::vector<PublicTimelineEntry> timeline = std::move(incremental.timeline);
        if (auto entry = PublicEntry(e, folded)) {
            timeline.push_back(std::move(*entry));
        }
        incremental = PublicHeader(folded);
        incremental.timeline = std::move(timeline);
    }
    EXPECT_EQ(incremental, v);
}

TEST(PublicView, TrackPublicNeedsTheExactKeyAndAnswersAlikeOtherwise) {
    testing::FakeDirectory directory;
    testing::FakeStore store;
    testing::FakeKeys keys;
    FakeClock clock{Instant{}};
    DossierService service(directory, store, clock, keys);
    const std::vector<Event> events = History();
    Dossier d = Replay(events);
    d.id = DossierId{1};
    store.dossiers[1] = d;
    store.events[1] = events;

    const auto found = service.TrackPublic(d.code, "K0000001");
    ASSERT_THAT(found, IsOk());
    EXPECT_EQ(*found, PublicViewOf(d, events));
    for (const std::string_view key : {"", "K000000", "K00000011", "k0000001", "K0000002"}) {
        const auto refused = service.TrackPublic(d.code, key);
        ASSERT_THAT(refused, HasError(ErrorCode::kNotFound)) << key;
        EXPECT_EQ(refused.error().message, "no dossier with this code and key");
    }
    const auto unknown = service.TrackPublic("000.00.21.H99-260302-0099", "K0000001");
    ASSERT_THAT(unknown, HasError(ErrorCode::kNotFound));
    EXPECT_EQ(unknown.error().message, "no dossier with this code and key");
}

}  // namespace
}  // namespace motcua::core::workflow
