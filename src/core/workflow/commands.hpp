// What users ask the workflow to do, and the pure decision function that turns a request into
// events or a precise refusal. Decide never reads a clock, a database or a calendar file: all it
// needs comes in a DecisionContext gathered by DossierService.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/working_calendar.hpp"
#include "core/catalog/procedure.hpp"
#include "core/workflow/dossier.hpp"
#include "core/workflow/process.hpp"
#include "core/workflow/rule_set.hpp"

namespace motcua::core::workflow {

// A new dossier: online by the citizen, online on the citizen's behalf (assisted), at the
// counter or by post. Counter and postal dossiers are received at once (checked on the spot);
// online ones wait for an officer's Receive.
struct Submission {
    std::string procedure_code;
    std::string agency_code;  // receiving agency
    Channel channel = Channel::kOnline;
    Applicant applicant;
    std::vector<std::string> components;  // codes handed in
    std::string idempotency_key;          // same key, same dossier
    // Uploaded files for the components (each component must be listed in `components`).
    // DossierService checks that each exists in the attachment store and that the actor may use
    // it, and fills size, type and (when empty) name from the store.
    std::vector<AttachmentRef> attachments = {};
};

struct Receive {};  // accept an online submission (1 → 2)

struct RequestSupplement {
    std::vector<Reason> reasons;
};

struct ProvideSupplement {
    std::vector<std::string> components;
    std::vector<AttachmentRef> attachments = {};  // as in Submission
};

struct Refuse {
    std::vector<Reason> reasons;
};

struct Forward {  // start the first (or next) step of the internal process
    std::optional<UserId> assignee;
    std::string note;
};

struct Assign {
    UserId assignee;
};

struct CompleteStep {  // finish the current step and start the next one
    std::string note;
    std::optional<UserId> next_assignee;
};

struct Consult {  // ask another agency, with its own step deadline
    std::string agency_code;
    std::string question;
    int budget = 0;
    calendar::DurationUnit unit = calendar::DurationUnit::kWorkingDays;
};

struct AnswerConsultation {
    int step_index = 0;
    std::string answer;
};

struct RequestPayment {
    std::int64_t amount_vnd = 0;
    std::string description;
};

struct ConfirmPayment {
    std::int64_t amount_vnd = 0;
    std::string method;
};

struct IssueResult {  // approve and issue: completes the last step, status 9
    std::string result;
};

struct ReturnResult {
    ReturnMethod method = ReturnMethod::kCounter;
};

struct Apologize {
    std::string reason;
    calendar::LocalDateTime new_due_at;
};

struct Stop {
    std::vector<Reason> reasons;
};

struct Withdraw {
    std::string reason;
};

struct Rate {
    int score = 0;
    std::string comment;
};

using Command = std::variant<Receive,
                             RequestSupplement,
                             ProvideSupplement,
                             Refuse,
                             Forward,
                             Assign,
                             CompleteStep,
                             Consult,
                             AnswerConsultation,
                             RequestPayment,
                             ConfirmPayment,
                             IssueResult,
                             ReturnResult,
                             Apologize,
                             Stop,
                             Withdraw,
                             Rate>;

// Stable name of a command ("receive", "request_supplement", …) for APIs and logs.
std::string_view CommandName(const Command& command);

struct DecisionContext {
    calendar::LocalDateTime now;
    Actor actor;
    // Agency codes the actor may act for: their agency and its whole subtree.
    std::span<const std::string> actor_scope;
    // Calendar of the handling (or receiving) agency.
    const calendar::WorkingCalendar* calendar = nullptr;
    // The procedure version the dossier pinned (or the one in force, for a submission).
    const catalog::ProcedureVersion* version = nullptr;
    // The handling agency's internal process for the procedure; may be null for actions that do
    // not need it.
    const InternalProcess* process = nullptr;
    const RuleSet* rules = nullptr;
};

// Decides a new submission. kInvalidArgument for a missing required component or applicant
// name; kPermissionDenied when the actor may not submit there; kFailedPrecondition when the
// channel is not offered (online level none, postal not eligible).
[[nodiscard]] Result<std::vector<EventData>> DecideSubmission(const Submission& submission,
                                                              const std::string& verification_key,
                                                              const DecisionContext& context);

// Decides a command on an existing dossier. kFailedPrecondition (message naming the current
// status) when not allowed from the current state; kPermissionDenied for the wrong role;
// kNotFound when the dossier is outside the actor's scope (callers answer as if it did not
// exist); kInvalidArgument for bad content (free-text-only reasons, bad score, …).
[[nodiscard]] Result<std::vector<EventData>> Decide(const Dossier& dossier,
                                                    const Command& command,
                                                    const DecisionContext& context);

// Whether `actor` may see `dossier` at all (own dossier for citizens; scope for officers;
// everything for controllers, administrators and auditors).
bool CanSee(const Dossier& dossier, const Actor& actor, std::span<const std::string> scope);

}  // namespace motcua::core::workflow
