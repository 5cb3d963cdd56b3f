#include "core/workflow/commands.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "common/overloaded.hpp"
#include "core/workflow/attachments.hpp"

namespace motcua::core::workflow {
namespace {

using calendar::ComputeDue;
using calendar::CountingConvention;
using calendar::DueRequest;
using calendar::DurationUnit;
using calendar::LocalDateTime;

using Events = std::vector<EventData>;

bool InScope(std::span<const std::string> scope, std::string_view agency) {
    return std::find(scope.begin(), scope.end(), agency) != scope.end();
}

bool IsOfficer(Role role) {
    return role == Role::kOneStopOfficer || role == Role::kSpecialist ||
           role == Role::kAgencyLeader;
}

Result<Events> NotAllowed(const Dossier& d, std::string_view action) {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("cannot {} a dossier in status {} ({})",
                            action,
                            StatusName(d.status),
                            static_cast<int>(d.status)),
                fmt::format("không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái "
                            "\"{}\"",
                            StatusNameVi(d.status)));
}

Result<Events> WrongRole(const Actor& actor, std::string_view action) {
    return Fail(ErrorCode::kPermissionDenied,
                fmt::format("role {} may not {}", RoleName(actor.role), action),
                fmt::format("vai trò của bạn không được phép thực hiện thao tác này"));
}

bool HasRole(const Actor& actor, std::initializer_list<Role> roles) {
    return std::find(roles.begin(), roles.end(), actor.role) != roles.end();
}

Result<LocalDateTime> Due(const DecisionContext& c,
                          LocalDateTime from,
                          int amount,
                          DurationUnit unit,
                          calendar::Channel channel,
                          CountingConvention convention,
                          std::span<const calendar::Pause> pauses = {}) {
    return ComputeDue(*c.calendar, DueRequest{from, amount, unit, channel, convention, pauses});
}

// Due time of the whole dossier from `from` under the pinned version.
Result<LocalDateTime> LegalDue(const DecisionContext& c,
                               const Dossier& d,
                               LocalDateTime from,
                               std::span<const calendar::Pause> pauses = {}) {
    return Due(c,
               from,
               c.version->deadline,
               c.version->deadline_unit,
               DeadlineChannel(d.channel),
               CountingConvention::kCivilCode,
               pauses);
}

// Steps run from the moment they start, in working time.
Result<LocalDateTime> StepDue(const DecisionContext& c, int budget, DurationUnit unit) {
    return Due(c, c.now, budget, unit, calendar::Channel::kOnline, CountingConvention::kHours);
}

Result<StepStarted> StartStep(const DecisionContext& c,
                              const Dossier& d,
                              int index,
                              std::optional<UserId> assignee,
                              std::string note) {
    if (c.process == nullptr) {
        return Fail(ErrorCode::kFailedPrecondition,
                    fmt::format("no internal process for procedure {} at agency {}",
                                d.procedure_code,
                                d.handling_agency_code),
                    fmt::format("chưa có quy trình nội bộ cho thủ tục {} tại cơ quan {}",
                                d.procedure_code,
                                d.handling_agency_code));
    }
    const ProcessStep& step = c.process->steps[static_cast<std::size_t>(index)];
    MOTCUA_ASSIGN_OR_RETURN(const LocalDateTime due, StepDue(c, step.budget, step.unit));
    StepStarted s;
    s.index = index;
    s.name = step.name;
    s.role = step.role;
    s.agency_code = step.agency_code.empty() ? d.handling_agency_code : step.agency_code;
    s.assignee = assignee;
    s.due_at = due;
    s.note = std::move(note);
    return s;
}

int NextConsultationIndex(const Dossier& d) {
    int next = 1000;
    for (const StepRecord& s : d.steps) {
        if (s.consultation) {
            next = std::max(next, s.index + 1);
        }
    }
    return next;
}

// The actor works at the step's agency in its role (leaders may act for their staff).
bool CanActOnStep(const Actor& a, const StepRecord& s, std::span<const std::string> scope) {
    if (!InScope(scope, s.agency_code)) {
        return false;
    }
    return a.role == s.role || a.role == Role::kAgencyLeader;
}

bool OwnsDossier(const Dossier& d, const Actor& a) {
    return a.role == Role::kCitizen && a.user.has_value() && d.applicant.account == a.user;
}

bool Open(const Dossier& d) {
    return !IsTerminal(d.status);
}

Result<Events> DecideReceive(const Dossier& d, const DecisionContext& c) {
    if (!HasRole(c.actor, {Role::kOneStopOfficer, Role::kAgencyLeader})) {
        return WrongRole(c.actor, "receive dossiers");
    }
    if (d.status != DossierStatus::kSubmitted) {
        return NotAllowed(d, "receive");
    }
    MOTCUA_ASSIGN_OR_RETURN(const LocalDateTime due, LegalDue(c, d, c.now));
    return Events{Received{d.handling_agency_code, due}};
}

Result<Events> DecideRequestSupplement(const Dossier& d,
                                       const RequestSupplement& cmd,
                                       const DecisionContext& c) {
    MOTCUA_TRY(ValidateReasons(cmd.reasons));
    const bool at_reception =
        d.status == DossierStatus::kSubmitted || d.status == DossierStatus::kReceived;
    if (!(at_reception || d.status == DossierStatus::kProcessing)) {
        return NotAllowed(d, "request a supplement for");
    }
    if (at_reception && !HasRole(c.actor, {Role::kOneStopOfficer, Role::kAgencyLeader})) {
        return WrongRole(c.actor, "request supplements at reception");
    }
    if (d.status == DossierStatus::kProcessing) {
        const StepRecord* step = d.CurrentStep();
        if (!HasRole(c.actor, {Role::kSpecialist, Role::kAgencyLeader, Role::kOneStopOfficer}) ||
            (step != nullptr && !InScope(c.actor_scope, step->agency_code))) {
            return WrongRole(c.actor, "request supplements during processing");
        }
    }
    return Events{SupplementRequested{cmd.reasons}};
}

Result<Events> DecideProvideSupplement(const Dossier& d,
                                       const ProvideSupplement& cmd,
                                       const DecisionContext& c) {
    if (d.status != DossierStatus::kSupplementRequested) {
        return NotAllowed(d, "supplement");
    }
    if (!(OwnsDossier(d, c.actor) ||
          HasRole(c.actor, {Role::kOneStopOfficer, Role::kAgencyLeader}))) {
        return WrongRole(c.actor, "hand in supplements");
    }
    if (cmd.components.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "a supplement must hand in at least one component",
                    "cần nộp ít nhất một thành phần bổ sung",
                    "components");
    }
    MOTCUA_TRY(ValidateAttachmentRefs(cmd.attachments, cmd.components));
    SupplementReceived ev;
    ev.components = cmd.components;
    ev.attachments = cmd.attachments;
    if (d.received_at.has_value()) {
        if (c.rules->supplement_restarts_period) {
            MOTCUA_ASSIGN_OR_RETURN(ev.new_due_at, LegalDue(c, d, c.now));
        } else {
            std::vector<calendar::Pause> pauses = d.pauses;
            pauses.push_back({*d.paused_since, c.now});
            MOTCUA_ASSIGN_OR_RETURN(ev.new_due_at, LegalDue(c, d, *d.received_at, pauses));
        }
    }
    return Events{ev};
}

