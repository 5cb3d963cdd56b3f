// A dossier (hồ sơ) and the events that make its history.
//
// The event log is the record: every change is an Event appended, never updated; the Dossier
// value is the projection, a left fold of Apply over its events (apply.hpp), so it can always be
// rebuilt and compared. Events carry every computed fact (due times, verdicts, codes) so that
// replaying them never depends on today's calendar or catalog. National status codes 1–10 follow
// the DVCQG synchronisation (spec §1.8).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/calendar/deadline.hpp"
#include "core/model/ids.hpp"

namespace motcua::core::workflow {

using calendar::LocalDateTime;
using model::DossierId;
using model::ProcedureVersionId;
using model::UserId;

// Trạng thái hồ sơ; the value is the national status code.
enum class DossierStatus : int {
    kSubmitted = 1,            // Mới đăng ký (online, not yet received)
    kReceived = 2,             // Được tiếp nhận
    kRefused = 3,              // Không được tiếp nhận / từ chối giải quyết
    kProcessing = 4,           // Đang xử lý
    kSupplementRequested = 5,  // Yêu cầu bổ sung giấy tờ
    kAwaitingPayment = 6,      // Yêu cầu thực hiện nghĩa vụ tài chính
    kWithdrawn = 7,            // Công dân yêu cầu rút hồ sơ
    kStopped = 8,              // Dừng xử lý
    kProcessed = 9,            // Đã xử lý xong
    kReturned = 10,            // Đã trả kết quả
};

std::string_view StatusNameVi(DossierStatus status);
std::string_view StatusName(DossierStatus status);  // "submitted", "received", …
// True for statuses that end processing (3, 7, 8, 9, 10).
bool IsTerminal(DossierStatus status);

enum class Channel { kOnline, kCounter, kPostal };
std::string_view ChannelName(Channel channel);  // "online", "counter", "postal"
[[nodiscard]] Result<Channel> ParseChannel(std::string_view name);
// Counter and postal dossiers are paper for the 15:00 cut-off.
calendar::Channel DeadlineChannel(Channel channel);

enum class Role {
    kCitizen,
    kOneStopOfficer,      // cán bộ một cửa
    kSpecialist,          // chuyên viên thụ lý
    kAgencyLeader,        // lãnh đạo cơ quan
    kProvinceController,  // kiểm soát TTHC tỉnh
    kAdministrator,
    kAuditor,  // read-only
    kSystem,   // background jobs, the demo generator
};
std::string_view RoleName(Role role);  // "citizen", "one_stop_officer", …
[[nodiscard]] Result<Role> ParseRole(std::string_view name);

// Who did something.
struct Actor {
    Role role = Role::kSystem;
    std::optional<UserId> user;
    std::string agency_code;  // the agency the actor acts for; empty for citizens
    std::string name;

    bool operator==(const Actor&) const = default;
};

// Chủ hồ sơ.
struct Applicant {
    std::string name;
    std::string id_number;  // CCCD / mã số doanh nghiệp
    std::string phone;
    std::string email;
    std::string address;
    std::optional<UserId> account;  // the citizen's account, when submitted online

    bool operator==(const Applicant&) const = default;
};

// A structured reason for a refusal, a supplement request or a stop: which component, what is
// wrong, how to fix it. Free text alone is refused (ValidateReasons).
struct Reason {
    std::string component;  // component code or name; "chung" for the dossier as a whole
    std::string problem;
    std::string fix;

    bool operator==(const Reason&) const = default;
};

// kInvalidArgument unless there is at least one reason and each has all three parts.
[[nodiscard]] Result<void> ValidateReasons(const std::vector<Reason>& reasons);

// Early / on-time / late (TT 01/2018 Đ13: 2, 1, 0 points). Convention (spec §1.9): early when
// finished on a calendar day before the due day; on time when at or before the due time; late
// after it.
enum class Verdict { kPending, kEarly, kOnTime, kLate };
std::string_view VerdictName(Verdict verdict);  // "pending", "early", "on_time", "late"
Verdict Judge(LocalDateTime finished, LocalDateTime due);

// How the result reached the applicant.
enum class ReturnMethod { kCounter, kPostal, kOnline };
std::string_view ReturnMethodName(ReturnMethod method);
[[nodiscard]] Result<ReturnMethod> ParseReturnMethod(std::string_view name);

// A file handed in for a component (tệp đính kèm). The content lives in the attachment store
// (ports/attachment_store.hpp) under its SHA-256; size and type are copied from the store's
// record when the dossier references it (DossierService), so the event is self-describing.
struct AttachmentRef {
    std::string component;     // component code the file is for
    std::string sha256;        // 64 lower-case hex digits of the content
    std::string name;          // display name (sanitised, never used as a path)
    std::int64_t size = 0;     // bytes
    std::string content_type;  // MIME type recognised from the content ("application/pdf")

