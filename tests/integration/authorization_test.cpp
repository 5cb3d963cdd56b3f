// The authorization matrix: every role × every endpoint × own / foreign agency and own /
// foreign dossier → the expected status, generated from one table. A dossier outside the
// caller's reach answers 404 (as if it did not exist), a resource the role may not use 403,
// no credentials 401. The policy the table states: officers act only inside their agency
// subtree; citizens see only their own dossiers, files and drafts; the auditor only reads; the
// administrator administers (accounts, catalog, processes, calendars) but does not process
// dossiers. Every operation of api/openapi.json has at least one row (a test checks it).
#include <array>
#include <atomic>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "common/clock.hpp"
#include "core/calendar/civil_time.hpp"
#include "storage/sqlite/account_store.hpp"
#include "test_server.hpp"

namespace motcua::testing {
namespace {

using nlohmann::json;

// Columns: who calls. "anonymous" has no session.
constexpr std::array<std::string_view, 10> kCallers = {"anonymous",
                                                       "citizen1",
                                                       "citizen2",
                                                       "officer_a",
                                                       "officer_b",
                                                       "specialist_a",
                                                       "leader_a",
                                                       "controller",
                                                       "admin",
                                                       "auditor"};

// What a row acts on. Dossiers are citizen1's online birth registrations (1.001193, a
// specialist's step then the leader's) received at commune A: "own" for citizen1 and commune
// A's staff, "foreign" for citizen2 and commune B. Shared targets are made once per test and
// only read; fresh ones are made anew for every cell, so that no cell depends on another.
enum class Target {
    kNone,
    kDossierA,          // shared, submitted
    kDossierB,          // shared, submitted at commune B
    kReceivedA,         // shared, received (it has a receipt)
    kConsultingB,       // shared, processing; commune A consulted commune B
    kFreshDossierA,     // submitted
    kFreshReceivedA,    // received
    kFreshSupplementA,  // supplement requested at reception
    kFreshFirstStepA,   // processing, the specialist's step open
    kFreshLastStepA,    // processing, the leader's (last) step open
    kFreshProcessedA,   // result issued
    kFreshConsultingB,  // processing; commune A consulted commune B
    kFileOfCitizen1,    // shared: a file citizen1 uploaded, on no dossier
    kFileOfOfficerA,    // shared: a file officer_a uploaded, on no dossier
    kFileOnDossierA,    // shared: a file citizen1 uploaded and attached to a dossier
    kDraftOfCitizen1,   // shared: a draft of citizen1
    kFreshDraftOfCitizen1,
    kAccount,               // shared: a specialist account at commune A
    kFreshAccount,          // an active specialist account at commune A
    kFreshDisabledAccount,  // a disabled one
    kFreshSession,          // the caller signs in anew for the cell (logout)
    kFreshRegistration,     // a contact with a registration code waiting
};

// Placeholders in a row's path and body: {code} and {key} of the dossier, {sha} of the file,
// {draft}, {account} (an id), {contact} and {otp} of the registration, {n} a number unique in
// the test process, {today} today's date. A body of "{pdf}" is a multipart upload of a PDF.
struct Row {
    std::string_view method;
    std::string_view path;
    Target target;
    std::string_view body;
    // Expected status per caller, in kCallers order.
    std::array<int, kCallers.size()> expected;
};

constexpr std::string_view kUpload = "{pdf}";

// clang-format off
const Row kMatrix[] = {
    //                                                                     anon cit1 cit2 offA offB speA leaA ctrl admn audt
    // ---- Public: the same for everyone ----
    {"GET",  "/healthz",                             Target::kNone,   "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/metrics",                             Target::kNone,   "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/openapi.json",                    Target::kNone,   "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/calendar/days?from=2026-01-01&to=2026-01-31", Target::kNone, "",
                                                                          {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/calendar/holidays?year=2026",     Target::kNone,   "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/calendar/due?received=2026-03-02T09:00&amount=5", Target::kNone, "",
                                                                          {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/catalog/procedures?q=khai%20sinh", Target::kNone,  "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/catalog/procedures/1.001193",     Target::kNone,   "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/catalog/procedures/1.001193/versions", Target::kNone, "",
                                                                          {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/catalog/decisions",               Target::kNone,   "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/agencies",                        Target::kNone,   "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/agencies/000.00.21.H99",          Target::kNone,   "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/agencies/000.00.33.H99/calendar", Target::kNone,   "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/processes/1.001193/000.00.21.H99", Target::kNone,  "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/processes/1.001193/000.00.21.H99/versions", Target::kNone, "",
                                                                          {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/public/dossiers/{code}?key={key}", Target::kDossierA, "", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    // The gateway simulator's outbox exists on demo servers only; the test server is not one.
    {"GET",  "/sim/messages",                        Target::kNone,   "", {404, 404, 404, 404, 404, 404, 404, 404, 404, 404}},

    // ---- Administration of the reference data: the administrator only ----
    {"POST", "/api/catalog/decisions",               Target::kNone,
     R"({"number":"{n}/QĐ-MATRAN","title":"Công bố thủ tục hành chính mới","signed_on":"{today}",
         "effective_on":"{today}","items":[{"code":"9.7{n}","version":{"name":"Thủ tục thử {n}",
         "sector_code":"G09-TP01","sector_name":"Hộ tịch","level":"commune","deadline":2,
         "deadline_unit":"working_days","components":[{"code":"TP1","name":"Tờ khai"}],"fees":[]}}]})",
                                                                          {401, 403, 403, 403, 403, 403, 403, 403, 201, 403}},
    {"PUT",  "/api/processes/1.004884/000.00.33.H99", Target::kNone,
     R"({"steps":[{"name":"Thẩm định","role":"specialist","budget":8,"unit":"working_hours"}]})",
                                                                          {401, 403, 403, 403, 403, 403, 403, 403, 200, 403}},
    {"PUT",  "/api/agencies/000.00.33.H99/calendar", Target::kNone,   R"({"entries":[]})",
                                                                          {401, 403, 403, 403, 403, 403, 403, 403, 200, 403}},

    // ---- Sign-in, registration, sessions, tokens ----
    {"POST", "/api/auth/login",                      Target::kNone,   R"({"username":"citizen2","password":"Kiem-thu-2026"})",
                                                                          {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"POST", "/api/auth/register",                   Target::kNone,
     R"({"contact":"matran{n}@example.vn","display_name":"Lê Thị Hoa","password":"Mat-khau-rat-dai-1"})",
                                                                          {202, 202, 202, 202, 202, 202, 202, 202, 202, 202}},
    {"POST", "/api/auth/register/confirm",           Target::kFreshRegistration, R"({"contact":"{contact}","code":"{otp}"})",
                                                                          {201, 201, 201, 201, 201, 201, 201, 201, 201, 201}},
    {"POST", "/api/auth/logout",                     Target::kFreshSession, "{}",
                                                                          {401, 204, 204, 204, 204, 204, 204, 204, 204, 204}},
    {"GET",  "/api/auth/me",                         Target::kNone,   "", {401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    // API tokens are for staff and machines, not citizens.
    {"POST", "/api/auth/tokens",                     Target::kNone,   R"({"name":"máy {n}"})",
                                                                          {401, 403, 403, 201, 201, 201, 201, 201, 201, 201}},

    // ---- Accounts: the administrator manages; the auditor reads ----
    {"GET",  "/api/accounts",                        Target::kNone,   "", {401, 403, 403, 403, 403, 403, 403, 403, 200, 200}},
    {"POST", "/api/accounts",                        Target::kNone,
     R"({"username":"nguoidung{n}","display_name":"Cán bộ mới","role":"specialist",
         "agency_code":"000.00.21.H99","password":"Mat-khau-{n}-dai"})",
                                                                          {401, 403, 403, 403, 403, 403, 403, 403, 201, 403}},
    {"PATCH", "/api/accounts/{account}",             Target::kAccount, R"({"display_name":"Tên mới {n}"})",
                                                                          {401, 403, 403, 403, 403, 403, 403, 403, 200, 403}},
    {"POST", "/api/accounts/{account}/disable",      Target::kFreshAccount, "{}",
                                                                          {401, 403, 403, 403, 403, 403, 403, 403, 200, 403}},
    {"POST", "/api/accounts/{account}/enable",       Target::kFreshDisabledAccount, "{}",
                                                                          {401, 403, 403, 403, 403, 403, 403, 403, 200, 403}},
    {"GET",  "/api/audit/verify",                    Target::kNone,   "", {401, 403, 403, 403, 403, 403, 403, 200, 200, 200}},

    // ---- Dossier lists: own dossiers for citizens, the agency subtree for staff ----
    {"GET",  "/api/dossiers",                        Target::kNone,   "", {401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/dossiers?agency=000.00.22.H99",   Target::kNone,   "", {401, 200, 200, 403, 200, 403, 403, 200, 200, 200}},

    // ---- One dossier: a dossier outside the caller's reach does not exist ----
    {"GET",  "/api/dossiers/{code}",                 Target::kDossierA, "", {401, 200, 404, 200, 404, 200, 200, 200, 200, 200}},
    {"GET",  "/api/dossiers/{code}",                 Target::kDossierB, "", {401, 200, 404, 404, 200, 404, 404, 200, 200, 200}},
    {"GET",  "/api/dossiers/{code}/events",          Target::kDossierA, "", {401, 200, 404, 200, 404, 200, 200, 200, 200, 200}},
    // A consulted agency sees the dossier (to answer), but see the withdrawal row below.
    {"GET",  "/api/dossiers/{code}",                 Target::kConsultingB, "", {401, 200, 404, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/dossiers/{code}/documents/receipt.pdf", Target::kReceivedA, "",
                                                                          {401, 200, 404, 200, 404, 200, 200, 200, 200, 200}},

    // ---- Submitting at commune A: citizens online for themselves, commune A's staff on a
    // citizen's behalf or at the counter; nobody else ----
    {"POST", "/api/dossiers",                        Target::kNone,
     R"({"procedure_code":"1.001193","agency_code":"000.00.21.H99","channel":"online",
         "applicant":{"name":"Trần Thị Bình"},"components":["TP1","TP2"]})",
                                                                          {401, 201, 201, 201, 403, 201, 201, 403, 403, 403}},
    {"POST", "/api/dossiers",                        Target::kNone,
     R"({"procedure_code":"1.001193","agency_code":"000.00.21.H99","channel":"counter",
         "applicant":{"name":"Trần Thị Bình"},"components":["TP1","TP2"]})",
                                                                          {401, 403, 403, 201, 403, 201, 201, 403, 403, 403}},

    // ---- Lifecycle actions (src/core/workflow/commands.cpp) ----
    // Reception: the one-stop officer (or the head) of the receiving agency.
    {"POST", "/api/dossiers/{code}/actions/receive", Target::kFreshDossierA, "{}",
                                                                          {401, 403, 404, 200, 404, 403, 200, 403, 403, 403}},
    {"POST", "/api/dossiers/{code}/actions/forward", Target::kFreshReceivedA, R"({"note":"Chuyển thụ lý"})",
                                                                          {401, 403, 404, 200, 404, 403, 200, 403, 403, 403}},
    {"POST", "/api/dossiers/{code}/actions/request-supplement", Target::kFreshReceivedA,
     R"({"reasons":[{"component":"TP2","problem":"Bản chụp mờ","fix":"Tải lên bản chụp rõ nét"}]})",
                                                                          {401, 403, 404, 200, 404, 403, 200, 403, 403, 403}},
    {"POST", "/api/dossiers/{code}/actions/refuse",  Target::kFreshReceivedA,
     R"({"reasons":[{"component":"chung","problem":"Không thuộc thẩm quyền","fix":"Nộp tại nơi cư trú"}]})",
                                                                          {401, 403, 404, 200, 404, 403, 200, 403, 403, 403}},
    // The supplement: the applicant, or the receiving agency at the counter.
    {"POST", "/api/dossiers/{code}/actions/provide-supplement", Target::kFreshSupplementA, R"({"components":["TP2"]})",
                                                                          {401, 200, 404, 200, 404, 403, 200, 403, 403, 403}},
    // Withdrawal: the applicant, or the receiving agency recording the applicant's written
    // request at the counter.
    {"POST", "/api/dossiers/{code}/actions/withdraw", Target::kFreshDossierA, R"({"reason":"Nộp nhầm"})",
                                                                          {401, 200, 404, 200, 404, 403, 200, 403, 403, 403}},
    // A consulted agency's staff see the dossier but act only on their consultation.
    {"POST", "/api/dossiers/{code}/actions/withdraw", Target::kFreshConsultingB, R"({"reason":"Nộp nhầm"})",
                                                                          {401, 200, 404, 200, 403, 403, 200, 403, 403, 403}},
    {"POST", "/api/dossiers/{code}/actions/answer-consultation", Target::kFreshConsultingB,
     R"({"step_index":1000,"answer":"Đồng ý"})",                          {401, 403, 404, 403, 403, 403, 403, 403, 403, 403}},
    // Steps: whoever holds the step's role at the step's agency; the head may act for staff.
    {"POST", "/api/dossiers/{code}/actions/complete-step", Target::kFreshFirstStepA, R"({"note":"Đạt"})",
                                                                          {401, 403, 404, 403, 404, 200, 200, 403, 403, 403}},
    {"POST", "/api/dossiers/{code}/actions/consult", Target::kFreshFirstStepA,
     R"({"agency_code":"000.00.22.H99","question":"Xác nhận nơi cư trú","budget":1,"unit":"working_days"})",
                                                                          {401, 403, 404, 403, 404, 200, 200, 403, 403, 403}},
    {"POST", "/api/dossiers/{code}/actions/request-supplement", Target::kFreshFirstStepA,
     R"({"reasons":[{"component":"TP2","problem":"Bản chụp mờ","fix":"Tải lên bản chụp rõ nét"}]})",
                                                                          {401, 403, 404, 200, 404, 200, 200, 403, 403, 403}},
    // Approval and issue of the result, the apology and the stop: the head of the agency.
    {"POST", "/api/dossiers/{code}/actions/issue-result", Target::kFreshLastStepA, R"({"result":"Giấy khai sinh"})",
                                                                          {401, 403, 404, 403, 404, 403, 200, 403, 403, 403}},
    {"POST", "/api/dossiers/{code}/actions/apologize", Target::kFreshReceivedA,
     R"({"reason":"Cần xác minh thêm","new_due_at":"2030-12-31T16:00"})", {401, 403, 404, 403, 404, 403, 200, 403, 403, 403}},
    {"POST", "/api/dossiers/{code}/actions/stop",    Target::kFreshReceivedA,
     R"({"reasons":[{"component":"chung","problem":"Người nộp đề nghị dừng","fix":"Nộp lại khi đủ điều kiện"}]})",
                                                                          {401, 403, 404, 403, 404, 403, 200, 403, 403, 403}},
    // Returning the result: the one-stop desk; rating it: the applicant only.
    {"POST", "/api/dossiers/{code}/actions/return-result", Target::kFreshProcessedA, R"({"method":"counter"})",
                                                                          {401, 403, 404, 200, 404, 403, 200, 403, 403, 403}},
    {"POST", "/api/dossiers/{code}/actions/rate",    Target::kFreshProcessedA, R"({"score":5,"comment":"Nhanh"})",
                                                                          {401, 200, 404, 403, 404, 403, 403, 403, 403, 403}},

    // ---- Attachments: uploaded by those who submit; read by the uploader, the uploader's
    // agency, and whoever may see a dossier carrying the file ----
    {"POST", "/api/attachments",                     Target::kNone,   kUpload,
                                                                          {401, 201, 201, 201, 201, 201, 201, 403, 403, 403}},
    {"GET",  "/api/attachments/{sha}",               Target::kFileOfCitizen1, "",
                                                                          {401, 200, 404, 404, 404, 404, 404, 404, 404, 404}},
    {"GET",  "/api/attachments/{sha}",               Target::kFileOfOfficerA, "",
                                                                          {401, 404, 404, 200, 404, 200, 200, 404, 404, 404}},
    {"GET",  "/api/attachments/{sha}",               Target::kFileOnDossierA, "",
                                                                          {401, 200, 404, 200, 404, 200, 200, 200, 200, 200}},

    // ---- Drafts: citizens and one-stop officers keep their own; another's is not there ----
    {"GET",  "/api/drafts",                          Target::kNone,   "", {401, 200, 200, 200, 200, 403, 403, 403, 403, 403}},
    {"POST", "/api/drafts",                          Target::kNone,   R"({"procedure_code":"1.001193"})",
                                                                          {401, 201, 201, 201, 201, 403, 403, 403, 403, 403}},
    {"GET",  "/api/drafts/{draft}",                  Target::kDraftOfCitizen1, "",
                                                                          {401, 200, 404, 404, 404, 403, 403, 403, 403, 403}},
    {"PUT",  "/api/drafts/{draft}",                  Target::kDraftOfCitizen1, R"({"answers":"{\"buoc\":\"{n}\"}"})",
                                                                          {401, 200, 404, 404, 404, 403, 403, 403, 403, 403}},
    {"DELETE", "/api/drafts/{draft}",                Target::kFreshDraftOfCitizen1, "",
                                                                          {401, 204, 404, 404, 404, 403, 403, 403, 403, 403}},

    // ---- Indicators and reports: staff see their agency subtree, the province's controllers,
    // administrators and auditors everything; citizens none ----
    {"GET",  "/api/indicators/766?period=2026-Q4",   Target::kNone,   "", {401, 403, 403, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/indicators/766?period=2026-Q4&agency=000.00.22.H99", Target::kNone, "",
                                                                          {401, 403, 403, 403, 200, 403, 403, 200, 200, 200}},
    {"GET",  "/api/indicators/766/ranking?period=2026-Q4", Target::kNone, "",
                                                                          {401, 403, 403, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/indicators/766/dossiers?period=2026-Q4&metric=received_counter", Target::kNone, "",
                                                                          {401, 403, 403, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/indicators/766/dossiers?period=2026-Q4&metric=received_counter&agency=000.00.22.H99", Target::kNone, "",
                                                                          {401, 403, 403, 403, 200, 403, 403, 200, 200, 200}},
    {"GET",  "/api/reports/settlement?from=2026-10-01&to=2026-10-31", Target::kNone, "",
                                                                          {401, 403, 403, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",  "/api/reports/settlement?from=2026-10-01&to=2026-10-31&agency=000.00.22.H99", Target::kNone, "",
                                                                          {401, 403, 403, 403, 200, 403, 403, 200, 200, 200}},
};

// clang-format on

// A number unique in the test process (decision numbers, usernames, contacts).
int Unique() {
    static std::atomic<int> next{0};
    return ++next;
}

std::string Replace(std::string text, std::string_view from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
        text.replace(at, from.size(), to);
        at += to.size();
    }
    return text;
}

constexpr std::string_view kBoundary = "motcua-matrix-boundary";

// A multipart upload of one small PDF whose bytes are unique (files are stored by content).
std::string UploadBody() {
    const std::string pdf =
        fmt::format("%PDF-1.4\n% matran {} {}\n1 0 obj<<>>endobj\n%%EOF\n", ::getpid(), Unique());
    return fmt::format(
        "--{0}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"to-khai.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n{1}\r\n--{0}--\r\n",
        kBoundary,
        pdf);
}

// The operations of api/openapi.json as "METHOD /path/{template}".
std::set<std::string> DocumentedOperations() {
    std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/src/http/api/openapi.json");
    std::stringstream text;
    text << in.rdbuf();
    const json spec = json::parse(text.str(), nullptr, false);
    std::set<std::string> out;
    if (!spec.is_object() || !spec.contains("paths")) {
        return out;
    }
    for (const auto& [path, item] : spec["paths"].items()) {
        for (const auto& [method, operation] : item.items()) {
            if (method == "get" || method == "post" || method == "put" || method == "patch" ||
                method == "delete") {
                std::string upper = method;
                for (char& c : upper) {
                    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                }
                out.insert(upper + " " + path);
            }
        }
    }
    return out;
}

std::vector<std::string> Segments(std::string_view path) {
    std::vector<std::string> out;
    path = path.substr(0, path.find('?'));
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        const auto slash = path.find('/');
        out.emplace_back(path.substr(0, slash));
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
    }
    return out;
}

// The documented operation a row exercises: the template whose literal segments match the
// row's path (a {placeholder} of the template matches any segment), the most literal one when
// several do; empty when none does.
std::string OperationOf(const Row& row, const std::set<std::string>& operations) {
    const std::vector<std::string> concrete = Segments(row.path);
    std::string best;
    int best_literals = -1;
    for (const std::string& op : operations) {
        const auto space = op.find(' ');
        if (op.substr(0, space) != row.method) {
            continue;
        }
        const std::vector<std::string> pattern = Segments(op.substr(space + 1));
        if (pattern.size() != concrete.size()) {
            continue;
        }
        int literals = 0;
        bool match = true;
        for (std::size_t i = 0; i < pattern.size() && match; ++i) {
            if (pattern[i].starts_with('{')) {
                continue;
            }
            match = pattern[i] == concrete[i];
            ++literals;
        }
        if (match && literals > best_literals) {
            best = op;
            best_literals = literals;
        }
    }
    return best;
}

using Bindings = std::map<std::string, std::string>;

bool IsFresh(Target t) {
    switch (t) {
        case Target::kFreshDossierA:
        case Target::kFreshReceivedA:
        case Target::kFreshSupplementA:
        case Target::kFreshFirstStepA:
        case Target::kFreshLastStepA:
        case Target::kFreshProcessedA:
        case Target::kFreshConsultingB:
        case Target::kFreshDraftOfCitizen1:
        case Target::kFreshAccount:
        case Target::kFreshDisabledAccount:
        case Target::kFreshSession:
        case Target::kFreshRegistration:
            return true;
        default:
            return false;
    }
}

class AuthorizationTest : public ::testing::Test {
protected:
    TestServer& server = TestServer::Get();
    std::map<std::string, std::unique_ptr<HttpClient>> clients;
    std::map<Target, Bindings> shared;

    void SetUp() override {
        for (const std::string_view caller : kCallers) {
            clients[std::string(caller)] = caller == "anonymous"
                                               ? std::make_unique<HttpClient>(server.port())
                                               : server.SignedIn(std::string(caller));
        }
    }

    HttpClient& As(std::string_view who) { return *clients.at(std::string(who)); }

    // Runs one preparation step and checks that it succeeded.
    HttpResponse Expect(int status, HttpResponse r, std::string_view what) {
        EXPECT_EQ(r.status, status) << what << ": " << r.body;
        return r;
    }

    void Act(std::string_view who, const Bindings& d, std::string_view action, const json& body) {
        Expect(200,
               As(who).Post("/api/dossiers/" + d.at("{code}") + "/actions/" + std::string(action),
                            body),
               action);
    }

    Bindings Submitted(std::string_view agency, const json& attachments = json()) {
        json body = SubmissionBody(kBirthRegistration, agency);
        if (!attachments.is_null()) {
            body["attachments"] = attachments;
        }
        const HttpResponse r = Expect(201, As("citizen1").Post("/api/dossiers", body), "submit");
        return {{"{code}", r.Json().value("code", "")},
                {"{key}", r.Json().value("verification_key", "")}};
    }

    std::string Upload(std::string_view who) {
        const HttpResponse r = Expect(
            201,
            As(who).Send(
                "POST",
                "/api/attachments",
                UploadBody(),
                {{"Content-Type", fmt::format("multipart/form-data; boundary={}", kBoundary)}}),
            "upload");
        const json items = r.Json().value("items", json::array());
        return items.empty() ? "" : items[0].value("sha256", "");
    }

    std::string NewAccount(bool disabled) {
        core::accounts::NewAccount account;
        account.username = fmt::format("matran_{}_{}", ::getpid(), Unique());
        account.display_name = "Cán bộ thử quyền";
        account.role = core::workflow::Role::kSpecialist;
        account.agency_code = std::string(kCommuneA);
        account.password = std::string(kPassword);
        const auto system = core::accounts::SystemPrincipal();
        const auto created = server.app().accounts().CreateAccount(system, account);
        EXPECT_TRUE(created.has_value()) << created.error().message;
        if (!created) {
            return "0";
        }
        if (disabled) {
            EXPECT_TRUE(server.app()
                            .accounts()
                            .SetAccountDisabled(system, created->principal.user, true)
                            .has_value());
        }
        return std::to_string(created->principal.user.value());
    }

    Bindings Make(Target target) {
        const json reasons = {{"reasons",
                               {{{"component", "TP2"},
                                 {"problem", "Bản chụp mờ"},
                                 {"fix", "Tải lên bản chụp rõ nét"}}}}};
        switch (target) {
            case Target::kNone:
            case Target::kFreshSession:
                return {};
            case Target::kDossierA:
            case Target::kFreshDossierA:
                return Submitted(kCommuneA);
            case Target::kDossierB:
                return Submitted(kCommuneB);
            case Target::kReceivedA:
            case Target::kFreshReceivedA: {
                Bindings d = Submitted(kCommuneA);
                Act("officer_a", d, "receive", json::object());
                return d;
            }
            case Target::kFreshSupplementA: {
                Bindings d = Make(Target::kFreshReceivedA);
                Act("officer_a", d, "request-supplement", reasons);
                return d;
            }
            case Target::kFreshFirstStepA: {
                Bindings d = Make(Target::kFreshReceivedA);
                Act("officer_a", d, "forward", {{"note", "Chuyển thụ lý"}});
                return d;
            }
            case Target::kFreshLastStepA: {
                Bindings d = Make(Target::kFreshFirstStepA);
                Act("specialist_a", d, "complete-step", {{"note", "Đạt"}});
                return d;
            }
            case Target::kFreshProcessedA: {
                Bindings d = Make(Target::kFreshLastStepA);
                Act("leader_a", d, "issue-result", {{"result", "Giấy khai sinh"}});
                return d;
            }
            case Target::kConsultingB:
            case Target::kFreshConsultingB: {
                Bindings d = Make(Target::kFreshFirstStepA);
                Act("specialist_a",
                    d,
                    "consult",
                    {{"agency_code", kCommuneB},
                     {"question", "Xác nhận nơi cư trú"},
                     {"budget", 1},
                     {"unit", "working_days"}});
                return d;
            }
            case Target::kFileOfCitizen1:
                return {{"{sha}", Upload("citizen1")}};
            case Target::kFileOfOfficerA:
                return {{"{sha}", Upload("officer_a")}};
            case Target::kFileOnDossierA: {
                const std::string sha = Upload("citizen1");
                Submitted(kCommuneA, json::array({{{"component", "TP1"}, {"sha256", sha}}}));
                return {{"{sha}", sha}};
            }
            case Target::kDraftOfCitizen1:
            case Target::kFreshDraftOfCitizen1: {
                const HttpResponse r = Expect(
                    201,
                    As("citizen1").Post("/api/drafts", {{"procedure_code", kBirthRegistration}}),
                    "draft");
                return {{"{draft}", r.Json().value("id", "")}};
            }
            case Target::kAccount:
            case Target::kFreshAccount:
                return {{"{account}", NewAccount(false)}};
            case Target::kFreshDisabledAccount:
                return {{"{account}", NewAccount(true)}};
            case Target::kFreshRegistration: {
                const std::string contact =
                    fmt::format("dangky{}.{}@example.vn", ::getpid(), Unique());
                HttpClient anonymous(server.port());
                Expect(202,
                       anonymous.Post("/api/auth/register",
                                      {{"contact", contact},
                                       {"display_name", "Lê Thị Hoa"},
                                       {"password", "Mat-khau-rat-dai-1"}}),
                       "register");
                return {{"{contact}", contact}, {"{otp}", server.RegistrationCode(contact)}};
            }
        }
        return {};
    }

    // The target of a cell: made anew when fresh, else once per test.
    Bindings Bind(Target target) {
        if (IsFresh(target)) {
            return Make(target);
        }
        auto it = shared.find(target);
        if (it == shared.end()) {
            it = shared.emplace(target, Make(target)).first;
        }
        return it->second;
    }

    // Drafts made for a cell are deleted afterwards (an account keeps at most 50).
    void CleanUp(Target target, const Bindings& b) {
        if (target == Target::kFreshDraftOfCitizen1 || target == Target::kDraftOfCitizen1) {
            As("citizen1").Send("DELETE", "/api/drafts/" + b.at("{draft}"));
        }
    }
};

TEST_F(AuthorizationTest, EveryRoleEveryEndpoint) {
    const std::string today = core::calendar::FormatDate(
        std::chrono::floor<std::chrono::days>(core::calendar::ToLocal(SystemClock().Now())));
    int checked = 0;
    for (const Row& row : kMatrix) {
        for (std::size_t c = 0; c < kCallers.size(); ++c) {
            const std::string caller(kCallers[c]);
            const Bindings target = Bind(row.target);
            std::string path(row.path);
            std::string body(row.body);
            for (const auto& [name, value] : target) {
                path = Replace(path, name, value);
                body = Replace(body, name, value);
            }
            const std::string n = fmt::format("{:05}", Unique());
            body = Replace(Replace(body, "{n}", n), "{today}", today);
            path = Replace(path, "{n}", n);
            // A cell that ends its session signs in anew, so the shared client stays signed in.
            std::unique_ptr<HttpClient> own;
            if (row.target == Target::kFreshSession) {
                own = caller == "anonymous" ? std::make_unique<HttpClient>(server.port())
                                            : server.SignedIn(caller);
            }
            HttpClient& client = own ? *own : As(caller);
            HttpResponse r;
            if (row.body == kUpload) {
                r = client.Send(
                    row.method,
                    path,
                    UploadBody(),
                    {{"Content-Type", fmt::format("multipart/form-data; boundary={}", kBoundary)}});
            } else if (row.method == "GET") {
                r = client.Get(path);
            } else {
                r = client.Send(row.method, path, body, {{"Content-Type", "application/json"}});
            }
            EXPECT_EQ(r.status, row.expected[c])
                << caller << " " << row.method << " " << path << ": " << r.body;
            if (IsFresh(row.target)) {
                CleanUp(row.target, target);
            }
            // A draft the cell made goes too (other tests count an account's open drafts).
            if (row.method == "POST" && path == "/api/drafts" && r.status == 201) {
                client.Send("DELETE", "/api/drafts/" + r.Json().value("id", ""));
            }
            ++checked;
        }
    }
    for (const auto& [target, bindings] : shared) {
        CleanUp(target, bindings);
    }
    EXPECT_EQ(checked, static_cast<int>(std::size(kMatrix) * kCallers.size()));
}

// The matrix grows with the API: every documented operation has a row, and every row is of a
// documented operation.
TEST(AuthorizationMatrixTest, CoversEveryDocumentedOperation) {
    const std::set<std::string> operations = DocumentedOperations();
    ASSERT_GT(operations.size(), 40U) << "cannot read src/http/api/openapi.json";
    std::set<std::string> covered;
    for (const Row& row : kMatrix) {
        const std::string op = OperationOf(row, operations);
        EXPECT_FALSE(op.empty()) << row.method << " " << row.path << " is not documented";
        covered.insert(op);
    }
    for (const std::string& op : operations) {
        EXPECT_TRUE(covered.contains(op)) << op << " has no row in the authorization matrix";
    }
}

TEST_F(AuthorizationTest, ApiTokensActWithoutCsrfAndAreRefusedOnceWrong) {
    const HttpResponse created =
        clients["officer_a"]->Post("/api/auth/tokens", {{"name", "quầy 1"}});
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string token = created.Json()["token"];
    HttpClient machine(server.port());
    machine.set_bearer(token);
    const HttpResponse me = machine.Get("/api/auth/me");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.Json()["user"]["username"], "officer_a");
    EXPECT_FALSE(me.Json().contains("csrf_token"));
    const HttpResponse intake =
        machine.Post("/api/dossiers", SubmissionBody(kBirthRegistration, kCommuneA, "counter"));
    EXPECT_EQ(intake.status, 201) << intake.body;
    machine.set_bearer(token + "x");
    EXPECT_EQ(machine.Get("/api/auth/me").status, 401);
}

TEST_F(AuthorizationTest, LogoutEndsTheSession) {
    auto citizen = server.SignedIn("citizen2");
    ASSERT_EQ(citizen->Get("/api/auth/me").status, 200);
    EXPECT_EQ(citizen->Send("POST", "/api/auth/logout").status, 204);
    EXPECT_EQ(citizen->Get("/api/auth/me").status, 401);
}

}  // namespace
}  // namespace motcua::testing