Result<Events> DecideRefuse(const Dossier& d, const Refuse& cmd, const DecisionContext& c) {
    MOTCUA_TRY(ValidateReasons(cmd.reasons));
    if (!Open(d) || d.status == DossierStatus::kAwaitingPayment) {
        return NotAllowed(d, "refuse");
    }
    if (d.status == DossierStatus::kSubmitted || d.status == DossierStatus::kReceived) {
        if (!HasRole(c.actor, {Role::kOneStopOfficer, Role::kAgencyLeader})) {
            return WrongRole(c.actor, "refuse at reception");
        }
    } else if (!HasRole(c.actor, {Role::kSpecialist, Role::kAgencyLeader})) {
        return WrongRole(c.actor, "refuse after appraisal");
    }
    return Events{Refused{cmd.reasons}};
}

Result<Events> DecideForward(const Dossier& d, const Forward& cmd, const DecisionContext& c) {
    if (d.status != DossierStatus::kReceived) {
        return NotAllowed(d, "forward");
    }
    if (!HasRole(c.actor, {Role::kOneStopOfficer, Role::kAgencyLeader})) {
        return WrongRole(c.actor, "forward dossiers");
    }
    MOTCUA_ASSIGN_OR_RETURN(StepStarted first, StartStep(c, d, 0, cmd.assignee, cmd.note));
    return Events{std::move(first)};
}

