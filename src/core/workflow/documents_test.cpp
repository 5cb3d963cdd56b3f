#include "core/workflow/documents.hpp"

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/workflow/apply.hpp"

namespace motcua::core::workflow {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

LocalDateTime At(std::string_view text) {
    return *calendar::ParseDateTime(text);
}

Reason AnyReason() {
    return {"TP2", "Giấy chứng sinh là bản chụp", "Nộp bản chính"};
}

// One history, named, as the event payloads after Submitted.
struct History {
    const char* name;
    std::vector<EventData> events;
};

Dossier Play(const std::vector<EventData>& payloads) {
    std::vector<Event> events;
    Submitted submitted;
    submitted.code = "000.00.21.H99-260302-0001";
    events.push_back({DossierId{1}, 1, At("2026-03-02T09:00"), {}, submitted});
    std::int64_t seq = 1;
    for (const EventData& data : payloads) {
        ++seq;
        events.push_back({DossierId{1}, seq, At("2026-03-02T10:00"), {}, data});
    }
    return Replay(events);
}

const Received kReceived{"000.00.21.H99", *calendar::ParseDateTime("2026-03-05T17:00")};

StepStarted MakeStep() {
    StepStarted step;
    step.name = "Thẩm định";
    step.agency_code = "000.00.21.H99";
    step.due_at = At("2026-03-03T17:00");
    return step;
}

const StepStarted kStep = MakeStep();
const ApologyIssued kApology{"Chờ xác minh", *calendar::ParseDateTime("2026-03-10T17:00"), false};

using K = DocumentKind;

TEST(DocumentAvailable, FollowsTheDossierHistory) {
    struct Case {
        History history;
        std::vector<DocumentKind> available;
    };

    const std::vector<Case> cases = {
        {{"submitted online, not received", {}}, {}},
        {{"supplement requested at reception", {SupplementRequested{{AnyReason()}}}},
         {K::kSupplementRequest}},
        {{"refused at reception", {Refused{{AnyReason()}}}}, {K::kRefusal}},
        {{"supplement at reception then refused",
          {SupplementRequested{{AnyReason()}}, SupplementReceived{}, Refused{{AnyReason()}}}},
         {K::kSupplementRequest, K::kRefusal}},
        {{"withdrawn before reception", {Withdrawn{"đổi ý"}}}, {}},
        {{"received", {kReceived}}, {K::kReceipt, K::kControlSlip}},
        {{"processing", {kReceived, kStep}}, {K::kReceipt, K::kControlSlip}},
        {{"supplement after reception", {kReceived, kStep, SupplementRequested{{AnyReason()}}}},
         {K::kReceipt, K::kSupplementRequest, K::kControlSlip}},
        {{"supplement provided",
          {kReceived, kStep, SupplementRequested{{AnyReason()}}, SupplementReceived{}}},
         {K::kReceipt, K::kSupplementRequest, K::kControlSlip}},
        {{"refused after appraisal", {kReceived, kStep, Refused{{AnyReason()}}}},
         {K::kReceipt, K::kRefusal, K::kControlSlip}},
        {{"apology", {kReceived, kStep, kApology}}, {K::kReceipt, K::kApology, K::kControlSlip}},
        {{"stopped", {kReceived, kStep, Stopped{{AnyReason()}, Verdict::kOnTime}}},
         {K::kReceipt, K::kStopNotice, K::kControlSlip}},
        {{"apology then stopped",
          {kReceived, kStep, kApology, Stopped{{AnyReason()}, Verdict::kLate}}},
         {K::kReceipt, K::kApology, K::kStopNotice, K::kControlSlip}},
        {{"withdrawn after reception", {kReceived, Withdrawn{"đổi ý"}}},
         {K::kReceipt, K::kControlSlip}},
        {{"returned",
          {kReceived,
           kStep,
           StepCompleted{0, Verdict::kEarly, ""},
           ResultIssued{"Giấy khai sinh", Verdict::kEarly},
           Returned{}}},
         {K::kReceipt, K::kControlSlip}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.history.name);
        const Dossier d = Play(c.history.events);
        EXPECT_THAT(AvailableDocuments(d), ElementsAreArray(c.available));
        for (const DocumentKind kind : kAllDocumentKinds) {
            const bool expected =
                std::find(c.available.begin(), c.available.end(), kind) != c.available.end();
            if (expected) {
                EXPECT_THAT(DocumentAvailable(kind, d), IsOk()) << DocumentKindName(kind);
            } else {
                EXPECT_THAT(DocumentAvailable(kind, d), HasError(ErrorCode::kFailedPrecondition))
                    << DocumentKindName(kind);
            }
        }
    }
}

TEST(DocumentAvailable, ExplainsInBothLanguages) {
    const Dossier d = Play({});
    const auto result = DocumentAvailable(DocumentKind::kReceipt, d);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().field, "document");
    EXPECT_THAT(result.error().message, HasSubstr("no receipt for dossier 000.00.21.H99-260302"));
    EXPECT_THAT(result.error().message, HasSubstr("not been received (status 1 submitted)"));
    EXPECT_THAT(result.error().message_vi, HasSubstr("GIẤY TIẾP NHẬN HỒ SƠ"));
    EXPECT_THAT(result.error().message_vi, HasSubstr("chưa được tiếp nhận (trạng thái 1 – Mới"));
}

