// The dossier answer (POST /api/dossiers, GET /api/dossiers/{code}, the lifecycle actions):
// DossierBody writes exactly the bytes of Dump(DossierJson(…)), whatever the dossier holds.
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/calendar/civil_time.hpp"
#include "core/workflow/dossier.hpp"
#include "http/dto.hpp"
#include "http/json_body.hpp"
#include "http/testing/sample_dossier.hpp"

namespace motcua::http {
namespace {

namespace wf = core::workflow;
namespace cal = core::calendar;

using testing::At;
using testing::ProcessingDossier;
using testing::SubmittedDossier;

// What the dossier routes sent before DossierBody: the tree, dumped.
std::string Reference(const wf::Dossier& d) {
    return Dump(DossierJson(d));
}

TEST(DossierBody, NamedCases) {
    std::vector<std::pair<std::string, wf::Dossier>> cases;
    cases.reserve(64);
    cases.emplace_back("submitted", SubmittedDossier());
    {
        wf::Dossier d = SubmittedDossier();
        d.applicant.account.reset();
        d.components.clear();
        d.attachments.clear();
        d.channel = wf::Channel::kCounter;
        d.assisted = true;
        cases.emplace_back("counter, empty vectors, no account", d);
    }
    cases.emplace_back("processing with a consultation", ProcessingDossier());
    {
        wf::Dossier d = ProcessingDossier();
        d.steps.back().finished_at = At("2026-03-05T08:00");
        d.steps[1].finished_at = At("2026-03-05T09:00");
        cases.emplace_back("no current step", d);
    }
    {
        wf::Dossier d = ProcessingDossier();
        d.status = wf::DossierStatus::kSupplementRequested;
        d.supplement_requests = 2;
        d.pauses = {{At("2026-03-03T08:00"), At("2026-03-04T08:00")},
                    {At("2026-03-05T08:00"), At("2026-03-05T16:00")}};
        d.paused_since = At("2026-03-06T08:00");
        cases.emplace_back("paused after supplement requests", d);
    }
    {
        wf::Dossier d = ProcessingDossier();
        d.status = wf::DossierStatus::kAwaitingPayment;
        d.amount_due_vnd = std::numeric_limits<std::int64_t>::max();
        d.amount_paid_vnd = std::numeric_limits<std::int64_t>::min();
        cases.emplace_back("awaiting payment, extreme amounts", d);
    }
    {
        wf::Dossier d = ProcessingDossier();
        d.apology_issued = true;
        d.original_due_at = d.due_at;
        d.due_at = At("2026-03-23T17:00");
        cases.emplace_back("apology", d);
    }
    {
        wf::Dossier d = ProcessingDossier();
        d.status = wf::DossierStatus::kReturned;
        d.finished_at = At("2026-03-12T11:00");
        d.returned_at = At("2026-03-13T09:15");
        d.verdict = wf::Verdict::kOnTime;
        for (wf::StepRecord& s : d.steps) {
            s.finished_at = At("2026-03-12T11:00");
            s.verdict = wf::Verdict::kLate;
        }
        cases.emplace_back("returned", d);
        d.rating = 5;
        cases.emplace_back("returned and rated", d);
        d.rating = 0;
        cases.emplace_back("rated 0", d);
        d.rating = -3;
        cases.emplace_back("rated -3", d);
    }
    {
        wf::Dossier d = ProcessingDossier();
        d.id = core::model::DossierId{0};
        d.version = 0;
        d.procedure_version = core::model::ProcedureVersionId{-1};
        d.supplement_requests = -7;
        d.steps[0].index = -2;
        d.attachments[0].size = -1;
        cases.emplace_back("zero and negative numbers", d);
    }
    {
        wf::Dossier d = ProcessingDossier();
        d.code.clear();
        d.verification_key.clear();
        d.applicant = {};
        d.rule_set.clear();
        d.steps[0].name.clear();
        d.steps[0].note.clear();
        cases.emplace_back("empty strings", d);
    }
    for (int code = 1; code <= 10; ++code) {
        wf::Dossier d = ProcessingDossier();
        d.status = static_cast<wf::DossierStatus>(code);
        cases.emplace_back(fmt::format("status {}", code), d);
    }
    for (const wf::Channel c :
         {wf::Channel::kOnline, wf::Channel::kCounter, wf::Channel::kPostal}) {
        wf::Dossier d = SubmittedDossier();
        d.channel = c;
        cases.emplace_back(fmt::format("channel {}", wf::ChannelName(c)), d);
    }
    for (const wf::Verdict v :
         {wf::Verdict::kPending, wf::Verdict::kEarly, wf::Verdict::kOnTime, wf::Verdict::kLate}) {
        wf::Dossier d = ProcessingDossier();
        d.verdict = v;
        d.steps[1].verdict = v;
        cases.emplace_back(fmt::format("verdict {}", wf::VerdictName(v)), d);
    }
    for (const wf::Role r : {wf::Role::kCitizen,
                             wf::Role::kOneStopOfficer,
                             wf::Role::kSpecialist,
                             wf::Role::kAgencyLeader,
                             wf::Role::kProvinceController,
                             wf::Role::kAdministrator,
                             wf::Role::kAuditor,
                             wf::Role::kSystem}) {
        wf::Dossier d = ProcessingDossier();
        d.steps[1].role = r;
        cases.emplace_back(fmt::format("role {}", wf::RoleName(r)), d);
    }
    for (const auto& [name, d] : cases) {
        EXPECT_EQ(DossierBody(d), Reference(d)) << name;
    }
}

TEST(DossierBody, ExactBytesOfAFreshDossier) {
    wf::Dossier d = SubmittedDossier();
    d.applicant.name = "Lê \"Bé\"";
    EXPECT_EQ(
        DossierBody(d),
        R"({"agency_code":"000.00.21.H99","amount_due_vnd":0,"amount_paid_vnd":0,)"
        R"("apology_issued":false,"applicant":{"account":9,"address":"12 Hàng Bạc, Hoàn Kiếm, )"
        R"(Hà Nội","email":"an@example.vn","id_number":"001099012345","name":"Lê \"Bé\"",)"
        R"("phone":"0912345678"},"assisted":false,"attachments":[{"component":"TP1",)"
        R"("content_type":"application/pdf","name":"to-khai.pdf","sha256":")" +
            std::string(64, 'a') +
            R"(","size":12345}],"channel":"online","code":"000.00.21.H99-260302-0001",)"
            R"("components":["TP1","TP2"],"current_step":null,"due_at":null,"finished_at":null,)"
            R"("handling_agency_code":"000.00.21.H99","id":42,"original_due_at":null,)"
            R"("paused_since":null,"pauses":[],"procedure_code":"1.001193",)"
            R"("procedure_version":7,"rating":null,"received_at":null,"returned_at":null,)"
            R"("rule_set":"tt01-2018","status":"submitted","status_code":1,"status_name":")" +
            std::string(wf::StatusNameVi(wf::DossierStatus::kSubmitted)) +
            R"(","steps":[],"submitted_at":"2026-03-02T09:00","supplement_requests":0,)"
            R"("verdict":"pending","verification_key":"K7QX2M9P","version":1})");
}