Result<Events> DecideAssign(const Dossier& d, const Assign& cmd, const DecisionContext& c) {
    const StepRecord* step = d.CurrentStep();
    if (d.status != DossierStatus::kProcessing || step == nullptr) {
        return NotAllowed(d, "assign");
    }
    if (!HasRole(c.actor, {Role::kAgencyLeader, Role::kSpecialist}) ||
        !InScope(c.actor_scope, step->agency_code)) {
        return WrongRole(c.actor, "assign this step");
    }
    return Events{StepAssigned{step->index, cmd.assignee}};
}

Result<Events> DecideCompleteStep(const Dossier& d,
                                  const CompleteStep& cmd,
                                  const DecisionContext& c) {
    const StepRecord* step = d.CurrentStep();
    if (d.status != DossierStatus::kProcessing || step == nullptr) {
        return NotAllowed(d, "complete a step of");
    }
    if (!CanActOnStep(c.actor, *step, c.actor_scope)) {
        return WrongRole(c.actor, fmt::format("complete step '{}'", step->name));
    }
    if (!d.OpenConsultations().empty()) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "a consulted agency has not answered yet",
                    "cơ quan được lấy ý kiến chưa trả lời");
    }
    Events events{StepCompleted{step->index, Judge(c.now, step->due_at), cmd.note}};
    const int next = step->index + 1;
    if (c.process != nullptr && next < static_cast<int>(c.process->steps.size())) {
        MOTCUA_ASSIGN_OR_RETURN(StepStarted s, StartStep(c, d, next, cmd.next_assignee, {}));
        events.emplace_back(std::move(s));
    }
    return events;
}

Result<Events> DecideConsult(const Dossier& d, const Consult& cmd, const DecisionContext& c) {
    const StepRecord* step = d.CurrentStep();
    if (d.status != DossierStatus::kProcessing || step == nullptr) {
        return NotAllowed(d, "consult on");
    }
    if (!CanActOnStep(c.actor, *step, c.actor_scope)) {
        return WrongRole(c.actor, "consult other agencies");
    }
    if (cmd.agency_code.empty() || cmd.question.empty() || cmd.budget <= 0 ||
        cmd.unit == DurationUnit::kCalendarDays) {
        return Fail(ErrorCode::kInvalidArgument,
                    "a consultation needs the agency, the question and a positive budget in "
                    "working days or hours",
                    "lấy ý kiến cần cơ quan, nội dung và thời hạn (ngày hoặc giờ làm việc)",
                    "consultation");
    }
    MOTCUA_ASSIGN_OR_RETURN(const LocalDateTime due, StepDue(c, cmd.budget, cmd.unit));
    StepStarted s;
    s.index = NextConsultationIndex(d);
    s.name = "Lấy ý kiến cơ quan phối hợp";
    s.role = Role::kSpecialist;
    s.agency_code = cmd.agency_code;
    s.due_at = due;
    s.consultation = true;
    s.note = cmd.question;
    return Events{std::move(s)};
}

