#include "storage/common/json_codec.hpp"

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/calendar/civil_time.hpp"

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

}  // namespace
}  // namespace motcua::storage
