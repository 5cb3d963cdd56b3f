#include "storage/common/json_codec.hpp"

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/workflow/apply.hpp"

namespace motcua::storage {
namespace {

namespace wf = core::workflow;

wf::LocalDateTime At(std::string_view text) {
    return *core::calendar::ParseDateTime(text);
}

wf::Actor Citizen() {
    return {wf::Role::kCitizen, core::model::UserId{500}, "", "Nguyễn Văn A"};
}

wf::Submitted BirthSubmitted() {
    wf::Submitted s;
    s.code = "000.00.21.H99-260302-0001";
    s.verification_key = "K0000001";
    s.agency_code = "000.00.21.H99";
    s.procedure_code = "1.001193";
    s.procedure_version = core::model::ProcedureVersionId{10};
    s.rule_set = "nd118";
    s.channel = wf::Channel::kOnline;
    s.applicant = {
        "Nguyễn Văn A", "001090000001", "0912345678", "", "Xã A", core::model::UserId{500}};
    s.components = {"TP1", "TP2"};
    s.idempotency_key = "citizen:500:k1";
    return s;
}

wf::Event MakeEvent(std::int64_t seq, wf::EventData data) {
    return {core::model::DossierId{7}, seq, At("2026-03-02T09:00"), Citizen(), std::move(data)};
}

constexpr std::string_view kActor =
    R"("actor":{"agency_code":"","name":"Nguyễn Văn A","role":"citizen","user":500},)"
    R"("at":"2026-03-02T09:00",)";

// The canonical bytes of events written before attachments existed. The audit chain of every
// existing database hashes exactly these bytes: they must never change.
struct Golden {
    std::string_view name;
    wf::EventData data;
    std::string expected;
};

std::vector<Golden> GoldenEvents() {
    wf::SupplementReceived supplement;
    supplement.components = {"TP2"};
    supplement.new_due_at = At("2026-03-13T17:00");
    wf::SupplementReceived supplement_online;
    supplement_online.components = {"TP2", "TP3"};
    return {
        {"submitted",
         BirthSubmitted(),
         std::string("{") + std::string(kActor) +
             R"("data":{"agency_code":"000.00.21.H99","applicant":{"account":500,)"
             R"("address":"Xã A","email":"","id_number":"001090000001","name":"Nguyễn Văn A",)"
             R"("phone":"0912345678"},"assisted":false,"channel":"online",)"
             R"("code":"000.00.21.H99-260302-0001","components":["TP1","TP2"],)"
             R"("idempotency_key":"citizen:500:k1","procedure_code":"1.001193",)"
             R"("procedure_version":10,"rule_set":"nd118","verification_key":"K0000001"},)"
             R"("dossier":7,"seq":1,"type":"submitted"})"},
        {"supplement_received",
         supplement,
         std::string("{") + std::string(kActor) +
             R"("data":{"components":["TP2"],"new_due_at":"2026-03-13T17:00"},)"
             R"("dossier":7,"seq":1,"type":"supplement_received"})"},
        {"supplement_received_before_reception",
         supplement_online,
         std::string("{") + std::string(kActor) +
             R"("data":{"components":["TP2","TP3"],"new_due_at":null},)"
             R"("dossier":7,"seq":1,"type":"supplement_received"})"},
        {"received",
         wf::Received{"000.00.10.H99", At("2026-03-05T17:00")},
         std::string("{") + std::string(kActor) +
             R"("data":{"due_at":"2026-03-05T17:00","handling_agency_code":"000.00.10.H99"},)"
             R"("dossier":7,"seq":1,"type":"received"})"},
    };
}

TEST(JsonCodec, EventsWithoutAttachmentsKeepTheirCanonicalBytes) {
    for (const Golden& g : GoldenEvents()) {
        SCOPED_TRACE(g.name);
        const wf::Event event = MakeEvent(1, g.data);
        EXPECT_EQ(EncodeEvent(event), g.expected);
        const Result<wf::Event> decoded = DecodeEvent(g.expected);
        ASSERT_THAT(decoded, IsOk());
        EXPECT_EQ(*decoded, event);
        // Re-encoding what was read gives the stored bytes back (what VerifyAuditChain relies on).
        EXPECT_EQ(EncodeEvent(*decoded), g.expected);
    }
}

constexpr std::string_view kPdfSha =
    "3b5d5c3712955042212316173ccf37be800b1f1a4c4e5a0fdb8a7c4b1d8e0f21";

wf::AttachmentRef Pdf(std::string component) {
    return {std::move(component), std::string(kPdfSha), "To khai.pdf", 12345, "application/pdf"};
}

TEST(JsonCodec, AttachmentsAreAddedOnlyWhenPresent) {
    wf::Submitted with = BirthSubmitted();
    with.attachments = {Pdf("TP1")};
    const wf::Event event = MakeEvent(1, with);
    const std::string encoded = EncodeEvent(event);
    // The key sorts after "assisted"; the rest is byte for byte the form without it.
    const std::string attachments =
        std::string(R"("attachments":[{"component":"TP1","content_type":"application/pdf",)") +
        R"("name":"To khai.pdf","sha256":")" + std::string(kPdfSha) + R"(","size":12345}],)";
    std::string expected = GoldenEvents().front().expected;
    const std::string_view after = R"("assisted":false,)";
    expected.insert(expected.find(after) + after.size(), attachments);
    EXPECT_EQ(encoded, expected);

    const Result<wf::Event> decoded = DecodeEvent(encoded);
    ASSERT_THAT(decoded, IsOk());
    EXPECT_EQ(*decoded, event);
    EXPECT_EQ(EncodeEvent(*decoded), encoded);
}

TEST(JsonCodec, SupplementWithAttachmentsRoundTrips) {
    wf::SupplementReceived supplement;
    supplement.components = {"TP2"};
    supplement.attachments = {Pdf("TP2"), {"TP2", std::string(64, 'a'), "anh.png", 9, "image/png"}};
    const wf::Event event = MakeEvent(4, supplement);
    const Result<wf::Event> decoded = DecodeEvent(EncodeEvent(event));
    ASSERT_THAT(decoded, IsOk());
    EXPECT_EQ(*decoded, event);
}

TEST(JsonCodec, AnEmptyAttachmentListIsReadAsNone) {
    std::string text = GoldenEvents().front().expected;
    text.insert(text.find(R"("data":{)") + 8, R"("attachments":[],)");
    const Result<wf::Event> decoded = DecodeEvent(text);
    ASSERT_THAT(decoded, IsOk());
    EXPECT_TRUE(std::get<wf::Submitted>(decoded->data).attachments.empty());
}

TEST(JsonCodec, BadAttachmentsAreInvalidArgument) {
    std::string text = GoldenEvents().front().expected;
    text.insert(text.find(R"("data":{)") + 8, R"("attachments":[{"component":"TP1"}],)");
    EXPECT_THAT(DecodeEvent(text), HasError(ErrorCode::kInvalidArgument));
}

TEST(JsonCodec, DossierWithAttachmentsRoundTrips) {
    wf::Dossier d;
    d.id = core::model::DossierId{7};
    d.version = 3;
    d.code = "000.00.21.H99-260302-0001";
    d.components = {"TP1", "TP2"};
    d.attachments = {Pdf("TP1"), Pdf("TP2")};
    d.submitted_at = At("2026-03-02T09:00");
    const Result<wf::Dossier> decoded = DecodeDossier(EncodeDossier(d));
    ASSERT_THAT(decoded, IsOk());
    EXPECT_EQ(*decoded, d);
}

TEST(JsonCodec, ProjectionsWrittenBeforeAttachmentsStillDecode) {
    wf::Dossier d;
    d.id = core::model::DossierId{7};
    d.code = "000.00.21.H99-260302-0001";
    d.submitted_at = At("2026-03-02T09:00");
    std::string body = EncodeDossier(d);
    const std::string key = R"("attachments":[],)";
    const auto at = body.find(key);
    ASSERT_NE(at, std::string::npos);
    body.erase(at, key.size());
    const Result<wf::Dossier> decoded = DecodeDossier(body);
    ASSERT_THAT(decoded, IsOk());
    EXPECT_EQ(*decoded, d);
}

TEST(JsonCodec, BadEventsAreInvalidArgument) {
    EXPECT_THAT(DecodeEvent("{"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(DecodeEvent(R"({"dossier":1,"seq":1,"at":"2026-03-02T09:00","actor":{"role":)"
                            R"("system","user":null,"agency_code":"","name":""},"type":"nope",)"
                            R"("data":{}})"),
                HasError(ErrorCode::kInvalidArgument));
}

// A new dossier encoded before its id and code exist, completed afterwards, has exactly the
// bytes of the completed values — whatever the applicant typed.
TEST(JsonCodec, PendingJsonCompletesToTheEncodersBytes) {
    for (const std::string& name : {std::string("Nguyễn Văn A"),
                                    std::string(R"(x","id":0,"code":"","dossier":0,)"),
                                    std::string("\"code\":\"\",\\")}) {
        wf::Submitted s = BirthSubmitted();
        s.code.clear();
        s.applicant.name = name;
        std::vector<wf::Event> events = {
            {core::model::DossierId{}, 1, At("2026-03-02T09:00"), Citizen(), s},
            {core::model::DossierId{},
             2,
             At("2026-03-02T09:00"),
             Citizen(),
             wf::Received{"000.00.21.H99", At("2026-03-05T17:00")}}};
        wf::Dossier d = wf::Replay(events);
        d.id = core::model::DossierId{};
        ASSERT_TRUE(d.code.empty());
        const PendingJson body = PendingDossierJson(d);
        ASSERT_TRUE(body.ok) << name;
        std::vector<PendingJson> pending;
        for (const wf::Event& e : events) {
            pending.push_back(PendingEventJson(e));
            ASSERT_TRUE(pending.back().ok) << name;
        }
        for (const auto& [id, code] : std::vector<std::pair<std::int64_t, std::string>>{
                 {1, "000.00.21.H99-260302-0001"}, {9'876'543'210, "A\"B"}}) {
            wf::Dossier done = d;
            done.id = core::model::DossierId{id};
            done.code = code;
            EXPECT_EQ(CompleteJson(body, id, code), EncodeDossier(done)) << name;
            for (std::size_t i = 0; i < events.size(); ++i) {
                wf::Event e = events[i];
                e.dossier = core::model::DossierId{id};
                if (auto* submitted = std::get_if<wf::Submitted>(&e.data)) {
                    submitted->code = code;
                }
                EXPECT_EQ(CompleteJson(pending[i], id, code), EncodeEvent(e)) << name << " " << i;
            }
        }
    }
}

TEST(JsonCodec, PendingJsonKeepsAGivenCodeAndRefusesAnAssignedId) {
    wf::Event e{core::model::DossierId{}, 1, At("2026-03-02T09:00"), Citizen(), BirthSubmitted()};
    const PendingJson given = PendingEventJson(e);
    ASSERT_TRUE(given.ok);
    EXPECT_EQ(given.code_at, std::string::npos);
    wf::Event done = e;
    done.dossier = core::model::DossierId{3};
    EXPECT_EQ(CompleteJson(given, 3, "ignored"), EncodeEvent(done));
    e.dossier = core::model::DossierId{5};
    EXPECT_FALSE(PendingEventJson(e).ok);
}

std::vector<wf::PublicTimelineEntry> SampleTimeline() {
    return {
        {At("2026-03-02T09:00"), "submitted", "Nộp hồ sơ", std::nullopt, std::nullopt},
        {At("2026-03-03T08:00"),
         "supplement_requested",
         "Yêu cầu bổ sung hồ sơ",
         std::vector<wf::Reason>{{"TP2", "Ảnh \"mờ\"\nquá", "Nộp lại"},
                                 {"chung", "Thiếu", "Bổ sung"}},
         std::nullopt},
        {At("2026-03-04T08:00"),
         "refused",
         "Từ chối hồ sơ",
         std::vector<wf::Reason>{},
         std::nullopt},
        {At("2026-03-05T08:00"),
         "apology_issued",
         "Xin lỗi và hẹn lại ngày trả kết quả",
         std::nullopt,
         At("2026-03-16T17:00")},
    };
}

TEST(JsonCodec, PublicTimelineRoundTrips) {
    const std::vector<wf::PublicTimelineEntry> timeline = SampleTimeline();
    std::string text = "[";
    for (const wf::PublicTimelineEntry& e : timeline) {
        text += (text.size() > 1 ? "," : "") + EncodePublicEntry(e);
    }
    text += "]";
    EXPECT_THAT(DecodePublicTimeline(text), IsOkAndHolds(timeline));
    EXPECT_THAT(DecodePublicTimeline("[]"), IsOkAndHolds(std::vector<wf::PublicTimelineEntry>{}));
    EXPECT_EQ(EncodePublicEntry(timeline[0]),
              R"({"at":"2026-03-02T09:00","event":"submitted","title":"Nộp hồ sơ"})");
}

// The stored timeline is the public answer's "timeline" as it is (http's PublicViewBody copies
// it): these bytes are pinned by http/public_view_json_test.cpp too. Text that is not UTF-8 is
// replaced, as the answer replaces it.
TEST(JsonCodec, PublicTimelineIsStoredInTheAnswersForm) {
    EXPECT_EQ(
        EncodePublicTimeline(SampleTimeline()),
        R"([{"at":"2026-03-02T09:00","event":"submitted","title":"Nộp hồ sơ"},)"
        R"({"at":"2026-03-03T08:00","event":"supplement_requested","reasons":[)"
        R"({"component":"TP2","fix":"Nộp lại","problem":"Ảnh \"mờ\"\nquá"},)"
        R"({"component":"chung","fix":"Bổ sung","problem":"Thiếu"}],"title":"Yêu cầu bổ sung hồ sơ"},)"
        R"({"at":"2026-03-04T08:00","event":"refused","reasons":[],"title":"Từ chối hồ sơ"},)"
        R"({"at":"2026-03-05T08:00","event":"apology_issued","new_due_at":"2026-03-16T17:00",)"
        R"("title":"Xin lỗi và hẹn lại ngày trả kết quả"}])");
    EXPECT_EQ(EncodePublicTimeline({}), "[]");
    wf::PublicTimelineEntry odd = SampleTimeline()[0];
    odd.title =
        "a\x01\x7f\xFF"
        "b";
    EXPECT_EQ(EncodePublicEntry(odd),
              "{\"at\":\"2026-03-02T09:00\",\"event\":\"submitted\",\"title\":\"a\\u0001\x7f"
              "\xEF\xBF\xBD"
              "b\"}");
}

// Keys in another order (as migration 0008 writes them), nulls for absent values and keys this
// version does not know are read alike.
TEST(JsonCodec, PublicTimelineIsReadInAnyKeyOrder) {
    const auto decoded = DecodePublicTimeline(
        R"([{"title":"Nộp hồ sơ","event":"submitted","at":"2026-03-02T09:00","new_due_at":null,)"
        R"("reasons":null,"later":1},{"at":"2026-03-04T08:00","event":"refused","title":"Từ)"
        R"( chối hồ sơ","reasons":[{"problem":"Thiếu","fix":"Bổ sung","component":"chung",)"
        R"("note":"x"}]}])");
    ASSERT_THAT(decoded, IsOk());
    ASSERT_EQ(decoded->size(), 2U);
    EXPECT_EQ((*decoded)[0], SampleTimeline()[0]);
    EXPECT_EQ((*decoded)[1].reasons, (std::vector<wf::Reason>{{"chung", "Thiếu", "Bổ sung"}}));
}

TEST(JsonCodec, BadPublicTimelinesAreInvalidArgument) {
    for (const std::string_view bad : {
             R"()",
             R"([)",
             R"({})",
             R"("x")",
             R"([1])",
             R"([[]])",
             R"([{"event":"submitted","title":"t"}])",
             R"([{"at":"2026-03-02T09:00","title":"t"}])",
             R"([{"at":"2026-03-02T09:00","event":"submitted"}])",
             R"([{"at":"2026-13-02T09:00","event":"submitted","title":"t"}])",
             R"([{"at":null,"event":"submitted","title":"t"}])",
             R"([{"at":"2026-03-02T09:00","event":1,"title":"t"}])",
             R"([{"at":"2026-03-02T09:00","event":"e","title":"t","reasons":"x"}])",
             R"([{"at":"2026-03-02T09:00","event":"e","title":"t","reasons":[1]}])",
             R"([{"at":"2026-03-02T09:00","event":"e","title":"t","reasons":[{"fix":2}]}])",
             R"([{"at":"2026-03-02T09:00","event":"e","title":"t","new_due_at":5}])",
             R"([{"at":"2026-03-02T09:00","event":"e","title":"t","x":{"y":1}}])",
         }) {
        EXPECT_THAT(DecodePublicTimeline(bad), HasError(ErrorCode::kInvalidArgument)) << bad;
    }
}

}  // namespace
}  // namespace motcua::storage