Result<Events> DecideAnswer(const Dossier& d,
                            const AnswerConsultation& cmd,
                            const DecisionContext& c) {
    if (d.status != DossierStatus::kProcessing) {
        return NotAllowed(d, "answer a consultation on");
    }
    for (const StepRecord* s : d.OpenConsultations()) {
        if (s->index == cmd.step_index) {
            if (!HasRole(c.actor, {Role::kSpecialist, Role::kAgencyLeader}) ||
                !InScope(c.actor_scope, s->agency_code)) {
                return WrongRole(c.actor, "answer for the consulted agency");
            }
            if (cmd.answer.empty()) {
                return Fail(ErrorCode::kInvalidArgument,
                            "the answer is empty",
                            "nội dung trả lời đang trống",
                            "answer");
            }
            return Events{StepCompleted{s->index, Judge(c.now, s->due_at), cmd.answer}};
        }
    }
    return Fail(ErrorCode::kNotFound,
                fmt::format("no open consultation {}", cmd.step_index),
                "không có yêu cầu lấy ý kiến đang chờ trả lời",
                "step_index");
}

Result<Events> DecideRequestPayment(const Dossier& d,
                                    const RequestPayment& cmd,
                                    const DecisionContext& c) {
    if (d.status != DossierStatus::kProcessing) {
        return NotAllowed(d, "request payment for");
    }
    if (!HasRole(c.actor, {Role::kSpecialist, Role::kAgencyLeader, Role::kOneStopOfficer})) {
        return WrongRole(c.actor, "request payment");
    }
    if (cmd.amount_vnd <= 0) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the amount must be positive",
                    "số tiền phải lớn hơn 0",
                    "amount_vnd");
    }
    return Events{PaymentRequested{cmd.amount_vnd, cmd.description, c.rules->payment_pauses_clock}};
}

Result<Events> DecideConfirmPayment(const Dossier& d,
                                    const ConfirmPayment& cmd,
                                    const DecisionContext& c) {
    if (d.status != DossierStatus::kAwaitingPayment) {
        return NotAllowed(d, "confirm payment for");
    }
    if (!(OwnsDossier(d, c.actor) ||
          HasRole(c.actor, {Role::kOneStopOfficer, Role::kSpecialist, Role::kAgencyLeader}))) {
        return WrongRole(c.actor, "confirm payment");
    }
    if (cmd.amount_vnd <= 0) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the amount must be positive",
                    "số tiền phải lớn hơn 0",
                    "amount_vnd");
    }
    PaymentReceived ev{cmd.amount_vnd, cmd.method, std::nullopt};
    if (d.paused_since.has_value() && d.received_at.has_value()) {
        std::vector<calendar::Pause> pauses = d.pauses;
        pauses.push_back({*d.paused_since, c.now});
        MOTCUA_ASSIGN_OR_RETURN(ev.new_due_at, LegalDue(c, d, *d.received_at, pauses));
    }
    return Events{ev};
}

Result<Events> DecideIssueResult(const Dossier& d,
                                 const IssueResult& cmd,
                                 const DecisionContext& c) {
    if (d.status != DossierStatus::kProcessing) {
        return NotAllowed(d, "issue the result of");
    }
    if (!HasRole(c.actor, {Role::kAgencyLeader})) {
        return WrongRole(c.actor, "approve and issue results");
    }
    if (!d.OpenConsultations().empty()) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "a consulted agency has not answered yet",
                    "cơ quan được lấy ý kiến chưa trả lời");
    }
    Events events;
    const StepRecord* step = d.CurrentStep();
    if (step != nullptr) {
        const bool last =
            c.process == nullptr || step->index + 1 >= static_cast<int>(c.process->steps.size());
        if (!last) {
            return Fail(ErrorCode::kFailedPrecondition,
                        fmt::format("step '{}' is not the last step of the process", step->name),
                        fmt::format("bước \"{}\" chưa phải bước cuối của quy trình", step->name));
        }
        events.emplace_back(StepCompleted{step->index, Judge(c.now, step->due_at), {}});
    }
    const Verdict v = d.due_at.has_value() ? Judge(c.now, *d.due_at) : Verdict::kOnTime;
    events.emplace_back(ResultIssued{cmd.result.empty() ? c.version->result : cmd.result, v});
    return events;
}