TEST(DocumentKind, NamesRoundTrip) {
    const std::vector<std::pair<DocumentKind, std::string_view>> names = {
        {K::kReceipt, "receipt"},
        {K::kSupplementRequest, "supplement-request"},
        {K::kRefusal, "refusal"},
        {K::kApology, "apology"},
        {K::kStopNotice, "stop-notice"},
        {K::kControlSlip, "control-slip"},
    };
    ASSERT_EQ(names.size(), kAllDocumentKinds.size());
    for (const auto& [kind, name] : names) {
        EXPECT_EQ(DocumentKindName(kind), name);
        EXPECT_THAT(ParseDocumentKind(name), IsOkAndHolds(kind));
        EXPECT_FALSE(DocumentTitleVi(kind).empty());
    }
    EXPECT_THAT(ParseDocumentKind("receipt.pdf"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseDocumentKind("Receipt"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseDocumentKind(""), HasError(ErrorCode::kInvalidArgument));
}

TEST(DocumentFormVi, NumbersFollowTheRuleSet) {
    struct Case {
        DocumentKind kind;
        std::string_view nd61;
        std::string_view nd118;
    };

    const std::vector<Case> cases = {
        {K::kReceipt,
         "Mẫu số 01 – Thông tư 01/2018/TT-VPCP",
         "Mẫu số 01 – Thông tư 03/2025/TT-VPCP"},
        {K::kSupplementRequest,
         "Mẫu số 02 – Thông tư 01/2018/TT-VPCP",
         "Mẫu số 02 – Thông tư 03/2025/TT-VPCP"},
        {K::kRefusal,
         "Mẫu số 03 – Thông tư 01/2018/TT-VPCP",
         "Mẫu số 03 – Thông tư 03/2025/TT-VPCP"},
        {K::kApology,
         "Mẫu số 04 – Thông tư 01/2018/TT-VPCP",
         "Mẫu số 04 – Thông tư 03/2025/TT-VPCP"},
        {K::kStopNotice, "", "Mẫu số 05 – Thông tư 03/2025/TT-VPCP"},
        {K::kControlSlip,
         "Mẫu số 05 – Thông tư 01/2018/TT-VPCP",
         "Mẫu số 06 – Thông tư 03/2025/TT-VPCP"},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(DocumentFormVi(c.kind, "NĐ 61/2018"), c.nd61) << DocumentKindName(c.kind);
        EXPECT_EQ(DocumentFormVi(c.kind, "NĐ 118/2025"), c.nd118) << DocumentKindName(c.kind);
        EXPECT_EQ(DocumentFormVi(c.kind, "unknown"), "");
    }
}

TEST(TrackingUrl, EncodesCodeAndKey) {
    EXPECT_EQ(TrackingUrl(
                  "https://dichvucong.hoabinhxanh.gov.vn", "000.00.21.H99-260302-0001", "K7QW2M9X"),
              "https://dichvucong.hoabinhxanh.gov.vn/tra-cuu?ma=000.00.21.H99-260302-0001&"
              "key=K7QW2M9X");
    EXPECT_EQ(TrackingUrl("http://localhost:8080/", "A B", "x&y=z"),
              "http://localhost:8080/tra-cuu?ma=A%20B&key=x%26y%3Dz");
    EXPECT_EQ(TrackingUrl("", "Đ", "~k"), "/tra-cuu?ma=%C4%90&key=~k");
}

}  // namespace
}  // namespace motcua::core::workflow