    bool operator==(const AttachmentRef&) const = default;
};

// ---- Events --------------------------------------------------------------------------------

struct Submitted {
    std::string code;  // mã hồ sơ, assigned atomically by storage when empty
    std::string verification_key;
    std::string agency_code;  // receiving agency
    std::string procedure_code;
    ProcedureVersionId procedure_version;
    std::string rule_set;
    Channel channel = Channel::kOnline;
    bool assisted = false;  // entered online by an officer on the citizen's behalf
    Applicant applicant;
    std::vector<std::string> components;  // codes of the components handed in
    std::string idempotency_key;
    // Files handed in online; omitted from the canonical JSON when empty, so events recorded
    // before attachments existed keep their bytes (and their audit-chain hashes).
    std::vector<AttachmentRef> attachments = {};
    bool operator==(const Submitted&) const = default;
};

struct Received {
    std::string handling_agency_code;
    LocalDateTime due_at;
    bool operator==(const Received&) const = default;
};

struct SupplementRequested {
    std::vector<Reason> reasons;
    bool operator==(const SupplementRequested&) const = default;
};

struct SupplementReceived {
    std::vector<std::string> components;
    std::optional<LocalDateTime> new_due_at;      // set when the period restarts or moves
    std::vector<AttachmentRef> attachments = {};  // as in Submitted (omitted when empty)
    bool operator==(const SupplementReceived&) const = default;
};

struct Refused {
    std::vector<Reason> reasons;
    bool operator==(const Refused&) const = default;
};

// A step of the internal process (or a consultation of another agency) begins.
struct StepStarted {
    int index = 0;
    std::string name;
    Role role = Role::kSpecialist;
    std::string agency_code;
    std::optional<UserId> assignee;
    LocalDateTime due_at;
    bool consultation = false;
    std::string note;  // the consultation's question, the forwarding note
    bool operator==(const StepStarted&) const = default;
};

struct StepAssigned {
    int index = 0;
    UserId assignee;
    bool operator==(const StepAssigned&) const = default;
};

struct StepCompleted {
    int index = 0;
    Verdict verdict = Verdict::kPending;
    std::string note;  // the consultation's answer, the step's outcome
    bool operator==(const StepCompleted&) const = default;
};

struct PaymentRequested {
    std::int64_t amount_vnd = 0;
    std::string description;
    bool pauses_clock = false;  // the rule set stops the clock while waiting for payment
    bool operator==(const PaymentRequested&) const = default;
};

struct PaymentReceived {
    std::int64_t amount_vnd = 0;
    std::string method;  // "online", "counter", "postal"
    std::optional<LocalDateTime> new_due_at;
    bool operator==(const PaymentReceived&) const = default;
};

struct ResultIssued {
    std::string result;  // what was issued ("Giấy khai sinh bản chính")
    Verdict verdict = Verdict::kPending;
    bool operator==(const ResultIssued&) const = default;
};

struct Returned {
    ReturnMethod method = ReturnMethod::kCounter;
    bool operator==(const Returned&) const = default;
};

struct ApologyIssued {
    std::string reason;
    LocalDateTime new_due_at;
    bool late_notice = false;  // sent less than one working day before the old due time
    bool operator==(const ApologyIssued&) const = default;
};

struct Stopped {
    std::vector<Reason> reasons;
    Verdict verdict = Verdict::kPending;
    bool operator==(const Stopped&) const = default;
};

struct Withdrawn {
    std::string reason;
    bool operator==(const Withdrawn&) const = default;
};

struct Rated {
    int score = 0;  // 1..5
    std::string comment;
    bool operator==(const Rated&) const = default;
};

using EventData = std::variant<Submitted,
                               Received,
                               SupplementRequested,
                               SupplementReceived,
                               Refused,
                               StepStarted,
                               StepAssigned,
                               StepCompleted,
                               PaymentRequested,
                               PaymentReceived,
                               ResultIssued,
                               Returned,
                               ApologyIssued,
                               Stopped,
                               Withdrawn,
                               Rated>;

// Stable type name of an event payload ("submitted", "received", …), stored with the event.
std::string_view EventTypeName(const EventData& data);

struct Event {
    DossierId dossier;
    std::int64_t seq = 0;  // 1, 2, … per dossier
    LocalDateTime at;      // Vietnamese civil time of the fact
    Actor actor;
    EventData data;

    bool operator==(const Event&) const = default;
};

// ---- Projection ----------------------------------------------------------------------------

struct StepRecord {
    int index = 0;
    std::string name;
    Role role = Role::kSpecialist;
    std::string agency_code;
    std::optional<UserId> assignee;
    LocalDateTime started_at;
    LocalDateTime due_at;
    std::optional<LocalDateTime> finished_at;
    Verdict verdict = Verdict::kPending;
    bool consultation = false;
    std::string note;

    bool operator==(const StepRecord&) const = default;
};

struct Dossier {
    DossierId id;
    std::int64_t version = 0;  // number of events applied (optimistic concurrency)
    std::string code;
    std::string verification_key;
    std::string agency_code;           // receiving agency
    std::string handling_agency_code;  // agency settling it
    std::string procedure_code;
    ProcedureVersionId procedure_version;
    std::string rule_set;
    Channel channel = Channel::kOnline;
    bool assisted = false;
    Applicant applicant;
    std::vector<std::string> components;
    std::vector<AttachmentRef> attachments;  // files handed in, in order, each once
    std::string idempotency_key;
    DossierStatus status = DossierStatus::kSubmitted;
    LocalDateTime submitted_at;
    std::optional<LocalDateTime> received_at;
    std::optional<LocalDateTime> due_at;
    std::optional<LocalDateTime> original_due_at;  // before an apology moved it
    bool apology_issued = false;
    std::optional<LocalDateTime> finished_at;  // end of processing (3, 7, 8, 9)
    std::optional<LocalDateTime> returned_at;
    std::vector<StepRecord> steps;
    std::vector<calendar::Pause> pauses;        // closed pauses of the clock
    std::optional<LocalDateTime> paused_since;  // open pause
    int supplement_requests = 0;
    std::int64_t amount_due_vnd = 0;
    std::int64_t amount_paid_vnd = 0;
    std::optional<int> rating;
    Verdict verdict = Verdict::kPending;

    bool operator==(const Dossier&) const = default;

    // The open step (started, not finished, not a consultation) or nullptr.
    const StepRecord* CurrentStep() const;
    // Open consultations.
    std::vector<const StepRecord*> OpenConsultations() const;
};

}  // namespace motcua::core::workflow