Result<Events> DecideReturn(const Dossier& d, const ReturnResult& cmd, const DecisionContext& c) {
    if (d.status != DossierStatus::kProcessed) {
        return NotAllowed(d, "return the result of");
    }
    if (!HasRole(c.actor, {Role::kOneStopOfficer, Role::kAgencyLeader})) {
        return WrongRole(c.actor, "return results");
    }
    if (cmd.method == ReturnMethod::kPostal && !c.version->postal) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "this procedure does not return results by post",
                    "thủ tục này không trả kết quả qua bưu chính",
                    "method");
    }
    return Events{Returned{cmd.method}};
}

Result<Events> DecideApologize(const Dossier& d, const Apologize& cmd, const DecisionContext& c) {
    if (!d.due_at.has_value() || !Open(d) || d.status == DossierStatus::kSubmitted) {
        return NotAllowed(d, "apologise for");
    }
    if (!HasRole(c.actor, {Role::kAgencyLeader}) ||
        !InScope(c.actor_scope, d.handling_agency_code)) {
        return WrongRole(c.actor, "sign an apology (head of the settling agency)");
    }
    if (d.apology_issued) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "the return date has already been re-set once (NĐ 61/2018 Đ19.9)",
                    "ngày hẹn trả chỉ được hẹn lại một lần",
                    "new_due_at");
    }
    if (cmd.reason.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the apology must state the reason",
                    "văn bản xin lỗi phải nêu lý do",
                    "reason");
    }
    if (cmd.new_due_at <= *d.due_at) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the new return date must be after the old one",
                    "ngày hẹn trả mới phải sau ngày hẹn cũ",
                    "new_due_at");
    }
    // Notice is due one working day before the deadline; later notices are recorded as late.
    const auto minutes_left = calendar::WorkingTimeBetween(*c.calendar, c.now, *d.due_at)
                                  .value_or(std::chrono::minutes{0});
    const bool late = minutes_left < c.calendar->hours().DayLength() * c.rules->apology_notice_days;
    return Events{ApologyIssued{cmd.reason, cmd.new_due_at, late}};
}

Result<Events> DecideStop(const Dossier& d, const Stop& cmd, const DecisionContext& c) {
    MOTCUA_TRY(ValidateReasons(cmd.reasons));
    if (!Open(d) || d.status == DossierStatus::kSubmitted) {
        return NotAllowed(d, "stop");
    }
    if (!HasRole(c.actor, {Role::kAgencyLeader})) {
        return WrongRole(c.actor, "stop processing");
    }
    const Verdict v = d.due_at.has_value() ? Judge(c.now, *d.due_at) : Verdict::kPending;
    return Events{Stopped{cmd.reasons, v}};
}

Result<Events> DecideWithdraw(const Dossier& d, const Withdraw& cmd, const DecisionContext& c) {
    if (!Open(d)) {
        return NotAllowed(d, "withdraw");
    }
    if (!(OwnsDossier(d, c.actor) ||
          HasRole(c.actor, {Role::kOneStopOfficer, Role::kAgencyLeader}))) {
        return WrongRole(c.actor, "withdraw dossiers");
    }
    if (cmd.reason.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "say why the dossier is withdrawn",
                    "cần nêu lý do rút hồ sơ",
                    "reason");
    }
    return Events{Withdrawn{cmd.reason}};
}

