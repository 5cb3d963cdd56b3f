// The public tracking answer (GET /api/public/dossiers/{code}): its exact bytes, and that nothing
// beyond the public view reaches them.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/calendar/civil_time.hpp"
#include "core/workflow/public_view.hpp"
#include "http/dto.hpp"
#include "http/json_body.hpp"
#include "http/testing/sample_dossier.hpp"

namespace motcua::http {
namespace {

namespace wf = core::workflow;
namespace cal = core::calendar;

using testing::At;

wf::PublicView Sample() {
    return testing::ProcessingPublicView();
}

TEST(PublicViewJson, ExactBytes) {
    const std::string expected = fmt::format(
        R"({{"agency_code":"000.00.21.H99","appointment":"{}","channel":"online",)"
        R"("code":"000.00.21.H99-260302-0001","due_at":"2026-03-16T17:00","finished_at":null,)"
        R"("handling_agency_code":"000.00.10.H99","procedure_code":"1.001193",)"
        R"("received_at":"2026-03-02T10:30","returned_at":null,"status":"processing",)"
        R"("status_code":4,"status_name":"{}","submitted_at":"2026-03-02T09:00","timeline":[)"
        R"({{"at":"2026-03-02T09:00","event":"submitted","title":"Nộp hồ sơ"}},)"
        R"({{"at":"2026-03-02T10:30","event":"received","title":"Tiếp nhận hồ sơ"}},)"
        R"({{"at":"2026-03-03T08:00","event":"supplement_requested","reasons":[)"
        R"({{"component":"TP2","fix":"Nộp bản rõ nét","problem":"Giấy chứng sinh bị mờ \"bản 1\""}}],)"
        R"("title":"Yêu cầu bổ sung hồ sơ"}},)"
        R"({{"at":"2026-03-05T08:00","event":"apology_issued","new_due_at":"2026-03-16T17:00",)"
        R"("title":"Xin lỗi và hẹn lại ngày trả kết quả"}}],"verdict":"pending"}})",
        cal::FormatDateTimeVi(At("2026-03-16T17:00")),
        wf::StatusNameVi(wf::DossierStatus::kProcessing));
    EXPECT_EQ(Dump(PublicViewJson(Sample())), expected);
}

TEST(PublicViewJson, NoKeyNoIdNoVersion) {
    const std::string body = Dump(PublicViewJson(Sample()));
    EXPECT_EQ(body.find("K7QX2M9P"), std::string::npos);
    EXPECT_EQ(body.find("verification_key"), std::string::npos);
    EXPECT_EQ(body.find("\"id\""), std::string::npos);
    EXPECT_EQ(body.find("version"), std::string::npos);
}

TEST(PublicViewJson, NoAppointmentBeforeReception) {
    wf::PublicView v = Sample();
    v.status = wf::DossierStatus::kSubmitted;
    v.received_at.reset();
    v.due_at.reset();
    v.timeline.resize(1);
    const Json j = PublicViewJson(v);
    EXPECT_TRUE(j.at("appointment").is_null());
    EXPECT_TRUE(j.at("due_at").is_null());
    EXPECT_EQ(j.at("timeline").size(), 1U);
}

// A store that keeps the view hands over the timeline as stored (storage's EncodePublicTimeline,
// whose test pins the same form): the answer copies those bytes and is the same answer.
TEST(PublicViewJson, StoredTimelineIsCopiedAsItIs) {
    wf::PublicView v = Sample();
    wf::PublicView raw = v;
    raw.timeline.clear();
    raw.timeline_json =
        R"([{"at":"2026-03-02T09:00","event":"submitted","title":"Nộp hồ sơ"},)"
        R"({"at":"2026-03-02T10:30","event":"received","title":"Tiếp nhận hồ sơ"},)"
        R"({"at":"2026-03-03T08:00","event":"supplement_requested","reasons":[)"
        R"({"component":"TP2","fix":"Nộp bản rõ nét","problem":"Giấy chứng sinh bị mờ \"bản 1\""}],)"
        R"("title":"Yêu cầu bổ sung hồ sơ"},)"
        R"({"at":"2026-03-05T08:00","event":"apology_issued","new_due_at":"2026-03-16T17:00",)"
        R"("title":"Xin lỗi và hẹn lại ngày trả kết quả"}])";
    EXPECT_EQ(PublicViewBody(raw), PublicViewBody(v));
    EXPECT_EQ(Dump(PublicViewJson(raw)), Dump(PublicViewJson(v)));
    // A field that is not UTF-8 sends both through the tree; the same bytes still.
    raw.agency_code = v.agency_code =
        "a\xFF"
        "b";
    EXPECT_EQ(PublicViewBody(raw), PublicViewBody(v));
    raw.timeline_json = "[]";
    v.timeline.clear();
    EXPECT_EQ(PublicViewBody(raw), PublicViewBody(v));
}

// PublicViewBody writes the bytes of Dump(PublicViewJson(…)) without the tree, whatever the
// text: quotes, backslashes, control characters, DEL, Vietnamese, four-byte characters, and text
// that is not UTF-8 (Dump replaces it; the writer then hands over to Dump).
struct BodyCase {
    std::string name;
    std::string text;
};

class PublicViewBodyTest : public ::testing::TestWithParam<BodyCase> {};

TEST_P(PublicViewBodyTest, SameBytesAsTheTree) {
    const std::string& text = GetParam().text;
    wf::PublicView v = Sample();
    v.agency_code = text;
    v.timeline[0].title = text;
    v.timeline[2].reasons->push_back({text, text + "?", "!" + text});
    EXPECT_EQ(PublicViewBody(v), Dump(PublicViewJson(v)));
    v.timeline.clear();
    v.due_at.reset();
    v.finished_at = At("2026-03-20T10:00");
    v.returned_at = At("2026-03-21T10:00");
    v.status = wf::DossierStatus::kReturned;
    v.verdict = wf::Verdict::kLate;
    v.code = text;
    EXPECT_EQ(PublicViewBody(v), Dump(PublicViewJson(v)));
}

INSTANTIATE_TEST_SUITE_P(
    Texts,
    PublicViewBodyTest,
    ::testing::Values(BodyCase{"plain", "000.00.21.H99"},
                      BodyCase{"empty", ""},
                      BodyCase{"vietnamese", "Ủy ban nhân dân xã Đông Hưng"},
                      BodyCase{"quotes_and_backslashes", R"(a "b" \c\ d/e)"},
                      BodyCase{"control_characters", std::string("a\b\f\n\r\t\x01\x1f\x7f z")},
                      BodyCase{"four_byte_character", "h\xF0\x9F\x98\x80 s\xF4\x8F\xBF\xBF"},
                      BodyCase{"lone_continuation_byte",
                               "a\x80"
                               "b"},
                      BodyCase{"truncated_sequence", "a\xE1\xBB"},
                      BodyCase{"overlong_form",
                               "a\xC0\xAF"
                               "b"},
                      BodyCase{"surrogate",
                               "a\xED\xA0\x80"
                               "b"},
                      BodyCase{"above_u10ffff",
                               "a\xF4\x90\x80\x80"
                               "b"},
                      BodyCase{"invalid_lead_byte",
                               "a\xFF"
                               "b"}),
    [](const ::testing::TestParamInfo<BodyCase>& p) { return p.param.name; });

}  // namespace
}  // namespace motcua::http
