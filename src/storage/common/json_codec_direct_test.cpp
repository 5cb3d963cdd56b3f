// EncodeEvent and EncodeDossier write JSON directly; their bytes must be exactly those of the
// nlohmann::json encoders they replaced (json_codec_reference.hpp): the audit chain hashes the
// event bytes, and stored projections are compared byte for byte.
#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/calendar/civil_time.hpp"
#include "storage/common/json_codec.hpp"
#include "storage/common/json_codec_reference.hpp"

namespace motcua::storage {
namespace {

namespace wf = core::workflow;
namespace cal = core::calendar;
using core::model::DossierId;
using core::model::ProcedureVersionId;
using core::model::UserId;

wf::LocalDateTime At(std::string_view text) {
    return *cal::ParseDateTime(text);
}

// Every byte from 0x00 to 0x7F, then `/`, Vietnamese, 2-, 3- and 4-byte UTF-8.
std::string EveryEscape() {
    std::string s;
    for (int c = 0; c < 0x80; ++c) {
        s += static_cast<char>(c);
    }
    s += R"(/a\/b"c"\)";
    s += "Nguyễn Văn Đạt — Ủy ban nhân dân xã Hòa Bình";
    s += "\xC2\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF \xEF\xBF\xBF";
    return s;
}

// Strings each field takes in the tables below.
std::vector<std::string> Texts() {
    std::vector<std::string> texts = {"",
                                      "TP1",
                                      "Nguyễn Văn A",
                                      EveryEscape(),
                                      "\"",
                                      "\\",
                                      "\x01",
                                      "\x1f",
                                      "\x7f",
                                      std::string(1, '\0'),
                                      "/",
                                      "\xF0\x9F\x8F\xA0",
                                      R"(x","id":0,"code":"","dossier":0,)",
                                      R"("code":"",\)"};
    for (int c = 0; c < 0x20; ++c) {
        texts.push_back(std::string("x") + static_cast<char>(c) + "y");
    }
    return texts;
}

wf::Applicant ApplicantWith(const std::string& text, bool account) {
    wf::Applicant a{text, text + "1", "0912345678", text, "Xã A " + text, std::nullopt};
    if (account) {
        a.account = UserId{500};
    }
    return a;
}

wf::AttachmentRef AttachmentWith(const std::string& text) {
    return {text, std::string(64, 'a'), text + ".pdf", 12345, "application/pdf"};
}

std::vector<wf::Reason> ReasonsWith(const std::string& text) {
    return {{"TP2", text, "Nộp lại"}, {text, "Thiếu", text}};
}

// One payload of every event type, with the given text in every string field, optionals set or
// not, vectors empty or not.
std::vector<wf::EventData> PayloadsWith(const std::string& text, bool set) {
    wf::Submitted submitted;
    submitted.code = set ? "000.00.21.H99-260302-0001" : "";
    submitted.verification_key = text;
    submitted.agency_code = "000.00.21.H99";
    submitted.procedure_code = text;
    submitted.procedure_version = ProcedureVersionId{set ? 10 : 0};
    submitted.rule_set = "nd118";
    submitted.channel = set ? wf::Channel::kCounter : wf::Channel::kOnline;
    submitted.assisted = set;
    submitted.applicant = ApplicantWith(text, set);
    if (set) {
        submitted.components = {"TP1", text};
        submitted.attachments = {AttachmentWith(text), AttachmentWith("TP2")};
    }
    submitted.idempotency_key = text;

    wf::SupplementReceived supplement;
    if (set) {
        supplement.components = {text};
        supplement.new_due_at = At("2026-03-13T17:00");
        supplement.attachments = {AttachmentWith(text)};
    }

    wf::StepStarted started{
        2, text, wf::Role::kAgencyLeader, text, std::nullopt, At("2026-03-04T17:00"), set, text};
    if (set) {
        started.assignee = UserId{77};
    }

    std::optional<wf::LocalDateTime> due;
    if (set) {
        due = At("2026-12-31T23:59");
    }
    const std::vector<wf::Reason> reasons = set ? ReasonsWith(text) : std::vector<wf::Reason>{};
    return {
        submitted,
        wf::Received{text, At("2026-03-05T17:00")},
        wf::SupplementRequested{reasons},
        supplement,
        wf::Refused{reasons},
        started,
        wf::StepAssigned{3, UserId{set ? 9'876'543'210 : 0}},
        wf::StepCompleted{1, set ? wf::Verdict::kLate : wf::Verdict::kPending, text},
        wf::PaymentRequested{set ? 150'000 : 0, text, set},
        wf::PaymentReceived{-5, text, due},
        wf::ResultIssued{text, set ? wf::Verdict::kEarly : wf::Verdict::kOnTime},
        wf::Returned{set ? wf::ReturnMethod::kPostal : wf::ReturnMethod::kOnline},
        wf::ApologyIssued{text, At("2027-01-01T00:00"), set},
        wf::Stopped{reasons, wf::Verdict::kOnTime},
        wf::Withdrawn{text},
        wf::Rated{set ? 5 : 0, text},
    };
}

wf::Dossier DossierWith(const std::string& text, bool set) {
    wf::Dossier d;
    d.id = DossierId{set ? 42 : 0};
    d.version = set ? 7 : 0;
    d.code = set ? "000.00.21.H99-260302-0001" : "";
    d.verification_key = text;
    d.agency_code = "000.00.21.H99";
    d.handling_agency_code = text;
    d.procedure_code = "1.001193";
    d.procedure_version = ProcedureVersionId{10};
    d.rule_set = text;
    d.channel = set ? wf::Channel::kPostal : wf::Channel::kOnline;
    d.assisted = set;
    d.applicant = ApplicantWith(text, set);
    d.idempotency_key = text;
    d.status = set ? wf::DossierStatus::kReturned : wf::DossierStatus::kSubmitted;
    d.submitted_at = At("2026-03-02T09:00");
    d.apology_issued = set;
    d.supplement_requests = set ? 2 : 0;
    d.amount_due_vnd = set ? 150'000 : 0;
    d.amount_paid_vnd = set ? 150'000 : 0;
    d.verdict = set ? wf::Verdict::kOnTime : wf::Verdict::kPending;
    if (set) {
        d.components = {"TP1", text};
        d.attachments = {AttachmentWith(text), AttachmentWith("TP1")};
        d.received_at = At("2026-03-02T10:00");
        d.due_at = At("2026-03-10T17:00");
        d.original_due_at = At("2026-03-09T17:00");
        d.finished_at = At("2026-03-08T16:00");
        d.returned_at = At("2026-03-09T08:00");
        d.steps = {{1,
                    text,
                    wf::Role::kSpecialist,
                    text,
                    UserId{77},
                    At("2026-03-02T10:00"),
                    At("2026-03-05T17:00"),
                    At("2026-03-04T11:00"),
                    wf::Verdict::kEarly,
                    false,
                    text},
                   {2,
                    "Tham vấn",
                    wf::Role::kAgencyLeader,
                    "000.00.10.H99",
                    std::nullopt,
                    At("2026-03-04T11:00"),
                    At("2026-03-06T17:00"),
                    std::nullopt,
                    wf::Verdict::kPending,
                    true,
                    ""}};
        d.pauses = {{At("2026-03-03T08:00"), At("2026-03-03T17:00")},
                    {At("2026-03-04T08:00"), At("2026-03-04T09:30")}};
        d.paused_since = At("2026-03-08T08:00");
        d.rating = 4;
    }
    return d;
}

wf::Actor ActorWith(const std::string& text, bool set) {
    wf::Actor a{set ? wf::Role::kOneStopOfficer : wf::Role::kCitizen, std::nullopt, text, text};
    if (set) {
        a.user = UserId{12};
    }
    return a;
}

// How PendingJson's places were found before the encoder noted them: by searching the text
// for `"<id_key>":0,` and `"code":"",`, each of which had to occur exactly once.
std::size_t FindOnce(std::string_view text, std::string_view what) {
    const std::size_t first = text.find(what);
    if (first == std::string_view::npos || text.find(what, first + 1) != std::string_view::npos) {
        return std::string_view::npos;
    }
    return first;
}

PendingJson ReferencePending(std::string text, std::string_view id_key, bool code_pending) {
    PendingJson p;
    p.json = std::move(text);
    const std::string id = "\"" + std::string(id_key) + "\":0,";
    const std::size_t id_at = FindOnce(p.json, id);
    if (id_at == std::string::npos) {
        return p;
    }
    p.id_at = id_at + id.size() - 2;
    if (code_pending) {
        constexpr std::string_view kCode = R"("code":"",)";
        const std::size_t code_at = FindOnce(p.json, kCode);
        if (code_at == std::string::npos) {
            return p;
        }
        p.code_at = code_at + kCode.size() - 2;
    }
    p.ok = true;
    return p;
}

void ExpectSamePending(const PendingJson& got, const PendingJson& want) {
    EXPECT_EQ(got.json, want.json);
    EXPECT_EQ(got.id_at, want.id_at);
    EXPECT_EQ(got.code_at, want.code_at);
    EXPECT_EQ(got.ok, want.ok);
}

// The direct bytes equal nlohmann's, and the pending form is what searching those bytes gave.
void ExpectSameEvent(const wf::Event& e) {
    const std::string expected = testing::NlohmannEncodeEvent(e);
    ASSERT_EQ(EncodeEvent(e), expected);
    const auto* submitted = std::get_if<wf::Submitted>(&e.data);
    ExpectSamePending(
        PendingEventJson(e),
        ReferencePending(expected, "dossier", submitted != nullptr && submitted->code.empty()));
}

void ExpectSameDossier(const wf::Dossier& d) {
    const std::string expected = testing::NlohmannEncodeDossier(d);
    ASSERT_EQ(EncodeDossier(d), expected);
    ExpectSamePending(PendingDossierJson(d), ReferencePending(expected, "id", d.code.empty()));
}

TEST(JsonCodecDirect, EveryEventTypeMatchesNlohmann) {
    for (const std::string& text : Texts()) {
        for (const bool set : {false, true}) {
            const std::vector<wf::EventData> payloads = PayloadsWith(text, set);
            ASSERT_EQ(payloads.size(), std::variant_size_v<wf::EventData>);
            for (std::size_t i = 0; i < payloads.size(); ++i) {
                SCOPED_TRACE(testing::NlohmannEncodeEvent(
                    {DossierId{}, 0, At("2026-03-02T09:00"), {}, payloads[i]}));
                EXPECT_EQ(payloads[i].index(), i);
                ExpectSameEvent({DossierId{set ? 7 : 0},
                                 set ? 3 : 1,
                                 At("2026-03-02T09:00"),
                                 ActorWith(text, set),
                                 payloads[i]});
            }
        }
    }
}

TEST(JsonCodecDirect, DossiersMatchNlohmann) {
    for (const std::string& text : Texts()) {
        for (const bool set : {false, true}) {
            SCOPED_TRACE(testing::NlohmannEncodeDossier(DossierWith(text, set)));
            ExpectSameDossier(DossierWith(text, set));
        }
    }
    ExpectSameDossier(wf::Dossier{});
}

// Each optional and vector of a dossier alone, the others unset.
TEST(JsonCodecDirect, DossierFieldsOneByOneMatchNlohmann) {
    const wf::Dossier full = DossierWith("Hồ sơ \"đầy đủ\"\n", true);
    std::vector<wf::Dossier> variants;
    for (int field = 0; field < 11; ++field) {
        wf::Dossier d = DossierWith("x", false);
        switch (field) {
            case 0:
                d.received_at = full.received_at;
                break;
            case 1:
                d.due_at = full.due_at;
                break;
            case 2:
                d.original_due_at = full.original_due_at;
                break;
            case 3:
                d.finished_at = full.finished_at;
                break;
            case 4:
                d.returned_at = full.returned_at;
                break;
            case 5:
                d.paused_since = full.paused_since;
                break;
            case 6:
                d.rating = 0;
                break;
            case 7:
                d.steps = full.steps;
                break;
            case 8:
                d.pauses = full.pauses;
                break;
            case 9:
                d.attachments = full.attachments;
                break;
            default:
                d.components = full.components;
                break;
        }
        variants.push_back(d);
    }
    for (const wf::Dossier& d : variants) {
        ExpectSameDossier(d);
    }
}

// nlohmann writes an enum value outside its table by the table's first name.
TEST(JsonCodecDirect, EnumValuesOutsideTheTablesMatchNlohmann) {
    wf::Dossier d = DossierWith("x", true);
    d.channel = static_cast<wf::Channel>(9);
    d.verdict = static_cast<wf::Verdict>(-1);
    d.status = static_cast<wf::DossierStatus>(0);
    d.steps[0].role = static_cast<wf::Role>(40);
    ExpectSameDossier(d);
    ExpectSameEvent({DossierId{1},
                     1,
                     At("2026-03-02T09:00"),
                     wf::Actor{static_cast<wf::Role>(99), std::nullopt, "", ""},
                     wf::Returned{static_cast<wf::ReturnMethod>(5)}});
    ExpectSameEvent({DossierId{1},
                     1,
                     At("2026-03-02T09:00"),
                     wf::Actor{},
                     wf::StepCompleted{0, static_cast<wf::Verdict>(8), ""}});
}

TEST(JsonCodecDirect, ExtremeNumbersAndTimesMatchNlohmann) {
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    for (const std::int64_t n : {kMin,
                                 kMin + 1,
                                 std::int64_t{-1},
                                 std::int64_t{0},
                                 std::int64_t{9},
                                 std::int64_t{10},
                                 kMax}) {
        const auto small = static_cast<int>(n % 1'000'000);
        for (const bool far : {false, true}) {
            // Years before 0000 and after 9999 take FormatDateTime's other path.
            const wf::LocalDateTime t{
                std::chrono::minutes{far ? (n % 10'000) * 525'960 : n % 1'000'000'000}};
            wf::Dossier d = DossierWith("x", true);
            d.id = DossierId{n};
            d.version = n;
            d.amount_due_vnd = n;
            d.rating = small;
            d.supplement_requests = small;
            d.submitted_at = t;
            d.due_at = t;
            d.steps[0].index = small;
            d.attachments[0].size = n;
            ExpectSameDossier(d);
            ExpectSameEvent(
                {DossierId{n}, n, t, ActorWith("", true), wf::PaymentReceived{n, "online", t}});
            ExpectSameEvent({DossierId{n}, n, t, wf::Actor{}, wf::Rated{small, ""}});
        }
    }
}

// ---- Randomized --------------------------------------------------------------------------

class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}

    int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(engine_); }

    std::int64_t Int64() {
        switch (Int(0, 3)) {
            case 0:
                return Int(-2, 2);
            case 1:
                return Int(0, 1'000'000);
            default:
                return std::uniform_int_distribution<std::int64_t>(
                    std::numeric_limits<std::int64_t>::min(),
                    std::numeric_limits<std::int64_t>::max())(engine_);
        }
    }

    bool Bool() { return Int(0, 1) == 1; }

    // Valid UTF-8 mixing plain ASCII, bytes that need escaping, Vietnamese and 4-byte forms.
    std::string Text() {
        // With the bytes PendingJson looks for, which inside a string are escaped.
        static const std::array<std::string, 15> kPieces = {R"("id":0,)",
                                                            R"("dossier":0,)",
                                                            R"("code":"",)",
                                                            "Nguyễn",
                                                            " ",
                                                            "Văn",
                                                            "Đạt",
                                                            "/",
                                                            "\"",
                                                            "\\",
                                                            "\xF0\x9F\x98\x80",
                                                            "\x7f",
                                                            "ồ",
                                                            "TP1",
                                                            "\xE2\x80\xA8"};
        std::string s;
        const int n = Int(0, 8);
        for (int i = 0; i < n; ++i) {
            if (Bool()) {
                s +=
                    kPieces[static_cast<std::size_t>(Int(0, static_cast<int>(kPieces.size()) - 1))];
            } else {
                s += static_cast<char>(Int(0, 0x7f));
            }
        }
        return s;
    }

    wf::LocalDateTime Time() {
        // Mostly 2000–2100, sometimes anywhere in years -9999..19999.
        const std::int64_t range = Int(0, 9) == 0 ? 10'000'000'000 : 52'596'000;
        const std::int64_t base = Int(0, 9) == 0 ? 0 : 15'778'080;  // 2000-01-01 in minutes
        return wf::LocalDateTime{std::chrono::minutes{
            base + std::uniform_int_distribution<std::int64_t>(-range, range)(engine_)}};
    }

    std::optional<wf::LocalDateTime> MaybeTime() {
        return Bool() ? std::optional(Time()) : std::nullopt;
    }

    std::optional<UserId> MaybeUser() {
        return Bool() ? std::optional(UserId{Int64()}) : std::nullopt;
    }

    wf::Role Role() { return static_cast<wf::Role>(Int(0, 8)); }

    wf::Verdict Verdict() { return static_cast<wf::Verdict>(Int(0, 4)); }

    wf::Channel Channel() { return static_cast<wf::Channel>(Int(0, 3)); }

    std::vector<std::string> Strings() {
        std::vector<std::string> v(static_cast<std::size_t>(Int(0, 3)));
        for (std::string& s : v) {
            s = Text();
        }
        return v;
    }

    wf::Applicant Applicant() { return {Text(), Text(), Text(), Text(), Text(), MaybeUser()}; }

    std::vector<wf::AttachmentRef> Attachments() {
        std::vector<wf::AttachmentRef> v(static_cast<std::size_t>(Int(0, 2)));
        for (wf::AttachmentRef& a : v) {
            a = {Text(), Text(), Text(), Int64(), Text()};
        }
        return v;
    }

    std::vector<wf::Reason> Reasons() {
        std::vector<wf::Reason> v(static_cast<std::size_t>(Int(0, 3)));
        for (wf::Reason& r : v) {
            r = {Text(), Text(), Text()};
        }
        return v;
    }

    wf::EventData Payload() {
        switch (Int(0, 15)) {
            case 0:
                return wf::Submitted{Text(),
                                     Text(),
                                     Text(),
                                     Text(),
                                     ProcedureVersionId{Int64()},
                                     Text(),
                                     Channel(),
                                     Bool(),
                                     Applicant(),
                                     Strings(),
                                     Text(),
                                     Attachments()};
            case 1:
                return wf::Received{Text(), Time()};
            case 2:
                return wf::SupplementRequested{Reasons()};
            case 3:
                return wf::SupplementReceived{Strings(), MaybeTime(), Attachments()};
            case 4:
                return wf::Refused{Reasons()};
            case 5:
                return wf::StepStarted{
                    Int(-5, 50), Text(), Role(), Text(), MaybeUser(), Time(), Bool(), Text()};
            case 6:
                return wf::StepAssigned{Int(0, 9), UserId{Int64()}};
            case 7:
                return wf::StepCompleted{Int(0, 9), Verdict(), Text()};
            case 8:
                return wf::PaymentRequested{Int64(), Text(), Bool()};
            case 9:
                return wf::PaymentReceived{Int64(), Text(), MaybeTime()};
            case 10:
                return wf::ResultIssued{Text(), Verdict()};
            case 11:
                return wf::Returned{static_cast<wf::ReturnMethod>(Int(0, 3))};
            case 12:
                return wf::ApologyIssued{Text(), Time(), Bool()};
            case 13:
                return wf::Stopped{Reasons(), Verdict()};
            case 14:
                return wf::Withdrawn{Text()};
            default:
                return wf::Rated{Int(0, 5), Text()};
        }
    }

    wf::Event Event() {
        return {DossierId{Bool() ? 0 : Int64()},
                Int64(),
                Time(),
                wf::Actor{Role(), MaybeUser(), Text(), Text()},
                Payload()};
    }

    wf::Dossier Dossier() {
        wf::Dossier d;
        d.id = DossierId{Bool() ? 0 : Int64()};
        d.version = Int64();
        d.code = Bool() ? "" : Text();
        d.verification_key = Text();
        d.agency_code = Text();
        d.handling_agency_code = Text();
        d.procedure_code = Text();
        d.procedure_version = ProcedureVersionId{Int64()};
        d.rule_set = Text();
        d.channel = Channel();
        d.assisted = Bool();
        d.applicant = Applicant();
        d.components = Strings();
        d.attachments = Attachments();
        d.idempotency_key = Text();
        d.status = static_cast<wf::DossierStatus>(Int(0, 11));
        d.submitted_at = Time();
        d.received_at = MaybeTime();
        d.due_at = MaybeTime();
        d.original_due_at = MaybeTime();
        d.apology_issued = Bool();
        d.finished_at = MaybeTime();
        d.returned_at = MaybeTime();
        d.steps.resize(static_cast<std::size_t>(Int(0, 3)));
        for (wf::StepRecord& s : d.steps) {
            s = {Int(0, 9),
                 Text(),
                 Role(),
                 Text(),
                 MaybeUser(),
                 Time(),
                 Time(),
                 MaybeTime(),
                 Verdict(),
                 Bool(),
                 Text()};
        }
        d.pauses.resize(static_cast<std::size_t>(Int(0, 3)));
        for (cal::Pause& p : d.pauses) {
            p = {Time(), Time()};
        }
        d.paused_since = MaybeTime();
        d.supplement_requests = Int(0, 5);
        d.amount_due_vnd = Int64();
        d.amount_paid_vnd = Int64();
        d.rating = Bool() ? std::optional(Int(-1, 6)) : std::nullopt;
        d.verdict = Verdict();
        return d;
    }

private:
    std::mt19937_64 engine_;
};

TEST(JsonCodecDirect, RandomEventsMatchNlohmann) {
    Random random(20'260'302);
    for (int i = 0; i < 4000; ++i) {
        const wf::Event e = random.Event();
        SCOPED_TRACE(i);
        ExpectSameEvent(e);
        if (::testing::Test::HasFatalFailure()) {
            return;
        }
    }
}

TEST(JsonCodecDirect, RandomDossiersMatchNlohmann) {
    Random random(118);
    for (int i = 0; i < 2000; ++i) {
        const wf::Dossier d = random.Dossier();
        SCOPED_TRACE(i);
        ExpectSameDossier(d);
        if (::testing::Test::HasFatalFailure()) {
            return;
        }
    }
}

// ---- Text that is not UTF-8 --------------------------------------------------------------

// What encoding threw: the message of nlohmann's type_error, or "" when it did not throw.
template <class F>
std::string Thrown(F&& encode) {
    try {
        static_cast<void>(encode());
    } catch (const nlohmann::json::type_error& e) {
        EXPECT_EQ(e.id, 316);
        return e.what();
    }
    return "";
}

std::vector<std::string> NotUtf8() {
    return {
        "\x80",                                 // continuation byte alone
        "ab\xBF",                               // at the end
        "\xC0\x80",                             // overlong NUL
        "\xC1\xBF",                             // overlong
        "\xE0\x80\x80",                         // overlong 3-byte
        "\xE0\x9F\xBF",                         // overlong 3-byte
        "\xED\xA0\x80",                         // surrogate
        "\xED\xBF\xBF",                         // surrogate
        "\xF0\x80\x80\x80",                     // overlong 4-byte
        "\xF0\x8F\xBF\xBF",                     // overlong 4-byte
        "\xF4\x90\x80\x80",                     // above U+10FFFF
        "\xF5\x80\x80\x80",                     // lead byte F5
        "\xFF",                                 // never in UTF-8
        "\xFE",                                 //
        "Nguy\xE1\xBB",                         // cut at the end
        "\xE1\x80",                             // cut
        "\xF0\x9F\x98",                         // cut 4-byte
        "\xC3",                                 // cut 2-byte
        "\xC3(",                                // bad continuation
        "\xE1\xBB(x",                           // bad third byte
        "\xF0\x9F\x98(",                        // bad fourth byte
        "ok \xE1\xBB\x85 then \x80",            // valid, then not
        "\"\\\n ok then \xF8\x88\x80\x80\x80",  // 5-byte form
    };
}

TEST(JsonCodecDirect, TextThatIsNotUtf8ThrowsWhatNlohmannThrows) {
    for (const std::string& bad : NotUtf8()) {
        SCOPED_TRACE(::testing::PrintToString(bad));
        const std::vector<wf::EventData> payloads = PayloadsWith(bad, true);
        for (const wf::EventData& payload : payloads) {
            const wf::Event e{
                DossierId{1}, 1, At("2026-03-02T09:00"), ActorWith("", false), payload};
            const std::string expected = Thrown([&] { return testing::NlohmannEncodeEvent(e); });
            if (payload.index() == 11 || payload.index() == 6) {
                continue;  // Returned and StepAssigned hold no text
            }
            EXPECT_NE(expected, "") << bad;
            EXPECT_EQ(Thrown([&] { return EncodeEvent(e); }), expected);
            EXPECT_EQ(Thrown([&] { return PendingEventJson(e); }), expected);
        }
        const wf::Event in_actor{
            DossierId{1}, 1, At("2026-03-02T09:00"), ActorWith(bad, false), wf::Withdrawn{"x"}};
        EXPECT_EQ(Thrown([&] { return EncodeEvent(in_actor); }),
                  Thrown([&] { return testing::NlohmannEncodeEvent(in_actor); }));
        const wf::Dossier d = DossierWith(bad, true);
        const std::string expected = Thrown([&] { return testing::NlohmannEncodeDossier(d); });
        EXPECT_NE(expected, "");
        EXPECT_EQ(Thrown([&] { return EncodeDossier(d); }), expected);
        EXPECT_EQ(Thrown([&] { return PendingDossierJson(d); }), expected);
    }
}

// nlohmann reports the first bad string in key order, at its index within that string.
TEST(JsonCodecDirect, TheFirstBadStringInKeyOrderIsReported) {
    wf::Dossier d = DossierWith("x", true);
    d.applicant.name = "\xFF";
    d.applicant.address = "abc\xC3";
    d.verification_key = "\x80";
    const std::string expected = Thrown([&] { return testing::NlohmannEncodeDossier(d); });
    EXPECT_EQ(expected, "[json.exception.type_error.316] incomplete UTF-8 string; last byte: 0xC3");
    EXPECT_EQ(Thrown([&] { return EncodeDossier(d); }), expected);
}

// Random bytes: the direct writer accepts exactly what nlohmann accepts, with the same bytes,
// and fails with the same message otherwise.
TEST(JsonCodecDirect, RandomBytesMatchNlohmann) {
    std::mt19937_64 engine(316);
    std::uniform_int_distribution<int> length(0, 6);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> high(0x80, 0xFF);
    int valid = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string s;
        const int n = length(engine);
        for (int k = 0; k < n; ++k) {
            // Mostly bytes >= 0x80, so that many sequences are long and some are valid.
            s += static_cast<char>(k % 3 == 0 ? byte(engine) : high(engine));
        }
        const wf::Event e{DossierId{1}, 1, At("2026-03-02T09:00"), {}, wf::Withdrawn{s}};
        const std::string expected = Thrown([&] { return testing::NlohmannEncodeEvent(e); });
        ASSERT_EQ(Thrown([&] { return EncodeEvent(e); }), expected) << i;
        if (expected.empty()) {
            ++valid;
            ASSERT_EQ(EncodeEvent(e), testing::NlohmannEncodeEvent(e)) << i;
        }
    }
    EXPECT_GT(valid, 1000);
}

}  // namespace
}  // namespace motcua::storage