// Every string of the answer, to put a hostile value in.
std::vector<std::pair<std::string, std::function<void(wf::Dossier&, const std::string&)>>>
StringFields() {
    using F = std::function<void(wf::Dossier&, const std::string&)>;
    std::vector<std::pair<std::string, F>> f;
    f.emplace_back("code", [](wf::Dossier& d, const std::string& s) { d.code = s; });
    f.emplace_back("verification_key",
                   [](wf::Dossier& d, const std::string& s) { d.verification_key = s; });
    f.emplace_back("agency_code", [](wf::Dossier& d, const std::string& s) { d.agency_code = s; });
    f.emplace_back("handling_agency_code",
                   [](wf::Dossier& d, const std::string& s) { d.handling_agency_code = s; });
    f.emplace_back("procedure_code",
                   [](wf::Dossier& d, const std::string& s) { d.procedure_code = s; });
    f.emplace_back("rule_set", [](wf::Dossier& d, const std::string& s) { d.rule_set = s; });
    f.emplace_back("applicant.name",
                   [](wf::Dossier& d, const std::string& s) { d.applicant.name = s; });
    f.emplace_back("applicant.id_number",
                   [](wf::Dossier& d, const std::string& s) { d.applicant.id_number = s; });
    f.emplace_back("applicant.phone",
                   [](wf::Dossier& d, const std::string& s) { d.applicant.phone = s; });
    f.emplace_back("applicant.email",
                   [](wf::Dossier& d, const std::string& s) { d.applicant.email = s; });
    f.emplace_back("applicant.address",
                   [](wf::Dossier& d, const std::string& s) { d.applicant.address = s; });
    f.emplace_back("components[1]",
                   [](wf::Dossier& d, const std::string& s) { d.components.at(1) = s; });
    f.emplace_back("attachments[0].component",
                   [](wf::Dossier& d, const std::string& s) { d.attachments.at(0).component = s; });
    f.emplace_back("attachments[0].sha256",
                   [](wf::Dossier& d, const std::string& s) { d.attachments.at(0).sha256 = s; });
    f.emplace_back("attachments[0].name",
                   [](wf::Dossier& d, const std::string& s) { d.attachments.at(0).name = s; });
    f.emplace_back("attachments[0].content_type", [](wf::Dossier& d, const std::string& s) {
        d.attachments.at(0).content_type = s;
    });
    // steps[1] is also the current step, so these reach both "steps" and "current_step".
    for (const std::size_t i : {std::size_t{1}, std::size_t{2}}) {
        f.emplace_back(fmt::format("steps[{}].name", i),
                       [i](wf::Dossier& d, const std::string& s) { d.steps.at(i).name = s; });
        f.emplace_back(
            fmt::format("steps[{}].agency_code", i),
            [i](wf::Dossier& d, const std::string& s) { d.steps.at(i).agency_code = s; });
        f.emplace_back(fmt::format("steps[{}].note", i),
                       [i](wf::Dossier& d, const std::string& s) { d.steps.at(i).note = s; });
    }
    return f;
}