Result<Events> DecideRate(const Dossier& d, const Rate& cmd, const DecisionContext& c) {
    if (!IsTerminal(d.status)) {
        return NotAllowed(d, "rate");
    }
    if (!OwnsDossier(d, c.actor)) {
        return WrongRole(c.actor, "rate this dossier (only its applicant)");
    }
    if (d.rating.has_value()) {
        return Fail(ErrorCode::kAlreadyExists,
                    "this dossier has already been rated",
                    "hồ sơ này đã được đánh giá");
    }
    if (cmd.score < 1 || cmd.score > 5) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the score must be between 1 and 5",
                    "điểm đánh giá phải từ 1 đến 5",
                    "score");
    }
    return Events{Rated{cmd.score, cmd.comment}};
}

}  // namespace

std::string_view CommandName(const Command& command) {
    static constexpr std::array<std::string_view, std::variant_size_v<Command>> kNames = {
        "receive",
        "request_supplement",
        "provide_supplement",
        "refuse",
        "forward",
        "assign",
        "complete_step",
        "consult",
        "answer_consultation",
        "request_payment",
        "confirm_payment",
        "issue_result",
        "return",
        "apologize",
        "stop",
        "withdraw",
        "rate"};
    return kNames[command.index()];
}

bool CanSee(const Dossier& d, const Actor& actor, std::span<const std::string> scope) {
    switch (actor.role) {
        case Role::kCitizen:
            return OwnsDossier(d, actor);
        case Role::kProvinceController:
        case Role::kAdministrator:
        case Role::kAuditor:
        case Role::kSystem:
            return true;
        case Role::kOneStopOfficer:
        case Role::kSpecialist:
        case Role::kAgencyLeader:
            if (InScope(scope, d.agency_code) || InScope(scope, d.handling_agency_code)) {
                return true;
            }
            return std::any_of(d.steps.begin(), d.steps.end(), [&](const StepRecord& s) {
                return InScope(scope, s.agency_code);
            });
    }
    return false;
}

Result<std::vector<EventData>> DecideSubmission(const Submission& s,
                                                const std::string& verification_key,
                                                const DecisionContext& c) {
    const catalog::ProcedureVersion& v = *c.version;
    const bool officer = IsOfficer(c.actor.role);
    if (c.actor.role != Role::kCitizen && !officer && c.actor.role != Role::kSystem) {
        return WrongRole(c.actor, "submit dossiers");
    }
    if (officer && !InScope(c.actor_scope, s.agency_code)) {
        return WrongRole(c.actor, "receive dossiers for another agency");
    }
    if (c.actor.role == Role::kCitizen && s.channel != Channel::kOnline) {
        return WrongRole(c.actor, "record counter or postal receptions");
    }
    if (s.channel == Channel::kOnline && v.online_level == catalog::OnlineLevel::kNone) {
        return Fail(ErrorCode::kFailedPrecondition,
                    fmt::format("procedure {} is not offered online", v.code),
                    fmt::format("thủ tục {} chưa cung cấp dịch vụ công trực tuyến", v.code),
                    "channel");
    }
    if (s.channel == Channel::kPostal && !v.postal) {
        return Fail(ErrorCode::kFailedPrecondition,
                    fmt::format("procedure {} is not received by post", v.code),
                    fmt::format("thủ tục {} không tiếp nhận qua bưu chính", v.code),
                    "channel");
    }
    if (s.applicant.name.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the applicant's name is required",
                    "cần nhập họ tên người nộp hồ sơ",
                    "applicant.name");
    }
    for (const catalog::Component& comp : v.components) {
        if (comp.required &&
            std::find(s.components.begin(), s.components.end(), comp.code) == s.components.end()) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("required component {} '{}' is missing", comp.code, comp.name),
                        fmt::format("thiếu thành phần hồ sơ bắt buộc: {}", comp.name),
                        fmt::format("components.{}", comp.code));
        }
    }
    for (const std::string& code : s.components) {
        const bool known = std::any_of(v.components.begin(),
                                       v.components.end(),
                                       [&](const catalog::Component& k) { return k.code == code; });
        if (!known) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("component '{}' is not part of procedure {}", code, v.code),
                        fmt::format("thành phần '{}' không thuộc thủ tục {}", code, v.code),
                        "components");
        }
    }
    MOTCUA_TRY(ValidateAttachmentRefs(s.attachments, s.components));
    Submitted sub;
    sub.verification_key = verification_key;
    sub.agency_code = s.agency_code;
    sub.procedure_code = v.code;
    sub.procedure_version = v.id;
    sub.rule_set = std::string(c.rules->name);
    sub.channel = s.channel;
    sub.assisted = s.channel == Channel::kOnline && officer;
    sub.applicant = s.applicant;
    if (c.actor.role == Role::kCitizen) {
        sub.applicant.account = c.actor.user;
    }
    sub.components = s.components;
    sub.attachments = s.attachments;
    sub.idempotency_key = s.idempotency_key;
    Events events{sub};
    if (s.channel != Channel::kOnline) {
        // Checked on the spot at the counter (or on opening the parcel): received at once.
        Dossier d;
        d.channel = s.channel;
        MOTCUA_ASSIGN_OR_RETURN(const LocalDateTime due, LegalDue(c, d, c.now));
        events.emplace_back(Received{s.agency_code, due});
    }
    return events;
}