std::vector<std::pair<std::string, std::string>> HostileStrings() {
    std::vector<std::pair<std::string, std::string>> v = {
        {"quote", "a\"b\""},
        {"backslash", "C:\\tệp\\"},
        {"slash", "a/b</script>"},
        {"del", "x\x7fy"},
        {"nul", std::string("a\0b", 3)},
        {"vietnamese", "Ủy ban nhân dân phường Đống Đa — Đơn đề nghị"},
        {"4-byte", "𠀀 𝄞 😀"},
        {"all escapes", "\"\\/\b\f\n\r\t\x01\x1f\x7f"},
        {"lone continuation", "a\x80z"},
        {"0xff", "\xff"},
        {"0xc0 0xaf (overlong)", "\xc0\xaf"},
        {"0xe0 0x80 0x80 (overlong)", "\xe0\x80\x80"},
        {"surrogate", "\xed\xa0\x80"},
        {"above U+10FFFF", "\xf4\x90\x80\x80"},
        {"0xf5", "\xf5\x80\x80\x80"},
        {"truncated 2-byte at end", "ab\xc3"},
        {"truncated 3-byte at end", "ab\xe1\xbb"},
        {"truncated 4-byte at end", "ab\xf0\x9f\x98"},
        {"truncated then ASCII", "\xe1\xbbX\"y"},
        {"mixed valid and invalid", "Nguyễn\xff\"\n\xc3(Văn)\\"},
    };
    for (int c = 1; c < 0x20; ++c) {
        v.emplace_back(fmt::format("control 0x{:02x}", c),
                       std::string("<") + static_cast<char>(c) + ">");
    }
    return v;
}

TEST(DossierBody, HostileStringsInEveryField) {
    for (const auto& [field, set] : StringFields()) {
        for (const auto& [what, value] : HostileStrings()) {
            wf::Dossier d = ProcessingDossier();
            d.components.push_back("TP3");
            set(d, value);
            ASSERT_NE(d.CurrentStep(), nullptr);
            EXPECT_EQ(DossierBody(d), Reference(d)) << field << " = " << what;
        }
    }
}

// ---- Randomized table ----------------------------------------------------------------------

class Generator {
public:
    explicit Generator(std::uint32_t seed) : rng_(seed) {}

    wf::Dossier Dossier() {
        wf::Dossier d;
        d.id = core::model::DossierId{Int64()};
        d.version = Int64();
        d.code = Text();
        d.verification_key = Text();
        d.agency_code = Text();
        d.handling_agency_code = Text();
        d.procedure_code = Text();
        d.procedure_version = core::model::ProcedureVersionId{Int64()};
        d.rule_set = Text();
        d.channel = static_cast<wf::Channel>(Below(3));
        d.assisted = Coin();
        d.applicant = {Text(), Text(), Text(), Text(), Text(), OptUser()};
        for (int i = Below(4); i > 0; --i) {
            d.components.push_back(Text());
        }
        for (int i = Below(4); i > 0; --i) {
            d.attachments.push_back({Text(), Text(), Text(), Int64(), Text()});
        }
        d.idempotency_key = Text();
        d.status = static_cast<wf::DossierStatus>(1 + Below(10));
        d.submitted_at = Time();
        d.received_at = OptTime();
        d.due_at = OptTime();
        d.original_due_at = OptTime();
        d.apology_issued = Coin();
        d.finished_at = OptTime();
        d.returned_at = OptTime();
        for (int i = Below(5); i > 0; --i) {
            wf::StepRecord s;
            s.index = static_cast<int>(Int64() % 1000);
            s.name = Text();
            s.role = static_cast<wf::Role>(Below(8));
            s.agency_code = Text();
            s.assignee = OptUser();
            s.started_at = Time();
            s.due_at = Time();
            s.finished_at = OptTime();
            s.verdict = static_cast<wf::Verdict>(Below(4));
            s.consultation = Coin();
            s.note = Text();
            d.steps.push_back(std::move(s));
        }
        for (int i = Below(3); i > 0; --i) {
            d.pauses.push_back({Time(), Time()});
        }
        d.paused_since = OptTime();
        d.supplement_requests = Below(4);
        d.amount_due_vnd = Int64();
        d.amount_paid_vnd = Int64();
        if (Coin()) {
            d.rating = static_cast<int>(Int64() % 7);
        }
        d.verdict = static_cast<wf::Verdict>(Below(4));
        return d;
    }

private:
    int Below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

    bool Coin() { return Below(2) == 0; }

    std::int64_t Int64() {
        switch (Below(4)) {
            case 0:
                return Below(100);
            case 1:
                return -Below(100'000);
            case 2:
                return std::uniform_int_distribution<std::int64_t>()(rng_);
            default:
                return Coin() ? std::numeric_limits<std::int64_t>::max()
                              : std::numeric_limits<std::int64_t>::min();
        }
    }

    std::optional<core::model::UserId> OptUser() {
        if (Coin()) {
            return std::nullopt;
        }
        return core::model::UserId{Int64()};
    }

    cal::LocalDateTime Time() {
        return At("2020-01-01T00:00") + std::chrono::minutes(Below(20 * 365 * 24 * 60));
    }

    std::optional<cal::LocalDateTime> OptTime() {
        if (Coin()) {
            return std::nullopt;
        }
        return Time();
    }

    // Mostly clean text (the fast path); now and then a byte that is not UTF-8 (the fallback).
    std::string Text() {
        static const std::vector<std::string> kPieces = {
            "",   "a",  "TP1",  "000.00.21.H99", " ",    "\"", "\\", "/",      "\b", "\f", "\n",
            "\r", "\t", "\x01", "\x1f",          "\x7f", "ễ",  "Đ",  "Hà Nội", "😀",  "𠀀", "—",
        };
        static const std::vector<std::string> kInvalid = {
            "\xff",
            "\x80",
            "\xc0\xaf",
            "\xed\xa0\x80",
            "\xf4\x90\x80\x80",
            "\xc3",
            "\xe1\xbb",
        };
        std::string out;
        for (int i = Below(6); i > 0; --i) {
            if (Below(400) == 0) {
                out += kInvalid[static_cast<std::size_t>(Below(static_cast<int>(kInvalid.size())))];
            } else if (Below(8) == 0) {
                out += static_cast<char>(Below(0x20));
            } else {
                out += kPieces[static_cast<std::size_t>(Below(static_cast<int>(kPieces.size())))];
            }
        }
        return out;
    }

    std::mt19937 rng_;
};

TEST(DossierBody, RandomizedTable) {
    Generator gen(20260302);
    for (int i = 0; i < 2000; ++i) {
        const wf::Dossier d = gen.Dossier();
        ASSERT_EQ(DossierBody(d), Reference(d)) << "dossier #" << i;
    }
}

}  // namespace
}  // namespace motcua::http