Result<std::vector<EventData>> Decide(const Dossier& d,
                                      const Command& command,
                                      const DecisionContext& c) {
    if (!CanSee(d, c.actor, c.actor_scope)) {
        return Fail(ErrorCode::kNotFound, "dossier not found", "không tìm thấy hồ sơ");
    }
    if (c.actor.role == Role::kAuditor) {
        return WrongRole(c.actor, "change dossiers");
    }
    // Staff who see the dossier only because their agency holds one of its steps (a consulted
    // agency, or a step of the process done elsewhere) act on that step only; everything else
    // belongs to the receiving and the handling agency.
    const bool step_scoped = std::holds_alternative<Assign>(command) ||
                             std::holds_alternative<CompleteStep>(command) ||
                             std::holds_alternative<Consult>(command) ||
                             std::holds_alternative<AnswerConsultation>(command) ||
                             std::holds_alternative<RequestSupplement>(command);
    if (IsOfficer(c.actor.role) && !step_scoped && !InScope(c.actor_scope, d.agency_code) &&
        !InScope(c.actor_scope, d.handling_agency_code)) {
        return WrongRole(c.actor, "act on another agency's dossier beyond its own step");
    }
    return std::visit(
        Overloaded{
            [&](const Receive&) { return DecideReceive(d, c); },
            [&](const RequestSupplement& x) { return DecideRequestSupplement(d, x, c); },
            [&](const ProvideSupplement& x) { return DecideProvideSupplement(d, x, c); },
            [&](const Refuse& x) { return DecideRefuse(d, x, c); },
            [&](const Forward& x) { return DecideForward(d, x, c); },
            [&](const Assign& x) { return DecideAssign(d, x, c); },
            [&](const CompleteStep& x) { return DecideCompleteStep(d, x, c); },
            [&](const Consult& x) { return DecideConsult(d, x, c); },
            [&](const AnswerConsultation& x) { return DecideAnswer(d, x, c); },
            [&](const RequestPayment& x) { return DecideRequestPayment(d, x, c); },
            [&](const ConfirmPayment& x) { return DecideConfirmPayment(d, x, c); },
            [&](const IssueResult& x) { return DecideIssueResult(d, x, c); },
            [&](const ReturnResult& x) { return DecideReturn(d, x, c); },
            [&](const Apologize& x) { return DecideApologize(d, x, c); },
            [&](const Stop& x) { return DecideStop(d, x, c); },
            [&](const Withdraw& x) { return DecideWithdraw(d, x, c); },
            [&](const Rate& x) { return DecideRate(d, x, c); },
        },
        command);
}

}  // namespace motcua::core::workflow
